import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import {
	CAPTION_CUES,
	CHAPTERS,
	EPISODES,
	FEED_TITLE,
	FFPROBE,
	LOOP_CLIP_SECONDS,
	PAGES,
	SUBTITLE_FILES,
	ensureLargeMedia,
	run,
	sha256File,
	startFixtureServer,
	type FixtureServer,
	type MediaFile,
} from '../fixtures';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Info = Record<string, any>;

interface Fetched {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
	/** false when the server cut the body short */
	complete: boolean;
}

function fetchRaw(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Fetched> {
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('error', () => {});
			res.on('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), complete: res.complete }));
		});
		req.on('error', reject);
		req.end();
	});
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Limits in this file only catch a hang: the machine may be busy (2 cores shared with other test runs),
 * so nothing here asserts that work is fast, only that it ends and ends right.
 */
const HANG_LIMIT_MS = 30_000;

/** 'done' when `promise` settles within `ms`, else 'still pending' (the timer is cleared either way). */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<'done' | 'still pending'> {
	let timer: NodeJS.Timeout | undefined;
	const limit = new Promise<'still pending'>((r) => (timer = setTimeout(() => r('still pending'), ms)));
	try {
		return await Promise.race([promise.then(() => 'done' as const), limit]);
	} finally {
		clearTimeout(timer);
	}
}

/** The yt-dlp under test: YTDLP_PATH (CI's second run uses the current release), else the one on PATH. */
const YTDLP = process.env.YTDLP_PATH || 'yt-dlp';

async function ytdlp(url: string): Promise<{ code: number; info?: Info; stderr: string }> {
	const r = await run(YTDLP, ['--ignore-config', '-J', '--', url]);
	return { code: r.code, stderr: r.stderr, info: r.code === 0 ? (JSON.parse(r.stdout) as Info) : undefined };
}

let srv: FixtureServer;
let media: Record<string, MediaFile>;

beforeAll(async () => {
	srv = await startFixtureServer();
	media = srv.media;
}, 600_000);
afterAll(() => srv?.close());

