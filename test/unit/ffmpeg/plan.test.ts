import { MediaError } from '../../../lib/errors';
import { containerSupport, type Container } from '../../../lib/ffmpeg/containers';
import type { ProbeResult, ProbeStream } from '../../../lib/ffmpeg/probe';
import { planStreams } from '../../../lib/ffmpeg/streamPlan';

const stream = (index: number, type: ProbeStream['type'], codec: string, extra: Partial<ProbeStream> = {}): ProbeStream => ({ index, type, codec, isAttachedPic: false, ...extra });
const probeOf = (...streams: ProbeStream[]): ProbeResult => ({ durationSec: 5, sizeBytes: 1000, formatName: 'x', bitRate: null, streams, tags: {}, chapters: [] });
const target = (c: Container) => containerSupport(c)!;

const H264 = stream(0, 'video', 'h264', { width: 640, height: 360 });
const AAC = stream(1, 'audio', 'aac', { sampleRate: 44100, channels: 2, bitRate: 126_800 });
const VP9 = stream(0, 'video', 'vp9', { width: 640, height: 360 });
const OPUS = stream(1, 'audio', 'opus', { sampleRate: 48000, channels: 2, bitRate: 96_000 });
const CHAPTER_TRACK = stream(2, 'data', 'bin_data');

