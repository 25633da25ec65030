import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { MediaInfo } from '../../../lib';

const show = { show: { operation: ['getInfo'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Split Playlist Into Items',
		name: 'splitPlaylist',
		type: 'boolean',
		default: false,
		displayOptions: show,
		description: 'Whether a playlist or feed gives one output item per entry instead of one item with the entries listed',
	},
	{
		displayName: 'Include Formats',
		name: 'includeFormats',
		type: 'boolean',
		default: false,
		displayOptions: show,
		description: 'Whether to include the full list of formats (it can be long; List Formats groups them)',
	},
];

export interface GetInfoParams {
	splitPlaylist: boolean;
	includeFormats: boolean;
}

export function toItems(info: MediaInfo, itemIndex: number, params: GetInfoParams): INodeExecutionData[] {
	const pairedItem = { item: itemIndex };
	const { formats, ...rest } = info;
	if (info.playlist && params.splitPlaylist) {
		return info.playlist.entries.map((entry) => ({
			json: {
				...entry,
				playlistId: info.id,
				playlistTitle: info.title,
				playlistUrl: info.url,
				playlistCount: info.playlist!.count,
				inputUrl: info.inputUrl,
			} as IDataObject,
			pairedItem,
		}));
	}
	const json = (params.includeFormats ? { ...rest, formats } : rest) as unknown as IDataObject;
	return [{ json, pairedItem }];
}
