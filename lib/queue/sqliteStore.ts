import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';

import { MediaError } from '../errors';
import { DEFAULT_QUEUE_NAME } from './stores';
import { taskDedupeKey } from './taskKey';
import type {
	AddOutcome, ClaimedTask, ListOptions, NewTask, QueueCounts, QueueStore, RenewOutcome, Task, TaskError, TaskProgress, TaskResult, TaskStatus,
} from './types';

export interface SqliteStoreOptions {
	file: string;
	queue?: string;
	/** how long a write waits for another process's transaction before failing */
	busyTimeoutMs?: number;
}

/**
 * Schema migrations, index = version - 1; `PRAGMA user_version` records how many ran. Fields that queries
 * filter or sort on are columns; the rest of a task is the JSON in `data`.
 */
const MIGRATIONS: readonly string[] = [
	`CREATE TABLE queues (name TEXT PRIMARY KEY, paused INTEGER NOT NULL DEFAULT 0);
	CREATE TABLE tasks (
		seq INTEGER PRIMARY KEY,
		task_id TEXT NOT NULL UNIQUE,
		queue TEXT NOT NULL,
		status TEXT NOT NULL,
		priority INTEGER NOT NULL,
		created_at INTEGER NOT NULL,
		dedupe_key TEXT NOT NULL,
		lease_worker TEXT,
		lease_token TEXT,
		lease_expires_at INTEGER,
		cancel_requested INTEGER NOT NULL DEFAULT 0,
		data TEXT NOT NULL
	);
	CREATE INDEX tasks_claim ON tasks (queue, status, priority DESC, seq);
	CREATE INDEX tasks_dedupe ON tasks (queue, dedupe_key, status);`,
];

interface TaskRow {
	task_id: string;
	queue: string;
	status: TaskStatus;
	priority: number;
	created_at: number;
	dedupe_key: string;
	lease_worker: string | null;
	lease_token: string | null;
	lease_expires_at: number | null;
	cancel_requested: number;
	data: string;
}

/** The part of a task kept as JSON: everything without a column. */
type TaskData = Omit<Task, 'taskId' | 'queue' | 'status' | 'priority' | 'createdAt' | 'dedupeKey' | 'lease' | 'cancelRequested'>;

const UPSERT = `INSERT INTO tasks (task_id, queue, status, priority, created_at, dedupe_key, lease_worker, lease_token, lease_expires_at, cancel_requested, data)
	VALUES (:task_id, :queue, :status, :priority, :created_at, :dedupe_key, :lease_worker, :lease_token, :lease_expires_at, :cancel_requested, :data)
	ON CONFLICT (task_id) DO UPDATE SET queue = excluded.queue, status = excluded.status, priority = excluded.priority,
		created_at = excluded.created_at, dedupe_key = excluded.dedupe_key, lease_worker = excluded.lease_worker,
		lease_token = excluded.lease_token, lease_expires_at = excluded.lease_expires_at,
		cancel_requested = excluded.cancel_requested, data = excluded.data`;

function rowToTask(row: TaskRow): Task {
	const data = JSON.parse(row.data) as TaskData;
	const task: Task = {
		...data,
		taskId: row.task_id,
		queue: row.queue,
		status: row.status,
		priority: row.priority,
		dedupeKey: row.dedupe_key,
		createdAt: row.created_at,
	};
	if (row.lease_worker !== null && row.lease_expires_at !== null)
		task.lease = { workerId: row.lease_worker, expiresAt: row.lease_expires_at };
	if (row.cancel_requested) task.cancelRequested = true;
	return task;
}

function taskToRow(task: Task, token: string | null): TaskRow {
	const { taskId, queue, status, priority, createdAt, dedupeKey, lease, cancelRequested, ...data } = task;
	return {
		task_id: taskId,
		queue,
		status,
		priority,
		created_at: createdAt,
		dedupe_key: dedupeKey,
		lease_worker: lease?.workerId ?? null,
		lease_token: lease ? token : null,
		lease_expires_at: lease?.expiresAt ?? null,
		cancel_requested: cancelRequested ? 1 : 0,
		data: JSON.stringify(data),
	};
}

