import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

import { resolveConfig } from '../../lib/config';
import { downloadMedia } from '../../lib/download';
import { downloadDirect } from '../../lib/download/direct';
import { checkRobots, clearRobotsCache } from '../../lib/download/robots';
import { MediaError } from '../../lib/errors';
import { retryAfterFor } from '../../lib/retry';
import type { SiteAuth } from '../../lib/ytdlp';
import { sha256File } from '../fixtures';
import { xxhash64Of } from '../fixtures/checksums';
import { withFixtures } from '../helpers/withFixtures';
import { closedPort } from '../helpers/ports';
import { startSocks5 } from '../helpers/socks5';

const fx = withFixtures('mdl-direct-');
let keyCounter = 0;
const key = () => `d${process.pid}-${++keyCounter}`;

beforeEach(() => clearRobotsCache());

const config = (over: Parameters<typeof resolveConfig>[0] = {}) => resolveConfig({ outputDir: fx.dir, maxRetries: 0, ...over });

const failureOf = (promise: Promise<unknown>) => promise.then(
	() => {
		throw new Error('expected a failure');
	},
	(error: unknown) => error as MediaError,
);

/** Cookies for the proxy tests: only `session` and `deep` fit http://media.invalid/media/…. */
const COOKIES = [
	'# Netscape HTTP Cookie File',
	['.media.invalid', 'TRUE', '/', 'FALSE', '0', 'session', 'abc123'].join('\t'),
	['media.invalid', 'FALSE', '/media', 'FALSE', String(Math.floor(Date.now() / 1000) + 3600), 'deep', 'd1'].join('\t'),
	['other.invalid', 'FALSE', '/', 'FALSE', '0', 'foreign', 'nope'].join('\t'),
	['media.invalid', 'FALSE', '/', 'TRUE', '0', 'secureonly', 'nope'].join('\t'),
	['media.invalid', 'FALSE', '/', 'FALSE', '1000', 'expired', 'nope'].join('\t'),
	['media.invalid', 'FALSE', '/mediax', 'FALSE', '0', 'otherpath', 'nope'].join('\t'),
].join('\n');

describe('downloadDirect: the socket timeout is an idle limit', () => {
	it('completes a throttled download that takes over 3× the socket timeout, byte-identical', async () => {
		const audio = fx.server.media['audio.mp3'];
		const started = Date.now();
		// ~65 kB at 8 kB/s: about 8 s of steady trickle against a 2 s socket timeout.
		const result = await downloadDirect(fx.server.url('/fault/slow/8000/audio.mp3'), config({ socketTimeout: 2 }), { auth: {} });
		expect(Date.now() - started).toBeGreaterThan(3 * 2000);
		expect(await sha256File(result.filepath)).toBe(audio.sha256);
		expect(existsSync(`${result.filepath}.part`)).toBe(false);
	}, 120_000);

	it('fails a server that goes silent mid-body with a Timeout, keeps the .part, and resumes it next time', async () => {
		const k = key();
		const url = fx.server.url(`/fault/stall/20000/${k}/video-720.mp4`);
		const started = Date.now();
		const error = await failureOf(downloadDirect(url, config({ socketTimeout: 2 }), { auth: {} }));
		expect(error).toBeInstanceOf(MediaError);
		expect(error.kind).toBe('Timeout');
		expect(error.retryable).toBe(true);
		expect(error.message).toMatch(/stalled after 20000 bytes/);
		expect(Date.now() - started).toBeLessThan(60_000);
		const final = path.join(fx.dir, 'video-720.mp4');
		expect(existsSync(final)).toBe(false);
		expect(statSync(`${final}.part`).size).toBe(20000);

		const again = await downloadDirect(url, config({ socketTimeout: 2, resumeDownloads: true }), { auth: {} });
		expect(await sha256File(again.filepath)).toBe(fx.server.media['video-720.mp4'].sha256);
		expect(fx.server.requests.map((r) => r.headers.range)).toEqual([undefined, 'bytes=20000-']);
	}, 120_000);

	it('fails a server that never answers with a Timeout', async () => {
		const error = await failureOf(downloadDirect(fx.server.url(`/fault/hang/${key()}/video.mp4`), config({ socketTimeout: 1 }), { auth: {} }));
		expect(error.kind).toBe('Timeout');
		expect(error.message).toMatch(/No answer from 127\.0\.0\.1:\d+ within 1 s/);
		expect(existsSync(path.join(fx.dir, 'video.mp4'))).toBe(false);
	}, 60_000);
});

