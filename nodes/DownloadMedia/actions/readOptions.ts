import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { n8nDefaultOutputDir, OPTION_TABLE, parseJsonObject, type DownloadCallOptions, type PresetName } from '../../../lib';
import { CONFIG_GROUP_NAMES } from '../descriptions/configOptions';

const SPEC = new Map(OPTION_TABLE.map((spec) => [spec.key, spec]));

/** The item's parameters as library options: only options the user added are explicit. */
export async function readDownloadOptions(
	ctx: IExecuteFunctions,
	itemIndex: number,
	checkPath: (absolutePath: string) => Promise<void>,
): Promise<DownloadCallOptions> {
	const explicit: Record<string, unknown> = {};
	for (const group of CONFIG_GROUP_NAMES) {
		const values = ctx.getNodeParameter(group, itemIndex, {}) as IDataObject;
		for (const [key, value] of Object.entries(values)) {
			const spec = SPEC.get(key as never);
			if (!spec) continue;
			if (spec.type === 'list') explicit[key] = String(value).split(',').map((s) => s.trim()).filter(Boolean);
			else if (spec.type === 'json') explicit[key] = parseJsonObject(value, spec.label);
			else explicit[key] = value;
		}
	}
	if (explicit.useCookies && explicit.cookieFile) {
		const file = path.resolve(String(explicit.cookieFile));
		await checkPath(file);
		explicit.cookies = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
			throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex + 1}: the cookie file ${file} cannot be read (${error.code ?? error.message})`, { itemIndex });
		});
	}
	const outputDir = (ctx.getNodeParameter('outputDir', itemIndex, '') as string).trim();
	return {
		...explicit,
		outputDir: path.resolve(outputDir || n8nDefaultOutputDir()),
		preset: ctx.getNodeParameter('preset', itemIndex, 'none') as PresetName | 'none',
		playlist: ctx.getNodeParameter('playlist', itemIndex, false) as boolean,
		allowLocalFiles: ctx.getNodeParameter('allowLocalFiles', itemIndex, false) as boolean,
	};
}
