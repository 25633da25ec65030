import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { MediaError } from '../../lib';
import { forgetArchived } from '../../lib/download/archive';
import { assertInside, isInside, writeInside } from '../../lib/download/confine';
import { guardAfter, guardBefore, writeDepth } from '../../lib/download/folderGuard';
import { scanFolder, writeDestination } from '../../lib/download/symlinkScan';
import { claimTempFolder, TEMP_PREFIX } from '../../lib/download/tempFolder';

describe('isInside', () => {
	let root: string;
	beforeAll(() => {
		root = mkdtempSync(path.join(os.tmpdir(), 'mdl-confine-'));
		mkdirSync(path.join(root, 'out'));
		writeFileSync(path.join(root, 'outside.txt'), 'x');
		symlinkSync(path.join(root, 'outside.txt'), path.join(root, 'out', 'link.txt'));
	});
	afterAll(() => rmSync(root, { recursive: true, force: true }));

	it('accepts names that merely start with dots', async () => {
		expect(await isInside(path.join(root, 'out'), path.join(root, 'out', '..⧸..⧸etc⧸passwd.mp4'))).toBe(true);
		expect(await isInside(path.join(root, 'out'), path.join(root, 'out', '...mp4'))).toBe(true);
	});
	it('refuses parents, siblings, the folder itself and symlinks that point out', async () => {
		expect(await isInside(path.join(root, 'out'), path.join(root, 'outside.txt'))).toBe(false);
		expect(await isInside(path.join(root, 'out'), path.join(root, 'out', '..', 'x'))).toBe(false);
		expect(await isInside(path.join(root, 'out'), path.join(root, 'out'))).toBe(false);
		expect(await isInside(path.join(root, 'out'), path.join(root, 'out', 'link.txt'))).toBe(false);
		await expect(assertInside(path.join(root, 'out'), [path.join(root, 'out', 'link.txt')])).rejects.toMatchObject({ kind: 'InvalidInput' });
	});
});

describe('writeDestination: where a write through a path lands', () => {
	let root: string;
	beforeAll(() => {
		root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'mdl-dest-')));
		mkdirSync(path.join(root, 'out', 'sub'), { recursive: true });
		mkdirSync(path.join(root, 'elsewhere'));
		writeFileSync(path.join(root, 'elsewhere', 'real.txt'), 'x');
		symlinkSync(path.join(root, 'elsewhere', 'real.txt'), path.join(root, 'out', 'file-link'));
		symlinkSync(path.join(root, 'elsewhere', 'new', 'a.txt'), path.join(root, 'out', 'dangling'));
		symlinkSync('../../elsewhere/rel.txt', path.join(root, 'out', 'sub', 'relative'));
		symlinkSync(path.join(root, 'hop'), path.join(root, 'out', 'chain'));
		symlinkSync('elsewhere/end.txt', path.join(root, 'hop'));
		symlinkSync(path.join(root, 'elsewhere'), path.join(root, 'out', 'folder-link'));
		// ".." after a link is the link target's parent, not the link's folder.
		symlinkSync('folder-link/../outside.txt', path.join(root, 'out', 'dotdot'));
		symlinkSync('loop-b', path.join(root, 'out', 'loop-a'));
		symlinkSync('loop-a', path.join(root, 'out', 'loop-b'));
	});
	afterAll(() => rmSync(root, { recursive: true, force: true }));

	it.each([
		['an existing file through a link', 'out/file-link', 'elsewhere/real.txt'],
		['a dangling link (a write creates its target)', 'out/dangling', 'elsewhere/new/a.txt'],
		['a relative dangling link', 'out/sub/relative', 'elsewhere/rel.txt'],
		['a chain of links', 'out/chain', 'elsewhere/end.txt'],
		['a new file in a linked folder', 'out/folder-link/x.mp4', 'elsewhere/x.mp4'],
		['".." after a linked folder', 'out/dotdot', 'outside.txt'],
		['a plain new file', 'out/sub/new.mp4', 'out/sub/new.mp4'],
	])('%s', async (_what, file, expected) => {
		expect(await writeDestination(path.join(root, file))).toBe(path.join(root, expected));
	});

	it('a loop of links leads nowhere (no write gets through it)', async () => {
		expect(await writeDestination(path.join(root, 'out', 'loop-a'))).toBeUndefined();
	});
});

