import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_BATCH_SIZE, type InfoOptions } from '../../lib';

export const allowLocalFilesOption: INodeProperties = {
	displayName: 'Allow Local Files',
	name: 'allowLocalFiles',
	type: 'boolean',
	default: false,
	description: "Whether file:// URLs and paths on this machine are accepted (within n8n's allowed folders)",
};

/** The options of every node that reads metadata in batches (Media Info, Extract Transcript). */
export const batchInfoOptions: INodeProperties[] = [
	allowLocalFilesOption,
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 500 },
		default: DEFAULT_BATCH_SIZE,
		description: 'How many items one yt-dlp process reads; starting yt-dlp costs about half a second, so batches are much faster',
	},
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 10 },
		default: 2,
		description: 'Retries for network errors, timeouts and rate limits (with backoff; other errors are not retried)',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 60,
		description: 'Time allowed per URL before yt-dlp is stopped',
	},
];

export type BatchInfoSettings = Pick<InfoOptions, 'batchSize' | 'timeoutMs' | 'maxRetries' | 'allowLocalFiles'>;

/** The item's batch options as library options (read per item: parameters may be expressions). */
export function readBatchInfoSettings(ctx: IExecuteFunctions, itemIndex: number): BatchInfoSettings {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		batchSize: (options.batchSize as number) ?? DEFAULT_BATCH_SIZE,
		timeoutMs: ((options.timeout as number) ?? 60) * 1000,
		maxRetries: (options.maxRetries as number) ?? 2,
		allowLocalFiles: (options.allowLocalFiles as boolean) ?? false,
	};
}
