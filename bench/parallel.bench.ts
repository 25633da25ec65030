import { mkdtempSync, rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { downloadMedia, getVideo, mapWithConcurrency } from '../lib';
import { ensureLongHls, ensureMedia, fixtureCacheDir, LONG_HLS_SEGMENTS } from '../test/fixtures';
import { serverProcess } from './download.bench';
import { median, report, timed } from './report';

const ITEMS = 12;
/**
 * Per-connection throttles: a server that serves each client slowly is where parallel downloads pay. Two item
 * sizes: a tiny file, where yt-dlp's own start (≈0.6 s of Python CPU per process, four at once on two cores)
 * weighs, and a 53 MB video at 5 MB/s, where the transfer does, as with real media.
 */
const ITEM_CASES = [
	{ name: 'video-360.mp4', bytesPerSecond: 30_000 },
	{ name: 'big.mp4', bytesPerSecond: 5_000_000 },
];
const SEGMENT_BYTES_PER_SECOND = 100_000;
const RUNS = 3;
/** BENCH_PARALLEL=items|fragments runs one part; BENCH_ITEM=<file name> one item case. */
const ONLY = process.env.BENCH_PARALLEL;

async function inTempDir(work: (dir: string) => Promise<unknown>): Promise<number> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'mdl-bench-par-'));
	try {
		return await timed(() => work(dir));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** 12 items as Download Media runs them (the node's own pool over downloadMedia), at concurrency 1 and 4. */
async function items(baseUrl: string, name: string, size: number, bytesPerSecond: number): Promise<Array<[string, string]>> {
	const urls = Array.from({ length: ITEMS }, (_, i) => `${baseUrl}/fault/slow/${bytesPerSecond}/${name}?item=${i}`);
	const times: Record<number, number[]> = { 1: [], 4: [] };
	for (let run = 0; run < RUNS; run++)
		for (const limit of run % 2 === 0 ? [1, 4] : [4, 1])
			times[limit].push(await inTempDir((dir) => mapWithConcurrency(urls, limit, (url, i) => downloadMedia(url, { outputDir: dir, outputTemplate: `item-${i}.%(ext)s` }))));
	const [one, four] = [median(times[1]), median(times[4])];
	return [
		[`${ITEMS} items of ${(size / 1e3).toFixed(0)} kB at ${bytesPerSecond / 1e3} kB/s each, concurrency 1`, `${(one / 1000).toFixed(1)} s`],
		[`same, Max Concurrent Downloads 4`, `${(four / 1000).toFixed(1)} s  (${(one / four).toFixed(2)}× faster; target ≥ 3.5×)`],
	];
}

/** One HLS stream of 40 segments, one fragment at a time against four at once (yt-dlp -N). */
async function fragments(baseUrl: string): Promise<Array<[string, string]>> {
	const url = `${baseUrl}/fault/slowhls/${SEGMENT_BYTES_PER_SECOND}/index.m3u8`;
	const times: Record<number, number[]> = { 1: [], 4: [] };
	for (let run = 0; run < RUNS; run++)
		for (const n of run % 2 === 0 ? [1, 4] : [4, 1]) times[n].push(await inTempDir((dir) => getVideo(url, { outputDir: dir, concurrentFragments: n })));
	const [one, four] = [median(times[1]), median(times[4])];
	return [
		[`HLS, ${LONG_HLS_SEGMENTS} segments at ${SEGMENT_BYTES_PER_SECOND / 1e3} kB/s each, 1 fragment at a time`, `${(one / 1000).toFixed(1)} s`],
		[`same, Concurrent Fragments 4`, `${(four / 1000).toFixed(1)} s  (${(one / four).toFixed(2)}× faster; target ≥ 3×)`],
	];
}

async function sizeOf(media: Record<string, { size: number }>, name: string): Promise<number> {
	return media[name]?.size ?? (await stat(path.join(fixtureCacheDir(), name))).size;
}

export async function benchParallel(): Promise<void> {
	const media = await ensureMedia();
	await ensureLongHls();
	const server = await serverProcess([]);
	try {
		const rows: Array<[string, string]> = [];
		if (ONLY !== 'fragments') for (const c of ITEM_CASES.filter((k) => !process.env.BENCH_ITEM || k.name === process.env.BENCH_ITEM)) rows.push(...(await items(server.baseUrl, c.name, await sizeOf(media, c.name), c.bytesPerSecond)));
		if (ONLY !== 'items') rows.push(...(await fragments(server.baseUrl)));
		report(`parallel downloads over loopback, throttled per connection (median of ${RUNS}; ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores)`, rows);
	} finally {
		server.stop();
	}
}
