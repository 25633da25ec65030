import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

import { formatSelector, resolveConfig, siteAuthFor, type DownloadConfig, type DownloadOptions, type PresetName, type SelectorStrictness } from '../config';
import { MediaError } from '../errors';
import type { FfmpegOptions } from '../ffmpeg';
import type { Progress } from '../progress';
import { withRetries } from '../retry';
import { checkMediaUrl, runPathCheck, type UrlPolicy } from '../urls';
import type { SiteAuth } from '../ytdlp';
import { forgetArchived, readArchiveIds } from './archive';
import { assertInside } from './confine';
import { downloadDirect, isDirectMediaUrl } from './direct';
import { postProcess } from './postprocess';
import { resultInfo, sideFiles } from './results';
import { checkRobots, ROBOTS_AGENT } from './robots';
import { attemptDownload, type AttemptResult } from './run';
import type { DownloadResult, FallbackAttempt, Strategy } from './types';

export interface DownloadCallOptions extends DownloadOptions, UrlPolicy {
	preset?: PresetName | 'none';
	/** the Media Site credential's settings */
	auth?: SiteAuth;
	signal?: AbortSignal;
	onProgress?: (progress: Progress) => void;
	/** a URL naming a playlist downloads its entries (start/end/max apply) */
	playlist?: boolean;
	/** Called for every folder we create or write into (n8n's file-access rules); throws to refuse. */
	checkOutputPath?: (absolutePath: string) => void | Promise<void>;
}

/**
 * Only a failed format choice moves on to the next, less strict selector: a post-processing failure
 * or a failed playlist entry would fail the same way again, after downloading everything once more.
 */
function isFormatFailure(error: MediaError): boolean {
	return /Requested format is not available|requested formats? (is|are) (not available|incompatible)/i.test(error.message);
}

/** A plain media URL yt-dlp could not handle (or no format fitted) may still be fetched directly. */
const DIRECT_FALLBACK_KINDS = new Set(['Unknown', 'UnsupportedUrl']);

const ANNOTATIONS_WARNING = 'writeAnnotations: YouTube removed annotations in 2019 and yt-dlp no longer writes them; the option has no effect';

async function prepareFolder(config: DownloadConfig, check?: DownloadCallOptions['checkOutputPath']): Promise<void> {
	const dir = path.resolve(config.outputDir);
	await runPathCheck(check, dir);
	if (config.createDirectories) await mkdir(dir, { recursive: true });
	const info = await stat(dir).catch(() => undefined);
	if (!info?.isDirectory())
		throw new MediaError('InvalidInput', `The output folder ${dir} does not exist`, { hint: 'Create it, or turn on "Create Directories".' });
}

/** A cookies.txt on disk, read (never handed to yt-dlp, which would rewrite it) after the file-access check. */
async function readCookieFile(file: string, check?: (p: string) => void | Promise<void>): Promise<string> {
	const absolute = path.resolve(file);
	await runPathCheck(check, absolute);
	return readFile(absolute, 'utf8').catch((error: NodeJS.ErrnoException) => {
		throw new MediaError('InvalidInput', `The cookie file ${absolute} cannot be read (${error.code ?? error.message})`);
	});
}

/** Removes the .part/.ytdl leftovers of an interrupted run (never the finished files). */
async function removePartials(folder: string, since: number): Promise<void> {
	const names = await readdir(folder, { recursive: true }).catch(() => [] as string[]);
	for (const name of names) {
		if (!/\.(part|ytdl)$|\.part-Frag\d+$|\.temp\.\w+$/.test(name)) continue;
		const file = path.join(folder, name);
		const info = await stat(file).catch(() => undefined);
		if (info && info.mtimeMs >= since) await unlink(file).catch(() => undefined);
	}
}

/**
 * Downloads what a URL points to. Strategies in order, each recorded with its error: the requested
 * selector → a relaxed one (no codec) → best → a direct HTTP download for plain media URLs.
 * Retryable errors are retried with backoff within a strategy. Returns one result per file (playlists
 * give several); an entry the archive lists is a result with skipped: 'archive', not an error.
 */