describe('generated media (ffprobe)', () => {
	const expectations: [string, Partial<MediaFile>, number][] = [
		['video-360.mp4', { vcodec: 'h264', acodec: 'aac', width: 640, height: 360 }, 5],
		['video-720.mp4', { vcodec: 'h264', acodec: 'aac', width: 1280, height: 720 }, 5],
		['video-360.webm', { vcodec: 'vp9', acodec: 'opus', height: 360 }, 5],
		['video-720.webm', { vcodec: 'vp9', acodec: 'opus', height: 720 }, 5],
		['video-chapters.mp4', { vcodec: 'h264', acodec: 'aac', height: 360 }, 6],
		['audio.mp3', { acodec: 'mp3', vcodec: undefined }, 4],
		['audio.m4a', { acodec: 'aac', vcodec: undefined }, 4],
		['audio.opus', { acodec: 'opus', vcodec: undefined }, 4],
		['audio.webm', { acodec: 'opus', vcodec: undefined }, 4],
		...EPISODES.map((e): [string, Partial<MediaFile>, number] => [e.file, { acodec: 'mp3' }, 4]),
	];

	it.each(expectations)('%s', async (name, props, duration) => {
		const m = media[name];
		expect(Object.fromEntries(Object.keys(props).map((k) => [k, m[k as keyof MediaFile]]))).toEqual(props);
		expect(m.duration).toBeCloseTo(duration, 0);
		expect(Math.abs(m.duration - duration)).toBeLessThan(0.1);
		expect(m.sha256).toBe(await sha256File(m.path));
		expect((await fs.stat(m.path)).size).toBe(m.size);
	});

	it('mp4 files are yuv420p with moov before mdat (+faststart)', async () => {
		for (const name of ['video-360.mp4', 'video-720.mp4', 'big.mp4']) {
			const r = await run(FFPROBE, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=pix_fmt', '-of', 'csv=p=0', media[name].path]);
			expect(r.stdout.trim()).toBe('yuv420p');
			const fh = await fs.open(media[name].path);
			const boxes: string[] = [];
			try {
				const buf = Buffer.alloc(8);
				for (let off = 0; off < media[name].size && boxes.length < 8; ) {
					await fh.read(buf, 0, 8, off);
					boxes.push(buf.toString('latin1', 4, 8));
					off += buf.readUInt32BE(0);
				}
			} finally {
				await fh.close();
			}
			expect(boxes.indexOf('moov')).toBeGreaterThan(-1);
			expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
		}
	});

	it('video-chapters.mp4 has the three chapters', async () => {
		const r = await run(FFPROBE, ['-v', 'error', '-show_chapters', '-of', 'json', media['video-chapters.mp4'].path]);
		const chapters = (JSON.parse(r.stdout) as Info).chapters as Info[];
		expect(chapters.map((c) => [Number(c.start_time), Number(c.end_time), c.tags.title])).toEqual(CHAPTERS.map((c) => [c.start, c.end, c.title]));
	});

	it('big.mp4 is > 50 MiB and its stream durations agree', async () => {
		const big = media['big.mp4'];
		expect(big.size).toBeGreaterThan(50 * 2 ** 20);
		const r = await run(FFPROBE, ['-v', 'error', '-show_entries', 'stream=duration', '-of', 'json', big.path]);
		const d = ((JSON.parse(r.stdout) as Info).streams as Info[]).map((s) => Number(s.duration));
		expect(d).toHaveLength(2);
		expect(Math.abs(d[0] - d[1])).toBeLessThan(0.1);
		expect(Math.abs(big.duration - d[0])).toBeLessThan(0.1);
		const copies = Math.round(big.duration / LOOP_CLIP_SECONDS);
		expect(Math.abs(big.duration - copies * LOOP_CLIP_SECONDS)).toBeLessThan(0.01); // whole copies, no drift
	});

	it('ensureLargeMedia makes a cached large-<MiB>.mp4 that the server serves', async () => {
		const large = await ensureLargeMedia(55 * 2 ** 20);
		expect(large.name).toBe('large-55.mp4');
		expect(large.size).toBeGreaterThan(55 * 2 ** 20);
		expect(await ensureLargeMedia(55 * 2 ** 20 - 100)).toEqual(large);
		const head = await fetchRaw(srv.url('/media/large-55.mp4'), {}, 'HEAD');
		expect(head.status).toBe(200);
		expect(Number(head.headers['content-length'])).toBe(large.size);
		await expect(ensureLargeMedia(2 ** 31)).rejects.toThrow(RangeError);
	}, 300_000); // ffmpeg may have to write the 55 MiB file first

	it('writes the subtitle files into the cache', async () => {
		for (const [name, text] of Object.entries(SUBTITLE_FILES)) {
			expect(await fs.readFile(path.join(path.dirname(media['audio.mp3'].path), 'subs', name), 'utf8')).toBe(text);
		}
	});
});

describe('yt-dlp against the server', () => {
	const results: Record<string, Awaited<ReturnType<typeof ytdlp>>> = {};
	const cases: Record<string, string> = {
		direct: '/media/video-360.mp4',
		video: '/page/video.html',
		nocaptions: '/page/nocaptions.html',
		audio: '/page/audio.html',
		jsonld: '/page/jsonld.html',
		feed: '/feed.xml',
		hls: '/hls/master.m3u8',
		missing: '/fault/404/x',
	};

	beforeAll(async () => {
		srv.reset();
		await Promise.all(Object.entries(cases).map(async ([k, p]) => (results[k] = await ytdlp(srv.url(p)))));
	}, 300_000); // eight yt-dlp processes at once

	it('direct mp4: generic extractor, ext mp4, no duration (yt-dlp does not probe direct links)', () => {
		const { info } = results.direct;
		expect(info).toMatchObject({ id: 'video-360', title: 'video-360', extractor: 'generic', ext: 'mp4', direct: true, webpage_url: srv.url(cases.direct) });
		expect(info?.duration).toBeUndefined();
		expect(info?.original_url).toBe(srv.url(cases.direct));
		expect(info?.filesize ?? undefined).toBeUndefined();
	});

	it('video page: html5 formats and en/de subtitles', async () => {
		const { info } = results.video;
		expect(info).toMatchObject({ id: 'video-1', title: `${PAGES.video.ogTitle} (1)`, extractor: 'html5', webpage_url: srv.url(cases.video) });
		expect((info?.formats as Info[]).map((f) => f.url).sort()).toEqual([srv.url('/media/video-360.webm'), srv.url('/media/video-720.mp4')]);
		expect(Object.keys(info?.subtitles).sort()).toEqual(['de', 'en']);
		const en = info?.subtitles.en[0] as Info;
		expect(en).toMatchObject({ url: srv.url('/subs/captions.en.vtt'), ext: 'vtt' }); // the <track> label is not kept
		const text = (await fetchRaw(en.url)).body.toString('utf8');
		expect(text).toBe(SUBTITLE_FILES['captions.en.vtt']);
		for (const cue of CAPTION_CUES.en) expect(text).toContain(cue.text);
		const de = (await fetchRaw(info?.subtitles.de[0].url)).body.toString('utf8');
		for (const cue of CAPTION_CUES.de) expect(de).toContain(cue.text);
		// yt-dlp sends its own browser-like user agent
		const pageReq = srv.requests.find((r) => r.path === cases.video);
		expect(pageReq?.headers['user-agent']).toMatch(/^Mozilla\/5\.0 /);
	});

	it('nocaptions and audio pages', () => {
		const noc = results.nocaptions.info;
		expect(noc).toMatchObject({ id: 'nocaptions-1', title: `${PAGES.nocaptions.title} (1)`, extractor: 'html5', ext: 'mp4' });
		expect(noc?.subtitles ?? {}).toEqual({});
		const audio = results.audio.info;
		expect(audio).toMatchObject({ id: 'audio-1', title: `${PAGES.audio.title} (1)`, extractor: 'html5' });
		expect((audio?.formats as Info[]).every((f) => f.vcodec === 'none')).toBe(true);
	});

	it('JSON-LD page carries a duration', () => {
		const { info } = results.jsonld;
		expect(info).toMatchObject({ title: PAGES.jsonld.name, duration: PAGES.jsonld.duration, ext: 'mp4' });
		expect(Math.abs(info?.duration - media['video-360.mp4'].duration)).toBeLessThan(0.1);
	});

	it('RSS feed is a playlist of 3 episodes', () => {
		const { info } = results.feed;
		expect(info).toMatchObject({ _type: 'playlist', id: srv.url('/feed.xml'), title: FEED_TITLE, extractor: 'generic' });
		const entries = info?.entries as Info[];
		expect(entries).toHaveLength(3);
		expect(entries.map((e) => [e.id, e.title, e.url])).toEqual(EPISODES.map((e) => [e.guid, e.title, srv.url(`/media/${e.file}`)]));
		expect(entries.map((e) => e.timestamp)).toEqual(EPISODES.map((e) => Date.parse(e.pubDate) / 1000));
		expect(entries.every((e) => e.duration === 4 && e.ext === 'mp3')).toBe(true);
	});

	it('HLS master has 360p and 720p variants', () => {
		const { info } = results.hls;
		expect(info).toMatchObject({ id: 'master', extractor: 'generic' });
		const heights = (info?.formats as Info[]).map((f) => f.height);
		expect(heights).toEqual(expect.arrayContaining([360, 720]));
		expect((info?.formats as Info[]).every((f) => f.protocol === 'm3u8_native')).toBe(true);
	});

	it('404 makes yt-dlp fail with an HTTP 404 error', () => {
		const r = results.missing;
		expect(r.code).toBe(1);
		// 2023.03.04 names no id ("None:"); current releases name the URL's last path segment.
		expect(r.stderr).toMatch(/^ERROR: \[generic\] (None|x): Unable to download webpage: HTTP Error 404: Not Found/m);
	});

	it('yt-dlp resumes a dropped download referenced from a page', async () => {
		const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mdl-fixture-dl-'));
		try {
			const page = srv.url('/page/nocaptions.html?src=/fault/drop/100000/ytdrop/video-720.mp4');
			const r = await run(YTDLP, ['--ignore-config', '--no-part', '-o', path.join(dir, 'out.%(ext)s'), '--', page]);
			expect(r.code).toBe(0);
			expect(await sha256File(path.join(dir, 'out.mp4'))).toBe(media['video-720.mp4'].sha256);
			const gets = srv.requests.filter((q) => q.path === '/fault/drop/100000/ytdrop/video-720.mp4');
			expect(gets.length).toBeGreaterThanOrEqual(2);
			// It asks for the rest from what reached the disk: all 100000 bytes sent (2023.03.04), or the last
			// whole block written before the drop (current releases write in 64 KiB blocks).
			const from = Number(/^bytes=(\d+)-$/.exec(String(gets[1].headers.range))?.[1]);
			expect(from).toBeGreaterThan(0);
			expect(from).toBeLessThanOrEqual(100000);
		} finally {
			await fs.rm(dir, { recursive: true, force: true });
		}
	}, 180_000);
});

describe('HTTP behaviour', () => {
	beforeEach(() => srv.reset());

	it('serves byte ranges exactly', async () => {
		const m = media['video-720.mp4'];
		const file = await fs.readFile(m.path);
		const url = srv.url('/media/video-720.mp4');
		const full = await fetchRaw(url);
		expect(full).toMatchObject({ status: 200, complete: true });
		expect(full.headers).toMatchObject({ 'content-type': 'video/mp4', 'accept-ranges': 'bytes', 'content-length': String(m.size) });
		expect(sha(full.body)).toBe(m.sha256);

		const cases: [string, number, number][] = [
			['bytes=100-199', 100, 199],
			['bytes=0-0', 0, 0],
			['bytes=1000-', 1000, m.size - 1],
			['bytes=-500', m.size - 500, m.size - 1],
			[`bytes=${m.size - 10}-${m.size + 1000}`, m.size - 10, m.size - 1],
			[`bytes=-${m.size + 5}`, 0, m.size - 1],
		];
		for (const [range, a, b] of cases) {
			const r = await fetchRaw(url, { Range: range });
			expect(r.status).toBe(206);
			expect(r.headers['content-range']).toBe(`bytes ${a}-${b}/${m.size}`);
			expect(Number(r.headers['content-length'])).toBe(b - a + 1);
			expect(sha(r.body)).toBe(sha(file.subarray(a, b + 1)));
		}
		for (const range of [`bytes=${m.size}-`, 'bytes=-0', 'bytes=10-5']) {
			const r = await fetchRaw(url, { Range: range });
			expect(r.status).toBe(416);
			expect(r.headers['content-range']).toBe(`bytes */${m.size}`);
		}
		const head = await fetchRaw(url, { Range: 'bytes=10-19' }, 'HEAD');
		expect(head).toMatchObject({ status: 206, body: Buffer.alloc(0) });
		expect(head.headers['content-length']).toBe('10');
		expect(srv.requests.map((r) => r.method)).toEqual([...Array(10).fill('GET'), 'HEAD']);
		expect(srv.requests[1].headers.range).toBe('bytes=100-199');
	});

	it('content types for every route kind', async () => {
		const types: [string, RegExp][] = [
			['/media/audio.mp3', /^audio\/mpeg$/],
			['/media/audio.m4a', /^audio\/mp4$/],
			['/media/audio.webm', /^audio\/webm$/],
			['/media/video-360.webm', /^video\/webm$/],
			['/subs/captions.de.vtt', /^text\/vtt/],
			['/subs/captions.en.srt', /^application\/x-subrip/],
			['/page/video.html', /^text\/html/],
			['/feed.xml', /^application\/rss\+xml/],
			['/hls/master.m3u8', /^application\/vnd\.apple\.mpegurl$/],
			['/hls/720p/seg000.ts', /^video\/mp2t$/],
		];
		for (const [p, type] of types) {
			const r = await fetchRaw(srv.url(p));
			expect([p, r.status]).toEqual([p, 200]);
			expect(r.headers['content-type']).toMatch(type);
			expect(Number(r.headers['content-length'])).toBe(r.body.length);
		}
		expect((await fetchRaw(srv.url('/subs/captions.en.srt'))).body.toString()).toBe(SUBTITLE_FILES['captions.en.srt']);
		for (const p of ['/nope', '/media/nope.mp4', '/fault/404/x', '/page/nope.html', '/page/video.html?src=http://example.com/x.mp4']) {
			expect([p, (await fetchRaw(srv.url(p))).status]).toEqual([p, 404]);
		}
		expect((await fetchRaw(srv.url('/hls/..%2F..%2Fetc%2Fpasswd'))).status).toBe(400);
	});

	it('feed enclosures are real files with matching lengths', async () => {
		const xml = (await fetchRaw(srv.url('/feed.xml'))).body.toString();
		const enclosures = [...xml.matchAll(/<enclosure url="([^"]+)" type="audio\/mpeg" length="(\d+)"/g)];
		expect(enclosures).toHaveLength(3);
		for (const [, url, length] of enclosures) {
			const r = await fetchRaw(url, {}, 'HEAD');
			expect(r.status).toBe(200);
			expect(r.headers['content-length']).toBe(length);
		}
	});

	it('drop: first request is cut after N bytes, a resume completes it', async () => {
		const m = media['video-360.mp4'];
		const url = srv.url('/fault/drop/1000/d1/video-360.mp4');
		const first = await fetchRaw(url);
		expect(first).toMatchObject({ status: 200, complete: false });
		expect(first.headers['content-length']).toBe(String(m.size));
		expect(first.body.length).toBe(1000);
		const rest = await fetchRaw(url, { Range: 'bytes=1000-' });
		expect(rest.status).toBe(206);
		expect(sha(Buffer.concat([first.body, rest.body]))).toBe(m.sha256);
		expect(await fetchRaw(url)).toMatchObject({ status: 200, complete: true });
		// another key has its own counter, and a zero-byte drop still sends headers
		const zero = await fetchRaw(srv.url('/fault/drop/0/d2/audio.mp3'));
		expect(zero).toMatchObject({ status: 200, complete: false, body: Buffer.alloc(0) });
	});

	it('5xx: k failures per key, counters independent, reset() clears them', async () => {
		const status = async (p: string) => (await fetchRaw(srv.url(p))).status;
		const p1 = '/fault/5xx/2/s1/audio.mp3';
		expect([await status(p1), await status(p1), await status('/fault/5xx/2/s2/audio.mp3'), await status(p1)]).toEqual([503, 503, 503, 200]);
		const ok = await fetchRaw(srv.url(p1), { Range: 'bytes=0-9' });
		expect(ok.status).toBe(206);
		srv.reset();
		expect(srv.requests).toHaveLength(0);
		expect(await status(p1)).toBe(503);
	});

	it('429: Retry-After on the first request of a key', async () => {
		const url = srv.url('/fault/429/3/r1/audio.opus');
		const first = await fetchRaw(url);
		expect(first.status).toBe(429);
		expect(first.headers['retry-after']).toBe('3');
		const second = await fetchRaw(url);
		expect(second.status).toBe(200);
		expect(sha(second.body)).toBe(media['audio.opus'].sha256);
	});

	it('slow: throttled but complete', async () => {
		const t0 = Date.now();
		const r = await fetchRaw(srv.url('/fault/slow/40000/audio.mp3'), { Range: 'bytes=0-19999' });
		const elapsed = Date.now() - t0;
		expect(r.status).toBe(206);
		expect(r.body.length).toBe(20000);
		expect(sha(r.body)).toBe(sha((await fs.readFile(media['audio.mp3'].path)).subarray(0, 20000)));
		// 20000 bytes at 40000 B/s: half a second at least, however fast the machine (a busy one is only slower).
		expect(elapsed).toBeGreaterThanOrEqual(400);
		expect(elapsed).toBeLessThan(HANG_LIMIT_MS);
	});

	it('robots.txt: 404 by default, settable', async () => {
		expect((await fetchRaw(srv.url('/robots.txt'))).status).toBe(404);
		srv.setRobotsTxt('User-agent: *\nDisallow: /private\n');
		const r = await fetchRaw(srv.url('/robots.txt'));
		expect([r.status, r.body.toString()]).toEqual([200, 'User-agent: *\nDisallow: /private\n']);
		srv.setRobotsTxt(null);
		expect((await fetchRaw(srv.url('/robots.txt'))).status).toBe(404);
	});

	it('close() ends hanging and slow connections immediately', async () => {
		const s2 = await startFixtureServer();
		const hang = fetchRaw(s2.url('/fault/hang/h1/video-360.mp4'));
		const slow = fetchRaw(s2.url('/fault/slow/1000/video-720.mp4'));
		const hangOutcome = hang.then(
			() => 'answered',
			(e: NodeJS.ErrnoException) => e.code,
		);
		for (const t0 = Date.now(); s2.requests.length < 2 && Date.now() - t0 < HANG_LIMIT_MS; ) await sleep(20);
		expect(s2.requests.map((r) => r.path).sort()).toEqual(['/fault/hang/h1/video-360.mp4', '/fault/slow/1000/video-720.mp4']);
		// Without destroying them, close() would wait for both: forever for the hang, minutes for the slow one.
		expect(await settlesWithin(s2.close(), HANG_LIMIT_MS)).toBe('done');
		expect(await hangOutcome).toBe('ECONNRESET');
		expect(await slow).toMatchObject({ status: 200, complete: false });
	}, 2 * HANG_LIMIT_MS + 30_000);
});
