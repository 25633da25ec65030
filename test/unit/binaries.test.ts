import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { findOnPath, getProgram, getYtDlp, locateProgram, programVersions } from '../../lib/binaries';
import { MediaError } from '../../lib/errors';
import { jsRuntimeFlags } from '../../lib/ytdlpFlags';

/**
 * Resolution and runtime detection are checked against PATHs these tests build themselves, so they hold
 * whatever is installed on the machine (a yt-dlp elsewhere than /usr/bin, a Deno or none).
 */

/** A fake executable: these tests are about path resolution, so nothing ever runs it. */
function fakeProgram(dir: string, name: string, mode = 0o755): string {
	mkdirSync(dir, { recursive: true });
	const file = path.join(dir, name);
	writeFileSync(file, '#!/bin/sh\necho 2026.01.01\n');
	chmodSync(file, mode);
	return file;
}

/** Sets process.env[name] for one test; the returned function restores what was there (also "unset"). */
function setEnv(name: string, value: string | undefined): () => void {
	const before = process.env[name];
	if (value === undefined) delete process.env[name];
	else process.env[name] = value;
	return () => {
		if (before === undefined) delete process.env[name];
		else process.env[name] = before;
	};
}

/**
 * The machine's PATH with every deno taken away: a folder that holds a deno is replaced by a folder of
 * links to everything else in it (python3, dirname… that a yt-dlp wrapper may need stay reachable).
 */
function pathWithoutDeno(scratch: string): string {
	return (process.env.PATH ?? '')
		.split(path.delimiter)
		.map((dir, i) => {
			if (!dir || !findOnPath('deno', dir)) return dir;
			const mirror = path.join(scratch, `no-deno-${i}`);
			mkdirSync(mirror);
			for (const entry of readdirSync(dir)) if (entry !== 'deno') symlinkSync(path.join(dir, entry), path.join(mirror, entry));
			return mirror;
		})
		.join(path.delimiter);
}

describe('jsRuntimeFlags', () => {
	it('gives old yt-dlp (no --js-runtimes, e.g. Debian 2023.03.04) no runtime flag', () => {
		expect(jsRuntimeFlags(false, undefined, '/opt/node/bin/node')).toEqual([]);
	});
	it('passes the running Node to yt-dlp ≥ 2025.11.12 when Deno is missing', () => {
		expect(jsRuntimeFlags(true, undefined, '/opt/node/bin/node')).toEqual(['--js-runtimes', 'node:/opt/node/bin/node']);
	});
	it('leaves the choice to yt-dlp when Deno, its default runtime, is installed', () => {
		expect(jsRuntimeFlags(true, '/usr/bin/deno', '/opt/node/bin/node')).toEqual([]);
	});
});

describe('locateProgram', () => {
	let dir: string;
	const restore: Array<() => void> = [];
	beforeEach(() => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'mdl-bin-'));
	});
	afterEach(() => {
		while (restore.length) restore.pop()!();
		rmSync(dir, { recursive: true, force: true });
	});

	it('prefers the credential path, then YTDLP_PATH, then PATH', () => {
		const fromCredential = fakeProgram(path.join(dir, 'credential'), 'yt-dlp');
		const fromEnv = fakeProgram(path.join(dir, 'env'), 'yt-dlp');
		const fromPath = fakeProgram(path.join(dir, 'path'), 'yt-dlp');
		restore.push(setEnv('PATH', path.dirname(fromPath)), setEnv('YTDLP_PATH', fromEnv));
		expect(locateProgram('yt-dlp', { ytdlpPath: fromCredential })).toBe(fromCredential);
		expect(locateProgram('yt-dlp', { ytdlpPath: '  ' })).toBe(fromEnv);
		expect(locateProgram('yt-dlp', {})).toBe(fromEnv);
		delete process.env.YTDLP_PATH;
		expect(locateProgram('yt-dlp', {})).toBe(fromPath);
	});

	it('takes the first executable on PATH, in PATH order, skipping files that are not executable', () => {
		const notExecutable = fakeProgram(path.join(dir, 'a'), 'ffprobe', 0o644);
		const first = fakeProgram(path.join(dir, 'b'), 'ffprobe');
		const second = fakeProgram(path.join(dir, 'c'), 'ffprobe');
		restore.push(setEnv('FFPROBE_PATH', undefined));
		restore.push(setEnv('PATH', ['', path.dirname(notExecutable), path.join(dir, 'missing'), path.dirname(first), path.dirname(second)].join(path.delimiter)));
		expect(locateProgram('ffprobe')).toBe(first);
		process.env.PATH = [path.dirname(second), path.dirname(first)].join(path.delimiter);
		expect(locateProgram('ffprobe')).toBe(second);
	});

	it('says so when the program is on no folder of PATH', () => {
		restore.push(setEnv('FFMPEG_PATH', undefined), setEnv('PATH', path.join(dir, 'empty')));
		expect(() => locateProgram('ffmpeg')).toThrow(expect.objectContaining({ kind: 'BinaryMissing', message: 'ffmpeg was not found (not on PATH).' }));
	});

	it('refuses a wrong explicit path with an install hint instead of falling back', () => {
		// ffmpeg is on this PATH, so a fallback would find it.
		restore.push(setEnv('PATH', path.dirname(fakeProgram(path.join(dir, 'bin'), 'ffmpeg'))));
		const error = (() => {
			try {
				locateProgram('ffmpeg', { ffmpegPath: path.join(dir, 'nope') });
			} catch (e) {
				return e as MediaError;
			}
		})();
		expect(error).toBeInstanceOf(MediaError);
		expect(error!.kind).toBe('BinaryMissing');
		expect(error!.message).toContain('ffmpeg was not found');
		expect(error!.hint).toMatch(/apt-get install yt-dlp ffmpeg/);
		expect(error!.retryable).toBe(false);
	});
});

