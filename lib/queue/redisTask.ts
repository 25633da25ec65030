import { CANCELLED_REASON, FIELD } from './redisScripts';
import { taskDedupeKey } from './taskKey';
import type { NewTask, Task, TaskConfig, TaskError, TaskProgress, TaskResult, TaskStatus } from './types';

/** What a BullMQ job's `data` holds; everything else of a task comes from the job's own fields. */
export interface JobData {
	url: string;
	config: TaskConfig;
	preset?: string;
	/** the contract's priority as given (BullMQ's is a mapped integer) */
	priority: number;
	dedupeKey: string;
}

export const JOB_NAME = 'download';

export function jobData(task: NewTask | Task): JobData {
	const data: JobData = { url: task.url, config: task.config ?? {}, priority: task.priority ?? 0, dedupeKey: taskDedupeKey(task) };
	if (task.preset !== undefined) data.preset = task.preset;
	return data;
}

/** Job hash fields (name, value, ...) that put an imported task's own state back on the job BullMQ added. */
export function restoreFields(task: Task, status: TaskStatus, data: JobData): Array<string | number> {
	// deid: BullMQ drops the dedupe key by it when the job finishes or is removed
	const fields: Array<string | number> = ['deid', data.dedupeKey, 'ats', task.attempts ?? 0];
	if (task.startedAt !== undefined) fields.push('processedOn', task.startedAt);
	if (task.progress) fields.push('progress', JSON.stringify(task.progress));
	if (task.lastError) fields.push(FIELD.lastError, JSON.stringify(task.lastError));
	if (status === 'queued' && task.waitReason) fields.push(FIELD.waitReason, task.waitReason);
	if (status === 'completed' && task.result) fields.push('returnvalue', JSON.stringify(task.result));
	if (status === 'failed') fields.push('failedReason', task.lastError?.message ?? 'Failed');
	if (status === 'cancelled') fields.push('failedReason', CANCELLED_REASON);
	return fields;
}

/**
 * BullMQ takes lower numbers first, from 1 to 2^21 - 1 (0 means "no priority", which BullMQ serves
 * before every prioritized job), and keeps FIFO within one number. The contract takes higher first:
 * priority p becomes 2^20 - p, so -1048575..1048575 keep their order exactly; beyond that (and between
 * fractions) tasks share BullMQ's first or last number, and the task keeps the priority it was given.
 */
export function bullPriority(priority: number): number {
	return Math.min(2 ** 21 - 1, Math.max(1, 2 ** 20 - Math.round(priority)));
}

/** A claim's token carries the worker id, so a task's lease can name its holder from BullMQ's lock alone. */
export function leaseToken(uuid: string, workerId: string): string {
	return `${uuid}:${workerId}`;
}

function tokenWorker(token: string): string {
	const colon = token.indexOf(':');
	return colon < 0 ? token : token.slice(colon + 1);
}

/** What the `read` script returns for one job: id, status, lock token ('' = none), lock ms left, hash fields flat. */
export type Snapshot = [string, TaskStatus, string, number, string[]];

function parseJson<T>(text: string | undefined): T | undefined {
	if (text === undefined || text === '') return undefined;
	try {
		return JSON.parse(text) as T;
	} catch {
		return undefined;
	}
}

function optionalNumber(text: string | undefined): number | undefined {
	const value = text === undefined ? NaN : Number(text);
	return Number.isFinite(value) ? value : undefined;
}

/** A task from a job's snapshot; `now` turns the lock's remaining ms into the lease's expiry. */
export function snapshotToTask(queue: string, snapshot: Snapshot, now = Date.now()): Task {
	const [taskId, status, token, lockMs, flat] = snapshot;
	const fields: Record<string, string> = {};
	for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]] = flat[i + 1];
	const data = parseJson<JobData>(fields.data) ?? { url: '', config: {}, priority: 0, dedupeKey: '' };
	const task: Task = {
		taskId,
		queue,
		url: data.url,
		status,
		priority: data.priority,
		config: data.config ?? {},
		dedupeKey: data.dedupeKey,
		createdAt: Number(fields.timestamp),
		attempts: optionalNumber(fields.ats) ?? 0,
	};
	if (data.preset !== undefined) task.preset = data.preset;
	const startedAt = optionalNumber(fields.processedOn);
	if (startedAt !== undefined) task.startedAt = startedAt;
	const finishedOn = optionalNumber(fields.finishedOn);
	if (finishedOn !== undefined && (status === 'completed' || status === 'failed' || status === 'cancelled')) task.completedAt = finishedOn;
	const lastError = parseJson<TaskError>(fields[FIELD.lastError]);
	if (lastError) task.lastError = lastError;
	// BullMQ's progress field; before any progress BullMQ may hold a plain number there
	const progress = parseJson<TaskProgress | number>(fields.progress);
	if (progress && typeof progress === 'object') task.progress = progress;
	if (status === 'completed') {
		const result = parseJson<TaskResult>(fields.returnvalue);
		if (result) task.result = result;
	}
	if (status === 'active' && token && lockMs > 0) task.lease = { workerId: tokenWorker(token), expiresAt: now + lockMs };
	if (status === 'queued' && fields[FIELD.waitReason]) task.waitReason = fields[FIELD.waitReason];
	if (status === 'active' && fields[FIELD.cancelRequested]) task.cancelRequested = true;
	return task;
}
