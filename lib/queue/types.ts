/**
 * The download queue's data model and the contract every store keeps (SQLite and Redis/BullMQ pass one
 * shared test suite against it). Everything here is JSON-safe: tasks go to backups and across processes.
 */

export type TaskStatus = 'queued' | 'active' | 'completed' | 'failed' | 'cancelled';
export const TASK_STATUSES: readonly TaskStatus[] = ['queued', 'active', 'completed', 'failed', 'cancelled'];

/** Download options a task carries: JSON-safe `DownloadCallOptions` (no functions, signals or secrets). */
export type TaskConfig = Record<string, unknown>;

/** Progress as the spec reports it; written at most once a second per task. */
export interface TaskProgress {
	percent: number | null;
	bytesDownloaded: number;
	totalBytes: number | null;
	/** bytes per second */
	speed: number | null;
	/** seconds */
	eta: number | null;
	/** ms since epoch */
	updatedAt: number;
}

export interface TaskError {
	message: string;
	/** MediaError kind ('Network', 'RateLimited', ...) or 'Cancelled' / 'Unknown' */
	kind: string;
	hint?: string;
}

/** What a finished task produced: the `DownloadResult`s of its download, JSON-safe. */
export interface TaskResult {
	files: Array<Record<string, unknown> & { localPath?: string; fileSize: number }>;
	/** bytes of all files */
	totalBytes: number;
}

export interface NewTask {
	url: string;
	/** higher first; FIFO within one priority; default 0 */
	priority?: number;
	config?: TaskConfig;
	/** a preset name (`podcast`, `music`, ...) */
	preset?: string;
}

export interface TaskLease {
	workerId: string;
	/** ms since epoch */
	expiresAt: number;
}

export interface Task {
	taskId: string;
	/** the named queue it belongs to (several per store) */
	queue: string;
	url: string;
	status: TaskStatus;
	priority: number;
	config: TaskConfig;
	preset?: string;
	/** hash of url + config + preset: an equal task queued or active is not added twice */
	dedupeKey: string;
	/** ms since epoch */
	createdAt: number;
	startedAt?: number;
	completedAt?: number;
	/** times a worker started it */
	attempts: number;
	lastError?: TaskError;
	progress?: TaskProgress;
	result?: TaskResult;
	lease?: TaskLease;
	/** why a queued task is not starting now (e.g. the disk guard); cleared when it starts */
	waitReason?: string;
	/** set by cancel while a worker holds the task; that worker stops it and settles it as cancelled */
	cancelRequested?: boolean;
}

/** A task a worker holds; `token` proves the lease in every later call. */
export interface ClaimedTask {
	task: Task;
	token: string;
}

/** `getQueueStatus()`: tasks by status. While the queue is paused its waiting tasks count as `paused`, not `queued`. */
export interface QueueCounts {
	active: number;
	queued: number;
	completed: number;
	failed: number;
	cancelled: number;
	paused: number;
}

export type RenewOutcome = 'ok' | 'lost' | 'cancelled';

export interface ListOptions {
	limit?: number;
	offset?: number;
}

export interface AddOutcome {
	task: Task;
	/** false when an equal task was already queued or active (that one is returned) */
	added: boolean;
}

/**
 * One named queue in one store. Every state change is atomic (one SQLite transaction, one Lua script or
 * MULTI in Redis); calls that take a token change nothing and return false when the lease is no longer
 * the caller's (expired and taken by another worker, or the task was cancelled/removed).
 */
export interface QueueStore {
	readonly kind: 'sqlite' | 'redis';
	readonly queue: string;
	/** Adds in order, atomically per task; an equal task (same dedupeKey) queued or active comes back instead. */
	add(tasks: NewTask[]): Promise<AddOutcome[]>;
	/**
	 * Leases the next task: highest priority, then oldest; none while paused. Expired leases are settled
	 * first: back to queued (or to cancelled when cancel was requested). Sets status active, startedAt,
	 * attempts + 1, clears waitReason.
	 */
	claim(workerId: string, leaseMs: number): Promise<ClaimedTask | null>;
	/** Extends the lease; 'cancelled' tells the holder to stop the download and call settleCancelled. */
	renew(taskId: string, token: string, leaseMs: number): Promise<RenewOutcome>;
	saveProgress(taskId: string, token: string, progress: TaskProgress): Promise<boolean>;
	complete(taskId: string, token: string, result: TaskResult): Promise<boolean>;
	fail(taskId: string, token: string, error: TaskError): Promise<boolean>;
	/** Back to queued without the lease (graceful stop, disk guard); `waitReason` is shown in status. The attempt is not counted. */
	release(taskId: string, token: string, waitReason?: string): Promise<boolean>;
	/** The holder stopped a task whose cancel was requested: status cancelled. */
	settleCancelled(taskId: string, token: string): Promise<boolean>;
	/** queued → cancelled at once; active → cancelRequested (its holder stops it); else unchanged. Null when unknown. */
	cancel(taskId: string): Promise<Task | null>;
	/** failed or cancelled → queued (lastError kept until it runs); null when unknown or in another state. */
	retry(taskId: string): Promise<Task | null>;
	get(taskId: string): Promise<Task | null>;
	/** One status or all; ordered by priority (high first) then createdAt for queued, else by createdAt. */
	list(status?: TaskStatus, options?: ListOptions): Promise<Task[]>;
	counts(): Promise<QueueCounts>;
	/** Tasks that finished (completed, failed or cancelled) at or after `sinceMs`, oldest first: what the trigger reports. */
	finishedSince(sinceMs: number, limit?: number): Promise<Task[]>;
	/** Removes every task in that status; returns how many. */
	clear(status: 'completed' | 'failed' | 'cancelled'): Promise<number>;
	/** Sets a queued task's waitReason (undefined clears it). */
	setWaitReason(taskId: string, waitReason: string | undefined): Promise<boolean>;
	pause(): Promise<void>;
	resume(): Promise<void>;
	isPaused(): Promise<boolean>;
	/** Every task of this queue (backups). */
	exportTasks(): Promise<Task[]>;
	/**
	 * Puts tasks back as given (by taskId: replaces an existing task with the same id); active ones come
	 * back queued without a lease. Returns how many were written.
	 */
	importTasks(tasks: Task[]): Promise<number>;
	/** Removes tasks by id (restore drops what the backup does not hold only when asked). */
	remove(taskIds: string[]): Promise<number>;
	close(): Promise<void>;
}
