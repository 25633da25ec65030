import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { clearRobotsCache } from '../../../lib';
import { DownloadManager, type DownloadManagerOptions } from '../../../lib/queue/manager';
import type { Task, TaskProgress, TaskResult } from '../../../lib/queue/types';
import { processesMatching } from '../../helpers/ytdlpSpy';
import { xxhash64Of } from '../../fixtures/checksums';
import { withFixtures } from '../../helpers/withFixtures';

/**
 * The DownloadManager with real yt-dlp against the fixture server, on a real SQLite queue file: what the
 * spec's queue promises, seen in files on disk, processes and the store.
 */
const fx = withFixtures('mdl-queue-');
const TIMEOUT = 180_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sha256Of = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const out = () => path.join(fx.dir, 'out');
/** Every file and folder under the output folder (empty when it does not exist). */
const outputFiles = () => (existsSync(out()) ? (readdirSync(out(), { recursive: true }) as string[]).sort() : []);
/** video-360.mp4 under another name, so each URL is another media id; bps 0 = full speed. */
const alias = (name: string, bps = 0, of = 'video-360.mp4') => fx.server.url(`/alias/${bps}/${of}/${name}.mp4`);
const requestsFor = (fragment: string) => fx.server.requests.filter((r) => r.path.includes(fragment));

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 60_000): Promise<void> {
	const end = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
		await sleep(50);
	}
}

