import { createHash } from 'node:crypto';

import type { NewTask } from './types';

/** Object keys sorted at every level, so `{a, b}` and `{b, a}` give one key. */
function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value && typeof value === 'object')
		return `{${Object.keys(value as object)
			.filter((k) => (value as Record<string, unknown>)[k] !== undefined)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
			.join(',')}}`;
	return JSON.stringify(value) ?? 'null';
}

/** Same URL, config and preset → same key: such a task is not queued twice while queued or active. */
export function taskDedupeKey(task: NewTask): string {
	return createHash('sha256')
		.update(canonicalJson({ url: task.url, config: task.config ?? {}, preset: task.preset ?? '' }))
		.digest('hex');
}
