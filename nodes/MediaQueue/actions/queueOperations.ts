import path from 'node:path';

import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { envMaxConcurrent, expandHome, type DownloadCallOptions, type DownloadManager, type TaskStatus } from '../../../lib';
import { n8nPathCheck } from '../../shared/fileAccess';
import { getSiteAuth } from '../../shared/siteAuth';
import { taskJson } from './taskJson';

/** A queue-wide operation's output: one or more items, all paired with the first input item. */
type Output = INodeExecutionData[];
const one = (json: IDataObject): Output => [{ json, pairedItem: { item: 0 } }];
const many = (list: IDataObject[]): Output => list.map((json) => ({ json, pairedItem: { item: 0 } }));

async function userFile(ctx: IExecuteFunctions, name: string): Promise<string> {
	const file = path.resolve(expandHome((ctx.getNodeParameter(name, 0, '') as string).trim()));
	await n8nPathCheck(ctx)(file);
	return file;
}

/** Status, lists, pause/resume, retry all, clear, summary, backup, restore, process: once per execution. */
export async function runQueueOperation(ctx: IExecuteFunctions, manager: DownloadManager, operation: string): Promise<Output> {
	switch (operation) {
		case 'getStatus': {
			const [status, active, eta] = await Promise.all([manager.getQueueStatus(), manager.getActiveDownloads(), manager.estimateCompletion()]);
			return one({ ...(status as unknown as IDataObject), activeDownloads: active.map((task) => taskJson(task)), estimatedSecondsLeft: eta });
		}
		case 'listTasks': {
			const status = ctx.getNodeParameter('status', 0, 'all') as TaskStatus | 'all';
			const tasks = status === 'all' ? await manager.getAllTasks() : await manager.getTasksByStatus(status);
			const limit = ctx.getNodeParameter('returnAll', 0, false) ? tasks.length : (ctx.getNodeParameter('limit', 0, 50) as number);
			return many(tasks.slice(0, limit).map((task) => taskJson(task)));
		}
		case 'retryAllFailed':
			return many((await manager.retryAllFailed()).map((task) => taskJson(task)));
		case 'pause':
			await manager.pauseQueue();
			return one({ ...(await manager.getQueueStatus()) } as unknown as IDataObject);
		case 'resume':
			await manager.resumeQueue();
			return one({ ...(await manager.getQueueStatus()) } as unknown as IDataObject);
		case 'clearCompleted':
			return one({ cleared: await manager.clearCompletedTasks() });
		case 'exportSummary': {
			const file = await userFile(ctx, 'summaryFile');
			const summary = await manager.exportQueueSummary(file);
			return one({ file, ...(summary as unknown as IDataObject) });
		}
		case 'backup':
			return one({ backupFile: await manager.createBackup() });
		case 'restore': {
			const named = (ctx.getNodeParameter('backupFile', 0, '') as string).trim();
			const file = named ? await userFile(ctx, 'backupFile') : undefined;
			const report = await manager.restoreFromBackup(file, { replace: ctx.getNodeParameter('replace', 0, false) as boolean });
			return one(report as unknown as IDataObject);
		}
		case 'process':
			return processQueued(ctx, manager);
		default:
			throw new NodeOperationError(ctx.getNode(), `Unknown operation "${operation}"`);
	}
}

/** What a download of this execution may use: the Media Site credential and n8n's file access rules. */
export async function processDownloadOptions(ctx: IExecuteFunctions): Promise<DownloadCallOptions> {
	const checkPath = n8nPathCheck(ctx);
	return { auth: await getSiteAuth(ctx), checkOutputPath: checkPath, checkLocalPath: checkPath };
}

/**
 * Downloads up to Max Tasks queued tasks inside this execution: what n8n's workers run in queue mode,
 * fired by a Schedule trigger. Cancelling the execution stops the downloads and puts them back in the queue.
 */
async function processQueued(ctx: IExecuteFunctions, manager: DownloadManager): Promise<Output> {
	const limit = ctx.getNodeParameter('maxTasks', 0, 10) as number;
	const concurrency = (ctx.getNodeParameter('maxConcurrent', 0, 0) as number) || envMaxConcurrent();
	const signal = ctx.getExecutionCancelSignal() ?? new AbortController().signal;
	const tasks = await manager.runQueued({ limit, concurrency, signal });
	return many(tasks.map((task) => taskJson(task)));
}
