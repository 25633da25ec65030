import path from 'node:path';

import { envMaxConcurrent, resolveConfig, siteAuthFor } from '../config';
import { MediaError } from '../errors';
import { runPathCheck } from '../urls';
import { downloadMedia, type DownloadCallOptions } from './download';
import { downloadSubtitles, type SubtitleFile } from './subtitles';
import type { DownloadResult } from './types';

/** getVideo/getAudio options: the spec's names (`quality`, `format`) plus every DownloadConfig option. */
export type VideoOptions = DownloadCallOptions;
export interface AudioOptions extends Omit<DownloadCallOptions, 'quality' | 'format'> {
	/** audio format: mp3, m4a, opus, flac, wav, ogg, aac */
	format?: DownloadCallOptions['audioFormat'];
	/** bitrate such as '192k', or 'best' */
	quality?: string;
}

function single(results: DownloadResult[], url: string): DownloadResult {
	if (results.length === 1) return results[0];
	throw new MediaError('InvalidInput', `The URL gave ${results.length} files (a playlist?)`, {
		url,
		hint: 'Use downloadMedia(url, { playlist: true }) for playlists: it returns one result per entry.',
	});
}

/** One video file at the requested quality and container. */
export async function getVideo(url: string, options: VideoOptions = {}): Promise<DownloadResult> {
	return single(await downloadMedia(url, { ...options, audioOnly: false }), url);
}

/** One audio file: extracted, converted to `format` at `quality` (e.g. mp3 at 192k). */
export async function getAudio(url: string, options: AudioOptions = {}): Promise<DownloadResult> {
	const { format, quality, ...rest } = options;
	return single(await downloadMedia(url, { ...rest, audioOnly: true, audioFormat: format ?? rest.audioFormat, audioQuality: quality ?? rest.audioQuality }), url);
}

export interface ContentOptions extends DownloadCallOptions {
	includeAudio?: boolean;
	includeVideo?: boolean;
	includeTranscript?: boolean;
	transcriptLanguages?: string[];
	/** accept auto-generated captions for the transcript (default true) */
	autoTranscript?: boolean;
}

export interface ContentResult {
	audioFile?: DownloadResult;
	videoFile?: DownloadResult;
	transcriptFile?: SubtitleFile;
	transcriptFiles?: SubtitleFile[];
	audioError?: MediaError;
	videoError?: MediaError;
	transcriptError?: MediaError;
}

function asMediaError(error: unknown, url: string): MediaError {
	if (error instanceof MediaError) return error;
	return new MediaError('Unknown', (error as Error).message ?? String(error), { url });
}

/** Audio, video and transcript of one URL; one part failing keeps the others and reports its error. */
export async function getContent(url: string, options: ContentOptions = {}): Promise<ContentResult> {
	const { includeAudio = true, includeVideo = true, includeTranscript = true, transcriptLanguages, autoTranscript = true, ...rest } = options;
	const out: ContentResult = {};
	// Sequential on purpose: the parts share the site's rate limits, and a cancel stops at the current part.
	if (includeVideo) await getVideo(url, rest).then((r) => (out.videoFile = r), (e: unknown) => (out.videoError = asMediaError(e, url)));
	if (rest.signal?.aborted) throw new MediaError('Cancelled', 'The execution was cancelled', { url });
	// Not getAudio: its `format`/`quality` mean the audio format and bitrate, here they are the video's.
	if (includeAudio)
		await downloadMedia(url, { ...rest, audioOnly: true }).then(
			(r) => (out.audioFile = single(r, url)),
			(e: unknown) => (out.audioError = asMediaError(e, url)),
		);
	if (rest.signal?.aborted) throw new MediaError('Cancelled', 'The execution was cancelled', { url });
	if (includeTranscript) {
		const config = resolveConfig({ outputDir: rest.outputDir, subtitleLanguages: rest.subtitleLanguages, userAgent: rest.userAgent, proxyUrl: rest.proxyUrl, headers: rest.headers, cookies: rest.cookies }, rest.preset);
		const outputDir = path.resolve(config.outputDir);
		await runPathCheck(rest.checkOutputPath, outputDir)
			.then(() =>
				downloadSubtitles(url, {
					outputDir,
					languages: transcriptLanguages ?? config.subtitleLanguages,
					auto: autoTranscript,
					auth: siteAuthFor(config, rest.auth),
					signal: rest.signal,
					allowLocalFiles: rest.allowLocalFiles,
					checkLocalPath: rest.checkLocalPath,
				}),
			)
			.then(
				(files) => {
					out.transcriptFile = files[0];
					out.transcriptFiles = files;
				},
				(e: unknown) => (out.transcriptError = asMediaError(e, url)),
			);
	}
	return out;
}

/** Audio of many URLs, at most `maxConcurrent` at a time (DOWNLOAD_MAX_CONCURRENT, default 3); results in input order. */
export async function getAudioBatch(urls: readonly string[], options: AudioOptions & { maxConcurrent?: number } = {}): Promise<Array<DownloadResult | MediaError>> {
	const { maxConcurrent = envMaxConcurrent(), ...rest } = options;
	const results: Array<DownloadResult | MediaError> = new Array(urls.length);
	let next = 0;
	const worker = async () => {
		while (next < urls.length) {
			const i = next++;
			if (rest.signal?.aborted) {
				results[i] = new MediaError('Cancelled', 'The execution was cancelled', { url: urls[i] });
				continue;
			}
			results[i] = await getAudio(urls[i], rest).catch((e: unknown) => asMediaError(e, urls[i]));
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(maxConcurrent, urls.length)) }, worker));
	return results;
}