/** A task leaves its worker: no lease, no pending cancel. */
function withoutLease(task: Task, status: TaskStatus): Task {
	const next: Task = { ...task, status };
	delete next.lease;
	delete next.cancelRequested;
	return next;
}

/**
 * The default store: one SQLite file (WAL) shared by the processes of one machine. Every state change is
 * one `BEGIN IMMEDIATE` transaction, so concurrent writers queue up on the busy timeout instead of failing.
 */
export class SqliteStore implements QueueStore {
	readonly kind = 'sqlite' as const;
	readonly queue: string;
	private readonly db: DatabaseSync;
	private readonly statements = new Map<string, StatementSync>();

	constructor(options: SqliteStoreOptions) {
		this.queue = options.queue ?? DEFAULT_QUEUE_NAME;
		mkdirSync(path.dirname(options.file), { recursive: true });
		this.db = new DatabaseSync(options.file, { timeout: options.busyTimeoutMs ?? 10_000 });
		try {
			this.db.exec('PRAGMA journal_mode = WAL');
			// In WAL mode NORMAL loses no data on a process crash, only possibly the last commits on power loss.
			this.db.exec('PRAGMA synchronous = NORMAL');
			this.migrate(options.file);
		} catch (error) {
			this.db.close();
			throw error;
		}
	}

	private migrate(file: string): void {
		this.transaction(() => {
			const { user_version: version } = this.db.prepare('PRAGMA user_version').get() as { user_version: number };
			if (version > MIGRATIONS.length)
				throw new MediaError('InvalidInput', `The queue file ${file} has schema version ${version}; this package knows up to ${MIGRATIONS.length}.`, {
					hint: 'A newer version of the package wrote it: update the package, or use another queue file (DOWNLOAD_QUEUE_FILE).',
				});
			for (let next = version; next < MIGRATIONS.length; next++) this.db.exec(MIGRATIONS[next]);
			if (version < MIGRATIONS.length) this.db.exec(`PRAGMA user_version = ${MIGRATIONS.length}`);
		});
	}

	private sql(text: string): StatementSync {
		let statement = this.statements.get(text);
		if (!statement) {
			statement = this.db.prepare(text);
			this.statements.set(text, statement);
		}
		return statement;
	}

	/** IMMEDIATE takes the write lock up front: two processes cannot both read, then both fail to upgrade. */
	private transaction<T>(work: () => T): T {
		this.db.exec('BEGIN IMMEDIATE');
		try {
			const result = work();
			this.db.exec('COMMIT');
			return result;
		} catch (error) {
			if (this.db.isTransaction) this.db.exec('ROLLBACK');
			throw error;
		}
	}

	private row(taskId: string): TaskRow | undefined {
		return this.sql('SELECT * FROM tasks WHERE task_id = ? AND queue = ?').get(taskId, this.queue) as TaskRow | undefined;
	}

	private write(task: Task, token: string | null = null): void {
		this.sql(UPSERT).run(taskToRow(task, token) as unknown as Record<string, SQLInputValue>);
	}

	/** The task when `token` still holds its lease (call inside a transaction). */
	private leased(taskId: string, token: string): Task | null {
		const row = this.row(taskId);
		return row && row.status === 'active' && row.lease_token === token ? rowToTask(row) : null;
	}

	/** Writes `change(task)` when `token` holds the task's lease; false (nothing written) otherwise. */
	private withLease(taskId: string, token: string, change: (task: Task) => Task): boolean {
		return this.transaction(() => {
			const task = this.leased(taskId, token);
			if (!task) return false;
			const next = change(task);
			this.write(next, next.lease ? token : null);
			return true;
		});
	}

