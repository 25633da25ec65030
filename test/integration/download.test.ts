import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { clearRobotsCache, downloadMedia, getAudio, getAudioBatch, getContent, getVideo, MediaError, type DownloadResult } from '../../lib';
import { measureLoudness, probeMedia } from '../../lib/ffmpeg';
import { CAPTION_CUES, EPISODES, startFixtureServer, type FixtureServer } from '../fixtures';
import { processesMatching } from '../helpers/ytdlpSpy';

let server: FixtureServer;
let dir: string;

beforeAll(async () => {
	server = await startFixtureServer();
}, 300_000);
afterAll(() => server?.close());
beforeEach(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'mdl-dl-'));
	server.reset();
	clearRobotsCache();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const key = () => `k${Math.random().toString(36).slice(2, 10)}`;
const files = (sub = '') => readdirSync(path.join(dir, sub)).sort();
const streamsOf = async (file: string) => (await probeMedia(file)).streams.filter((s) => !s.isAttachedPic).map((s) => `${s.type}:${s.codec}`);

describe('getVideo', () => {
	it('downloads a direct file byte-identical, with size, sha256, duration, strategy and progress', async () => {
		const source = server.media['video-360.mp4'];
		const progress: number[] = [];
		const result = await getVideo(server.url('/media/video-360.mp4'), { outputDir: dir, onProgress: (p) => progress.push(p.bytesDownloaded) });
		expect(progress[progress.length - 1]).toBe(source.size);
		expect(progress).toEqual([...progress].sort((a, b) => a - b));
		expect(result.localPath).toBe(path.join(dir, 'video-360 [video-360].mp4'));
		expect(result.sha256).toBe(source.sha256);
		expect(result.fileSize).toBe(source.size);
		expect(result.duration).toBeCloseTo(source.duration, 1);
		expect(result).toMatchObject({ format: 'mp4', strategyUsed: 'requested', fallbackAttempts: [], warnings: [] });
		expect(result.info).toMatchObject({ id: 'video-360', title: 'video-360', extractor: 'Generic' });
	});

	it('picks the requested height from HLS variants and ffprobe reads it back', async () => {
		const r360 = await getVideo(server.url('/hls/master.m3u8'), { outputDir: dir, quality: '360p', outputTemplate: '%(id)s-360.%(ext)s' });
		const r720 = await getVideo(server.url('/hls/master.m3u8'), { outputDir: dir, quality: 'best', outputTemplate: '%(id)s-best.%(ext)s' });
		const heights = async (r: DownloadResult) => (await probeMedia(r.localPath!)).streams.find((s) => s.type === 'video')!.height;
		expect(await heights(r360)).toBe(360);
		expect(await heights(r720)).toBe(720);
		const worst = await getVideo(server.url('/hls/master.m3u8'), { outputDir: dir, quality: 'worst', outputTemplate: '%(id)s-worst.%(ext)s' });
		expect(await heights(worst)).toBe(360);
		expect(r360.duration).toBeCloseTo(6, 0);
	});

	it('remuxes into the requested container (MKV, MOV) and re-encodes for WebM', async () => {
		const mkv = await getVideo(server.url('/media/video-360.mp4'), { outputDir: dir, format: 'mkv' });
		expect((await probeMedia(mkv.localPath!)).formatName).toMatch(/matroska/);
		const mov = await getVideo(server.url('/media/video-360.mp4'), { outputDir: dir, format: 'mov' });
		expect(mov.localPath!.endsWith('.mov')).toBe(true);
		expect((await probeMedia(mov.localPath!)).formatName).toMatch(/mov/);
		expect(await streamsOf(mkv.localPath!)).toEqual(['video:h264', 'audio:aac']);
		const webm = await getVideo(server.url('/media/video-360.mp4'), { outputDir: dir, format: 'webm', outputTemplate: '%(id)s.%(ext)s' });
		expect(webm.localPath!.endsWith('.webm')).toBe(true);
		expect(await streamsOf(webm.localPath!)).toEqual(['video:vp9', 'audio:opus']);
	});

	it('falls back from an unavailable codec to the relaxed selector and records the attempt', async () => {
		const result = await getVideo(server.url('/hls/master.m3u8'), { outputDir: dir, videoCodec: 'av1', quality: '720p' });
		expect(result.strategyUsed).toBe('relaxed');
		expect(result.fallbackAttempts).toHaveLength(1);
		expect(result.fallbackAttempts[0]).toMatchObject({ strategy: 'requested', selector: expect.stringContaining('vcodec^=?av01') });
		expect(result.fallbackAttempts[0].error).toMatch(/Requested format is not available/);
	});

	it('embeds subtitles, writes subtitle files, metadata, info JSON, description and thumbnail', async () => {
		const result = await getVideo(server.url('/page/video.html'), {
			outputDir: dir,
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
		expect(readFileSync(path.join(dir, 'page.en.vtt'), 'utf8')).toContain(CAPTION_CUES.en[0].text);
		expect(JSON.parse(readFileSync(result.files.info!, 'utf8')).id).toBe('video-1');
		expect(readFileSync(result.files.description!, 'utf8')).toBe('A test video page served by the fixture server.');
		expect(path.basename(result.files.thumbnail!)).toBe('page.jpg');
	});

	it('embeds the thumbnail as artwork and keeps chapters', async () => {
		const audio = await getAudio(server.url('/page/video.html'), { outputDir: dir, format: 'mp3', embedArtwork: true, outputTemplate: 'art.%(ext)s' });
		const probe = await probeMedia(audio.localPath!);
		expect(probe.streams.some((s) => s.isAttachedPic)).toBe(true);
		expect(files()).toEqual(['art.mp3']);
		const chapters = await getVideo(server.url('/media/video-chapters.mp4'), { outputDir: dir, embedChapters: true, format: 'mkv' });
		expect((await probeMedia(chapters.localPath!)).chapters.map((c) => c.title)).toEqual(['Intro', 'Main Part', 'Outro']);
	});

	it('warns when the container cannot hold what was asked, and accepts writeAnnotations with a warning', async () => {
		const result = await getVideo(server.url('/media/video-360.mp4'), { outputDir: dir, format: 'webm', embedArtwork: true, writeAnnotations: true });
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
		const result = await getAudio(server.url('/media/video-360.mp4'), { outputDir: dir, format: format as never, quality });
		const probe = await probeMedia(result.localPath!);
		expect(probe.streams.map((s) => s.type)).toEqual(['audio']);
		expect(probe.streams[0].codec).toBe(codec);
		const bitrate = (probe.streams[0].bitRate ?? probe.bitRate!) / 1000;
		expect(Math.abs(bitrate - kbps)).toBeLessThan(kbps * 0.25);
		expect(result.format).toBe(format);
		expect(result.duration).toBeCloseTo(5, 0);
	});

	it('normalises loudness (EBU R128, two passes) to within 1 LU of the target', async () => {
		const before = await measureLoudness(server.media['audio.mp3'].path);
		const result = await getAudio(server.url('/media/audio.mp3'), { outputDir: dir, format: 'mp3', normalizeAudio: true, loudnessTarget: -20 });
		const after = await measureLoudness(result.localPath!);
		expect(Math.abs(before.integratedLufs - -20)).toBeGreaterThan(2);
		expect(Math.abs(after.integratedLufs - -20)).toBeLessThanOrEqual(1);
	});
});

describe('output rules', () => {
	it('does not overwrite an existing file: the result says skipped: exists', async () => {
		const first = await getVideo(server.url('/media/audio.m4a'), { outputDir: dir });
		const mtime = statSync(first.localPath!).mtimeMs;
		const again = await getVideo(server.url('/media/audio.m4a'), { outputDir: dir });
		expect(again).toMatchObject({ skipped: 'exists', localPath: first.localPath, sha256: first.sha256 });
		expect(statSync(first.localPath!).mtimeMs).toBe(mtime);
		const forced = await getVideo(server.url('/media/audio.m4a'), { outputDir: dir, overwriteExisting: true });
		expect(forced.skipped).toBeUndefined();
		expect(server.requests.filter((r) => r.path === '/media/audio.m4a' && r.method === 'GET').length).toBeGreaterThanOrEqual(3);
	});

	it('skips what the download archive lists and writes nothing', async () => {
		await getAudio(server.url('/media/audio.mp3'), { outputDir: dir, downloadArchive: 'archive.txt' });
		expect(readFileSync(path.join(dir, 'archive.txt'), 'utf8').trim()).toBe('generic audio');
		const before = files();
		const [skipped] = await downloadMedia(server.url('/media/audio.mp3'), { outputDir: dir, downloadArchive: 'archive.txt', audioOnly: true });
		expect(skipped).toMatchObject({ skipped: 'archive', info: { title: 'audio' } });
		expect(skipped.localPath).toBeUndefined();
		expect(files()).toEqual(before);
	});

	it('creates nested template folders, or refuses a missing folder when Create Directories is off', async () => {
		const result = await getAudio(server.url('/media/audio.mp3'), { outputDir: path.join(dir, 'new', 'deeper'), outputTemplate: 'Podcasts/%(id)s/%(title)s.%(ext)s' });
		expect(result.localPath).toBe(path.join(dir, 'new', 'deeper', 'Podcasts', 'audio', 'audio.mp3'));
		await expect(getAudio(server.url('/media/audio.mp3'), { outputDir: path.join(dir, 'missing'), createDirectories: false })).rejects.toThrow(/does not exist/);
	});

	it('keeps every file inside the output folder, whatever the template or title', async () => {
		await expect(getVideo(server.url('/media/audio.mp3'), { outputDir: dir, outputTemplate: '../%(title)s.%(ext)s' })).rejects.toMatchObject({ kind: 'InvalidInput' });
		await expect(getVideo(server.url('/media/audio.mp3'), { outputDir: dir, outputTemplate: '/tmp/%(title)s.%(ext)s' })).rejects.toMatchObject({ kind: 'InvalidInput' });
		// A field whose value holds "../" is sanitised by yt-dlp into one harmless name.
		const sneaky = await getVideo(server.url('/media/audio.mp3'), { outputDir: dir, outputTemplate: '%(webpage_url)s.%(ext)s' });
		expect(path.dirname(sneaky.localPath!)).toBe(dir);
	});
});

describe('playlists (RSS feed)', () => {
	it('honours start, end and max downloads', async () => {
		const range = await downloadMedia(server.url('/feed.xml'), { outputDir: dir, audioOnly: true, audioFormat: 'mp3', playlist: true, startNumber: 2, endNumber: 3, outputTemplate: '%(title)s.%(ext)s' });
		expect(range.map((r) => r.info.title)).toEqual([EPISODES[1].title, EPISODES[2].title]);
		const limited = await downloadMedia(server.url('/feed.xml'), { outputDir: path.join(dir, 'max'), audioOnly: true, playlist: true, maxDownloads: 1, outputTemplate: '%(title)s.%(ext)s' });
		expect(limited.map((r) => r.info.title)).toEqual([EPISODES[0].title]);
	});

	it('archives entries so a second run downloads only new ones', async () => {
		await downloadMedia(server.url('/feed.xml'), { outputDir: dir, audioOnly: true, playlist: true, endNumber: 2, downloadArchive: 'a.txt' });
		const second = await downloadMedia(server.url('/feed.xml'), { outputDir: dir, audioOnly: true, playlist: true, downloadArchive: 'a.txt' });
		expect(second.filter((r) => r.skipped === 'archive').map((r) => r.info.title)).toEqual([EPISODES[0].title, EPISODES[1].title]);
		expect(second.filter((r) => !r.skipped).map((r) => r.info.title)).toEqual([EPISODES[2].title]);
	});

	it('goes on past a broken entry with ignoreErrors, and stops at it without', async () => {
		const feed = server.url('/feed.xml?bad=2');
		const results = await downloadMedia(feed, { outputDir: dir, audioOnly: true, playlist: true, ignoreErrors: true, maxRetries: 0 });
		expect(results.map((r) => r.info.title)).toEqual([EPISODES[0].title, EPISODES[2].title]);
		expect(results[0].warnings).toEqual([expect.stringMatching(/^1 playlist entry failed: .*HTTP Error 404/)]);
		const strict = (await downloadMedia(feed, { outputDir: path.join(dir, 'strict'), audioOnly: true, playlist: true, ignoreErrors: false, maxRetries: 0 }).catch(
			(e: unknown) => e,
		)) as MediaError & { partialResults: DownloadResult[] };
		expect(strict).toMatchObject({ kind: 'NotFound' });
		expect(strict.partialResults.map((r) => r.info.title)).toEqual([EPISODES[0].title]);
	});
});

describe('network behaviour', () => {
	it('resumes after a dropped connection and the bytes are identical', async () => {
		const k = key();
		const page = server.url(`/page/video.html?src=/fault/drop/60000/${k}/video-720.mp4`);
		const result = await getVideo(page, { outputDir: dir, maxRetries: 3, retryDelay: 0.1 });
		expect(result.sha256).toBe(server.media['video-720.mp4'].sha256);
		const ranged = server.requests.filter((r) => r.path.includes(k) && r.headers.range);
		expect(ranged.some((r) => /^bytes=[1-9]\d*-/.test(String(r.headers.range)))).toBe(true);
	});

	it('recovers from a 5xx twice and fails fast on a 404 without fallbacks or retries', async () => {
		const ok = await getVideo(server.url(`/page/video.html?src=/fault/5xx/2/${key()}/video-360.mp4`), { outputDir: dir, retryDelay: 0.1 });
		expect(ok.sha256).toBe(server.media['video-360.mp4'].sha256);
		server.reset();
		const error = (await getVideo(server.url('/fault/404/missing.mp4'), { outputDir: dir, maxRetries: 3 }).catch((e: unknown) => e)) as MediaError & { fallbackAttempts: unknown[] };
		expect(error).toMatchObject({ kind: 'NotFound' });
		expect(error.fallbackAttempts).toHaveLength(1);
		expect(server.requests.filter((r) => r.path === '/fault/404/missing.mp4').length).toBe(1);
	});

	it('turns a hanging server into a Timeout after its retries, leaving no process behind', async () => {
		const k = key();
		const error = await getVideo(server.url(`/fault/hang/${k}/video.mp4`), { outputDir: dir, socketTimeout: 1, maxRetries: 1, retryDelay: 0.1 }).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: 'Timeout' });
		expect(processesMatching(k)).toEqual([]);
	});

	it('limits the download rate', async () => {
		const source = server.media['video-720.mp4'];
		const started = Date.now();
		await getVideo(server.url('/media/video-720.mp4'), { outputDir: dir, rateLimitMbps: 2 });
		const seconds = (Date.now() - started) / 1000;
		expect(seconds).toBeGreaterThan((source.size * 8) / 2e6 * 0.7);
	});

	it('sends the user agent, extra headers and cookies, and goes through the proxy', async () => {
		const cookies = '# Netscape HTTP Cookie File\nmedia.invalid\tFALSE\t/\tFALSE\t0\tsession\tabc123\n';
		const result = await getAudio('http://media.invalid/media/audio.mp3', {
			outputDir: dir,
			userAgent: 'FixtureAgent/2.0',
			headers: { 'X-Api-Key': 'k-1' },
			cookies,
			proxyUrl: server.baseUrl,
		});
		expect(result.sha256).toBeDefined();
		const request = server.requests.find((r) => r.viaProxy && r.path === '/media/audio.mp3')!;
		expect(request).toMatchObject({ proxiedHost: 'media.invalid' });
		expect(request.headers['user-agent']).toBe('FixtureAgent/2.0');
		expect(request.headers['x-api-key']).toBe('k-1');
		expect(request.headers.cookie).toBe('session=abc123');
	});

	it('reads cookies from a cookie file when Use Cookie File is on, and leaves the file untouched', async () => {
		const cookieFile = path.join(dir, 'cookies.txt');
		const text = `# Netscape HTTP Cookie File\n127.0.0.1\tFALSE\t/\tFALSE\t0\tfromfile\tyes\n`;
		writeFileSync(cookieFile, text);
		await getAudio(server.url('/media/audio.mp3'), { outputDir: dir, useCookies: true, cookieFile });
		expect(server.requests.find((r) => r.path === '/media/audio.mp3' && r.method === 'GET')!.headers.cookie).toBe('fromfile=yes');
		expect(readFileSync(cookieFile, 'utf8')).toBe(text);
		server.reset();
		await getAudio(server.url('/media/audio.mp3'), { outputDir: dir, useCookies: false, cookieFile, overwriteExisting: true });
		expect(server.requests.find((r) => r.path === '/media/audio.mp3' && r.method === 'GET')!.headers.cookie).toBeUndefined();
	});

	it('retries server errors maxRetries times, waiting retryDelay (doubling) in between', async () => {
		const k = key();
		const page = (n: number, kk: string) => server.url(`/page/video.html?src=/fault/5xx/${n}/${kk}/video-360.mp4`);
		await expect(getVideo(page(3, k), { outputDir: dir, maxRetries: 1, retryDelay: 0.1 })).rejects.toMatchObject({ kind: 'Network' });
		const k2 = key();
		const ok = await getVideo(page(2, k2), { outputDir: dir, maxRetries: 3, retryDelay: 1 });
		expect(ok.sha256).toBe(server.media['video-360.mp4'].sha256);
		const hits = server.requests.filter((r) => r.path.includes(k2) && r.method === 'GET').map((r) => r.at);
		expect(hits.length).toBeGreaterThanOrEqual(3);
		expect(hits[hits.length - 1] - hits[hits.length - 2]).toBeGreaterThanOrEqual(900);
	});

	it('waits between requests when a request delay is set', async () => {
		await downloadMedia(server.url('/feed.xml'), { outputDir: dir, audioOnly: true, playlist: true, endNumber: 2, requestDelay: 1.5 });
		const media = server.requests.filter((r) => r.path.startsWith('/media/episode-') && r.method === 'GET').map((r) => r.at);
		expect(media.length).toBeGreaterThanOrEqual(2);
		// yt-dlp sleeps before each download: the two episode downloads start ≥ 1.5 s apart.
		expect(media[media.length - 1] - media[0]).toBeGreaterThanOrEqual(1400);
	});
});

