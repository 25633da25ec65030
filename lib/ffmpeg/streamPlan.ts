import { MediaError } from '../errors';
import type { ContainerSupport } from './containers';
import { audioBitrateFor, encoderForCodec, sampleRateFor, videoEncoderArgs } from './encoders';
import { audioStreams, videoStreams, type ProbeResult, type ProbeStream } from './probe';

export type StreamRole = 'video' | 'audio' | 'subtitle' | 'artwork' | 'attachment';

export interface PlannedStream {
	/** ffprobe index in the input */
	input: number;
	/** index in the output, which per-stream options (`-c:1`) address */
	output: number;
	role: StreamRole;
	codec: string;
	action: 'copy' | 'encode';
	encoder?: string;
}

export interface StreamPlan {
	streams: PlannedStream[];
	/** Everything between the input and the output file name: maps, codecs, metadata, chapters, muxer. */
	args: string[];
	/** Streams the container cannot hold, said in words. */
	warnings: string[];
	/** True when every stream is copied: a remux, no quality lost. */
	remux: boolean;
	hasVideo: boolean;
	hasAudio: boolean;
}

/** Re-encodes the first audio stream through an audio filter (loudness normalisation). */
export interface AudioFilterPlan {
	filter: string;
	/** ffmpeg encoder; default: the source codec's encoder when the container accepts it, else the container's. */
	encoder?: string;
}

export interface PlanOptions {
	/** For audio that is re-encoded, e.g. "192k"; default: the source's bitrate. */
	audioBitrate?: string;
	audioFilter?: AudioFilterPlan;
}

const TEXT_SUBTITLES: ReadonlySet<string> = new Set(['subrip', 'srt', 'ass', 'ssa', 'webvtt', 'mov_text', 'text']);
/** Covers mp3/m4a/mp4/flac take as they are; others (webp, bmp) are turned into PNG. */
const COVER_CODECS: ReadonlySet<string> = new Set(['mjpeg', 'png']);
const MOV_FAMILY: ReadonlySet<string> = new Set(['mp4', 'mov', 'ipod']);

/** "1 subtitle stream was" / "2 subtitle streams were" */
function notKept(n: number, noun: string): string {
	return n === 1 ? `1 ${noun} was not kept` : `${n} ${noun}s were not kept`;
}

/** Audio files keep their first audio stream only: mp3, flac and wav hold one, and audio players play one. */
function audioToKeep(probe: ProbeResult, target: ContainerSupport, warnings: string[]): ProbeStream[] {
	const all = audioStreams(probe);
	if (!target.audioOnly || all.length <= 1) return all;
	warnings.push(`${target.container} holds one audio stream; ${notKept(all.length - 1, 'other audio stream')}`);
	return all.slice(0, 1);
}

/** How one stream is written: its -c value's source and its per-stream options at output index `out`. */
interface Choice {
	action: PlannedStream['action'];
	encoder?: string;
	args?: (out: number) => string[];
}

const COPY: Choice = { action: 'copy' };

function videoChoice(stream: ProbeStream, target: ContainerSupport): Choice {
	if (target.videoCodecs.includes(stream.codec)) return COPY;
	const encoder = target.videoEncoder ?? 'libx264';
	return { action: 'encode', encoder, args: (out) => videoEncoderArgs(encoder, out, stream) };
}

function audioChoice(stream: ProbeStream, target: ContainerSupport, options: PlanOptions, filtered: boolean): Choice {
	const fits = target.audioCodecs.includes(stream.codec);
	if (!filtered && fits) return COPY;
	const filter = filtered ? options.audioFilter?.filter : undefined;
	// A filtered stream is re-encoded in its own codec when the container takes it (mp3 stays mp3).
	const own = fits ? encoderForCodec(stream.codec) : undefined;
	const encoder = filter ? (options.audioFilter?.encoder ?? own ?? target.audioEncoder) : target.audioEncoder;
	const bitrate = audioBitrateFor(encoder, stream.bitRate, options.audioBitrate);
	return {
		action: 'encode',
		encoder,
		args: (out) => [
			...(filter ? [`-filter:${out}`, filter, `-ar:${out}`, String(sampleRateFor(encoder, stream.sampleRate))] : []),
			...(bitrate ? [`-b:${out}`, bitrate] : []),
		],
	};
}

