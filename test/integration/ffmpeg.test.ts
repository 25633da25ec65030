import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

import { MediaError } from '../../lib/errors';
import {
	containerSupport,
	CONTAINERS,
	convertMedia,
	measureLoudness,
	normalizeLoudness,
	probeMedia,
	sha256File,
	verifyAndHash,
	videoStreams,
	type ProbeResult,
} from '../../lib/ffmpeg';
import { CHAPTERS, ensureMedia, FFMPEG, runOk, type MediaFile } from '../fixtures';
import { processesMatching } from '../helpers/ytdlpSpy';

let media: Record<string, MediaFile>;
let dir: string;

beforeAll(async () => {
	media = await ensureMedia();
}, 600_000);
beforeEach(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'mdl-ffmpeg-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ffmpeg = (...args: string[]) => runOk(FFMPEG, ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args]);
const inDir = (name: string) => path.join(dir, name);
const codecs = (probe: ProbeResult) => probe.streams.map((s) => `${s.type}:${s.codec}${s.isAttachedPic ? ':cover' : ''}`);

async function failure(promise: Promise<unknown>): Promise<MediaError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(MediaError);
	return error as MediaError;
}

/** A copy of `source` with a PNG cover attached (mp3/m4a/flac keep it as a picture stream). */
async function withCover(source: string, name: string): Promise<string> {
	const cover = inDir('cover.png');
	await ffmpeg('-f', 'lavfi', '-i', 'color=c=red:size=64x64', '-frames:v', '1', cover);
	const out = inDir(name);
	await ffmpeg('-i', source, '-i', cover, '-map', '0', '-map', '1', '-c', 'copy', '-disposition:v:0', 'attached_pic', out);
	return out;
}

/** MD5 of the video packets as stored: equal only when the video was copied, not re-encoded. */
async function videoPacketsMd5(file: string): Promise<string> {
	return (await runOk(FFMPEG, ['-v', 'error', '-i', file, '-map', '0:v:0', '-c', 'copy', '-f', 'md5', '-'])).stdout.trim();
}

