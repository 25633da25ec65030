import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import { clearRobotsCache, downloadMedia, mapWithConcurrency, getAudio, getAudioBatch, getContent, getVideo, MediaError, type DownloadResult } from '../../lib';
import { measureLoudness, probeMedia } from '../../lib/ffmpeg';
import { CAPTION_CUES, EPISODES } from '../fixtures';
import { xxhash64Of } from '../fixtures/checksums';
import { createYtDlpSpy, processesMatching } from '../helpers/ytdlpSpy';
import { withFixtures } from '../helpers/withFixtures';

const execFileAsync = promisify(execFile);
const fx = withFixtures('mdl-dl-');
beforeEach(() => {
	clearRobotsCache();
});

const key = () => `k${Math.random().toString(36).slice(2, 10)}`;
const files = (sub = '') => readdirSync(path.join(fx.dir, sub)).sort();
const streamsOf = async (file: string) => (await probeMedia(file)).streams.filter((s) => !s.isAttachedPic).map((s) => `${s.type}:${s.codec}`);

describe('getVideo', () => {
	it('downloads a direct file byte-identical, with size, sha256, duration, strategy and progress', async () => {
		const source = fx.server.media['video-360.mp4'];
		const progress: number[] = [];
		const result = await getVideo(fx.server.url('/media/video-360.mp4'), { outputDir: fx.dir, onProgress: (p) => progress.push(p.bytesDownloaded) });
		expect(progress[progress.length - 1]).toBe(source.size);
		expect(progress).toEqual([...progress].sort((a, b) => a - b));
		expect(result.localPath).toBe(path.join(fx.dir, 'video-360 [video-360].mp4'));
		expect(result.checksum).toEqual(await xxhash64Of(source.path));
		expect(result.fileSize).toBe(source.size);
		expect(result.duration).toBeCloseTo(source.duration, 1);
		expect(result).toMatchObject({ format: 'mp4', strategyUsed: 'requested', fallbackAttempts: [], warnings: [] });
		expect(result.info).toMatchObject({ id: 'video-360', title: 'video-360', extractor: 'Generic' });
	});

	it('picks the requested height from HLS variants and ffprobe reads it back', async () => {
		const r360 = await getVideo(fx.server.url('/hls/master.m3u8'), { outputDir: fx.dir, quality: '360p', outputTemplate: '%(id)s-360.%(ext)s' });
		const r720 = await getVideo(fx.server.url('/hls/master.m3u8'), { outputDir: fx.dir, quality: 'best', outputTemplate: '%(id)s-best.%(ext)s' });
		const heights = async (r: DownloadResult) => (await probeMedia(r.localPath!)).streams.find((s) => s.type === 'video')!.height;
		expect(await heights(r360)).toBe(360);
		expect(await heights(r720)).toBe(720);
		const worst = await getVideo(fx.server.url('/hls/master.m3u8'), { outputDir: fx.dir, quality: 'worst', outputTemplate: '%(id)s-worst.%(ext)s' });
		expect(await heights(worst)).toBe(360);
		expect(r360.duration).toBeCloseTo(6, 0);
	});

	it('remuxes into the requested container (MKV, MOV) and re-encodes for WebM', async () => {
		const mkv = await getVideo(fx.server.url('/media/video-360.mp4'), { outputDir: fx.dir, format: 'mkv' });
		expect((await probeMedia(mkv.localPath!)).formatName).toMatch(/matroska/);
		const mov = await getVideo(fx.server.url('/media/video-360.mp4'), { outputDir: fx.dir, format: 'mov' });
		expect(mov.localPath!.endsWith('.mov')).toBe(true);
		expect((await probeMedia(mov.localPath!)).formatName).toMatch(/mov/);
		expect(await streamsOf(mkv.localPath!)).toEqual(['video:h264', 'audio:aac']);
		const webm = await getVideo(fx.server.url('/media/video-360.mp4'), { outputDir: fx.dir, format: 'webm', outputTemplate: '%(id)s.%(ext)s' });
		expect(webm.localPath!.endsWith('.webm')).toBe(true);
		expect(await streamsOf(webm.localPath!)).toEqual(['video:vp9', 'audio:opus']);
	});

	it('falls back from an unavailable codec to the relaxed selector and records the attempt', async () => {
		const result = await getVideo(fx.server.url('/hls/master.m3u8'), { outputDir: fx.dir, videoCodec: 'av1', quality: '720p' });
		expect(result.strategyUsed).toBe('relaxed');
		expect(result.fallbackAttempts).toHaveLength(1);
		expect(result.fallbackAttempts[0]).toMatchObject({ strategy: 'requested', selector: expect.stringContaining('vcodec^=?av01') });
		expect(result.fallbackAttempts[0].error).toMatch(/Requested format is not available/);
	});

	it('embeds subtitles, writes subtitle files, metadata, info JSON, description and thumbnail', async () => {
		const result = await getVideo(fx.server.url('/page/video.html'), {
			outputDir: fx.dir,
			embedSubtitles: true,
			writeSubtitles: true,
			subtitleLanguages: ['en', 'de'],
			embedMetadata: true,
			writeInfoJson: true,
			writeDescription: true,
			writeThumbnail: true,
			outputTemplate: 'page.%(ext)s',
		});
		const probe = await probeMedia(result.localPath!);
		expect(probe.streams.filter((s) => s.type === 'subtitle').map((s) => [s.codec, s.language])).toEqual([
			['mov_text', 'eng'],
			['mov_text', 'deu'],
		]);
		expect(probe.tags.title).toBe('Fixture Video (Open Graph) (1)');
		expect(result.files.subtitles.map((f) => path.basename(f))).toEqual(['page.de.vtt', 'page.en.vtt']);
		expect(readFileSync(path.join(fx.dir, 'page.en.vtt'), 'utf8')).toContain(CAPTION_CUES.en[0].text);
		expect(JSON.parse(readFileSync(result.files.info!, 'utf8')).id).toBe('video-1');
		expect(readFileSync(result.files.description!, 'utf8')).toBe('A test video page served by the fixture server.');
		expect(path.basename(result.files.thumbnail!)).toBe('page.jpg');
	});

	it('embeds the thumbnail as artwork and keeps chapters', async () => {
		const audio = await getAudio(fx.server.url('/page/video.html'), { outputDir: fx.dir, format: 'mp3', embedArtwork: true, outputTemplate: 'art.%(ext)s' });
		const probe = await probeMedia(audio.localPath!);
		expect(probe.streams.some((s) => s.isAttachedPic)).toBe(true);
		expect(files()).toEqual(['art.mp3']);
		const chapters = await getVideo(fx.server.url('/media/video-chapters.mp4'), { outputDir: fx.dir, embedChapters: true, format: 'mkv' });
		expect((await probeMedia(chapters.localPath!)).chapters.map((c) => c.title)).toEqual(['Intro', 'Main Part', 'Outro']);
	});

	it('warns when the container cannot hold what was asked, and accepts writeAnnotations with a warning', async () => {
		const result = await getVideo(fx.server.url('/media/video-360.mp4'), { outputDir: fx.dir, format: 'webm', embedArtwork: true, writeAnnotations: true });
		expect(result.warnings).toEqual([expect.stringMatching(/annotations/), 'webm cannot hold artwork; it was not embedded']);
	});
});

