import type { INodeProperties } from 'n8n-workflow';

export type FinishedEvent = 'completed' | 'failed';

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		default: 'runHere',
		options: [
			{
				name: 'Run Downloads Here',
				value: 'runHere',
				description: 'This n8n downloads the queued tasks while the workflow is active (a single n8n)',
			},
			{
				name: 'Report Finished Tasks',
				value: 'report',
				description:
					'Only watch the queue: downloads run elsewhere (Media Queue "Process" executions on n8n workers, or the download service). For n8n queue mode.',
			},
		],
	},
	{
		displayName: 'Trigger On',
		name: 'events',
		type: 'multiOptions',
		default: ['completed'],
		options: [
			{ name: 'Completed', value: 'completed', description: 'A download finished; the item carries its files' },
			{ name: 'Failed', value: 'failed', description: 'A download failed; the item carries the error' },
		],
	},
	{
		displayName: 'Max Concurrent Downloads',
		name: 'maxConcurrent',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, maxValue: 16 },
		displayOptions: { show: { mode: ['runHere'] } },
		description: 'Downloads at the same time in this n8n. 0 = the DOWNLOAD_MAX_CONCURRENT setting, or 3.',
	},
	{
		displayName: 'Stop Timeout (Seconds)',
		name: 'stopTimeout',
		type: 'number',
		default: 20,
		typeOptions: { minValue: 0 },
		displayOptions: { show: { mode: ['runHere'] } },
		description:
			"When the workflow is deactivated or n8n stops, running downloads get this long to finish; the rest go back to the queue. Capped a few seconds below n8n's N8N_GRACEFUL_SHUTDOWN_TIMEOUT (30 s by default).",
	},
	{
		displayName: 'Include File as Binary',
		name: 'includeBinary',
		type: 'boolean',
		default: false,
		description: "Whether a completed task's file is attached as binary data (streamed; n8n's file access rules apply)",
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		displayOptions: { show: { includeBinary: [true] } },
	},
];
