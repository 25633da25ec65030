import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { DownloadCallOptions } from '../../../lib';
import * as downloadAll from './downloadAll.operation';
import * as downloadMedia from './downloadMedia.operation';
import { readDownloadOptions } from './readOptions';
import type { OutputSettings } from './toItems';

export type Operation = 'downloadVideo' | 'downloadAudio' | 'downloadAll';

export const operationProperties = [...downloadAll.description];

/** One item's download for the chosen operation: its parameters, the library call, its output items. */
export async function downloadItem(
	ctx: IExecuteFunctions,
	operation: Operation,
	url: string,
	itemIndex: number,
	shared: Pick<DownloadCallOptions, 'auth' | 'signal' | 'checkOutputPath' | 'checkLocalPath' | 'maxConcurrent'>,
): Promise<INodeExecutionData[]> {
	const options = { ...readDownloadOptions(ctx, itemIndex), ...shared };
	const settings: OutputSettings = {
		mode: ctx.getNodeParameter('outputMode', itemIndex, 'binary') as OutputSettings['mode'],
		binaryPropertyName: ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string,
		keepFile: ctx.getNodeParameter('keepFile', itemIndex, true) as boolean,
	};
	if (operation === 'downloadAll') return downloadAll.execute(ctx, url, itemIndex, options, settings);
	return downloadMedia.execute(ctx, url, itemIndex, options, settings, operation === 'downloadAudio');
}
