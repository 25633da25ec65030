import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { chooseOptimalFormat, MediaError, type ContentType, type MediaInfo, type Platform } from '../../../lib';

const show = { show: { operation: ['recommendFormat'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Platform',
		name: 'platform',
		type: 'options',
		default: 'web',
		displayOptions: show,
		options: [
			{ name: 'Android', value: 'android' },
			{ name: 'iOS', value: 'ios' },
			{ name: 'Linux', value: 'linux' },
			{ name: 'macOS', value: 'mac' },
			{ name: 'Web Browser', value: 'web' },
			{ name: 'Windows', value: 'windows' },
		],
		description: 'Where the file will be played: the recommendation is the best format it plays without conversion',
	},
	{
		displayName: 'Content Type',
		name: 'contentType',
		type: 'options',
		default: 'video',
		displayOptions: show,
		options: [
			{ name: 'Video', value: 'video' },
			{ name: 'Audio Only', value: 'audio' },
		],
	},
];

export interface RecommendParams {
	platform: Platform;
	contentType: ContentType;
}

export function toItems(info: MediaInfo, itemIndex: number, params: RecommendParams): INodeExecutionData[] {
	if (info.type === 'playlist')
		throw new MediaError('InvalidInput', `"${info.title}" is a playlist, not one video`, {
			url: info.inputUrl,
			hint: 'Use Get Info with "Split Playlist Into Items" first, then recommend a format per entry.',
		});
	const choice = chooseOptimalFormat(info.formats, params.contentType, params.platform);
	return [
		{
			json: { id: info.id, title: info.title, url: info.url, inputUrl: info.inputUrl, platform: params.platform, contentType: params.contentType, ...choice } as IDataObject,
			pairedItem: { item: itemIndex },
		},
	];
}
