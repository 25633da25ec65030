import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { getAvailableFormats, getInfo, getInfoOutcomes, getOptimalFormat, MediaError, type MediaInfo } from '../../lib';
import { EPISODES, FEED_TITLE, PAGES, startFixtureServer, type FixtureServer } from '../fixtures';
import { createYtDlpSpy, processesMatching, type YtDlpSpy } from '../helpers/ytdlpSpy';

let server: FixtureServer;
let spy: YtDlpSpy;
const paths = () => ({ ytdlpPath: spy.path });

beforeAll(async () => {
	server = await startFixtureServer();
}, 300_000);
afterAll(() => server?.close());
beforeEach(() => {
	spy = createYtDlpSpy();
	server.reset();
});
afterEach(() => spy.dispose());

const key = () => `k${Math.random().toString(36).slice(2, 10)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Only catches a hang: on a busy machine (2 cores shared with other test runs) starting yt-dlp alone can
 * take seconds, so tests assert what happened (error kind, process gone), never that it was quick.
 */
const HANG_LIMIT_MS = 30_000;
// Each test starts up to five yt-dlp processes (version and help probes included); slow, not stuck, when busy.
jest.setTimeout(120_000);

describe('getInfo on the fixture server (real yt-dlp)', () => {
	it('reads an HTML5 page: title, formats of both sources and caption languages', async () => {
		const info = await getInfo(server.url('/page/video.html'), { auth: { paths: paths() } });
		expect(info.type).toBe('video');
		// yt-dlp names a page's single HTML5 entry after og:title, numbered.
		expect(info.title).toBe(`${PAGES.video.ogTitle} (1)`);
		expect(info.extractor).toBe('HTML5MediaEmbed');
		expect(info.formats.map((f) => f.ext).sort()).toEqual(['mp4', 'webm']);
		expect(info.subtitleLanguages.sort()).toEqual(['de', 'en']);
		expect(info.inputUrl).toBe(server.url('/page/video.html'));
	});

	it('reads an RSS podcast feed as a flat playlist, limited with the truncation known', async () => {
		const full = await getInfo(server.url('/feed.xml'), { auth: { paths: paths() } });
		expect(full.type).toBe('playlist');
		expect(full.title).toBe(FEED_TITLE);
		expect(full.playlist!.entries.map((e) => e.title)).toEqual(EPISODES.map((e) => e.title));
		expect(full.playlist!.truncated).toBe(false);
		expect(full.playlist!.entries[0].url).toBe(server.url(`/media/${EPISODES[0].file}`));

		const limited = await getInfo(server.url('/feed.xml'), { playlistLimit: 2, auth: { paths: paths() } });
		expect(limited.playlist!.entries).toHaveLength(2);
		expect(limited.playlist!.truncated).toBe(true);
	});

	it('lists the HLS variants with their heights', async () => {
		const formats = await getAvailableFormats(server.url('/hls/master.m3u8'), { auth: { paths: paths() } });
		expect(formats.qualities).toEqual(['720p', '360p']);
		expect(formats.codecs.video).toContain('h264');
	});

	it('returns one outcome per input in order for a mixed list, in ONE yt-dlp process, hostile text never reaching it', async () => {
		const marker = path.join(os.tmpdir(), `mdl-pwned-${key()}`);
		const hostile = `--exec=touch ${marker}`;
		const inputs = [server.url('/page/video.html'), server.url('/fault/404/missing.mp4'), server.url('/feed.xml'), hostile, server.url('/media/video-360.mp4')];
		const results = await getInfo(inputs, { auth: { paths: paths() }, maxRetries: 0 });

		expect(results).toHaveLength(5);
		expect((results[0] as MediaInfo).subtitleLanguages).toContain('en');
		expect(results[1]).toBeInstanceOf(MediaError);
		expect(results[1]).toMatchObject({ kind: 'NotFound', url: inputs[1], retryable: false });
		expect((results[1] as MediaError).message).toMatch(/HTTP Error 404/);
		expect((results[2] as MediaInfo).type).toBe('playlist');
		expect(results[3]).toMatchObject({ kind: 'InvalidInput' });
		expect((results[3] as MediaError).message).toMatch(/starting with "-"/);
		expect((results[4] as MediaInfo).id).toBe('video-360');
		expect((results[4] as MediaInfo).ext).toBe('mp4');

		const calls = spy.calls();
		expect(calls).toHaveLength(1);
		const args = calls[0];
		expect(args[0]).toBe('--ignore-config');
		const dashdash = args.indexOf('--');
		expect(args.slice(dashdash + 1)).toEqual([inputs[0], inputs[1], inputs[2], inputs[4]]);
		expect(args.some((a) => a.includes('--exec'))).toBe(false);
		expect(existsSync(marker)).toBe(false);
	});

	it('splits valid URLs into batches of batchSize processes; refused inputs and duplicates take no slot', async () => {
		const a = server.url('/media/audio.mp3');
		const b = server.url('/media/audio.m4a');
		const c = server.url('/media/video-360.mp4');
		const results = await getInfo([a, '-x', b, a, c], { auth: { paths: paths() }, batchSize: 2 });
		expect(results.map((r) => (r instanceof MediaError ? r.kind : r.id))).toEqual(['audio', 'InvalidInput', 'audio', 'audio', 'video-360']);
		expect(spy.calls().map((args) => args.slice(args.indexOf('--') + 1))).toEqual([[a, b], [c]]);
	});

	it('gives every URL its own error when several fail in one batch', async () => {
		const inputs = [server.url('/fault/404/a.mp4'), server.url('/media/audio.mp3'), server.url('/fault/404/b.mp4')];
		const outcomes = await getInfoOutcomes(inputs, { auth: { paths: paths() }, maxRetries: 0 });
		expect(outcomes.map((o) => o.input)).toEqual(inputs);
		expect(outcomes.map((o) => o.error?.kind ?? 'ok')).toEqual(['NotFound', 'ok', 'NotFound']);
		expect(outcomes[0].error!.url).toBe(inputs[0]);
		expect(outcomes[2].error!.url).toBe(inputs[2]);
	});

	it('retries a 5xx twice and then succeeds, re-running only that URL', async () => {
		const k = key();
		const flaky = server.url(`/fault/5xx/2/${k}/video-360.mp4`);
		const results = await getInfo([flaky, server.url('/media/audio.mp3')], { auth: { paths: paths() }, maxRetries: 3, retryDelayMs: 50 });
		expect((results[0] as MediaInfo).id).toBe('video-360');
		expect((results[1] as MediaInfo).id).toBe('audio');
		const calls = spy.calls();
		expect(calls).toHaveLength(3);
		expect(calls[1].slice(calls[1].indexOf('--') + 1)).toEqual([flaky]);
	});

	it('gives up after maxRetries with a retryable Network error', async () => {
		const flaky = server.url(`/fault/5xx/5/${key()}/video-360.mp4`);
		const error = await getInfo(flaky, { auth: { paths: paths() }, maxRetries: 1, retryDelayMs: 50 }).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: 'Network', retryable: true });
		expect(spy.calls()).toHaveLength(2);
	});

	it('does not retry a 404', async () => {
		await expect(getInfo(server.url('/fault/404/x.mp4'), { auth: { paths: paths() }, maxRetries: 3, retryDelayMs: 50 })).rejects.toMatchObject({ kind: 'NotFound' });
		expect(spy.calls()).toHaveLength(1);
	});

	it('waits for the Retry-After of a 429 before retrying', async () => {
		const limited = server.url(`/fault/429/2/${key()}/audio.mp3?times=2`);
		const started = Date.now();
		const info = await getInfo(limited, { auth: { paths: paths() }, maxRetries: 2, retryDelayMs: 10 });
		expect(info.id).toBe('audio');
		// A lower bound only: the server asked for 2 s, far above the 10 ms retry delay; a busy machine only adds.
		expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
		expect(spy.calls()).toHaveLength(2);
	});

	it('turns a silent server into a Timeout error (socket timeout)', async () => {
		const error = await getInfo(server.url(`/fault/hang/${key()}/video.mp4`), { auth: { paths: paths() }, socketTimeout: 1, maxRetries: 0 }).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: 'Timeout', retryable: true });
	});

	it('stops at the whole-call timeout and kills yt-dlp', async () => {
		const k = key();
		const error = await getInfo(server.url(`/fault/hang/${k}/video.mp4`), { auth: { paths: paths() }, timeoutMs: 1500, socketTimeout: 60, maxRetries: 0 }).catch(
			(e: unknown) => e,
		);
		expect(error).toMatchObject({ kind: 'Timeout' });
		// The spawn is proven by the spy; the call settles only after yt-dlp has been reaped.
		expect(spy.calls().some((args) => args.some((a) => a.includes(k)))).toBe(true);
		expect(processesMatching(k)).toEqual([]);
	});

	it('cancelling a running info call leaves no yt-dlp process alive', async () => {
		const k = key();
		const controller = new AbortController();
		const call = getInfo([server.url(`/fault/hang/${k}/a.mp4`), server.url(`/fault/hang/${k}/b.mp4`)], {
			auth: { paths: paths() },
			signal: controller.signal,
			socketTimeout: 60,
		});
		for (const t0 = Date.now(); processesMatching(k).length === 0 && Date.now() - t0 < HANG_LIMIT_MS; ) await sleep(50);
		expect(processesMatching(k).length).toBeGreaterThan(0);
		const abortedAt = Date.now();
		controller.abort();
		await expect(call).rejects.toMatchObject({ kind: 'Cancelled' });
		// Not a speed check: without the kill, yt-dlp would wait 60 s (socket timeout) on each of the two URLs.
		expect(Date.now() - abortedAt).toBeLessThan(HANG_LIMIT_MS);
		expect(processesMatching(k)).toEqual([]);
	}, 4 * HANG_LIMIT_MS);

	it('refuses local files unless allowed, and then applies the file-access check', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'mdl-local-'));
		try {
			const file = path.join(dir, 'clip.mp4');
			writeFileSync(file, Buffer.alloc(0));
			const { copyFileSync } = await import('node:fs');
			copyFileSync(server.media['video-360.mp4'].path, file);
			await expect(getInfo(file, { auth: { paths: paths() } })).rejects.toMatchObject({ kind: 'InvalidInput' });
			expect(spy.calls()).toHaveLength(0);

			const info = await getInfo(`file://${file}`, { allowLocalFiles: true, auth: { paths: paths() } });
			expect(info.id).toBe('clip');
			expect(spy.calls()[0]).toContain('--enable-file-urls');

			await expect(
				getInfo(file, {
					allowLocalFiles: true,
					checkLocalPath: () => {
						throw new Error('Access to the file is not allowed');
					},
					auth: { paths: paths() },
				}),
			).rejects.toMatchObject({ kind: 'InvalidInput', message: 'Access to the file is not allowed' });
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('sends the user agent, headers and cookies, keeps secrets off the command line and removes the temp files', async () => {
		const secretHeader = `Bearer s3cr3t-'quoted' "value" #not-a-comment --exec=touch`;
		const testPassword = ['hunter2', 'password'].join('-');
		const tmpBefore = readdirSync(os.tmpdir()).filter((n) => n.startsWith('mdl-secret-'));
		await getInfo(server.url('/media/audio.mp3'), {
			auth: {
				paths: paths(),
				userAgent: 'MediaDownloaderTest/1.0',
				headers: { Authorization: secretHeader, 'X-Trace': 'abc' },
				cookies: '127.0.0.1\tFALSE\t/\tFALSE\t0\tsession\tcookie-value-123',
				username: 'media-user',
				password: testPassword,
			},
		});
		const request = server.requests.find((r) => r.path === '/media/audio.mp3')!;
		expect(request.headers['user-agent']).toBe('MediaDownloaderTest/1.0');
		expect(request.headers.authorization).toBe(secretHeader);
		expect(request.headers['x-trace']).toBe('abc');
		expect(String(request.headers.cookie)).toContain('session=cookie-value-123');

		const args = spy.calls()[0].join(' ');
		expect(args).not.toContain('s3cr3t');
		expect(args).not.toContain('hunter2');
		expect(args).not.toContain('cookie-value-123');
		expect(args).toContain('--config-locations');
		expect(readdirSync(os.tmpdir()).filter((n) => n.startsWith('mdl-secret-'))).toEqual(tmpBefore);
	});

	it('says how to install yt-dlp when it is missing', async () => {
		const error = await getInfo(server.url('/media/audio.mp3'), { auth: { paths: { ytdlpPath: '/nonexistent/yt-dlp' } } }).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: 'BinaryMissing' });
		expect((error as MediaError).hint).toMatch(/Install it on the machine that runs n8n/);
	});
});

describe('getOptimalFormat on the fixture server', () => {
	it('recommends the MP4 source of the page for iOS and explains why', async () => {
		const choice = await getOptimalFormat(server.url('/page/video.html'), { platform: 'ios', contentType: 'video' }, { auth: { paths: paths() } });
		expect(choice.format).toBe('mp4');
		expect(choice.reason).toMatch(/QuickTime and iOS/);
		expect(choice.reason).toMatch(/skipped webm formats/);
	});

	it('recommends the 720p HLS variant for the web', async () => {
		const choice = await getOptimalFormat(server.url('/hls/master.m3u8'), { platform: 'web', contentType: 'video' }, { auth: { paths: paths() } });
		expect(choice.quality).toBe('720p');
	});
});
