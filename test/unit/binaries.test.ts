import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { getProgram, getYtDlp, jsRuntimeArgs, locateProgram, programVersions } from '../../lib/binaries';
import { MediaError } from '../../lib/errors';

describe('jsRuntimeArgs', () => {
	it('gives old yt-dlp (no --js-runtimes, e.g. Debian 2023.03.04) no runtime flag', () => {
		expect(jsRuntimeArgs(false, undefined, '/opt/node/bin/node')).toEqual([]);
	});
	it('passes the running Node to yt-dlp ≥ 2025.11.12 when Deno is missing', () => {
		expect(jsRuntimeArgs(true, undefined, '/opt/node/bin/node')).toEqual(['--js-runtimes', 'node:/opt/node/bin/node']);
	});
	it('leaves the choice to yt-dlp when Deno, its default runtime, is installed', () => {
		expect(jsRuntimeArgs(true, '/usr/bin/deno', '/opt/node/bin/node')).toEqual([]);
	});
});

describe('locateProgram', () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'mdl-bin-'));
	});
	afterEach(() => {
		rmSync(dir, { recursive: true, force: true });
		delete process.env.YTDLP_PATH;
	});

	it('prefers the credential path, then YTDLP_PATH, then PATH', () => {
		const fromCredential = path.join(dir, 'a');
		const fromEnv = path.join(dir, 'b');
		for (const file of [fromCredential, fromEnv]) {
			writeFileSync(file, '#!/bin/sh\necho 2026.01.01\n');
			chmodSync(file, 0o755);
		}
		process.env.YTDLP_PATH = fromEnv;
		expect(locateProgram('yt-dlp', { ytdlpPath: fromCredential })).toBe(fromCredential);
		expect(locateProgram('yt-dlp', {})).toBe(fromEnv);
		delete process.env.YTDLP_PATH;
		expect(locateProgram('yt-dlp', {})).toBe('/usr/bin/yt-dlp');
	});

	it('refuses a wrong explicit path with an install hint instead of falling back', () => {
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

	it('detects --js-runtimes from the help text of the installed yt-dlp', async () => {
		const ytdlp = await getYtDlp();
		const program = await getProgram('yt-dlp');
		// Debian's 2023.03.04 lacks the flag; a 2025.11.12+ build has it: either way the args follow the detection.
		const newer = program.version >= '2025.11.12';
		expect(ytdlp.supportsJsRuntimes).toBe(newer);
		expect(ytdlp.baseArgs.length > 0).toBe(newer);
	});
});
