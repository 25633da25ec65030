import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { resolveConfig } from './config';
import { writeInside, type PathCheck } from './download/confine';
import { CAPTION_FORMATS, downloadSubtitles, type SubtitleFile } from './download/subtitles';
import { MediaError } from './errors';
import { expandHome } from './home';
import { getInfo, type InfoOptions } from './info';
import type { MediaInfo } from './mediaInfo';
import { convertTranscriptToMarkdown, TranscriptConverter, type ConvertOptions, type OutputFormat, type TranscriptStats, type TranscriptWarning } from './transcript';
import { readCaptionFile } from './transcript/files';

export interface CaptionChoice {
	/** the language code as the site names it (en, en-US, de-DE …) */
	language: string;
	automatic: boolean;
}

/** A wanted code matches exactly, as a region of it (en → en-US), or as yt-dlp's regex pattern (en.*). */
function matches(wanted: string, available: string): boolean {
	if (wanted === available || available.split('-')[0] === wanted) return true;
	if (!/[.*+]/.test(wanted)) return false;
	try {
		return new RegExp(`^(?:${wanted})$`).test(available);
	} catch {
		return false;
	}
}

/**
 * Which caption wins when several match: `language` (default, as the spec's "try English first"): each
 * language in the user's order, its manual captions and then (when allowed) its automatic ones;
 * `manual`: manual captions in any listed language before any automatic ones.
 */
export type CaptionPriority = 'language' | 'manual';

/** The caption track to fetch for `languages` in priority order, or undefined when none matches. */
export function chooseCaptions(
	info: Pick<MediaInfo, 'subtitleLanguages' | 'autoCaptionLanguages'>,
	languages: string[],
	allowAutomatic: boolean,
	priority: CaptionPriority = 'language',
): CaptionChoice | undefined {
	const pools: Array<[string[], boolean]> = [[info.subtitleLanguages, false]];
	if (allowAutomatic) pools.push([info.autoCaptionLanguages, true]);
	const find = (wanted: string, [pool, automatic]: [string[], boolean]): CaptionChoice | undefined => {
		const found = pool.find((lang) => lang === wanted) ?? pool.find((lang) => matches(wanted, lang));
		return found ? { language: found, automatic } : undefined;
	};
	const order =
		priority === 'manual'
			? pools.flatMap((pool) => languages.map((wanted) => [wanted, pool] as const))
			: languages.flatMap((wanted) => pools.map((pool) => [wanted, pool] as const));
	for (const [wanted, pool] of order) {
		const choice = find(wanted, pool);
		if (choice) return choice;
	}
	return undefined;
}

/** "No captions in de, fr; available: en, es (automatic: en)" */
export function noCaptionsError(info: Pick<MediaInfo, 'subtitleLanguages' | 'autoCaptionLanguages' | 'inputUrl'>, languages: string[], allowAutomatic: boolean): MediaError {
	const manual = info.subtitleLanguages.length ? info.subtitleLanguages.join(', ') : 'none';
	const auto = info.autoCaptionLanguages.length ? ` (automatic: ${info.autoCaptionLanguages.slice(0, 20).join(', ')}${info.autoCaptionLanguages.length > 20 ? ', …' : ''})` : '';
	return new MediaError('NotFound', `No captions in ${languages.join(', ')}${allowAutomatic ? '' : ' (manual only)'}; available: ${manual}${auto}`, {
		url: info.inputUrl,
		hint: allowAutomatic || !info.autoCaptionLanguages.length ? 'Choose one of the available languages.' : 'Allow automatic captions, or choose one of the available languages.',
	});
}

/** yt-dlp --sub-format choices: YouTube's json3/srv3 carry each word once (no rolling duplicates), VTT serves every other site. */
export const CAPTION_FORMAT_CHOICES = { auto: CAPTION_FORMATS, vtt: 'vtt/best', srt: 'srt/best', ttml: 'ttml/best', json3: 'json3/best', srv3: 'srv3/best', best: 'best' } as const;
export type CaptionFormatChoice = keyof typeof CAPTION_FORMAT_CHOICES;

export interface TranscriptFetchOptions extends InfoOptions {
	/**
	 * Folder for the caption file (and getTranscriptMarkdown's Markdown). Without it: the download folder
	 * (DOWNLOAD_OUTPUT_DIR, the ENVIRONMENT profile's, else ~/media-downloader).
	 */
	outputDir?: string;
	/** seconds each yt-dlp run may take, as the spec's `timeout` (0 = none); overrides timeoutMs */
	timeout?: number;
	/** priority order (default ['en']) */
	languages?: string[];
	/** allow automatic captions (default true) */
	auto?: boolean;
	/** per language manual then automatic (`language`, default), or manual in any language first (`manual`) */
	priority?: CaptionPriority;
	captionFormat?: CaptionFormatChoice;
	/** metadata already read (the node reads many URLs in one batch) */
	info?: MediaInfo;
	/** n8n's file-access rules for the folder and the files written (default: checkLocalPath); throws to refuse */
	checkOutputPath?: PathCheck;
}

export interface TranscriptResult extends CaptionChoice {
	transcriptFile: string;
	format: string;
	info: MediaInfo;
}

