import path from 'node:path';

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { expandHome, n8nDefaultOutputDir, OPTION_TABLE, parseJsonObject, type ContentOptions, type PresetName } from '../../../lib';
import { CONFIG_GROUP_NAMES } from '../descriptions/configOptions';
import { OPTIONS_LAYOUT_VERSION } from '../descriptions/versions';

const SPEC = new Map(OPTION_TABLE.map((spec) => [spec.key, spec]));

type PresetChoice = PresetName | 'none';

/** Whether the node has the 1.1 layout (Options and Advanced Options) rather than version 1's groups. */
export const hasOptionsLayout = (ctx: IExecuteFunctions) => ctx.getNode().typeVersion >= OPTIONS_LAYOUT_VERSION;

/** A download setting of the node: top-level in version 1, under Options from 1.1. */
export function nodeOption(ctx: IExecuteFunctions, name: string, itemIndex: number, fallback: unknown): unknown {
	return ctx.getNodeParameter(hasOptionsLayout(ctx) ? `options.${name}` : name, itemIndex, fallback);
}

/**
 * The preset parameter the operation shows, as library options: Download Video's video preset and
 * Download Audio's audio preset are `preset`; Download Everything gives one per part.
 */
export function readPresets(ctx: IExecuteFunctions, itemIndex: number): Pick<ContentOptions, 'preset' | 'videoPreset' | 'audioPreset'> {
	const operation = ctx.getNodeParameter('operation', itemIndex) as string;
	const video = () => ctx.getNodeParameter('videoPreset', itemIndex, 'none') as PresetChoice;
	const audio = () => ctx.getNodeParameter('audioPreset', itemIndex, 'none') as PresetChoice;
	if (operation === 'downloadAudio') return { preset: audio() };
	if (operation === 'downloadAll') return { videoPreset: video(), audioPreset: audio() };
	return { preset: video() };
}

/**
 * The option collections of an item as library options: only options the user added are explicit. From 1.1
 * one Cookie File option stands for the library's cookieFile + useCookies: a path turns the file on.
 */
export function readExplicitOptions(ctx: IExecuteFunctions, itemIndex: number): Record<string, unknown> {
	const layout = hasOptionsLayout(ctx);
	const explicit: Record<string, unknown> = {};
	for (const collection of layout ? ['options', 'advancedOptions'] : CONFIG_GROUP_NAMES) {
		const values = ctx.getNodeParameter(collection, itemIndex, {}) as IDataObject;
		for (const [key, value] of Object.entries(values)) {
			const spec = SPEC.get(key as never);
			if (!spec) continue;
			if (spec.type === 'list') explicit[key] = String(value).split(',').map((s) => s.trim()).filter(Boolean);
			else if (spec.type === 'json') explicit[key] = parseJsonObject(value, spec.label);
			else explicit[key] = value;
		}
	}
	if (layout && typeof explicit.cookieFile === 'string') {
		explicit.cookieFile = explicit.cookieFile.trim();
		explicit.useCookies = explicit.cookieFile !== '';
	}
	return explicit;
}

/** The item's download parameters as library options. */
export function readDownloadOptions(ctx: IExecuteFunctions, itemIndex: number): ContentOptions {
	const outputDir = (ctx.getNodeParameter('outputDir', itemIndex, '') as string).trim();
	return {
		...readExplicitOptions(ctx, itemIndex),
		outputDir: path.resolve(expandHome(outputDir || n8nDefaultOutputDir())),
		...readPresets(ctx, itemIndex),
		playlist: nodeOption(ctx, 'downloadPlaylist', itemIndex, false) as boolean,
		allowLocalFiles: nodeOption(ctx, 'allowLocalFiles', itemIndex, false) as boolean,
	};
}