describe('planStreams', () => {
	it('remuxes H.264/AAC into mkv, dropping MP4 chapter text tracks but keeping tags and chapters', () => {
		const plan = planStreams(probeOf(H264, AAC, CHAPTER_TRACK), target('mkv'), 'in.mp4');
		expect(plan.remux).toBe(true);
		expect(plan.args).toEqual(['-map', '0:0', '-c:0', 'copy', '-map', '0:1', '-c:1', 'copy', '-map_metadata', '0', '-map_chapters', '0', '-f', 'matroska']);
		expect(plan.warnings).toEqual([]);
	});

	it('re-encodes VP9/Opus for mp4 (H.264 + AAC at the source bitrate) and moves the index to the front', () => {
		const plan = planStreams(probeOf(VP9, OPUS), target('mp4'), 'in.webm');
		expect(plan.remux).toBe(false);
		expect(plan.streams.map((s) => [s.role, s.action, s.encoder])).toEqual([
			['video', 'encode', 'libx264'],
			['audio', 'encode', 'aac'],
		]);
		expect(plan.args).toEqual(expect.arrayContaining(['-c:0', 'libx264', '-crf:0', '20', '-pix_fmt:0', 'yuv420p', '-c:1', 'aac', '-b:1', '96k']));
		expect(plan.args.join(' ')).toContain('-movflags +faststart -f mp4');
	});

	it('crops an odd-sized video by one pixel for x264, which refuses odd sizes in 4:2:0', () => {
		const odd = stream(0, 'video', 'vp9', { width: 641, height: 360 });
		expect(planStreams(probeOf(odd, OPUS), target('mp4'), 'in.webm').args.join(' ')).toContain('-c:0 libx264 -filter:0 crop=trunc(iw/2)*2:trunc(ih/2)*2');
		expect(planStreams(probeOf(VP9, OPUS), target('mp4'), 'in.webm').args).not.toContain('-filter:0');
	});

	it('re-encodes only the stream that does not fit: H.264 + Opus into mp4 copies the video', () => {
		const plan = planStreams(probeOf(H264, OPUS), target('mp4'), 'in.mkv');
		expect(plan.streams.map((s) => s.action)).toEqual(['copy', 'encode']);
	});

	it('drops video for an audio container but keeps the cover where ffmpeg can write it', () => {
		const cover = stream(2, 'video', 'mjpeg', { width: 300, height: 300, isAttachedPic: true });
		const toMp3 = planStreams(probeOf(H264, AAC, cover), target('mp3'), 'in.mp4', { audioBitrate: '320k' });
		expect(toMp3.streams.map((s) => [s.role, s.input, s.action, s.encoder])).toEqual([
			['audio', 1, 'encode', 'libmp3lame'],
			['artwork', 2, 'copy', undefined],
		]);
		expect(toMp3.args).toEqual(expect.arrayContaining(['-b:0', '320k', '-disposition:1', 'attached_pic']));
		expect(toMp3.hasVideo).toBe(false);

		const toOpus = planStreams(probeOf(H264, AAC, cover), target('opus'), 'in.mp4');
		expect(toOpus.streams.map((s) => s.role)).toEqual(['audio']);
		expect(toOpus.warnings).toEqual(['ffmpeg cannot copy a cover into opus; the cover was not kept']);
	});

	it('turns a webp cover into PNG for m4a', () => {
		const plan = planStreams(probeOf(AAC, stream(2, 'video', 'webp', { width: 300, height: 300, isAttachedPic: true })), target('m4a'), 'in.m4a');
		expect(plan.streams[1]).toMatchObject({ role: 'artwork', action: 'encode', encoder: 'png' });
	});

	it('converts text subtitles to the container’s subtitle codec and drops image subtitles it cannot hold', () => {
		const movText = stream(2, 'subtitle', 'mov_text', { language: 'eng' });
		const pgs = stream(3, 'subtitle', 'hdmv_pgs_subtitle');
		const webm = planStreams(probeOf(VP9, OPUS, movText, pgs), target('webm'), 'in.mkv');
		expect(webm.streams.map((s) => [s.role, s.action, s.encoder])).toEqual([
			['video', 'copy', undefined],
			['audio', 'copy', undefined],
			['subtitle', 'encode', 'webvtt'],
		]);
		expect(webm.warnings).toEqual(['webm cannot hold image-based subtitles; 1 subtitle stream was not kept']);
		const mkv = planStreams(probeOf(VP9, OPUS, movText, pgs), target('mkv'), 'in.mp4');
		expect(mkv.streams.slice(2).map((s) => [s.codec, s.action, s.encoder])).toEqual([
			['mov_text', 'encode', 'srt'],
			['hdmv_pgs_subtitle', 'copy', undefined],
		]);
	});

	it('keeps one audio stream for single-stream containers and says what was left out', () => {
		const second = stream(2, 'audio', 'aac', { sampleRate: 44100, channels: 2, language: 'deu' });
		const plan = planStreams(probeOf(H264, AAC, second), target('m4a'), 'in.mp4');
		expect(plan.streams.map((s) => s.input)).toEqual([1]);
		expect(plan.warnings).toEqual(['m4a holds one audio stream; 1 other audio stream was not kept']);
	});

	it('asks for no chapters where ffmpeg writes none', () => {
		expect(planStreams(probeOf(AAC), target('flac'), 'in.m4a').args.join(' ')).toContain('-map_chapters -1');
	});

	it('puts the loudness filter, the source sample rate and bitrate on the first audio stream only', () => {
		const plan = planStreams(probeOf(H264, AAC, stream(2, 'audio', 'aac', { sampleRate: 44100, channels: 2 })), target('mp4'), 'in.mp4', {
			audioFilter: { filter: 'loudnorm=I=-16' },
		});
		expect(plan.streams.map((s) => [s.role, s.action, s.encoder])).toEqual([
			['video', 'copy', undefined],
			['audio', 'encode', 'aac'],
			['audio', 'copy', undefined],
		]);
		expect(plan.args.join(' ')).toContain('-c:1 aac -filter:1 loudnorm=I=-16 -ar:1 44100 -b:1 128k');
	});

	it('resamples normalised Opus to 48 kHz: libopus takes no 44.1 kHz', () => {
		const plan = planStreams(probeOf(AAC), target('opus'), 'in.m4a', { audioFilter: { filter: 'loudnorm' } });
		expect(plan.args.join(' ')).toContain('-c:0 libopus -filter:0 loudnorm -ar:0 48000');
	});

	it('refuses to make an audio file from a file without audio', () => {
		expect(() => planStreams(probeOf(H264), target('mp3'), 'silent-film.mp4')).toThrow(MediaError);
		expect(() => planStreams(probeOf(H264), target('mp3'), 'silent-film.mp4')).toThrow('silent-film.mp4 has no audio stream to put into mp3');
	});
});