export async function downloadMedia(input: string, options: DownloadCallOptions = {}): Promise<DownloadResult[]> {
	const { preset, auth: baseAuth, signal, onProgress, playlist, checkOutputPath, allowLocalFiles, checkLocalPath, ...explicit } = options;
	const config = resolveConfig(explicit, preset);
	config.outputDir = path.resolve(config.outputDir);
	const { url, localPath } = await checkMediaUrl(input, { allowLocalFiles, checkLocalPath });
	if (config.useCookies && config.cookieFile && !config.cookies) config.cookies = await readCookieFile(config.cookieFile, checkLocalPath ?? checkOutputPath);
	const auth = siteAuthFor(config, baseAuth);
	await prepareFolder(config, checkOutputPath);
	if (config.respectRobotsTxt && !localPath) {
		const { crawlDelay } = await checkRobots(url, auth.userAgent || ROBOTS_AGENT, signal);
		if (crawlDelay && crawlDelay > config.requestDelay) config.requestDelay = crawlDelay;
	}

	const started = Date.now();
	const attempts: FallbackAttempt[] = [];
	const ffmpeg: FfmpegOptions = { paths: auth.paths, signal };
	try {
		const tried = new Set<string>();
		const direct = !localPath && isDirectMediaUrl(url);
		for (const strictness of ['requested', 'relaxed', 'best'] as SelectorStrictness[]) {
			const selector = formatSelector(config, strictness);
			if (tried.has(selector)) continue;
			tried.add(selector);
			let result: AttemptResult;
			try {
				result = await withRetries(
					() => attemptDownload(url, config, strictness, { auth, signal, onProgress, playlist, enableFileUrls: !!localPath }),
					{ maxRetries: config.maxRetries, retryDelayMs: config.retryDelay * 1000, signal },
				);
			} catch (error) {
				const failure = asMediaError(error, input);
				attempts.push({ strategy: strictness, selector, error: failure.message, kind: failure.kind });
				if (isFormatFailure(failure)) continue;
				if (direct && DIRECT_FALLBACK_KINDS.has(failure.kind)) break;
				throw withAttempts(failure, attempts);
			}
			// What went wrong after yt-dlp delivered (verification, conversion, a failed entry) is final and keeps partialResults.
			try {
				return await finish(input, result, config, strictness, attempts, ffmpeg, checkOutputPath);
			} catch (error) {
				throw withAttempts(asMediaError(error, input), attempts);
			}
		}
		if (direct) {
			try {
				const file = await withRetries(() => downloadDirect(url, config, { auth, signal, onProgress }), {
					maxRetries: config.maxRetries,
					retryDelayMs: config.retryDelay * 1000,
					signal,
				});
				return [await finishDirect(input, file, config, attempts, ffmpeg)];
			} catch (error) {
				const failure = asMediaError(error, input);
				attempts.push({ strategy: 'direct', selector: url, error: failure.message, kind: failure.kind });
				throw withAttempts(failure, attempts);
			}
		}
		const last = attempts[attempts.length - 1];
		throw withAttempts(new MediaError(last.kind, last.error, { url: input }), attempts);
	} catch (error) {
		if (signal?.aborted) await removePartials(config.outputDir, started);
		throw error;
	}
}

function asMediaError(error: unknown, url: string): MediaError {
	return error instanceof MediaError ? error : new MediaError('Unknown', (error as Error).message, { url });
}

/** The error of the last strategy, carrying every attempt (the node shows them). */
function withAttempts(error: MediaError, attempts: FallbackAttempt[]): MediaError {
	return Object.assign(error, { fallbackAttempts: [...attempts] });
}

