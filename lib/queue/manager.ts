import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';

import { envMaxConcurrent, type DownloadOptions } from '../config';
import { downloadMedia, type DownloadCallOptions } from '../download/download';
import { MediaError } from '../errors';
import { expandHome } from '../home';
import { createBackup, DEFAULT_BACKUP_KEEP, restoreFromBackup, startBackupTimer, type BackupTimer, type RestoreReport } from './backups';
import { runQueuedTasks, type RunQueuedOptions } from './batch';
import { diskSpace, type DiskMinimum } from './diskGuard';
import { estimateCompletion } from './eta';
import { asError, type QueueEventMap, type QueueEventName, type QueueEventSink } from './events';
import type { AddDownloadOptions, DownloadManagerOptions, QueueStatus, StopQueueOptions } from './managerOptions';
import { stopRuns, type StopOutcome } from './stopRuns';
import { defaultBackupDirFor, isStore, storeLocation } from './storeLocation';
import { openStore, type StoreSpec } from './stores';
import { exportQueueSummary, type QueueSummary } from './summary';
import { checkTaskConfig, taskCallOptions, taskOutputDir, type QueueTaskConfig, type TaskCallBase } from './taskOptions';
import { authSecrets } from './taskResult';
import type { DownloadFn, TaskRun } from './taskRun';
import type { AddOutcome, ListOptions, NewTask, QueueStore, Task, TaskConfig, TaskStatus } from './types';
import { QueueWorker, type WorkerDeps } from './worker';

export type { AddDownloadOptions, DownloadManagerOptions, QueueStatus, StopOutcome, StopQueueOptions };

type Callback<K extends QueueEventName> = (...args: QueueEventMap[K]) => void;

/** Durations of this many recent tasks feed the estimate. */
const RECENT_TASKS = 20;

/**
 * The spec's DownloadManager on a persistent store: tasks are added by any process (n8n executions, the
 * service), leased by workers, and run with the same download code as Download Media. Methods are async
 * because the store is; it is opened on first use.
 */
export class DownloadManager extends EventEmitter<QueueEventMap> {
	readonly maxConcurrent: number;
	readonly defaultOutputDir: string;
	readonly leaseMs: number;
	readonly pollMs: number;
	readonly workerId: string;
	/** where createBackup writes and restoreFromBackup looks */
	readonly backupDir: string;
	private readonly backupKeep: number;
	private readonly backupIntervalMinutes: number;
	private backupTimer?: BackupTimer;
	private readonly storeOption: QueueStore | StoreSpec;
	private store?: Promise<QueueStore>;
	private readonly diskMinimum?: DiskMinimum;
	private readonly downloadOptions: Partial<DownloadCallOptions>;
	private readonly download: DownloadFn;
	private defaultConfig: TaskConfig;
	private readonly runs = new Map<string, TaskRun>();
	private worker?: QueueWorker;
	/** counts stopQueue calls: a start that began before one does not start a worker after it */
	private stops = 0;
	private readonly batchHalts = new Set<AbortController>();
	private readonly callbacks: { progress?: Callback<'progress'>; completed?: Callback<'completed'>; failed?: Callback<'failed'> } = {};
	private readonly recentDurations: number[] = [];

	constructor(options: DownloadManagerOptions = {}) {
		super();
		this.maxConcurrent = Math.max(1, Math.floor(options.maxConcurrent ?? envMaxConcurrent()));
		const outputDir = options.defaultOutputDir ?? (process.env.DOWNLOAD_OUTPUT_DIR?.trim() || './downloads');
		this.defaultOutputDir = path.resolve(expandHome(outputDir));
		this.leaseMs = Math.max(1, options.leaseSeconds ?? 30) * 1000;
		this.pollMs = Math.max(10, options.pollMs ?? 1000);
		this.workerId = options.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
		this.storeOption = storeLocation(options);
		this.backupDir = options.backupDir ?? defaultBackupDirFor(this.storeOption);
		this.backupKeep = options.backupKeep ?? DEFAULT_BACKUP_KEEP;
		this.backupIntervalMinutes = options.backupIntervalMinutes ?? 0;
		this.diskMinimum = options.diskMinimum;
		this.downloadOptions = { ...options.downloadOptions };
		this.download = options.download ?? downloadMedia;
		this.defaultConfig = { ...(options.defaultConfig as TaskConfig | undefined) };
	}

