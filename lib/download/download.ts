import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

import { formatSelector, resolveConfig, siteAuthFor, type DownloadConfig, type DownloadOptions, type PresetName, type SelectorStrictness } from '../config';
import { MediaError } from '../errors';
import type { FfmpegOptions } from '../ffmpeg';
import type { Progress } from '../progress';
import { withRetries } from '../retry';
import { checkMediaUrl, runPathCheck, type UrlPolicy } from '../urls';
import type { SiteAuth } from '../ytdlp';
import { forgetArchived } from './archive';
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
 * Another format selector helps only when the format choice or its processing failed (yt-dlp's
 * "Requested format is not available", a merge that failed); a direct download also when yt-dlp does
 * not understand the URL. Missing media, refused access, network trouble (already retried) are final.
 */
const SELECTOR_FALLBACK_KINDS = new Set(['Unknown', 'Postprocess']);
const DIRECT_FALLBACK_KINDS = new Set(['Unknown', 'Postprocess', 'UnsupportedUrl']);

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
		for (const strictness of ['requested', 'relaxed', 'best'] as SelectorStrictness[]) {
			const selector = formatSelector(config, strictness);
			if (tried.has(selector)) continue;
			tried.add(selector);
			try {
				const result = await withRetries(
					() => attemptDownload(url, config, strictness, { auth, signal, onProgress, playlist, enableFileUrls: !!localPath }),
					{ maxRetries: config.maxRetries, retryDelayMs: config.retryDelay * 1000, signal },
				);
				return await finish(input, result, config, strictness, attempts, ffmpeg, checkOutputPath);
			} catch (error) {
				const failure = error instanceof MediaError ? error : new MediaError('Unknown', (error as Error).message, { url: input });
				attempts.push({ strategy: strictness, selector, error: failure.message, kind: failure.kind });
				if (!SELECTOR_FALLBACK_KINDS.has(failure.kind)) {
					if (!(DIRECT_FALLBACK_KINDS.has(failure.kind) && !localPath && isDirectMediaUrl(url))) throw withAttempts(failure, attempts);
					break;
				}
			}
		}
		if (!localPath && isDirectMediaUrl(url) && DIRECT_FALLBACK_KINDS.has(attempts[attempts.length - 1].kind)) {
			try {
				const direct = await withRetries(() => downloadDirect(url, config, { auth, signal, onProgress }), {
					maxRetries: config.maxRetries,
					retryDelayMs: config.retryDelay * 1000,
					signal,
				});
				return [await finishDirect(input, direct, config, attempts, ffmpeg)];
			} catch (error) {
				const failure = error instanceof MediaError ? error : new MediaError('Unknown', (error as Error).message, { url: input });
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
	// yt-dlp names an archived entry by its title (the id when it has none).
	for (const name of result.skips.archived)
		results.push({
			fileSize: 0,
			format: '',
			duration: null,
			strategyUsed: strategy,
			fallbackAttempts: [...attempts],
			info: { id: name, title: name, url: input },
			files: { subtitles: [] },
			skipped: 'archive',
			warnings: [...warnings],
		});
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
			throw error;
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
