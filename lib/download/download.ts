import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

import { envMaxConcurrent, formatSelector, resolveConfig, siteAuthFor, type DownloadConfig, type DownloadOptions, type PresetName, type RunPaths, type SelectorStrictness } from '../config';
import { MediaError } from '../errors';
import { expandHome } from '../home';
import type { FfmpegOptions } from '../ffmpeg';
import type { Progress } from '../progress';
import { withRetries } from '../retry';
import { checkMediaUrl, runPathCheck, type UrlPolicy } from '../urls';
import type { SiteAuth } from '../ytdlp';
import { readArchiveIds } from './archive';
import { assertInside, checkNamed, realTarget, resolveInside, resolveReadable } from './confine';
import { directFileName, downloadDirect, isDirectMediaUrl } from './direct';
import { forgetConfined, forgetOutside, guardAfterRun, guardBefore, type FolderGuard } from './folderGuard';
import { downloadPlaylistEntries, entryFailureNote } from './playlist';
import { postProcess } from './postprocess';
import { resultInfo, sideFiles, type FinishedFile } from './results';
import { checkRobots } from './robots';
import { attemptDownload, type AttemptResult } from './run';
import { claimTempFolder, dropPartFiles, tempFolderName, type TempOutcome } from './tempFolder';
import type { DownloadResult, FallbackAttempt, Strategy } from './types';

