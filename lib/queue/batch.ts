import type { TaskRun, FinishedRun } from './taskRun';
import { claimAndStart, type WorkerDeps } from './worker';

export interface RunQueuedOptions {
	/** tasks to start at most (default: all that are queued) */
	limit?: number;
	/** tasks at once (default: the manager's maxConcurrent) */
	concurrency?: number;
	/** aborting stops the tasks and returns them to queued */
	signal?: AbortSignal;
}

/**
 * Runs up to `limit` queued tasks now, `concurrency` at a time, and resolves when all of them ended
 * (n8n's Process operation: no loop is left running afterwards). It stops taking tasks when none is
 * left, when the queue is paused, when a task lacks disk space, or when `halt` or `signal` fires.
 */
export async function runQueuedTasks(deps: WorkerDeps, options: { limit: number; concurrency: number; signal?: AbortSignal; halt: AbortSignal }): Promise<FinishedRun[]> {
	const { limit, signal, halt } = options;
	const concurrency = Math.max(1, Math.floor(options.concurrency) || 1);
	const active = new Set<TaskRun>();
	const runs: Array<Promise<FinishedRun>> = [];
	const stopAll = () => {
		for (const run of active) run.stop('stop');
	};
	signal?.addEventListener('abort', stopAll, { once: true });
	let claimError: unknown;
	try {
		while (runs.length < limit && !signal?.aborted && !halt.aborted) {
			if (active.size >= concurrency) {
				await Promise.race([...active].map((run) => run.done));
				continue;
			}
			const answer = await claimAndStart(deps);
			if (answer === 'empty' || answer === 'blocked') break;
			active.add(answer);
			runs.push(answer.done);
			void answer.done.then(() => active.delete(answer));
			// The signal may have fired while the claim was under way.
			if (signal?.aborted) answer.stop('stop');
		}
	} catch (error) {
		// The store failed: the tasks already started still end properly before the error is reported.
		claimError = error;
	}
	try {
		const finished = await Promise.all(runs);
		if (claimError !== undefined) throw claimError;
		return finished;
	} finally {
		signal?.removeEventListener('abort', stopAll);
	}
}
