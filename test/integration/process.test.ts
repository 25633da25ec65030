import { statSync } from 'node:fs';
import path from 'node:path';

import { MediaError } from '../../lib/errors';
import { parseProgressLine, type Progress } from '../../lib/progress';
import { runYtDlp } from '../../lib/ytdlp';
import { progressFlags } from '../../lib/ytdlpFlags';
import { processesMatching } from '../helpers/ytdlpSpy';
import { withFixtures } from '../helpers/withFixtures';

const fx = withFixtures('mdl-proc-');

async function waitFor(check: () => boolean, ms = 10_000): Promise<void> {
	for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (check()) return;
	throw new Error('condition not met in time');
}

describe('runYtDlp (real yt-dlp and ffmpeg)', () => {
	it('reports line-by-line progress up to the exact file size', async () => {
		const file = fx.server.media['video-720.mp4'];
		const updates: Progress[] = [];
		const result = await runYtDlp(
			[...progressFlags(), '-o', path.join(fx.dir, 'out.%(ext)s'), '--limit-rate', '400K'],
			[fx.server.url('/media/video-720.mp4')],
			{ onStdoutLine: (line) => { const p = parseProgressLine(line); if (p) updates.push(p); } },
		);
		expect(result.exitCode).toBe(0);
		expect(statSync(path.join(fx.dir, 'out.mp4')).size).toBe(file.size);
		expect(updates.length).toBeGreaterThan(2);
		const last = updates[updates.length - 1];
		expect(last).toMatchObject({ bytesDownloaded: file.size, totalBytes: file.size, percent: 100 });
		const bytes = updates.map((u) => u.bytesDownloaded);
		expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
		expect(updates.some((u) => u.speed !== null && u.speed > 0)).toBe(true);
	});

	it('cancelling kills yt-dlp and the ffmpeg it started (the whole process group)', async () => {
		const slow = fx.server.url('/fault/slow/20000/video-720.mp4');
		const controller = new AbortController();
		const run = runYtDlp(['--downloader', 'ffmpeg', '-o', path.join(fx.dir, 'cancel.%(ext)s')], [slow], { signal: controller.signal });
		// ffmpeg's command line carries the URL: wait until yt-dlp has started it.
		await waitFor(() => processesMatching('/fault/slow/20000/').some((p) => /^\d+: \S*ffmpeg /.test(p)));
		controller.abort();
		await expect(run).rejects.toMatchObject({ kind: 'Cancelled' });
		expect(processesMatching('/fault/slow/20000/')).toEqual([]);
	});

	it('a whole-run timeout kills the process tree and says which program timed out', async () => {
		const slow = fx.server.url('/fault/slow/10000/video-360.mp4');
		const error = await runYtDlp(['--downloader', 'ffmpeg', '-o', path.join(fx.dir, 'slow.%(ext)s')], [slow], { timeoutMs: 2500 }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(MediaError);
		expect(error).toMatchObject({ kind: 'Timeout', retryable: true });
		expect((error as MediaError).message).toMatch(/did not finish within 3 s/);
		expect(processesMatching('/fault/slow/10000/')).toEqual([]);
	});

	it('refuses to start when the signal is already aborted', async () => {
		const controller = new AbortController();
		controller.abort();
		await expect(runYtDlp(['--version'], [], { signal: controller.signal })).rejects.toMatchObject({ kind: 'Cancelled' });
	});
});

describe('when the n8n process exits', () => {
	it('kills the yt-dlp process groups it started (detached children would otherwise outlive it)', async () => {
		const { execa } = await import('execa');
		const marker = `/fault/slow/5000/video-720.mp4?exit=${Date.now()}`;
		// A separate Node process that starts a slow, quiet download (so yt-dlp cannot die of a broken pipe by
		// itself) through the library, then exits on its own.
		const script = `const { runYtDlp } = require(${JSON.stringify(path.resolve(__dirname, '../../dist/lib/ytdlp.js'))});
runYtDlp(['--quiet', '--no-progress', '-o', ${JSON.stringify(path.join(fx.dir, 'x.%(ext)s'))}], [${JSON.stringify(fx.server.url(marker))}]).catch(() => {});
setTimeout(() => process.exit(0), 2500);`;
		const child = execa(process.execPath, ['-e', script], { reject: false });
		await waitFor(() => processesMatching(marker).length > 0);
		await child;
		await waitFor(() => processesMatching(marker).length === 0, 3000);
		expect(processesMatching(marker)).toEqual([]);
	});
});
