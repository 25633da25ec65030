import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { downloadMedia, downloadSubtitles, getTranscriptMarkdown, getVideo, MediaError, resolveConfig, type DownloadCallOptions, type DownloadResult } from '../../lib';
import { sha256File } from '../../lib/ffmpeg';
import { SCAN_MAX_ENTRIES } from '../../lib/download/folderGuard';
import { attemptDownload } from '../../lib/download/run';
import { tempFolderName, TEMP_PREFIX } from '../../lib/download/tempFolder';
import { FEED_TITLE, PAGES } from '../fixtures';
import { xxhash64Of } from '../fixtures/checksums';
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

function makeEnv(): void {
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
}

/**
 * A race, made deterministic: the check is asked about this download's temp folder after the folder was
 * looked at and before yt-dlp starts, so what `plant` does there is what an attacker does mid-download.
 */
function plantWhenTempChecked(plant: () => void): (p: string) => void {
	let planted = false;
	return (p) => {
		env.check(p);
		if (!planted && path.basename(p).startsWith(TEMP_PREFIX)) {
			planted = true;
			plant();
		}
	};
}

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
	/** what the refusal must say, when not the option's name */
	message?: RegExp;
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
	// This download's temp folder: a symlink planted at its name is refused (by the look for links that lead out, before the folder is claimed).
	{
		option: 'The temp folder',
		value: 'symlink out',
		prepare: (e) => symlinkSync(e.target, inOut(tempFolderName(video(), resolveConfig({ outputDir: e.out }, 'none')))),
		options: () => ({}),
		expect: { refused: true },
		message: /symlink "\.mdl-tmp-[0-9a-f]{16}" .*leads outside/,
	},
];

describe('every path option is confined to the output folder and passes the file-access check', () => {
	beforeEach(makeEnv);
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
			expect(outcome).toMatchObject({ kind: 'InvalidInput', message: expect.stringMatching(row.message ?? new RegExp(row.option.replace(/([a-z])([A-Z])/g, '$1 ?$2'), 'i')) });
			// Refused before yt-dlp ran: no request reached the server.
			expect(fx.server.requests).toEqual([]);
		} else {
			if (outcome instanceof Error) throw outcome;
			const [result] = outcome as DownloadResult[];
			const converted = row.options(env).convertFormat !== undefined;
			if (converted) expect(result.checksum).toEqual(await xxhash64Of(result.localPath!));
			else expect(await sha256File(result.localPath!)).toBe(fx.server.media['video-360.mp4'].sha256);
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

	const sideOptions = (): DownloadCallOptions => ({
		outputDir: env.out,
		outputTemplate: '%(id)s.%(ext)s',
		writeInfoJson: true,
		writeDescription: true,
		writeThumbnail: true,
		writeSubtitles: true,
		subtitleLanguages: ['en'],
	});
	/** Dangling links at the side files' names: writing through one would create its target outside. */
	const plantSideLinks = () => {
		for (const ext of ['info.json', 'description', 'jpg', 'en.vtt']) symlinkSync(path.join(env.target, `escaped.${ext}`), inOut(`video-1.${ext}`));
	};

	it('symlinks planted at the side files\' names beforehand: the download is refused before it starts, naming a link', async () => {
		plantSideLinks();
		const before = outsideListing();
		const error = await downloadMedia(fx.server.url('/page/video.html'), { ...sideOptions(), checkOutputPath: env.check }).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: 'InvalidInput', message: expect.stringMatching(/symlink "video-1\.[a-z.]+" .*leads outside/) });
		expect((error as MediaError).hint).toMatch(/Remove the link/);
		expect(fx.server.requests).toEqual([]);
		expect(outsideListing()).toEqual(before);
	});

	it('side files (info JSON, description, thumbnail, subtitles) replace symlinks planted at their names during the download instead of writing through them', async () => {
		// yt-dlp writes the description with a plain open(): it is written in the temp folder and moved into place.
		const before = outsideListing();
		const [result] = await downloadMedia(fx.server.url('/page/video.html'), { ...sideOptions(), checkOutputPath: plantWhenTempChecked(plantSideLinks) });
		expect(outsideListing()).toEqual(before);
		const side = [result.files.info!, result.files.description!, result.files.thumbnail!, ...result.files.subtitles];
		expect(side).toEqual([inOut('video-1.info.json'), inOut('video-1.description'), inOut('video-1.jpg'), inOut('video-1.en.vtt')]);
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
		// Written well before the download: nothing goes through the link during it.
		utimesSync(path.join(env.target, 'existing.info.json'), new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
		const plant = () => symlinkSync(path.join(env.target, 'existing.info.json'), inOut('video-360.info.json'));
		const error = await downloadMedia(video(), { outputDir: env.out, outputTemplate: '%(id)s.%(ext)s', writeInfoJson: true, checkOutputPath: plantWhenTempChecked(plant) }).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: 'InvalidInput', message: expect.stringContaining('writeInfoJson') });
		expect(readFileSync(path.join(env.target, 'existing.info.json'), 'utf8')).toBe('{}');
	});
});

