import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { DownloadManager, type StoreSpec } from '../lib';
import { ensureMedia } from '../test/fixtures';
import { startRedisServer } from '../test/helpers/redisServer';
import { serverProcess } from './download.bench';
import { median, report } from './report';

const ADDS = 10_000;
const STATUS_CALLS = 20;
/** Downloads of the throughput part: a 193 kB video served at 20 kB/s per connection (about 10 s each). */
const DOWNLOADS = 8;
const MEDIA = 'video-360.mp4';
const BYTES_PER_SECOND = 20_000;

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;

async function withManager<T>(spec: StoreSpec, options: ConstructorParameters<typeof DownloadManager>[0], work: (dm: DownloadManager) => Promise<T>): Promise<T> {
	const dm = new DownloadManager({ ...options, store: spec });
	try {
		return await work(dm);
	} finally {
		await dm.close();
	}
}

/** 10 000 adds in one call and one by one; getQueueStatus over the 10 000 tasks. */
async function storeFigures(label: string, spec: (queue: string) => StoreSpec): Promise<Array<[string, string]>> {
	const tasks = Array.from({ length: ADDS }, (_, i) => ({ url: `https://media.example/episode-${i}.mp3`, priority: i % 5 }));
	const batch = await withManager(spec('bench-batch'), {}, async (dm) => {
		const started = performance.now();
		await dm.addDownloads(tasks);
		const addMs = performance.now() - started;
		const status: number[] = [];
		for (let i = 0; i < STATUS_CALLS; i++) {
			const t = performance.now();
			await dm.getQueueStatus();
			status.push(performance.now() - t);
		}
		return { addMs, statusMs: median(status) };
	});
	const singleMs = await withManager(spec('bench-single'), {}, async (dm) => {
		const started = performance.now();
		for (const task of tasks) await dm.addDownload(task.url, { priority: task.priority });
		return performance.now() - started;
	});
	return [
		[`${label}: ${ADDS} adds in one addDownloads call`, `${ms(batch.addMs)}  (target < 2 s)`],
		[`${label}: ${ADDS} addDownload calls, one after another`, `${ms(singleMs)}  (target < 2 s)`],
		[`${label}: getQueueStatus with ${ADDS} tasks (median of ${STATUS_CALLS})`, `${ms(batch.statusMs)}  (target < 20 ms)`],
	];
}

/** The same downloads through the queue with 1 and 4 at once. */
async function throughput(label: string, spec: (queue: string) => StoreSpec, baseUrl: string): Promise<Array<[string, string]>> {
	const seconds: Record<number, number> = {};
	for (const concurrency of [1, 4]) {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'mdl-bench-queue-'));
		try {
			seconds[concurrency] = await withManager(spec(`bench-run-${concurrency}`), { defaultOutputDir: dir, maxConcurrent: concurrency }, async (dm) => {
				await dm.addDownloads(
					Array.from({ length: DOWNLOADS }, (_, i) => ({
						url: `${baseUrl}/fault/slow/${BYTES_PER_SECOND}/${MEDIA}?task=${i}`,
						config: { outputTemplate: `task-${i}.%(ext)s` },
					})),
				);
				const started = performance.now();
				const done = await dm.runQueued({ limit: DOWNLOADS, concurrency });
				const failed = done.filter((t) => t.status !== 'completed');
				if (failed.length > 0) throw new Error(`${failed.length} downloads did not complete: ${failed[0].lastError?.message}`);
				return (performance.now() - started) / 1000;
			});
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}
	return [
		[`${label}: ${DOWNLOADS} downloads (${MEDIA} at ${BYTES_PER_SECOND / 1e3} kB/s each), 1 at a time`, `${seconds[1].toFixed(1)} s`],
		[`${label}: same, 4 at a time`, `${seconds[4].toFixed(1)} s  (${(seconds[1] / seconds[4]).toFixed(2)}× faster; target ≥ 3.5×)`],
	];
}

export async function benchQueue(): Promise<void> {
	await ensureMedia();
	const root = mkdtempSync(path.join(os.tmpdir(), 'mdl-bench-queue-store-'));
	const redis = await startRedisServer();
	const server = await serverProcess([]);
	const stores: Array<[string, (queue: string) => StoreSpec]> = [
		['SQLite', (queue) => ({ kind: 'sqlite', file: path.join(root, 'queue.sqlite'), queue })],
		['Redis', (queue) => ({ kind: 'redis', connection: redis.connection, queue, prefix: 'bench' })],
	];
	try {
		const rows: Array<[string, string]> = [];
		for (const [label, spec] of stores) rows.push(...(await storeFigures(label, spec)));
		if (process.env.BENCH_QUEUE !== 'store') for (const [label, spec] of stores) rows.push(...(await throughput(label, spec, server.baseUrl)));
		report(`queue (${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores)`, rows);
	} finally {
		server.stop();
		await redis.stop();
		rmSync(root, { recursive: true, force: true });
	}
}