describe('scanFolder: symlinks under a folder that lead outside it', () => {
	let root: string;
	let out: string;
	beforeEach(() => {
		root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'mdl-scan-')));
		out = path.join(root, 'out');
		mkdirSync(path.join(out, 'a', 'b'), { recursive: true });
		mkdirSync(path.join(root, 'elsewhere'));
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));
	const limits = { maxDepth: 3, maxEntries: 1000 };

	it('reports links to files, folders and nowhere outside; not links that stay inside or point at the folder itself', async () => {
		symlinkSync(path.join(root, 'elsewhere'), path.join(out, 'Uploader'));
		symlinkSync(path.join(root, 'elsewhere', 'x.description'), path.join(out, 'a', 'x.description'));
		symlinkSync('../../../outside.txt', path.join(out, 'a', 'b', 'up'));
		symlinkSync(path.join(out, 'a'), path.join(out, 'alias'));
		symlinkSync(out, path.join(out, 'self'));
		symlinkSync('missing-inside.txt', path.join(out, 'a', 'dangling-inside'));
		const scan = await scanFolder(out, limits);
		expect(scan.outside).toEqual([
			{ link: path.join(out, 'Uploader'), leadsTo: path.join(root, 'elsewhere') },
			{ link: path.join(out, 'a', 'x.description'), leadsTo: path.join(root, 'elsewhere', 'x.description') },
			{ link: path.join(out, 'a', 'b', 'up'), leadsTo: path.join(root, 'outside.txt') },
		]);
		expect(scan.truncated).toBe(false);
	});

	it('never walks into a linked folder: what is beyond a link is not the folder\'s', async () => {
		mkdirSync(path.join(root, 'elsewhere', 'deeper'));
		symlinkSync('/etc', path.join(root, 'elsewhere', 'deeper', 'etc'));
		symlinkSync(path.join(out, 'a'), path.join(out, 'alias'));
		symlinkSync(path.join(root, 'elsewhere'), path.join(out, 'a', 'b', 'away'));
		const scan = await scanFolder(out, { maxDepth: 10, maxEntries: 1000 });
		expect(scan.outside.map((l) => l.link)).toEqual([path.join(out, 'a', 'b', 'away')]);
		expect(scan.seen.has(path.join(out, 'alias', 'b'))).toBe(false);
	});

	it('looks only as deep as told: a link one level further is not reached', async () => {
		symlinkSync(path.join(root, 'elsewhere'), path.join(out, 'a', 'b', 'deep'));
		expect((await scanFolder(out, { maxDepth: 2, maxEntries: 1000 })).outside).toEqual([]);
		expect((await scanFolder(out, { maxDepth: 3, maxEntries: 1000 })).outside).toHaveLength(1);
	});

	it('stops at the entry limit and says so; shallow levels come first', async () => {
		for (let i = 0; i < 20; i++) writeFileSync(path.join(out, 'a', 'b', `f${i}`), '');
		symlinkSync(path.join(root, 'elsewhere'), path.join(out, 'top-link'));
		symlinkSync(path.join(root, 'elsewhere'), path.join(out, 'a', 'b', 'deep-link'));
		const scan = await scanFolder(out, { maxDepth: 3, maxEntries: 10 });
		expect(scan).toMatchObject({ truncated: true, entries: 10 });
		expect(scan.outside.map((l) => l.link)).toEqual([path.join(out, 'top-link')]);
		const all = await scanFolder(out, { maxDepth: 3, maxEntries: 100 });
		expect(all).toMatchObject({ truncated: false, entries: 24 });
	});

	it('given an earlier walk, lists the regular files that appeared since, outside the skipped folders', async () => {
		writeFileSync(path.join(out, 'old.mp3'), '');
		const before = await scanFolder(out, limits);
		writeFileSync(path.join(out, 'Playlist.description'), '');
		writeFileSync(path.join(out, 'a', 'b', 'Playlist.info.json'), '');
		mkdirSync(path.join(out, '.mdl-tmp-1'));
		writeFileSync(path.join(out, '.mdl-tmp-1', 'x.part'), '');
		const after = await scanFolder(out, limits, { previous: before, skip: (name) => name.startsWith('.mdl-tmp-') });
		expect(after.added.sort()).toEqual([path.join(out, 'Playlist.description'), path.join(out, 'a', 'b', 'Playlist.info.json')]);
	});
});