/**
 * Decides, stream by stream, what goes into `target` and how: copied when the container takes the codec,
 * re-encoded otherwise (only that stream). Audio-only containers drop video but keep cover artwork where
 * ffmpeg can write it; data streams (MP4's chapter text track, timecodes) are dropped because chapters are
 * written again from -map_chapters. `name` is the input's base name, for errors.
 */
export function planStreams(probe: ProbeResult, target: ContainerSupport, name: string, options: PlanOptions = {}): StreamPlan {
	const warnings: string[] = [];
	const streams: PlannedStream[] = [];
	const args: string[] = [];
	const add = (stream: ProbeStream, role: StreamRole, choice: Choice) => {
		const out = streams.length;
		streams.push({ input: stream.index, output: out, role, codec: stream.codec, action: choice.action, ...(choice.encoder && { encoder: choice.encoder }) });
		args.push('-map', `0:${stream.index}`, `-c:${out}`, choice.encoder ?? 'copy', ...(choice.args?.(out) ?? []));
	};

	if (!target.audioOnly) for (const video of videoStreams(probe)) add(video, 'video', videoChoice(video, target));
	audioToKeep(probe, target, warnings).forEach((audio, i) => add(audio, 'audio', audioChoice(audio, target, options, i === 0 && !!options.audioFilter)));

	const pictures = probe.streams.filter((s) => s.isAttachedPic);
	if (pictures.length > 0) {
		if (target.artworkByFfmpeg) {
			const cover = pictures[0];
			const copy = COVER_CODECS.has(cover.codec);
			add(cover, 'artwork', { action: copy ? 'copy' : 'encode', ...(!copy && { encoder: 'png' }), args: (out) => [`-disposition:${out}`, 'attached_pic'] });
		} else if (!target.artwork) warnings.push(`${target.container} cannot hold artwork; the cover was not kept`);
		else warnings.push(`ffmpeg cannot copy a cover into ${target.container}; the cover was not kept`);
	}

	const subtitles = probe.streams.filter((s) => s.type === 'subtitle');
	let droppedSubtitles = 0;
	for (const sub of subtitles) {
		if (target.subtitleCodecs.includes(sub.codec)) add(sub, 'subtitle', COPY);
		else if (target.subtitleEncoder && TEXT_SUBTITLES.has(sub.codec)) add(sub, 'subtitle', { action: 'encode', encoder: target.subtitleEncoder });
		else droppedSubtitles++;
	}
	if (droppedSubtitles > 0)
		warnings.push(
			target.subtitleCodecs.length === 0
				? `${target.container} cannot hold subtitles; ${notKept(droppedSubtitles, 'subtitle stream')}`
				: `${target.container} cannot hold image-based subtitles; ${notKept(droppedSubtitles, 'subtitle stream')}`,
		);

	const attachments = probe.streams.filter((s) => s.type === 'attachment');
	if (target.container === 'mkv') for (const file of attachments) add(file, 'attachment', COPY);
	else if (attachments.length > 0) warnings.push(`${target.container} cannot hold attached files (fonts); ${notKept(attachments.length, 'attachment')}`);

	const hasVideo = streams.some((s) => s.role === 'video');
	const hasAudio = streams.some((s) => s.role === 'audio');
	if (!hasAudio && target.audioOnly) throw new MediaError('InvalidInput', `${name} has no audio stream to put into ${target.container}`);
	if (!hasVideo && !hasAudio) throw new MediaError('InvalidInput', `${name} has no audio or video stream to put into ${target.container}`);

	args.push('-map_metadata', '0', '-map_chapters', target.chapters ? '0' : '-1');
	// The index at the front lets players start before the whole file has arrived.
	if (MOV_FAMILY.has(target.muxer)) args.push('-movflags', '+faststart');
	args.push('-f', target.muxer);
	return { streams, args, warnings, remux: streams.every((s) => s.action === 'copy'), hasVideo, hasAudio };
}
