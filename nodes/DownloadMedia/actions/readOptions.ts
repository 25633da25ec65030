import { readFile } from 'node:fs/promises';
import path from 'node:path';

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { MediaError, n8nDefaultOutputDir, OPTION_TABLE, type DownloadCallOptions, type PresetName } from '../../../lib';
import { CONFIG_GROUP_NAMES } from '../descriptions/configOptions';

const SPEC = new Map(OPTION_TABLE.map((spec) => [spec.key, spec]));

function parseJsonObject(value: unknown, label: string): Record<string, string> {
	if (value === undefined || value === '' || value === null) return {};
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			throw new MediaError('InvalidInput', `${label} is not valid JSON`, { hint: 'Write a JSON object, e.g. {"Referer": "https://example.com/"}' });
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new MediaError('InvalidInput', `${label} must be a JSON object`);
	return Object.fromEntries(Object.entries(parsed as IDataObject).map(([k, v]) => [k, String(v)]));
}

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
			throw new MediaError('InvalidInput', `The cookie file ${file} cannot be read (${error.code ?? error.message})`);
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
