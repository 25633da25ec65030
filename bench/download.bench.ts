import { execa } from 'execa';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { downloadFlags, downloadMedia, getYtDlp, resolveConfig } from '../lib';
import { ytDlpArgv } from '../lib/ytdlpFlags';
import { ensureLargeMedia } from '../test/fixtures';
import { median, report, timed } from './report';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const n8n = require(path.resolve(__dirname, '../../../scripts/n8n/client.js')) as {
	ensureN8n(): Promise<unknown>;
	prepareUserFolder(folder: string): unknown;
	importWorkflows(folder: string, file: string, o?: { env?: Record<string, string> }): Promise<unknown>;
	executeWorkflow(folder: string, id: string, o?: { env?: Record<string, string>; timeoutMs?: number }): Promise<{ exitCode: number | null; run: unknown }>;
};

/** Wall time of downloadMedia against raw yt-dlp with the same arguments, on a ≥ 200 MB file. */
async function wallTime(url: string, size: number): Promise<void> {
	const ytdlp = await getYtDlp();
	const lib: number[] = [];
	const raw: number[] = [];
	const libNoVerify: number[] = [];
	for (let run = 0; run < 5; run++) {
		const dirs = [0, 1, 2].map(() => mkdtempSync(path.join(os.tmpdir(), 'mdl-bench-')));
		try {
			const config = resolveConfig({ outputDir: dirs[0] }, 'none', {});
			const args = downloadFlags(config, { resultsFile: path.join(dirs[0], '.results.jsonl') });
			const variants: Array<[number[], () => Promise<unknown>]> = [
				[raw, () => execa(ytdlp.path, ytDlpArgv({ runtime: ytdlp.baseArgs, flags: args, urls: [url] }))],
				[lib, () => downloadMedia(url, { outputDir: dirs[1] })],
				[libNoVerify, () => downloadMedia(url, { outputDir: dirs[2], verifyDownload: false })],
			];
			// Rotate the order each run: the page cache and disk writeback favour whoever runs first.
			for (let k = 0; k < variants.length; k++) {
				const [times, work] = variants[(k + run) % variants.length];
				times.push(await timed(work));
			}
		} finally {
			for (const d of dirs) rmSync(d, { recursive: true, force: true });
		}
	}
	report(`download: ${(size / 1e6).toFixed(0)} MB file over loopback (median of 5)`, [
		['raw yt-dlp, same arguments', `${median(raw).toFixed(0)} ms`],
		['downloadMedia (verify: ffprobe + sha256)', `${median(lib).toFixed(0)} ms  (${(median(lib) / median(raw)).toFixed(3)}× raw, +${(median(lib) - median(raw)).toFixed(0)} ms; target ≤ 1.05)`],
		['downloadMedia, verifyDownload off (sha256 only)', `${median(libNoVerify).toFixed(0)} ms  (${(median(libNoVerify) / median(raw)).toFixed(3)}× raw, +${(median(libNoVerify) - median(raw)).toFixed(0)} ms)`],
	]);
}

/** Peak RSS of the n8n process (VmHWM) while a workflow runs; the workflow id is on its command line. */
async function peakRss(run: () => Promise<unknown>, id: string): Promise<number> {
	let peak = 0;
	let done = false;
	const sampler = (async () => {
		while (!done) {
			for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
				try {
					if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`--id=${id}`)) continue;
					const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
					if (hwm) peak = Math.max(peak, Number(hwm[1]) * 1024);
				} catch {
					// exited
				}
			}
			await new Promise((r) => setTimeout(r, 40));
		}
	})();
	try {
		await run();
	} finally {
		done = true;
		await sampler;
	}
	return peak;
}

function workflow(id: string, url: string | null, outputDir: string) {
	const nodes: unknown[] = [{ id: 'b1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }];
	const connections: Record<string, unknown> = {};
	if (url) {
		nodes.push({ id: 'b2', name: 'Download', type: 'n8n-nodes-media-downloader.downloadMedia', typeVersion: 1, position: [200, 0], parameters: { operation: 'downloadVideo', url, outputDir, keepFile: false, validation: { verifyDownload: false } } });
		connections.Start = { main: [[{ node: 'Download', type: 'main', index: 0 }]] };
	}
	return { id, name: id, nodes, connections, settings: { executionOrder: 'v1' }, active: false };
}

/** Peak RSS of n8n producing binary output (filesystem mode) for big files, against an idle workflow. */
async function binaryMemory(urls: Array<{ url: string; size: number }>): Promise<void> {
	await n8n.ensureN8n();
	const root = mkdtempSync(path.join(os.tmpdir(), 'mdl-bench-n8n-'));
	try {
		const files = path.join(root, 'files');
		n8n.prepareUserFolder(root);
		const env = { N8N_RESTRICT_FILE_ACCESS_TO: files, N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' };
		const runOne = async (id: string, url: string | null) => {
			const file = path.join(root, `${id}.json`);
			writeFileSync(file, JSON.stringify(workflow(id, url, path.join(files, id))));
			await n8n.importWorkflows(root, file, { env });
			return peakRss(async () => {
				const result = await n8n.executeWorkflow(root, id, { env, timeoutMs: 15 * 60_000 });
				if (result.exitCode !== 0) throw new Error(`workflow ${id} failed`);
			}, id);
		};
		const idle = await runOne('benchIdle000000001', null);
		const rows: Array<[string, string]> = [['idle workflow (Manual Trigger only)', `${(idle / 2 ** 20).toFixed(0)} MiB`]];
		for (const [i, { url, size }] of urls.entries()) {
			const peak = await runOne(`benchBinary00000${i}`, url);
			rows.push([`Download Media, binary output of ${(size / 2 ** 20).toFixed(0)} MiB`, `${(peak / 2 ** 20).toFixed(0)} MiB  (+${((peak - idle) / 2 ** 20).toFixed(0)} MiB over idle; target ≤ 150)`]);
		}
		report('binary output memory: peak RSS of the n8n process (filesystem binary mode)', rows);
	} finally {
		rmSync(root, { recursive: true, force: true });
	}
}

/** Starts bench/fixtureServerProcess in a child process and returns its base URL. */
export async function serverProcess(largeMiB: number[]): Promise<{ baseUrl: string; stop: () => void }> {
	const child = execa(process.execPath, [path.join(__dirname, 'fixtureServerProcess.js'), ...largeMiB.map(String)], { stdout: 'pipe', stderr: 'inherit', reject: false });
	const baseUrl = await new Promise<string>((resolve, reject) => {
		child.stdout!.once('data', (data: Buffer) => resolve((JSON.parse(data.toString()) as { baseUrl: string }).baseUrl));
		void child.then(() => reject(new Error('fixture server process exited')));
	});
	return { baseUrl, stop: () => child.kill('SIGTERM') };
}

export async function benchDownload(): Promise<void> {
	const medium = await ensureLargeMedia(200 * 2 ** 20);
	const large = await ensureLargeMedia(600 * 2 ** 20);
	const server = await serverProcess([200, 600]);
	try {
		const url = (name: string) => `${server.baseUrl}/media/${name}`;
		await wallTime(url(path.basename(medium.path)), medium.size);
		await wallTime(url(path.basename(large.path)), large.size);
		if (!process.env.BENCH_SKIP_MEMORY) await binaryMemory([
			{ url: url(path.basename(medium.path)), size: medium.size },
			{ url: url(path.basename(large.path)), size: large.size },
		]);
	} finally {
		server.stop();
	}
}
