import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { downloadMedia, type ContentOptions } from '../../../lib';
import { resultItems, type OutputSettings } from './toItems';

/** Download Video and Download Audio: one item per file (a playlist gives one per entry). */
export async function execute(
	ctx: IExecuteFunctions,
	url: string,
	itemIndex: number,
	options: ContentOptions,
	settings: OutputSettings,
	audioOnly: boolean,
): Promise<INodeExecutionData[]> {
	return resultItems(ctx, await downloadMedia(url, { ...options, audioOnly }), itemIndex, settings);
}