describe('robots.txt', () => {
	it('refuses a disallowed URL and allows the rest when Respect robots.txt is on', async () => {
		server.setRobotsTxt('User-agent: *\nDisallow: /media/video-720.mp4\n');
		await expect(getVideo(server.url('/media/video-720.mp4'), { outputDir: dir, respectRobotsTxt: true })).rejects.toMatchObject({
			kind: 'AccessDenied',
			message: expect.stringContaining('disallows /media/video-720.mp4'),
		});
		const allowed = await getVideo(server.url('/media/video-360.mp4'), { outputDir: dir, respectRobotsTxt: true });
		expect(allowed.fileSize).toBe(server.media['video-360.mp4'].size);
		expect(server.requests.filter((r) => r.path === '/robots.txt')).toHaveLength(1);
		const ignored = await getVideo(server.url('/media/video-720.mp4'), { outputDir: dir });
		expect(ignored.fileSize).toBe(server.media['video-720.mp4'].size);
	});
});

describe('validation', () => {
	it('refuses files outside the size limits and leaves nothing behind', async () => {
		await expect(getVideo(server.url('/media/video-720.mp4'), { outputDir: dir, maxFileSize: '10KB' })).rejects.toMatchObject({ kind: 'Verification' });
		await expect(getVideo(server.url('/media/video-360.mp4'), { outputDir: dir, minFileSize: '50MB' })).rejects.toMatchObject({ kind: 'Verification' });
		expect(files().filter((f) => !f.startsWith('.'))).toEqual([]);
	});

	it('converts after download, keeping the original unless told to remove it', async () => {
		const kept = await getVideo(server.url('/media/video-360.webm'), { outputDir: dir, format: 'webm', convertFormat: 'mkv' });
		expect(kept.localPath!.endsWith('.mkv')).toBe(true);
		expect(files().sort()).toEqual(['video-360 [video-360].mkv', 'video-360 [video-360].webm']);
		const removed = await getAudio(server.url('/media/audio.m4a'), { outputDir: path.join(dir, 'r'), format: 'm4a', convertFormat: 'mp3', removeSourceFiles: true });
		expect(files('r')).toEqual(['audio [audio].mp3']);
		expect((await probeMedia(removed.localPath!)).streams[0].codec).toBe('mp3');
	});
});

