import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { IExecuteFunctions } from 'n8n-workflow';

import { expandHome, resolveConfig, downloadFlags, validateMediaUrl, type DownloadConfig } from '../../lib';
import { resolveInside, resolveReadable } from '../../lib/download/confine';
import { LiveHash } from '../../lib/download/liveHash';
import { claimTempFolder, movedPathOf, TEMP_PREFIX, tempFolderName } from '../../lib/download/tempFolder';
import { ConvertTranscript } from '../../nodes/ConvertTranscript/ConvertTranscript.node';
import { readDownloadOptions } from '../../nodes/DownloadMedia/actions/readOptions';
import { n8nPathCheck } from '../../nodes/shared/fileAccess';

let root: string;
let home: string;
let out: string;
const savedHome = process.env.HOME;
beforeEach(() => {
	root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'mdl-paths-unit-')));
	home = path.join(root, 'home');
	out = path.join(root, 'out');
	mkdirSync(home);
	mkdirSync(out);
	process.env.HOME = home;
});
afterEach(() => {
	process.env.HOME = savedHome;
	rmSync(root, { recursive: true, force: true });
});

/** A stub of n8n's check: records every path, refuses what is under `refuse`. */
function stubCheck(refuse?: string) {
	const calls: string[] = [];
	const check = (p: string) => {
		calls.push(p);
		if (refuse && !path.relative(refuse, p).startsWith('..')) throw new Error(`Access to "${p}" is not allowed`);
	};
	return { calls, check };
}

/** Just enough of n8n's IExecuteFunctions for the code under test: parameters by name, and the file-access helpers. */
function fakeContext(params: Record<string, unknown>, resolved: string[] = []): IExecuteFunctions {
	return {
		getNodeParameter: (name: string, _i: number, fallback?: unknown) => (name in params ? params[name] : fallback),
		getInputData: () => [{ json: {} }],
		getNode: () => ({ name: 'test', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} }),
		continueOnFail: () => false,
		helpers: {
			resolvePath: async (p: string) => {
				resolved.push(p);
				return realpathSync(p);
			},
			isFilePathBlocked: () => false,
		},
	} as unknown as IExecuteFunctions;
}

describe('expandHome: `~` is the home folder', () => {
	it('expands ~ and ~/…, and leaves other tildes as written', () => {
		expect(expandHome('~')).toBe(home);
		expect(expandHome('~/Music')).toBe(path.join(home, 'Music'));
		expect(expandHome('~other/x')).toBe('~other/x');
		expect(expandHome('a/~/b')).toBe('a/~/b');
		expect(expandHome('/abs/~')).toBe('/abs/~');
	});

	it('applies to local media paths', () => {
		expect(validateMediaUrl('~/clips/a.mp4', { allowLocalFiles: true }).localPath).toBe(path.join(home, 'clips', 'a.mp4'));
	});

	it('applies to the Download Media output folder, the file-access check and the Convert Transcript file path', async () => {
		const ctx = fakeContext({ outputDir: '~/Media' });
		expect(readDownloadOptions(ctx, 0).outputDir).toBe(path.join(home, 'Media'));

		const resolved: string[] = [];
		await n8nPathCheck(fakeContext({}, resolved))('~/x.txt');
		expect(resolved[0]).toBe(path.join(home, 'x.txt'));

		writeFileSync(path.join(home, 'talk.srt'), '1\n00:00:01,000 --> 00:00:02,000\nHello from home.\n');
		const node = new ConvertTranscript();
		const [[item]] = await node.execute.call(fakeContext({ operation: 'convert', source: 'file', filePath: '~/talk.srt', outputFormat: 'text' }));
		expect(String(item.json.content)).toContain('Hello from home.');
	});
});