describe('writeDepth: the levels a download writes below the output folder', () => {
	it.each([
		['%(title)s.%(ext)s', 2],
		['Podcasts/%(uploader)s/%(title)s.%(ext)s', 4],
		['./a/%(id)s.%(ext)s', 3],
		['/srv/media/Music/%(artist)s/%(title)s.%(ext)s', 4],
	])('%s → %i (the template\'s levels and one for the temp folder)', (template, depth) => {
		expect(writeDepth('/srv/media', template)).toBe(depth);
	});
});

describe('guardBefore / guardAfter', () => {
	let root: string;
	let out: string;
	beforeEach(() => {
		root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'mdl-guard-')));
		out = path.join(root, 'out');
		mkdirSync(out);
		mkdirSync(path.join(root, 'elsewhere'));
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));

	it('refuses a link that leads out, naming it, where it leads and what to do', async () => {
		symlinkSync(path.join(root, 'elsewhere'), path.join(out, 'Uploader'));
		symlinkSync(path.join(root, 'elsewhere', 'f'), path.join(out, 'other'));
		const error = await guardBefore(out, '%(uploader)s/%(title)s.%(ext)s').catch((e: unknown) => e);
		expect(error).toBeInstanceOf(MediaError);
		expect(error).toMatchObject({ kind: 'InvalidInput', hint: expect.stringMatching(/^Remove the link/) });
		expect((error as MediaError).message).toMatch(new RegExp(`symlink "(Uploader|other)" leads outside the output folder ${out} \\(to ${root}/elsewhere.*; 1 more: symlink "(Uploader|other)"`));
	});

	it('after the run: a link something was written through fails, one nothing went through does not; files that appeared pass the check', async () => {
		const guard = await guardBefore(out, '%(title)s.%(ext)s');
		expect(guard.warning).toBeUndefined();
		const started = Date.now();
		const old = new Date(started - 3_600_000);
		writeFileSync(path.join(root, 'elsewhere', 'untouched'), '');
		utimesSync(path.join(root, 'elsewhere', 'untouched'), old, old);
		symlinkSync(path.join(root, 'elsewhere', 'untouched'), path.join(out, 'quiet-link'));
		symlinkSync(path.join(root, 'elsewhere', 'never-written'), path.join(out, 'dangling-link'));
		writeFileSync(path.join(out, 'Feed.description'), 'x');
		const checked: string[] = [];
		await guardAfter(guard, started, (p) => void checked.push(p));
		expect(checked).toEqual([path.join(out, 'Feed.description')]);

		symlinkSync(path.join(root, 'elsewhere', 'written'), path.join(out, 'Feed.info.json'));
		writeFileSync(path.join(out, 'Feed.info.json'), '{}');
		await expect(guardAfter(guard, started)).rejects.toMatchObject({
			kind: 'InvalidInput',
			message: expect.stringContaining(`symlink "Feed.info.json" leads outside the output folder ${out} (to ${path.join(root, 'elsewhere', 'written')}): something was written through it`),
		});
		expect(readFileSync(path.join(root, 'elsewhere', 'written'), 'utf8')).toBe('{}');
	});

	it('a refusal of the check names the option that wrote the file', async () => {
		const guard = await guardBefore(out, '%(title)s.%(ext)s');
		const started = Date.now();
		writeFileSync(path.join(out, 'Feed.jpg'), 'x');
		await expect(
			guardAfter(guard, started, (p) => {
				throw new Error(`Access to "${p}" is not allowed`);
			}),
		).rejects.toMatchObject({ kind: 'InvalidInput', message: `writeThumbnail: Access to "${path.join(out, 'Feed.jpg')}" is not allowed` });
	});
});