	async add(tasks: NewTask[]): Promise<AddOutcome[]> {
		return tasks.map((input) =>
			this.transaction(() => {
				const dedupeKey = taskDedupeKey(input);
				const existing = this.sql(
					"SELECT * FROM tasks WHERE queue = ? AND dedupe_key = ? AND status IN ('queued', 'active') ORDER BY seq LIMIT 1",
				).get(this.queue, dedupeKey) as TaskRow | undefined;
				if (existing) return { task: rowToTask(existing), added: false };
				const task: Task = {
					taskId: randomUUID(),
					queue: this.queue,
					url: input.url,
					status: 'queued',
					priority: input.priority ?? 0,
					config: input.config ?? {},
					preset: input.preset,
					dedupeKey,
					createdAt: Date.now(),
					attempts: 0,
				};
				this.write(task);
				return { task: rowToTask(this.row(task.taskId)!), added: true };
			}),
		);
	}

	async claim(workerId: string, leaseMs: number): Promise<ClaimedTask | null> {
		return this.transaction(() => {
			const now = Date.now();
			const expired = this.sql("SELECT * FROM tasks WHERE queue = ? AND status = 'active' AND lease_expires_at <= ?").all(this.queue, now) as unknown as TaskRow[];
			for (const row of expired) {
				const task = rowToTask(row);
				this.write(task.cancelRequested ? { ...withoutLease(task, 'cancelled'), completedAt: now } : withoutLease(task, 'queued'));
			}
			if (this.paused()) return null;
			const row = this.sql("SELECT * FROM tasks WHERE queue = ? AND status = 'queued' ORDER BY priority DESC, seq LIMIT 1").get(this.queue) as TaskRow | undefined;
			if (!row) return null;
			const queued = rowToTask(row);
			const task: Task = { ...queued, status: 'active', startedAt: now, attempts: queued.attempts + 1, lease: { workerId, expiresAt: now + leaseMs } };
			delete task.waitReason;
			const token = randomUUID();
			this.write(task, token);
			return { task, token };
		});
	}

	async renew(taskId: string, token: string, leaseMs: number): Promise<RenewOutcome> {
		return this.transaction(() => {
			const task = this.leased(taskId, token);
			if (!task) return 'lost';
			this.write({ ...task, lease: { workerId: task.lease!.workerId, expiresAt: Date.now() + leaseMs } }, token);
			return task.cancelRequested ? 'cancelled' : 'ok';
		});
	}

	async saveProgress(taskId: string, token: string, progress: TaskProgress): Promise<boolean> {
		return this.withLease(taskId, token, (task) => ({ ...task, progress }));
	}

	async complete(taskId: string, token: string, result: TaskResult): Promise<boolean> {
		return this.withLease(taskId, token, (task) => ({ ...withoutLease(task, 'completed'), result, completedAt: Date.now() }));
	}

	async fail(taskId: string, token: string, error: TaskError): Promise<boolean> {
		return this.withLease(taskId, token, (task) => ({ ...withoutLease(task, 'failed'), lastError: error, completedAt: Date.now() }));
	}

	async release(taskId: string, token: string, waitReason?: string): Promise<boolean> {
		// The claim counted an attempt that never ran to an end: take it back.
		return this.withLease(taskId, token, (task) => ({ ...withoutLease(task, 'queued'), attempts: Math.max(0, task.attempts - 1), waitReason }));
	}

	async settleCancelled(taskId: string, token: string): Promise<boolean> {
		return this.withLease(taskId, token, (task) => ({ ...withoutLease(task, 'cancelled'), completedAt: Date.now() }));
	}

	async cancel(taskId: string): Promise<Task | null> {
		return this.transaction(() => {
			const row = this.row(taskId);
			if (!row) return null;
			let task = rowToTask(row);
			if (task.status === 'queued') task = { ...task, status: 'cancelled', completedAt: Date.now() };
			else if (task.status === 'active') task = { ...task, cancelRequested: true };
			else return task;
			this.write(task, row.lease_token);
			return task;
		});
	}

	async retry(taskId: string): Promise<Task | null> {
		return this.transaction(() => {
			const row = this.row(taskId);
			if (!row || (row.status !== 'failed' && row.status !== 'cancelled')) return null;
			const task = withoutLease(rowToTask(row), 'queued');
			delete task.completedAt;
			this.write(task);
			return task;
		});
	}

	async get(taskId: string): Promise<Task | null> {
		const row = this.row(taskId);
		return row ? rowToTask(row) : null;
	}