/** The caption file of one URL, in the best language available (see chooseCaptions). */
export async function getTranscript(url: string, options: TranscriptFetchOptions = {}): Promise<TranscriptResult> {
	const languages = options.languages?.length ? options.languages : ['en'];
	const auto = options.auto ?? true;
	const timeoutMs = options.timeout !== undefined ? options.timeout * 1000 : options.timeoutMs;
	const outputDir = path.resolve(expandHome(options.outputDir ?? resolveConfig({}, 'none').outputDir));
	const info = options.info ?? (await getInfo(url, { ...options, timeoutMs, noPlaylist: true }));
	const choice = chooseCaptions(info, languages, auto, options.priority);
	if (!choice) throw noCaptionsError(info, languages, auto);
	const files: SubtitleFile[] = await downloadSubtitles(url, {
		outputDir,
		timeoutMs,
		languages: [choice.language],
		auto: choice.automatic,
		format: CAPTION_FORMAT_CHOICES[options.captionFormat ?? 'auto'],
		auth: options.auth,
		signal: options.signal,
		maxRetries: options.maxRetries,
		allowLocalFiles: options.allowLocalFiles,
		checkLocalPath: options.checkLocalPath,
		checkOutputPath: options.checkOutputPath,
		baseName: info.id || undefined,
	});
	return { ...choice, transcriptFile: files[0].path, format: files[0].format, info };
}

export interface TranscriptMarkdownResult {
	transcriptFile: string;
	markdownFile: string;
	markdown: string;
	language: string;
	automatic: boolean;
	wordCount: number;
	paragraphCount: number;
	conversionStats: TranscriptStats;
	warnings: TranscriptWarning[];
}

/** getTranscriptMarkdown with `outputDir: null`: the files were temporary, the Markdown is in `markdown`. */
export type TranscriptMarkdownText = Omit<TranscriptMarkdownResult, 'transcriptFile' | 'markdownFile'> & { transcriptFile?: undefined; markdownFile?: undefined };

export type TranscriptMarkdownOptions = Omit<TranscriptFetchOptions, 'outputDir'> & ConvertOptions;

/**
 * getTranscript, then the caption file as clean Markdown written beside it, inside the output folder
 * (never through a symlink that leads out) and past the file-access check. As the spec's example reads
 * `result.markdownFile`, both files are kept: without `outputDir` in the download folder (as getTranscript);
 * with `outputDir: null` in a temporary folder removed before this returns (the Markdown is in `markdown`).
 */
export async function getTranscriptMarkdown(url: string, options: TranscriptMarkdownOptions & { outputDir: null }): Promise<TranscriptMarkdownText>;
export async function getTranscriptMarkdown(url: string, options?: TranscriptMarkdownOptions & { outputDir?: string }): Promise<TranscriptMarkdownResult>;
export async function getTranscriptMarkdown(url: string, options: TranscriptMarkdownOptions & { outputDir?: string | null } = {}): Promise<TranscriptMarkdownResult | TranscriptMarkdownText> {
	if (options.outputDir !== null) return transcriptMarkdown(url, { ...options, outputDir: options.outputDir });
	const temp = await mkdtemp(path.join(os.tmpdir(), 'mdl-transcript-'));
	try {
		return { ...(await transcriptMarkdown(url, { ...options, outputDir: temp })), transcriptFile: undefined, markdownFile: undefined };
	} finally {
		await rm(temp, { recursive: true, force: true });
	}
}

async function transcriptMarkdown(url: string, options: TranscriptFetchOptions & ConvertOptions): Promise<TranscriptMarkdownResult> {
	const fetched = await getTranscript(url, options);
	const converted = await convertTranscriptToMarkdown(fetched.transcriptFile, {
		...options,
		// the caption track's language is the text's (sentence rules, stop words) unless the caller says otherwise
		language: options.language ?? fetched.language,
		title: options.title ?? fetched.info.title,
		source: options.source ?? fetched.info.url,
		outputFile: null,
	});
	const { markdown, warnings, wordCount, paragraphCount } = converted;
	const name = `${path.parse(fetched.transcriptFile).name}.md`;
	const folder = path.dirname(fetched.transcriptFile);
	const markdownFile = await writeInside(folder, name, markdown, 'The Markdown file', options.checkOutputPath ?? options.checkLocalPath);
	return {
		transcriptFile: fetched.transcriptFile,
		markdownFile,
		markdown,
		language: fetched.language,
		automatic: fetched.automatic,
		wordCount,
		paragraphCount,
		conversionStats: { wordCount, paragraphCount, averageWordsPerParagraph: converted.averageWordsPerParagraph, compressionRatio: converted.compressionRatio },
		warnings,
	};
}

export interface ExtractedTranscript extends TranscriptResult, TranscriptStats {
	to: OutputFormat;
	/** the transcript rendered in `to` */
	content: string;
	warnings: TranscriptWarning[];
}

/** getTranscript, then the caption file rendered as Markdown, text, SRT, VTT or JSON segments (titled with the media's title). */
export async function extractTranscript(url: string, options: TranscriptFetchOptions & ConvertOptions & { to: OutputFormat }): Promise<ExtractedTranscript> {
	const fetched = await getTranscript(url, options);
	const { to, ...convertOptions } = options;
	const conversion = new TranscriptConverter().convert(await readCaptionFile(fetched.transcriptFile), {
		...convertOptions,
		to,
		language: options.language ?? fetched.language,
		title: options.title ?? fetched.info.title,
		source: options.source ?? fetched.info.url,
	});
	const { wordCount, paragraphCount, averageWordsPerParagraph, compressionRatio, warnings, output } = conversion;
	return { ...fetched, to, content: output, wordCount, paragraphCount, averageWordsPerParagraph, compressionRatio, warnings };
}