	/** The store, opened on first use. */
	async getStore(): Promise<QueueStore> {
		if (!this.store) {
			const option = this.storeOption;
			this.store = isStore(option) ? Promise.resolve(option) : openStore(option);
			// A store that failed to open is tried again on the next call.
			this.store.catch(() => (this.store = undefined));
		}
		return this.store;
	}

	/** Stops the worker (running tasks go back to queued at once) and closes a store the manager opened. */
	async close(): Promise<void> {
		await this.stopQueue({ wait: false });
		if (this.store && !isStore(this.storeOption)) await (await this.store).close();
		this.store = undefined;
	}

	/** Options under every task's own config; not stored in tasks (the worker that runs them applies its own). */
	setDefaultConfig(config: QueueTaskConfig | DownloadOptions): void {
		this.defaultConfig = { ...(config as TaskConfig) };
	}

	/** Queues a download; an equal one (same URL, config and preset) still queued or running is returned instead. */
	async addDownload(url: string, options: AddDownloadOptions = {}): Promise<Task> {
		const [outcome] = await this.addDownloads([{ url, ...options }]);
		return outcome.task;
	}

	/** Queues several downloads in order; each outcome says whether it was added or an equal task came back. */
	async addDownloads(list: Array<string | (AddDownloadOptions & { url: string })>): Promise<AddOutcome[]> {
		const base = this.callBase();
		const tasks: NewTask[] = list.map((item) => {
			const { url, priority, config, preset } = typeof item === 'string' ? { url: item } : item;
			if (typeof url !== 'string' || url.trim() === '') throw new MediaError('InvalidInput', 'A download needs a URL');
			if (priority !== undefined && !Number.isFinite(priority)) throw new MediaError('InvalidInput', `Priority must be a number, got "${String(priority)}"`);
			const clean = checkTaskConfig(config as TaskConfig | undefined, preset, base);
			return { url: url.trim(), priority, config: clean, ...(preset ? { preset } : {}) };
		});
		return (await this.getStore()).add(tasks);
	}

	/** Starts the background worker: it runs queued tasks until stopQueue or close. */
	async startQueue(): Promise<void> {
		const stops = this.stops;
		const deps = await this.workerDeps();
		// A stopQueue called while the store was opening wins.
		if (stops !== this.stops || this.worker?.isRunning) return;
		this.worker = new QueueWorker(deps, this.maxConcurrent);
		this.worker.start();
		if (this.backupIntervalMinutes > 0 && !this.backupTimer)
			this.backupTimer = startBackupTimer(deps.store, {
				dir: this.backupDir,
				keep: this.backupKeep,
				intervalMinutes: this.backupIntervalMinutes,
				onError: (error) => this.notify('workerError', error),
			});
	}

	/** Whether the background worker is taking tasks. */
	isRunning(): boolean {
		return this.worker?.isRunning ?? false;
	}

	/**
	 * Takes no new tasks, waits up to `timeout` seconds for the running ones (not at all with wait: false),
	 * then stops the rest and returns them to queued.
	 */
	async stopQueue(options: StopQueueOptions = {}): Promise<StopOutcome> {
		const { wait = true, timeout = 30 } = options;
		this.stops++;
		const worker = this.worker;
		this.worker = undefined;
		for (const halt of this.batchHalts) halt.abort();
		const timer = this.backupTimer;
		this.backupTimer = undefined;
		await Promise.all([worker?.halt(), timer?.stop()]);
		return stopRuns([...this.runs.values()], wait ? Math.max(0, timeout) * 1000 : 0);
	}

