import type { INodeProperties } from 'n8n-workflow';

import { AUDIO_PRESETS, VIDEO_PRESETS, type PresetName } from '../../../lib';
import { urlProperty } from '../../shared/commonProperties';
import { allowLocalFilesOption } from '../../shared/infoOptions';

const PRESET_LABELS: Record<PresetName, string> = {
	podcast: 'Podcast (MP3 128k, Normalized, Artwork, Archive)',
	music: 'Music (MP3 320k, Normalized, Artwork)',
	videoArchive: 'Video Archive (Best, MKV, Subtitles, Metadata)',
	socialMedia: 'Social Media (720p MP4, Max 100MB)',
	liveStream: 'Live Stream (720p MP4, Long Timeout, Resume)',
};

export const presetChoices = (names: readonly PresetName[]) => [{ name: 'None', value: 'none' }, ...names.map((name) => ({ name: PRESET_LABELS[name], value: name }))];

/*
 * Two parameters with their own names (n8n stores parameters by name, so one name with two
 * displayOptions breaks): each operation offers only the presets that give what it downloads.
 * Download Everything shows both, one per part.
 */
export const presetProperties: INodeProperties[] = [
	{
		displayName: 'Video Preset',
		name: 'videoPreset',
		type: 'options',
		default: 'none',
		displayOptions: { show: { operation: ['downloadVideo', 'downloadAll'] } },
		options: presetChoices(VIDEO_PRESETS),
		description: 'Starting values for the video options and the folder layout; every option you add overrides the preset',
	},
	{
		displayName: 'Audio Preset',
		name: 'audioPreset',
		type: 'options',
		default: 'none',
		displayOptions: { show: { operation: ['downloadAudio', 'downloadAll'] } },
		options: presetChoices(AUDIO_PRESETS),
		description: 'Starting values for the audio options and the folder layout; every option you add overrides the preset',
	},
];

export const mainProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'downloadVideo',
		options: [
			{ name: 'Download Video', value: 'downloadVideo', action: 'Download a video', description: 'Video with audio at the chosen quality and container' },
			{ name: 'Download Audio', value: 'downloadAudio', action: 'Download audio', description: 'Audio only, converted to MP3, M4A, Opus…' },
			{ name: 'Download Everything', value: 'downloadAll', action: 'Download video audio and transcript', description: 'Video, audio and captions of one URL; one part failing keeps the others' },
		],
	},
	urlProperty,
	...presetProperties,
	{
		displayName: 'Output Folder',
		name: 'outputDir',
		type: 'string',
		default: '',
		placeholder: '~/.n8n-files/media-downloader',
		description:
			"Folder for the downloaded files. Empty: DOWNLOAD_OUTPUT_DIR, else media-downloader inside the first folder of N8N_RESTRICT_FILE_ACCESS_TO, so n8n's file nodes can read them.",
	},
	...outputModeProperties(),
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		// Download Everything always fills video, audio and transcript.
		displayOptions: { show: { outputMode: ['binary'], operation: ['downloadVideo', 'downloadAudio'] } },
		description: 'Name of the binary field the file goes into',
	},
	{
		displayName: 'Keep File on Disk',
		name: 'keepFile',
		type: 'boolean',
		default: true,
		displayOptions: { show: { outputMode: ['binary'] } },
		description: 'Whether the downloaded file stays in the output folder after it was handed to n8n as binary data',
	},
	{
		displayName: 'Download Playlist Entries',
		name: 'downloadPlaylist',
		type: 'boolean',
		default: false,
		description: 'Whether a URL naming both a video and a playlist downloads the playlist (one item per file); the Playlist options apply',
	},
	{
		displayName: 'Skip Items Already Downloaded',
		name: 'skipDownloaded',
		type: 'boolean',
		default: false,
		description:
			"Whether to skip media this node already downloaded in earlier executions, using n8n's own record of processed items (shared by all workers in queue mode), keyed by the media ID",
	},
	{
		displayName: 'Max Concurrent Downloads',
		name: 'maxConcurrent',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 16 },
		default: 0,
		description:
			'How many items (and playlist entries) download at the same time; output order stays the input order. 0 = the DOWNLOAD_MAX_CONCURRENT setting, or 3.',
	},
	allowLocalFilesOption,
];

/**
 * Output: binary data by default in workflows; as an AI Agent's tool, file path and metadata by default,
 * since an agent reads JSON and cannot use a binary file (n8n's `@tool` display condition tells the two apart).
 */
function outputModeProperties(): INodeProperties[] {
	const property: INodeProperties = {
		displayName: 'Output',
		name: 'outputMode',
		type: 'options',
		default: 'binary',
		options: [
			{ name: 'Binary Data', value: 'binary', description: "The file as n8n binary data (streamed into n8n's binary store)" },
			{ name: 'File Path Only', value: 'filePath', description: 'Only the path and metadata: for files too big for the binary store (queue mode keeps binaries in the database, 512 MiB by default)' },
		],
	};
	return [
		{ ...property, displayOptions: { show: { '@tool': [false] } } },
		{ ...property, default: 'filePath', displayOptions: { show: { '@tool': [true] } } },
	];
}