describe('writeInside: a file of ours, only inside the output folder', () => {
	let root: string;
	let out: string;
	beforeEach(() => {
		root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'mdl-write-')));
		out = path.join(root, 'out');
		mkdirSync(out);
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));

	it('writes the file (replacing an older one), leaves no temp file, and checks the real path', async () => {
		const checked: string[] = [];
		writeFileSync(path.join(out, 'talk.en.md'), 'old');
		expect(await writeInside(out, 'talk.en.md', '# Talk', 'The Markdown file', (p) => void checked.push(p))).toBe(path.join(out, 'talk.en.md'));
		expect(readFileSync(path.join(out, 'talk.en.md'), 'utf8')).toBe('# Talk');
		expect(readdirSync(out)).toEqual(['talk.en.md']);
		expect(checked).toEqual([path.join(out, 'talk.en.md')]);
	});

	it('refuses a name whose symlink leads out, writing nothing there', async () => {
		symlinkSync(path.join(root, 'escaped.md'), path.join(out, 'talk.en.md'));
		await expect(writeInside(out, 'talk.en.md', '# Talk', 'The Markdown file')).rejects.toMatchObject({ kind: 'InvalidInput', message: expect.stringContaining('The Markdown file "talk.en.md" leads outside') });
		expect(readdirSync(root).sort()).toEqual(['out']);
	});
});