describe('program versions (real programs)', () => {
	it('reads the installed yt-dlp, ffmpeg and ffprobe versions', async () => {
		const versions = await programVersions();
		expect(versions['yt-dlp']).toMatch(/^\d{4}\.\d{2}\.\d{2}/);
		expect(versions.ffmpeg).toMatch(/\d+\.\d+/);
		expect(versions.ffprobe).toMatch(/\d+\.\d+/);
	});

	describe('--js-runtimes detection from the help text of the yt-dlp under test', () => {
		// The yt-dlp under test (YTDLP_PATH in CI's second run, else PATH's), named explicitly so that the
		// PATHs below only decide whether a deno is found.
		const ytdlpPath = () => locateProgram('yt-dlp');
		let scratch: string;
		const restore: Array<() => void> = [];
		beforeEach(() => {
			scratch = mkdtempSync(path.join(os.tmpdir(), 'mdl-deno-'));
		});
		afterEach(() => {
			while (restore.length) restore.pop()!();
			rmSync(scratch, { recursive: true, force: true });
		});

		// Debian's 2023.03.04 lacks the flag; a 2025.11.12+ build has it: the help text must say the same.
		async function releasedWithFlag(file: string): Promise<boolean> {
			return (await getProgram('yt-dlp', { ytdlpPath: file })).version >= '2025.11.12';
		}

		it('passes the running Node to a yt-dlp that has the flag when no deno is on PATH', async () => {
			const file = ytdlpPath();
			// A deno of our own first, so that taking deno away is exercised on every machine.
			const deno = fakeProgram(path.join(scratch, 'deno-bin'), 'deno');
			fakeProgram(path.dirname(deno), 'neighbour');
			restore.push(setEnv('PATH', [path.dirname(deno), process.env.PATH].join(path.delimiter)));
			process.env.PATH = pathWithoutDeno(scratch);
			expect(findOnPath('deno')).toBeUndefined();
			expect(findOnPath('neighbour')).toBe(path.join(scratch, 'no-deno-0', 'neighbour'));
			const ytdlp = await getYtDlp({ ytdlpPath: file });
			const newer = await releasedWithFlag(file);
			expect(ytdlp.path).toBe(file);
			expect(ytdlp.supportsJsRuntimes).toBe(newer);
			expect(ytdlp.baseArgs).toEqual(newer ? ['--js-runtimes', `node:${process.execPath}`] : []);
		});

		it('leaves the runtime to yt-dlp when a deno is on PATH', async () => {
			const file = ytdlpPath();
			const deno = fakeProgram(path.join(scratch, 'deno-bin'), 'deno');
			restore.push(setEnv('PATH', [path.dirname(deno), process.env.PATH].join(path.delimiter)));
			expect(findOnPath('deno')).toBe(deno);
			const ytdlp = await getYtDlp({ ytdlpPath: file });
			expect(ytdlp.supportsJsRuntimes).toBe(await releasedWithFlag(file));
			expect(ytdlp.baseArgs).toEqual([]);
		});
	});
});