async function finish(
	input: string,
	result: AttemptResult,
	config: DownloadConfig,
	strategy: Strategy,
	attempts: FallbackAttempt[],
	ffmpeg: FfmpegOptions,
	checkOutputPath?: DownloadCallOptions['checkOutputPath'],
): Promise<DownloadResult[]> {
	const warnings = config.writeAnnotations ? [ANNOTATIONS_WARNING] : [];
	const results: DownloadResult[] = [];
	const archivedIds = result.skips.archived.length > 0 && config.downloadArchive ? await readArchiveIds(path.resolve(config.outputDir, config.downloadArchive)) : new Set<string>();
	for (const entry of result.skips.archived) {
		// "<id>: <title>" from newer yt-dlp only when the archive really lists that id; else the words are the title.
		const named = entry.id !== undefined && archivedIds.has(entry.id);
		results.push({
			fileSize: 0,
			format: '',
			duration: null,
			strategyUsed: strategy,
			fallbackAttempts: [...attempts],
			info: { id: named ? entry.id! : entry.text, title: named ? entry.title : entry.text, url: input },
			files: { subtitles: [] },
			skipped: 'archive',
			warnings: [...warnings],
		});
	}
	await assertInside(config.outputDir, result.finished.map((f) => f.filepath));
	for (const finished of result.finished) {
		await runPathCheck(checkOutputPath, finished.filepath, input);
		const existed = result.skips.existing.includes(path.basename(finished.filepath));
		const info = resultInfo(finished.raw, input);
		let processed;
		try {
			processed = existed
				? await postProcess(finished.filepath, { ...config, normalizeAudio: false, convertFormat: '' }, sourceOf(finished.raw), ffmpeg)
				: await postProcess(finished.filepath, config, sourceOf(finished.raw), ffmpeg, finished);
		} catch (error) {
			if (config.downloadArchive) await forgetArchived(path.resolve(config.outputDir, config.downloadArchive), info.extractor, info.id);
			// The entries finished before this one stay usable.
			throw Object.assign(asMediaError(error, input), { partialResults: results });
		}
		results.push({
			...processed,
			strategyUsed: strategy,
			fallbackAttempts: [...attempts],
			info,
			files: await sideFiles(processed.localPath),
			...(existed ? { skipped: 'exists' as const } : {}),
			warnings: [...warnings, ...processed.warnings],
		});
	}
	if (result.entryErrors.length > 0) {
		// Without ignoreErrors a failed playlist entry fails the call; what finished is kept on the error.
		if (!config.ignoreErrors) throw Object.assign(result.entryErrors[0], { partialResults: results });
		const note = `${result.entryErrors.length} playlist entr${result.entryErrors.length === 1 ? 'y' : 'ies'} failed: ${result.entryErrors.map((e) => e.message).join('; ')}`;
		for (const r of results) r.warnings.push(note);
	}
	return results;
}

/** What the source promised, for verification: its duration and whether it has video (unknown = not demanded). */
function sourceOf(raw: Record<string, unknown>): { durationSec: number | null; hasVideo: boolean } {
	const vcodec = raw.vcodec;
	const hasVideo = (typeof vcodec === 'string' && vcodec !== 'none') || typeof raw.height === 'number';
	return { durationSec: typeof raw.duration === 'number' ? raw.duration : null, hasVideo };
}

async function finishDirect(
	input: string,
	direct: { filepath: string; existed: boolean },
	config: DownloadConfig,
	attempts: FallbackAttempt[],
	ffmpeg: FfmpegOptions,
): Promise<DownloadResult> {
	const processed = await postProcess(direct.filepath, direct.existed ? { ...config, normalizeAudio: false, convertFormat: '' } : config, { durationSec: null, hasVideo: false }, ffmpeg);
	const name = path.parse(direct.filepath).name;
	return {
		...processed,
		strategyUsed: 'direct',
		fallbackAttempts: [...attempts],
		info: { id: name, title: name, url: input },
		files: { subtitles: [] },
		...(direct.existed ? { skipped: 'exists' as const } : {}),
		warnings: processed.warnings,
	};
}