/** `seconds` of a 440 Hz tone at `lufs` (a sine at amplitude 1/8 measures -22.25 LUFS mono). */
async function tone(name: string, seconds: number, lufs: number): Promise<string> {
	const out = inDir(name);
	await ffmpeg('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${seconds}`, '-af', `volume=${(lufs + 22.25).toFixed(2)}dB`, out);
	return out;
}

describe('probeMedia', () => {
	it('reads codecs, sizes and duration of an H.264/AAC mp4', async () => {
		const fixture = media['video-360.mp4'];
		const probe = await probeMedia(fixture.path);
		expect(codecs(probe)).toEqual(['video:h264', 'audio:aac']);
		expect(probe.streams[0]).toMatchObject({ width: 640, height: 360, fps: 25 });
		expect(probe.streams[1]).toMatchObject({ sampleRate: 48000, channels: 1 });
		expect(probe.durationSec).toBeCloseTo(fixture.duration, 1);
		expect(Math.abs(probe.durationSec! - 5)).toBeLessThan(0.1);
		expect(probe.sizeBytes).toBe(fixture.size);
		expect(probe.formatName).toContain('mp4');
	});

	it('reads a VP9/Opus webm', async () => {
		const fixture = media['video-720.webm'];
		const probe = await probeMedia(fixture.path);
		expect(codecs(probe)).toEqual(['video:vp9', 'audio:opus']);
		expect(probe.streams[0]).toMatchObject({ width: 1280, height: 720 });
		expect(Math.abs(probe.durationSec! - fixture.duration)).toBeLessThan(0.1);
		expect(probe.formatName).toBe('matroska,webm');
	});

	it('reads an mp3 with its title tag, and its cover as artwork rather than video', async () => {
		const fixture = media['audio.mp3'];
		const plain = await probeMedia(fixture.path);
		expect(codecs(plain)).toEqual(['audio:mp3']);
		expect(plain.tags.title).toBe('Fixture Audio');
		expect(Math.abs(plain.durationSec! - fixture.duration)).toBeLessThan(0.1);
		expect(plain.streams[0].bitRate).toBe(128000);

		const covered = await probeMedia(await withCover(fixture.path, 'covered.mp3'));
		expect(codecs(covered)).toEqual(['audio:mp3', 'video:png:cover']);
		expect(videoStreams(covered)).toEqual([]);
	});

	it('reads the chapters of video-chapters.mp4', async () => {
		const probe = await probeMedia(media['video-chapters.mp4'].path);
		expect(probe.chapters).toEqual(CHAPTERS.map((c) => ({ title: c.title, start: c.start, end: c.end })));
		expect(probe.tags.title).toBe('Fixture Chapters');
	});

	it.each([
		['random bytes named .mp4', 'garbage.mp4', /^garbage\.mp4 is not a media file ffprobe can read \(Invalid data found when processing input\)$/],
		['random bytes named .mp3', 'garbage.mp3', /^garbage\.mp3 is not a media file: ffprobe found no audio/],
		['a text file', 'notes.txt', /^notes\.txt is not a media file: ffprobe found no audio/],
	])('refuses %s with a Verification error naming the file', async (_label, name, message) => {
		const file = inDir(name);
		writeFileSync(file, name.endsWith('.txt') ? 'not a video\n'.repeat(100) : randomBytes(200_000));
		const error = await failure(probeMedia(file));
		expect(error.kind).toBe('Verification');
		expect(error.message).toMatch(message);
	});
});

describe('sha256File', () => {
	it('matches the fixture hash, for a small file and a 50 MB one', async () => {
		for (const name of ['video-720.mp4', 'big.mp4']) expect(await sha256File(media[name].path)).toBe(media[name].sha256);
	});
});

describe('verifyAndHash', () => {
	it('passes a good file and returns its probe and hash', async () => {
		const fixture = media['video-360.mp4'];
		const result = await verifyAndHash(fixture.path, { expectVideo: true, expectAudio: true, expectedDurationSec: 5, minBytes: 1000, maxBytes: fixture.size }, {}, 'sha256');
		expect(result.checksum).toEqual({ algorithm: 'sha256', digest: fixture.sha256 });
		expect(codecs(result.probe)).toEqual(['video:h264', 'audio:aac']);
	});

	it('refuses a video without audio, and an audio file where video was expected', async () => {
		const mute = inDir('clip.mp4');
		await ffmpeg('-i', media['video-360.mp4'].path, '-an', '-c', 'copy', mute);
		expect((await failure(verifyAndHash(mute, { expectVideo: true, expectAudio: true }))).message).toBe('clip.mp4 has no audio stream');
		expect((await failure(verifyAndHash(await withCover(media['audio.mp3'].path, 'song.mp3'), { expectVideo: true }))).message).toBe(
			'song.mp3 has no video stream, only cover artwork',
		);
	});

	it('refuses a file much shorter than the source, within the tolerance it passes', async () => {
		const file = media['video-360.mp4'].path;
		const error = await failure(verifyAndHash(file, { expectedDurationSec: 9 }));
		expect(error).toMatchObject({ kind: 'Verification', message: "video-360.mp4: duration 5.0 s differs from the source's 9.0 s by more than 2 s" });
		await expect(verifyAndHash(file, { expectedDurationSec: 9, durationToleranceSec: 4.5 })).resolves.toHaveProperty('checksum.algorithm', 'xxhash64');
	});

	it('refuses a file over the maximum size, in readable units', async () => {
		const fixture = media['video-720.mp4'];
		const error = await failure(verifyAndHash(fixture.path, { maxBytes: 10_000 }));
		expect(error.message).toMatch(/^video-720\.mp4: size \d+(\.\d+)? kB exceeds the maximum of 10 kB$/);
		const byOne = await failure(verifyAndHash(fixture.path, { maxBytes: fixture.size - 1 }));
		expect(byOne.message).toContain(`(${fixture.size} bytes) exceeds the maximum of`);
		expect((await failure(verifyAndHash(fixture.path, { minBytes: 1e9 }))).message).toMatch(/is below the minimum of 1 GB$/);
	});

	it('refuses an empty file, a garbage file and a missing one', async () => {
		writeFileSync(inDir('empty.mp4'), '');
		writeFileSync(inDir('garbage.mp4'), randomBytes(50_000));
		expect(await failure(verifyAndHash(inDir('empty.mp4')))).toMatchObject({ kind: 'Verification', message: 'empty.mp4 is empty (0 bytes)' });
		expect(await failure(verifyAndHash(inDir('garbage.mp4')))).toMatchObject({ kind: 'Verification', message: expect.stringMatching(/^garbage\.mp4 is not a media file/) });
		expect(await failure(verifyAndHash(inDir('gone.mp4')))).toMatchObject({ kind: 'Verification', message: 'gone.mp4 does not exist' });
	});
});

describe('loudness', () => {
	const within1LU = (lufs: number, target: number) => expect(Math.abs(lufs - target)).toBeLessThanOrEqual(1);

	it('measures the fixture tone where a sine at 1/8 amplitude sits (about -22 LUFS)', async () => {
		const m = await measureLoudness(media['audio.mp3'].path);
		expect(m.integratedLufs).toBeGreaterThan(-23);
		expect(m.integratedLufs).toBeLessThan(-21);
		expect(m.truePeakDb).toBeGreaterThan(m.integratedLufs);
		expect(m.thresholdLufs).toBeCloseTo(m.integratedLufs - 10, 0);
	});

	it('normalises an mp3 to -16 LUFS, keeping mp3 at its bitrate and sample rate, and its tags', async () => {
		const out = inDir('normalised.mp3');
		const result = await normalizeLoudness(media['audio.mp3'].path, out);
		within1LU(result.after.integratedLufs, -16);
		expect(result.before.integratedLufs).toBeLessThan(-21);
		expect(result.mode).toBe('linear');
		expect(result.after).toEqual(await measureLoudness(out));
		const probe = await probeMedia(out);
		expect(codecs(probe)).toEqual(['audio:mp3']);
		expect(probe.streams[0]).toMatchObject({ sampleRate: 48000, bitRate: 128000 });
		expect(probe.tags.title).toBe('Fixture Audio');
	});

	it('normalises an m4a to -16 LUFS as AAC', async () => {
		const out = inDir('normalised.m4a');
		const result = await normalizeLoudness(media['audio.m4a'].path, out);
		within1LU(result.after.integratedLufs, -16);
		within1LU((await measureLoudness(out)).integratedLufs, -16);
		expect(codecs(await probeMedia(out))).toEqual(['audio:aac']);
	});

	it('raises a quiet -35 LUFS recording to the target in place', async () => {
		const quiet = await tone('quiet.mp3', 8, -35);
		within1LU((await measureLoudness(quiet)).integratedLufs, -35);
		const result = await normalizeLoudness(quiet, quiet);
		within1LU(result.before.integratedLufs, -35);
		within1LU(result.after.integratedLufs, -16);
		within1LU((await measureLoudness(quiet)).integratedLufs, -16);
		expect(readdirSync(dir)).toEqual(['quiet.mp3']);
	});

	it('copies video, chapters and tags untouched while normalising the audio of a video to -23 LUFS', async () => {
		const source = media['video-chapters.mp4'].path;
		const out = inDir('normalised.mp4');
		const result = await normalizeLoudness(source, out, { targetLufs: -23 });
		within1LU(result.after.integratedLufs, -23);
		const after = await probeMedia(out);
		// The data stream is MP4's chapter text track, which the muxer writes again from the chapters.
		expect(codecs(after)).toEqual(['video:h264', 'audio:aac', 'data:bin_data']);
		expect(await videoPacketsMd5(out)).toBe(await videoPacketsMd5(source));
		expect(after.chapters.map((c) => c.title)).toEqual(CHAPTERS.map((c) => c.title));
		expect(after.tags.title).toBe('Fixture Chapters');
	});

	it('refuses to normalise silence', async () => {
		const silent = inDir('silent.mp3');
		await ffmpeg('-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=mono', '-t', '3', silent);
		expect(await failure(normalizeLoudness(silent, inDir('out.mp3')))).toMatchObject({ kind: 'Postprocess', message: expect.stringMatching(/silent\.mp3 is silent/) });
		expect(existsSync(inDir('out.mp3'))).toBe(false);
	});

	it('cancelling mid-write stops ffmpeg and leaves neither output nor temp file', async () => {
		const long = inDir('long.flac');
		await ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100:duration=180', long);
		const out = inDir('long-normalised.flac');
		writeFileSync(out, 'previous version');
		const controller = new AbortController();
		const run = normalizeLoudness(long, out, {}, { signal: controller.signal });
		// The second pass writes a hidden temp file beside the output: wait until it has data, then cancel.
		const writing = () => readdirSync(dir).some((f) => f.endsWith('.tmp') && statSync(inDir(f)).size > 0);
		for (const end = Date.now() + 40_000; !writing() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
		expect(writing()).toBe(true);
		controller.abort();
		expect(await failure(run)).toMatchObject({ kind: 'Cancelled' });
		expect(processesMatching(dir)).toEqual([]);
		expect(readdirSync(dir).sort()).toEqual(['long-normalised.flac', 'long.flac']);
		expect(readFileSync(out, 'utf8')).toBe('previous version');
	});
});

describe('convertMedia', () => {
	/** video-360.webm with a title tag, as a download with --embed-metadata would have. */
	async function taggedWebm(): Promise<string> {
		const file = inDir('clip.webm');
		await ffmpeg('-i', media['video-360.webm'].path, '-c', 'copy', '-metadata', 'title=Tagged Clip', file);
		return file;
	}

	it('remuxes VP9/Opus into mkv without re-encoding and keeps the source and the title', async () => {
		const source = await taggedWebm();
		const result = await convertMedia(source, inDir('clip.mkv'), { container: 'mkv' });
		expect(result.remuxed).toBe(true);
		const probe = await probeMedia(inDir('clip.mkv'));
		expect(codecs(probe)).toEqual(['video:vp9', 'audio:opus']);
		expect(probe.tags.title).toBe('Tagged Clip');
		expect(result.probe.streams).toEqual(probe.streams);
		expect(existsSync(source)).toBe(true);
	});

	it('re-encodes VP9/Opus to H.264/AAC for mp4, keeps the title and removes the source only afterwards', async () => {
		const source = await taggedWebm();
		const result = await convertMedia(source, inDir('clip.mp4'), { container: 'mp4', removeSource: true });
		expect(result.remuxed).toBe(false);
		const probe = await probeMedia(inDir('clip.mp4'));
		expect(codecs(probe)).toEqual(['video:h264', 'audio:aac']);
		expect(probe.streams[0]).toMatchObject({ width: 640, height: 360 });
		expect(probe.tags.title).toBe('Tagged Clip');
		expect(Math.abs(probe.durationSec! - media['video-360.webm'].duration)).toBeLessThan(0.5);
		expect(readdirSync(dir)).toEqual(['clip.mp4']);
	});

	it('extracts mp3 audio at the requested bitrate from a video, dropping the video', async () => {
		const result = await convertMedia(media['video-chapters.mp4'].path, inDir('talk.mp3'), { container: 'mp3', audioBitrate: '96k' });
		expect(result.remuxed).toBe(false);
		expect(codecs(result.probe)).toEqual(['audio:mp3']);
		expect(result.probe.streams[0].bitRate).toBe(96000);
		expect(result.probe.chapters).toHaveLength(3);
		expect(existsSync(media['video-chapters.mp4'].path)).toBe(true);
	});

	it('keeps the cover when turning an mp3 into m4a', async () => {
		const source = await withCover(media['audio.mp3'].path, 'song.mp3');
		const result = await convertMedia(source, inDir('song.m4a'), { container: 'm4a' });
		expect(codecs(await probeMedia(inDir('song.m4a')))).toEqual(['audio:aac', 'video:png:cover']);
		expect(result.warnings).toEqual([]);
	});

	it('a failed conversion leaves an existing output as it was and no temp file', async () => {
		const out = inDir('clip.webm');
		writeFileSync(out, 'previous version');
		// VP9 encoding of the 50 MB 720p file takes far longer than 1.5 s.
		const error = await failure(convertMedia(media['big.mp4'].path, out, { container: 'webm' }, { timeoutMs: 1500 }));
		expect(error.kind).toBe('Timeout');
		expect(readdirSync(dir)).toEqual(['clip.webm']);
		expect(readFileSync(out, 'utf8')).toBe('previous version');
		expect(processesMatching(dir)).toEqual([]);
	});

	it('converts an odd-sized 4:4:4 VP9 video to mp4 (x264 takes only even sizes in 4:2:0)', async () => {
		const odd = inDir('odd.webm');
		await ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=641x361:rate=25:duration=2', '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-pix_fmt', 'yuv444p', odd);
		const result = await convertMedia(odd, inDir('odd.mp4'), { container: 'mp4' });
		expect(codecs(result.probe)).toEqual(['video:h264']);
		expect(result.probe.streams[0]).toMatchObject({ width: 640, height: 360 });
	});

	it('catches a truncated source: ffmpeg exits 0, the check after conversion does not', async () => {
		const fixture = media['video-720.mp4'];
		const truncated = inDir('cut.mp4');
		// faststart puts the index first, so ffprobe still reports the full 5 s.
		writeFileSync(truncated, readFileSync(fixture.path).subarray(0, Math.floor(fixture.size * 0.4)));
		const error = await failure(convertMedia(truncated, inDir('cut.mkv'), { container: 'mkv' }));
		expect(error.kind).toBe('Postprocess');
		expect(error.message).toMatch(/^Converting cut\.mp4 to mkv produced a file that failed its check: cut\.mkv: duration \d\.\d s differs from the source's 5\.0 s by more than 2 s$/);
		expect(readdirSync(dir)).toEqual(['cut.mp4']);
	});

	it('says why ffmpeg failed, in its own words: an encoder this ffmpeg build lacks', async () => {
		const error = await failure(normalizeLoudness(media['audio.m4a'].path, inDir('loud.m4a'), { audioCodec: 'libfdk_aac' }));
		expect(error).toMatchObject({ kind: 'Postprocess', message: "Normalising the loudness of audio.m4a failed: Unknown encoder 'libfdk_aac'" });
		expect(readdirSync(dir)).toEqual([]);
	});

	it('refuses an audio container for a file without audio', async () => {
		const mute = inDir('mute.mp4');
		await ffmpeg('-i', media['video-360.mp4'].path, '-an', '-c', 'copy', mute);
		expect(await failure(convertMedia(mute, inDir('mute.mp3'), { container: 'mp3' }))).toMatchObject({
			kind: 'InvalidInput',
			message: 'mute.mp4 has no audio stream to put into mp3',
		});
	});

	it('the container table says what ffmpeg really keeps: tags, chapters, cover and subtitles, container by container', async () => {
		// One source with everything: title tag, 3 chapters, a cover picture and an English subtitle track.
		const srt = inDir('en.srt');
		writeFileSync(srt, '1\n00:00:00,500 --> 00:00:02,000\nHello\n');
		const cover = inDir('cover.png');
		await ffmpeg('-f', 'lavfi', '-i', 'color=c=blue:size=64x64', '-frames:v', '1', cover);
		const source = inDir('everything.mp4');
		await ffmpeg(
			'-i', media['video-chapters.mp4'].path, '-i', srt, '-i', cover,
			'-map', '0:v', '-map', '0:a', '-map', '1', '-map', '2', '-c', 'copy', '-c:s', 'mov_text', '-disposition:v:1', 'attached_pic', source,
		);
		const found: Record<string, unknown> = {};
		const expected: Record<string, unknown> = {};
		for (const container of CONTAINERS) {
			const result = await convertMedia(source, inDir(`out.${container}`), { container });
			const probe = await probeMedia(inDir(`out.${container}`));
			const support = containerSupport(container)!;
			found[container] = {
				title: probe.tags.title === 'Fixture Chapters',
				chapters: probe.chapters.length === 3,
				cover: probe.streams.some((s) => s.isAttachedPic),
				subtitles: probe.streams.some((s) => s.type === 'subtitle'),
				video: videoStreams(probe).length > 0,
				coverWarning: result.warnings.some((w) => /cover/.test(w)),
			};
			expected[container] = {
				title: support.metadata,
				chapters: support.chapters,
				cover: support.artworkByFfmpeg,
				subtitles: support.subtitleCodecs.length > 0,
				video: !support.audioOnly,
				coverWarning: !support.artworkByFfmpeg,
			};
		}
		expect(found).toEqual(expected);
	}, 180_000);
});
