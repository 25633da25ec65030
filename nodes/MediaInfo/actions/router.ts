import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { MediaInfo } from '../../../lib';
import * as getInfo from './getInfo.operation';
import * as listFormats from './listFormats.operation';
import * as recommendFormat from './recommendFormat.operation';

export type Operation = 'getInfo' | 'listFormats' | 'recommendFormat';

export const operationProperties = [...getInfo.description, ...listFormats.description, ...recommendFormat.description];

/** Output items of one input item, for the chosen operation. */
export function toItems(ctx: IExecuteFunctions, operation: Operation, info: MediaInfo, itemIndex: number): INodeExecutionData[] {
	if (operation === 'listFormats') return listFormats.toItems(info, itemIndex);
	if (operation === 'recommendFormat')
		return recommendFormat.toItems(info, itemIndex, {
			platform: ctx.getNodeParameter('platform', itemIndex) as recommendFormat.RecommendParams['platform'],
			contentType: ctx.getNodeParameter('contentType', itemIndex) as recommendFormat.RecommendParams['contentType'],
		});
	return getInfo.toItems(info, itemIndex, {
		splitPlaylist: ctx.getNodeParameter('splitPlaylist', itemIndex, false) as boolean,
		includeFormats: ctx.getNodeParameter('includeFormats', itemIndex, false) as boolean,
	});
}
