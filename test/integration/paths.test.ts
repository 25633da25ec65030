import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { downloadMedia, downloadSubtitles, getVideo, MediaError, resolveConfig, type DownloadCallOptions, type DownloadResult } from '../../lib';
import { sha256File } from '../../lib/ffmpeg';
import { attemptDownload } from '../../lib/download/run';
import { tempFolderName, TEMP_PREFIX } from '../../lib/download/tempFolder';
import { withFixtures } from '../helpers/withFixtures';

const fx = withFixtures('mdl-paths-');

/**
 * Each test: `root` plays N8N_RESTRICT_FILE_ACCESS_TO (the stub check refuses anything outside it and
 * records every path it is asked about), `out` is the output folder inside it, `target` a folder inside
 * root but outside out (where symlinks point), and `abs` an absolute folder outside root (never created).
 */
interface Env {
	root: string;
	out: string;
	target: string;
	abs: string;
	calls: string[];
	check: (p: string) => void;
}
let env: Env;

/** Every file and folder under `dir`, except the output folder's content (what "outside" means here). */
function outsideListing(): string[] {
	const all = readdirSync(env.root, { recursive: true }) as string[];
	return all.filter((p) => p !== 'out' && !p.startsWith(`out${path.sep}`)).sort();
}
const inOut = (...parts: string[]) => path.join(env.out, ...parts);
const video = () => fx.server.url('/media/video-360.mp4');

/** `checked`: paths the file-access check must have been asked about (the real path, after symlinks). */
type Expect = { refused: true; checked?: (e: Env) => string[] } | { refused: false; checked: (e: Env) => string[]; then?: (e: Env, r: DownloadResult) => void };
interface Row {
	option: string;
	value: string;
	prepare?: (e: Env) => void;
	options: (e: Env) => DownloadCallOptions;
	expect: Expect;
}

const cookies = (domain: string) => `# Netscape HTTP Cookie File\n${domain}\tFALSE\t/\tFALSE\t0\tsession\tabc123\n`;

