import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { LIBRARY_AGENT } from '../http/request';
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
	concurrentFragments: 4,
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
	checksum: 'xxhash64',
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
		retryDelay: get('DOWNLOAD_RETRY_DELAY'),
		timeout: get('DOWNLOAD_TIMEOUT'),
		rate: get('DOWNLOAD_RATE_LIMIT'),
		archive: get('DOWNLOAD_ARCHIVE'),
		ignore: get('DOWNLOAD_IGNORE_ERRORS'),
		ua: get('DOWNLOAD_USER_AGENT'),
	};
	if (v.dir) out.outputDir = v.dir;
	if (v.retries) out.maxRetries = num('DOWNLOAD_MAX_RETRIES', v.retries);
	if (v.retryDelay) out.retryDelay = num('DOWNLOAD_RETRY_DELAY', v.retryDelay);
	if (v.timeout) out.timeout = num('DOWNLOAD_TIMEOUT', v.timeout);
	if (v.rate) out.rateLimitMbps = num('DOWNLOAD_RATE_LIMIT', v.rate);
	if (v.archive) out.downloadArchive = v.archive;
	if (v.ignore) out.ignoreErrors = bool(v.ignore);
	if (v.ua) out.userAgent = v.ua;
	return out;
}

/**
 * Our version, from this package's package.json: found by walking up, since the file sits two folders
 * up from lib/config in the sources and three from dist/lib/config in the built package.
 */
function packageVersion(): string | undefined {
	for (let dir = __dirname, i = 0; i < 5; dir = path.dirname(dir), i++) {
		try {
			const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
			if (pkg.name === 'n8n-nodes-media-downloader') return pkg.version;
		} catch {
			// no package.json here: keep walking up
		}
	}
	return undefined;
}

/** How the production profile identifies us (the spec's "xlibrary-bot/1.0", with our name). */
export const OUR_USER_AGENT = `${LIBRARY_AGENT}/${packageVersion() ?? '0'}`;

export const PROFILE_NAMES = ['production', 'development'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/**
 * The spec's environment profiles (create_production_config / create_development_config). Production
 * takes its output folder from DOWNLOAD_OUTPUT_DIR like every profile; the DOWNLOAD_* variables it
 * reads in the spec override these values here too (resolveConfig layers them above the profile).
 */
export const PROFILES: Record<ProfileName, Partial<DownloadConfig>> = {
	production: {
		maxRetries: 5,
		timeout: 300,
		rateLimitMbps: 0,
		downloadArchive: 'archive.txt',
		ignoreErrors: false,
		verifyDownload: true,
		respectRobotsTxt: true,
		userAgent: OUR_USER_AGENT,
	},
	development: {
		outputDir: './downloads',
		quality: '720p',
		maxDownloads: 5,
		writeInfoJson: true,
		ignoreErrors: true,
		timeout: 60,
	},
};

/**
 * The profile ENVIRONMENT names (production or development, any case), or undefined. Unlike the spec,
 * an unset or other value applies no profile: ENVIRONMENT is a common name that other software sets too.
 */
export function envProfile(env: NodeJS.ProcessEnv = process.env): ProfileName | undefined {
	const value = env.ENVIRONMENT?.trim().toLowerCase();
	return (PROFILE_NAMES as readonly string[]).includes(value ?? '') ? (value as ProfileName) : undefined;
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