describe('resolveInside: every path option we write', () => {
	it.each([
		['..', '../archive.txt'],
		['.. after a folder', 'lists/../../archive.txt'],
		['absolute elsewhere', '/tmp/mdl-abs-outside/archive.txt'],
		['the output folder itself', '.'],
		['~ outside the output folder', '~/archive.txt'],
	])('refuses %s, naming the option, without asking the check', async (_what, value) => {
		const { calls, check } = stubCheck();
		await expect(resolveInside(out, value, 'downloadArchive', check)).rejects.toMatchObject({ kind: 'InvalidInput', message: expect.stringContaining('downloadArchive') });
		expect(calls).toEqual([]);
	});

	it('refuses symlinks that lead out: to a file, to a folder, dangling', async () => {
		mkdirSync(path.join(root, 'elsewhere'));
		symlinkSync(path.join(root, 'elsewhere', 'a.txt'), path.join(out, 'dangling.txt'));
		symlinkSync(path.join(root, 'elsewhere'), path.join(out, 'folder'));
		writeFileSync(path.join(root, 'elsewhere', 'b.txt'), '');
		symlinkSync(path.join(root, 'elsewhere', 'b.txt'), path.join(out, 'file.txt'));
		for (const value of ['dangling.txt', 'folder/new.txt', 'folder', 'file.txt'])
			await expect(resolveInside(out, value, 'downloadArchive')).rejects.toMatchObject({ kind: 'InvalidInput' });
		expect(readdirSync(path.join(root, 'elsewhere'))).toEqual(['b.txt']);
	});

	it('accepts paths inside (relative, absolute inside, a symlink that stays inside, ~ when home is inside) and checks the real path', async () => {
		const { calls, check } = stubCheck();
		mkdirSync(path.join(out, 'real'));
		symlinkSync(path.join(out, 'real'), path.join(out, 'alias'));
		expect(await resolveInside(out, 'archive.txt', 'downloadArchive', check)).toBe(path.join(out, 'archive.txt'));
		expect(await resolveInside(out, path.join(out, 'a', 'b.txt'), 'downloadArchive', check)).toBe(path.join(out, 'a', 'b.txt'));
		expect(await resolveInside(out, 'alias/x.txt', 'downloadArchive', check)).toBe(path.join(out, 'real', 'x.txt'));
		expect(await resolveInside(out, '..⧸x.txt', 'downloadArchive', check)).toBe(path.join(out, '..⧸x.txt'));
		process.env.HOME = path.join(out, 'home');
		expect(await resolveInside(out, '~/archive.txt', 'downloadArchive', check)).toBe(path.join(out, 'home', 'archive.txt'));
		expect(calls).toEqual([path.join(out, 'archive.txt'), path.join(out, 'a', 'b.txt'), path.join(out, 'real', 'x.txt'), path.join(out, '..⧸x.txt'), path.join(out, 'home', 'archive.txt')]);
	});

	it('a refusal of the check names the option', async () => {
		const { check } = stubCheck(out);
		await expect(resolveInside(out, 'archive.txt', 'downloadArchive', check)).rejects.toMatchObject({
			kind: 'InvalidInput',
			message: `downloadArchive: Access to "${path.join(out, 'archive.txt')}" is not allowed`,
		});
	});
});

describe('resolveReadable: the cookie file (read, anywhere the read rules allow)', () => {
	it('expands ~, follows symlinks, and the check sees the real file', async () => {
		writeFileSync(path.join(home, 'cookies.txt'), '# Netscape HTTP Cookie File\n');
		const { calls, check } = stubCheck();
		expect(await resolveReadable('~/cookies.txt', 'cookieFile', check)).toBe(path.join(home, 'cookies.txt'));
		symlinkSync(path.join(home, 'cookies.txt'), path.join(out, 'link.txt'));
		expect(await resolveReadable(path.join(out, 'link.txt'), 'cookieFile', check)).toBe(path.join(home, 'cookies.txt'));
		expect(calls).toEqual([path.join(home, 'cookies.txt'), path.join(home, 'cookies.txt')]);
		await expect(resolveReadable('~/missing.txt', 'cookieFile', check)).rejects.toMatchObject({ kind: 'InvalidInput', message: expect.stringContaining('cookieFile') });
	});
});

describe('downloadFlags: the path arguments', () => {
	const base = (over: Partial<DownloadConfig> = {}) => resolveConfig({ outputDir: '/srv/media', ...over }, 'none', {});
	const args = (config: DownloadConfig & { tempDir?: string }) => downloadFlags(config, { resultsFile: '/tmp/r.jsonl' });
	const pathsOf = (a: string[]) => a.flatMap((v, i) => (a[i - 1] === '--paths' ? [v] : []));

	it('refuses an archive file outside the output folder (any caller, not only downloadMedia)', () => {
		expect(() => args(base({ downloadArchive: '../../archive-escape.txt' }))).toThrow(/downloadArchive/);
		expect(() => args(base({ downloadArchive: '/var/lib/archive.txt' }))).toThrow(/outside the output folder/);
		expect(args(base({ downloadArchive: 'lists/archive.txt' }))).toContain('/srv/media/lists/archive.txt');
	});

	it('gives yt-dlp the download temp folder for .part files, the descriptions (the entry\'s and the playlist\'s) and the playlist\'s thumbnail', () => {
		expect(pathsOf(args(base()))).toEqual(['/srv/media']);
		expect(pathsOf(args({ ...base(), tempDir: '/srv/media/.mdl-tmp-1' }))).toEqual([
			'/srv/media',
			'temp:/srv/media/.mdl-tmp-1',
			'description:/srv/media/.mdl-tmp-1',
			'pl_description:/srv/media/.mdl-tmp-1',
			'pl_thumbnail:/srv/media/.mdl-tmp-1',
		]);
	});

	it('never lets a template prefix like "infojson:" become a per-type template', () => {
		const outputOf = (a: string[]) => a[a.indexOf('--output') + 1];
		expect(outputOf(args(base({ outputTemplate: 'infojson:%(id)s' })))).toBe('./infojson:%(id)s');
		expect(outputOf(args(base({ outputTemplate: 'thumbnail,subtitle:x/%(id)s.%(ext)s' })))).toBe('./thumbnail,subtitle:x/%(id)s.%(ext)s');
		expect(outputOf(args(base({ outputTemplate: '%(title)s: part 1.%(ext)s' })))).toBe('%(title)s: part 1.%(ext)s');
	});
});