	/**
	 * Runs up to `limit` queued tasks now, `concurrency` at a time, and resolves with their final tasks
	 * when all ended; no loop is left running. Aborting `signal` stops them and returns them to queued.
	 */
	async runQueued(options: RunQueuedOptions = {}): Promise<Task[]> {
		const deps = await this.workerDeps();
		const halt = new AbortController();
		this.batchHalts.add(halt);
		try {
			const finished = await runQueuedTasks(deps, {
				limit: options.limit ?? Infinity,
				concurrency: options.concurrency ?? this.maxConcurrent,
				signal: options.signal,
				halt: halt.signal,
			});
			return finished.map((run) => run.task).filter((task): task is Task => task !== null);
		} finally {
			this.batchHalts.delete(halt);
		}
	}

	/** Pauses the queue for every worker: none starts another task (within one poll); running ones go on. */
	async pauseQueue(): Promise<void> {
		await (await this.getStore()).pause();
	}

	async resumeQueue(): Promise<void> {
		await (await this.getStore()).resume();
	}

	async isPaused(): Promise<boolean> {
		return (await this.getStore()).isPaused();
	}

	/**
	 * Cancels a task. Queued: cancelled at once. Running here: its processes are stopped and its own
	 * partial files removed before this resolves. Running in another worker: that worker stops it
	 * within a third of the lease time. Null when unknown.
	 */
	async cancelDownload(taskId: string): Promise<Task | null> {
		const store = await this.getStore();
		const task = await store.cancel(taskId);
		const run = this.runs.get(taskId);
		if (!task || !run) return task;
		run.stop('cancel');
		await run.done;
		return store.get(taskId);
	}

	/** A failed or cancelled task back to queued; null when unknown or in another state. */
	async retryDownload(taskId: string): Promise<Task | null> {
		return (await this.getStore()).retry(taskId);
	}

	/** Every failed task back to queued; returns them. */
	async retryAllFailed(): Promise<Task[]> {
		const store = await this.getStore();
		const retried: Task[] = [];
		for (const task of await store.list('failed')) {
			const again = await store.retry(task.taskId);
			if (again) retried.push(again);
		}
		return retried;
	}

	async getTask(taskId: string): Promise<Task | null> {
		const task = await (await this.getStore()).get(taskId);
		return task && this.withLiveProgress(task);
	}

	async getTasksByStatus(status: TaskStatus, options?: ListOptions): Promise<Task[]> {
		return (await (await this.getStore()).list(status, options)).map((task) => this.withLiveProgress(task));
	}

	async getAllTasks(options?: ListOptions): Promise<Task[]> {
		return (await (await this.getStore()).list(undefined, options)).map((task) => this.withLiveProgress(task));
	}

	/** Removes the completed tasks; returns how many. */
	async clearCompletedTasks(): Promise<number> {
		return (await this.getStore()).clear('completed');
	}

	/** Tasks by status (waiting tasks count as paused while the queue is), whether it is paused, and free disk space. */
	async getQueueStatus(): Promise<QueueStatus> {
		const store = await this.getStore();
		const [counts, isPaused, freeDisk] = await Promise.all([store.counts(), store.isPaused(), diskSpace(this.defaultOutputDir).catch(() => null)]);
		return { ...counts, isPaused, freeDisk };
	}

	/** Running tasks of every worker, with their progress. */
	async getActiveDownloads(): Promise<Task[]> {
		return this.getTasksByStatus('active');
	}

	async hasActiveDownloads(): Promise<boolean> {
		return (await (await this.getStore()).counts()).active > 0;
	}

	/** Whether tasks wait to start (also while the queue is paused). */
	async hasQueuedDownloads(): Promise<boolean> {
		const counts = await (await this.getStore()).counts();
		return counts.queued + counts.paused > 0;
	}

	/**
	 * Seconds until the queue is empty (see eta.ts: running tasks' own ETA, then the average duration of
	 * recent tasks for each queued one, shared by maxConcurrent slots); null when it cannot be told.
	 */
	async estimateCompletion(): Promise<number | null> {
		const store = await this.getStore();
		const [counts, active] = await Promise.all([store.counts(), this.getActiveDownloads()]);
		return estimateCompletion({
			active,
			queued: counts.queued,
			pausedWaiting: counts.paused,
			recentDurationsMs: await this.recentDurationsMs(store, counts.completed),
			maxConcurrent: this.maxConcurrent,
		});
	}

