import { constants } from 'node:fs';
import { lstat, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';

import type { DownloadConfig } from '../config';
import { MediaError } from '../errors';
import { httpRequest, ownRequestProblem } from '../http';
import type { Progress } from '../progress';
import type { SiteAuth } from '../ytdlp';

const MEDIA_EXTENSIONS = new Set(['mp4', 'm4v', 'mov', 'mkv', 'webm', 'avi', 'flv', 'mp3', 'm4a', 'aac', 'ogg', 'oga', 'opus', 'flac', 'wav', 'weba', 'ts']);

/** A URL whose path names a media file: the last fallback can fetch it without yt-dlp. */
export function isDirectMediaUrl(url: string): boolean {
	try {
		const { pathname, protocol } = new URL(url);
		return (protocol === 'http:' || protocol === 'https:') && MEDIA_EXTENSIONS.has(path.extname(pathname).slice(1).toLowerCase());
	} catch {
		return false;
	}
}

/** The file name a URL's path gives, reduced to safe characters (it is written inside the output folder). */
export function directFileName(url: string): string {
	const base = decodeURIComponent(path.basename(new URL(url).pathname)) || 'download';
	const safe = base.replace(/[^\p{L}\p{N}._ -]/gu, '_').replace(/^\.+/, '_').slice(0, 200);
	return safe || 'download';
}

/** Limits a stream to `bytesPerSecond` (0 = unlimited), so a direct download honours the rate limit like yt-dlp does. */
function throttle(bytesPerSecond: number): Transform {
	if (bytesPerSecond <= 0) return new Transform({ transform: (chunk, _encoding, done) => done(null, chunk) });
	const started = Date.now();
	let sent = 0;
	return new Transform({
		async transform(chunk: Buffer, _encoding, done) {
			sent += chunk.length;
			const due = (sent / bytesPerSecond) * 1000 - (Date.now() - started);
			if (due > 0) await sleep(due);
			done(null, chunk);
		},
	});
}

function statusError(status: number, url: string): MediaError {
	if (status === 404 || status === 410) return new MediaError('NotFound', `HTTP Error ${status}`, { url });
	if (status === 401 || status === 403) return new MediaError('AccessDenied', `HTTP Error ${status}`, { url });
	if (status === 429) return new MediaError('RateLimited', 'HTTP Error 429: Too Many Requests', { url });
	return new MediaError(status >= 500 ? 'Network' : 'Unknown', `HTTP Error ${status}`, { url });
}

/**
 * Opens the `.part` file for writing without following a symlink at its name (O_NOFOLLOW): its name was
 * checked before the download, and a link planted there since must not carry the bytes elsewhere.
 */
async function openPartial(partial: string, append: boolean): Promise<FileHandle> {
	const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | (append ? constants.O_APPEND : constants.O_TRUNC);
	return open(partial, flags, 0o666).catch((error: NodeJS.ErrnoException) => {
		if (error.code !== 'ELOOP') throw error;
		throw new MediaError('InvalidInput', `"${path.basename(partial)}" in the output folder is a symlink; the direct download wrote nothing through it`, {
			retryable: false,
			hint: 'Remove the link from the output folder.',
		});
	});
}

/**
 * Streams a plain media URL into the output folder: a `.part` file resumed with Range when it exists
 * (and resuming is on), renamed to its final name only when complete. The request takes the user's
 * proxy, user agent, headers and cookies (lib/http); when it cannot (a SOCKS4 proxy) nothing is
 * requested and the error says why. The socket timeout is an idle limit: a long transfer that keeps
 * sending is never cut, a server silent for that long is.
 */
export async function downloadDirect(
	url: string,
	config: DownloadConfig,
	options: { auth: SiteAuth; signal?: AbortSignal; onProgress?: (p: Progress) => void },
): Promise<{ filepath: string; existed: boolean }> {
	const problem = ownRequestProblem(options.auth);
	if (problem)
		throw new MediaError('InvalidInput', `The direct download was not attempted: ${problem}`, {
			url,
			retryable: false,
			hint: 'Use an HTTP, HTTPS or SOCKS5 proxy for the direct download fallback.',
		});
	const filepath = path.join(config.outputDir, directFileName(url));
	const partial = `${filepath}.part`;
	// Whatever is at the name counts, a link too (never followed here: finishDirect checks where it leads).
	const exists = await lstat(filepath).then(
		() => true,
		() => false,
	);
	if (exists && !config.overwriteExisting) return { filepath, existed: true };

	// Only a regular .part is resumed: a link's target size means nothing to us (and openPartial refuses it).
	let offset = config.resumeDownloads ? await lstat(partial).then((s) => (s.isFile() ? s.size : 0), () => 0) : 0;
	const response = await httpRequest(url, {
		auth: options.auth,
		headers: offset > 0 ? { range: `bytes=${offset}-` } : {},
		signal: options.signal,
		idleTimeoutMs: (config.socketTimeout || 30) * 1000,
	});
	if (response.status === 416 && offset > 0) {
		// The partial file is already complete (or longer than the resource): start over.
		await response.close();
		await unlink(partial).catch(() => undefined);
		return downloadDirect(url, { ...config, resumeDownloads: false }, options);
	}
	if (response.status < 200 || response.status > 299) {
		await response.close();
		throw statusError(response.status, url);
	}
	if (offset > 0 && response.status !== 206) offset = 0; // the server ignored Range

	const length = Number(response.header('content-length')) || 0;
	const total = length ? length + offset : null;
	let received = offset;
	const progress = new Transform({
		transform(chunk: Buffer, _encoding, done) {
			received += chunk.length;
			options.onProgress?.({ percent: total ? Math.round((received / total) * 1000) / 10 : null, bytesDownloaded: received, totalBytes: total, speed: null, eta: null });
			done(null, chunk);
		},
	});
	const file = await openPartial(partial, offset > 0).catch(async (error: unknown) => {
		await response.close();
		throw error;
	});
	try {
		await pipeline(response.chunks(), throttle((config.rateLimitMbps * 1e6) / 8), progress, file.createWriteStream(), { signal: options.signal });
	} catch (error) {
		if (options.signal?.aborted) {
			await unlink(partial).catch(() => undefined);
			throw new MediaError('Cancelled', 'The execution was cancelled; the partial file was removed', { url });
		}
		// The .part file stays: the next attempt resumes it.
		if (error instanceof MediaError && error.kind === 'Timeout') throw new MediaError('Timeout', `Direct download stalled after ${received} bytes: ${error.message}`, { url, hint: error.hint });
		throw new MediaError('Network', `Direct download broke off after ${received} bytes: ${(error as Error).message}`, { url });
	} finally {
		await response.close();
	}
	if (total !== null && received !== total) throw new MediaError('Network', `Direct download ended at ${received} of ${total} bytes`, { url });
	await rename(partial, filepath);
	return { filepath, existed: false };
}
