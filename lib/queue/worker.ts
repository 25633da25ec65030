import { checkDiskSpace, type DiskMinimum } from './diskGuard';
import { asError } from './events';
import { TaskRun, type TaskRunDeps } from './taskRun';
import type { Task } from './types';

export interface WorkerDeps extends TaskRunDeps {
	workerId: string;
	pollMs: number;
	diskMinimum?: DiskMinimum;
	/** the folder a task downloads into */
	outputDirOf(task: Task): string;
	/** every task this process runs, by id (the manager's cancel and status read it) */
	runs: Map<string, TaskRun>;
}

/** `empty`: nothing to start (none queued, or paused); `blocked`: the next task is short of disk space and went back. */
export type ClaimAnswer = TaskRun | 'empty' | 'blocked';

/**
 * Leases the next task and starts it, unless its output folder lacks the space it needs: then the task
 * goes back to queued with the reason shown in status (the attempt is not counted).
 */
export async function claimAndStart(deps: WorkerDeps): Promise<ClaimAnswer> {
	const claimed = await deps.store.claim(deps.workerId, deps.leaseMs);
	if (!claimed) return 'empty';
	const { task, token } = claimed;
	// A folder that cannot be named or measured is left to the download, which reports what is wrong with it.
	const verdict = await Promise.resolve()
		.then(() => checkDiskSpace(deps.outputDirOf(task), deps.diskMinimum, task.progress?.totalBytes ?? 0))
		.catch(() => undefined);
	if (verdict && !verdict.ok) {
		await deps.store.release(task.taskId, token, verdict.reason);
		return 'blocked';
	}
	// A run of this task that lost its lease may still be stopping: two downloads of one task never overlap here.
	await deps.runs.get(task.taskId)?.done;
	const run = TaskRun.start(claimed, deps);
	deps.runs.set(task.taskId, run);
	void run.done.then(() => {
		if (deps.runs.get(task.taskId) === run) deps.runs.delete(task.taskId);
	});
	return run;
}

/**
 * The background loop of startQueue: claims while fewer than `maxConcurrent` of its tasks run (the
 * store hands out nothing while the queue is paused), then waits a poll, or less when one of its tasks
 * ends. After a task was sent back for disk space it waits the full poll.
 */
export class QueueWorker {
	private running = false;
	private loop?: Promise<void>;
	private wake?: () => void;
	private readonly mine = new Set<TaskRun>();

	constructor(
		private readonly deps: WorkerDeps,
		private readonly maxConcurrent: number,
	) {}

	get isRunning(): boolean {
		return this.running;
	}

	start(): void {
		if (this.running) return;
		this.running = true;
		this.loop = this.work();
	}

	/** Takes no new tasks; resolves when the loop has ended (its running tasks go on: the caller decides about them). */
	async halt(): Promise<void> {
		this.running = false;
		this.wake?.();
		await this.loop;
	}

	private async work(): Promise<void> {
		while (this.running) {
			let backOff = false;
			try {
				while (this.running && this.mine.size < this.maxConcurrent) {
					const answer = await claimAndStart(this.deps);
					if (answer === 'empty') break;
					if (answer === 'blocked') {
						backOff = true;
						break;
					}
					this.mine.add(answer);
					void answer.done.then(() => {
						this.mine.delete(answer);
						this.wake?.();
					});
				}
			} catch (error) {
				this.deps.emit('workerError', asError(error));
			}
			if (this.running) await this.pause(backOff);
		}
	}

	/** One poll; a task that ends cuts it short unless the worker is backing off. */
	private pause(backOff: boolean): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(done, this.deps.pollMs);
			function done() {
				clearTimeout(timer);
				resolve();
			}
			this.wake = () => {
				if (!backOff || !this.running) done();
			};
		});
	}
}
