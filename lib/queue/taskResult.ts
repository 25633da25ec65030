import type { DownloadResult } from '../download/types';
import { isMediaError } from '../errors';
import type { Progress } from '../progress';
import { redact } from '../process';
import type { SiteAuth } from '../ytdlp';
import type { TaskError, TaskProgress, TaskResult } from './types';

/** JSON text and back: drops undefined, functions and symbols, turns dates into strings. */
function jsonSafe<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * A finished download as the queue keeps it: the DownloadResults, JSON-safe. The format list and the
 * thumbnail list of the media info are left out: a site may list hundreds of formats, for every task,
 * and what was downloaded is already in the result.
 */
export function toTaskResult(results: DownloadResult[]): TaskResult {
	const files = results.map((result) => {
		const info: Record<string, unknown> = { ...result.info };
		delete info.formats;
		delete info.thumbnails;
		return jsonSafe({ ...result, info }) as TaskResult['files'][number];
	});
	return { files, totalBytes: files.reduce((sum, file) => sum + (Number(file.fileSize) || 0), 0) };
}

/** The values of the site credential that must never reach a stored error. */
export function authSecrets(auth: SiteAuth | undefined): string[] {
	if (!auth) return [];
	return [auth.password, auth.videoPassword, auth.proxy, auth.cookies, ...Object.values(auth.headers ?? {})].filter((v): v is string => typeof v === 'string' && v !== '');
}

/** user:password@ in URLs a message quotes. */
function hideUrlLogins(text: string): string {
	return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1***@');
}

/** A failure as the queue keeps it: kind, message and what to do, with secrets blanked out. */
export function toTaskError(error: unknown, secrets: string[] = []): TaskError {
	const clean = (text: string) => hideUrlLogins(redact(text, secrets));
	if (isMediaError(error)) return { kind: error.kind, message: clean(error.message), hint: clean(error.hint) };
	const message = error instanceof Error ? error.message : String(error);
	return { kind: 'Unknown', message: clean(message) };
}

export function toTaskProgress(progress: Progress, now = Date.now()): TaskProgress {
	return {
		percent: progress.percent,
		bytesDownloaded: progress.bytesDownloaded,
		totalBytes: progress.totalBytes,
		speed: progress.speed,
		eta: progress.eta,
		updatedAt: now,
	};
}
