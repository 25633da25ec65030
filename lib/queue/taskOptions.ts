import path from 'node:path';

import { resolveConfig, type DownloadOptions, type PresetName } from '../config';
import type { DownloadCallOptions } from '../download/download';
import { MediaError } from '../errors';
import { expandHome } from '../home';
import type { Task, TaskConfig } from './types';

/**
 * Options a task may carry: every download option, plus the playlist switches of downloadMedia. What
 * only lives in one process (signals, callbacks, the credential, file-access checks) is not among them:
 * it is the manager's `downloadOptions`.
 */
export type QueueTaskConfig = DownloadOptions & Pick<DownloadCallOptions, 'playlist' | 'playlistItems' | 'maxConcurrent'>;

/** The parts of a task's download that the manager adds at run time. */
export interface TaskCallBase {
	defaultConfig: TaskConfig;
	/** absolute */
	defaultOutputDir: string;
	downloadOptions: Partial<DownloadCallOptions>;
}

const RUNTIME_ONLY: Record<string, string> = {
	signal: 'a cancel signal',
	onProgress: 'a progress callback',
	checkOutputPath: 'a file-access check',
	checkLocalPath: 'a file-access check',
	allowLocalFiles: 'a local-file permission',
	auth: 'the site credential',
	// Cookie text is a login: the queue file and its backups are no place for it.
	cookies: 'cookie text (a login)',
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (value === null || typeof value !== 'object') return false;
	const proto = Object.getPrototypeOf(value) as unknown;
	return proto === Object.prototype || proto === null;
}

/** Only what JSON keeps as it is: tasks go to other processes, to Redis and to backup files. */
function assertJsonSafe(value: unknown, at: string): void {
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
	if (typeof value === 'number') {
		if (Number.isFinite(value)) return;
	} else if (Array.isArray(value)) {
		value.forEach((item, i) => assertJsonSafe(item, `${at}[${i}]`));
		return;
	} else if (isPlainObject(value)) {
		for (const [key, item] of Object.entries(value)) if (item !== undefined) assertJsonSafe(item, `${at}.${key}`);
		return;
	}
	throw new MediaError('InvalidInput', `${at} cannot be stored in the queue (only text, numbers, true/false, lists and plain objects can)`);
}

/**
 * Checks a task's config before it is queued: JSON-safe, none of the run-time-only options, and valid
 * for downloadMedia together with the manager's defaults (so a bad quality fails now, not hours later).
 * Returns the config without undefined values.
 */
export function checkTaskConfig(config: TaskConfig | undefined, preset: string | undefined, base: TaskCallBase): TaskConfig {
	const clean: TaskConfig = {};
	for (const [key, value] of Object.entries(config ?? {})) {
		if (value === undefined) continue;
		if (Object.hasOwn(RUNTIME_ONLY, key))
			throw new MediaError('InvalidInput', `"${key}" is ${RUNTIME_ONLY[key]} and is never stored in a queued task`, {
				hint: 'Give it to the DownloadManager as downloadOptions (n8n: the Media Site credential); it then applies to every task that worker runs.',
			});
		assertJsonSafe(value, `config.${key}`);
		clean[key] = value;
	}
	if (clean.outputDir !== undefined && (typeof clean.outputDir !== 'string' || clean.outputDir.trim() === ''))
		throw new MediaError('InvalidInput', 'config.outputDir must be a folder path (text)');
	const merged = { ...base.defaultConfig, ...clean, outputDir: outputDirFor(clean, base) } as DownloadOptions;
	resolveConfig(merged, (preset ?? (base.defaultConfig.preset as string | undefined)) as PresetName | undefined);
	return clean;
}

function outputDirFor(config: TaskConfig, base: TaskCallBase): string {
	const dir = (config.outputDir ?? base.defaultConfig.outputDir) as string | undefined;
	return dir ? path.resolve(expandHome(dir)) : base.defaultOutputDir;
}

/** The folder a task downloads into (the disk guard measures it). */
export function taskOutputDir(task: Pick<Task, 'config'>, base: TaskCallBase): string {
	return outputDirFor(task.config, base);
}

/**
 * The downloadMedia options of a task: the manager's default config, then the task's own, its preset,
 * its folder (else the default output folder), then the manager's run-time options.
 */
export function taskCallOptions(task: Pick<Task, 'config' | 'preset'>, base: TaskCallBase): DownloadCallOptions {
	const config = { ...base.defaultConfig, ...task.config };
	const preset = (task.preset ?? config.preset) as DownloadCallOptions['preset'];
	return { ...config, preset, outputDir: outputDirFor(task.config, base), ...base.downloadOptions } as DownloadCallOptions;
}