const ROWS: Row[] = [
	// The archive file: relative to the output folder and inside it.
	{ option: 'downloadArchive', value: '../x', options: () => ({ downloadArchive: '../archive-escape.txt' }), expect: { refused: true } },
	{ option: 'downloadArchive', value: 'absolute outside', options: (e) => ({ downloadArchive: path.join(e.abs, 'archive.txt') }), expect: { refused: true } },
	{
		option: 'downloadArchive',
		value: 'symlink out',
		prepare: (e) => symlinkSync(path.join(e.target, 'archive.txt'), inOut('archive.txt')),
		options: () => ({ downloadArchive: 'archive.txt' }),
		expect: { refused: true },
	},
	{
		option: 'downloadArchive',
		value: 'inside a symlinked folder',
		prepare: (e) => symlinkSync(e.target, inOut('lists')),
		options: () => ({ downloadArchive: 'lists/archive.txt' }),
		expect: { refused: true },
	},
	{
		option: 'downloadArchive',
		value: 'fine',
		options: (e) => ({ downloadArchive: path.join(e.out, 'archive.txt') }),
		expect: {
			refused: false,
			checked: () => [inOut('archive.txt')],
			then: () => expect(readFileSync(inOut('archive.txt'), 'utf8')).toMatch(/^generic video-360$/m),
		},
	},
	// The output template: its literal folders are resolved like the archive; field folders are checked on the result.
	{ option: 'outputTemplate', value: '../x', options: () => ({ outputTemplate: '../x/%(id)s.%(ext)s' }), expect: { refused: true } },
	{ option: 'outputTemplate', value: 'absolute outside', options: (e) => ({ outputTemplate: `${e.abs}/%(id)s.%(ext)s` }), expect: { refused: true } },
	{
		option: 'outputTemplate',
		value: 'symlink out',
		prepare: (e) => symlinkSync(e.target, inOut('link')),
		options: () => ({ outputTemplate: 'link/%(id)s.%(ext)s' }),
		expect: { refused: true },
	},
	{
		// "infojson:" would make the rest yt-dlp's template for the info JSON: it must stay a plain name.
		option: 'outputTemplate',
		value: 'a yt-dlp type prefix',
		options: () => ({ outputTemplate: 'infojson:../%(id)s.%(ext)s', writeInfoJson: true }),
		expect: {
			refused: false,
			checked: () => [inOut('infojson:..', 'video-360.mp4'), inOut('infojson:..', 'video-360.info.json')],
			then: (_e, r) => expect(r.localPath).toBe(inOut('infojson:..', 'video-360.mp4')),
		},
	},
	{
		option: 'outputTemplate',
		value: 'fine',
		options: () => ({ outputTemplate: 'sub/%(id)s.%(ext)s' }),
		expect: { refused: false, checked: () => [inOut('sub'), inOut('sub', 'video-360.mp4')], then: (_e, r) => expect(r.localPath).toBe(inOut('sub', 'video-360.mp4')) },
	},
	// The cookie file is only read: it may be outside the output folder, where the read rules allow.
	{
		option: 'cookieFile',
		value: '../x',
		prepare: (e) => writeFileSync(path.join(e.root, 'cookies.txt'), cookies('127.0.0.1')),
		options: (e) => ({ useCookies: true, cookieFile: path.relative(process.cwd(), path.join(e.root, 'cookies.txt')) }),
		expect: { refused: false, checked: (e) => [path.join(e.root, 'cookies.txt')] },
	},
	{
		option: 'cookieFile',
		value: 'absolute outside',
		prepare: (e) => {
			mkdirSync(e.abs);
			writeFileSync(path.join(e.abs, 'cookies.txt'), cookies('127.0.0.1'));
		},
		options: (e) => ({ useCookies: true, cookieFile: path.join(e.abs, 'cookies.txt') }),
		expect: { refused: true, checked: (e) => [path.join(e.abs, 'cookies.txt')] },
	},
	{
		option: 'cookieFile',
		value: 'symlink out',
		prepare: (e) => {
			mkdirSync(e.abs);
			writeFileSync(path.join(e.abs, 'secret.txt'), cookies('127.0.0.1'));
			symlinkSync(path.join(e.abs, 'secret.txt'), inOut('cookies.txt'));
		},
		options: () => ({ useCookies: true, cookieFile: inOut('cookies.txt') }),
		expect: { refused: true, checked: (e) => [path.join(e.abs, 'secret.txt')] },
	},
	{
		option: 'cookieFile',
		value: 'fine',
		prepare: (e) => writeFileSync(path.join(e.target, 'cookies.txt'), cookies('127.0.0.1')),
		options: (e) => ({ useCookies: true, cookieFile: path.join(e.target, 'cookies.txt') }),
		expect: {
			refused: false,
			checked: (e) => [path.join(e.target, 'cookies.txt')],
			then: () => expect(fx.server.requests.filter((r) => r.path === '/media/video-360.mp4').map((r) => r.headers.cookie)).toContain('session=abc123'),
		},
	},
	// The output folder itself: whatever the check refuses is never created.
	{ option: 'outputDir', value: 'absolute outside', options: (e) => ({ outputDir: path.join(e.abs, 'downloads') }), expect: { refused: true, checked: (e) => [path.join(e.abs, 'downloads')] } },
	{ option: 'outputDir', value: 'fine (created)', options: (e) => ({ outputDir: path.join(e.out, 'new') }), expect: { refused: false, checked: () => [inOut('new')] } },
	// A converted file is chosen beside the download: it is confined and checked like the rest.
	{
		option: 'convertFormat',
		value: 'fine',
		options: () => ({ convertFormat: 'mkv', removeSourceFiles: true }),
		expect: { refused: false, checked: () => [inOut('video-360 [video-360].mkv')], then: (_e, r) => expect(r.localPath).toBe(inOut('video-360 [video-360].mkv')) },
	},
	// This download's temp folder: a symlink planted at its name is refused like any other path.
	{
		option: 'The temp folder',
		value: 'symlink out',
		prepare: (e) => symlinkSync(e.target, inOut(tempFolderName(video(), resolveConfig({ outputDir: e.out }, 'none')))),
		options: () => ({}),
		expect: { refused: true },
	},
];

