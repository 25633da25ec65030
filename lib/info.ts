import { classifyFailure, errorLines, MediaError, tail } from './errors';
import { chooseOptimalFormat, summarizeFormats, type AvailableFormats, type ContentType, type OptimalFormat, type Platform } from './formatChoice';
import { toMediaInfo, type MediaInfo } from './mediaInfo';
import { retryAfterFor, withRetries, type RetryPolicy } from './retry';
import { checkMediaUrl, type UrlPolicy } from './urls';
import { runYtDlp, type SiteAuth } from './ytdlp';
import { infoFlags } from './ytdlpFlags';

export interface InfoOptions extends UrlPolicy, RetryPolicy {
	auth?: SiteAuth;
	signal?: AbortSignal;
	/** Budget per URL; a batch gets this times its URL count. Default 60 s. */
	timeoutMs?: number;
	/** Seconds yt-dlp waits on a silent connection. Default 20. */
	socketTimeout?: number;
	/** Playlist entries listed (flat). Default 100. */
	playlistLimit?: number;
	/** Never treat a video URL that also names a playlist as the playlist. */
	noPlaylist?: boolean;
	/** URLs per yt-dlp process. Default 50. */
	batchSize?: number;
}

/** One input's outcome; `input` is exactly what the caller gave. */
export type InfoOutcome = { input: string; info: MediaInfo; error?: undefined } | { input: string; error: MediaError; info?: undefined };

/** 50 URLs per process: start-up (~0.5 s) is paid once per 50, and one stuck batch holds back at most 50 items. */
export const DEFAULT_BATCH_SIZE = 50;
const DEFAULTS = { timeoutMs: 60_000, socketTimeout: 20, playlistLimit: 100, batchSize: DEFAULT_BATCH_SIZE };

/**
 * Runs yt-dlp once for all URLs. With --ignore-errors and -J it prints exactly one line per URL, in
 * order: the JSON, or `null` when that URL failed, and one ERROR line per failure on stderr. When the
 * output does not have that shape (a future yt-dlp), failures are re-run one by one so that every error
 * is attributed to the right URL.
 */
async function extractBatch(urls: string[], options: InfoOptions): Promise<Map<string, MediaInfo | MediaError>> {
	const limit = options.playlistLimit ?? DEFAULTS.playlistLimit;
	const timeoutMs = (options.timeoutMs ?? DEFAULTS.timeoutMs) * urls.length;
	const flags = infoFlags({ playlistLimit: limit, socketTimeout: options.socketTimeout ?? DEFAULTS.socketTimeout, noPlaylist: options.noPlaylist });
	const result = await runYtDlp(flags, urls, {
		auth: options.auth,
		signal: options.signal,
		timeoutMs,
		enableFileUrls: urls.some((u) => u.startsWith('file:')),
	});
	const lines = result.stdout.split('\n').filter((l) => l.trim() !== '');
	const outcomes = new Map<string, MediaInfo | MediaError>();
	const failed: string[] = [];
	const aligned = lines.length === urls.length;
	if (aligned) {
		lines.forEach((line, i) => {
			const raw = parseLine(line);
			if (raw) outcomes.set(urls[i], toMediaInfo(raw, urls[i], limit));
			else failed.push(urls[i]);
		});
	} else {
		// Unexpected shape: keep what can be attributed by its original_url, re-check the rest.
		for (const line of lines) {
			const raw = parseLine(line);
			const url = raw && typeof raw.original_url === 'string' ? raw.original_url : undefined;
			if (raw && url && urls.includes(url)) outcomes.set(url, toMediaInfo(raw, url, limit));
		}
		failed.push(...urls.filter((u) => !outcomes.has(u)));
	}
	if (failed.length === 0) return outcomes;

	const errors = errorLines(result.stderr);
	if (aligned && errors.length === failed.length) {
		failed.forEach((url, i) => outcomes.set(url, classifyFailure(errors[i], url, tail(result.stderr))));
	} else if (failed.length === 1) {
		outcomes.set(failed[0], classifyFailure(errors.join('\n') || tail(result.stderr) || `yt-dlp exited with ${result.exitCode}`, failed[0], tail(result.stderr)));
	} else {
		for (const url of failed) {
			const single = await extractBatch([url], options);
			outcomes.set(url, single.get(url)!);
		}
	}
	return outcomes;
}

