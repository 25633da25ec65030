import type { Task, TaskError, TaskProgress, TaskResult } from './types';

/**
 * What a DownloadManager reports about the tasks it runs itself, the task id first (the spec's
 * callbacks), then the payload, then the task as the store holds it afterwards.
 */
export interface QueueEventMap {
	/** at most once a second per task */
	progress: [taskId: string, progress: TaskProgress, task: Task];
	completed: [taskId: string, result: TaskResult, task: Task];
	failed: [taskId: string, error: TaskError, task: Task];
	cancelled: [taskId: string, error: TaskError, task: Task];
	/** the store could not be reached, or a listener threw: the worker carries on (a lost lease comes back to the queue) */
	workerError: [error: Error];
}

export type QueueEventName = keyof QueueEventMap;

/** How the worker code hands events to the manager, which calls the callbacks and emits them. */
export type QueueEventSink = <K extends QueueEventName>(name: K, ...args: QueueEventMap[K]) => void;

export function asError(error: unknown): Error {
	return error instanceof Error ? error : new Error(String(error));
}
