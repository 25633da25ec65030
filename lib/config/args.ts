import path from 'node:path';

import { MediaError } from '../errors';
import { expandHome } from '../home';
import { PROGRESS_ARGS } from '../progress';
import type { SiteAuth } from '../ytdlp';
import { parseBitrate, parseSize, qualityHeight } from './validate';
import type { DownloadConfig, DownloadOptions } from './types';

/** yt-dlp's names for codec families in format filters (prefix match). */
const VCODEC_PREFIX: Record<string, string> = { h264: 'avc1', hevc: 'hvc1', vp9: 'vp09', av1: 'av01' };
const ACODEC_PREFIX: Record<string, string> = { aac: 'mp4a', opus: 'opus', mp3: 'mp3', vorbis: 'vorbis', flac: 'flac' };

/** How strict the format selector is: the fallback strategies relax it step by step. */
export type SelectorStrictness = 'requested' | 'relaxed' | 'best';

/**
 * The format selector for a config. `?` after an operator lets formats with unknown values pass (direct
 * files and HTML5 sources often report neither height nor codec).
 */
export function formatSelector(config: DownloadConfig, strictness: SelectorStrictness = 'requested'): string {
	if (config.audioOnly) {
		const codec = config.audioCodec !== 'any' && strictness === 'requested' ? `[acodec^=?${ACODEC_PREFIX[config.audioCodec]}]` : '';
		return strictness === 'best' ? 'ba/b' : `ba${codec}/ba/b`;
	}
	if (strictness === 'best') return 'bv*+ba/b';
	if (config.quality === 'worst') return 'wv*+wa/w';
	const height = qualityHeight(config.quality);
	const h = height ? `[height<=?${height}]` : '';
	if (strictness === 'relaxed') return `bv*${h}+ba/b${h}`;
	const v = config.videoCodec !== 'any' ? `[vcodec^=?${VCODEC_PREFIX[config.videoCodec]}]` : '';
	const a = config.audioCodec !== 'any' ? `[acodec^=?${ACODEC_PREFIX[config.audioCodec]}]` : '';
	return `bv*${h}${v}+ba${a}/b${h}${v}`;
}