describe('DownloadManager with yt-dlp', () => {
	const managers: DownloadManager[] = [];
	const manager = (options: DownloadManagerOptions = {}) => {
		const dm = new DownloadManager({ queueFile: path.join(fx.dir, 'queue.sqlite'), defaultOutputDir: out(), pollMs: 200, ...options });
		managers.push(dm);
		return dm;
	};
	const statusOf = async (dm: DownloadManager, task: Task) => (await dm.getTask(task.taskId))?.status;

	beforeEach(() => clearRobotsCache());
	// Before withFixtures removes the temp folder: nothing may still write into it.
	afterEach(async () => {
		for (const dm of managers.splice(0)) await dm.close();
	});

	it(
		'starts tasks by priority, first come first served within a priority',
		async () => {
			const dm = manager({ maxConcurrent: 1 });
			await dm.pauseQueue();
			const added: Record<string, Task> = {};
			for (const [name, priority] of [['low-a', 1], ['high-a', 10], ['mid-a', 5], ['high-b', 10], ['low-b', 1]] as const)
				added[name] = await dm.addDownload(alias(`prio-${name}`), { priority });
			await dm.startQueue();
			await sleep(600);
			expect(await dm.getQueueStatus()).toMatchObject({ active: 0, paused: 5, isPaused: true });
			await dm.resumeQueue();
			await until(async () => (await dm.getQueueStatus()).completed === 5, 'five completed');
			const tasks = await dm.getTasksByStatus('completed');
			const byStart = [...tasks].sort((a, b) => a.startedAt! - b.startedAt!);
			expect(byStart.map((t) => t.url)).toEqual(['high-a', 'high-b', 'mid-a', 'low-a', 'low-b'].map((n) => added[n].url));
			// One at a time: each started after the previous one finished.
			for (let i = 1; i < byStart.length; i++) expect(byStart[i].startedAt!).toBeGreaterThanOrEqual(byStart[i - 1].completedAt!);
			const media = fx.server.media['video-360.mp4'];
			const checksum = await xxhash64Of(media.path);
			for (const task of tasks) expect(task.result).toMatchObject({ totalBytes: media.size, files: [{ checksum }] });
		},
		TIMEOUT,
	);

	it(
		'pausing stops new starts in every worker within one poll while running downloads finish',
		async () => {
			const pollMs = 300;
			const one = manager({ maxConcurrent: 1, pollMs });
			const two = manager({ maxConcurrent: 1, pollMs });
			// About 2 s each at 96 kB/s.
			const tasks = [];
			for (const n of [1, 2, 3, 4]) tasks.push(await one.addDownload(alias(`pause-${n}`, 96_000)));
			await one.startQueue();
			await two.startQueue();
			await until(async () => (await one.getQueueStatus()).active === 2, 'one task in each worker');
			await one.pauseQueue();
			const pausedAt = Date.now();
			await until(async () => (await one.getQueueStatus()).completed === 2, 'the running tasks finished');
			await sleep(3 * pollMs);
			expect(await one.getQueueStatus()).toMatchObject({ active: 0, completed: 2, paused: 2, queued: 0 });
			const waiting = await one.getTasksByStatus('queued');
			expect(waiting.map((t) => [t.startedAt, t.attempts])).toEqual([
				[undefined, 0],
				[undefined, 0],
			]);
			for (const task of waiting) expect(requestsFor(new URL(task.url).pathname)).toEqual([]);
			for (const task of await one.getTasksByStatus('completed')) expect(task.startedAt!).toBeLessThan(pausedAt);
			await two.resumeQueue();
			await until(async () => (await one.getQueueStatus()).completed === 4, 'all four after resume');
			expect(outputFiles().filter((f) => f.endsWith('.mp4'))).toHaveLength(4);
		},
		TIMEOUT,
	);

	it(
		'cancelling a running download kills its processes, removes its partial files and settles it cancelled',
		async () => {
			const dm = manager();
			const cancelled: Array<[string, string]> = [];
			dm.on('cancelled', (id, error) => cancelled.push([id, error.kind]));
			const url = fx.server.url('/fault/slow/20000/video-720.mp4');
			const task = await dm.addDownload(url);
			await dm.startQueue();
			await until(() => outputFiles().some((f) => f.endsWith('.part')), 'a .part file');
			const pids = processesMatching('/fault/slow/20000/video-720.mp4').map((line) => Number(line.split(':')[0]));
			expect(pids.length).toBeGreaterThan(0);
			const after = await dm.cancelDownload(task.taskId);
			expect(after).toMatchObject({ status: 'cancelled' });
			expect(after?.lease).toBeUndefined();
			expect(cancelled).toEqual([[task.taskId, 'Cancelled']]);
			expect(processesMatching('/fault/slow/20000/video-720.mp4')).toEqual([]);
			for (const pid of pids) expect(existsSync(`/proc/${pid}`)).toBe(false);
			expect(outputFiles()).toEqual([]);
			// It stays cancelled: the worker does not take it again.
			await sleep(600);
			expect(await statusOf(dm, task)).toBe('cancelled');
		},
		TIMEOUT,
	);

	it(
		'reports progress at most once a second per task, then completion with the file that matches the fixture',
		async () => {
			const dm = manager({ maxConcurrent: 2 });
			const progress = new Map<string, TaskProgress[]>();
			const completed = new Map<string, TaskResult>();
			dm.setProgressCallback((id, p) => progress.set(id, [...(progress.get(id) ?? []), p]));
			dm.on('completed', (id, result) => completed.set(id, result));
			// About 3 s each at 64 kB/s.
			const a = await dm.addDownload(alias('progress-a', 64_000));
			const b = await dm.addDownload(fx.server.url('/fault/slow/64000/video-360.mp4'));
			await dm.startQueue();
			await until(() => completed.size === 2, 'both completed');
			const media = fx.server.media['video-360.mp4'];
			for (const task of [a, b]) {
				const seen = progress.get(task.taskId)!;
				expect(seen.length).toBeGreaterThanOrEqual(2);
				for (let i = 1; i < seen.length; i++) {
					expect(seen[i].updatedAt - seen[i - 1].updatedAt).toBeGreaterThanOrEqual(1000);
					expect(seen[i].bytesDownloaded).toBeGreaterThanOrEqual(seen[i - 1].bytesDownloaded);
				}
				expect(seen.every((p) => p.bytesDownloaded <= media.size)).toBe(true);
				const result = completed.get(task.taskId)!;
				expect(result.totalBytes).toBe(media.size);
				expect(result.files).toHaveLength(1);
				const [file] = result.files;
				expect(file).toMatchObject({ fileSize: media.size, checksum: await xxhash64Of(media.path) });
				expect(sha256Of(file.localPath!)).toBe(media.sha256);
				const stored = await dm.getTask(task.taskId);
				expect(stored).toMatchObject({ status: 'completed', attempts: 1, result });
			}
		},
		TIMEOUT,
	);

	it(
		'stopQueue with a timeout returns the running downloads to queued, with no process and no partial file left',
		async () => {
			const dm = manager({ maxConcurrent: 2 });
			// About 10 s each: they cannot finish within the 1 s timeout.
			const tasks = [];
			for (const n of [1, 2, 3]) tasks.push(await dm.addDownload(alias(`stop-${n}`, 20_000)));
			await dm.startQueue();
			await until(() => outputFiles().filter((f) => f.endsWith('.part')).length === 2, 'two .part files');
			const started = Date.now();
			const outcome = await dm.stopQueue({ timeout: 1 });
			expect(Date.now() - started).toBeGreaterThanOrEqual(900);
			expect(outcome).toEqual({ finished: [], released: [tasks[0].taskId, tasks[1].taskId], lost: [] });
			expect(await dm.getQueueStatus()).toMatchObject({ active: 0, queued: 3 });
			for (const task of tasks) expect(await dm.getTask(task.taskId)).toMatchObject({ status: 'queued', attempts: 0 });
			expect(processesMatching('/alias/20000/video-360.mp4/stop-')).toEqual([]);
			expect(outputFiles()).toEqual([]);
			// Started again, the worker downloads them.
			await dm.startQueue();
			await until(() => outputFiles().some((f) => f.endsWith('.part')), 'restarted');
			await dm.stopQueue({ wait: false });
		},
		TIMEOUT,
	);

	it.each([
		['percent', { percent: 100 }],
		['bytes', { bytes: 2 ** 60 }],
	])(
		'the disk guard (%s) leaves a task queued with the reason and downloads nothing',
		async (_label, diskMinimum) => {
			const dm = manager({ diskMinimum });
			const task = await dm.addDownload(alias('disk'));
			await dm.startQueue();
			await until(async () => !!(await dm.getTask(task.taskId))?.waitReason, 'the wait reason');
			await sleep(1000);
			// The worker looks again every poll (claim, check, release): stop it to read a settled state.
			await dm.stopQueue();
			const stored = (await dm.getTask(task.taskId))!;
			expect(stored).toMatchObject({ status: 'queued', attempts: 0 });
			expect(stored.waitReason).toMatch(new RegExp(`^waiting for disk space: \\d.* free in ${out()}, \\d.* required$`));
			expect(requestsFor('/alias/')).toEqual([]);
			expect(outputFiles()).toEqual([]);
			expect((await dm.getQueueStatus()).freeDisk).toMatchObject({ path: out() });
		},
		TIMEOUT,
	);

	it(
		'adding a URL that is queued or running returns that task; once it is done, a new one is queued',
		async () => {
			const dm = manager();
			const url = alias('dedupe', 96_000);
			const first = await dm.addDownload(url, { config: { quality: 'best' } });
			expect((await dm.addDownload(url, { config: { quality: 'best' } })).taskId).toBe(first.taskId);
			await dm.startQueue();
			await until(async () => (await statusOf(dm, first)) === 'active', 'running');
			expect((await dm.addDownload(url, { config: { quality: 'best' } })).taskId).toBe(first.taskId);
			await until(async () => (await statusOf(dm, first)) === 'completed', 'completed');
			await dm.stopQueue();
			expect(requestsFor('/dedupe.mp4').filter((r) => r.method === 'GET').length).toBeGreaterThanOrEqual(1);
			expect(await dm.getAllTasks()).toHaveLength(1);
			const again = await dm.addDownload(url, { config: { quality: 'best' } });
			expect(again.taskId).not.toBe(first.taskId);
			expect(await dm.getAllTasks()).toHaveLength(2);
		},
		TIMEOUT,
	);

	it(
		'runQueued runs up to N tasks now and leaves no worker behind',
		async () => {
			const dm = manager();
			for (const n of [1, 2, 3]) await dm.addDownload(alias(`batch-${n}`));
			const tasks = await dm.runQueued({ limit: 2, concurrency: 2 });
			expect(tasks.map((t) => t.status)).toEqual(['completed', 'completed']);
			expect(tasks.map((t) => path.basename(t.result!.files[0].localPath!))).toEqual(['batch-1 [batch-1].mp4', 'batch-2 [batch-2].mp4']);
			expect(dm.isRunning()).toBe(false);
			expect(await dm.getQueueStatus()).toMatchObject({ active: 0, queued: 1, completed: 2 });
			expect(processesMatching('/alias/0/video-360.mp4/batch-')).toEqual([]);
		},
		TIMEOUT,
	);
});
