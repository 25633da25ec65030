import path from 'node:path';

import { envMaxConcurrent, isAudioPreset, resolveConfig, siteAuthFor, type DownloadOptions, type PresetName, type Quality, type VideoContainer } from '../config';
import { mapWithConcurrency } from '../concurrency';
import { MediaError } from '../errors';
import { runPathCheck } from '../urls';
import { downloadMedia, readCookieFile, type DownloadCallOptions } from './download';
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

/** One video file at the requested quality and container. An audio preset (podcast, music) is refused: use getAudio. */
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
	/** container of the video part (the spec's video_format); default `format` */
	videoFormat?: VideoContainer;
	/** quality of the video part (the spec's video_quality); default `quality` */
	videoQuality?: Quality;
	/** preset of the video part; default `preset` when it is a video preset */
	videoPreset?: PresetName | 'none';
	/** preset of the audio part; default `preset` when it is an audio preset */
	audioPreset?: PresetName | 'none';
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

/**
 * Audio, video and transcript of one URL; one part failing keeps the others and reports its error.
 * `preset` applies to the part it fits (podcast and music to the audio, the others to the video) unless
 * videoPreset/audioPreset name one per part; the transcript part uses the same network settings.
 */
export async function getContent(url: string, options: ContentOptions = {}): Promise<ContentResult> {
	const { includeAudio = true, includeVideo = true, includeTranscript = true, transcriptLanguages, autoTranscript = true, videoFormat, videoQuality, videoPreset, audioPreset, ...rest } = options;
	const out: ContentResult = {};
	const audioPart = audioPreset ?? (isAudioPreset(rest.preset) ? rest.preset : undefined);
	const videoPart = videoPreset ?? (isAudioPreset(rest.preset) ? undefined : rest.preset);
	// Sequential on purpose: the parts share the site's rate limits, and a cancel stops at the current part.
	if (includeVideo)
		await getVideo(url, { ...rest, preset: videoPart, format: videoFormat ?? rest.format, quality: videoQuality ?? rest.quality }).then(
			(r) => (out.videoFile = r),
			(e: unknown) => (out.videoError = asMediaError(e, url)),
		);
	if (rest.signal?.aborted) throw new MediaError('Cancelled', 'The execution was cancelled', { url });
	// Not getAudio: its `format`/`quality` mean the audio format and bitrate, here they are the video's.
	if (includeAudio)
		await downloadMedia(url, { ...rest, preset: audioPart, audioOnly: true }).then(
			(r) => (out.audioFile = single(r, url)),
			(e: unknown) => (out.audioError = asMediaError(e, url)),
		);
	if (rest.signal?.aborted) throw new MediaError('Cancelled', 'The execution was cancelled', { url });
	if (includeTranscript)
		await transcriptPart(url, { ...rest, preset: rest.preset ?? videoPart ?? audioPart }, transcriptLanguages, autoTranscript).then(
			(files) => {
				out.transcriptFile = files[0];
				out.transcriptFiles = files;
			},
			(e: unknown) => (out.transcriptError = asMediaError(e, url)),
		);
	return out;
}

/**
 * getContent's captions, with the config the other parts resolve: output folder and its check, cookies
 * (a cookie file read through the same check), user agent, proxy, headers, retries and timeout.
 */
async function transcriptPart(url: string, options: DownloadCallOptions, languages: string[] | undefined, auto: boolean): Promise<SubtitleFile[]> {
	const { preset, auth, signal, checkOutputPath, allowLocalFiles, checkLocalPath, ...rest } = options;
	// What selects or shapes the media file does not apply to captions (resolveConfig skips undefined values).
	const config = resolveConfig({ ...rest, onProgress: undefined, playlist: undefined, audioOnly: undefined, format: undefined } as DownloadOptions, preset);
	const outputDir = path.resolve(config.outputDir);
	await runPathCheck(checkOutputPath, outputDir);
	if (config.useCookies && config.cookieFile && !config.cookies) config.cookies = await readCookieFile(config.cookieFile, checkLocalPath ?? checkOutputPath);
	return downloadSubtitles(url, {
		outputDir,
		languages: languages ?? config.subtitleLanguages,
		auto,
		auth: siteAuthFor(config, auth, rest as DownloadOptions),
		signal,
		maxRetries: config.maxRetries,
		timeoutMs: config.timeout * 1000,
		allowLocalFiles,
		checkLocalPath,
		checkOutputPath,
	});
}

/** Audio of many URLs, at most `maxConcurrent` at a time (DOWNLOAD_MAX_CONCURRENT, default 3); results in input order. */
export async function getAudioBatch(urls: readonly string[], options: AudioOptions & { maxConcurrent?: number } = {}): Promise<Array<DownloadResult | MediaError>> {
	const { maxConcurrent = envMaxConcurrent(), ...rest } = options;
	return mapWithConcurrency(urls, maxConcurrent, (url) => getAudio(url, rest).catch((e: unknown) => asMediaError(e, url)), {
		signal: rest.signal,
		onSkipped: (url) => new MediaError('Cancelled', 'The execution was cancelled', { url }),
	});
}
