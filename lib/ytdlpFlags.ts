import path from 'node:path';

import { formatSelector, type RunPaths, type SelectorStrictness } from './config/args';
import type { DownloadConfig } from './config/types';
import { audioQualityKbps, parseSize, qualityHeight } from './config/validate';
import { toNetscapeCookies } from './cookies';
import { MediaError } from './errors';
import { expandHome } from './home';
import { PROGRESS_TEMPLATE } from './progress';
import type { SecretFiles } from './secretFiles';
import type { SiteAuth } from './ytdlp';

/**
 * The one place that knows yt-dlp's flags: every argument the library gives yt-dlp is built here, one
 * builder per concern, each returning a fresh array. URLs never pass through a builder's options: they
 * go after `--` (ytDlpArgv). ffmpeg/ffprobe arguments live with their runners in lib/ffmpeg.
 */

// ——— The whole command line and the probes ———

export interface YtDlpArgvParts {
	/** the machine's runtime flags (jsRuntimeFlags), the same for every run of one yt-dlp */
	runtime?: string[];
	/** authFlags: cookie file, user agent, the 0600 config file of secrets */
	auth?: string[];
	/** Local files were allowed by the caller; yt-dlp refuses file:// URLs without this flag. */
	enableFileUrls?: boolean;
	/** the operation's own flags (downloadFlags, infoFlags, captionFlags) */
	flags: string[];
	urls: string[];
}

/**
 * --ignore-config first (a user's config must not add options such as --exec), then the machine's
 * runtime flags, the site's identity, our own flags, and `--` before the URLs so that no URL can be
 * read as an option.
 */
export function ytDlpArgv(parts: YtDlpArgvParts): string[] {
	const fileUrls = parts.enableFileUrls ? ['--enable-file-urls'] : [];
	return ['--ignore-config', ...(parts.runtime ?? []), ...(parts.auth ?? []), ...fileUrls, ...parts.flags, '--', ...parts.urls];
}

/** The version probe: yt-dlp prints the version as the first word. */
export function versionFlags(): string[] {
	return ['--version'];
}

/** The help probe: features are detected from the help text, never assumed from a version. */
export function helpFlags(): string[] {
	return ['--ignore-config', '--help'];
}

/** Whether this yt-dlp's --help lists --js-runtimes (added in 2025.11.12). */
export function hasJsRuntimesFlag(help: string): boolean {
	return /--js-runtimes\b/.test(help);
}

/**
 * YouTube needs a JavaScript runtime since yt-dlp 2025.11.12, which has --js-runtimes and enables only Deno by default.
 * When Deno is missing, the Node that runs n8n (≥ 20) serves, so YouTube works with nothing else installed.
 * Older yt-dlp has no such flag and must not be given it.
 */
export function jsRuntimeFlags(supportsJsRuntimes: boolean, denoPath: string | undefined, nodePath: string): string[] {
	if (!supportsJsRuntimes || denoPath) return [];
	return ['--js-runtimes', `node:${nodePath}`];
}

/**
 * One machine-readable line per progress update (lib/progress.ts parses it). Fields unknown to a given
 * download print as NA. Supported since yt-dlp 2021.10; both 2023.03 and 2026 releases print it.
 */
export function progressFlags(): string[] {
	return ['--newline', '--progress-template', PROGRESS_TEMPLATE];
}

// ——— Site identity and secrets ———

/** Quotes one value for yt-dlp's config-file parser (POSIX shlex): the value stays one argument, whatever it holds. */
export function configQuote(value: string): string {
	return `'${value.replace(/'/g, `'"'"'`)}'`;
}

/**
 * Secret options go into a 0600 config file given with --config-locations, never onto the command line,
 * where any local user could read them from the process list. --ignore-config still loads that file.
 * `auth` must have passed validateSiteAuth (runYtDlp checks it first): a line break in a header would
 * otherwise become a line of its own in that file.
 */
export async function authFlags(auth: SiteAuth, files: SecretFiles): Promise<string[]> {
	const flags: string[] = [];
	const config: string[] = [];
	if (auth.cookies?.trim()) flags.push('--cookies', await files.write('cookies.txt', toNetscapeCookies(auth.cookies)));
	if (auth.username) config.push(`--username ${configQuote(auth.username)}`);
	if (auth.password) config.push(`--password ${configQuote(auth.password)}`);
	if (auth.videoPassword) config.push(`--video-password ${configQuote(auth.videoPassword)}`);
	if (auth.proxy) config.push(`--proxy ${configQuote(auth.proxy)}`);
	for (const [name, value] of Object.entries(auth.headers ?? {})) {
		config.push(`--add-header ${configQuote(`${name}:${value}`)}`);
	}
	if (auth.userAgent) flags.push('--user-agent', auth.userAgent);
	if (config.length > 0) flags.push('--config-locations', await files.write('yt-dlp.conf', `${config.join('\n')}\n`));
	return flags;
}