describe('getAudio', () => {
	it.each([
		['mp3', '192k', 'mp3', 192],
		['m4a', '128k', 'aac', 128],
		['opus', '96k', 'opus', 96],
	])('extracts %s at %s and ffprobe reads codec and bitrate back', async (format, quality, codec, kbps) => {
		// Opus in Ogg reports no stream bitrate; the container's includes overhead, so 25% slack.
		const result = await getAudio(fx.server.url('/media/video-360.mp4'), { outputDir: fx.dir, format: format as never, quality });
		const probe = await probeMedia(result.localPath!);
		expect(probe.streams.map((s) => s.type)).toEqual(['audio']);
		expect(probe.streams[0].codec).toBe(codec);
		const bitrate = (probe.streams[0].bitRate ?? probe.bitRate!) / 1000;
		expect(Math.abs(bitrate - kbps)).toBeLessThan(kbps * 0.25);
		expect(result.format).toBe(format);
		expect(result.duration).toBeCloseTo(5, 0);
	});

	it('normalises loudness (EBU R128, two passes) to within 1 LU of the target', async () => {
		const before = await measureLoudness(fx.server.media['audio.mp3'].path);
		const result = await getAudio(fx.server.url('/media/audio.mp3'), { outputDir: fx.dir, format: 'mp3', normalizeAudio: true, loudnessTarget: -20 });
		const after = await measureLoudness(result.localPath!);
		expect(Math.abs(before.integratedLufs - -20)).toBeGreaterThan(2);
		expect(Math.abs(after.integratedLufs - -20)).toBeLessThanOrEqual(1);
	});
});

