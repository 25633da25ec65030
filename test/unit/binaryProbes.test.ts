import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { getProgram, getYtDlp, locateProgram } from '../../lib/binaries';
import { MediaError } from '../../lib/errors';

/**
 * The version and --help probes run through lib/process.ts runProgram, like every other run: argument
 * arrays, the child leading its own process group, a time limit, failures as BinaryMissing.
 */

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'mdl-probe-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, body: string): string {
	const file = path.join(dir, name);
	writeFileSync(file, `#!/bin/sh\n${body}\n`);
	chmodSync(file, 0o755);
	return file;
}

/** Lines "pid pgid args…" the wrapper logged, one per start. */
function starts(log: string): Array<{ pid: string; pgid: string; args: string }> {
	return readFileSync(log, 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((line) => {
			const [pid, pgid, ...args] = line.split(' ');
			return { pid, pgid, args: args.join(' ') };
		});
}

describe('the version and --help probes', () => {
	it('start the real yt-dlp as the leader of its own process group, once per path', async () => {
		// A wrapper that notes its pid and process group, then becomes the real yt-dlp (exec keeps the pid).
		const log = path.join(dir, 'starts.log');
		const wrapper = script('yt-dlp', `echo "$$ $(cut -d' ' -f5 /proc/$$/stat) $*" >> '${log}'\nexec '${locateProgram('yt-dlp')}' "$@"`);
		const first = await getYtDlp({ ytdlpPath: wrapper });
		expect(first.version).toMatch(/^\d{4}\.\d{2}\.\d{2}/);
		const probes = starts(log);
		expect(probes.map((p) => p.args)).toEqual(['--version', '--ignore-config --help']);
		for (const probe of probes) expect(probe.pgid).toBe(probe.pid);
		// Cached per path: a second lookup starts nothing.
		expect(await getYtDlp({ ytdlpPath: wrapper })).toEqual(first);
		expect(starts(log)).toHaveLength(2);
	});

	it('a program that cannot be started is BinaryMissing with the install hint', async () => {
		// Not something the real yt-dlp can do here: an executable whose interpreter does not exist.
		const broken = path.join(dir, 'yt-dlp');
		writeFileSync(broken, '#!/nonexistent/python3\n');
		chmodSync(broken, 0o755);
		const error = await getProgram('yt-dlp', { ytdlpPath: broken }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(MediaError);
		expect(error).toMatchObject({ kind: 'BinaryMissing', retryable: false, message: expect.stringContaining(`yt-dlp at "${broken}" did not run`) });
		expect((error as MediaError).hint).toMatch(/apt-get install yt-dlp ffmpeg/);
	});

	it('a failing --help is BinaryMissing, and is asked again next time rather than cached', async () => {
		// A fake, because the real yt-dlp always answers --help: this one fails it until a marker file exists.
		const marker = path.join(dir, 'healthy');
		const fake = script(
			'yt-dlp',
			`case "$*" in *--help*) if [ -e '${marker}' ]; then echo '  --js-runtimes RUNTIMES'; exit 0; fi; echo 'ERROR: broken install' >&2; exit 3;; esac\necho 2099.01.01`,
		);
		const error = await getYtDlp({ ytdlpPath: fake }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(MediaError);
		expect(error).toMatchObject({ kind: 'BinaryMissing', message: `yt-dlp at "${fake}" did not run: exited with code 3: ERROR: broken install` });
		writeFileSync(marker, '');
		const ytdlp = await getYtDlp({ ytdlpPath: fake });
		expect(ytdlp).toMatchObject({ version: '2099.01.01', supportsJsRuntimes: true });
	});

	it('a version probe that exits with an error is BinaryMissing', async () => {
		// A fake: the real yt-dlp does not fail --version.
		const fake = script('ffprobe', 'echo "ffprobe: cannot load libavformat" >&2; exit 127');
		await expect(getProgram('ffprobe', { ffprobePath: fake })).rejects.toMatchObject({
			kind: 'BinaryMissing',
			message: `ffprobe at "${fake}" did not run: exited with code 127: ffprobe: cannot load libavformat`,
		});
	});
});