describe('fallback to a direct download', () => {
	it('fetches a plain media URL itself when every yt-dlp strategy fails (fake yt-dlp: the real one cannot be made to fail this way here)', async () => {
		const fake = path.join(dir, 'fake-yt-dlp');
		writeFileSync(fake, `#!/bin/sh\ncase "$*" in *--version*) echo 2026.01.01; exit 0;; *--help*) echo; exit 0;; esac\necho "ERROR: Postprocessing: Conversion failed!" >&2\nexit 1\n`, { mode: 0o755 });
		const result = await getVideo(server.url('/media/video-360.mp4'), { outputDir: path.join(dir, 'out'), quality: '720p', videoCodec: 'h264', auth: { paths: { ytdlpPath: fake } } });
		expect(result.strategyUsed).toBe('direct');
		expect(result.fallbackAttempts.map((a) => a.strategy)).toEqual(['requested', 'relaxed', 'best']);
		expect(result.sha256).toBe(server.media['video-360.mp4'].sha256);
	});
});

describe('cancellation', () => {
	it('kills yt-dlp and ffmpeg and removes partial files', async () => {
		const controller = new AbortController();
		const slow = server.url('/fault/slow/40000/video-720.mp4');
		const run = getVideo(slow, { outputDir: dir, signal: controller.signal });
		for (let i = 0; i < 100 && !readdirSync(dir).some((f) => f.endsWith('.part')); i++) await new Promise((r) => setTimeout(r, 50));
		expect(readdirSync(dir).some((f) => f.endsWith('.part'))).toBe(true);
		controller.abort();
		await expect(run).rejects.toMatchObject({ kind: 'Cancelled' });
		expect(processesMatching('/fault/slow/40000/')).toEqual([]);
		expect(readdirSync(dir)).toEqual([]);
	});
});