describe('output rules', () => {
	it('does not overwrite an existing file: the result says skipped: exists', async () => {
		const first = await getVideo(fx.server.url('/media/audio.m4a'), { outputDir: fx.dir });
		const mtime = statSync(first.localPath!).mtimeMs;
		const again = await getVideo(fx.server.url('/media/audio.m4a'), { outputDir: fx.dir });
		expect(again).toMatchObject({ skipped: 'exists', localPath: first.localPath, checksum: await xxhash64Of(first.localPath!) });
		expect(statSync(first.localPath!).mtimeMs).toBe(mtime);
		const forced = await getVideo(fx.server.url('/media/audio.m4a'), { outputDir: fx.dir, overwriteExisting: true });
		expect(forced.skipped).toBeUndefined();
		expect(fx.server.requests.filter((r) => r.path === '/media/audio.m4a' && r.method === 'GET').length).toBeGreaterThanOrEqual(3);
	});

	it('skips what the download archive lists and writes nothing', async () => {
		await getAudio(fx.server.url('/media/audio.mp3'), { outputDir: fx.dir, downloadArchive: 'archive.txt' });
		expect(readFileSync(path.join(fx.dir, 'archive.txt'), 'utf8').trim()).toBe('generic audio');
		const before = files();
		const [skipped] = await downloadMedia(fx.server.url('/media/audio.mp3'), { outputDir: fx.dir, downloadArchive: 'archive.txt', audioOnly: true });
		expect(skipped).toMatchObject({ skipped: 'archive', info: { title: 'audio' } });
		expect(skipped.localPath).toBeUndefined();
		expect(files()).toEqual(before);
	});

	it('creates nested template folders, or refuses a missing folder when Create Directories is off', async () => {
		const result = await getAudio(fx.server.url('/media/audio.mp3'), { outputDir: path.join(fx.dir, 'new', 'deeper'), outputTemplate: 'Podcasts/%(id)s/%(title)s.%(ext)s' });
		expect(result.localPath).toBe(path.join(fx.dir, 'new', 'deeper', 'Podcasts', 'audio', 'audio.mp3'));
		await expect(getAudio(fx.server.url('/media/audio.mp3'), { outputDir: path.join(fx.dir, 'missing'), createDirectories: false })).rejects.toThrow(/does not exist/);
	});

	it('keeps every file inside the output folder, whatever the template or title', async () => {
		await expect(getVideo(fx.server.url('/media/audio.mp3'), { outputDir: fx.dir, outputTemplate: '../%(title)s.%(ext)s' })).rejects.toMatchObject({ kind: 'InvalidInput' });
		await expect(getVideo(fx.server.url('/media/audio.mp3'), { outputDir: fx.dir, outputTemplate: '/tmp/%(title)s.%(ext)s' })).rejects.toMatchObject({ kind: 'InvalidInput' });
		// A field whose value holds "../" is sanitised by yt-dlp into one harmless name.
		const sneaky = await getVideo(fx.server.url('/media/audio.mp3'), { outputDir: fx.dir, outputTemplate: '%(webpage_url)s.%(ext)s' });
		expect(path.dirname(sneaky.localPath!)).toBe(fx.dir);
	});
});