// ——— Metadata and captions ———

export interface InfoFlagOptions {
	playlistLimit: number;
	socketTimeout: number;
	/** never treat a video URL that also names a playlist as the playlist */
	noPlaylist?: boolean;
}

/**
 * Metadata only, one JSON line per URL (`null` for a failed one: --ignore-errors keeps the batch going),
 * playlists listed flat.
 */
export function infoFlags(options: InfoFlagOptions): string[] {
	return [
		'--dump-single-json',
		'--flat-playlist',
		// One more than shown, so a truncated listing is known as such.
		'--playlist-end',
		String(options.playlistLimit + 1),
		'--ignore-errors',
		'--no-progress',
		'--socket-timeout',
		String(options.socketTimeout),
		...(options.noPlaylist ? ['--no-playlist'] : []),
	];
}

export interface CaptionFlagOptions {
	/** already checked language codes or patterns, in priority order */
	languages: string[];
	/** also accept auto-generated captions */
	auto?: boolean;
	/** --sub-format preference list */
	format: string;
	outputDir: string;
	/** file name stem of the written caption files */
	stem: string;
}

/** Caption files only (no media), named `<stem>.<lang>.<ext>`; prints the media id. */
export function captionFlags(options: CaptionFlagOptions): string[] {
	return [
		'--skip-download',
		'--no-playlist',
		'--write-subs',
		...(options.auto ? ['--write-auto-subs'] : []),
		'--sub-langs',
		options.languages.join(','),
		'--sub-format',
		options.format,
		'--paths',
		options.outputDir,
		'--output',
		`${options.stem}.%(ext)s`,
		// --print alone would imply --simulate, which writes nothing.
		'--print',
		'%(id)s',
		'--no-simulate',
	];
}

// ——— Downloads: one builder per group of DownloadConfig options ———

export interface DownloadFlagsContext {
	/** yt-dlp appends one JSON line per finished file here (--print-to-file after_move). */
	resultsFile: string;
	strictness?: SelectorStrictness;
	/** playlist entries are expected: keep them (otherwise --no-playlist) */
	playlist?: boolean;
	/** only these entry numbers (one share of a parallel playlist download); start/end then do not apply */
	playlistItems?: number[];
}

/** Where files go, and what happens to existing and partial ones. */
export function outputFlags(config: DownloadConfig & RunPaths, ctx: DownloadFlagsContext): string[] {
	// --print-to-file is a kind of --print, which implies --simulate unless told otherwise.
	const flags = ['--no-simulate'];
	// The template goes to -o: a leading "infojson:" or similar would set yt-dlp's template for
	// that file type instead ("infojson:../x" writes outside), so such a prefix is made a plain name.
	const template = /^\w+(?:,\w+)*:/.test(config.outputTemplate) ? `./${config.outputTemplate}` : config.outputTemplate;
	flags.push('--paths', config.outputDir, '--output', template);
	// The descriptions too, the entry's and the playlist's own, and the playlist's thumbnail: yt-dlp writes them
	// with a plain open() that would follow a planted symlink, so they go to the temp folder and are moved into
	// place (results.ts). Both 2023.03.04 and 2026 know these types; an unknown one would silently become the home path.
	if (config.tempDir)
		for (const type of ['temp', 'description', 'pl_description', 'pl_thumbnail']) flags.push('--paths', `${type}:${config.tempDir}`);
	flags.push('--print-to-file', 'after_move:%()j', ctx.resultsFile.replace(/%/g, '%%'));
	flags.push(config.overwriteExisting ? '--force-overwrites' : '--no-overwrites');
	flags.push(config.resumeDownloads && !config.overwriteExisting ? '--continue' : '--no-continue');
	return flags;
}

/** Quality, container and audio extraction. */
export function formatFlags(config: DownloadConfig, strictness?: SelectorStrictness): string[] {
	const flags = ['--format', formatSelector(config, strictness)];
	if (config.audioOnly) {
		const kbps = audioQualityKbps(config.audioQuality);
		flags.push('--extract-audio', '--audio-format', config.audioFormat, '--audio-quality', kbps === null ? '0' : `${kbps}K`);
		return flags;
	}
	const height = qualityHeight(config.quality);
	// Prefer the container and the requested height (closest below) when several formats qualify.
	flags.push('--format-sort', [height ? `res:${height}` : '', `ext:${config.format === 'mov' ? 'mp4' : config.format}`].filter(Boolean).join(','));
	flags.push('--merge-output-format', config.format);
	if (config.format === 'webm') flags.push('--recode-video', 'webm');
	else flags.push('--remux-video', config.format);
	return flags;
}

