import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { DownloadCallOptions } from '../../../lib/download/download';
import type { DownloadResult } from '../../../lib/download/types';
import { MediaError } from '../../../lib/errors';
import { DownloadManager, type DownloadManagerOptions } from '../../../lib/queue/manager';
import { SqliteStore } from '../../../lib/queue/sqliteStore';
import type { QueueStore, Task } from '../../../lib/queue/types';

/**
 * The manager's own logic (order, pause, cancel, stop, leases, events, disk guard) with a stand-in for
 * downloadMedia that finishes when the test says so; the real downloads are in test/integration/queue.
 */
interface FakeRun {
	url: string;
	options: DownloadCallOptions;
	finish(size?: number): void;
	fail(error: unknown): void;
}

function fakeDownloads() {
	const runs: FakeRun[] = [];
	const download = (url: string, options: DownloadCallOptions) =>
		new Promise<DownloadResult[]>((resolve, reject) => {
			options.signal?.addEventListener('abort', () => reject(new MediaError('Cancelled', 'stopped')), { once: true });
			runs.push({
				url,
				options,
				finish: (size = 100) =>
					resolve([
						{
							localPath: path.join(options.outputDir ?? '/x', `${url.split('/').pop()}.mp4`),
							fileSize: size,
							format: 'mp4',
							duration: 1,
							strategyUsed: 'requested',
							fallbackAttempts: [],
							info: { id: url, title: url, url },
							files: { subtitles: [] },
							warnings: [],
						},
					]),
				fail: reject,
			});
		});
	const running = (url: string) => runs.find((r) => r.url === url && !r.options.signal?.aborted);
	return { runs, download, started: () => runs.map((r) => r.url), running };
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
	const end = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

let dir: string;
let fake: ReturnType<typeof fakeDownloads>;
const managers: DownloadManager[] = [];
const stores: QueueStore[] = [];

function manager(options: DownloadManagerOptions = {}): DownloadManager {
	const dm = new DownloadManager({ store: { kind: 'sqlite', file: path.join(dir, 'queue.sqlite') }, defaultOutputDir: path.join(dir, 'out'), pollMs: 50, download: fake.download, ...options });
	managers.push(dm);
	return dm;
}

function openStore(): SqliteStore {
	const store = new SqliteStore({ file: path.join(dir, 'queue.sqlite') });
	stores.push(store);
	return store;
}

beforeEach(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'mdl-dm-'));
	fake = fakeDownloads();
});
afterEach(async () => {
	for (const dm of managers.splice(0)) await dm.close();
	for (const store of stores.splice(0)) await store.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('DownloadManager: adding', () => {
	it('returns the existing task for the same URL and config while it waits, a new one otherwise', async () => {
		const dm = manager();
		const a = await dm.addDownload('http://x/a', { config: { quality: '720p', format: 'mp4' } });
		const again = await dm.addDownload('http://x/a', { config: { format: 'mp4', quality: '720p' } });
		const other = await dm.addDownload('http://x/a', { config: { quality: '480p' } });
		expect(again.taskId).toBe(a.taskId);
		expect(other.taskId).not.toBe(a.taskId);
		const outcomes = await dm.addDownloads([{ url: 'http://x/a', config: { quality: '480p' } }, { url: 'http://x/b', priority: 3 }, 'http://x/c']);
		expect(outcomes.map((o) => [o.added, o.task.priority])).toEqual([
			[false, 0],
			[true, 3],
			[true, 0],
		]);
		expect(outcomes[0].task.taskId).toBe(other.taskId);
		expect((await dm.getQueueStatus()).queued).toBe(4);
	});

	it('refuses a bad config, a run-time-only option or an empty URL before anything is queued', async () => {
		const dm = manager();
		await expect(dm.addDownload('http://x/a', { config: { quality: '999p' as never } })).rejects.toMatchObject({ kind: 'InvalidInput' });
		await expect(dm.addDownload('http://x/a', { config: { cookies: 'SID=1' } })).rejects.toMatchObject({ kind: 'InvalidInput' });
		await expect(dm.addDownload('http://x/a', { preset: 'nope' as never })).rejects.toMatchObject({ kind: 'InvalidInput' });
		await expect(dm.addDownload('  ')).rejects.toMatchObject({ kind: 'InvalidInput' });
		expect(await dm.getAllTasks()).toEqual([]);
	});
});

describe('DownloadManager: the worker', () => {
	it('starts higher priorities first and keeps the order of addition within a priority', async () => {
		const dm = manager({ maxConcurrent: 1 });
		await dm.pauseQueue();
		for (const [name, priority] of [['low1', 1], ['mid1', 5], ['high1', 10], ['mid2', 5], ['high2', 10], ['low2', 1]] as const)
			await dm.addDownload(`http://x/${name}`, { priority });
		await dm.startQueue();
		await new Promise((r) => setTimeout(r, 200));
		expect(fake.started()).toEqual([]);
		await dm.resumeQueue();
		for (let i = 0; i < 6; i++) {
			await until(() => fake.runs.length === i + 1, `start ${i + 1}`);
			fake.runs[i].finish();
		}
		expect(fake.started().map((u) => u.split('/').pop())).toEqual(['high1', 'high2', 'mid1', 'mid2', 'low1', 'low2']);
		await until(async () => (await dm.getQueueStatus()).completed === 6, 'all completed');
	});

	it('runs maxConcurrent tasks at once and starts the next as soon as one ends', async () => {
		const dm = manager({ maxConcurrent: 2, pollMs: 60_000 });
		for (const n of [1, 2, 3]) await dm.addDownload(`http://x/${n}`);
		await dm.startQueue();
		await until(() => fake.runs.length === 2, 'two running');
		await new Promise((r) => setTimeout(r, 100));
		expect(fake.runs).toHaveLength(2);
		fake.runs[0].finish();
		// The poll is a minute: only the end of a task can have started the third this fast.
		await until(() => fake.runs.length === 3, 'the third started');
		expect((await dm.getActiveDownloads()).map((t) => t.url)).toEqual(['http://x/2', 'http://x/3']);
	});

	it('passes the merged options to the download and stores a JSON-safe result with the completion event', async () => {
		const dm = manager({ defaultConfig: { maxRetries: 9, quality: '480p' }, downloadOptions: { auth: { username: 'u' } } });
		const completed: unknown[][] = [];
		const callback = jest.fn();
		dm.on('completed', (...args) => completed.push(args));
		dm.setCompletionCallback(callback);
		const task = await dm.addDownload('http://x/a', { config: { quality: '720p' }, preset: 'videoArchive' });
		await dm.startQueue();
		await until(() => fake.runs.length === 1, 'start');
		expect(fake.runs[0].options).toMatchObject({ maxRetries: 9, quality: '720p', preset: 'videoArchive', outputDir: path.join(dir, 'out'), auth: { username: 'u' } });
		fake.runs[0].finish(4242);
		await until(() => completed.length === 1, 'completed event');
		const [id, result, done] = completed[0] as [string, Task['result'], Task];
		expect(id).toBe(task.taskId);
		expect(result).toMatchObject({ totalBytes: 4242, files: [{ fileSize: 4242, localPath: path.join(dir, 'out', 'a.mp4') }] });
		expect(done).toMatchObject({ taskId: task.taskId, status: 'completed', attempts: 1, result });
		expect(callback).toHaveBeenCalledWith(task.taskId, result, done);
		const stored = await dm.getTask(task.taskId);
		expect(stored?.result).toEqual(result);
		// The credential is run-time only: it never reaches the store.
		expect(JSON.stringify(await openStore().exportTasks())).not.toContain('"auth"');
	});

	it('stores a failure with its kind and hint, secrets blanked out, and reports it', async () => {
		const dm = manager({ downloadOptions: { auth: { password: 'sesame-42' } } });
		const failed = jest.fn();
		dm.setErrorCallback(failed);
		const task = await dm.addDownload('http://x/a');
		await dm.startQueue();
		await until(() => fake.runs.length === 1, 'start');
		fake.runs[0].fail(new MediaError('AccessDenied', 'login with sesame-42 refused'));
		await until(async () => (await dm.getTask(task.taskId))?.status === 'failed', 'failed');
		const stored = await dm.getTask(task.taskId);
		expect(stored?.lastError).toEqual({ kind: 'AccessDenied', message: 'login with *** refused', hint: expect.stringContaining('cookies') });
		expect(failed).toHaveBeenCalledWith(task.taskId, stored!.lastError, expect.objectContaining({ status: 'failed' }));
		// Retry puts it back; the worker runs it again.
		expect((await dm.retryAllFailed()).map((t) => t.taskId)).toEqual([task.taskId]);
		await until(() => fake.runs.length === 2, 'second attempt');
		fake.runs[1].finish();
		await until(async () => (await dm.getTask(task.taskId))?.status === 'completed', 'completed');
		expect((await dm.getTask(task.taskId))?.attempts).toBe(2);
	});

	it('sends progress at most once a second per task, to the store, the callback and listeners', async () => {
		const dm = manager();
		const seen: Array<[string, number, number]> = [];
		dm.setProgressCallback((id, p) => seen.push([id, p.bytesDownloaded, Date.now()]));
		const listener = jest.fn();
		dm.on('progress', listener);
		await dm.addDownload('http://x/a');
		await dm.addDownload('http://x/b');
		await dm.startQueue();
		await until(() => fake.runs.length === 2, 'both running');
		const started = Date.now();
		let bytes = 0;
		while (Date.now() - started < 2500) {
			bytes += 10;
			for (const run of fake.runs) run.options.onProgress?.({ percent: null, bytesDownloaded: bytes, totalBytes: 10_000, speed: 100, eta: 5 });
			await new Promise((r) => setTimeout(r, 25));
		}
		const active = await dm.getActiveDownloads();
		expect(active).toHaveLength(2);
		for (const [index, run] of fake.runs.entries()) {
			const task = active.find((t) => t.url === run.url)!;
			expect(task.url).toBe(['http://x/a', 'http://x/b'][index]);
			const mine = seen.filter(([id]) => id === task.taskId);
			// 2.5 s of updates every 25 ms: the first one, then one per second.
			expect(mine.length).toBeGreaterThanOrEqual(2);
			expect(mine.length).toBeLessThanOrEqual(3);
			for (let i = 1; i < mine.length; i++) expect(mine[i][2] - mine[i - 1][2]).toBeGreaterThanOrEqual(1000);
			// What went out is in the store too, and what the manager serves.
			expect(task.progress?.bytesDownloaded).toBe(mine[mine.length - 1][1]);
			expect((await openStore().get(task.taskId))?.progress).toMatchObject({ bytesDownloaded: mine[mine.length - 1][1], totalBytes: 10_000, speed: 100, eta: 5 });
			run.finish();
		}
		expect(listener).toHaveBeenCalledTimes(seen.length);
		await until(async () => (await dm.getQueueStatus()).completed === 2, 'done');
	});

	it('holds a task back with the reason in status when its folder lacks the minimum free space', async () => {
		const dm = manager({ diskMinimum: { percent: 100 } });
		const task = await dm.addDownload('http://x/a');
		await dm.startQueue();
		await until(async () => !!(await dm.getTask(task.taskId))?.waitReason, 'a wait reason');
		await new Promise((r) => setTimeout(r, 300));
		// The worker looks again every poll (claim, check, release): stop it to read a settled state.
		await dm.stopQueue();
		const stored = (await dm.getTask(task.taskId))!;
		expect(stored).toMatchObject({ status: 'queued', attempts: 0 });
		expect(stored.waitReason).toMatch(new RegExp(`^waiting for disk space: .* free in ${path.join(dir, 'out')}, .* required$`));
		expect(fake.runs).toEqual([]);
		const status = await dm.getQueueStatus();
		expect(status.freeDisk).toMatchObject({ path: path.join(dir, 'out') });
		expect(status.freeDisk!.freeBytes).toBeGreaterThan(0);
	});

	it('pausing stops new starts in every worker within one poll; running tasks go on', async () => {
		const one = manager({ maxConcurrent: 1, pollMs: 100 });
		const two = manager({ maxConcurrent: 1, pollMs: 100 });
		for (const n of [1, 2, 3, 4]) await one.addDownload(`http://x/${n}`);
		await one.startQueue();
		await two.startQueue();
		await until(() => fake.runs.length === 2, 'one task in each worker');
		await two.pauseQueue();
		const pausedAt = Date.now();
		for (const run of fake.runs) run.finish();
		await until(async () => (await one.getQueueStatus()).completed === 2, 'both finished');
		await new Promise((r) => setTimeout(r, 400));
		expect(fake.runs).toHaveLength(2);
		expect(await one.getQueueStatus()).toMatchObject({ active: 0, queued: 0, paused: 2, isPaused: true });
		expect(await one.hasQueuedDownloads()).toBe(true);
		expect(await one.estimateCompletion()).toBeNull();
		await one.resumeQueue();
		await until(() => fake.runs.length === 4, 'resumed');
		expect(Date.now() - pausedAt).toBeGreaterThan(400);
	});
});

describe('DownloadManager: cancel, stop, leases', () => {
	it('cancels a task it runs at once: the download is aborted and the task settles as cancelled', async () => {
		const dm = manager();
		const cancelled = jest.fn();
		dm.on('cancelled', cancelled);
		const task = await dm.addDownload('http://x/a');
		await dm.startQueue();
		await until(() => fake.runs.length === 1, 'start');
		const after = await dm.cancelDownload(task.taskId);
		expect(fake.runs[0].options.signal?.aborted).toBe(true);
		expect(after).toMatchObject({ status: 'cancelled' });
		expect(after?.lease).toBeUndefined();
		expect(cancelled).toHaveBeenCalledWith(task.taskId, expect.objectContaining({ kind: 'Cancelled' }), expect.objectContaining({ status: 'cancelled' }));
		expect(await dm.cancelDownload('no-such-task')).toBeNull();
		// A queued one is cancelled in the store without running.
		const queued = await dm.addDownload('http://x/b');
		await dm.pauseQueue();
		expect(await dm.cancelDownload(queued.taskId)).toMatchObject({ status: 'cancelled' });
	});

	it('a cancel from another process reaches the worker through its lease renewal', async () => {
		const worker = manager({ leaseSeconds: 1 });
		const task = await worker.addDownload('http://x/a');
		await worker.startQueue();
		await until(() => fake.runs.length === 1, 'start');
		expect(await openStore().cancel(task.taskId)).toMatchObject({ status: 'active', cancelRequested: true });
		// A renewal every third of the lease: within a second the worker stops it.
		await until(() => fake.runs[0].options.signal?.aborted === true, 'the download aborted', 3000);
		await until(async () => (await worker.getTask(task.taskId))?.status === 'cancelled', 'cancelled');
	});

	it('stopQueue waits for running tasks, then returns the rest to queued', async () => {
		const dm = manager({ maxConcurrent: 2 });
		const a = await dm.addDownload('http://x/a');
		const b = await dm.addDownload('http://x/b');
		const c = await dm.addDownload('http://x/c');
		await dm.startQueue();
		await until(() => fake.runs.length === 2, 'two running');
		setTimeout(() => fake.running('http://x/a')?.finish(), 200);
		const started = Date.now();
		const outcome = await dm.stopQueue({ timeout: 1 });
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect(outcome).toEqual({ finished: [a.taskId], released: [b.taskId], lost: [] });
		expect(fake.runs[1].options.signal?.aborted).toBe(true);
		expect((await dm.getTask(b.taskId))).toMatchObject({ status: 'queued', attempts: 0 });
		expect((await dm.getTask(c.taskId))?.status).toBe('queued');
		expect(dm.isRunning()).toBe(false);
		// No loop is left: nothing starts any more.
		await new Promise((r) => setTimeout(r, 200));
		expect(fake.runs).toHaveLength(2);
	});

	it('stopQueue without wait stops at once', async () => {
		const dm = manager();
		const a = await dm.addDownload('http://x/a');
		await dm.startQueue();
		await until(() => fake.runs.length === 1, 'start');
		expect(await dm.stopQueue({ wait: false })).toEqual({ finished: [], released: [a.taskId], lost: [] });
		expect(await dm.hasActiveDownloads()).toBe(false);
	});

	it('a stop right after a start (the store still opening) leaves no worker running', async () => {
		const dm = manager();
		await openStore().add([{ url: 'http://x/a' }]);
		const starting = dm.startQueue();
		await dm.stopQueue();
		await starting;
		await new Promise((r) => setTimeout(r, 200));
		expect(dm.isRunning()).toBe(false);
		expect(fake.runs).toHaveLength(0);
		// A start after the stop works as usual.
		await dm.startQueue();
		await until(() => fake.runs.length === 1, 'started');
	});

	it('stops a download whose lease another worker took, and writes nothing for it', async () => {
		const store = openStore();
		let lose = false;
		// The store says "lost" as it would after the lease expired and another worker claimed the task.
		const losing: QueueStore = Object.assign(Object.create(store) as QueueStore, {
			renew: async (...args: Parameters<QueueStore['renew']>) => (lose ? 'lost' : store.renew(...args)),
		});
		const dm = manager({ store: losing, leaseSeconds: 1 });
		const task = await dm.addDownload('http://x/a');
		await dm.startQueue();
		await until(() => fake.runs.length === 1, 'start');
		lose = true;
		await until(() => fake.runs[0].options.signal?.aborted === true, 'aborted', 3000);
		const stop = await dm.stopQueue();
		expect(stop).toEqual({ finished: [], released: [], lost: [] });
		expect((await store.get(task.taskId))?.status).toBe('active');
	});

	it('a store that fails is reported as workerError and the worker carries on', async () => {
		const store = openStore();
		let failClaims = 2;
		const flaky: QueueStore = Object.assign(Object.create(store) as QueueStore, {
			claim: async (...args: Parameters<QueueStore['claim']>) => {
				if (failClaims-- > 0) throw new Error('database is locked');
				return store.claim(...args);
			},
		});
		const dm = manager({ store: flaky });
		const errors: Error[] = [];
		dm.on('workerError', (e) => errors.push(e));
		// A listener that throws does not stop anything either.
		dm.on('completed', () => {
			throw new Error('listener bug');
		});
		await dm.addDownload('http://x/a');
		await dm.startQueue();
		await until(() => fake.runs.length === 1, 'start after two failed claims');
		fake.runs[0].finish();
		await until(() => errors.length === 3, 'three worker errors');
		expect(errors.map((e) => e.message)).toEqual(['database is locked', 'database is locked', 'listener bug']);
		expect((await dm.getQueueStatus()).completed).toBe(1);
	});
});

describe('DownloadManager: runQueued', () => {
	it('runs up to the limit with the given concurrency and resolves with the final tasks', async () => {
		const dm = manager();
		for (const n of [1, 2, 3, 4]) await dm.addDownload(`http://x/${n}`);
		const finishing = setInterval(() => fake.runs.find((r) => !r.options.signal?.aborted && !(r as { done?: boolean }).done && Object.assign(r, { done: true }))?.finish(), 50);
		let peak = 0;
		const peakTimer = setInterval(async () => (peak = Math.max(peak, (await dm.getQueueStatus()).active)), 10);
		try {
			const tasks = await dm.runQueued({ limit: 3, concurrency: 2 });
			expect(tasks.map((t) => [t.url, t.status])).toEqual([
				['http://x/1', 'completed'],
				['http://x/2', 'completed'],
				['http://x/3', 'completed'],
			]);
		} finally {
			clearInterval(finishing);
			clearInterval(peakTimer);
		}
		expect(peak).toBeLessThanOrEqual(2);
		expect(dm.isRunning()).toBe(false);
		expect((await dm.getQueueStatus()).queued).toBe(1);
	});

	it('its signal stops the tasks and returns them to queued', async () => {
		const dm = manager();
		for (const n of [1, 2]) await dm.addDownload(`http://x/${n}`);
		const controller = new AbortController();
		const run = dm.runQueued({ concurrency: 2, signal: controller.signal });
		await until(() => fake.runs.length === 2, 'both running');
		controller.abort();
		expect((await run).map((t) => [t.url, t.status, t.attempts])).toEqual([
			['http://x/1', 'queued', 0],
			['http://x/2', 'queued', 0],
		]);
	});

	it('estimates the completion from running tasks and the durations of finished ones', async () => {
		const dm = manager({ maxConcurrent: 1 });
		expect(await dm.estimateCompletion()).toBe(0);
		for (const n of [1, 2, 3]) await dm.addDownload(`http://x/${n}`);
		expect(await dm.estimateCompletion()).toBeNull();
		const before = Date.now();
		const run = dm.runQueued({ limit: 1 });
		await until(() => fake.runs.length === 1, 'start');
		await new Promise((r) => setTimeout(r, 300));
		fake.runs[0].finish();
		await run;
		// One task took about 0.3 s (longer on a busy machine, never longer than this test waited): two queued ones take twice that on one slot.
		const tookAtMost = (Date.now() - before) / 1000;
		const estimate = await dm.estimateCompletion();
		expect(estimate).toBeGreaterThanOrEqual(1);
		expect(estimate).toBeLessThanOrEqual(Math.ceil(2 * tookAtMost));
	});
});

describe('DownloadManager: backups and summary', () => {
	it('backs up beside the queue file, restores every task after a clear, and exports a summary', async () => {
		const dm = manager();
		expect(dm.backupDir).toBe(path.join(dir, 'backups'));
		const tasks = [await dm.addDownload('http://one.test/a', { priority: 2 }), await dm.addDownload('http://two.test/b')];
		const file = await dm.createBackup();
		expect(path.dirname(file)).toBe(dm.backupDir);
		const store = openStore();
		await store.remove(tasks.map((t) => t.taskId));
		expect(await dm.getAllTasks()).toEqual([]);
		const report = await dm.restoreFromBackup();
		expect(report).toMatchObject({ file, restored: 2 });
		expect((await dm.getAllTasks()).map((t) => [t.taskId, t.status, t.priority])).toEqual([
			[tasks[0].taskId, 'queued', 2],
			[tasks[1].taskId, 'queued', 0],
		]);
		const summary = await dm.exportQueueSummary(path.join(dir, 'summary.json'));
		expect(summary).toMatchObject({ totalTasks: 2, bySource: { 'one.test': 1, 'two.test': 1 } });
	});
});


describe('DownloadManager: automatic backups', () => {
	it('writes a backup every interval while the queue runs, keeps the last K, and none after stopQueue', async () => {
		const backupDir = path.join(dir, 'backups');
		const dm = manager({ backupDir, backupKeep: 2, backupIntervalMinutes: 0.1 / 60 });
		await dm.addDownload('http://x/kept');
		const files = () => (existsSync(backupDir) ? readdirSync(backupDir).filter((f) => f.startsWith('queue_backup_')) : []);
		await dm.startQueue();
		await until(() => fake.runs.length === 1, 'the task to start');
		// Four intervals at least: the folder holds only the last two.
		await new Promise((r) => setTimeout(r, 600));
		await until(() => files().length === 2, 'two backups');
		await dm.stopQueue({ wait: false });
		const after = files();
		await new Promise((r) => setTimeout(r, 400));
		expect(files()).toEqual(after);
		const latest = JSON.parse(readFileSync(path.join(backupDir, after.sort().pop()!), 'utf8')) as { tasks: Task[] };
		expect(latest.tasks.map((t) => t.url)).toEqual(['http://x/kept']);
	});

	it('writes none unless asked', async () => {
		const dm = manager({ backupDir: path.join(dir, 'backups') });
		await dm.startQueue();
		await new Promise((r) => setTimeout(r, 300));
		await dm.stopQueue();
		expect(existsSync(path.join(dir, 'backups'))).toBe(false);
	});
});