describe('playlists (RSS feed)', () => {
	it('honours start, end and max downloads', async () => {
		const range = await downloadMedia(fx.server.url('/feed.xml'), { outputDir: fx.dir, audioOnly: true, audioFormat: 'mp3', playlist: true, startNumber: 2, endNumber: 3, outputTemplate: '%(title)s.%(ext)s' });
		expect(range.map((r) => r.info.title)).toEqual([EPISODES[1].title, EPISODES[2].title]);
		const limited = await downloadMedia(fx.server.url('/feed.xml'), { outputDir: path.join(fx.dir, 'max'), audioOnly: true, playlist: true, maxDownloads: 1, outputTemplate: '%(title)s.%(ext)s' });
		expect(limited.map((r) => r.info.title)).toEqual([EPISODES[0].title]);
	});

	it('archives entries so a second run downloads only new ones', async () => {
		await downloadMedia(fx.server.url('/feed.xml'), { outputDir: fx.dir, audioOnly: true, playlist: true, endNumber: 2, downloadArchive: 'a.txt' });
		const second = await downloadMedia(fx.server.url('/feed.xml'), { outputDir: fx.dir, audioOnly: true, playlist: true, downloadArchive: 'a.txt' });
		expect(second.filter((r) => r.skipped === 'archive').map((r) => r.info.title)).toEqual([EPISODES[0].title, EPISODES[1].title]);
		expect(second.filter((r) => !r.skipped).map((r) => r.info.title)).toEqual([EPISODES[2].title]);
	});

	it('goes on past a broken entry with ignoreErrors, and stops at it without', async () => {
		const feed = fx.server.url('/feed.xml?bad=2');
		const results = await downloadMedia(feed, { outputDir: fx.dir, audioOnly: true, playlist: true, ignoreErrors: true, maxRetries: 0 });
		expect(results.map((r) => r.info.title)).toEqual([EPISODES[0].title, EPISODES[2].title]);
		expect(results[0].warnings).toEqual([expect.stringMatching(/^1 playlist entry failed: .*HTTP Error 404/)]);
		// One process (maxConcurrent 1) stops at the broken entry; in parallel the other shares finish and are kept.
		const strict = (await downloadMedia(feed, { outputDir: path.join(fx.dir, 'strict'), audioOnly: true, playlist: true, ignoreErrors: false, maxRetries: 0, maxConcurrent: 1 }).catch(
			(e: unknown) => e,
		)) as MediaError & { partialResults: DownloadResult[] };
		expect(strict).toMatchObject({ kind: 'NotFound' });
		expect(strict.partialResults.map((r) => r.info.title)).toEqual([EPISODES[0].title]);
		// A failed entry is no format problem: no second download with another selector.
		expect((strict as MediaError & { fallbackAttempts: unknown[] }).fallbackAttempts).toEqual([]);
		const parallel = (await downloadMedia(feed, { outputDir: path.join(fx.dir, 'parallel'), audioOnly: true, playlist: true, maxRetries: 0, maxConcurrent: 3 }).catch(
			(e: unknown) => e,
		)) as MediaError & { partialResults: DownloadResult[] };
		expect(parallel).toMatchObject({ kind: 'NotFound' });
		expect(parallel.partialResults.map((r) => r.info.title)).toEqual([EPISODES[0].title, EPISODES[2].title]);
	});

	it('downloads entries in parallel, one share of entry numbers per yt-dlp process, results in playlist order with the feed’s titles', async () => {
		const spy = createYtDlpSpy();
		try {
			const results = await downloadMedia(fx.server.url('/feed.xml'), {
				outputDir: fx.dir,
				audioOnly: true,
				playlist: true,
				maxConcurrent: 2,
				downloadArchive: 'archive.txt',
				auth: { paths: { ytdlpPath: spy.path } },
			});
			expect(results.map((r) => [r.info.playlistIndex, r.info.title])).toEqual(EPISODES.map((e, i) => [i + 1, e.title]));
			for (const r of results) expect(r.checksum).toEqual(await xxhash64Of(r.localPath!));
			const shares = spy
				.calls()
				.filter((args) => args.includes('--playlist-items'))
				.map((args) => args[args.indexOf('--playlist-items') + 1])
				.sort();
			expect(shares).toEqual(['1,3', '2']);
			// The archive lists every entry once; a second run skips them all.
			expect(readFileSync(path.join(fx.dir, 'archive.txt'), 'utf8').trim().split('\n').sort()).toHaveLength(EPISODES.length);
			const again = await downloadMedia(fx.server.url('/feed.xml'), { outputDir: fx.dir, audioOnly: true, playlist: true, maxConcurrent: 2, downloadArchive: 'archive.txt' });
			expect(again.map((r) => r.skipped)).toEqual(EPISODES.map(() => 'archive'));
		} finally {
			spy.dispose();
		}
	});

	it('a download limit keeps one process so the count stays exact', async () => {
		const spy = createYtDlpSpy();
		try {
			const limited = await downloadMedia(fx.server.url('/feed.xml'), { outputDir: fx.dir, audioOnly: true, playlist: true, maxDownloads: 2, maxConcurrent: 3, auth: { paths: { ytdlpPath: spy.path } } });
			expect(limited.map((r) => r.info.title)).toEqual([EPISODES[0].title, EPISODES[1].title]);
			expect(spy.calls().filter((args) => args.includes('--playlist-items'))).toEqual([]);
		} finally {
			spy.dispose();
		}
	});
});

