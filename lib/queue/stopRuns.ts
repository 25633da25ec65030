import type { TaskRun } from './taskRun';

/** What stopQueue did with the tasks that were running. */
export interface StopOutcome {
	/** ended by themselves while we waited: completed, failed or cancelled */
	finished: string[];
	/** stopped and returned to queued (their partial files removed) */
	released: string[];
	/** their lease had passed to another worker meanwhile */
	lost: string[];
}

/** Waits up to `waitMs` for the runs to end by themselves, then stops the rest (back to queued) and says what became of each. */
export async function stopRuns(runs: TaskRun[], waitMs: number): Promise<StopOutcome> {
	if (waitMs > 0 && runs.length > 0) {
		let timer: NodeJS.Timeout | undefined;
		const timeUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
		await Promise.race([Promise.all(runs.map((run) => run.done)), timeUp]);
		clearTimeout(timer);
	}
	for (const run of runs) run.stop('stop');
	const outcome: StopOutcome = { finished: [], released: [], lost: [] };
	for (const run of await Promise.all(runs.map((r) => r.done))) {
		if (run.outcome === 'released') outcome.released.push(run.taskId);
		else if (run.outcome === 'lost') outcome.lost.push(run.taskId);
		else outcome.finished.push(run.taskId);
	}
	return outcome;
}
