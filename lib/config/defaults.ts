import os from 'node:os';
import path from 'node:path';

import type { DownloadConfig } from './types';

/** The spec's defaults; outputDir is resolved by the caller (n8n: DOWNLOAD_OUTPUT_DIR or its files folder). */
export const DEFAULT_CONFIG: DownloadConfig = {
	outputDir: path.join(os.homedir(), 'media-downloader'),
	outputTemplate: '%(title)s [%(id)s].%(ext)s',
	createDirectories: true,
	overwriteExisting: false,
	quality: 'best',
	format: 'mp4',
	videoCodec: 'any',
	audioCodec: 'any',
	audioOnly: false,
	audioFormat: 'mp3',
	audioQuality: '192k',
	normalizeAudio: false,
	loudnessTarget: -16,
	embedSubtitles: false,
	writeSubtitles: false,
	autoSubtitles: false,
	subtitleLanguages: ['en'],
	embedMetadata: false,
	embedArtwork: false,
	embedChapters: false,
	writeInfoJson: false,
	writeDescription: false,
	writeThumbnail: false,
	writeAnnotations: false,
	timeout: 3600,
	socketTimeout: 30,
	maxRetries: 3,
	retryDelay: 2,
	resumeDownloads: true,
	rateLimitMbps: 0,
	requestDelay: 0,
	respectRobotsTxt: false,
	maxDownloads: 0,
	startNumber: 1,
	endNumber: 0,
	downloadArchive: '',
	ignoreErrors: false,
	userAgent: '',
	proxyUrl: '',
	headers: {},
	cookies: '',
	cookieFile: '',
	useCookies: false,
	convertFormat: '',
	removeSourceFiles: false,
	minFileSize: '',
	maxFileSize: '',
	verifyDownload: true,
};

const bool = (value: string) => /^(1|true|yes|on)$/i.test(value.trim());
const num = (name: string, value: string) => {
	const n = Number(value);
	if (!Number.isFinite(n)) throw new Error(`${name}="${value}" is not a number`);
	return n;
};

/** The spec's DOWNLOAD_* environment variables, as config values (unset ones left out). */
export function envDefaults(env: NodeJS.ProcessEnv = process.env): Partial<DownloadConfig> {
	const out: Partial<DownloadConfig> = {};
	const get = (name: string) => (env[name]?.trim() ? env[name]!.trim() : undefined);
	const v = {
		dir: get('DOWNLOAD_OUTPUT_DIR'),
		retries: get('DOWNLOAD_MAX_RETRIES'),
		timeout: get('DOWNLOAD_TIMEOUT'),
		rate: get('DOWNLOAD_RATE_LIMIT'),
		archive: get('DOWNLOAD_ARCHIVE'),
		ignore: get('DOWNLOAD_IGNORE_ERRORS'),
		ua: get('DOWNLOAD_USER_AGENT'),
	};
	if (v.dir) out.outputDir = v.dir;
	if (v.retries) out.maxRetries = num('DOWNLOAD_MAX_RETRIES', v.retries);
	if (v.timeout) out.timeout = num('DOWNLOAD_TIMEOUT', v.timeout);
	if (v.rate) out.rateLimitMbps = num('DOWNLOAD_RATE_LIMIT', v.rate);
	if (v.archive) out.downloadArchive = v.archive;
	if (v.ignore) out.ignoreErrors = bool(v.ignore);
	if (v.ua) out.userAgent = v.ua;
	return out;
}

/** DOWNLOAD_MAX_CONCURRENT for batch downloads (default 3). */
export function envMaxConcurrent(env: NodeJS.ProcessEnv = process.env): number {
	const value = env.DOWNLOAD_MAX_CONCURRENT?.trim();
	return value ? Math.max(1, Math.floor(num('DOWNLOAD_MAX_CONCURRENT', value))) : 3;
}

/**
 * Where downloads go inside n8n: DOWNLOAD_OUTPUT_DIR, else `media-downloader` in the first folder n8n's
 * file nodes may use (N8N_RESTRICT_FILE_ACCESS_TO, default ~/.n8n-files), so Read/Write Files can pick
 * the files up.
 */
export function n8nDefaultOutputDir(env: NodeJS.ProcessEnv = process.env): string {
	if (env.DOWNLOAD_OUTPUT_DIR?.trim()) return env.DOWNLOAD_OUTPUT_DIR.trim();
	const first = env.N8N_RESTRICT_FILE_ACCESS_TO?.split(';')
		.map((p) => p.trim())
		.find(Boolean);
	const home = os.homedir();
	const base = first ? first.replace(/^~(?=\/|$)/, home) : path.join(home, '.n8n-files');
	return path.join(base, 'media-downloader');
}
