import type { ChecksumChoice } from '../ffmpeg/hash';

export { CHECKSUMS, type ChecksumChoice } from '../ffmpeg/hash';

/** Heights yt-dlp can be asked for; `best`/`worst` pick by its own ranking. */
export const QUALITIES = ['best', 'worst', '2160p', '1440p', '1080p', '720p', '480p', '360p', '240p', '144p'] as const;
export type Quality = (typeof QUALITIES)[number];

export const VIDEO_CONTAINERS = ['mp4', 'mkv', 'webm', 'mov'] as const;
export const AUDIO_FORMATS = ['mp3', 'm4a', 'opus', 'flac', 'wav', 'ogg', 'aac'] as const;
export const VIDEO_CODECS = ['any', 'h264', 'hevc', 'vp9', 'av1'] as const;
export const AUDIO_CODECS = ['any', 'aac', 'opus', 'mp3', 'vorbis', 'flac'] as const;

export type VideoContainer = (typeof VIDEO_CONTAINERS)[number];
export type AudioFormat = (typeof AUDIO_FORMATS)[number];
export type VideoCodec = (typeof VIDEO_CODECS)[number];
export type AudioCodec = (typeof AUDIO_CODECS)[number];

/** Every option of the spec's DownloadConfig. Sizes and bitrates are text ("50MB", "192k"), as users write them. */
export interface DownloadConfig {
	outputDir: string;
	/** yt-dlp output template, relative to outputDir */
	outputTemplate: string;
	createDirectories: boolean;
	overwriteExisting: boolean;

	quality: Quality;
	/** container of the video file (mp4, mkv, webm, mov); for audio see audioFormat */
	format: VideoContainer;
	videoCodec: VideoCodec;
	audioCodec: AudioCodec;

	audioOnly: boolean;
	audioFormat: AudioFormat;
	/** "128k" … "320k", or "best" (keep the source's quality) */
	audioQuality: string;
	normalizeAudio: boolean;
	/** EBU R128 integrated loudness target of normalizeAudio */
	loudnessTarget: number;

	embedSubtitles: boolean;
	writeSubtitles: boolean;
	autoSubtitles: boolean;
	subtitleLanguages: string[];

	embedMetadata: boolean;
	embedArtwork: boolean;
	embedChapters: boolean;
	writeInfoJson: boolean;
	writeDescription: boolean;
	writeThumbnail: boolean;
	/** annotations no longer exist upstream: accepted, warned about once, no effect */
	writeAnnotations: boolean;

	/** seconds for the whole download; 0 = none */
	timeout: number;
	/** seconds yt-dlp waits on a silent connection */
	socketTimeout: number;
	maxRetries: number;
	/** seconds before the first retry; doubles each time */
	retryDelay: number;
	resumeDownloads: boolean;
	/** fragments of an HLS/DASH stream downloaded at once (yt-dlp -N) */
	concurrentFragments: number;

	/** megabits per second; 0 = unlimited */
	rateLimitMbps: number;
	/** seconds between requests */
	requestDelay: number;
	respectRobotsTxt: boolean;

	/** 0 = no limit */
	maxDownloads: number;
	startNumber: number;
	/** 0 = to the end */
	endNumber: number;
	/** path of yt-dlp's archive file; empty = none */
	downloadArchive: string;
	ignoreErrors: boolean;

	userAgent: string;
	proxyUrl: string;
	headers: Record<string, string>;
	/** Netscape cookies.txt text (the credential's cookies) */
	cookies: string;
	/** a cookies.txt file on disk, used when useCookies is on and no cookie text is given */
	cookieFile: string;
	useCookies: boolean;

	/** container/format to convert to after download; empty = none */
	convertFormat: string;
	removeSourceFiles: boolean;

	/** "1MB", "2GB"; empty = none */
	minFileSize: string;
	maxFileSize: string;
	verifyDownload: boolean;
	/** the digest each result carries (`checksum`, and `sha256` when it is sha256); none = no hashing */
	checksum: ChecksumChoice;
}

/** `format` may also name an audio format when audioOnly is on, as the spec writes it (`{ audioOnly: true, format: 'mp3' }`). */
export type DownloadOptions = Omit<Partial<DownloadConfig>, 'format'> & { format?: VideoContainer | AudioFormat };
