import type { SiteAuth } from '../ytdlp';
import { qualityHeight } from './validate';
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
