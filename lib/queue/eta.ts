import type { TaskProgress } from './types';

export interface EtaInput {
	/** tasks running now (in every worker), with their last saved progress */
	active: Array<{ startedAt?: number; progress?: TaskProgress }>;
	/** tasks waiting to start (0 while the queue is paused: then `waiting` counts them) */
	queued: number;
	/** tasks waiting while the queue is paused: they start only after a resume, so no estimate */
	pausedWaiting?: number;
	/** how long recent tasks took from start to finish, ms */
	recentDurationsMs: number[];
	/** tasks run at once */
	maxConcurrent: number;
	now?: number;
}

/** Seconds left of one running task: its own ETA, else from its speed, else the average duration minus its elapsed time. */
function remainingSeconds(task: EtaInput['active'][number], averageMs: number | null, now: number): number | null {
	const p = task.progress;
	if (p && typeof p.eta === 'number' && p.eta >= 0) return p.eta;
	if (p?.speed && p.totalBytes) return Math.max(0, p.totalBytes - p.bytesDownloaded) / p.speed;
	if (averageMs !== null) return Math.max(0, averageMs - (now - (task.startedAt ?? now))) / 1000;
	return null;
}

/**
 * Seconds until the queue is empty, or null when it cannot be told (no ETA and no finished task to
 * learn from yet, or the queue is paused with tasks waiting). The work left is each running task's
 * remaining time plus, for every queued task, the average duration of recent tasks; `maxConcurrent`
 * slots share that work, and the queue cannot finish before its slowest running task does:
 *
 *   estimate = max(longest remaining, (Σ remaining + queued × average) / maxConcurrent)
 *
 * It assumes the tasks to come are like the recent ones; 0 means nothing is queued or running.
 */
export function estimateCompletion(input: EtaInput): number | null {
	const now = input.now ?? Date.now();
	if ((input.pausedWaiting ?? 0) > 0) return null;
	const durations = input.recentDurationsMs.filter((d) => Number.isFinite(d) && d >= 0);
	const averageMs = durations.length > 0 ? durations.reduce((a, b) => a + b, 0) / durations.length : null;
	const remaining: number[] = [];
	for (const task of input.active) {
		const left = remainingSeconds(task, averageMs, now);
		if (left === null) return null;
		remaining.push(left);
	}
	if (input.queued > 0 && averageMs === null) return null;
	const work = remaining.reduce((a, b) => a + b, 0) + (input.queued * (averageMs ?? 0)) / 1000;
	const slots = Math.max(1, Math.floor(input.maxConcurrent) || 1);
	return Math.ceil(Math.max(0, ...remaining, work / slots));
}
