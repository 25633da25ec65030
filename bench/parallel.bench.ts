import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { downloadMedia, getVideo, mapWithConcurrency } from '../lib';
import { ensureLongHls, ensureMedia, LONG_HLS_SEGMENTS } from '../test/fixtures';
import { serverProcess } from './download.bench';
import { median, report, timed } from './report';

const ITEMS = 12;
/** Per-connection throttle: a server that serves each client slowly is where parallel downloads pay. */
const ITEM_BYTES_PER_SECOND = 30_000;
const SEGMENT_BYTES_PER_SECOND = 100_000;
const RUNS = 3;

async function inTempDir(work: (dir: string) => Promise<unknown>): Promise<number> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'mdl-bench-par-'));
	try {
		return await timed(() => work(dir));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** 12 items as Download Media runs them (the node's own pool over downloadMedia), at concurrency 1 and 4. */
async function items(baseUrl: string, size: number): Promise<Array<[string, string]>> {
	const urls = Array.from({ length: ITEMS }, (_, i) => `${baseUrl}/fault/slow/${ITEM_BYTES_PER_SECOND}/video-360.mp4?item=${i}`);
	const times: Record<number, number[]> = { 1: [], 4: [] };
	for (let run = 0; run < RUNS; run++)
		for (const limit of run % 2 === 0 ? [1, 4] : [4, 1])
			times[limit].push(await inTempDir((dir) => mapWithConcurrency(urls, limit, (url, i) => downloadMedia(url, { outputDir: dir, outputTemplate: `item-${i}.%(ext)s` }))));
	const [one, four] = [median(times[1]), median(times[4])];
	return [
		[`${ITEMS} items of ${(size / 1e3).toFixed(0)} kB at ${ITEM_BYTES_PER_SECOND / 1e3} kB/s each, concurrency 1`, `${(one / 1000).toFixed(1)} s`],
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

export async function benchParallel(): Promise<void> {
	const media = await ensureMedia();
	await ensureLongHls();
	const server = await serverProcess([]);
	try {
		const rows = [...(await items(server.baseUrl, media['video-360.mp4'].size)), ...(await fragments(server.baseUrl))];
		report(`parallel downloads over loopback, throttled per connection (median of ${RUNS}; ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores)`, rows);
	} finally {
		server.stop();
	}
}
