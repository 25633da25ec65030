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
	{ key: 'outputTemplate', group: 'output', label: 'Output Template', type: 'string', description: 'Name and subfolders of each file inside the output folder, written with fields of the media: %(title)s [%(id)s].%(ext)s → My Talk [abc123].mp4, %(uploader)s/%(title)s.%(ext)s → Jane Doe/My Talk.mp4 (the README lists the fields)', placeholder: '%(title)s [%(id)s].%(ext)s' },
	{ key: 'createDirectories', group: 'output', label: 'Create Directories', type: 'boolean', description: 'Whether to create the output folder and template folders when missing' },
	{ key: 'overwriteExisting', group: 'output', label: 'Overwrite Existing Files', type: 'boolean', description: 'Whether to download again when the file exists (otherwise the item is marked skipped: exists)' },

	{ key: 'quality', group: 'qualityFormat', label: 'Quality', type: 'options', values: QUALITIES, description: 'Highest video height to download; Best and Worst take the best or the smallest version the site offers' },
	{ key: 'format', group: 'qualityFormat', label: 'Container', type: 'options', values: VIDEO_CONTAINERS, description: 'Container of the video file (streams are remuxed into it, or re-encoded for WebM)' },
	{ key: 'videoCodec', group: 'qualityFormat', label: 'Video Codec', type: 'options', values: VIDEO_CODECS, description: 'Preferred video codec; when the site offers none in it, another codec is taken' },
	{ key: 'audioCodec', group: 'qualityFormat', label: 'Audio Codec', type: 'options', values: AUDIO_CODECS, description: 'Preferred audio codec of the source stream' },

	{ key: 'audioFormat', group: 'audio', label: 'Audio Format', type: 'options', values: AUDIO_FORMATS, description: 'Format of the audio file (Download Audio, and the audio of Download Everything)' },
	{ key: 'audioQuality', group: 'audio', label: 'Audio Quality', type: 'string', description: 'Bitrate of extracted audio such as 128k, 192k, 320k, or best', placeholder: '192k' },
	{ key: 'normalizeAudio', group: 'audio', label: 'Normalize Loudness', type: 'boolean', description: 'Whether to even out the loudness to the Loudness Target (the EBU R128 broadcast method)' },
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
	{ key: 'downloadArchive', group: 'playlist', label: 'Download Archive File', type: 'string', description: 'A list of what was downloaded, kept as a text file in the output folder: media already on it is skipped, new downloads are added', placeholder: 'archive.txt' },
	{ key: 'ignoreErrors', group: 'playlist', label: 'Ignore Errors', type: 'boolean', description: 'Whether a failing playlist entry lets the others continue' },

	{ key: 'timeout', group: 'network', label: 'Timeout (Seconds)', type: 'number', description: 'Time the whole download may take before it is stopped, however steadily it runs (0 = no limit); see Idle Connection Timeout for a silent site' },
	{ key: 'socketTimeout', group: 'network', label: 'Idle Connection Timeout (Seconds)', type: 'number', description: 'Time to wait while the site sends nothing before the connection counts as failed (and is retried); a slow download that keeps receiving is never cut' },
	{ key: 'maxRetries', group: 'network', label: 'Max Retries', type: 'number', description: 'Retries of network errors, timeouts and rate limits, with exponential backoff' },
	{ key: 'retryDelay', group: 'network', label: 'Retry Delay (Seconds)', type: 'number', description: 'Wait before the first retry; doubles each time' },
	{ key: 'resumeDownloads', group: 'network', label: 'Resume Partial Downloads', type: 'boolean', description: 'Whether an interrupted download continues where it stopped' },
	{ key: 'concurrentFragments', group: 'network', label: 'Concurrent Fragments', type: 'number', description: 'Pieces of a streamed video (HLS or DASH, as live and most large sites send) downloaded at the same time; 1 = one after another' },
	{ key: 'rateLimitMbps', group: 'network', label: 'Rate Limit (Mbit/s)', type: 'number', description: 'Maximum download speed (0 = unlimited)' },
	{ key: 'requestDelay', group: 'network', label: 'Request Delay (Seconds)', type: 'number', description: 'Pause between requests to the site, to stay under its rate limits' },
	{ key: 'respectRobotsTxt', group: 'network', label: 'Respect robots.txt', type: 'boolean', description: "Whether to refuse URLs the site's robots.txt disallows for our user agent (and honour its crawl delay)" },
	{ key: 'userAgent', group: 'network', label: 'User Agent', type: 'string', description: 'Browser name sent to the site; overrides the credential’s user agent' },
	{ key: 'proxyUrl', group: 'network', label: 'Proxy URL', type: 'string', description: 'HTTP, HTTPS or SOCKS proxy for these downloads; overrides the credential’s proxy (keep proxies with passwords in the credential)', placeholder: 'http://127.0.0.1:3128' },
	{ key: 'headers', group: 'network', label: 'Extra Headers', type: 'json', description: 'HTTP headers as a JSON object, sent with the credential’s; a header named in both takes the value given here' },
	{ key: 'useCookies', group: 'network', label: 'Use Cookie File', type: 'boolean', description: 'Whether to read cookies from the Cookie File path; used instead of the credential’s cookies' },
	{ key: 'cookieFile', group: 'network', label: 'Cookie File', type: 'string', description: 'Path of a cookies.txt file (within the folders n8n allows) for sites that need a login; empty = none. It is copied, never modified, and used instead of the credential’s cookies' },

	{ key: 'convertFormat', group: 'postProcessing', label: 'Convert To', type: 'options', values: ['', ...VIDEO_CONTAINERS, ...AUDIO_FORMATS], description: 'Convert the file after download (remux when possible); the original is kept until the new file is verified' },
	{ key: 'removeSourceFiles', group: 'postProcessing', label: 'Remove Source After Conversion', type: 'boolean', description: 'Whether to delete the original once the converted file is verified' },

	{ key: 'verifyDownload', group: 'validation', label: 'Verify Download', type: 'boolean', description: 'Whether to check the finished file (its streams are there, its duration matches the source, size limits) and fail otherwise' },
	{ key: 'minFileSize', group: 'validation', label: 'Min File Size', type: 'string', description: 'Refuse smaller files, e.g. 1MB', placeholder: '1MB' },
	{ key: 'checksum', group: 'validation', label: 'Checksum', type: 'options', values: CHECKSUMS, description: 'Fingerprint of the file that each result carries, computed while it downloads: xxHash64 is the fastest, SHA-256 and BLAKE3 are cryptographic, None skips it' },
	{ key: 'maxFileSize', group: 'validation', label: 'Max File Size', type: 'string', description: 'Refuse larger files, e.g. 2GB', placeholder: '2GB' },
];

/** Options set by code rather than the node's option groups. */
export const NOT_IN_TABLE: ReadonlyArray<keyof DownloadConfig> = ['outputDir', 'audioOnly', 'cookies'];
