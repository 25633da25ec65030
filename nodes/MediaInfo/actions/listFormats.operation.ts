import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { summarizeFormats, type MediaInfo } from '../../../lib';

export const description: INodeProperties[] = [];

export function toItems(info: MediaInfo, itemIndex: number): INodeExecutionData[] {
	const summary = summarizeFormats(info);
	return [{ json: { id: info.id, title: info.title, url: info.url, inputUrl: info.inputUrl, ...summary } as unknown as IDataObject, pairedItem: { item: itemIndex } }];
}
