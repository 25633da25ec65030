import type { IDataObject } from 'n8n-workflow';

import type { Task } from '../../../lib';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** A task as an item: dates as ISO strings, the first file's path and size at the top for the next node. */
export function taskJson(task: Task, extra: IDataObject = {}): IDataObject {
	const files = task.result?.files ?? [];
	return {
		...extra,
		taskId: task.taskId,
		url: task.url,
		status: task.status,
		priority: task.priority,
		queue: task.queue,
		...(task.preset ? { preset: task.preset } : {}),
		createdAt: iso(task.createdAt),
		startedAt: iso(task.startedAt),
		completedAt: iso(task.completedAt),
		attempts: task.attempts,
		...(task.waitReason ? { waitReason: task.waitReason } : {}),
		...(task.progress ? { progress: task.progress as unknown as IDataObject } : {}),
		...(task.lastError ? { error: task.lastError.message, errorKind: task.lastError.kind, hint: task.lastError.hint } : {}),
		...(files.length > 0 ? { localPath: files[0].localPath, fileSize: files[0].fileSize, totalBytes: task.result?.totalBytes, files: files as IDataObject[] } : {}),
		config: task.config as IDataObject,
	};
}