describe('network behaviour', () => {
	it('resumes after a dropped connection and the bytes are identical', async () => {
		const k = key();
		const page = fx.server.url(`/page/video.html?src=/fault/drop/60000/${k}/video-720.mp4`);
		const result = await getVideo(page, { outputDir: fx.dir, maxRetries: 3, retryDelay: 0.1 });
		expect(result.checksum).toEqual(await xxhash64Of(fx.server.media['video-720.mp4'].path));
		const ranged = fx.server.requests.filter((r) => r.path.includes(k) && r.headers.range);
		expect(ranged.some((r) => /^bytes=[1-9]\d*-/.test(String(r.headers.range)))).toBe(true);
	});

	it('recovers from a 5xx twice and fails fast on a 404 without fallbacks or retries', async () => {
		const ok = await getVideo(fx.server.url(`/page/video.html?src=/fault/5xx/2/${key()}/video-360.mp4`), { outputDir: fx.dir, retryDelay: 0.1 });
		expect(ok.checksum).toEqual(await xxhash64Of(fx.server.media['video-360.mp4'].path));
		fx.server.reset();
		const error = (await getVideo(fx.server.url('/fault/404/missing.mp4'), { outputDir: fx.dir, maxRetries: 3 }).catch((e: unknown) => e)) as MediaError & { fallbackAttempts: unknown[] };
		expect(error).toMatchObject({ kind: 'NotFound' });
		expect(error.fallbackAttempts).toHaveLength(1);
		expect(fx.server.requests.filter((r) => r.path === '/fault/404/missing.mp4').length).toBe(1);
	});

	it('turns a hanging server into a Timeout after its retries, leaving no process behind', async () => {
		const k = key();
		const error = await getVideo(fx.server.url(`/fault/hang/${k}/video.mp4`), { outputDir: fx.dir, socketTimeout: 1, maxRetries: 1, retryDelay: 0.1 }).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: 'Timeout' });
		expect(processesMatching(k)).toEqual([]);
	});

	it('limits the download rate', async () => {
		const source = fx.server.media['video-720.mp4'];
		const started = Date.now();
		await getVideo(fx.server.url('/media/video-720.mp4'), { outputDir: fx.dir, rateLimitMbps: 2 });
		const seconds = (Date.now() - started) / 1000;
		expect(seconds).toBeGreaterThan((source.size * 8) / 2e6 * 0.7);
	});

	it('sends the user agent, extra headers and cookies, and goes through the proxy', async () => {
		const cookies = '# Netscape HTTP Cookie File\nmedia.invalid\tFALSE\t/\tFALSE\t0\tsession\tabc123\n';
		const result = await getAudio('http://media.invalid/media/audio.mp3', {
			outputDir: fx.dir,
			userAgent: 'FixtureAgent/2.0',
			headers: { 'X-Api-Key': 'k-1' },
			cookies,
			proxyUrl: fx.server.baseUrl,
		});
		expect(result.checksum).toBeDefined();
		const request = fx.server.requests.find((r) => r.viaProxy && r.path === '/media/audio.mp3')!;
		expect(request).toMatchObject({ proxiedHost: 'media.invalid' });
		expect(request.headers['user-agent']).toBe('FixtureAgent/2.0');
		expect(request.headers['x-api-key']).toBe('k-1');
		expect(request.headers.cookie).toBe('session=abc123');
	});

	it('reads cookies from a cookie file when Use Cookie File is on, and leaves the file untouched', async () => {
		const cookieFile = path.join(fx.dir, 'cookies.txt');
		const text = `# Netscape HTTP Cookie File\n127.0.0.1\tFALSE\t/\tFALSE\t0\tfromfile\tyes\n`;
		writeFileSync(cookieFile, text);
		await getAudio(fx.server.url('/media/audio.mp3'), { outputDir: fx.dir, useCookies: true, cookieFile });
		expect(fx.server.requests.find((r) => r.path === '/media/audio.mp3' && r.method === 'GET')!.headers.cookie).toBe('fromfile=yes');
		expect(readFileSync(cookieFile, 'utf8')).toBe(text);
		fx.server.reset();
		await getAudio(fx.server.url('/media/audio.mp3'), { outputDir: fx.dir, useCookies: false, cookieFile, overwriteExisting: true });
		expect(fx.server.requests.find((r) => r.path === '/media/audio.mp3' && r.method === 'GET')!.headers.cookie).toBeUndefined();
	});

	it('retries server errors maxRetries times, waiting retryDelay (doubling) in between', async () => {
		const k = key();
		const page = (n: number, kk: string) => fx.server.url(`/page/video.html?src=/fault/5xx/${n}/${kk}/video-360.mp4`);
		await expect(getVideo(page(3, k), { outputDir: fx.dir, maxRetries: 1, retryDelay: 0.1 })).rejects.toMatchObject({ kind: 'Network' });
		const k2 = key();
		const ok = await getVideo(page(2, k2), { outputDir: fx.dir, maxRetries: 3, retryDelay: 1 });
		expect(ok.checksum).toEqual(await xxhash64Of(fx.server.media['video-360.mp4'].path));
		const hits = fx.server.requests.filter((r) => r.path.includes(k2) && r.method === 'GET').map((r) => r.at);
		expect(hits.length).toBeGreaterThanOrEqual(3);
		expect(hits[hits.length - 1] - hits[hits.length - 2]).toBeGreaterThanOrEqual(900);
	});

	it('waits between requests when a request delay is set', async () => {
		await downloadMedia(fx.server.url('/feed.xml'), { outputDir: fx.dir, audioOnly: true, playlist: true, endNumber: 2, requestDelay: 1.5 });
		const media = fx.server.requests.filter((r) => r.path.startsWith('/media/episode-') && r.method === 'GET').map((r) => r.at);
		expect(media.length).toBeGreaterThanOrEqual(2);
		// yt-dlp sleeps before each download: the two episode downloads start ≥ 1.5 s apart.
		expect(media[media.length - 1] - media[0]).toBeGreaterThanOrEqual(1400);
	});
});

