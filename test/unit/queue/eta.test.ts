import { estimateCompletion } from '../../../lib/queue/eta';
import type { TaskProgress } from '../../../lib/queue/types';

const now = 1_000_000;
const progress = (p: Partial<TaskProgress>): TaskProgress => ({ percent: null, bytesDownloaded: 0, totalBytes: null, speed: null, eta: null, updatedAt: now, ...p });

describe('estimateCompletion', () => {
	it('is 0 when nothing is queued or running', () => {
		expect(estimateCompletion({ active: [], queued: 0, recentDurationsMs: [], maxConcurrent: 3, now })).toBe(0);
	});

	it('is the longest ETA of the running tasks when nothing waits', () => {
		const active = [{ progress: progress({ eta: 12 }) }, { progress: progress({ eta: 40 }) }];
		expect(estimateCompletion({ active, queued: 0, recentDurationsMs: [], maxConcurrent: 3, now })).toBe(40);
	});

	it('computes a running task without an ETA from its speed', () => {
		const active = [{ progress: progress({ bytesDownloaded: 1000, totalBytes: 5000, speed: 100 }) }];
		expect(estimateCompletion({ active, queued: 0, recentDurationsMs: [], maxConcurrent: 1, now })).toBe(40);
	});

	it('adds the average duration of recent tasks for each queued task, shared by the slots', () => {
		// Work left: 10 + 20 (running) + 4 × 30 (queued) = 150 s over 2 slots = 75 s.
		const active = [{ progress: progress({ eta: 10 }) }, { progress: progress({ eta: 20 }) }];
		expect(estimateCompletion({ active, queued: 4, recentDurationsMs: [20_000, 40_000], maxConcurrent: 2, now })).toBe(75);
	});

	it('uses the average minus the elapsed time for a running task that reported nothing yet', () => {
		const active = [{ startedAt: now - 5_000 }];
		expect(estimateCompletion({ active, queued: 0, recentDurationsMs: [30_000], maxConcurrent: 1, now })).toBe(25);
		expect(estimateCompletion({ active: [{ startedAt: now - 60_000 }], queued: 0, recentDurationsMs: [30_000], maxConcurrent: 1, now })).toBe(0);
	});

	it('cannot tell without anything to learn from, or while the queue is paused with tasks waiting', () => {
		expect(estimateCompletion({ active: [{ startedAt: now }], queued: 0, recentDurationsMs: [], maxConcurrent: 1, now })).toBeNull();
		expect(estimateCompletion({ active: [], queued: 3, recentDurationsMs: [], maxConcurrent: 1, now })).toBeNull();
		expect(estimateCompletion({ active: [], queued: 0, pausedWaiting: 2, recentDurationsMs: [1000], maxConcurrent: 1, now })).toBeNull();
	});
});