describe('symlinks under the output folder that lead outside it', () => {
	beforeEach(makeEnv);
	const fieldTemplate = '%(extractor)s/%(id)s.%(ext)s'; // the fixture's extractor: "generic"

	it('a symlink at a folder a template field names is refused before the download starts, naming the link and what to do', async () => {
		symlinkSync(env.target, inOut('generic'));
		const error = await downloadMedia(video(), { outputDir: env.out, outputTemplate: fieldTemplate, checkOutputPath: env.check }).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: 'InvalidInput', message: expect.stringContaining(`symlink "generic" leads outside the output folder ${env.out} (to ${env.target})`) });
		expect((error as MediaError).hint).toMatch(/Remove the link/);
		expect(fx.server.requests).toEqual([]);
		expect(readdirSync(env.target)).toEqual([]);
	});

	it('dangling links, relative links and chains through a link outside are followed to where a write would land', async () => {
		const refusal = (template: string) => downloadMedia(video(), { outputDir: env.out, outputTemplate: template, maxRetries: 0 }).catch((e: unknown) => e);
		mkdirSync(inOut('shows'));
		symlinkSync('../../target/new.mp4', inOut('shows', 'relative.mp4'));
		expect(await refusal('shows/%(id)s.%(ext)s')).toMatchObject({ kind: 'InvalidInput', message: expect.stringContaining(`symlink "shows/relative.mp4" leads outside the output folder ${env.out} (to ${path.join(env.target, 'new.mp4')})`) });
		rmSync(inOut('shows'), { recursive: true });
		symlinkSync(path.join(env.root, 'hop'), inOut('chained.mp4'));
		symlinkSync(path.join(env.target, 'missing', 'x.mp4'), path.join(env.root, 'hop'));
		expect(await refusal('%(id)s.%(ext)s')).toMatchObject({ kind: 'InvalidInput', message: expect.stringContaining(`symlink "chained.mp4" leads outside the output folder ${env.out} (to ${path.join(env.target, 'missing', 'x.mp4')})`) });
		expect(fx.server.requests).toEqual([]);
	});

	it('links that stay inside, and links deeper than the template reaches, do not stop a download', async () => {
		mkdirSync(inOut('real'));
		symlinkSync(inOut('real'), inOut('alias'));
		symlinkSync(env.out, inOut('self'));
		mkdirSync(inOut('a', 'b', 'c'), { recursive: true });
		// "%(id)s.%(ext)s" writes one level down (two in the temp folder): a link three levels down is out of its reach.
		symlinkSync(env.target, inOut('a', 'b', 'c', 'deep'));
		const [result] = await downloadMedia(video(), { outputDir: env.out, outputTemplate: '%(id)s.%(ext)s', checkOutputPath: env.check });
		expect(await sha256File(result.localPath!)).toBe(fx.server.media['video-360.mp4'].sha256);
		expect(result.warnings).toEqual([]);
	});

	it('a symlink planted at a field folder during the download: refused after the run, naming the link; the file outside is left alone and the archive forgets it', async () => {
		const plant = () => symlinkSync(env.target, inOut('generic'));
		const options = { outputDir: env.out, outputTemplate: fieldTemplate, downloadArchive: 'archive.txt', checkOutputPath: plantWhenTempChecked(plant) };
		const error = await downloadMedia(video(), options).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: 'InvalidInput', message: expect.stringContaining(`symlink "generic" leads outside the output folder ${env.out} (to ${env.target})`) });
		expect((error as MediaError).message).toMatch(/something was written through it during the download/);
		// Nothing outside is deleted: what went through the link stays for the user to look at.
		expect(await sha256File(path.join(env.target, 'video-360.mp4'))).toBe(fx.server.media['video-360.mp4'].sha256);
		// A later run (the link removed) downloads it again instead of skipping it as archived.
		expect(readFileSync(inOut('archive.txt'), 'utf8')).not.toMatch(/video-360/);
	});

	it('the archive is not rewritten through a link planted at its name during the download', async () => {
		const plant = () => {
			symlinkSync(env.target, inOut('generic'));
			symlinkSync(path.join(env.target, 'archive.txt'), inOut('archive.txt'));
		};
		const options = { outputDir: env.out, outputTemplate: fieldTemplate, downloadArchive: 'archive.txt', checkOutputPath: plantWhenTempChecked(plant) };
		const error = await downloadMedia(video(), options).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: 'InvalidInput', message: expect.stringContaining('something was written through it') });
		expect((error as MediaError).message).toContain('symlink "archive.txt" leads outside');
		// yt-dlp appended through the link; forgetting the entry would have rewritten the file outside.
		expect(readFileSync(path.join(env.target, 'archive.txt'), 'utf8')).toMatch(/^generic video-360$/m);
	});

	it('a playlist\'s own description: a symlink at its name is refused beforehand, before any request', async () => {
		const feed = fx.server.url('/feed.xml');
		const options = { outputDir: env.out, audioOnly: true, playlist: true, endNumber: 1, writeDescription: true, writeInfoJson: true, outputTemplate: '%(title)s.%(ext)s' };
		const plant = () => symlinkSync(path.join(env.target, 'escaped.description'), inOut(`${FEED_TITLE}.description`));
		plant();
		const before = await downloadMedia(feed, { ...options, checkOutputPath: env.check }).catch((e: unknown) => e);
		expect(before).toMatchObject({ kind: 'InvalidInput', message: expect.stringContaining(`symlink "${FEED_TITLE}.description" leads outside`) });
		expect(fx.server.requests).toEqual([]);
		expect(readdirSync(env.target)).toEqual([]);
		// One planted during the download is replaced, not written through: see "pl_description" below.
	});

	it('a playlist\'s own description and info JSON pass the file-access check like every other file', async () => {
		const feed = fx.server.url('/feed.xml');
		const options = { outputDir: env.out, audioOnly: true, playlist: true, endNumber: 1, writeDescription: true, writeInfoJson: true, outputTemplate: '%(title)s.%(ext)s' };
		await downloadMedia(feed, { ...options, checkOutputPath: env.check });
		expect(env.calls).toEqual(expect.arrayContaining([inOut(`${FEED_TITLE}.description`), inOut(`${FEED_TITLE}.info.json`)]));

		rmSync(env.out, { recursive: true });
		mkdirSync(env.out);
		const refuseDescription = (p: string) => {
			if (p.endsWith(`${FEED_TITLE}.description`)) throw new Error(`Access to "${p}" is not allowed by this n8n instance's file access rules`);
		};
		const error = await downloadMedia(feed, { ...options, checkOutputPath: refuseDescription }).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: 'InvalidInput', message: `writeDescription: Access to "${inOut(`${FEED_TITLE}.description`)}" is not allowed by this n8n instance's file access rules` });
	});

	it('the direct download fallback writes only inside (a link planted at its .part name is refused) and passes the file-access check', async () => {
		const fake = path.join(env.root, 'fake-yt-dlp');
		writeFileSync(
			fake,
			`#!/bin/sh\ncase "$*" in *--version*) echo 2026.01.01; exit 0;; *--help*) echo; exit 0;; esac\necho "ERROR: [generic] video-360: Requested format is not available. Use --list-formats for a list of available formats" >&2\nexit 1\n`,
			{ mode: 0o755 },
		);
		const options = { outputDir: env.out, maxRetries: 0, auth: { paths: { ytdlpPath: fake } } };
		const plant = () => symlinkSync(path.join(env.target, 'escaped.part'), inOut('video-360.mp4.part'));
		const error = await getVideo(video(), { ...options, checkOutputPath: plantWhenTempChecked(plant) }).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: 'InvalidInput', message: expect.stringContaining('"video-360.mp4.part" leads outside the output folder') });
		expect(readdirSync(env.target)).toEqual([]);

		rmSync(inOut('video-360.mp4.part'));
		const result = await getVideo(video(), { ...options, checkOutputPath: env.check });
		expect(result.strategyUsed).toBe('direct');
		expect(env.calls).toEqual(expect.arrayContaining([inOut('video-360.mp4.part'), inOut('video-360.mp4')]));
		expect(await sha256File(inOut('video-360.mp4'))).toBe(fx.server.media['video-360.mp4'].sha256);
	});

	it('getTranscriptMarkdown writes its Markdown only inside the output folder and through the file-access check', async () => {
		const page = fx.server.url('/page/video.html');
		symlinkSync(path.join(env.target, 'escaped.md'), inOut('video-1.en.md'));
		const error = await getTranscriptMarkdown(page, { outputDir: env.out, languages: ['en'], checkOutputPath: env.check }).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: 'InvalidInput', message: expect.stringContaining('The Markdown file "video-1.en.md" leads outside the output folder') });
		expect(readdirSync(env.target)).toEqual([]);

		rmSync(inOut('video-1.en.md'));
		const result = await getTranscriptMarkdown(page, { outputDir: env.out, languages: ['en'], checkOutputPath: env.check });
		expect(result.markdownFile).toBe(inOut('video-1.en.md'));
		expect(lstatSync(result.markdownFile).isFile()).toBe(true);
		expect(readFileSync(result.markdownFile, 'utf8')).toBe(result.markdown);
		expect(env.calls).toEqual(expect.arrayContaining([env.out, inOut('video-1.en.md')]));
		expect(readdirSync(env.out).filter((n) => n.endsWith('.tmp'))).toEqual([]);
	});

	it('getTranscriptMarkdown: "~" in the output folder is the home folder, not a folder named "~"', async () => {
		const saved = { home: process.env.HOME, cwd: process.cwd() };
		// In the test folder, so that a "~" taken literally lands where the test sees (and removes) it.
		process.env.HOME = path.join(env.root, 'home');
		process.chdir(env.root);
		try {
			const result = await getTranscriptMarkdown(fx.server.url('/page/video.html'), { outputDir: '~/captions', languages: ['en'] });
			expect(result.markdownFile).toBe(path.join(env.root, 'home', 'captions', 'video-1.en.md'));
			expect(existsSync(path.join(env.root, '~'))).toBe(false);
		} finally {
			process.env.HOME = saved.home;
			process.chdir(saved.cwd);
		}
	});

	it('past the walk\'s entry limit the download goes ahead, with a warning saying what was not looked at', async () => {
		mkdirSync(inOut('library'));
		for (let i = 0; i <= SCAN_MAX_ENTRIES; i++) writeFileSync(inOut('library', `track-${i}.mp3`), '');
		const [result] = await downloadMedia(video(), { outputDir: env.out, outputTemplate: '%(id)s.%(ext)s' });
		expect(await sha256File(result.localPath!)).toBe(fx.server.media['video-360.mp4'].sha256);
		expect(result.warnings).toEqual([expect.stringMatching(new RegExp(`more than ${SCAN_MAX_ENTRIES} entries.*not looked at`))]);
	}, 120_000);
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
		expect(other.checksum).toEqual(await xxhash64Of(fx.server.media['video-360.mp4'].path));
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
		expect(second.checksum).toEqual(await xxhash64Of(fx.server.media['video-720.mp4'].path));
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
	it('yt-dlp moves the file out of the temp folder by rename: the checksum made while it was written is kept', async () => {
		const config = { ...resolveConfig({ outputDir: fx.dir }, 'none'), tempDir: path.join(fx.dir, `${TEMP_PREFIX}test`) };
		// Throttled, so the hash follows the growing .part, its rename, and the move out of the temp folder.
		const result = await attemptDownload(fx.server.url('/fault/slow/150000/video-720.mp4'), config, 'requested', { auth: {} });
		expect(result.finished).toHaveLength(1);
		expect(path.dirname(result.finished[0].filepath)).toBe(fx.dir);
		expect(result.finished[0].checksum).toEqual(await xxhash64Of(fx.server.media['video-720.mp4'].path));
	});
});