describe('getContent and getAudioBatch', () => {
	it('returns video, audio and transcript; a part that fails keeps the others', async () => {
		// Video options (quality, container) must not leak into the audio part.
		const content = await getContent(server.url('/page/video.html'), { outputDir: dir, transcriptLanguages: ['de'], quality: '720p', format: 'mkv' });
		expect(content.videoFile!.format).toBe('mkv');
		expect(content.audioFile!.format).toBe('mp3');
		expect(content.audioError).toBeUndefined();
		expect(content.transcriptFile!.language).toBe('de');
		expect(readFileSync(content.transcriptFile!.path, 'utf8')).toContain(CAPTION_CUES.de[0].text);
		const partial = await getContent(server.url('/page/nocaptions.html'), { outputDir: dir, includeVideo: false });
		expect(partial.audioFile).toBeDefined();
		expect(partial.transcriptError).toMatchObject({ kind: 'NotFound', message: expect.stringContaining('No captions in en') });
		const refused = await getContent(server.url('/page/video.html'), {
			outputDir: path.join(dir, 'refused'),
			includeVideo: false,
			includeAudio: false,
			checkOutputPath: () => {
				throw new Error('Access to the folder is not allowed');
			},
		});
		expect(refused.transcriptError).toMatchObject({ kind: 'InvalidInput', message: 'Access to the folder is not allowed' });
		expect(existsSync(path.join(dir, 'refused'))).toBe(false);
	});

	it('downloads many URLs with limited concurrency, results in input order, an error per failed URL', async () => {
		const urls = [server.url('/media/audio.mp3'), server.url('/fault/404/x.mp3'), server.url('/media/episode-1.mp3'), server.url('/media/episode-2.mp3')];
		const results = await getAudioBatch(urls, { outputDir: dir, maxConcurrent: 2, maxRetries: 0 });
		expect(results.map((r) => (r instanceof MediaError ? r.kind : (r as DownloadResult).info.id))).toEqual(['audio', 'NotFound', 'episode-1', 'episode-2']);
		expect(existsSync(path.join(dir, 'audio [audio].mp3'))).toBe(true);
	});
});
