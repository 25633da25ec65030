import type { DownloadConfig } from './types';

export const PRESET_NAMES = ['podcast', 'music', 'videoArchive', 'socialMedia', 'liveStream'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/*
 * Output layouts: the spec's, written with yt-dlp's own alternatives (`a,b`) and defaults (`|text`) so a
 * field the media lacks gives a readable folder instead of yt-dlp's "NA". Both work in yt-dlp 2023.03.04
 * and current releases. The spec's `%(platform)s` is no yt-dlp field: the extractor's name (youtube,
 * twitter, generic …) stands in for it. A podcast feed's entries have no uploader, but their playlist
 * title is the show's name.
 */
const UPLOADER = '%(uploader,channel|Unknown Uploader)s';
const UPLOAD_DAY = '%(upload_date>%Y-%m-%d|undated)s';
/** A stream without an upload date is filed under the day it was recorded (yt-dlp's `epoch`, UTC). */
const STREAM_DAY = '%(upload_date>%Y-%m-%d,epoch>%Y-%m-%d|undated)s';

/** The spec's five presets: named starting points, every value overridable by explicit options. */
export const PRESETS: Record<PresetName, Partial<DownloadConfig>> = {
	podcast: {
		audioOnly: true,
		audioFormat: 'mp3',
		audioQuality: '128k',
		normalizeAudio: true,
		embedMetadata: true,
		embedArtwork: true,
		outputTemplate: 'Podcasts/%(uploader,channel,playlist_title|Unknown Podcast)s/%(title)s.%(ext)s',
		downloadArchive: 'podcast_archive.txt',
	},
	music: {
		audioOnly: true,
		audioFormat: 'mp3',
		audioQuality: '320k',
		embedMetadata: true,
		embedArtwork: true,
		normalizeAudio: true,
		outputTemplate: 'Music/%(artist,album_artist,creator,uploader|Unknown Artist)s/%(album|Unknown Album)s/%(title)s.%(ext)s',
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
		outputTemplate: `Archive/${UPLOADER}/${UPLOAD_DAY} - %(title)s.%(ext)s`,
	},
	socialMedia: {
		quality: '720p',
		format: 'mp4',
		maxFileSize: '100MB',
		embedMetadata: true,
		outputTemplate: `SocialMedia/%(extractor|unknown site)s/${UPLOADER}/%(title)s.%(ext)s`,
		ignoreErrors: true,
		requestDelay: 2,
	},
	liveStream: {
		quality: '720p',
		format: 'mp4',
		timeout: 3600,
		maxRetries: 10,
		retryDelay: 30,
		resumeDownloads: true,
		outputTemplate: `Streams/${UPLOADER}/${STREAM_DAY} - %(title)s.%(ext)s`,
	},
};

/** Presets that make audio files (Download Audio); the others make video. */
export const AUDIO_PRESETS = PRESET_NAMES.filter((name) => PRESETS[name].audioOnly === true);
export const VIDEO_PRESETS = PRESET_NAMES.filter((name) => PRESETS[name].audioOnly !== true);

export function isAudioPreset(name: string | undefined): boolean {
	return (AUDIO_PRESETS as readonly string[]).includes(name ?? '');
}
