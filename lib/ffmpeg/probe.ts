import { promises as fs } from 'node:fs';
import path from 'node:path';

import { MediaError, tail } from '../errors';
import { lastLine, runFfprobe, type FfmpegOptions } from './run';

export type StreamType = 'video' | 'audio' | 'subtitle' | 'attachment' | 'data';

export interface ProbeStream {
	/** ffprobe's index: `-map 0:<index>` selects this stream. */
	index: number;
	type: StreamType;
	/** ffprobe's codec name: h264, vp9, aac, opus, mp3, mov_text, png… */
	codec: string;
	width?: number;
	height?: number;
	fps?: number;
	bitRate?: number;
	sampleRate?: number;
	channels?: number;
	/** ISO 639 code as stored; "und" is left out. */
	language?: string;
	/** Cover artwork (mp3/m4a/flac pictures show as a one-frame video stream): not video to play. */
	isAttachedPic: boolean;
}

export interface ProbeChapter {
	title: string;
	/** seconds */
	start: number;
	end: number;
}

export interface ProbeResult {
	durationSec: number | null;
	sizeBytes: number;
	/** ffprobe's demuxer names, e.g. "mov,mp4,m4a,3gp,3g2,mj2" or "matroska,webm". */
	formatName: string;
	bitRate: number | null;
	streams: ProbeStream[];
	/** Container tags with lower-cased keys (Matroska writes TITLE, MP4 title). */
	tags: Record<string, string>;
	chapters: ProbeChapter[];
}

interface RawStream {
	index?: number;
	codec_type?: string;
	codec_name?: string;
	width?: number;
	height?: number;
	avg_frame_rate?: string;
	r_frame_rate?: string;
	bit_rate?: string;
	sample_rate?: string;
	channels?: number;
	duration?: string;
	disposition?: { attached_pic?: number };
	tags?: Record<string, string>;
}

interface RawProbe {
	format?: { format_name?: string; duration?: string; size?: string; bit_rate?: string; tags?: Record<string, string> };
	streams?: RawStream[];
	chapters?: Array<{ start_time?: string; end_time?: string; tags?: Record<string, string> }>;
}

const STREAM_TYPES: ReadonlySet<string> = new Set(['video', 'audio', 'subtitle', 'attachment', 'data']);

/*
 * ffprobe "reads" a text file named .txt as ANSI art (tty) and random bytes named .bin as binary text:
 * those demuxers accept nearly anything, so a success from them says nothing about media.
 */
const TEXT_ART_FORMATS: ReadonlySet<string> = new Set(['tty', 'bin', 'xbin', 'adf', 'idf']);

function num(value: string | number | undefined): number | undefined {
	if (value === undefined || value === '' || value === 'N/A') return undefined;
	const n = Number(value);
	return Number.isFinite(n) ? n : undefined;
}

function frameRate(text: string | undefined): number | undefined {
	const [a, b] = (text ?? '').split('/').map(Number);
	if (!(a > 0) || !(b > 0)) return undefined;
	return Math.round((a / b) * 1000) / 1000;
}

function lowerKeys(tags: Record<string, string> | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(tags ?? {})) out[key.toLowerCase()] ??= String(value);
	return out;
}

function parseStream(raw: RawStream): ProbeStream | undefined {
	const type = raw.codec_type ?? '';
	if (!STREAM_TYPES.has(type)) return undefined;
	const tags = lowerKeys(raw.tags);
	const stream: ProbeStream = {
		index: raw.index ?? 0,
		type: type as StreamType,
		codec: raw.codec_name ?? 'unknown',
		isAttachedPic: raw.disposition?.attached_pic === 1,
	};
	if (raw.width) stream.width = raw.width;
	if (raw.height) stream.height = raw.height;
	const fps = stream.isAttachedPic ? undefined : (frameRate(raw.avg_frame_rate) ?? frameRate(raw.r_frame_rate));
	if (type === 'video' && fps) stream.fps = fps;
	// Matroska keeps stream bitrates only in mkvmerge's BPS tag.
	const bitRate = num(raw.bit_rate) ?? num(tags.bps);
	if (bitRate) stream.bitRate = bitRate;
	const sampleRate = num(raw.sample_rate);
	if (sampleRate) stream.sampleRate = sampleRate;
	if (raw.channels) stream.channels = raw.channels;
	if (tags.language && tags.language !== 'und') stream.language = tags.language;
	return stream;
}

