import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

import { DEFAULT_CONFIG, downloadFlags, downloadMedia, getYtDlp, resolveConfig, type DownloadOptions } from '../lib';
import { destinationOf, LiveHash, type CatchUp } from '../lib/download/liveHash';
import { createHasher, type ChecksumAlgorithm } from '../lib/ffmpeg';
import { ytDlpArgv } from '../lib/ytdlpFlags';
import { ensureLargeMedia } from '../test/fixtures';
import { cpuSummary, median, report, timed } from './report';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const n8n = require(path.resolve(__dirname, '../../../scripts/n8n/client.js')) as {
	ensureN8n(): Promise<unknown>;
	prepareUserFolder(folder: string): unknown;
	importWorkflows(folder: string, file: string, o?: { env?: Record<string, string> }): Promise<unknown>;
	executeWorkflow(folder: string, id: string, o?: { env?: Record<string, string>; timeoutMs?: number }): Promise<{ exitCode: number | null; run: unknown }>;
};

const ALGORITHMS: ChecksumAlgorithm[] = ['xxhash64', 'sha256', 'blake3'];
/** Runs per variant (BENCH_RUNS): on 2 shared cores identical runs differ by several percent, so more runs than the other benches. */
const RUNS = Number(process.env.BENCH_RUNS) || 7;

/** Hash throughput of each checksum on this CPU, in MB/s: the best of 3 passes over 64 MiB in 1 MiB pieces (as the live hash reads). */
async function hashThroughput(): Promise<Record<ChecksumAlgorithm, number>> {
	const data = randomBytes(64 * 2 ** 20);
	const rates = {} as Record<ChecksumAlgorithm, number>;
	for (const algorithm of ALGORITHMS) {
		let best = Infinity;
		for (let pass = 0; pass < 3; pass++) {
			const hasher = await createHasher(algorithm);
			best = Math.min(
				best,
				await timed(async () => {
					for (let at = 0; at < data.length; at += 2 ** 20) hasher.update(data.subarray(at, at + 2 ** 20));
					hasher.digest();
				}),
			);
		}
		rates[algorithm] = data.length / 1e6 / (best / 1000);
	}
	return rates;
}

/**
 * Raw yt-dlp with our live hash following the file it writes, as downloadMedia does: the wall time shows
 * whether hashing slows the download, and the catch-up is what the hash still had to do after yt-dlp exited.
 */
async function rawWithLiveHash(argv: string[], ytdlpPath: string, outputDir: string, algorithm: ChecksumAlgorithm): Promise<{ ms: number; catchUp: CatchUp }> {
	const hashes: LiveHash[] = [];
	const start = performance.now();
	const child = execa(ytdlpPath, argv, { stdout: 'pipe', stderr: 'ignore' });
	createInterface({ input: child.stdout! }).on('line', (line) => {
		const destination = destinationOf(line);
		if (destination) hashes.push(new LiveHash(path.resolve(outputDir, destination), algorithm));
	});
	await child;
	await Promise.all(hashes.map((h) => h.settle()));
	const catchUp = hashes.reduce((sum, h) => ({ bytes: sum.bytes + (h.catchUp?.bytes ?? 0), ms: sum.ms + (h.catchUp?.ms ?? 0) }), { bytes: 0, ms: 0 });
	return { ms: performance.now() - start, catchUp };
}

/** Wall time of downloadMedia against raw yt-dlp with the same arguments, on a ≥ 200 MB file, for each checksum. */
async function wallTime(url: string, size: number): Promise<void> {
	const ytdlp = await getYtDlp();
	const raw: number[] = [];
	// The same raw run again, as its own variant: how far two identical runs differ here (the noise floor).
	const rawAgain: number[] = [];
	const lib: Record<string, number[]> = {};
	const live: Record<string, Array<{ ms: number; catchUp: CatchUp }>> = {};
	const argvFor = (dir: string) => {
		const config = resolveConfig({ outputDir: dir }, 'none', {});
		return ytDlpArgv({ runtime: ytdlp.baseArgs, flags: downloadFlags(config, { resultsFile: path.join(dir, '.results.jsonl') }), urls: [url] });
	};
	const library: Array<[string, DownloadOptions]> = [
		[`downloadMedia, defaults (verify, checksum ${DEFAULT_CONFIG.checksum})`, {}],
		...ALGORITHMS.filter((a) => a !== DEFAULT_CONFIG.checksum).map((a): [string, DownloadOptions] => [`downloadMedia, checksum ${a}`, { checksum: a }]),
		['downloadMedia, checksum none (ffprobe only)', { checksum: 'none' }],
		[`downloadMedia, verifyDownload off (${DEFAULT_CONFIG.checksum} only)`, { verifyDownload: false }],
	];
	const variants: Array<(dir: string) => Promise<void>> = [
		async (dir) => void raw.push(await timed(() => execa(ytdlp.path, argvFor(dir)))),
		async (dir) => void rawAgain.push(await timed(() => execa(ytdlp.path, argvFor(dir)))),
		...library.map(([label, options]) => async (dir: string) => void (lib[label] ??= []).push(await timed(() => downloadMedia(url, { outputDir: dir, ...options })))),
		...ALGORITHMS.map((a) => async (dir: string) => void (live[a] ??= []).push(await rawWithLiveHash(argvFor(dir), ytdlp.path, dir, a))),
	];
	for (let run = 0; run < RUNS; run++) {
		// Rotate the order each run: the page cache and disk writeback favour whoever runs first.
		for (let k = 0; k < variants.length; k++) {
			const dir = mkdtempSync(path.join(os.tmpdir(), 'mdl-bench-'));
			try {
				await variants[(k + run) % variants.length](dir);
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		}
	}
	const base = median(raw);
	// Also the median of each run's own ratio: a run's variants follow one another within seconds, so a slow spell
	// of the machine weighs on both sides of that ratio.
	const paired = (runs: number[]) => median(runs.map((ms, run) => ms / raw[run]));
	const versus = (runs: number[], target = '') => {
		const ms = median(runs);
		return `${ms.toFixed(0)} ms  (${(ms / base).toFixed(3)}× raw, ${ms >= base ? '+' : ''}${(ms - base).toFixed(0)} ms; run by run ${paired(runs).toFixed(3)}×${target})`;
	};
	report(`download: ${(size / 1e6).toFixed(0)} MB file over loopback (median of ${RUNS}; ${cpuSummary()})`, [
		['raw yt-dlp, same arguments', `${base.toFixed(0)} ms`],
		['raw yt-dlp again (noise floor: identical runs)', versus(rawAgain)],
		...library.map(([label], i): [string, string] => [label, versus(lib[label], i === 0 ? '; target ≤ 1.05' : '')]),
		...ALGORITHMS.map((a): [string, string] => {
			const runs = live[a];
			const catchUp = median(runs.map((r) => r.catchUp.ms));
			const left = median(runs.map((r) => r.catchUp.bytes)) / 1e6;
			return [`raw yt-dlp + live ${a}`, `${versus(runs.map((r) => r.ms))}; after yt-dlp exits +${catchUp.toFixed(0)} ms for ${left.toFixed(1)} MB left`];
		}),
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
	const rates = await hashThroughput();
	report(`checksum throughput on ${cpuSummary()} (best of 3 passes over 64 MiB)`, ALGORITHMS.map((a) => [a, `${rates[a].toFixed(0)} MB/s  (${(rates[a] / rates.sha256).toFixed(1)}× sha256)${a === DEFAULT_CONFIG.checksum ? '  ← default' : ''}`]));
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