export interface DownloadCallOptions extends DownloadOptions, UrlPolicy {
	preset?: PresetName | 'none';
	/** the Media Site credential's settings */
	auth?: SiteAuth;
	signal?: AbortSignal;
	onProgress?: (progress: Progress) => void;
	/** a URL naming a playlist downloads its entries (start/end/max apply) */
	playlist?: boolean;
	/** playlist entries downloaded at once (DOWNLOAD_MAX_CONCURRENT, default 3) */
	maxConcurrent?: number;
	/** only these entry numbers of the playlist (one share of a parallel playlist download) */
	playlistItems?: number[];
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

/** The parallel shares of a playlist use the look at the output folder their caller made (one walk, not one per share). */
const inheritedGuards = new WeakMap<DownloadCallOptions, FolderGuard>();

function sharingGuard(options: DownloadCallOptions, guard: FolderGuard): DownloadCallOptions {
	inheritedGuards.set(options, guard);
	return options;
}

const ANNOTATIONS_WARNING = 'writeAnnotations: YouTube removed annotations in 2019 and yt-dlp no longer writes them; the option has no effect';

/**
 * The output folder (checked, created when allowed) and every path option confined to it: the archive
 * file, and the literal folders at the start of the output template (a symlink there would carry the
 * files elsewhere). Field-named folders are covered by the walk for symlinks (folderGuard).
 */
async function prepareFolder(config: DownloadConfig, check?: DownloadCallOptions['checkOutputPath']): Promise<void> {
	const dir = config.outputDir;
	await checkNamed('outputDir', check, (await realTarget(dir)) ?? dir);
	if (config.createDirectories) await mkdir(dir, { recursive: true });
	const info = await stat(dir).catch(() => undefined);
	if (!info?.isDirectory())
		throw new MediaError('InvalidInput', `The output folder ${dir} does not exist`, { hint: 'Create it, or turn on "Create Directories".' });
	if (config.downloadArchive) config.downloadArchive = await resolveInside(dir, config.downloadArchive, 'downloadArchive', check);
	const literal = templateFolder(config.outputTemplate);
	if (literal) await resolveInside(dir, literal, 'outputTemplate', check);
}

/** The folders of a template before its first field: "Music/%(artist)s/x" → "Music"; "" when none. */
function templateFolder(template: string): string {
	const folders = template.split(/[\\/]/).slice(0, -1);
	const firstField = folders.findIndex((s) => s.includes('%'));
	const fixed = firstField === -1 ? folders : folders.slice(0, firstField);
	const folder = path.normalize(fixed.join('/') || '.');
	return folder === '.' ? '' : folder;
}

/**
 * A cookies.txt on disk, read (never handed to yt-dlp, which would rewrite it) after the file-access
 * check. It is read, not written, so it need not be in the output folder: the caller's read rules decide.
 */
export async function readCookieFile(file: string, check?: (p: string) => void | Promise<void>): Promise<string> {
	const real = await resolveReadable(file, 'cookieFile', check);
	return readFile(real, 'utf8').catch((error: NodeJS.ErrnoException) => {
		throw new MediaError('InvalidInput', `cookieFile "${file}" cannot be read (${error.code ?? error.message})`);
	});
}

/**
 * Downloads what a URL points to. Strategies in order, each recorded with its error: the requested
 * selector → a relaxed one (no codec) → best → a direct HTTP download for plain media URLs.
 * Retryable errors are retried with backoff within a strategy. Returns one result per file (playlists
 * give several); an entry the archive lists is a result with skipped: 'archive', not an error.
 */
export async function downloadMedia(input: string, options: DownloadCallOptions = {}): Promise<DownloadResult[]> {
	const { preset, auth: baseAuth, signal, onProgress, playlist, playlistItems, maxConcurrent = envMaxConcurrent(), checkOutputPath, allowLocalFiles, checkLocalPath, ...explicit } = options;
	const config: DownloadConfig & RunPaths = resolveConfig(explicit, preset);
	config.outputDir = path.resolve(expandHome(config.outputDir));
	const { url, localPath } = await checkMediaUrl(input, { allowLocalFiles, checkLocalPath });
	if (config.useCookies && config.cookieFile && !config.cookies) config.cookies = await readCookieFile(config.cookieFile, checkLocalPath ?? checkOutputPath);
	const auth = siteAuthFor(config, baseAuth, explicit);
	await prepareFolder(config, checkOutputPath);
	const guard = inheritedGuards.get(options) ?? (await guardBefore(config.outputDir, config.outputTemplate));
	// Notes for every result of this call (what was asked for but could not apply).
	const notes = config.writeAnnotations ? [ANNOTATIONS_WARNING] : [];
	if (guard.warning) notes.push(guard.warning);
	if (config.respectRobotsTxt && !localPath) {
		const { crawlDelay, warning } = await checkRobots(url, auth, signal);
		if (crawlDelay && crawlDelay > config.requestDelay) config.requestDelay = crawlDelay;
		if (warning) notes.push(warning);
	}
	const noted = (results: DownloadResult[]) => {
		for (const r of results) r.warnings.unshift(...notes);
		return results;
	};

	if (playlist && !playlistItems && maxConcurrent > 1) {
		const { startNumber, endNumber, maxDownloads, ignoreErrors } = config;
		const share = (entries: number[] | undefined) => sharingGuard(entries ? { ...options, playlistItems: entries } : { ...options, maxConcurrent: 1 }, guard);
		return downloadPlaylistEntries((entries) => downloadMedia(input, share(entries)), {
			url,
			startNumber,
			endNumber,
			maxDownloads,
			ignoreErrors,
			maxConcurrent,
			signal,
			info: { auth, allowLocalFiles, checkLocalPath },
		});
	}

	// The download's own folder for .part files: a cancel removes it, and only it (tempFolder.ts).
	const temp = await claimTempFolder(config.outputDir, tempFolderName(url, config, playlistItems ?? playlist), checkOutputPath);
	config.tempDir = temp.dir;
	let outcome: TempOutcome = 'done';
	const attempts: FallbackAttempt[] = [];
	const ffmpeg: FfmpegOptions = { paths: auth.paths, signal };
	const started = Date.now();
	let lookedAfter = false;
	const lookAfter = (finished: FinishedFile[] = []) => {
		lookedAfter = true;
		return guardAfterRun(guard, started, config, finished, checkOutputPath);
	};
	try {
		const tried = new Set<string>();
		const direct = !localPath && isDirectMediaUrl(url);
		for (const strictness of ['requested', 'relaxed', 'best'] as SelectorStrictness[]) {
			const selector = formatSelector(config, strictness);
			if (tried.has(selector)) continue;
			tried.add(selector);
			let result: AttemptResult;
			const attempt = () =>
				withRetries(() => attemptDownload(url, config, strictness, { auth, signal, onProgress, playlist, playlistItems, enableFileUrls: !!localPath }), {
					maxRetries: config.maxRetries,
					retryDelayMs: config.retryDelay * 1000,
					signal,
				});
			try {
				result = await attempt().catch(async (error: unknown) => {
					// A complete .part left by a killed run makes current yt-dlp ask for a range past its end: start that file afresh, once.
					if (!/HTTP Error 416/.test(String((error as Error)?.message)) || (await dropPartFiles(temp.dir)) === 0) throw error;
					return attempt();
				});
			} catch (error) {
				const failure = asMediaError(error, input);
				attempts.push({ strategy: strictness, selector, error: failure.message, kind: failure.kind });
				if (isFormatFailure(failure)) continue;
				if (direct && DIRECT_FALLBACK_KINDS.has(failure.kind)) break;
				throw withAttempts(failure, attempts);
			}
			// What went wrong after yt-dlp delivered (verification, conversion, a failed entry) is final and keeps partialResults.
			try {
				await lookAfter(result.finished);
				return noted(await finish(input, result, config, strictness, attempts, ffmpeg, checkOutputPath));
			} catch (error) {
				throw withAttempts(asMediaError(error, input), attempts);
			}
		}
		if (direct) {
			// The only two names it writes (with a stream that follows links): refused before, not found out after.
			const name = directFileName(url);
			for (const file of [`${name}.part`, name]) await resolveInside(config.outputDir, file, 'The file', checkOutputPath).catch((error: unknown) => {
				throw withAttempts(asMediaError(error, input), attempts);
			});
			try {
				const file = await withRetries(() => downloadDirect(url, config, { auth, signal, onProgress }), {
					maxRetries: config.maxRetries,
					retryDelayMs: config.retryDelay * 1000,
					signal,
				});
				await lookAfter();
				return noted([await finishDirect(input, file, config, attempts, ffmpeg, checkOutputPath)]);
			} catch (error) {
				const failure = asMediaError(error, input);
				const previous = attempts[attempts.length - 1];
				attempts.push({ strategy: 'direct', selector: url, error: failure.message, kind: failure.kind });
				// A direct download that could not even be tried (a proxy we cannot use) leaves yt-dlp's error the one to show.
				if (failure.kind === 'InvalidInput' && previous) throw withAttempts(new MediaError(previous.kind, previous.error, { url: input }), attempts);
				throw withAttempts(failure, attempts);
			}
		}
		const last = attempts[attempts.length - 1];
		throw withAttempts(new MediaError(last.kind, last.error, { url: input }), attempts);
	} catch (error) {
		outcome = signal?.aborted ? 'cancelled' : 'failed';
		// A run that failed may still have written through a link that appeared meanwhile: that is the error to report.
		if (!lookedAfter && !signal?.aborted) await lookAfter().catch((refusal: unknown) => {
			throw withAttempts(asMediaError(refusal, input), attempts);
		});
		throw error;
	} finally {
		await temp.release(outcome, config.resumeDownloads && !config.overwriteExisting);
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
			warnings: [],
		});
	}
	try {
		await assertInside(config.outputDir, result.finished.map((f) => f.filepath));
	} catch (error) {
		await forgetOutside(config, result.finished);
		throw error;
	}
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
			await forgetConfined(config, info.extractor, info.id);
			// The entries finished before this one stay usable.
			throw Object.assign(asMediaError(error, input), { partialResults: results });
		}
		results.push({
			...processed,
			strategyUsed: strategy,
			fallbackAttempts: [...attempts],
			info,
			files: await sideFiles(processed.localPath, { outputDir: config.outputDir, check: checkOutputPath, tempDir: (config as RunPaths).tempDir }),
			...(existed ? { skipped: 'exists' as const } : {}),
			warnings: [...processed.warnings, ...(finished.cutAtLimit ? [`recording cut at the limit of ${config.timeout} s`] : [])],
		});
	}
	if (result.entryErrors.length > 0) {
		// Without ignoreErrors a failed playlist entry fails the call; what finished is kept on the error.
		if (!config.ignoreErrors) throw Object.assign(result.entryErrors[0], { partialResults: results });
		const note = entryFailureNote(result.entryErrors.map((e) => e.message));
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
	checkOutputPath?: DownloadCallOptions['checkOutputPath'],
): Promise<DownloadResult> {
	// Checked by name before it was written; this is where it really went.
	await assertInside(config.outputDir, [direct.filepath]);
	await runPathCheck(checkOutputPath, (await realTarget(direct.filepath)) ?? direct.filepath, input);
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
