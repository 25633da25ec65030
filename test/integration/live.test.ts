import { randomUUID } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { getYtDlp } from '../../lib/binaries';
import { resolveConfig } from '../../lib/config';
import { downloadMedia } from '../../lib/download';
import { attemptDownload } from '../../lib/download/run';
import { MediaError } from '../../lib/errors';
import { runYtDlp } from '../../lib/ytdlp';
import { ffprobeJson } from '../fixtures';
import { xxhash64Of } from '../fixtures/checksums';
import { ensureLiveHls, LIVE_SEGMENT_SECONDS } from '../fixtures/media';
import { processesMatching } from '../helpers/ytdlpSpy';
import { withFixtures } from '../helpers/withFixtures';

const fx = withFixtures('mdl-live-');

/** A live stream of its own per test: it starts airing (3 segments on air) at its first request. */
const liveUrl = () => fx.server.url(`/live/${randomUUID()}/stream.m3u8`);

/**
 * yt-dlp's generic extractor reports a media playlist without #EXT-X-ENDLIST as live since 2023.06.21
 * (yt-dlp PR #6775), and records it with ffmpeg; 2023.03.04 takes it for a VOD and fetches the
 * segments listed at that moment with its native HLS downloader.
 */
const genericSeesLive = (version: string) => version >= '2023.06.21';

const leftovers = (dir: string) => readdirSync(dir, { recursive: true }).map(String).filter((name) => /\.part|\.ytdl$|\.temp\./.test(name));

async function probe(file: string) {
	const json = await ffprobeJson(file);
	return { duration: Number(json.format?.duration), codecs: (json.streams ?? []).map((s) => s.codec_name).sort() };
}

beforeAll(() => ensureLiveHls(), 300_000);

describe('Live Stream preset: the timeout is the recording length', () => {
	it('a 20 s limit on a live HLS stream gives a finished, playable recording of about 20 s (as each yt-dlp version records it)', async () => {
		const { version } = await getYtDlp();
		const config = resolveConfig({ outputDir: fx.dir, timeout: 20 }, 'liveStream');
		const result = await attemptDownload(liveUrl(), config, 'requested', { auth: {} });

		expect(result.finished).toHaveLength(1);
		const [file] = result.finished;
		const { duration, codecs } = await probe(file.filepath);
		expect(codecs).toEqual(['aac', 'h264']);
		expect(leftovers(fx.dir)).toEqual([]);
		const segmentsFetched = fx.server.requests.filter((r) => r.path.endsWith('.ts')).length;
		if (genericSeesLive(version)) {
			// Recorded until the limit, then stopped as Ctrl-C stops it: ffmpeg quits cleanly, yt-dlp remuxes and keeps the file.
			expect(result.cutAtLimit).toBe(true);
			expect(file.cutAtLimit).toBe(true);
			expect(file.raw.is_live).toBe(true);
			expect(duration).toBeGreaterThan(12);
			expect(duration).toBeLessThan(30);
			// It followed the growing playlist rather than reading it once.
			expect(fx.server.requests.filter((r) => r.path.endsWith('/stream.m3u8')).length).toBeGreaterThan(3);
		} else {
			// Not seen as live: the segments listed when yt-dlp read the playlist, and a normal finish before the limit.
			expect(result.cutAtLimit).toBeUndefined();
			expect(file.cutAtLimit).toBeUndefined();
			expect(segmentsFetched).toBeGreaterThanOrEqual(3);
			expect(segmentsFetched).toBeLessThan(8);
			expect(Math.abs(duration - segmentsFetched * LIVE_SEGMENT_SECONDS)).toBeLessThan(0.5);
		}
	}, 240_000);

	it('downloadMedia with the Live Stream preset returns the recording verified: ffprobe duration and checksum of the file on disk', async () => {
		const { version } = await getYtDlp();
		const [result, ...more] = await downloadMedia(liveUrl(), { preset: 'liveStream', outputDir: fx.dir, timeout: 20 });
		expect(more).toEqual([]);
		expect(result.localPath).toBeDefined();
		const file = result.localPath!;
		expect(file.startsWith(fx.dir + path.sep)).toBe(true);
		expect(result.format).toBe('mp4');
		expect(result.checksum).toEqual(await xxhash64Of(file));
		const { duration } = await probe(file);
		expect(result.duration).toBeCloseTo(duration, 1);
		if (genericSeesLive(version)) {
			expect(duration).toBeGreaterThan(12);
			expect(duration).toBeLessThan(30);
			expect(result.warnings).toContain('recording cut at the limit of 20 s');
		} else {
			expect(duration).toBeLessThan(16);
			expect(result.warnings.filter((w) => w.startsWith('recording cut'))).toEqual([]);
		}
		expect(leftovers(fx.dir)).toEqual([]);
	}, 240_000);

	it('a VOD download still cut at the limit fails with Timeout, keeps nothing as finished and leaves no process', async () => {
		// ~50 s at 10 kB/s: still downloading at the 10 s limit (yt-dlp 2026 run from source needs a few seconds to start).
		const marker = `/fault/slow/10000/video-720.mp4?vod=${randomUUID()}`;
		const config = resolveConfig({ outputDir: fx.dir, timeout: 10, maxRetries: 0 });
		const error = await attemptDownload(fx.server.url(marker), config, 'requested', { auth: {} }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(MediaError);
		expect(error).toMatchObject({ kind: 'Timeout' });
		expect((error as MediaError).message).toMatch(/did not finish within 10 s/);
		expect(readdirSync(fx.dir).filter((name) => name.endsWith('.mp4'))).toEqual([]);
		expect(processesMatching(marker)).toEqual([]);
	}, 120_000);
});

describe("runYtDlp with onTimeout: 'interrupt' (real yt-dlp and ffmpeg)", () => {
	it('yt-dlp told that a stream is live finishes the recording at the limit, in both yt-dlp versions', async () => {
		// --load-info-json carries is_live as a site extractor (YouTube, Twitch) reports it: the path 2023.03.04's
		// generic extractor cannot reach on a bare playlist.
		const url = liveUrl();
		const infoFile = path.join(fx.dir, 'live.info.json');
		const info = { id: 'fixture-live', title: 'Fixture Live', extractor: 'generic', extractor_key: 'Generic', webpage_url: url, is_live: true };
		writeFileSync(infoFile, JSON.stringify({ ...info, formats: [{ format_id: 'hls', url, ext: 'mp4', protocol: 'm3u8_native' }] }));
		const out = path.join(fx.dir, 'out');
		const result = await runYtDlp(['--paths', out, '--output', 'recording.%(ext)s', '--load-info-json', infoFile], [], {
			timeoutMs: 12_000,
			onTimeout: 'interrupt',
			interruptGraceMs: 60_000,
		});
		expect(result).toMatchObject({ timedOut: true, exitCode: 0 });
		expect(readdirSync(out)).toEqual(['recording.mp4']);
		const { duration, codecs } = await probe(path.join(out, 'recording.mp4'));
		expect(codecs).toEqual(['aac', 'h264']);
		expect(duration).toBeGreaterThan(6);
		expect(duration).toBeLessThan(24);
		expect(processesMatching(url)).toEqual([]);
	}, 120_000);
});