describe('robots.txt', () => {
	it('refuses a disallowed URL and allows the rest when Respect robots.txt is on', async () => {
		fx.server.setRobotsTxt('User-agent: *\nDisallow: /media/video-720.mp4\n');
		await expect(getVideo(fx.server.url('/media/video-720.mp4'), { outputDir: fx.dir, respectRobotsTxt: true })).rejects.toMatchObject({
			kind: 'AccessDenied',
			message: expect.stringContaining('disallows /media/video-720.mp4'),
		});
		const allowed = await getVideo(fx.server.url('/media/video-360.mp4'), { outputDir: fx.dir, respectRobotsTxt: true });
		expect(allowed.fileSize).toBe(fx.server.media['video-360.mp4'].size);
		expect(fx.server.requests.filter((r) => r.path === '/robots.txt')).toHaveLength(1);
		const ignored = await getVideo(fx.server.url('/media/video-720.mp4'), { outputDir: fx.dir });
		expect(ignored.fileSize).toBe(fx.server.media['video-720.mp4'].size);
	});
});

describe('validation', () => {
	it('refuses files outside the size limits and leaves nothing behind', async () => {
		await expect(getVideo(fx.server.url('/media/video-720.mp4'), { outputDir: fx.dir, maxFileSize: '10KB' })).rejects.toMatchObject({ kind: 'Verification' });
		await expect(getVideo(fx.server.url('/media/video-360.mp4'), { outputDir: fx.dir, minFileSize: '50MB' })).rejects.toMatchObject({ kind: 'Verification' });
		expect(files().filter((f) => !f.startsWith('.'))).toEqual([]);
	});

	it('converts after download, keeping the original unless told to remove it', async () => {
		const kept = await getVideo(fx.server.url('/media/video-360.webm'), { outputDir: fx.dir, format: 'webm', convertFormat: 'mkv' });
		expect(kept.localPath!.endsWith('.mkv')).toBe(true);
		expect(files().sort()).toEqual(['video-360 [video-360].mkv', 'video-360 [video-360].webm']);
		const removed = await getAudio(fx.server.url('/media/audio.m4a'), { outputDir: path.join(fx.dir, 'r'), format: 'm4a', convertFormat: 'mp3', removeSourceFiles: true });
		expect(files('r')).toEqual(['audio [audio].mp3']);
		expect((await probeMedia(removed.localPath!)).streams[0].codec).toBe('mp3');
	});
});