	async list(status?: TaskStatus, options: ListOptions = {}): Promise<Task[]> {
		const page = [options.limit ?? -1, options.offset ?? 0];
		const rows = status
			? this.sql(`SELECT * FROM tasks WHERE queue = ? AND status = ? ORDER BY ${status === 'queued' ? 'priority DESC, seq' : 'created_at, seq'} LIMIT ? OFFSET ?`).all(this.queue, status, ...page)
			: this.sql('SELECT * FROM tasks WHERE queue = ? ORDER BY created_at, seq LIMIT ? OFFSET ?').all(this.queue, ...page);
		return (rows as unknown as TaskRow[]).map(rowToTask);
	}

	async counts(): Promise<QueueCounts> {
		const counts: QueueCounts = { active: 0, queued: 0, completed: 0, failed: 0, cancelled: 0, paused: 0 };
		const rows = this.sql(
			'SELECT status, COUNT(*) AS n, (SELECT paused FROM queues WHERE name = ?1) AS paused FROM tasks WHERE queue = ?1 GROUP BY status',
		).all(this.queue) as Array<{ status: TaskStatus; n: number; paused: number | null }>;
		for (const { status, n, paused } of rows) counts[status === 'queued' && paused ? 'paused' : status] = n;
		return counts;
	}

	async finishedSince(sinceMs: number, limit = 1000): Promise<Task[]> {
		const rows = this.sql(
			`SELECT * FROM tasks WHERE queue = ? AND status IN ('completed', 'failed', 'cancelled') AND json_extract(data, '$.completedAt') >= ?
			ORDER BY json_extract(data, '$.completedAt'), seq LIMIT ?`,
		).all(this.queue, sinceMs, limit);
		return (rows as unknown as TaskRow[]).map(rowToTask);
	}

	async clear(status: 'completed' | 'failed' | 'cancelled'): Promise<number> {
		return this.transaction(() => Number(this.sql('DELETE FROM tasks WHERE queue = ? AND status = ?').run(this.queue, status).changes));
	}

	async setWaitReason(taskId: string, waitReason: string | undefined): Promise<boolean> {
		return this.transaction(() => {
			const row = this.row(taskId);
			if (!row || row.status !== 'queued') return false;
			this.write({ ...rowToTask(row), waitReason });
			return true;
		});
	}

	private paused(): boolean {
		const row = this.sql('SELECT paused FROM queues WHERE name = ?').get(this.queue) as { paused: number } | undefined;
		return Boolean(row?.paused);
	}

	private setPaused(paused: boolean): void {
		this.transaction(() =>
			this.sql('INSERT INTO queues (name, paused) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET paused = excluded.paused').run(this.queue, paused ? 1 : 0),
		);
	}

	async pause(): Promise<void> {
		this.setPaused(true);
	}

	async resume(): Promise<void> {
		this.setPaused(false);
	}

	async isPaused(): Promise<boolean> {
		return this.paused();
	}

	async exportTasks(): Promise<Task[]> {
		return (this.sql('SELECT * FROM tasks WHERE queue = ? ORDER BY seq').all(this.queue) as unknown as TaskRow[]).map(rowToTask);
	}

	async importTasks(tasks: Task[]): Promise<number> {
		return this.transaction(() => {
			for (const task of tasks) {
				// A backup's lease belongs to a worker that is gone; the task waits for a new one.
				const restored = task.status === 'active' ? withoutLease(task, 'queued') : withoutLease(task, task.status);
				this.write({ ...restored, queue: this.queue, dedupeKey: taskDedupeKey(restored) });
			}
			return tasks.length;
		});
	}

	async remove(taskIds: string[]): Promise<number> {
		return this.transaction(() => {
			let removed = 0;
			for (const taskId of taskIds) removed += Number(this.sql('DELETE FROM tasks WHERE task_id = ? AND queue = ?').run(taskId, this.queue).changes);
			return removed;
		});
	}

	async close(): Promise<void> {
		if (this.db.isOpen) this.db.close();
	}
}
