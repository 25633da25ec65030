import { unlink } from 'node:fs/promises';
import path from 'node:path';

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { DownloadResult, MediaError } from '../../../lib';
import { mimeTypeOf } from '../../shared/mime';

export interface OutputSettings {
	mode: 'binary' | 'filePath';
	binaryPropertyName: string;
	keepFile: boolean;
}

/** The JSON of one result: metadata and paths, never file contents. */
export function resultJson(result: DownloadResult, extra: IDataObject = {}): IDataObject {
	const { info, ...rest } = result;
	return { ...extra, ...info, ...rest } as unknown as IDataObject;
}

/**
 * Hands a file to n8n as binary data from a read stream: in filesystem (or S3/database) binary mode n8n
 * streams it into its store, so no file is held in memory whole. The read goes through n8n's own
 * file-access checks.
 */
export async function attachFile(ctx: IExecuteFunctions, file: string, item: INodeExecutionData, settings: OutputSettings): Promise<void> {
	const resolved = await ctx.helpers.resolvePath(file);
	const stream = await ctx.helpers.createReadStream(resolved);
	const binary = await ctx.helpers.prepareBinaryData(stream, path.basename(file), mimeTypeOf(file));
	item.binary = { ...item.binary, [settings.binaryPropertyName]: binary };
	if (!settings.keepFile) await unlink(file).catch(() => undefined);
}

export async function resultItems(ctx: IExecuteFunctions, results: DownloadResult[], itemIndex: number, settings: OutputSettings, extra: IDataObject = {}): Promise<INodeExecutionData[]> {
	const items: INodeExecutionData[] = [];
	for (const result of results) {
		const item: INodeExecutionData = { json: resultJson(result, extra), pairedItem: { item: itemIndex } };
		if (settings.mode === 'binary' && result.localPath) await attachFile(ctx, result.localPath, item, settings);
		items.push(item);
	}
	return items;
}

export function partError(error: MediaError | undefined): IDataObject | undefined {
	return error ? { error: error.headline, kind: error.kind, hint: error.hint, ...(error.reported === undefined ? {} : { details: error.reported }) } : undefined;
}