describe('what yt-dlp writes with a plain open(), and the end of the temp folder', () => {
	beforeEach(makeEnv);
	const temps = () => readdirSync(env.out).filter((n) => n.startsWith(TEMP_PREFIX));

	it('a playlist\'s own description is written in the temp folder and moved into place: a link planted at its name during the download is replaced, nothing goes through it', async () => {
		const feed = fx.server.url('/feed.xml');
		const description = inOut(`${FEED_TITLE}.description`);
		const plant = () => symlinkSync(path.join(env.target, 'escaped.description'), description);
		const options = { outputDir: env.out, audioOnly: true, playlist: true, endNumber: 1, writeDescription: true, outputTemplate: '%(title)s.%(ext)s' };
		const results = await downloadMedia(feed, { ...options, checkOutputPath: plantWhenTempChecked(plant) });
		expect(results).toHaveLength(1);
		expect(readdirSync(env.target)).toEqual([]);
		expect(lstatSync(description).isFile()).toBe(true);
		expect(readFileSync(description, 'utf8')).toMatch(/Podcast feed served by the fixture server/);
		expect(env.calls).toContain(description);
		expect(temps()).toEqual([]);
	});

	it('a playlist\'s own thumbnail is written in the temp folder and moved into place: a link planted at its name during the download is replaced, nothing goes through it', async () => {
		// Two <video> elements make the page a playlist whose own thumbnail is the page's og:image.
		const page = fx.server.url('/page/gallery.html');
		const thumbnail = inOut(`${PAGES.gallery.title} [gallery].jpg`);
		const plant = () => symlinkSync(path.join(env.target, 'escaped.jpg'), thumbnail);
		const options = { outputDir: env.out, playlist: true, writeThumbnail: true, outputTemplate: '%(title)s [%(id)s].%(ext)s' };
		const results = await downloadMedia(page, { ...options, checkOutputPath: plantWhenTempChecked(plant) });
		expect(results.map((r) => r.fileSize).sort()).toEqual([fx.server.media['video-360.mp4'].size, fx.server.media['video-720.mp4'].size].sort());
		expect(readdirSync(env.target)).toEqual([]);
		expect(lstatSync(thumbnail).isFile()).toBe(true);
		expect(await sha256File(thumbnail)).toBe(fx.server.media['cover.jpg'].sha256);
		expect(env.calls).toContain(thumbnail);
		expect(temps()).toEqual([]);

		// Refused by the file-access check, it is named by its option and not kept.
		rmSync(env.out, { recursive: true });
		mkdirSync(env.out);
		const refuseThumbnail = (p: string) => {
			if (p === thumbnail) throw new Error(`Access to "${p}" is not allowed by this n8n instance's file access rules`);
		};
		const error = await downloadMedia(page, { ...options, maxConcurrent: 1, checkOutputPath: refuseThumbnail }).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: 'InvalidInput', message: `writeThumbnail: Access to "${thumbnail}" is not allowed by this n8n instance's file access rules` });
		expect(existsSync(thumbnail)).toBe(false);
	});

	it('a playlist\'s own description in a folder no entry uses: the folder is made inside, the file checked and moved there', async () => {
		const feed = fx.server.url('/feed.xml');
		// "_type" is "playlist" for the playlist's own files only: its folder holds no entry.
		const options = { outputDir: env.out, audioOnly: true, playlist: true, endNumber: 1, writeDescription: true, outputTemplate: '%(_type)s/%(title)s.%(ext)s', checkOutputPath: env.check };
		const [entry] = await downloadMedia(feed, options);
		const description = inOut('playlist', `${FEED_TITLE}.description`);
		expect(path.dirname(entry.localPath!)).not.toBe(path.dirname(description));
		expect(readFileSync(description, 'utf8')).toMatch(/Podcast feed served by the fixture server/);
		expect(env.calls).toContain(description);
		expect(temps()).toEqual([]);
	});

	it('a failed download whose temp folder holds only empty folders leaves no temp folder behind', async () => {
		// The media 404s after yt-dlp made the template's folder ("generic") in the temp folder.
		const url = fx.server.url('/page/video.html?src=/media/missing-video.mp4');
		const error = await downloadMedia(url, { outputDir: env.out, outputTemplate: '%(extractor)s/%(id)s.%(ext)s', maxRetries: 0, checkOutputPath: env.check }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(MediaError);
		expect(fx.server.requests.some((r) => r.path === '/media/missing-video.mp4')).toBe(true);
		expect(temps()).toEqual([]);
		expect(outsideListing()).toEqual(['target']);
	});
});
