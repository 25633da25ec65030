import path from 'node:path';

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { n8nDefaultOutputDir, OPTION_TABLE, parseJsonObject, type DownloadCallOptions, type PresetName } from '../../../lib';
import { CONFIG_GROUP_NAMES } from '../descriptions/configOptions';

const SPEC = new Map(OPTION_TABLE.map((spec) => [spec.key, spec]));

/** The item's parameters as library options: only options the user added are explicit. */
export function readDownloadOptions(ctx: IExecuteFunctions, itemIndex: number): DownloadCallOptions {
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
	const outputDir = (ctx.getNodeParameter('outputDir', itemIndex, '') as string).trim();
	return {
		...explicit,
		outputDir: path.resolve(outputDir || n8nDefaultOutputDir()),
		preset: ctx.getNodeParameter('preset', itemIndex, 'none') as PresetName | 'none',
		playlist: ctx.getNodeParameter('downloadPlaylist', itemIndex, false) as boolean,
		allowLocalFiles: ctx.getNodeParameter('allowLocalFiles', itemIndex, false) as boolean,
	};
}