describe('fallback to a direct download', () => {
	it('fetches a plain media URL itself when every yt-dlp strategy fails (fake yt-dlp: the real one cannot be made to fail this way here)', async () => {
		const fake = path.join(fx.dir, 'fake-yt-dlp');
		writeFileSync(
			fake,
			`#!/bin/sh\ncase "$*" in *--version*) echo 2026.01.01; exit 0;; *--help*) echo; exit 0;; esac\necho "ERROR: [generic] video-360: Requested format is not available. Use --list-formats for a list of available formats" >&2\nexit 1\n`,
			{ mode: 0o755 },
		);
		const result = await getVideo(fx.server.url('/media/video-360.mp4'), { outputDir: path.join(fx.dir, 'out'), quality: '720p', videoCodec: 'h264', auth: { paths: { ytdlpPath: fake } } });
		expect(result.strategyUsed).toBe('direct');
		expect(result.fallbackAttempts.map((a) => a.strategy)).toEqual(['requested', 'relaxed', 'best']);
		expect(result.checksum).toEqual(await xxhash64Of(fx.server.media['video-360.mp4'].path));
	});
});

describe('fallbacks only for format failures', () => {
	it('a post-processing failure is final: one yt-dlp download, no next selector, the attempt list empty', async () => {
		const silent = path.join(fx.dir, 'silent.mp3');
		await execFileAsync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'anullsrc=r=44100:cl=mono', '-t', '3', '-c:a', 'libmp3lame', silent]);
		const spy = createYtDlpSpy();
		try {
			const error = (await getAudio(silent, {
				outputDir: path.join(fx.dir, 'out'),
				allowLocalFiles: true,
				normalizeAudio: true,
				audioCodec: 'opus',
				auth: { paths: { ytdlpPath: spy.path } },
			}).catch((e: unknown) => e)) as MediaError & { fallbackAttempts: unknown[] };
			expect(error).toMatchObject({ kind: 'Postprocess', message: expect.stringMatching(/is silent/) });
			expect(error.fallbackAttempts).toEqual([]);
			expect(spy.calls()).toHaveLength(1);
		} finally {
			spy.dispose();
		}
	});

	it('a format failure alone moves on: av1 requested → relaxed, with the failed selector recorded', async () => {
		const spy = createYtDlpSpy();
		try {
			const result = await getVideo(fx.server.url('/hls/master.m3u8'), { outputDir: fx.dir, videoCodec: 'av1', auth: { paths: { ytdlpPath: spy.path } } });
			expect(result.strategyUsed).toBe('relaxed');
			expect(spy.calls()).toHaveLength(2);
		} finally {
			spy.dispose();
		}
	});
});

