import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { mediaQueueMethods } from '../shared/commonProperties';
import { errorItem, itemError } from '../shared/errors';
import { SITE_AUTH_DEFAULT_VERSION, SITE_AUTH_VERSIONS } from '../shared/authentication';
import { openQueueManager } from '../shared/openQueue';
import { choiceSubtitle } from '../shared/subtitle';
import { processDownloadOptions, runQueueOperation } from './actions/queueOperations';
import { runTaskOperation } from './actions/taskOperations';
import { mediaQueueProperties, type QueueOperation } from './descriptions';

/** Operations on one task, run once per input item; the rest act on the whole queue once per execution. */
const PER_ITEM: ReadonlySet<QueueOperation> = new Set(['add', 'getTask', 'cancel', 'retry']);

export class MediaQueue implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Media Queue',
		name: 'mediaQueue',
		icon: { light: 'file:mediaQueue.svg', dark: 'file:mediaQueue.dark.svg' },
		group: ['transform'],
		version: SITE_AUTH_VERSIONS,
		defaultVersion: SITE_AUTH_DEFAULT_VERSION,
		subtitle: choiceSubtitle(mediaQueueProperties, 'operation'),
		description: 'A persistent priority queue of downloads (SQLite or Redis): add, watch, cancel, retry and process them',
		defaults: { name: 'Media Queue' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'mediaQueueRedis', required: true, testedBy: 'mediaQueueRedisTest', displayOptions: { show: { storage: ['redis'] } } },
			// Literal here: the lint rule that requires a credential test reads testedBy in the node file.
			{ name: 'mediaSiteAuth', required: false, testedBy: 'mediaSiteAuthTest', displayOptions: { show: { operation: ['process'] }, hide: { authentication: ['none'] } } },
		],
		properties: mediaQueueProperties,
	};

	methods = mediaQueueMethods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as QueueOperation;
		const downloadOptions = operation === 'process' ? await processDownloadOptions(this) : undefined;
		const manager = await openQueueManager(this, { downloadOptions });
		try {
			if (!PER_ITEM.has(operation)) {
				try {
					return [await runQueueOperation(this, manager, operation)];
				} catch (error) {
					if (!this.continueOnFail()) throw itemError(this, error, 0);
					return [[errorItem(this, error, 0)]];
				}
			}
			const output: INodeExecutionData[] = [];
			for (let i = 0; i < items.length; i++) {
				try {
					output.push(await runTaskOperation(this, manager, operation, i));
				} catch (error) {
					if (!this.continueOnFail()) throw itemError(this, error, i);
					output.push(errorItem(this, error, i));
				}
			}
			return [output];
		} finally {
			await manager.close();
		}
	}
}