describe('every path option is confined to the output folder and passes the file-access check', () => {
	beforeEach(() => {
		const root = realpathSync(fx.dir);
		const calls: string[] = [];
		env = {
			root,
			out: path.join(root, 'out'),
			target: path.join(root, 'target'),
			abs: path.join(os.tmpdir(), `mdl-abs-outside-${path.basename(root)}`),
			calls,
			check: (p) => {
				calls.push(p);
				if (path.relative(root, p).startsWith('..')) throw new Error(`Access to "${p}" is not allowed by this n8n instance's file access rules`);
			},
		};
		mkdirSync(env.out);
		mkdirSync(env.target);
	});
	afterEach(() => rmSync(env.abs, { recursive: true, force: true }));

	it.each(ROWS.map((row) => [row.option, row.value, row] as const))('%s = %s', async (_option, _value, row) => {
		row.prepare?.(env);
		const before = outsideListing();
		const options: DownloadCallOptions = { outputDir: env.out, checkOutputPath: env.check, maxRetries: 0, ...row.options(env) };
		const outcome = await downloadMedia(video(), options).then(
			(results) => results,
			(error: unknown) => error,
		);
		for (const p of row.expect.checked?.(env) ?? []) expect(env.calls).toContain(p);
		if (row.expect.refused) {
			expect(outcome).toBeInstanceOf(MediaError);
			// "outputTemplate" or "output template" (the template check in resolveConfig words it so).
			expect(outcome).toMatchObject({ kind: 'InvalidInput', message: expect.stringMatching(new RegExp(row.option.replace(/([a-z])([A-Z])/g, '$1 ?$2'), 'i')) });
			// Refused before yt-dlp ran: no request reached the server.
			expect(fx.server.requests).toEqual([]);
		} else {
			if (outcome instanceof Error) throw outcome;
			const [result] = outcome as DownloadResult[];
			const converted = row.options(env).convertFormat !== undefined;
			expect(await sha256File(result.localPath!)).toBe(converted ? result.sha256 : fx.server.media['video-360.mp4'].sha256);
			row.expect.then?.(env, result);
		}
		// Nothing was written outside the output folder, and the check never passed a path outside root.
		expect(outsideListing()).toEqual(before);
		expect(existsSync(path.join(env.abs, 'archive.txt')) || existsSync(path.join(env.abs, 'downloads'))).toBe(false);
		expect(readdirSync(env.out).filter((n) => n.startsWith(TEMP_PREFIX) && !lstatSync(inOut(n)).isSymbolicLink())).toEqual([]);
	});

	it('the caption folder passes the check before anything is written', async () => {
		const refused = await downloadSubtitles(fx.server.url('/page/video.html'), { outputDir: path.join(env.abs, 'captions'), checkOutputPath: env.check }).catch((e: unknown) => e);
		expect(refused).toMatchObject({ kind: 'InvalidInput', message: expect.stringContaining('outputDir') });
		expect(existsSync(env.abs)).toBe(false);
		expect(fx.server.requests).toEqual([]);

		const files = await downloadSubtitles(fx.server.url('/page/video.html'), { outputDir: inOut('captions'), checkOutputPath: env.check, languages: ['en'] });
		expect(env.calls).toContain(inOut('captions'));
		expect(files.map((f) => path.dirname(f.path))).toEqual([inOut('captions')]);
	});

	it('side files (info JSON, description, thumbnail, subtitles) replace symlinks planted at their names instead of writing through them', async () => {
		// Dangling links: writing through one would create its target outside. yt-dlp writes the description with a plain open().
		const stem = 'video-1';
		for (const ext of ['info.json', 'description', 'jpg', 'en.vtt']) symlinkSync(path.join(env.target, `escaped.${ext}`), inOut(`${stem}.${ext}`));
		const before = outsideListing();
		const [result] = await downloadMedia(fx.server.url('/page/video.html'), {
			outputDir: env.out,
			outputTemplate: '%(id)s.%(ext)s',
			writeInfoJson: true,
			writeDescription: true,
			writeThumbnail: true,
			writeSubtitles: true,
			subtitleLanguages: ['en'],
			checkOutputPath: env.check,
		});
		expect(outsideListing()).toEqual(before);
		const side = [result.files.info!, result.files.description!, result.files.thumbnail!, ...result.files.subtitles];
		expect(side).toEqual([inOut(`${stem}.info.json`), inOut(`${stem}.description`), inOut(`${stem}.jpg`), inOut(`${stem}.en.vtt`)]);
		for (const file of side) {
			expect(lstatSync(file).isFile()).toBe(true);
			expect(env.calls).toContain(file);
		}
		expect(readFileSync(result.files.description!, 'utf8').length).toBeGreaterThan(0);
		expect(readdirSync(env.out).filter((n) => n.startsWith(TEMP_PREFIX))).toEqual([]);
	});

	it('a side file that still leads outside after the run is refused, naming its option', async () => {
		// An existing target: yt-dlp says "already present" and keeps the link, so only the check after the run can see it.
		writeFileSync(path.join(env.target, 'existing.info.json'), '{}');
		symlinkSync(path.join(env.target, 'existing.info.json'), inOut('video-360.info.json'));
		const error = await downloadMedia(video(), { outputDir: env.out, outputTemplate: '%(id)s.%(ext)s', writeInfoJson: true }).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: 'InvalidInput', message: expect.stringContaining('writeInfoJson') });
		expect(readFileSync(path.join(env.target, 'existing.info.json'), 'utf8')).toBe('{}');
	});
});

