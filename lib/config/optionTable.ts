import { AUDIO_CODECS, AUDIO_FORMATS, CHECKSUMS, QUALITIES, VIDEO_CODECS, VIDEO_CONTAINERS, type DownloadConfig } from './types';

export type OptionGroup = 'qualityFormat' | 'audio' | 'subtitlesMetadata' | 'playlist' | 'network' | 'postProcessing' | 'validation' | 'output';

export interface OptionSpec {
	key: keyof DownloadConfig;
	group: OptionGroup;
	label: string;
	type: 'boolean' | 'number' | 'string' | 'options' | 'list' | 'json';
	description: string;
	/** allowed values for 'options' */
	values?: readonly string[];
	placeholder?: string;
}

/**
 * Every DownloadConfig option with its label and help text: the Download Media node builds its
 * parameters from this table, and a test checks that the table covers every option.
 */
export const OPTION_TABLE: OptionSpec[] = [
	{ key: 'outputTemplate', group: 'output', label: 'Output Template', type: 'string', description: 'yt-dlp output template, relative to the output folder, e.g. %(uploader)s/%(title)s.%(ext)s', placeholder: '%(title)s [%(id)s].%(ext)s' },
	{ key: 'createDirectories', group: 'output', label: 'Create Directories', type: 'boolean', description: 'Whether to create the output folder and template folders when missing' },
	{ key: 'overwriteExisting', group: 'output', label: 'Overwrite Existing Files', type: 'boolean', description: 'Whether to download again when the file exists (otherwise the item is marked skipped: exists)' },

	{ key: 'quality', group: 'qualityFormat', label: 'Quality', type: 'options', values: QUALITIES, description: 'Highest video height to download; best/worst pick by yt-dlp ranking' },
	{ key: 'format', group: 'qualityFormat', label: 'Container', type: 'options', values: VIDEO_CONTAINERS, description: 'Container of the video file (streams are remuxed into it, or re-encoded for WebM)' },
	{ key: 'videoCodec', group: 'qualityFormat', label: 'Video Codec', type: 'options', values: VIDEO_CODECS, description: 'Preferred video codec; when no format has it, the fallback strategies relax it' },
	{ key: 'audioCodec', group: 'qualityFormat', label: 'Audio Codec', type: 'options', values: AUDIO_CODECS, description: 'Preferred audio codec of the source stream' },

	{ key: 'audioFormat', group: 'audio', label: 'Audio Format', type: 'options', values: AUDIO_FORMATS, description: 'Format of extracted audio (Download Audio and audio-only presets)' },
	{ key: 'audioQuality', group: 'audio', label: 'Audio Quality', type: 'string', description: 'Bitrate of extracted audio such as 128k, 192k, 320k, or best', placeholder: '192k' },
	{ key: 'normalizeAudio', group: 'audio', label: 'Normalize Loudness', type: 'boolean', description: 'Whether to normalize loudness with ffmpeg loudnorm (EBU R128, two passes)' },
	{ key: 'loudnessTarget', group: 'audio', label: 'Loudness Target (LUFS)', type: 'number', description: 'Integrated loudness target of normalization; -16 suits podcasts, -14 streaming music' },

	{ key: 'writeSubtitles', group: 'subtitlesMetadata', label: 'Write Subtitle Files', type: 'boolean', description: 'Whether to save subtitles as files beside the media' },
	{ key: 'embedSubtitles', group: 'subtitlesMetadata', label: 'Embed Subtitles', type: 'boolean', description: 'Whether to embed subtitles into the video (MP4, MKV, WebM)' },
	{ key: 'autoSubtitles', group: 'subtitlesMetadata', label: 'Include Automatic Captions', type: 'boolean', description: 'Whether auto-generated captions count when no manual subtitles exist' },
	{ key: 'subtitleLanguages', group: 'subtitlesMetadata', label: 'Subtitle Languages', type: 'list', description: 'Comma-separated language codes or patterns, e.g. en,de or en.*', placeholder: 'en,de' },
	{ key: 'embedMetadata', group: 'subtitlesMetadata', label: 'Embed Metadata', type: 'boolean', description: 'Whether to write title, artist, date and description tags into the file' },
	{ key: 'embedArtwork', group: 'subtitlesMetadata', label: 'Embed Artwork', type: 'boolean', description: 'Whether to embed the thumbnail as cover art (MP3, M4A, MP4, MKV)' },
	{ key: 'embedChapters', group: 'subtitlesMetadata', label: 'Embed Chapters', type: 'boolean', description: 'Whether to embed chapter markers' },
	{ key: 'writeInfoJson', group: 'subtitlesMetadata', label: 'Write Info JSON', type: 'boolean', description: 'Whether to save the full metadata as .info.json beside the file' },
	{ key: 'writeDescription', group: 'subtitlesMetadata', label: 'Write Description', type: 'boolean', description: 'Whether to save the description as a .description file' },
	{ key: 'writeThumbnail', group: 'subtitlesMetadata', label: 'Write Thumbnail', type: 'boolean', description: 'Whether to save the thumbnail image beside the file' },
	{ key: 'writeAnnotations', group: 'subtitlesMetadata', label: 'Write Annotations', type: 'boolean', description: 'Annotations no longer exist upstream: accepted for compatibility, warns, has no effect' },

	{ key: 'startNumber', group: 'playlist', label: 'Playlist Start', type: 'number', description: 'First playlist entry to download (1 = first)' },
	{ key: 'endNumber', group: 'playlist', label: 'Playlist End', type: 'number', description: 'Last playlist entry to download (0 = to the end)' },
	{ key: 'maxDownloads', group: 'playlist', label: 'Max Downloads', type: 'number', description: 'Stop after this many files (0 = no limit)' },
	{ key: 'downloadArchive', group: 'playlist', label: 'Download Archive File', type: 'string', description: 'yt-dlp archive file (relative to the output folder): listed entries are skipped, new ones recorded', placeholder: 'archive.txt' },
	{ key: 'ignoreErrors', group: 'playlist', label: 'Ignore Errors', type: 'boolean', description: 'Whether a failing playlist entry lets the others continue' },

	{ key: 'timeout', group: 'network', label: 'Timeout (Seconds)', type: 'number', description: 'Time allowed for the whole download before it is stopped (0 = none)' },
	{ key: 'socketTimeout', group: 'network', label: 'Socket Timeout (Seconds)', type: 'number', description: 'Time a silent connection is waited for' },
	{ key: 'maxRetries', group: 'network', label: 'Max Retries', type: 'number', description: 'Retries of network errors, timeouts and rate limits, with exponential backoff' },
	{ key: 'retryDelay', group: 'network', label: 'Retry Delay (Seconds)', type: 'number', description: 'Wait before the first retry; doubles each time' },
	{ key: 'resumeDownloads', group: 'network', label: 'Resume Partial Downloads', type: 'boolean', description: 'Whether an interrupted download continues where it stopped' },
	{ key: 'concurrentFragments', group: 'network', label: 'Concurrent Fragments', type: 'number', description: 'Pieces of a streamed video (HLS/DASH) downloaded at the same time; 1 = one after another' },
	{ key: 'rateLimitMbps', group: 'network', label: 'Rate Limit (Mbit/s)', type: 'number', description: 'Maximum download speed (0 = unlimited)' },
	{ key: 'requestDelay', group: 'network', label: 'Request Delay (Seconds)', type: 'number', description: 'Pause between requests to the site' },
	{ key: 'respectRobotsTxt', group: 'network', label: 'Respect robots.txt', type: 'boolean', description: "Whether to refuse URLs the site's robots.txt disallows for our user agent (and honour its crawl delay)" },
	{ key: 'userAgent', group: 'network', label: 'User Agent', type: 'string', description: 'Overrides the user agent (and the credential’s)' },
	{ key: 'proxyUrl', group: 'network', label: 'Proxy URL', type: 'string', description: 'HTTP/HTTPS/SOCKS proxy; prefer the credential for proxies with passwords', placeholder: 'http://127.0.0.1:3128' },
	{ key: 'headers', group: 'network', label: 'Extra Headers', type: 'json', description: 'HTTP headers as a JSON object, added to the credential’s' },
	{ key: 'useCookies', group: 'network', label: 'Use Cookie File', type: 'boolean', description: 'Whether to read cookies from the Cookie File path (the credential’s cookies are used anyway)' },
	{ key: 'cookieFile', group: 'network', label: 'Cookie File', type: 'string', description: 'Path of a cookies.txt file within the folders n8n allows; it is copied, never modified' },

	{ key: 'convertFormat', group: 'postProcessing', label: 'Convert To', type: 'options', values: ['', ...VIDEO_CONTAINERS, ...AUDIO_FORMATS], description: 'Convert the file after download (remux when possible); the original is kept until the new file is verified' },
	{ key: 'removeSourceFiles', group: 'postProcessing', label: 'Remove Source After Conversion', type: 'boolean', description: 'Whether to delete the original once the converted file is verified' },

	{ key: 'verifyDownload', group: 'validation', label: 'Verify Download', type: 'boolean', description: 'Whether to check the file with ffprobe (streams present, duration matches the source, size limits) and fail otherwise' },
	{ key: 'minFileSize', group: 'validation', label: 'Min File Size', type: 'string', description: 'Refuse smaller files, e.g. 1MB', placeholder: '1MB' },
	{ key: 'checksum', group: 'validation', label: 'Checksum', type: 'options', values: CHECKSUMS, description: 'Digest each result carries, computed while yt-dlp writes the file: xxhash64 is fast on any CPU, sha256 and blake3 are cryptographic, none skips hashing' },
	{ key: 'maxFileSize', group: 'validation', label: 'Max File Size', type: 'string', description: 'Refuse larger files, e.g. 2GB', placeholder: '2GB' },
];

/** Options set by code rather than the node's option groups. */
export const NOT_IN_TABLE: ReadonlyArray<keyof DownloadConfig> = ['outputDir', 'audioOnly', 'cookies'];
