import path from 'node:path';

import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { expandHome, n8nDefaultOutputDir, type DownloadManager, type NewTask, type PresetName } from '../../../lib';
import { nodeOption, readExplicitOptions } from '../../DownloadMedia/actions/readOptions';
import { n8nPathCheck } from '../../shared/fileAccess';
import { taskJson } from './taskJson';

/** One item's Add: its download parameters as a task (checked as Download Media checks them). */
export async function readNewTask(ctx: IExecuteFunctions, itemIndex: number): Promise<NewTask & { preset?: PresetName }> {
	const url = (ctx.getNodeParameter('url', itemIndex) as string).trim();
	if (!url) throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex + 1}: the URL is empty`, { itemIndex, description: 'Map a URL field of the incoming item into URL.' });
	const audio = ctx.getNodeParameter('mediaType', itemIndex, 'video') === 'audio';
	const preset = ctx.getNodeParameter(audio ? 'audioPreset' : 'videoPreset', itemIndex, 'none') as PresetName | 'none';
	const folder = (ctx.getNodeParameter('outputDir', itemIndex, '') as string).trim();
	const outputDir = path.resolve(expandHome(folder || n8nDefaultOutputDir()));
	// Checked now, so a forbidden folder fails the Add and not a download hours later (and checked again then).
	await n8nPathCheck(ctx)(outputDir).catch((error: NodeOperationError) => {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex + 1}: ${error.message}`, { itemIndex, description: error.description ?? undefined });
	});
	return {
		url,
		priority: ctx.getNodeParameter('priority', itemIndex, 0) as number,
		preset: preset === 'none' ? undefined : preset,
		config: {
			...readExplicitOptions(ctx, itemIndex),
			outputDir,
			audioOnly: audio,
			playlist: nodeOption(ctx, 'downloadPlaylist', itemIndex, false) as boolean,
		},
	};
}

/** Add, Get Task, Cancel and Retry: one call per item, output paired with it. */
export async function runTaskOperation(ctx: IExecuteFunctions, manager: DownloadManager, operation: string, itemIndex: number): Promise<INodeExecutionData> {
	const paired = (json: INodeExecutionData['json']) => ({ json, pairedItem: { item: itemIndex } });
	if (operation === 'add') {
		const request = await readNewTask(ctx, itemIndex);
		const task = await manager.addDownload(request.url, { priority: request.priority, config: request.config, preset: request.preset });
		return paired(taskJson(task));
	}
	const taskId = (ctx.getNodeParameter('taskId', itemIndex) as string).trim();
	const task =
		operation === 'cancel' ? await manager.cancelDownload(taskId) : operation === 'retry' ? await manager.retryDownload(taskId) : await manager.getTask(taskId);
	if (!task) {
		const existing = operation === 'retry' ? await manager.getTask(taskId) : null;
		throw new NodeOperationError(
			ctx.getNode(),
			existing ? `Item ${itemIndex + 1}: task ${taskId} is ${existing.status}; only failed or cancelled tasks can be retried` : `Item ${itemIndex + 1}: no task ${taskId} in this queue`,
			{ itemIndex, description: 'Check the Task ID and that Storage and Queue Name name the queue it was added to.' },
		);
	}
	return paired(taskJson(task));
}
