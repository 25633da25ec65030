import path from 'node:path';

import { writeJsonAtomic } from './backups';
import { TASK_STATUSES, type QueueStore, type Task, type TaskStatus } from './types';

/** One task in the summary: the spec's task details, times as ISO text. */
export interface TaskSummary {
	taskId: string;
	url: string;
	status: TaskStatus;
	priority: number;
	createdAt: string;
	completedAt: string | null;
	/** bytes of all the task's files; null until it completed */
	fileSize: number | null;
	/** the first file's path (a task may produce several: see fileCount) */
	localPath: string | null;
	fileCount: number;
	attempts: number;
	lastError: string | null;
}

/** The spec's `export_queue_summary`, with our names. */
export interface QueueSummary {
	exportTime: string;
	queue: string;
	paused: boolean;
	totalTasks: number;
	/** every status, zero included */
	byStatus: Record<TaskStatus, number>;
	/** tasks per source host (the URL's host, port included when given) */
	bySource: Record<string, number>;
	/** bytes of the files of all finished tasks */
	bytesDownloaded: number;
	tasks: TaskSummary[];
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

function sourceOf(url: string): string {
	try {
		return new URL(url).host.toLowerCase() || '(no host)';
	} catch {
		return '(not a URL)';
	}
}

function describeTask(task: Task): TaskSummary {
	const files = task.result?.files ?? [];
	return {
		taskId: task.taskId,
		url: task.url,
		status: task.status,
		priority: task.priority,
		createdAt: new Date(task.createdAt).toISOString(),
		completedAt: iso(task.completedAt),
		fileSize: task.result ? task.result.totalBytes : null,
		localPath: files.find((file) => file.localPath)?.localPath ?? null,
		fileCount: files.length,
		attempts: task.attempts,
		lastError: task.lastError?.message ?? null,
	};
}

/** The summary of a set of tasks (oldest first; equal times keep the store's order), without writing it anywhere. */
export function summarizeTasks(queue: string, tasks: Task[], paused: boolean, now = new Date()): QueueSummary {
	const ordered = [...tasks].sort((a, b) => a.createdAt - b.createdAt);
	const byStatus = Object.fromEntries(TASK_STATUSES.map((status) => [status, 0])) as Record<TaskStatus, number>;
	const bySource: Record<string, number> = {};
	let bytesDownloaded = 0;
	for (const task of ordered) {
		byStatus[task.status] += 1;
		const source = sourceOf(task.url);
		bySource[source] = (bySource[source] ?? 0) + 1;
		bytesDownloaded += task.result?.totalBytes ?? 0;
	}
	return { exportTime: now.toISOString(), queue, paused, totalTasks: ordered.length, byStatus, bySource, bytesDownloaded, tasks: ordered.map(describeTask) };
}

/** Writes the queue's summary to `file` as JSON (atomically: a reader never sees half of it) and returns it. */
export async function exportQueueSummary(store: QueueStore, file: string): Promise<QueueSummary> {
	const [tasks, paused] = await Promise.all([store.exportTasks(), store.isPaused()]);
	const summary = summarizeTasks(store.queue, tasks, paused);
	await writeJsonAtomic(path.resolve(file), summary);
	return summary;
}
