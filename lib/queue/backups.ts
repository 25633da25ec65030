import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { TASK_STATUSES, type QueueStore, type Task } from './types';

/** Marks our backup files: a restore refuses any JSON that does not carry it. */
export const BACKUP_FORMAT = 'n8n-nodes-media-downloader/queue-backup';
/** Bumped when the file's shape changes; a restore refuses versions newer than it knows. */
export const BACKUP_VERSION = 1;
/** The spec's automatic backups: every 30 minutes, the last 10 kept. */
export const DEFAULT_BACKUP_INTERVAL_MINUTES = 30;
export const DEFAULT_BACKUP_KEEP = 10;

const BACKUP_NAME = /^queue_backup_\d{8}_\d{6}_\d{3}\.json$/;

export interface QueueBackup {
	format: typeof BACKUP_FORMAT;
	version: number;
	/** the named queue the tasks belong to */
	queue: string;
	/** ISO time the backup was taken */
	createdAt: string;
	tasks: Task[];
}

export interface BackupOptions {
	/** folder of the backups (see defaultBackupDir) */
	dir: string;
	/** backups kept after this one is written, oldest removed first; default 10 */
	keep?: number;
	/** the backup's time (tests); default now */
	now?: Date;
}

export interface RestoreOptions {
	/** folder searched for the latest backup when no file is given */
	dir: string;
	/** a backup file; default the latest in `dir` */
	file?: string;
	/** remove the tasks that are in the queue now but not in the backup (default: keep them and report them) */
	replace?: boolean;
}

/**
 * What a restore did. Tasks are restored by id; nothing leaves the queue unless `replace` was asked,
 * and every task the backup did not put back as it is now is listed here.
 */
export interface RestoreReport {
	file: string;
	queue: string;
	/** when the backup was taken (ISO) */
	backupCreatedAt: string;
	/** tasks written from the backup */
	restored: number;
	/** tasks active in the backup, put back as queued (their worker is gone) */
	requeued: string[];
	/** tasks in the backup that are running now: left running, not overwritten */
	skippedActive: string[];
	/** tasks the backup would put back as queued while an equal task (same URL, config, preset) waits or runs now: not restored */
	skippedDuplicate: Array<{ taskId: string; existing: string }>;
	/** tasks in the backup whose status now differs from the backup's (they get the backup's state back) */
	statusChanged: Array<{ taskId: string; now: string; restoredAs: string }>;
	/** tasks in the queue now that the backup does not hold: kept (added since the backup) */
	keptSinceBackup: string[];
	/** tasks in the queue now that the backup does not hold: removed, only with `replace: true` */
	removed: string[];
}

/** The spec's place: a `backups` folder beside the queue file; queues other than `default` get a subfolder each. */
export function defaultBackupDir(queueFile: string, queue = 'default'): string {
	const dir = path.join(path.dirname(path.resolve(queueFile)), 'backups');
	return queue === 'default' ? dir : path.join(dir, queue.replace(/[^\w.-]/g, '_'));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `queue_backup_YYYYMMDD_HHMMSS_mmm.json` in UTC, so names sort in time order across DST changes. */
export function backupFileName(time: Date): string {
	const day = `${time.getUTCFullYear()}${pad(time.getUTCMonth() + 1)}${pad(time.getUTCDate())}`;
	const clock = `${pad(time.getUTCHours())}${pad(time.getUTCMinutes())}${pad(time.getUTCSeconds())}`;
	return `queue_backup_${day}_${clock}_${pad(time.getUTCMilliseconds(), 3)}.json`;
}

/** The time in a backup's name (UTC), the inverse of backupFileName. */
function backupTime(name: string): Date | undefined {
	const m = /^queue_backup_(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})_(\d{3})\.json$/.exec(name);
	if (!m) return undefined;
	const [year, month, day, hours, minutes, seconds, ms] = m.slice(1).map(Number);
	return new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds, ms));
}

/**
 * Writes JSON under a temporary name, flushes it, then moves it into place, so a reader never sees a
 * half-written file. With `overwrite: false` an existing file is never replaced (link fails instead).
 */