function parseLine(line: string): Record<string, unknown> | null {
	const trimmed = line.trim();
	if (trimmed === 'null' || !trimmed.startsWith('{')) return null;
	try {
		return JSON.parse(trimmed) as Record<string, unknown>;
	} catch {
		return null;
	}
}

/** Runs one batch with retries; only the URLs that failed retryably are run again. */
async function settleBatch(batch: string[], settled: Map<string, MediaInfo | MediaError>, options: InfoOptions): Promise<void> {
	let pending = batch;
	await withRetries(async () => {
		try {
			for (const [url, outcome] of await extractBatch(pending, options)) settled.set(url, outcome);
		} catch (error) {
			// The whole run failed (timeout, missing program): every URL in it shares the error.
			if (!(error instanceof MediaError) || error.kind === 'Cancelled') throw error;
			for (const url of pending) settled.set(url, new MediaError(error.kind, error.message, { url, stderr: error.stderr }));
		}
		pending = pending.filter((url) => {
			const outcome = settled.get(url);
			return outcome instanceof MediaError && outcome.retryable;
		});
		if (pending.length > 0) {
			const first = settled.get(pending[0]) as MediaError;
			throw new MediaError(first.kind, first.message, { url: first.url, retryAfterMs: await retryAfterFor(first, options) });
		}
	}, options).catch((error: unknown) => {
		// Exhausted retries leave the last error per URL in `settled`; anything else (cancel) is fatal.
		if (!(error instanceof MediaError) || !error.retryable) throw error;
	});
}

/**
 * Metadata for many URLs, `batchSize` per yt-dlp process (start-up costs about half a second per
 * process). Returns one outcome per input, in input order; a bad URL never costs the others their result.
 * Retryable failures (network, rate limit, timeout) are retried with backoff, only for those URLs.
 */
export async function getInfoOutcomes(inputs: readonly unknown[], options: InfoOptions = {}): Promise<InfoOutcome[]> {
	const settled = new Map<string, MediaInfo | MediaError>();
	const valid: Array<{ input: string; url: string } | { input: string; error: MediaError }> = await Promise.all(
		inputs.map(async (input) => {
			try {
				return { input: String(input), url: (await checkMediaUrl(input, options)).url };
			} catch (error) {
				return { input: String(input), error: error as MediaError };
			}
		}),
	);
	const urls = [...new Set(valid.flatMap((v) => ('url' in v ? [v.url] : [])))];
	const batchSize = Math.max(1, options.batchSize ?? DEFAULTS.batchSize);
	for (let i = 0; i < urls.length; i += batchSize) await settleBatch(urls.slice(i, i + batchSize), settled, options);

	return valid.map((v) => {
		if ('error' in v) return { input: v.input, error: v.error };
		const outcome = settled.get(v.url);
		if (outcome instanceof MediaError) return { input: v.input, error: outcome };
		if (!outcome) return { input: v.input, error: new MediaError('Unknown', 'yt-dlp returned nothing for this URL', { url: v.input }) };
		return { input: v.input, info: { ...outcome, inputUrl: v.input } };
	});
}

/** Metadata of one URL (throws MediaError), or of many (one MediaInfo or MediaError per URL, in order). */
export async function getInfo(url: string, options?: InfoOptions): Promise<MediaInfo>;
export async function getInfo(urls: readonly string[], options?: InfoOptions): Promise<Array<MediaInfo | MediaError>>;
export async function getInfo(urls: string | readonly string[], options: InfoOptions = {}): Promise<MediaInfo | Array<MediaInfo | MediaError>> {
	const list = typeof urls === 'string' ? [urls] : urls;
	const outcomes = await getInfoOutcomes(list, options);
	if (typeof urls !== 'string') return outcomes.map((o) => o.info ?? o.error!);
	if (outcomes[0].error) throw outcomes[0].error;
	return outcomes[0].info!;
}

/** Formats of one URL, grouped for choosing: video, audio, qualities, codecs, caption languages. */
export async function getAvailableFormats(url: string, options: InfoOptions = {}): Promise<AvailableFormats> {
	return summarizeFormats(await getInfo(url, options));
}

/** The best format for a platform and content type, with the reason for the choice. */
export async function getOptimalFormat(
	url: string,
	choice: { contentType?: ContentType; platform?: Platform } = {},
	options: InfoOptions = {},
): Promise<OptimalFormat> {
	const info = await getInfo(url, { ...options, noPlaylist: true });
	return chooseOptimalFormat(info.formats, choice.contentType ?? 'video', choice.platform ?? 'web');
}