	/** Writes a timestamped JSON backup of every task into backupDir, keeping the newest backupKeep; returns the file. */
	async createBackup(): Promise<string> {
		return createBackup(await this.getStore(), { dir: this.backupDir, keep: this.backupKeep });
	}

	/**
	 * Puts a backup's tasks back (the latest in backupDir, or `file`); tasks added since the backup are kept
	 * unless `replace`, and the report lists every task that did not come back as it is now.
	 */
	async restoreFromBackup(file?: string, options: { replace?: boolean } = {}): Promise<RestoreReport> {
		return restoreFromBackup(await this.getStore(), { dir: this.backupDir, file, replace: options.replace });
	}

	/** The spec's export_queue_summary: totals, by status, by source domain, bytes and every task, written to `file` as JSON. */
	async exportQueueSummary(file: string): Promise<QueueSummary> {
		return exportQueueSummary(await this.getStore(), file);
	}

	setProgressCallback(callback: Callback<'progress'> | undefined): void {
		this.callbacks.progress = callback;
	}

	setCompletionCallback(callback: Callback<'completed'> | undefined): void {
		this.callbacks.completed = callback;
	}

	setErrorCallback(callback: Callback<'failed'> | undefined): void {
		this.callbacks.failed = callback;
	}

	/** What this manager learnt itself, else the most recently added completed tasks of the store. */
	private async recentDurationsMs(store: QueueStore, completed: number): Promise<number[]> {
		if (this.recentDurations.length > 0 || completed === 0) return this.recentDurations;
		const tasks = await store.list('completed', { offset: Math.max(0, completed - RECENT_TASKS), limit: RECENT_TASKS });
		return tasks.filter((t) => t.startedAt && t.completedAt).map((t) => t.completedAt! - t.startedAt!);
	}

	private withLiveProgress(task: Task): Task {
		const run = task.status === 'active' ? this.runs.get(task.taskId) : undefined;
		return run?.progress ? { ...task, progress: run.progress } : task;
	}

	private callBase(): TaskCallBase {
		return { defaultConfig: this.defaultConfig, defaultOutputDir: this.defaultOutputDir, downloadOptions: this.downloadOptions };
	}

	private async workerDeps(): Promise<WorkerDeps> {
		const store = await this.getStore();
		return {
			store,
			workerId: this.workerId,
			leaseMs: this.leaseMs,
			pollMs: this.pollMs,
			diskMinimum: this.diskMinimum,
			runs: this.runs,
			download: this.download,
			// Read at each task start, so setDefaultConfig applies to the tasks that start after it.
			callOptions: (task) => taskCallOptions(task, this.callBase()),
			outputDirOf: (task) => taskOutputDir(task, this.callBase()),
			emit: this.notify,
			secrets: [...authSecrets(this.downloadOptions.auth), ...(typeof this.defaultConfig.cookies === 'string' ? [this.defaultConfig.cookies] : [])],
		};
	}

	/** Calls the callback and the listeners of an event; one that throws does not stop the worker. */
	private readonly notify: QueueEventSink = (name, ...args) => {
		try {
			if (name === 'completed') this.recordDuration(args[2] as Task);
			const callback = (this.callbacks as Record<string, ((...a: unknown[]) => void) | undefined>)[name];
			callback?.(...args);
			(this.emit as (event: string, ...a: unknown[]) => boolean)(name, ...args);
		} catch (error) {
			if (name !== 'workerError') this.notify('workerError', asError(error));
		}
	};

	private recordDuration(task: Task): void {
		if (!task.startedAt || !task.completedAt) return;
		this.recentDurations.push(task.completedAt - task.startedAt);
		if (this.recentDurations.length > RECENT_TASKS) this.recentDurations.shift();
	}
}