export async function writeJsonAtomic(file: string, value: unknown, options: { overwrite?: boolean } = {}): Promise<void> {
	await fs.mkdir(path.dirname(file), { recursive: true });
	const temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
	const handle = await fs.open(temp, 'wx');
	try {
		await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`);
		await handle.sync();
	} finally {
		await handle.close();
	}
	try {
		if (options.overwrite === false) await fs.link(temp, file);
		else await fs.rename(temp, file);
	} finally {
		await fs.rm(temp, { force: true });
	}
}

/** Backup files in `dir`, oldest first (full paths); none when the folder does not exist. */
export async function listBackups(dir: string): Promise<string[]> {
	const names = await fs.readdir(dir).catch((error: NodeJS.ErrnoException) => {
		if (error.code === 'ENOENT') return [] as string[];
		throw error;
	});
	return names
		.filter((name) => BACKUP_NAME.test(name))
		.sort()
		.map((name) => path.join(dir, name));
}

/** Removes all but the newest `keep` backups; returns the removed files. */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
	const files = await listBackups(dir);
	const old = files.slice(0, Math.max(0, files.length - keep));
	await Promise.all(old.map((file) => fs.rm(file, { force: true })));
	return old;
}

function checkKeep(keep: number): number {
	if (!Number.isInteger(keep) || keep < 1) throw new Error(`Backups to keep must be a whole number ≥ 1, got ${keep}.`);
	return keep;
}

/** Writes a timestamped backup of every task of the store's queue, then keeps the newest `keep`; returns the file. */
export async function createBackup(store: QueueStore, options: BackupOptions): Promise<string> {
	const keep = checkKeep(options.keep ?? DEFAULT_BACKUP_KEEP);
	const tasks = await store.exportTasks();
	// A new backup always sorts last, even when the clock went back: "latest" and pruning go by name.
	const newest = (await listBackups(options.dir)).at(-1);
	const after = newest ? backupTime(path.basename(newest)) : undefined;
	let time = options.now ?? new Date();
	if (after && time.getTime() <= after.getTime()) time = new Date(after.getTime() + 1);
	const backup: QueueBackup = { format: BACKUP_FORMAT, version: BACKUP_VERSION, queue: store.queue, createdAt: time.toISOString(), tasks };
	for (;;) {
		const file = path.join(options.dir, backupFileName(time));
		try {
			await writeJsonAtomic(file, backup, { overwrite: false });
			await pruneBackups(options.dir, keep);
			return file;
		} catch (error) {
			// Two backups in one millisecond: the later one takes the next free name.
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			time = new Date(time.getTime() + 1);
		}
	}
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first field of a task that is missing or of the wrong kind, or undefined when it looks right. */
function badTaskField(task: unknown): string | undefined {
	if (!isObject(task)) return 'the task is not an object';
	const checks: Array<[string, boolean]> = [
		['taskId', typeof task.taskId === 'string' && task.taskId !== ''],
		['url', typeof task.url === 'string' && task.url !== ''],
		['status', (TASK_STATUSES as readonly unknown[]).includes(task.status)],
		['priority', typeof task.priority === 'number' && Number.isFinite(task.priority)],
		['config', isObject(task.config)],
		['dedupeKey', typeof task.dedupeKey === 'string'],
		['createdAt', typeof task.createdAt === 'number' && Number.isFinite(task.createdAt)],
		['attempts', typeof task.attempts === 'number' && Number.isInteger(task.attempts) && task.attempts >= 0],
	];
	return checks.find(([, ok]) => !ok)?.[0];
}

/** Reads and checks a backup file; throws an error that names the file and what is wrong with it. */
export async function readBackup(file: string): Promise<QueueBackup> {
	const refuse = (why: string) => new Error(`${file} is not a queue backup this version can restore: ${why}. Nothing was changed.`);
	let data: unknown;
	try {
		data = JSON.parse(await fs.readFile(file, 'utf8'));
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw refuse(code === 'ENOENT' ? 'the file does not exist' : code ? `it cannot be read (${code})` : 'it is not valid JSON');
	}
	if (!isObject(data) || data.format !== BACKUP_FORMAT) throw refuse(`it has no "format": "${BACKUP_FORMAT}" (written by something else?)`);
	if (typeof data.version !== 'number' || !Number.isInteger(data.version) || data.version < 1) throw refuse('its "version" is missing');
	if (data.version > BACKUP_VERSION) throw refuse(`it is version ${data.version}, newer than ${BACKUP_VERSION} (written by a newer release)`);
	if (typeof data.queue !== 'string' || data.queue === '') throw refuse('its "queue" name is missing');
	if (typeof data.createdAt !== 'string' || Number.isNaN(Date.parse(data.createdAt))) throw refuse('its "createdAt" is not a time');
	if (!Array.isArray(data.tasks)) throw refuse('it has no "tasks" list');
	const ids = new Set<string>();
	for (const [index, task] of data.tasks.entries()) {
		const field = badTaskField(task);
		if (field) throw refuse(`task ${index + 1} has no valid "${field}"`);
		const id = (task as Task).taskId;
		if (ids.has(id)) throw refuse(`task id ${id} appears twice`);
		ids.add(id);
	}
	return data as unknown as QueueBackup;
}

/** A backed-up task as it comes back: one that was running has no worker any more, so it waits again. */
function asRestored(task: Task, queue: string): Task {
	const restored: Task = { ...task, queue };
	if (restored.status === 'active') {
		restored.status = 'queued';
		delete restored.lease;
		delete restored.progress;
		delete restored.startedAt;
		delete restored.cancelRequested;
	}
	return restored;
}

/**
 * Restores a backup (the latest in `dir`, or `file`) into the store's queue. The rule: tasks of the
 * backup are put back by id, except tasks running right now (left alone, reported as skippedActive);
 * tasks added since the backup are kept and reported as keptSinceBackup, or removed and reported as
 * removed with `replace: true`. The file is fully checked before anything changes.
 */
export async function restoreFromBackup(store: QueueStore, options: RestoreOptions): Promise<RestoreReport> {
	let file = options.file;
	if (!file) {
		file = (await listBackups(options.dir)).at(-1);
		if (!file) throw new Error(`No queue backups in ${options.dir}: nothing to restore.`);
	}
	const backup = await readBackup(file);
	if (backup.queue !== store.queue)
		throw new Error(`${file} is a backup of queue "${backup.queue}", not of queue "${store.queue}". Nothing was changed.`);

	const current = new Map((await store.exportTasks()).map((task) => [task.taskId, task]));
	const backupIds = new Set(backup.tasks.map((task) => task.taskId));
	const report: RestoreReport = {
		file: path.resolve(file),
		queue: store.queue,
		backupCreatedAt: backup.createdAt,
		restored: 0,
		requeued: [],
		skippedActive: [],
		skippedDuplicate: [],
		statusChanged: [],
		keptSinceBackup: [],
		removed: [],
	};

	const since = [...current.values()].filter((task) => !backupIds.has(task.taskId));
	// The queue never holds two equal tasks waiting: one added since the backup wins over the backup's copy.
	const staying = options.replace ? since.filter((task) => task.status === 'active') : since;
	const waitingSince = new Map(staying.filter((task) => task.status === 'queued' || task.status === 'active').map((task) => [task.dedupeKey, task.taskId]));
	const toWrite: Task[] = [];
	for (const task of backup.tasks) {
		const now = current.get(task.taskId);
		if (now?.status === 'active') {
			report.skippedActive.push(task.taskId);
			continue;
		}
		const restored = asRestored(task, store.queue);
		const existing = restored.status === 'queued' ? waitingSince.get(restored.dedupeKey) : undefined;
		if (existing) {
			report.skippedDuplicate.push({ taskId: task.taskId, existing });
			continue;
		}
		if (task.status === 'active') report.requeued.push(task.taskId);
		if (now && now.status !== restored.status) report.statusChanged.push({ taskId: task.taskId, now: now.status, restoredAs: restored.status });
		toWrite.push(restored);
	}
	if (options.replace) {
		const removable = since.filter((task) => task.status !== 'active').map((task) => task.taskId);
		// A task running now is never pulled from under its worker: it stays, and is reported as kept.
		report.keptSinceBackup = since.filter((task) => task.status === 'active').map((task) => task.taskId);
		if (removable.length) await store.remove(removable);
		report.removed = removable;
	} else {
		report.keptSinceBackup = since.map((task) => task.taskId);
	}
	if (toWrite.length) await store.importTasks(toWrite);
	report.restored = toWrite.length;
	return report;
}

export interface BackupTimerOptions extends Omit<BackupOptions, 'now'> {
	/** minutes between backups; default 30 */
	intervalMinutes?: number;
	onBackup?: (file: string) => void;
	onError?: (error: Error) => void;
}

export interface BackupTimer {
	/** Stops the timer and waits for a backup being written. */
	stop(): Promise<void>;
}

/** Writes a backup every `intervalMinutes` (first one after one interval); a slow backup is never overlapped. */
export function startBackupTimer(store: QueueStore, options: BackupTimerOptions): BackupTimer {
	const minutes = options.intervalMinutes ?? DEFAULT_BACKUP_INTERVAL_MINUTES;
	if (!(minutes > 0) || !Number.isFinite(minutes)) throw new Error(`The backup interval must be a number of minutes > 0, got ${minutes}.`);
	const keep = checkKeep(options.keep ?? DEFAULT_BACKUP_KEEP);
	let running: Promise<void> | undefined;
	const tick = () => {
		if (running) return;
		running = createBackup(store, { dir: options.dir, keep })
			.then((file) => options.onBackup?.(file))
			.catch((error: unknown) => options.onError?.(error instanceof Error ? error : new Error(String(error))))
			.finally(() => {
				running = undefined;
			});
	};
	const timer = setInterval(tick, minutes * 60_000);
	// Backups alone must not keep a process alive.
	timer.unref();
	return {
		async stop() {
			clearInterval(timer);
			await running;
		},
	};
}
