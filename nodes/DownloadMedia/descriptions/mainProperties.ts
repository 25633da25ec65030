import type { INodeProperties } from 'n8n-workflow';

import { urlProperty } from '../../shared/commonProperties';
import { downloadNodeOptions } from './nodeOptions';
import { presetNotices, presetParameter } from './presets';
import type { PresetScope } from './presetVariants';
import { FROM_OPTIONS_LAYOUT, ONLY_V1 } from './versions';
import { withToolDefault } from '../../shared/toolDefaults';

export { presetChoices } from './presets';

/** Which preset parameters each operation uses, for the options that show a preset's values. */
export const DOWNLOAD_SCOPES: PresetScope[] = [
	{ when: { operation: ['downloadVideo'] }, presets: ['videoPreset'], makes: 'video' },
	{ when: { operation: ['downloadAudio'] }, presets: ['audioPreset'], makes: 'audio' },
	{ when: { operation: ['downloadAll'] }, presets: ['videoPreset', 'audioPreset'], makes: 'both' },
];

/*
 * Two parameters with their own names (n8n stores parameters by name, so one name with two
 * displayOptions breaks): each operation offers only the presets that give what it downloads.
 * Download Everything shows both, one per part. From 1.1 a notice under each lists the chosen preset's values.
 */
const videoShow = { operation: ['downloadVideo', 'downloadAll'] };
const audioShow = { operation: ['downloadAudio', 'downloadAll'] };
export const presetProperties: INodeProperties[] = [
	presetParameter('videoPreset', videoShow),
	...presetNotices('videoPreset', { ...videoShow, ...FROM_OPTIONS_LAYOUT }),
	presetParameter('audioPreset', audioShow),
	...presetNotices('audioPreset', { ...audioShow, ...FROM_OPTIONS_LAYOUT }),
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
			"Folder for the downloaded files. Empty: this n8n's download folder, by default media-downloader inside the folder n8n's file nodes use, so Read/Write Files can read them.",
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
	// Version 1 had these at the top; from 1.1 they are under Options.
	...downloadNodeOptions.map((option) => ({ ...option, displayOptions: { show: ONLY_V1 } })),
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
			{ name: 'Binary Data', value: 'binary', description: 'The file as n8n binary data, for the next nodes to use' },
			{
				name: 'File Path Only',
				value: 'filePath',
				description: "Only the file's path and details; the file stays in the output folder. For large videos, which n8n may be unable to hold as binary data.",
			},
		],
	};
	return withToolDefault(property, 'filePath');
}
