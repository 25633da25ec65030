import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { execa } from 'execa';

import type { StoreSpec } from '../../../lib/queue/stores';
import { taskDedupeKey } from '../../../lib/queue/taskKey';
import type { QueueStore, Task, TaskProgress } from '../../../lib/queue/types';

/** What a store's test file gives the contract: open a named queue here, or describe it for a child process. */
export interface StoreUnderTest {
	open(queue?: string): Promise<QueueStore>;
	spec(queue?: string): StoreSpec;
}

const WORKER_SCRIPT = path.join(__dirname, 'addWorker.js');
const BUILT_STORES = path.resolve(__dirname, '../../../dist/lib/queue/stores.js');
const NO_RESULT = { files: [], totalBytes: 0 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the lease is past its end (plus a margin for clocks and a busy machine). */
async function outlive(task: Task): Promise<void> {
	await sleep(Math.max(0, task.lease!.expiresAt - Date.now()) + 500);
}

export interface WorkerRun {
	/** one entry per child: the task ids it added or claimed, and its counters */
	results: Array<{ ids: string[]; added?: number; lost?: number }>;
	/** from "go" until every child exited */
	ms: number;
}

/**
 * Starts `workers` child processes on the same queue (through the built library), lets them start at once,
 * and returns what each did. Children are killed if anything goes wrong.
 */
export async function runStoreWorkers(spec: StoreSpec, workers: number, count: number, mode: 'add' | 'claim'): Promise<WorkerRun> {
	if (!existsSync(BUILT_STORES))
		throw new Error(`${BUILT_STORES} is missing: the multi-process tests load the built library. Run \`npm run build\` first.`);
	const children = Array.from({ length: workers }, (_, i) =>
		execa(process.execPath, [WORKER_SCRIPT, JSON.stringify(spec), String(count), mode, `${mode}-worker-${i}`], { reject: false, timeout: 300_000 }),
	);
	try {
		await Promise.all(
			children.map(
				(child) =>
					new Promise<void>((resolve, reject) => {
						child.stdout.on('data', (chunk: Buffer) => {
							if (chunk.toString().includes('ready')) resolve();
						});
						void child.then((result) => reject(new Error(`a worker exited before it was ready: ${result.stderr}`)));
					}),
			),
		);
		const started = Date.now();
		for (const child of children) child.stdin.end('go\n');
		const finished = await Promise.all(children);
		const ms = Date.now() - started;
		for (const result of finished) if (result.exitCode !== 0) throw new Error(`a worker failed (exit ${result.exitCode}): ${result.stderr}`);
		return { results: finished.map((result) => JSON.parse(String(result.stdout).trim().split('\n').pop()!)), ms };
	} finally {
		for (const child of children) if (child.exitCode === null) child.kill();
		await Promise.all(children);
	}
}

/**
 * The behaviour every QueueStore keeps, run against a real store. Each test works in its own named
 * queue, so stores may share one file or server across the suite.
 */
export function describeStoreContract(name: string, setup: () => StoreUnderTest): void {
	describe(`${name} keeps the QueueStore contract`, () => {
		let target: StoreUnderTest;
		let opened: QueueStore[] = [];

		beforeAll(() => {
			target = setup();
		});
		afterEach(async () => {
			await Promise.all(opened.map((store) => store.close()));
			opened = [];
		});

		const queueName = () => `contract-${randomUUID().slice(0, 8)}`;
		async function open(queue = queueName()): Promise<QueueStore> {
			const store = await target.open(queue);
			opened.push(store);
			return store;
		}
		async function addOne(store: QueueStore, url: string, priority?: number): Promise<Task> {
			const [outcome] = await store.add([{ url, priority }]);
			return outcome.task;
		}

		it('adds tasks as queued, with their fields, and gets, lists and counts them', async () => {
			const store = await open();
			const before = Date.now();
			const outcomes = await store.add([
				{ url: 'https://media.test/a' },
				{ url: 'https://media.test/b', priority: 5, config: { format: 'mp3', bitrate: '192k' }, preset: 'podcast' },
				{ url: 'https://media.test/c', priority: 1 },
			]);
			const after = Date.now();
			expect(outcomes.map((o) => o.added)).toEqual([true, true, true]);
			const [a, b, c] = outcomes.map((o) => o.task);
			expect(new Set([a.taskId, b.taskId, c.taskId]).size).toBe(3);
			expect(a).toMatchObject({ queue: store.queue, url: 'https://media.test/a', status: 'queued', priority: 0, config: {}, attempts: 0 });
			expect(a.dedupeKey).toBe(taskDedupeKey({ url: 'https://media.test/a' }));
			expect(a.createdAt).toBeGreaterThanOrEqual(before);
			expect(a.createdAt).toBeLessThanOrEqual(after);
			expect(a.lease).toBeUndefined();
			expect(b).toMatchObject({ priority: 5, config: { format: 'mp3', bitrate: '192k' }, preset: 'podcast' });

			expect(await store.get(b.taskId)).toEqual(b);
			expect(await store.get(randomUUID())).toBeNull();
			expect((await store.list('queued')).map((t) => t.url)).toEqual(['https://media.test/b', 'https://media.test/c', 'https://media.test/a']);
			expect((await store.list('queued', { limit: 1, offset: 1 })).map((t) => t.url)).toEqual(['https://media.test/c']);
			expect((await store.list()).map((t) => t.taskId).sort()).toEqual([a.taskId, b.taskId, c.taskId].sort());
			expect(await store.list('completed')).toEqual([]);
			expect(await store.counts()).toEqual({ active: 0, queued: 3, completed: 0, failed: 0, cancelled: 0, paused: 0 });
		});

		it('returns the queued or active equal task instead of adding it again, and adds it anew once completed', async () => {
			const store = await open();
			const [first] = await store.add([{ url: 'https://media.test/same', config: { format: 'mp4', height: 720 } }]);
			expect(first.added).toBe(true);
			// Same config with keys in another order, and twice in one call: still one task.
			const again = await store.add([
				{ url: 'https://media.test/same', config: { height: 720, format: 'mp4' } },
				{ url: 'https://media.test/same', config: { format: 'mp4', height: 720 } },
			]);
			expect(again.map((o) => [o.task.taskId, o.added])).toEqual([
				[first.task.taskId, false],
				[first.task.taskId, false],
			]);
			const pair = await store.add([{ url: 'https://media.test/pair' }, { url: 'https://media.test/pair' }]);
			expect(pair.map((o) => o.added)).toEqual([true, false]);
			expect(pair[1].task.taskId).toBe(pair[0].task.taskId);
			await store.remove([pair[0].task.taskId]);
			const [otherConfig] = await store.add([{ url: 'https://media.test/same', config: { format: 'mp4', height: 1080 } }]);
			expect(otherConfig.added).toBe(true);
			expect(otherConfig.task.taskId).not.toBe(first.task.taskId);

			const claimed = await store.claim('w1', 60_000);
			expect(claimed!.task.taskId).toBe(first.task.taskId);
			const whileActive = await store.add([{ url: 'https://media.test/same', config: { format: 'mp4', height: 720 } }]);
			expect(whileActive[0]).toMatchObject({ added: false, task: { taskId: first.task.taskId, status: 'active' } });

			expect(await store.complete(claimed!.task.taskId, claimed!.token, NO_RESULT)).toBe(true);
			const afterCompleted = await store.add([{ url: 'https://media.test/same', config: { format: 'mp4', height: 720 } }]);
			expect(afterCompleted[0].added).toBe(true);
			expect(afterCompleted[0].task.taskId).not.toBe(first.task.taskId);
			expect(await store.counts()).toMatchObject({ queued: 2, completed: 1 });
		});

		it('claims the highest priority first and in order of adding within a priority', async () => {
			const store = await open();
			for (const [url, priority] of [['p0-first', 0], ['p5-first', 5], ['p0-second', 0], ['p5-second', 5], ['p10', 10], ['p-1', -1]] as const)
				await addOne(store, `https://media.test/${url}`, priority);
			const order: string[] = [];
			for (let claimed = await store.claim('w1', 60_000); claimed; claimed = await store.claim('w1', 60_000)) order.push(claimed.task.url.split('/').pop()!);
			expect(order).toEqual(['p10', 'p5-first', 'p5-second', 'p0-first', 'p0-second', 'p-1']);
			expect(await store.counts()).toMatchObject({ active: 6, queued: 0 });
		});

		it('claims nothing while paused, counts waiting tasks as paused, and claims again after resume', async () => {
			const store = await open();
			await addOne(store, 'https://media.test/1');
			await addOne(store, 'https://media.test/2');
			expect(await store.isPaused()).toBe(false);
			await store.pause();
			expect(await store.isPaused()).toBe(true);
			expect(await store.claim('w1', 60_000)).toBeNull();
			expect(await store.counts()).toEqual({ active: 0, queued: 0, completed: 0, failed: 0, cancelled: 0, paused: 2 });
			await store.resume();
			expect(await store.isPaused()).toBe(false);
			const claimed = await store.claim('w1', 60_000);
			expect(claimed?.task.url).toBe('https://media.test/1');
			expect(await store.counts()).toEqual({ active: 1, queued: 1, completed: 0, failed: 0, cancelled: 0, paused: 0 });
		});

		it('leases a claimed task to its worker, renews it, and does not hand a live lease to another worker', async () => {
			const store = await open();
			const added = await addOne(store, 'https://media.test/leased');
			const before = Date.now();
			const claimed = await store.claim('worker-a', 60_000);
			expect(claimed!.task).toMatchObject({ taskId: added.taskId, status: 'active', attempts: 1, lease: { workerId: 'worker-a' } });
			expect(claimed!.task.startedAt).toBeGreaterThanOrEqual(before);
			expect(claimed!.task.lease!.expiresAt).toBeGreaterThanOrEqual(before + 60_000);
			expect(typeof claimed!.token).toBe('string');
			expect(await store.get(added.taskId)).toMatchObject({ status: 'active', lease: { workerId: 'worker-a' } });
			expect(await store.claim('worker-b', 60_000)).toBeNull();

			expect(await store.renew(added.taskId, claimed!.token, 600_000)).toBe('ok');
			expect((await store.get(added.taskId))!.lease!.expiresAt).toBeGreaterThanOrEqual(before + 600_000);
			expect(await store.renew(added.taskId, 'not-the-token', 600_000)).toBe('lost');
			expect(await store.renew(randomUUID(), claimed!.token, 600_000)).toBe('lost');
		});

		it('gives an expired lease to the next worker (attempt 2) and refuses the old token afterwards', async () => {
			const store = await open();
			const added = await addOne(store, 'https://media.test/expires');
			const first = await store.claim('worker-a', 300);
			await outlive(first!.task);
			const second = await store.claim('worker-b', 60_000);
			expect(second!.task).toMatchObject({ taskId: added.taskId, status: 'active', attempts: 2, lease: { workerId: 'worker-b' } });
			expect(second!.token).not.toBe(first!.token);

			const progress: TaskProgress = { percent: 1, bytesDownloaded: 1, totalBytes: 100, speed: 1, eta: 99, updatedAt: Date.now() };
			expect(await store.renew(added.taskId, first!.token, 60_000)).toBe('lost');
			expect(await store.saveProgress(added.taskId, first!.token, progress)).toBe(false);
			expect(await store.complete(added.taskId, first!.token, NO_RESULT)).toBe(false);
			expect(await store.fail(added.taskId, first!.token, { message: 'x', kind: 'Network' })).toBe(false);
			expect(await store.release(added.taskId, first!.token)).toBe(false);
			expect(await store.settleCancelled(added.taskId, first!.token)).toBe(false);
			expect(await store.get(added.taskId)).toMatchObject({ status: 'active', attempts: 2, lease: { workerId: 'worker-b' } });
			expect((await store.get(added.taskId))!.progress).toBeUndefined();

			expect(await store.complete(added.taskId, second!.token, NO_RESULT)).toBe(true);
			expect(await store.get(added.taskId)).toMatchObject({ status: 'completed', attempts: 2 });
		});

		it('cancels a queued task at once; unknown ids give null', async () => {
			const store = await open();
			const added = await addOne(store, 'https://media.test/cancel-queued');
			expect(await store.cancel(added.taskId)).toMatchObject({ taskId: added.taskId, status: 'cancelled' });
			expect(await store.get(added.taskId)).toMatchObject({ status: 'cancelled' });
			expect(await store.claim('w1', 60_000)).toBeNull();
			expect(await store.cancel(randomUUID())).toBeNull();
			expect(await store.counts()).toMatchObject({ queued: 0, cancelled: 1 });
		});

		it('asks the holder of an active task to stop: renew says cancelled, settleCancelled ends it', async () => {
			const store = await open();
			const added = await addOne(store, 'https://media.test/cancel-active');
			const claimed = await store.claim('w1', 60_000);
			expect(await store.cancel(added.taskId)).toMatchObject({ status: 'active', cancelRequested: true });
			expect(await store.get(added.taskId)).toMatchObject({ status: 'active', cancelRequested: true });
			expect(await store.renew(added.taskId, claimed!.token, 60_000)).toBe('cancelled');
			expect(await store.settleCancelled(added.taskId, claimed!.token)).toBe(true);
			const settled = await store.get(added.taskId);
			expect(settled).toMatchObject({ status: 'cancelled' });
			expect(settled!.lease).toBeUndefined();
			expect(await store.settleCancelled(added.taskId, claimed!.token)).toBe(false);
			// Cancelling a finished task changes nothing.
			expect(await store.cancel(added.taskId)).toMatchObject({ status: 'cancelled' });
		});

		it('settles an expired lease whose cancel was requested as cancelled, not queued again', async () => {
			const store = await open();
			const added = await addOne(store, 'https://media.test/cancel-expired');
			const claimed = await store.claim('w1', 300);
			await store.cancel(added.taskId);
			await outlive(claimed!.task);
			expect(await store.claim('w2', 60_000)).toBeNull();
			const settled = await store.get(added.taskId);
			expect(settled).toMatchObject({ status: 'cancelled' });
			expect(settled!.lease).toBeUndefined();
			expect(await store.counts()).toMatchObject({ active: 0, queued: 0, cancelled: 1 });
		});

		it('completes with the result and fails with the error, ending the lease', async () => {
			const store = await open();
			await addOne(store, 'https://media.test/ok');
			await addOne(store, 'https://media.test/bad');
			const ok = await store.claim('w1', 60_000);
			const bad = await store.claim('w1', 60_000);
			const result = { files: [{ localPath: '/downloads/ok.mp4', fileSize: 1234, title: 'ok' }], totalBytes: 1234 };
			expect(await store.complete(ok!.task.taskId, ok!.token, result)).toBe(true);
			const error = { message: 'HTTP Error 404', kind: 'NotFound', hint: 'Check the URL' };
			expect(await store.fail(bad!.task.taskId, bad!.token, error)).toBe(true);

			const completed = await store.get(ok!.task.taskId);
			expect(completed).toMatchObject({ status: 'completed', result, attempts: 1 });
			expect(completed!.completedAt).toBeGreaterThanOrEqual(completed!.startedAt!);
			expect(completed!.lease).toBeUndefined();
			const failed = await store.get(bad!.task.taskId);
			expect(failed).toMatchObject({ status: 'failed', lastError: error });
			expect(failed!.lease).toBeUndefined();
			expect(await store.complete(ok!.task.taskId, ok!.token, result)).toBe(false);
			expect(await store.counts()).toEqual({ active: 0, queued: 0, completed: 1, failed: 1, cancelled: 0, paused: 0 });
		});

		it('releases a task back to queued with its wait reason, not counting the attempt; the next claim clears the reason', async () => {
			const store = await open();
			const added = await addOne(store, 'https://media.test/release');
			const first = await store.claim('w1', 60_000);
			expect(first!.task.attempts).toBe(1);
			expect(await store.release(added.taskId, first!.token, 'Only 1 GB free in /downloads (minimum 5 GB)')).toBe(true);
			const released = await store.get(added.taskId);
			expect(released).toMatchObject({ status: 'queued', attempts: 0, waitReason: 'Only 1 GB free in /downloads (minimum 5 GB)' });
			expect(released!.lease).toBeUndefined();
			expect(await store.complete(added.taskId, first!.token, NO_RESULT)).toBe(false);

			const second = await store.claim('w1', 60_000);
			expect(second!.task).toMatchObject({ taskId: added.taskId, attempts: 1 });
			expect(second!.task.waitReason).toBeUndefined();
			expect((await store.get(added.taskId))!.waitReason).toBeUndefined();
		});

		it('sets and clears the wait reason of a queued task only', async () => {
			const store = await open();
			const waiting = await addOne(store, 'https://media.test/waiting');
			const running = await addOne(store, 'https://media.test/running');
			expect(await store.setWaitReason(waiting.taskId, 'disk almost full')).toBe(true);
			expect(await store.get(waiting.taskId)).toMatchObject({ status: 'queued', waitReason: 'disk almost full' });
			expect(await store.setWaitReason(waiting.taskId, undefined)).toBe(true);
			expect((await store.get(waiting.taskId))!.waitReason).toBeUndefined();

			await store.setWaitReason(waiting.taskId, 'disk almost full');
			const claimed = await store.claim('w1', 60_000);
			expect(claimed!.task.taskId).toBe(waiting.taskId);
			expect(claimed!.task.waitReason).toBeUndefined();
			expect(await store.setWaitReason(waiting.taskId, 'too late')).toBe(false);
			expect((await store.get(waiting.taskId))!.waitReason).toBeUndefined();
			expect(await store.setWaitReason(randomUUID(), 'unknown')).toBe(false);
			expect((await store.get(running.taskId))!.waitReason).toBeUndefined();
		});

		it('retries failed and cancelled tasks (keeping the last error) and nothing else', async () => {
			const store = await open();
			await addOne(store, 'https://media.test/fails');
			const cancelled = await addOne(store, 'https://media.test/cancelled');
			const queued = await addOne(store, 'https://media.test/queued');
			const failing = await store.claim('w1', 60_000);
			const error = { message: 'connection reset', kind: 'Network' };
			await store.fail(failing!.task.taskId, failing!.token, error);
			await store.cancel(cancelled.taskId);

			expect(await store.retry(failing!.task.taskId)).toMatchObject({ status: 'queued', lastError: error });
			expect(await store.get(failing!.task.taskId)).toMatchObject({ status: 'queued', lastError: error, attempts: 1 });
			expect(await store.retry(cancelled.taskId)).toMatchObject({ status: 'queued' });
			expect(await store.retry(queued.taskId)).toBeNull();
			expect(await store.retry(randomUUID())).toBeNull();
			expect(await store.counts()).toMatchObject({ queued: 3, failed: 0, cancelled: 0 });

			// Where a retried task lines up is the store's choice; its next run is its second attempt.
			const claims = [await store.claim('w1', 60_000), await store.claim('w1', 60_000), await store.claim('w1', 60_000)];
			const again = claims.find((c) => c?.task.taskId === failing!.task.taskId);
			expect(again!.task.attempts).toBe(2);
			await store.complete(again!.task.taskId, again!.token, NO_RESULT);
			expect(await store.retry(again!.task.taskId)).toBeNull();
		});

		it('lists the tasks finished since a time, oldest first, whatever their end', async () => {
			const store = await open();
			const early = await addOne(store, 'https://media.test/finished-early');
			const c1 = await store.claim('w1', 60_000);
			await store.complete(early.taskId, c1!.token, NO_RESULT);
			await sleep(20);
			const since = Date.now();
			await sleep(20);
			const done = await addOne(store, 'https://media.test/f-done');
			const broken = await addOne(store, 'https://media.test/f-broken');
			const stopped = await addOne(store, 'https://media.test/f-stopped');
			const waiting = await addOne(store, 'https://media.test/f-waiting');
			const ends: Array<[Task, (id: string, token: string) => Promise<boolean>]> = [
				[done, (id, token) => store.complete(id, token, NO_RESULT)],
				[broken, (id, token) => store.fail(id, token, { message: 'boom', kind: 'Network' })],
			];
			for (const [task, end] of ends) {
				const claimed = await store.claim('w1', 60_000);
				expect(claimed!.task.taskId).toBe(task.taskId);
				await end(task.taskId, claimed!.token);
				await sleep(5);
			}
			await store.cancel(stopped.taskId);
			const finished = await store.finishedSince(since);
			expect(finished.map((t) => [t.url, t.status])).toEqual([
				['https://media.test/f-done', 'completed'],
				['https://media.test/f-broken', 'failed'],
				['https://media.test/f-stopped', 'cancelled'],
			]);
			expect(finished.every((t) => t.completedAt! >= since)).toBe(true);
			expect(finished.some((t) => t.taskId === waiting.taskId || t.taskId === early.taskId)).toBe(false);
			expect((await store.finishedSince(since, 2)).length).toBe(2);
			expect(await store.finishedSince(Date.now() + 60_000)).toEqual([]);
		});

		it('clears every task of one status and reports how many', async () => {
			const store = await open();
			for (const n of [1, 2, 3]) await addOne(store, `https://media.test/clear-${n}`);
			await addOne(store, 'https://media.test/stays-queued');
			const finished = [await store.claim('w1', 60_000), await store.claim('w1', 60_000), await store.claim('w1', 60_000)];
			await store.complete(finished[0]!.task.taskId, finished[0]!.token, NO_RESULT);
			await store.complete(finished[1]!.task.taskId, finished[1]!.token, NO_RESULT);
			await store.fail(finished[2]!.task.taskId, finished[2]!.token, { message: 'x', kind: 'Unknown' });

			expect(await store.clear('completed')).toBe(2);
			expect(await store.list('completed')).toEqual([]);
			expect(await store.get(finished[0]!.task.taskId)).toBeNull();
			expect(await store.clear('completed')).toBe(0);
			expect(await store.counts()).toEqual({ active: 0, queued: 1, completed: 0, failed: 1, cancelled: 0, paused: 0 });
			expect(await store.clear('failed')).toBe(1);
			expect(await store.clear('cancelled')).toBe(0);
			expect(await store.counts()).toMatchObject({ queued: 1, failed: 0 });
		});

		it('saves progress for the lease holder only, visible in get', async () => {
			const store = await open();
			const added = await addOne(store, 'https://media.test/progress');
			const claimed = await store.claim('w1', 60_000);
			const progress: TaskProgress = { percent: 42.5, bytesDownloaded: 425, totalBytes: 1000, speed: 100, eta: 6, updatedAt: Date.now() };
			expect(await store.saveProgress(added.taskId, claimed!.token, progress)).toBe(true);
			expect((await store.get(added.taskId))!.progress).toEqual(progress);
			const unknownSize: TaskProgress = { percent: null, bytesDownloaded: 900, totalBytes: null, speed: null, eta: null, updatedAt: Date.now() };
			expect(await store.saveProgress(added.taskId, claimed!.token, unknownSize)).toBe(true);
			expect((await store.get(added.taskId))!.progress).toEqual(unknownSize);
			expect(await store.saveProgress(added.taskId, 'not-the-token', progress)).toBe(false);
			expect((await store.get(added.taskId))!.progress).toEqual(unknownSize);
		});

		it('exports every task, removes them, and imports them back (active ones queued without a lease)', async () => {
			const store = await open();
			await addOne(store, 'https://media.test/export-done', 4);
			await addOne(store, 'https://media.test/export-running', 3);
			const waiting = await addOne(store, 'https://media.test/export-waiting', 2);
			await store.setWaitReason(waiting.taskId, 'disk almost full');
			const done = await store.claim('w1', 60_000);
			await store.complete(done!.task.taskId, done!.token, { files: [{ fileSize: 7 }], totalBytes: 7 });
			const running = await store.claim('w1', 60_000);
			expect(running!.task.url).toBe('https://media.test/export-running');
			const progress: TaskProgress = { percent: 10, bytesDownloaded: 10, totalBytes: 100, speed: 5, eta: 18, updatedAt: Date.now() };
			await store.saveProgress(running!.task.taskId, running!.token, progress);
			await store.pause();

			const exported = await store.exportTasks();
			expect(exported).toHaveLength(3);
			const byUrl = (tasks: Task[], url: string) => tasks.find((t) => t.url === `https://media.test/${url}`)!;
			expect(byUrl(exported, 'export-running')).toMatchObject({ status: 'active', progress, lease: { workerId: 'w1' } });
			expect(byUrl(exported, 'export-done')).toMatchObject({ status: 'completed', result: { totalBytes: 7 } });
			expect(byUrl(exported, 'export-waiting')).toMatchObject({ status: 'queued', waitReason: 'disk almost full' });
			// A backup is JSON.
			const backup = JSON.parse(JSON.stringify(exported)) as Task[];

			expect(await store.remove(exported.map((t) => t.taskId))).toBe(3);
			expect(await store.exportTasks()).toEqual([]);
			expect(await store.remove(exported.map((t) => t.taskId))).toBe(0);

			expect(await store.importTasks(backup)).toBe(3);
			const restored = await store.exportTasks();
			expect(restored).toHaveLength(3);
			const wasRunning = byUrl(restored, 'export-running');
			expect(wasRunning).toMatchObject({ taskId: running!.task.taskId, status: 'queued', attempts: 1, progress, priority: 3 });
			expect(wasRunning.lease).toBeUndefined();
			expect(byUrl(restored, 'export-done')).toEqual(byUrl(backup, 'export-done'));
			expect(byUrl(restored, 'export-waiting')).toEqual(byUrl(backup, 'export-waiting'));
			expect(await store.counts()).toEqual({ active: 0, queued: 0, completed: 1, failed: 0, cancelled: 0, paused: 2 });
			expect(await store.renew(running!.task.taskId, running!.token, 60_000)).toBe('lost');

			// Importing a task whose id exists replaces it.
			expect(await store.importTasks([{ ...byUrl(backup, 'export-waiting'), priority: 9 }])).toBe(1);
			expect(await store.exportTasks()).toHaveLength(3);
			await store.resume();
			const next = await store.claim('w2', 60_000);
			expect(next!.task).toMatchObject({ taskId: waiting.taskId, priority: 9, attempts: 1 });
			expect(next!.task.waitReason).toBeUndefined();
		});

		it('keeps two named queues of one store apart, including pause', async () => {
			const one = await open();
			const two = await open();
			expect(one.queue).not.toBe(two.queue);
			const [inOne] = await one.add([{ url: 'https://media.test/shared' }]);
			const [inTwo] = await two.add([{ url: 'https://media.test/shared' }]);
			expect(inTwo.added).toBe(true);
			expect(inTwo.task.taskId).not.toBe(inOne.task.taskId);
			expect(inTwo.task.queue).toBe(two.queue);
			expect(await two.get(inOne.task.taskId)).toBeNull();
			expect((await two.list()).map((t) => t.taskId)).toEqual([inTwo.task.taskId]);

			await one.pause();
			expect(await two.isPaused()).toBe(false);
			expect(await one.claim('w1', 60_000)).toBeNull();
			const claimed = await two.claim('w1', 60_000);
			expect(claimed!.task.taskId).toBe(inTwo.task.taskId);
			expect(await one.counts()).toMatchObject({ paused: 1, active: 0 });
			expect(await two.counts()).toMatchObject({ paused: 0, active: 1 });
			expect(await one.clear('completed')).toBe(0);
			await two.complete(claimed!.task.taskId, claimed!.token, NO_RESULT);
			expect(await one.clear('completed')).toBe(0);
			expect(await two.clear('completed')).toBe(1);
			expect(await one.remove([inTwo.task.taskId])).toBe(0);
			expect(await one.cancel(inTwo.task.taskId)).toBeNull();
		});

		it('sees one queue from a second connection (another store opened on it)', async () => {
			const queue = queueName();
			const writer = await open(queue);
			const reader = await open(queue);
			const added = await addOne(writer, 'https://media.test/shared-connection');
			expect(await reader.get(added.taskId)).toEqual(added);
			await reader.pause();
			expect(await writer.isPaused()).toBe(true);
			expect(await writer.claim('w1', 60_000)).toBeNull();
		});

		it('loses no task when 8 processes add 100 tasks each at once', async () => {
			const queue = queueName();
			const store = await open(queue);
			const run = await runStoreWorkers(target.spec(queue), 8, 100, 'add');
			const ids = run.results.flatMap((r) => r.ids);
			expect(run.results.map((r) => r.added)).toEqual(Array(8).fill(100));
			expect(ids).toHaveLength(800);
			expect(new Set(ids).size).toBe(800);
			expect(await store.counts()).toMatchObject({ queued: 800 });
			const stored = await store.list('queued');
			expect(stored.map((t) => t.taskId).sort()).toEqual([...ids].sort());
			expect(new Set(stored.map((t) => t.url)).size).toBe(800);
		}, 300_000);

		it('hands each task to exactly one of 4 processes claiming at once', async () => {
			const queue = queueName();
			const store = await open(queue);
			const added = await store.add(Array.from({ length: 200 }, (_, i) => ({ url: `https://media.test/contended/${i}` })));
			const run = await runStoreWorkers(target.spec(queue), 4, 0, 'claim');
			const claimed = run.results.flatMap((r) => r.ids);
			expect(run.results.map((r) => r.lost)).toEqual([0, 0, 0, 0]);
			expect(claimed).toHaveLength(200);
			expect([...claimed].sort()).toEqual(added.map((o) => o.task.taskId).sort());
			expect(await store.counts()).toMatchObject({ completed: 200, queued: 0, active: 0 });
			expect((await store.list('completed')).every((t) => t.attempts === 1)).toBe(true);
		}, 300_000);
	});
}