describe("the library's own requests use the network identity", () => {
	const identity = (): SiteAuth => ({ proxy: fx.server.baseUrl, userAgent: 'FixtureAgent/1.0', headers: { 'X-Fixture': 'yes' }, cookies: COOKIES });

	it('downloads directly through an HTTP proxy with the user agent, headers and matching cookies', async () => {
		// media.invalid does not resolve: only the proxy route can work.
		const result = await downloadDirect('http://media.invalid/media/audio.mp3', config(), { auth: identity() });
		expect(await sha256File(result.filepath)).toBe(fx.server.media['audio.mp3'].sha256);
		expect(fx.server.requests).toHaveLength(1);
		const [request] = fx.server.requests;
		expect(request).toMatchObject({ viaProxy: true, proxiedHost: 'media.invalid', path: '/media/audio.mp3' });
		expect(request.headers['user-agent']).toBe('FixtureAgent/1.0');
		expect(request.headers['x-fixture']).toBe('yes');
		expect(request.headers.cookie).toBe('deep=d1; session=abc123');
	});

	it('reads JSON cookie exports the same way', async () => {
		const json = JSON.stringify([
			{ domain: 'media.invalid', hostOnly: true, name: 'j', value: 'v', path: '/', secure: false },
			{ domain: 'elsewhere.invalid', name: 'x', value: 'y', path: '/' },
		]);
		await downloadDirect('http://media.invalid/media/audio.mp3', config(), { auth: { proxy: fx.server.baseUrl, cookies: json } });
		expect(fx.server.requests[0].headers.cookie).toBe('j=v');
	});

	it('sends proxy credentials to the proxy only, and never shows them in an error', async () => {
		const secretProxy = `http://fixture-user:s3cret-pass@${fx.server.baseUrl.slice('http://'.length)}`;
		await downloadDirect('http://media.invalid/media/audio.mp3', config(), { auth: { proxy: secretProxy } });
		expect(fx.server.requests[0].headers['proxy-authorization']).toBe(`Basic ${Buffer.from('fixture-user:s3cret-pass').toString('base64')}`);

		const deadProxy = `http://fixture-user:s3cret-pass@127.0.0.1:${await closedPort()}`;
		const error = await failureOf(downloadDirect('http://media.invalid/media/video-360.mp4', config(), { auth: { proxy: deadProxy } }));
		expect(error.kind).toBe('Network');
		const shown = [error.message, error.hint, error.stderr ?? '', JSON.stringify(error), String(error.stack)].join('\n');
		expect(shown).not.toMatch(/s3cret-pass|fixture-user/);
	});

	it('reports a proxy that refuses the credentials as AccessDenied, without the credentials', async () => {
		const refusing = http.createServer((_req, res) => res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="fixture"', 'Content-Length': 0 }).end());
		await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
		try {
			const proxy = `http://fixture-user:wr0ng-pass@127.0.0.1:${(refusing.address() as net.AddressInfo).port}`;
			const error = await failureOf(downloadDirect('http://media.invalid/media/audio.mp3', config(), { auth: { proxy } }));
			expect(error).toMatchObject({ kind: 'AccessDenied', retryable: false, message: expect.stringMatching(/407/) });
			expect(`${error.message}\n${error.hint}`).not.toMatch(/wr0ng-pass|fixture-user/);
		} finally {
			await new Promise<void>((resolve) => refusing.close(() => resolve()));
		}
	});

	it('follows a redirect to another host with that host’s cookies, dropping the first host’s Authorization', async () => {
		const cookies = [
			['start.invalid', 'FALSE', '/', 'FALSE', '0', 'a', '1'].join('\t'),
			['media.invalid', 'FALSE', '/', 'FALSE', '0', 'b', '2'].join('\t'),
		].join('\n');
		const auth: SiteAuth = { proxy: fx.server.baseUrl, cookies, headers: { Authorization: 'Bearer only-for-start' } };
		const to = encodeURIComponent('http://media.invalid/media/audio.mp3');
		const result = await downloadDirect(`http://start.invalid/fault/redirect/302?to=${to}&f=x.mp3`, config(), { auth });
		expect(await sha256File(result.filepath)).toBe(fx.server.media['audio.mp3'].sha256);
		const [first, second] = fx.server.requests;
		expect(first).toMatchObject({ viaProxy: true, proxiedHost: 'start.invalid' });
		expect(first.headers).toMatchObject({ cookie: 'a=1', authorization: 'Bearer only-for-start' });
		expect(second).toMatchObject({ viaProxy: true, proxiedHost: 'media.invalid', path: '/media/audio.mp3' });
		expect(second.headers.cookie).toBe('b=2');
		expect(second.headers.authorization).toBeUndefined();
	});

	it('downloads through a SOCKS5 proxy (socks5 and socks5h), the host name resolved by the proxy', async () => {
		const socks = await startSocks5(Number(new URL(fx.server.baseUrl).port));
		try {
			for (const scheme of ['socks5', 'socks5h']) {
				const proxy = socks.url.replace(/^socks5/, scheme);
				const result = await downloadDirect('http://media.invalid/media/audio.mp3', config({ overwriteExisting: true }), { auth: { proxy, userAgent: 'SocksAgent/1' } });
				expect(await sha256File(result.filepath)).toBe(fx.server.media['audio.mp3'].sha256);
			}
			expect(socks.connects).toEqual(['media.invalid:80', 'media.invalid:80']);
			expect(fx.server.requests.map((r) => r.headers['user-agent'])).toEqual(['SocksAgent/1', 'SocksAgent/1']);
		} finally {
			await socks.close();
		}
	});

	it('does not attempt a direct download it cannot route through a SOCKS4 proxy, and says why', async () => {
		const error = await failureOf(downloadDirect(fx.server.url('/media/audio.mp3'), config(), { auth: { proxy: `socks4://${new URL(fx.server.baseUrl).host}` } }));
		expect(error.kind).toBe('InvalidInput');
		expect(error.retryable).toBe(false);
		expect(error.message).toMatch(/direct download was not attempted: .*SOCKS4 proxy/);
		expect(fx.server.requests).toEqual([]);
	});

	it('checks robots.txt through the proxy: allows and disallows by its rules', async () => {
		fx.server.setRobotsTxt('User-agent: *\nDisallow: /private/\n');
		try {
			const auth = identity();
			await expect(checkRobots('http://media.invalid/media/audio.mp3', auth)).resolves.toEqual({ crawlDelay: undefined });
			const refused = await failureOf(checkRobots('http://media.invalid/private/audio.mp3', auth));
			expect(refused.kind).toBe('AccessDenied');
			expect(refused.message).toMatch(/disallows \/private\/audio\.mp3/);
			// one fetch per origin and identity
			expect(fx.server.requests).toHaveLength(1);
			expect(fx.server.requests[0]).toMatchObject({ viaProxy: true, proxiedHost: 'media.invalid', path: '/robots.txt' });
			expect(fx.server.requests[0].headers).toMatchObject({ 'user-agent': 'FixtureAgent/1.0', 'x-fixture': 'yes', cookie: 'session=abc123' });
		} finally {
			fx.server.setRobotsTxt(null);
		}
	});

	it('skips the robots.txt check behind a SOCKS4 proxy with a warning instead of going around it', async () => {
		fx.server.setRobotsTxt('User-agent: *\nDisallow: /\n');
		try {
			const verdict = await checkRobots(fx.server.url('/media/audio.mp3'), { proxy: `socks4://${new URL(fx.server.baseUrl).host}` });
			expect(verdict.warning).toMatch(/^robots\.txt of http:\/\/127\.0\.0\.1:\d+ was not checked: .*SOCKS4 proxy/);
			expect(verdict.crawlDelay).toBeUndefined();
			expect(fx.server.requests).toEqual([]);
		} finally {
			fx.server.setRobotsTxt(null);
		}
	});

	it('downloadMedia behind a SOCKS4a proxy: yt-dlp downloads through it, the result says robots.txt was not checked', async () => {
		fx.server.setRobotsTxt('User-agent: *\nDisallow: /\n');
		const socks = await startSocks5(Number(new URL(fx.server.baseUrl).port));
		try {
			const [result] = await downloadMedia('http://media.invalid/media/audio.m4a', {
				outputDir: fx.dir,
				audioOnly: true,
				audioFormat: 'm4a',
				respectRobotsTxt: true,
				proxyUrl: socks.url.replace('socks5:', 'socks4a:'),
			});
			expect(result.checksum).toEqual(await xxhash64Of(result.localPath!));
			expect(result.warnings).toEqual([expect.stringMatching(/^robots\.txt of http:\/\/media\.invalid was not checked: .*SOCKS4/)]);
			expect(socks.connects.every((c) => c === 'media.invalid:80')).toBe(true);
			expect(fx.server.requests.some((r) => r.path === '/robots.txt')).toBe(false);
		} finally {
			fx.server.setRobotsTxt(null);
			await socks.close();
		}
	});

	it('asks for Retry-After through the proxy', async () => {
		const url = `http://media.invalid/fault/429/7/${key()}/video-360.mp4?times=5`;
		const ms = await retryAfterFor(new MediaError('RateLimited', 'HTTP Error 429', { url }), { auth: identity() });
		expect(ms).toBe(7000);
		expect(fx.server.requests).toHaveLength(1);
		expect(fx.server.requests[0]).toMatchObject({ method: 'HEAD', viaProxy: true, proxiedHost: 'media.invalid' });
		expect(fx.server.requests[0].headers['user-agent']).toBe('FixtureAgent/1.0');
	});
});

describe('downloadDirect writes through no link', () => {
	/** `out` is the output folder; `target` a folder beside it, where planted links lead. */
	const folders = () => {
		const out = path.join(fx.dir, 'out');
		const target = path.join(fx.dir, 'target');
		mkdirSync(out);
		mkdirSync(target);
		return { out, target };
	};

	it.each([
		['to nothing (a write would create it)', false],
		['to an existing file (a resume would append to it)', true],
	])('a symlink at the .part name, leading %s, is refused: nothing is written where it leads, the link is not renamed into place', async (_case, existing) => {
		const { out, target } = folders();
		if (existing) writeFileSync(path.join(target, 'escaped.part'), 'precious');
		// Planted after downloadMedia checked the name, before the file is opened.
		symlinkSync(path.join(target, 'escaped.part'), path.join(out, 'audio.mp3.part'));
		const error = await failureOf(downloadDirect(fx.server.url('/media/audio.mp3'), config({ outputDir: out, resumeDownloads: true }), { auth: {} }));
		expect(error).toMatchObject({ kind: 'InvalidInput', retryable: false, message: expect.stringContaining('"audio.mp3.part" in the output folder is a symlink') });
		expect(readdirSync(target)).toEqual(existing ? ['escaped.part'] : []);
		if (existing) expect(readFileSync(path.join(target, 'escaped.part'), 'utf8')).toBe('precious');
		// The link's target size was never taken for a partial download to resume.
		expect(fx.server.requests.map((r) => r.headers.range)).toEqual([undefined]);
		expect(readdirSync(out)).toEqual(['audio.mp3.part']);
	});

	it('a symlink at the final name counts as an existing file: nothing is requested, written or renamed over it', async () => {
		const { out, target } = folders();
		symlinkSync(path.join(target, 'escaped.mp3'), path.join(out, 'audio.mp3'));
		const result = await downloadDirect(fx.server.url('/media/audio.mp3'), config({ outputDir: out }), { auth: {} });
		expect(result).toEqual({ filepath: path.join(out, 'audio.mp3'), existed: true });
		expect(lstatSync(result.filepath).isSymbolicLink()).toBe(true);
		expect(fx.server.requests).toEqual([]);
		expect(readdirSync(target)).toEqual([]);
	});

	it('a regular file is still written and resumed as before (O_NOFOLLOW changes nothing for it)', async () => {
		const { out } = folders();
		const audio = fx.server.media['audio.mp3'];
		writeFileSync(path.join(out, 'audio.mp3.part'), readFileSync(audio.path).subarray(0, 1000));
		const result = await downloadDirect(fx.server.url('/media/audio.mp3'), config({ outputDir: out, resumeDownloads: true }), { auth: {} });
		expect(await sha256File(result.filepath)).toBe(audio.sha256);
		expect(fx.server.requests.map((r) => r.headers.range)).toEqual(['bytes=1000-']);
		expect(statSync(result.filepath).size).toBe(audio.size);
		expect(readdirSync(out)).toEqual(['audio.mp3']);
	});
});