describe('cancel removes only its own partial files', () => {
	const partsUnder = (dir: string) => (readdirSync(dir, { recursive: true }) as string[]).filter((n) => n.endsWith('.part'));

	it('two downloads into one folder: cancelling one leaves the other byte-identical and an unrelated foo.part alone', async () => {
		writeFileSync(path.join(fx.dir, 'foo.part'), 'not ours');
		const cancel = new AbortController();
		const slowA = fx.server.url('/fault/slow/40000/video-720.mp4');
		const slowB = fx.server.url('/fault/slow/60000/video-360.mp4');
		const a = getVideo(slowA, { outputDir: fx.dir, signal: cancel.signal });
		const b = getVideo(slowB, { outputDir: fx.dir });
		// Both are writing their .part files (in their own temp folders) before one is cancelled.
		for (let i = 0; i < 400 && partsUnder(fx.dir).length < 3; i++) await new Promise((r) => setTimeout(r, 50));
		expect(partsUnder(fx.dir)).toHaveLength(3);
		cancel.abort();
		await expect(a).rejects.toMatchObject({ kind: 'Cancelled' });
		const other = await b;
		expect(other.sha256).toBe(fx.server.media['video-360.mp4'].sha256);
		expect(await sha256File(other.localPath!)).toBe(fx.server.media['video-360.mp4'].sha256);
		expect(readFileSync(path.join(fx.dir, 'foo.part'), 'utf8')).toBe('not ours');
		expect(readdirSync(fx.dir).sort()).toEqual(['foo.part', 'video-360 [video-360].mp4']);
	});

	it('a failed download keeps its .part in its own temp folder, and the next run of it resumes there', async () => {
		const k = `k${Math.random().toString(36).slice(2, 10)}`;
		// Through a page: the generic extractor's first look at a direct URL would take the one dropped request.
		const url = fx.server.url(`/page/video.html?src=/fault/drop/60000/${k}/video-720.mp4`);
		// No retries: the dropped connection fails the first run.
		const first = await getVideo(url, { outputDir: fx.dir, maxRetries: 0 }).catch((e: unknown) => e);
		expect(first).toBeInstanceOf(MediaError);
		const kept = readdirSync(fx.dir);
		expect(kept).toEqual([tempFolderName(url, resolveConfig({ outputDir: fx.dir }, 'none'))]);
		expect(partsUnder(fx.dir)).toHaveLength(1);

		const second = await getVideo(url, { outputDir: fx.dir, maxRetries: 0 });
		expect(second.sha256).toBe(fx.server.media['video-720.mp4'].sha256);
		const ranges = fx.server.requests.filter((r) => r.path.includes(k) && r.method === 'GET').map((r) => String(r.headers.range ?? 'none'));
		expect(ranges.some((range) => /^bytes=[1-9]\d*-/.test(range))).toBe(true);
		expect(readdirSync(fx.dir)).toEqual([path.basename(second.localPath!)]);
	});

	it('two runs of the same URL into one folder at once: the second gets a one-off temp folder, both end with the right bytes', async () => {
		const url = fx.server.url('/fault/slow/150000/video-720.mp4');
		const both = Promise.all([getVideo(url, { outputDir: fx.dir }), getVideo(url, { outputDir: fx.dir })]);
		let folders = 0;
		let settled = false;
		void both.finally(() => (settled = true));
		while (!settled) {
			folders = Math.max(folders, readdirSync(fx.dir).filter((n) => n.startsWith(TEMP_PREFIX)).length);
			await new Promise((r) => setTimeout(r, 20));
		}
		const [one, two] = await both;
		expect(folders).toBe(2);
		for (const r of [one, two]) expect(await sha256File(r.localPath!)).toBe(fx.server.media['video-720.mp4'].sha256);
		expect(readdirSync(fx.dir)).toEqual(['video-720 [video-720].mp4']);
	});
});

describe('the temp folder keeps the live hash working', () => {
	it('yt-dlp moves the file out of the temp folder by rename: the sha256 made while it was written is kept', async () => {
		const config = { ...resolveConfig({ outputDir: fx.dir }, 'none'), tempDir: path.join(fx.dir, `${TEMP_PREFIX}test`) };
		// Throttled, so the hash follows the growing .part, its rename, and the move out of the temp folder.
		const result = await attemptDownload(fx.server.url('/fault/slow/150000/video-720.mp4'), config, 'requested', { auth: {} });
		expect(result.finished).toHaveLength(1);
		expect(path.dirname(result.finished[0].filepath)).toBe(fx.dir);
		expect(result.finished[0].sha256).toBe(fx.server.media['video-720.mp4'].sha256);
	});
});
