import type { IExecuteFunctions } from 'n8n-workflow';

import { DownloadManager, type DownloadManagerOptions } from '../../lib';
import { n8nPathCheck } from './fileAccess';
import { queueLocation } from './queueStorage';

/** The Media Queue the node's storage parameters name, as a DownloadManager (closed by the caller). */
export async function openQueueManager(ctx: IExecuteFunctions, options: Omit<DownloadManagerOptions, 'store'> = {}): Promise<DownloadManager> {
	const storage = ctx.getNodeParameter('storage', 0, 'local');
	const redis = storage === 'redis' ? await ctx.getCredentials('mediaQueueRedis') : undefined;
	const { spec, userFile } = queueLocation((name, fallback) => ctx.getNodeParameter(name, 0, fallback), redis);
	// A queue file the user named is a file we write: n8n's file access rules decide; the default lives in n8n's own folder.
	if (userFile) await n8nPathCheck(ctx)(userFile);
	return new DownloadManager({ ...options, store: spec });
}