/** Paths downloadMedia decides for one call, carried on its config (not options a user sets). */
export interface RunPaths {
	/** this download's own folder for .part files and intermediates (lib/download/tempFolder.ts) */
	tempDir?: string;
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

export interface ArgsContext {
	/** yt-dlp appends one JSON line per finished file here (--print-to-file after_move). */
	resultsFile: string;
	strictness?: SelectorStrictness;
	/** playlist entries are expected: keep them (otherwise --no-playlist) */
	playlist?: boolean;
	/** only these entry numbers (one share of a parallel playlist download); start/end then do not apply */
	playlistItems?: number[];
}

/**
 * The ONE place that turns a DownloadConfig into yt-dlp arguments (everything but the URL, which
 * runYtDlp puts after `--`, and the secrets, which go through SiteAuth files).
 */
export function toYtDlpArgs(config: DownloadConfig & RunPaths, ctx: ArgsContext): string[] {
	const args: string[] = [...PROGRESS_ARGS, '--no-simulate'];
	const results = ctx.resultsFile.replace(/%/g, '%%');

	// Output. The template goes to -o: a leading "infojson:" or similar would set yt-dlp's template for
	// that file type instead ("infojson:../x" writes outside), so such a prefix is made a plain name.
	const template = /^\w+(?:,\w+)*:/.test(config.outputTemplate) ? `./${config.outputTemplate}` : config.outputTemplate;
	args.push('--paths', config.outputDir, '--output', template);
	// The description too: yt-dlp writes it with a plain open() that would follow a planted symlink (sideFiles moves it).
	if (config.tempDir) args.push('--paths', `temp:${config.tempDir}`, '--paths', `description:${config.tempDir}`);
	args.push('--print-to-file', 'after_move:%()j', results);
	args.push(config.overwriteExisting ? '--force-overwrites' : '--no-overwrites');
	args.push(config.resumeDownloads && !config.overwriteExisting ? '--continue' : '--no-continue');
	if (!ctx.playlist) args.push('--no-playlist');

	// Quality and format
	args.push('--format', formatSelector(config, ctx.strictness));
	if (config.audioOnly) {
		const kbps = parseBitrate(config.audioQuality);
		args.push('--extract-audio', '--audio-format', config.audioFormat, '--audio-quality', kbps === null ? '0' : `${kbps}K`);
	} else {
		const height = qualityHeight(config.quality);
		// Prefer the container and the requested height (closest below) when several formats qualify.
		args.push('--format-sort', [height ? `res:${height}` : '', `ext:${config.format === 'mov' ? 'mp4' : config.format}`].filter(Boolean).join(','));
		args.push('--merge-output-format', config.format);
		if (config.format === 'webm') args.push('--recode-video', 'webm');
		else args.push('--remux-video', config.format);
	}

	// Subtitles and metadata
	if (config.writeSubtitles || config.embedSubtitles || config.autoSubtitles) {
		args.push('--write-subs', '--sub-langs', config.subtitleLanguages.join(','));
		if (config.autoSubtitles) args.push('--write-auto-subs');
		if (config.embedSubtitles && !config.audioOnly) args.push('--embed-subs');
	}
	if (config.embedMetadata) args.push('--embed-metadata');
	if (config.embedArtwork) args.push('--embed-thumbnail');
	if (config.embedChapters) args.push('--embed-chapters');
	if (config.writeInfoJson) args.push('--write-info-json');
	if (config.writeDescription) args.push('--write-description');
	if (config.writeThumbnail) args.push('--write-thumbnail');

	// Network
	args.push('--socket-timeout', String(config.socketTimeout));
	args.push('--retries', String(config.maxRetries), '--fragment-retries', String(config.maxRetries));
	args.push('--retry-sleep', `exp=${Math.max(config.retryDelay, 0.1)}:${Math.max(config.retryDelay * 8, 1)}`);
	if (config.concurrentFragments > 1) args.push('--concurrent-fragments', String(Math.floor(config.concurrentFragments)));
	if (config.rateLimitMbps > 0) args.push('--limit-rate', String(Math.round((config.rateLimitMbps * 1e6) / 8)));
	if (config.requestDelay > 0) args.push('--sleep-requests', String(config.requestDelay), '--sleep-interval', String(config.requestDelay));

	// Playlists
	if (ctx.playlist && ctx.playlistItems) args.push('--playlist-items', ctx.playlistItems.join(','));
	else if (ctx.playlist) {
		if (config.startNumber > 1) args.push('--playlist-start', String(config.startNumber));
		if (config.endNumber > 0) args.push('--playlist-end', String(config.endNumber));
	}
	if (config.maxDownloads > 0) args.push('--max-downloads', String(config.maxDownloads));
	if (config.downloadArchive) args.push('--download-archive', archivePath(config));
	args.push(config.ignoreErrors ? '--ignore-errors' : '--abort-on-error');

	// Validation
	if (config.minFileSize) args.push('--min-filesize', String(parseSize(config.minFileSize)));
	if (config.maxFileSize) args.push('--max-filesize', String(parseSize(config.maxFileSize)));
	return args;
}

/** Network identity from the config on top of a credential's (config values win when set). */
export function siteAuthFor(config: DownloadConfig, base: SiteAuth = {}, explicit: DownloadOptions = config): SiteAuth {
	// Options given for this call beat the credential; the credential beats defaults from the environment or a profile.
	return {
		...base,
		userAgent: explicit.userAgent || base.userAgent || config.userAgent || undefined,
		proxy: explicit.proxyUrl || base.proxy || config.proxyUrl || undefined,
		headers: { ...base.headers, ...config.headers },
		cookies: config.cookies || base.cookies,
	};
}