describe('the download temp folder', () => {
	const config = (over: Partial<DownloadConfig> = {}) => resolveConfig({ outputDir: out, ...over }, 'none', {});

	it('has a stable name per URL and file-shaping options, never derived from secrets', () => {
		const url = 'https://example.com/a';
		const name = tempFolderName(url, config());
		expect(name).toMatch(new RegExp(`^${TEMP_PREFIX.replace('.', '\\.')}[0-9a-f]{16}$`));
		expect(tempFolderName(url, config())).toBe(name);
		expect(tempFolderName(url, config({ cookies: 'secret', proxyUrl: 'http://u:p@proxy' }))).toBe(name);
		expect(tempFolderName('https://example.com/b', config())).not.toBe(name);
		expect(tempFolderName(url, config({ quality: '360p' }))).not.toBe(name);
		expect(tempFolderName(url, config({ audioOnly: true }))).not.toBe(name);
		expect(tempFolderName(url, config(), true)).not.toBe(name);
	});

	it('is one per running download: a second claim of the same name gets a one-off folder', async () => {
		const first = await claimTempFolder(out, '.mdl-tmp-same');
		const second = await claimTempFolder(out, '.mdl-tmp-same');
		expect(first).toMatchObject({ dir: path.join(out, '.mdl-tmp-same'), stable: true });
		expect(second.stable).toBe(false);
		expect(path.dirname(second.dir)).toBe(out);
		expect(second.dir).not.toBe(first.dir);
		// A one-off folder is never kept, even after a failure with resume on.
		writeFileSync(path.join(second.dir, 'x.mp4.part'), 'x');
		await second.release('failed', true);
		expect(existsSync(second.dir)).toBe(false);
		await first.release('done', true);
		expect(readdirSync(out)).toEqual([]);
	});

	it('after a failure with resume on keeps its .part files (not its owner mark); done and cancelled remove it', async () => {
		const failed = await claimTempFolder(out, '.mdl-tmp-a');
		writeFileSync(path.join(failed.dir, 'x.mp4.part'), 'x');
		await failed.release('failed', true);
		expect(readdirSync(failed.dir)).toEqual(['x.mp4.part']);
		const again = await claimTempFolder(out, '.mdl-tmp-a');
		expect(again.stable).toBe(true);
		await again.release('cancelled', true);
		expect(existsSync(again.dir)).toBe(false);

		const noResume = await claimTempFolder(out, '.mdl-tmp-b');
		writeFileSync(path.join(noResume.dir, 'x.mp4.part'), 'x');
		await noResume.release('failed', false);
		expect(existsSync(noResume.dir)).toBe(false);
		const empty = await claimTempFolder(out, '.mdl-tmp-c');
		await empty.release('failed', true);
		expect(existsSync(empty.dir)).toBe(false);
	});

	it('takes over the mark of a process that is gone, not of one that runs', async () => {
		mkdirSync(path.join(out, '.mdl-tmp-dead'));
		writeFileSync(path.join(out, '.mdl-tmp-dead', '.owner'), `${os.hostname()} 2147483646`);
		expect((await claimTempFolder(out, '.mdl-tmp-dead')).stable).toBe(true);
		mkdirSync(path.join(out, '.mdl-tmp-live'));
		writeFileSync(path.join(out, '.mdl-tmp-live', '.owner'), `${os.hostname()} ${process.ppid}`);
		expect((await claimTempFolder(out, '.mdl-tmp-live')).stable).toBe(false);
	});

	it('knows where yt-dlp moves a file out of it', () => {
		expect(movedPathOf('/srv/media/.mdl-tmp-0123/Music/a.mp3')).toBe('/srv/media/Music/a.mp3');
		expect(movedPathOf('/srv/media/Music/a.mp3')).toBeUndefined();
	});

	it('LiveHash finds a file already moved out of the temp folder (a download quicker than its first look)', async () => {
		const temp = path.join(out, '.mdl-tmp-1');
		mkdirSync(temp);
		const bytes = randomBytes(300_000);
		writeFileSync(path.join(temp, 'clip.mp4.part'), bytes.subarray(0, 100_000));
		const hash = new LiveHash(path.join(temp, 'clip.mp4'), 'sha256');
		await new Promise((r) => setTimeout(r, 150));
		appendFileSync(path.join(temp, 'clip.mp4.part'), bytes.subarray(100_000));
		renameSync(path.join(temp, 'clip.mp4.part'), path.join(temp, 'clip.mp4'));
		renameSync(path.join(temp, 'clip.mp4'), path.join(out, 'clip.mp4'));
		const checksum = { algorithm: 'sha256', digest: createHash('sha256').update(bytes).digest('hex') };
		expect(await hash.settle()).toEqual({ inode: statSync(path.join(out, 'clip.mp4')).ino, size: 300_000, checksum });

		writeFileSync(path.join(temp, 'quick.mp4'), bytes);
		renameSync(path.join(temp, 'quick.mp4'), path.join(out, 'quick.mp4'));
		const quick = new LiveHash(path.join(temp, 'quick.mp4'), 'sha256');
		expect(await quick.settle()).toEqual({ inode: statSync(path.join(out, 'quick.mp4')).ino, size: 300_000, checksum });
	});
});
