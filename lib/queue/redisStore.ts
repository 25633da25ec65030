import { ErrorCode, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';

import { MediaError } from '../errors';
import { redisOptions, waitForConnection } from './redisConnection';
import { defineScripts, FIELD, runScript, type ScriptName } from './redisScripts';
import { bullPriority, JOB_NAME, jobData, leaseToken, restoreFields, snapshotToTask, type JobData, type Snapshot } from './redisTask';
import { DEFAULT_QUEUE_NAME, type RedisConnection } from './stores';
import type {
	AddOutcome,
	ClaimedTask,
	ListOptions,
	NewTask,
	QueueCounts,
	QueueStore,
	RenewOutcome,
	Task,
	TaskError,
	TaskProgress,
	TaskResult,
	TaskStatus,
} from './types';

export interface RedisStoreOptions {
	connection: RedisConnection;
	queue?: string;
	/** first part of every key; default 'mdl' (keys are `<prefix>:<queue>:...`) */
	prefix?: string;
}

export const DEFAULT_REDIS_PREFIX = 'mdl';

/** BullMQ's refusals of a move: the job is gone, in another state, or its lock is not (or no longer) the caller's. */
const REFUSED = new Set<number>([ErrorCode.JobNotExist, ErrorCode.JobLockNotExist, ErrorCode.JobNotInState, ErrorCode.JobLockMismatch]);

function isRefused(error: unknown): boolean {
	return typeof (error as { code?: unknown })?.code === 'number' && REFUSED.has((error as { code: number }).code);
}

/** BullMQ wants whole milliseconds for locks. */
function wholeMs(ms: number): number {
	return Math.max(1, Math.round(ms));
}

/** Ids in batches, so one script call never carries an unbounded argument list. */
function batches<T>(items: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
	return out;
}

/**
 * The queue on Redis through BullMQ, shared by every n8n worker and download-service replica that opens
 * it. A task is a BullMQ job (id = taskId, data = url/config/preset/priority/dedupeKey); queued = BullMQ's
 * prioritized set (FIFO within a priority is BullMQ's counter); a lease = BullMQ's job lock, whose token
 * the claim returns. BullMQ does: add with deduplication, claim (`Worker.getNextJob`, no processor),
 * renew (`extendLock`), complete and fail (its moves to completed/failed, refused without the token),
 * retry, pause/resume, counts, clean and remove. Our scripts (redisScripts.ts) do what BullMQ has no
 * notion of, on the same keys:
 * - cancelled: a failed job with reason "Cancelled", listed in our cancelled set;
 * - lease expiry is settled at claim, like the SQLite store. BullMQ's stalled checker is off: it sees an
 *   expired lock only on its second pass (up to two stalledIntervals late), puts the job at the head of
 *   the wait list, ahead of every priority, and cannot end a job whose cancel was requested as cancelled;
 * - release: `Job.moveToWait` moves the job only; the contract also takes the attempt back and sets the
 *   wait reason, so our script does the same move (same score) and those fields in one step.
 */
export class RedisStore implements QueueStore {
	readonly kind = 'redis' as const;
	readonly queue: string;
	private readonly prefix: string;
	/** `<prefix>:<queue>:`, the start of every key of this queue */
	private readonly base: string;
	private readonly connection: RedisConnection;
	/** ours and the Queue's (BullMQ shares a client it is given and leaves closing it to us) */
	private readonly client: Redis;
	private readonly bull: Queue<JobData, TaskResult>;
	/** BullMQ sets a lock's duration per Worker, the contract a lease per claim: one Worker per lease length. */
	private readonly workers = new Map<number, Promise<Worker<JobData, TaskResult>>>();
	private closing?: Promise<void>;
	/** Connection errors are events in ioredis and BullMQ: kept here (calls fail on their own), never unhandled. */
	lastConnectionError?: Error;

	constructor(options: RedisStoreOptions) {
		this.queue = options.queue ?? DEFAULT_QUEUE_NAME;
		this.prefix = options.prefix || DEFAULT_REDIS_PREFIX;
		if (this.queue.includes(':') || this.prefix.includes(':'))
			throw new MediaError('InvalidInput', `A Redis queue name or key prefix cannot contain ':' (queue "${this.queue}", prefix "${this.prefix}").`, {
				hint: 'BullMQ builds its keys as <prefix>:<queue>:...; choose a name without a colon.',
			});
		this.connection = options.connection;
		this.client = new Redis(redisOptions(options.connection));
		this.client.on('error', this.onError);
		defineScripts(this.client);
		this.bull = new Queue<JobData, TaskResult>(this.queue, { connection: this.client, prefix: this.prefix });
		this.bull.on('error', this.onError);
		this.base = this.bull.toKey('');
	}

	private readonly onError = (error: Error): void => {
		this.lastConnectionError = error;
	};

	private async connected(): Promise<void> {
		if (this.closing) throw new Error(`The Redis queue ${this.queue} is closed.`);
		await waitForConnection(this.client, this.connection, () => this.lastConnectionError);
	}

	private run(name: ScriptName, ...args: Array<string | number>): Promise<unknown> {
		return runScript(this.client, name, this.base, ...args);
	}

	private toTask(snapshot: Snapshot | null, now = Date.now()): Task | null {
		return snapshot ? snapshotToTask(this.queue, snapshot, now) : null;
	}

	private async scriptTask(name: ScriptName, ...args: Array<string | number>): Promise<Task | null> {
		return this.toTask((await this.run(name, ...args)) as Snapshot | null);
	}

	private async read(taskIds: string[]): Promise<Task[]> {
		const tasks: Task[] = [];
		for (const batch of batches(taskIds, 500)) {
			const snapshots = (await this.run('read', ...batch)) as Array<Snapshot | null>;
			const now = Date.now();
			for (const snapshot of snapshots) {
				const task = this.toTask(snapshot, now);
				if (task) tasks.push(task);
			}
		}
		return tasks;
	}

	/** Ids of one status (or all) with what list() sorts by. */
	private async ids(status: TaskStatus | 'all'): Promise<Array<{ id: string; createdAt: number; seq: number }>> {
		const flat = (await this.run('ids', status)) as string[];
		const entries = [];
		for (let i = 0; i + 2 < flat.length; i += 3) entries.push({ id: flat[i], createdAt: Number(flat[i + 1]), seq: Number(flat[i + 2]) });
		return entries;
	}

	private worker(leaseMs: number): Promise<Worker<JobData, TaskResult>> {
		const lockDuration = wholeMs(leaseMs);
		let worker = this.workers.get(lockDuration);
		if (!worker) {
			const created = new Worker<JobData, TaskResult>(this.queue, null, {
				// BullMQ's workers need a connection that retries forever (maxRetriesPerRequest null); it makes its own.
				connection: { ...redisOptions(this.connection), maxRetriesPerRequest: null },
				prefix: this.prefix,
				autorun: false,
				lockDuration,
				// Expired locks are settled at claim (settleExpired), locks renewed by the holder's renew().
				skipStalledCheck: true,
				skipLockRenewal: true,
			});
			created.on('error', this.onError);
			worker = created.waitUntilReady().then(
				() => created,
				async (error: unknown) => {
					// Not kept: the next claim makes a new one.
					this.workers.delete(lockDuration);
					await created.close(true).catch(() => undefined);
					throw error;
				},
			);
			this.workers.set(lockDuration, worker);
		}
		return worker;
	}

	/** Runs a BullMQ move: false when BullMQ refuses it because the job is gone, in another state, or not held with the token. */
	private async bullMove(move: () => Promise<unknown>): Promise<boolean> {
		try {
			await move();
			return true;
		} catch (error) {
			if (isRefused(error)) return false;
			throw error;
		}
	}

	async add(tasks: NewTask[]): Promise<AddOutcome[]> {
		await this.connected();
		const outcomes: AddOutcome[] = [];
		// BullMQ's addBulk sends a batch as one pipeline, in order (FIFO kept, deduplication per job as in add).
		for (const batch of batches(tasks, 500)) {
			const data = batch.map(jobData);
			const ids = data.map(() => randomUUID());
			const jobs = await this.bull.addBulk(
				data.map((d, i) => ({ name: JOB_NAME, data: d, opts: { jobId: ids[i], priority: bullPriority(d.priority), deduplication: { id: d.dedupeKey } } })),
			);
			const read = await Promise.all(jobs.map((job, i) => this.scriptTask('afterAdd', job.id ?? ids[i])));
			for (const [i, task] of read.entries()) outcomes.push(task ? { task, added: jobs[i].id === ids[i] } : await this.addOne(batch[i]));
		}
		return outcomes;
	}

	private async addOne(input: NewTask): Promise<AddOutcome> {
		const data = jobData(input);
		// An equal task that finishes and is cleared between BullMQ's answer and our read: add again.
		for (let attempt = 0; attempt < 3; attempt++) {
			const taskId = randomUUID();
			// BullMQ's deduplication: while the first job is queued or active, adding an equal one returns its id.
			const job = await this.bull.add(JOB_NAME, data, { jobId: taskId, priority: bullPriority(data.priority), deduplication: { id: data.dedupeKey } });
			const task = await this.scriptTask('afterAdd', job.id ?? taskId);
			if (task) return { task, added: job.id === taskId };
		}
		throw new Error(`Could not add ${input.url} to the Redis queue ${this.queue}: the equal task kept disappearing.`);
	}

	async claim(workerId: string, leaseMs: number): Promise<ClaimedTask | null> {
		await this.connected();
		await this.run('settleExpired', Date.now());
		const token = leaseToken(randomUUID(), workerId);
		const job = await (await this.worker(leaseMs)).getNextJob(token, { block: false });
		if (!job?.id) return null;
		const task = await this.scriptTask('afterClaim', job.id);
		return task && { task, token };
	}

	async renew(taskId: string, token: string, leaseMs: number): Promise<RenewOutcome> {
		await this.connected();
		if (!(await this.bull.backend.extendLock(taskId, token, wholeMs(leaseMs)))) return 'lost';
		// The flag only appears while the job is active and the lock is ours, so reading it after is enough.
		return (await this.client.hexists(this.base + taskId, FIELD.cancelRequested)) ? 'cancelled' : 'ok';
	}

	async saveProgress(taskId: string, token: string, progress: TaskProgress): Promise<boolean> {
		await this.connected();
		return (await this.run('saveProgress', taskId, token, JSON.stringify(progress))) === 1;
	}

	async complete(taskId: string, token: string, result: TaskResult): Promise<boolean> {
		await this.connected();
		const job = await this.bull.getJob(taskId);
		return job ? this.bullMove(() => job.moveToCompleted(result, token, false)) : false;
	}

	async fail(taskId: string, token: string, error: TaskError): Promise<boolean> {
		await this.connected();
		const job = await this.bull.getJob(taskId);
		if (!job) return false;
		// BullMQ's failed move, with the whole TaskError written in the same script (its fieldsToUpdate).
		return this.bullMove(() => this.bull.backend.moveToFailed(job, error.message, false, token, false, { [FIELD.lastError]: JSON.stringify(error) }));
	}

	async release(taskId: string, token: string, waitReason?: string): Promise<boolean> {
		await this.connected();
		return (await this.run('release', taskId, token, waitReason ?? '')) === 1;
	}

	async settleCancelled(taskId: string, token: string): Promise<boolean> {
		await this.connected();
		return (await this.run('settleCancelled', taskId, token, Date.now())) === 1;
	}

	async cancel(taskId: string): Promise<Task | null> {
		await this.connected();
		return this.scriptTask('cancel', taskId, Date.now());
	}

	async retry(taskId: string): Promise<Task | null> {
		await this.connected();
		const current = await this.get(taskId);
		if (current?.status !== 'failed' && current?.status !== 'cancelled') return null;
		const job = await this.bull.getJob(taskId);
		if (!job) return null;
		// Cancelled tasks are failed jobs to BullMQ, so its retry of failed jobs serves both.
		if (!(await this.bullMove(() => job.retry('failed')))) return null;
		return this.scriptTask('afterRetry', taskId);
	}

	async get(taskId: string): Promise<Task | null> {
		await this.connected();
		const [task] = await this.read([taskId]);
		return task ?? null;
	}

	async list(status?: TaskStatus, options: ListOptions = {}): Promise<Task[]> {
		await this.connected();
		const entries = await this.ids(status ?? 'all');
		// Queued tasks come in the order workers take them; the rest by creation.
		if (status !== 'queued') entries.sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq);
		const offset = options.offset ?? 0;
		const page = entries.slice(offset, options.limit === undefined || options.limit < 0 ? undefined : offset + options.limit);
		return this.read(page.map((entry) => entry.id));
	}

	async counts(): Promise<QueueCounts> {
		await this.connected();
		const [bull, cancelled, paused] = await Promise.all([
			this.bull.getJobCounts('active', 'completed', 'failed', 'prioritized', 'wait', 'delayed'),
			this.run('countCancelled') as Promise<number>,
			this.bull.isPaused(),
		]);
		const waiting = bull.wait + bull.prioritized + bull.delayed;
		return {
			active: bull.active,
			queued: paused ? 0 : waiting,
			completed: bull.completed,
			failed: bull.failed - cancelled,
			cancelled,
			paused: paused ? waiting : 0,
		};
	}

	async finishedSince(sinceMs: number, limit = 1000): Promise<Task[]> {
		await this.connected();
		// BullMQ scores its completed and failed sets by finishedOn: a range on each, merged.
		const flat = (await this.run('finishedSince', sinceMs, limit)) as string[];
		const entries = [];
		for (let i = 0; i + 2 < flat.length; i += 3) entries.push({ id: flat[i], finishedOn: Number(flat[i + 1]), seq: Number(flat[i + 2]) });
		entries.sort((a, b) => a.finishedOn - b.finishedOn || a.seq - b.seq);
		return this.read(entries.slice(0, limit).map((entry) => entry.id));
	}

	async clear(status: 'completed' | 'failed' | 'cancelled'): Promise<number> {
		await this.connected();
		if (status === 'completed') {
			let removed = 0;
			for (;;) {
				const batch = await this.bull.clean(0, 1000, 'completed');
				removed += batch.length;
				if (batch.length < 1000) return removed;
			}
		}
		// BullMQ's clean of failed jobs would take the cancelled ones too: remove exactly this status's ids.
		return this.remove((await this.ids(status)).map((entry) => entry.id));
	}

	async setWaitReason(taskId: string, waitReason: string | undefined): Promise<boolean> {
		await this.connected();
		return (await this.run('setWaitReason', taskId, waitReason ?? '')) === 1;
	}

	async pause(): Promise<void> {
		await this.connected();
		await this.bull.pause();
	}

	async resume(): Promise<void> {
		await this.connected();
		await this.bull.resume();
	}

	async isPaused(): Promise<boolean> {
		await this.connected();
		return this.bull.isPaused();
	}

	async exportTasks(): Promise<Task[]> {
		return this.list();
	}

	async importTasks(tasks: Task[]): Promise<number> {
		await this.connected();
		for (const task of tasks) await this.importOne(task);
		return tasks.length;
	}

	/**
	 * Three steps per task: the old job with this id goes, BullMQ adds the job as queued (keeping the id and
	 * createdAt), then one script writes the task's fields and moves a finished one to its state. A process
	 * that dies in between leaves that task queued or missing: importing the backup again puts it right.
	 */
	private async importOne(task: Task): Promise<void> {
		const status: TaskStatus = task.status === 'active' ? 'queued' : task.status;
		const data = jobData(task);
		await this.remove([task.taskId]);
		await this.bull.add(JOB_NAME, data, { jobId: task.taskId, priority: bullPriority(data.priority), timestamp: task.createdAt });
		await this.run('restore', task.taskId, status, task.completedAt ?? Date.now(), ...restoreFields(task, status, data));
	}

	async remove(taskIds: string[]): Promise<number> {
		await this.connected();
		let removed = 0;
		for (const batch of batches(taskIds, 50)) {
			const results = await Promise.all(
				batch.map(async (taskId) => {
					if (!(await this.run('prepareRemove', taskId))) return 0;
					// BullMQ's removal: every state list, the dedupe key, logs
					return this.bull.remove(taskId);
				}),
			);
			removed += results.reduce((sum, n) => sum + n, 0);
		}
		return removed;
	}

	async close(): Promise<void> {
		this.closing ??= (async () => {
			const workers = await Promise.allSettled(this.workers.values());
			await Promise.allSettled(workers.map((worker) => (worker.status === 'fulfilled' ? worker.value.close() : undefined)));
			if (this.client.status === 'ready') {
				await this.bull.close().catch(() => undefined);
				await this.client.quit().catch(() => this.client.disconnect());
			} else {
				// Never connected (or lost): BullMQ's close would wait for a connection first.
				this.client.disconnect();
				await this.bull.close().catch(() => undefined);
			}
		})();
		return this.closing;
	}
}