describe('cancellation', () => {
	it('kills yt-dlp and ffmpeg and removes partial files', async () => {
		const controller = new AbortController();
		const slow = fx.server.url('/fault/slow/40000/video-720.mp4');
		const run = getVideo(slow, { outputDir: fx.dir, signal: controller.signal });
		// The .part is in the download's own temp folder inside the output folder.
		const parts = () => (readdirSync(fx.dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.part'));
		for (let i = 0; i < 100 && parts().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
		expect(parts()).toHaveLength(1);
		controller.abort();
		await expect(run).rejects.toMatchObject({ kind: 'Cancelled' });
		expect(processesMatching('/fault/slow/40000/')).toEqual([]);
		expect(readdirSync(fx.dir)).toEqual([]);
	});

	it('one cancel stops every parallel download (the pool Download Media uses) and leaves no process and no partial file', async () => {
		const controller = new AbortController();
		const urls = ['video-720.mp4', 'video-720.webm', 'video-chapters.mp4'].map((name) => fx.server.url(`/fault/slow/30000/${name}`));
		const run = mapWithConcurrency(urls, 3, (url) => getVideo(url, { outputDir: fx.dir, signal: controller.signal }).catch((e: unknown) => e as MediaError));
		const parts = () => (readdirSync(fx.dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.part'));
		for (let i = 0; i < 600 && parts().length < 3; i++) await new Promise((r) => setTimeout(r, 50));
		expect(parts()).toHaveLength(3);
		controller.abort();
		const outcomes = await run;
		expect(outcomes.map((o) => (o as MediaError).kind)).toEqual(['Cancelled', 'Cancelled', 'Cancelled']);
		expect(processesMatching('/fault/slow/30000/')).toEqual([]);
		expect(readdirSync(fx.dir)).toEqual([]);
	});
});

describe('getContent and getAudioBatch', () => {
	it('returns video, audio and transcript; a part that fails keeps the others', async () => {
		// Video options (quality, container) must not leak into the audio part.
		const content = await getContent(fx.server.url('/page/video.html'), { outputDir: fx.dir, transcriptLanguages: ['de'], quality: '720p', format: 'mkv' });
		expect(content.videoFile!.format).toBe('mkv');
		expect(content.audioFile!.format).toBe('mp3');
		expect(content.audioError).toBeUndefined();
		expect(content.transcriptFile!.language).toBe('de');
		expect(readFileSync(content.transcriptFile!.path, 'utf8')).toContain(CAPTION_CUES.de[0].text);
		const partial = await getContent(fx.server.url('/page/nocaptions.html'), { outputDir: fx.dir, includeVideo: false });
		expect(partial.audioFile).toBeDefined();
		expect(partial.transcriptError).toMatchObject({ kind: 'NotFound', message: expect.stringContaining('No captions in en') });
		const refused = await getContent(fx.server.url('/page/video.html'), {
			outputDir: path.join(fx.dir, 'refused'),
			includeVideo: false,
			includeAudio: false,
			checkOutputPath: () => {
				throw new Error('Access to the folder is not allowed');
			},
		});
		expect(refused.transcriptError).toMatchObject({ kind: 'InvalidInput', message: 'Access to the folder is not allowed' });
		expect(existsSync(path.join(fx.dir, 'refused'))).toBe(false);
	});

	it('downloads many URLs with limited concurrency, results in input order, an error per failed URL', async () => {
		const urls = [fx.server.url('/media/audio.mp3'), fx.server.url('/fault/404/x.mp3'), fx.server.url('/media/episode-1.mp3'), fx.server.url('/media/episode-2.mp3')];
		const results = await getAudioBatch(urls, { outputDir: fx.dir, maxConcurrent: 2, maxRetries: 0 });
		expect(results.map((r) => (r instanceof MediaError ? r.kind : (r as DownloadResult).info.id))).toEqual(['audio', 'NotFound', 'episode-1', 'episode-2']);
		expect(existsSync(path.join(fx.dir, 'audio [audio].mp3'))).toBe(true);
	});
});
