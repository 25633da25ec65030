import type { DownloadConfig } from './types';

export const PRESET_NAMES = ['podcast', 'music', 'videoArchive', 'socialMedia', 'liveStream'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** The spec's five presets: named starting points, every value overridable by explicit options. */
export const PRESETS: Record<PresetName, Partial<DownloadConfig>> = {
	podcast: {
		audioOnly: true,
		audioFormat: 'mp3',
		audioQuality: '128k',
		normalizeAudio: true,
		embedMetadata: true,
		embedArtwork: true,
		outputTemplate: 'Podcasts/%(uploader)s/%(title)s.%(ext)s',
		downloadArchive: 'podcast-archive.txt',
	},
	music: {
		audioOnly: true,
		audioFormat: 'mp3',
		audioQuality: '320k',
		embedMetadata: true,
		embedArtwork: true,
		normalizeAudio: true,
	},
	videoArchive: {
		quality: 'best',
		format: 'mkv',
		embedSubtitles: true,
		subtitleLanguages: ['en', 'es', 'fr'],
		embedMetadata: true,
		writeInfoJson: true,
		writeDescription: true,
		embedChapters: true,
	},
	socialMedia: {
		quality: '720p',
		format: 'mp4',
		maxFileSize: '100MB',
		ignoreErrors: true,
		requestDelay: 2,
	},
	liveStream: {
		quality: '720p',
		timeout: 3600,
		maxRetries: 10,
		retryDelay: 30,
		resumeDownloads: true,
	},
};