/** A stream ffprobe listed but could not read the parameters of (random bytes named .mp3 give such a stream). */
function isUsable(stream: ProbeStream): boolean {
	if (stream.type === 'audio') return !!stream.sampleRate && !!stream.channels;
	if (stream.type === 'video') return !!stream.width && !!stream.height;
	return true;
}

/**
 * Turns ffprobe's JSON into a ProbeResult. `name` (the file's base name) goes into errors.
 * Throws MediaError('Verification') when the output describes no readable media.
 */
export function parseProbeOutput(json: string, name: string): ProbeResult {
	let raw: RawProbe;
	try {
		raw = JSON.parse(json) as RawProbe;
	} catch {
		throw new MediaError('Verification', `${name}: ffprobe's output could not be read`);
	}
	const formatName = raw.format?.format_name ?? '';
	const streams = (raw.streams ?? []).map(parseStream).filter((s): s is ProbeStream => !!s && isUsable(s));
	if (TEXT_ART_FORMATS.has(formatName) || !streams.some((s) => s.type === 'audio' || s.type === 'video' || s.type === 'subtitle'))
		throw new MediaError('Verification', `${name} is not a media file: ffprobe found no audio, video or subtitle stream in it`);

	const streamDurations = (raw.streams ?? []).map((s) => num(s.duration)).filter((d): d is number => d !== undefined);
	const durationSec = num(raw.format?.duration) ?? (streamDurations.length ? Math.max(...streamDurations) : null);
	// Ogg keeps its tags in each stream's comment header, not in the container.
	const tagSource = formatName === 'ogg' ? { ...raw.streams?.find((s) => s.codec_type === 'audio')?.tags, ...raw.format?.tags } : raw.format?.tags;
	return {
		durationSec,
		sizeBytes: num(raw.format?.size) ?? 0,
		formatName,
		bitRate: num(raw.format?.bit_rate) ?? null,
		streams,
		tags: lowerKeys(tagSource),
		chapters: (raw.chapters ?? []).map((c) => ({ title: c.tags?.title ?? '', start: num(c.start_time) ?? 0, end: num(c.end_time) ?? 0 })),
	};
}

/** Probes `file`, naming it `name` in errors (callers probing a temp file pass the final name). */
export async function probeNamed(file: string, name: string, opts: FfmpegOptions = {}): Promise<ProbeResult> {
	const stat = await fs.stat(file).catch(() => undefined);
	if (!stat?.isFile()) throw new MediaError('Verification', `${name} does not exist`);
	if (stat.size === 0) throw new MediaError('Verification', `${name} is empty (0 bytes)`);
	// An absolute path: a relative name such as "concat:a|b" or "-x.mp4" would read as a protocol or an option.
	const absolute = path.resolve(file);
	const run = await runFfprobe(['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-show_chapters', absolute], opts);
	if (run.exitCode !== 0)
		throw new MediaError('Verification', `${name} is not a media file ffprobe can read (${lastLine(run.stderr).replace(`${absolute}: `, '') || `exit code ${run.exitCode}`})`, {
			stderr: tail(run.stderr),
		});
	const result = parseProbeOutput(run.stdout, name);
	return { ...result, sizeBytes: result.sizeBytes || stat.size };
}

/** Streams, duration, tags and chapters of a media file, from ffprobe. Unreadable files throw MediaError('Verification'). */
export function probeMedia(file: string, opts: FfmpegOptions = {}): Promise<ProbeResult> {
	return probeNamed(file, path.basename(file), opts);
}

/** Video to play: video streams that are not cover artwork. */
export function videoStreams(probe: ProbeResult): ProbeStream[] {
	return probe.streams.filter((s) => s.type === 'video' && !s.isAttachedPic);
}

export function audioStreams(probe: ProbeResult): ProbeStream[] {
	return probe.streams.filter((s) => s.type === 'audio');
}