export function subtitleFlags(config: DownloadConfig): string[] {
	if (!config.writeSubtitles && !config.embedSubtitles && !config.autoSubtitles) return [];
	const flags = ['--write-subs', '--sub-langs', config.subtitleLanguages.join(',')];
	if (config.autoSubtitles) flags.push('--write-auto-subs');
	// Audio files carry no subtitle streams.
	if (config.embedSubtitles && !config.audioOnly) flags.push('--embed-subs');
	return flags;
}

export function metadataFlags(config: DownloadConfig): string[] {
	const flags: string[] = [];
	if (config.embedMetadata) flags.push('--embed-metadata');
	if (config.embedArtwork) flags.push('--embed-thumbnail');
	if (config.embedChapters) flags.push('--embed-chapters');
	if (config.writeInfoJson) flags.push('--write-info-json');
	if (config.writeDescription) flags.push('--write-description');
	if (config.writeThumbnail) flags.push('--write-thumbnail');
	return flags;
}

/** Timeouts, yt-dlp's own retries, speed and politeness. Proxy and user agent are SiteAuth's (authFlags). */
export function networkFlags(config: DownloadConfig): string[] {
	const flags = ['--socket-timeout', String(config.socketTimeout)];
	flags.push('--retries', String(config.maxRetries), '--fragment-retries', String(config.maxRetries));
	flags.push('--retry-sleep', `exp=${Math.max(config.retryDelay, 0.1)}:${Math.max(config.retryDelay * 8, 1)}`);
	if (config.concurrentFragments > 1) flags.push('--concurrent-fragments', String(Math.floor(config.concurrentFragments)));
	if (config.rateLimitMbps > 0) flags.push('--limit-rate', String(Math.round((config.rateLimitMbps * 1e6) / 8)));
	if (config.requestDelay > 0) flags.push('--sleep-requests', String(config.requestDelay), '--sleep-interval', String(config.requestDelay));
	return flags;
}

/**
 * The archive file, relative to the output folder and inside it. downloadMedia has already resolved it
 * (symlinks, n8n's check); this lexical check keeps any other caller from passing "../x".
 */
function archivePath(config: DownloadConfig): string {
	const file = path.resolve(config.outputDir, expandHome(config.downloadArchive));
	const relative = path.relative(path.resolve(config.outputDir), file);
	if (relative === '' || relative.split(path.sep)[0] === '..' || path.isAbsolute(relative))
		throw new MediaError('InvalidInput', `downloadArchive "${config.downloadArchive}" leads outside the output folder ${config.outputDir}; it was refused`);
	return file;
}

/** Which entries, how many, the archive of done ones, and whether one failure stops the rest. */
export function playlistFlags(config: DownloadConfig, ctx: DownloadFlagsContext): string[] {
	const flags: string[] = [];
	if (!ctx.playlist) flags.push('--no-playlist');
	else if (ctx.playlistItems) flags.push('--playlist-items', ctx.playlistItems.join(','));
	else {
		if (config.startNumber > 1) flags.push('--playlist-start', String(config.startNumber));
		if (config.endNumber > 0) flags.push('--playlist-end', String(config.endNumber));
	}
	if (config.maxDownloads > 0) flags.push('--max-downloads', String(config.maxDownloads));
	if (config.downloadArchive) flags.push('--download-archive', archivePath(config));
	flags.push(config.ignoreErrors ? '--ignore-errors' : '--abort-on-error');
	return flags;
}

/** Size limits yt-dlp checks before downloading (ffprobe verification is lib/ffmpeg's). */
export function validationFlags(config: DownloadConfig): string[] {
	const flags: string[] = [];
	if (config.minFileSize) flags.push('--min-filesize', String(parseSize(config.minFileSize)));
	if (config.maxFileSize) flags.push('--max-filesize', String(parseSize(config.maxFileSize)));
	return flags;
}

/**
 * Everything a DownloadConfig asks of yt-dlp, but the URL (ytDlpArgv puts it after `--`) and the
 * secrets (authFlags, from SiteAuth).
 */
export function downloadFlags(config: DownloadConfig & RunPaths, ctx: DownloadFlagsContext): string[] {
	return [
		...progressFlags(),
		...outputFlags(config, ctx),
		...formatFlags(config, ctx.strictness),
		...subtitleFlags(config),
		...metadataFlags(config),
		...networkFlags(config),
		...playlistFlags(config, ctx),
		...validationFlags(config),
	];
}