describe('the temp folder: its owner mark and its end never go through a link', () => {
	let root: string;
	let out: string;
	let target: string;
	beforeEach(() => {
		root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'mdl-tempdir-')));
		out = path.join(root, 'out');
		target = path.join(root, 'target');
		mkdirSync(out);
		mkdirSync(target);
		writeFileSync(path.join(target, 'keep.txt'), 'precious');
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));
	/** Links from `dir` to a folder and a file outside: removing the folder must remove the links only. */
	const plantLinks = (dir: string) => {
		mkdirSync(path.join(dir, 'generic', 'deeper'), { recursive: true });
		symlinkSync(target, path.join(dir, 'generic', 'to-folder'));
		symlinkSync(path.join(target, 'keep.txt'), path.join(dir, 'to-file'));
	};
	const targetIntact = () => {
		expect(readdirSync(target)).toEqual(['keep.txt']);
		expect(readFileSync(path.join(target, 'keep.txt'), 'utf8')).toBe('precious');
	};

	it('a link planted at the owner mark is replaced by our mark, never written through', async () => {
		const name = `${TEMP_PREFIX}owned`;
		mkdirSync(path.join(out, name));
		// What a dead owner on this host would have left: the mark is taken over.
		const victim = path.join(target, 'victim');
		writeFileSync(victim, `${os.hostname()} 999999999`);
		symlinkSync(victim, path.join(out, name, '.owner'));
		const temp = await claimTempFolder(out, name);
		expect(temp).toMatchObject({ dir: path.join(out, name), stable: true });
		expect(readFileSync(victim, 'utf8')).toBe(`${os.hostname()} 999999999`);
		expect(lstatSync(path.join(temp.dir, '.owner')).isFile()).toBe(true);
		expect(readFileSync(path.join(temp.dir, '.owner'), 'utf8')).toBe(`${os.hostname()} ${process.pid}`);
		expect(readdirSync(temp.dir)).toEqual(['.owner']);
		await temp.release('done', false);
		expect(readdirSync(out)).toEqual([]);
	});

	it('a failed run that left only empty folders (and links): the whole folder goes, what the links lead to stays', async () => {
		const temp = await claimTempFolder(out, `${TEMP_PREFIX}empty`);
		plantLinks(temp.dir);
		await temp.release('failed', true);
		expect(existsSync(temp.dir)).toBe(false);
		targetIntact();
	});

	it('a failed run that left a file to resume keeps the folder, without its owner mark', async () => {
		const temp = await claimTempFolder(out, `${TEMP_PREFIX}resume`);
		plantLinks(temp.dir);
		writeFileSync(path.join(temp.dir, 'generic', 'x.mp4.part'), 'abc');
		await temp.release('failed', true);
		expect(readdirSync(temp.dir).sort()).toEqual(['generic', 'to-file']);
		expect(readFileSync(path.join(temp.dir, 'generic', 'x.mp4.part'), 'utf8')).toBe('abc');
		targetIntact();
	});

	it.each(['done', 'cancelled'] as const)('%s: the folder goes whole, links removed, not followed', async (outcome) => {
		const temp = await claimTempFolder(out, `${TEMP_PREFIX}${outcome}`);
		plantLinks(temp.dir);
		writeFileSync(path.join(temp.dir, 'generic', 'x.mp4.part'), 'abc');
		await temp.release(outcome, true);
		expect(readdirSync(out)).toEqual([]);
		targetIntact();
	});

	it('a temp folder replaced by a link during the run: only the link goes, nothing behind it is read, moved or removed', async () => {
		writeFileSync(path.join(target, 'talk.description'), 'not ours');
		writeFileSync(path.join(target, '.owner'), 'not ours');
		for (const outcome of ['done', 'failed'] as const) {
			const temp = await claimTempFolder(out, `${TEMP_PREFIX}swapped-${outcome}`);
			rmSync(temp.dir, { recursive: true });
			symlinkSync(target, temp.dir);
			await temp.release(outcome, true);
			expect(readdirSync(out)).toEqual([]);
			expect(readdirSync(target).sort()).toEqual(['.owner', 'keep.txt', 'talk.description']);
		}
	});
});

describe('forgetArchived: the archive is rewritten under a new name and renamed into place', () => {
	let root: string;
	let archive: string;
	beforeEach(() => {
		root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'mdl-archive-')));
		mkdirSync(path.join(root, 'out'));
		archive = path.join(root, 'out', 'archive.txt');
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));

	it('removes only that entry, keeps the file mode, and leaves no temp file; a reader of the old file keeps it whole', async () => {
		writeFileSync(archive, 'generic a\ngeneric b\nyoutube a\n');
		chmodSync(archive, 0o640);
		const before = statSync(archive);
		await forgetArchived(archive, 'Generic', 'a');
		expect(readFileSync(archive, 'utf8')).toBe('generic b\nyoutube a\n');
		const after = statSync(archive);
		// A new file took the name: the old one was never truncated under a reader.
		expect(after.ino).not.toBe(before.ino);
		expect(after.mode & 0o777).toBe(0o640);
		expect(readdirSync(path.join(root, 'out'))).toEqual(['archive.txt']);
	});

	it('an archive with no such entry is left as it is', async () => {
		writeFileSync(archive, 'generic b\n');
		const before = statSync(archive);
		await forgetArchived(archive, 'Generic', 'a');
		expect(statSync(archive).ino).toBe(before.ino);
	});

	it('a link planted at the archive\'s name is not read or written through', async () => {
		const outside = path.join(root, 'archive.txt');
		writeFileSync(outside, 'generic a\ngeneric b\n');
		symlinkSync(outside, archive);
		await forgetArchived(archive, 'Generic', 'a');
		expect(readFileSync(outside, 'utf8')).toBe('generic a\ngeneric b\n');
		expect(lstatSync(archive).isSymbolicLink()).toBe(true);
		expect(readdirSync(path.join(root, 'out'))).toEqual(['archive.txt']);
	});
});
