import type { DownloadCallOptions } from '../download/download';
import type { DownloadResult } from '../download/types';
import { MediaError } from '../errors';
import type { Progress } from '../progress';
import { asError, type QueueEventSink } from './events';
import { ProgressGate } from './progressGate';
import { toTaskError, toTaskProgress, toTaskResult } from './taskResult';
import type { ClaimedTask, QueueStore, Task, TaskError, TaskProgress, TaskResult } from './types';

export type DownloadFn = (url: string, options: DownloadCallOptions) => Promise<DownloadResult[]>;

/** Why a run was stopped before its download ended: a cancel, a graceful stop, or a lease another worker now holds. */
export type StopReason = 'cancel' | 'stop' | 'lost';

/** How a run ended in the store: `released` = back to queued (graceful stop); `lost` = the lease was no longer ours. */
export type RunOutcome = 'completed' | 'failed' | 'cancelled' | 'released' | 'lost';

export interface FinishedRun {
	taskId: string;
	outcome: RunOutcome;
	/** the task as the store holds it afterwards (null if it could not be read) */
	task: Task | null;
	durationMs: number;
}

export interface TaskRunDeps {
	store: QueueStore;
	leaseMs: number;
	download: DownloadFn;
	/** downloadMedia's options for the task, without signal and onProgress */
	callOptions(task: Task): DownloadCallOptions;
	emit: QueueEventSink;
	/** values to blank out of stored errors */
	secrets: string[];
}

const CANCELLED: TaskError = { kind: 'Cancelled', message: 'The download was cancelled' };

/**
 * One claimed task running in this process: its download, its lease (renewed every third of the lease
 * time, so two renewals may fail before it expires), its progress, and how it is settled in the store.
 */
export class TaskRun {
	readonly taskId: string;
	readonly startedAt = Date.now();
	/** settles when the store holds the outcome and events went out; never rejects */
	readonly done: Promise<FinishedRun>;
	progress?: TaskProgress;
	private stopReason?: StopReason;
	private readonly controller = new AbortController();
	private renewing = false;
	private result?: TaskResult;

	private constructor(
		private readonly claimed: ClaimedTask,
		private readonly deps: TaskRunDeps,
	) {
		this.taskId = claimed.task.taskId;
		this.done = this.run();
	}

	static start(claimed: ClaimedTask, deps: TaskRunDeps): TaskRun {
		return new TaskRun(claimed, deps);
	}

	/** The task as claimed, with the latest progress (fresher than the store's, which is written once a second). */
	get task(): Task {
		return { ...this.claimed.task, progress: this.progress ?? this.claimed.task.progress };
	}

	/** Stops the download (its processes are killed, its own temp folder removed); the first reason counts. */
	stop(reason: StopReason): void {
		if (this.stopReason) return;
		this.stopReason = reason;
		this.controller.abort(new MediaError('Cancelled', reason === 'cancel' ? 'The download was cancelled' : 'The worker stopped the download'));
	}

	private async run(): Promise<FinishedRun> {
		const { store, leaseMs } = this.deps;
		const renewal = setInterval(() => void this.renew(), Math.max(100, Math.floor(leaseMs / 3)));
		let outcome: RunOutcome = 'lost';
		try {
			outcome = await this.settle(await this.download());
		} catch (error) {
			// The store failed: the lease runs out and the task comes back to the queue.
			this.deps.emit('workerError', asError(error));
		} finally {
			clearInterval(renewal);
		}
		const task = await store.get(this.taskId).catch(() => null);
		this.announce(outcome, task);
		return { taskId: this.taskId, outcome, task, durationMs: Date.now() - this.startedAt };
	}

	private async download(): Promise<{ results?: DownloadResult[]; error?: unknown }> {
		const gate = new ProgressGate(1000);
		const onProgress = (progress: Progress) => {
			const now = Date.now();
			if (!gate.pass(now)) return;
			// Stamped with the time the gate saw: the stored updatedAt values are a second apart or more.
			this.progress = toTaskProgress(progress, now);
			this.deps.store.saveProgress(this.taskId, this.claimed.token, this.progress).catch((error: unknown) => this.deps.emit('workerError', asError(error)));
			this.deps.emit('progress', this.taskId, this.progress, this.task);
		};
		try {
			const options = this.deps.callOptions(this.claimed.task);
			return { results: await this.deps.download(this.claimed.task.url, { ...options, signal: this.controller.signal, onProgress }) };
		} catch (error) {
			return { error };
		}
	}

	/** Writes the outcome; a download that finished counts even if a stop came too late to end it. */
	private async settle({ results, error }: { results?: DownloadResult[]; error?: unknown }): Promise<RunOutcome> {
		const { store } = this.deps;
		const { taskId } = this;
		const { token } = this.claimed;
		if (results) {
			this.result = toTaskResult(results);
			return (await store.complete(taskId, token, this.result)) ? 'completed' : 'lost';
		}
		if (this.stopReason === 'cancel') return (await store.settleCancelled(taskId, token)) ? 'cancelled' : 'lost';
		if (this.stopReason === 'stop') return (await store.release(taskId, token)) ? 'released' : 'lost';
		if (this.stopReason === 'lost') return 'lost';
		return (await store.fail(taskId, token, toTaskError(error, this.deps.secrets))) ? 'failed' : 'lost';
	}

	private announce(outcome: RunOutcome, stored: Task | null): void {
		const task = stored ?? this.task;
		if (outcome === 'completed') this.deps.emit('completed', this.taskId, task.result ?? this.result!, task);
		else if (outcome === 'failed') this.deps.emit('failed', this.taskId, task.lastError ?? { kind: 'Unknown', message: 'The download failed' }, task);
		else if (outcome === 'cancelled') this.deps.emit('cancelled', this.taskId, CANCELLED, task);
	}

	private async renew(): Promise<void> {
		if (this.renewing) return;
		this.renewing = true;
		try {
			const answer = await this.deps.store.renew(this.taskId, this.claimed.token, this.deps.leaseMs);
			if (answer === 'cancelled') this.stop('cancel');
			else if (answer === 'lost') this.stop('lost');
		} catch (error) {
			this.deps.emit('workerError', asError(error));
		} finally {
			this.renewing = false;
		}
	}
}
