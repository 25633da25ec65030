import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_CONFIG, OPTION_TABLE, type OptionGroup, type OptionSpec } from '../../../lib';
import { choice } from './choices';

const GROUPS: Array<{ key: OptionGroup; name: string; displayName: string }> = [
	{ key: 'qualityFormat', name: 'qualityFormat', displayName: 'Quality & Format' },
	{ key: 'audio', name: 'audio', displayName: 'Audio' },
	{ key: 'subtitlesMetadata', name: 'subtitlesMetadata', displayName: 'Subtitles & Metadata' },
	{ key: 'playlist', name: 'playlist', displayName: 'Playlist' },
	{ key: 'network', name: 'network', displayName: 'Network' },
	{ key: 'postProcessing', name: 'postProcessing', displayName: 'Post-Processing' },
	{ key: 'validation', name: 'validation', displayName: 'Validation' },
	{ key: 'output', name: 'output', displayName: 'Output' },
];

/** One library option as an n8n parameter, with the library's default. */
export function toProperty(spec: OptionSpec): INodeProperties {
	const fallback = DEFAULT_CONFIG[spec.key];
	const common = { displayName: spec.label, name: spec.key, description: spec.description, ...(spec.placeholder ? { placeholder: spec.placeholder } : {}) };
	switch (spec.type) {
		case 'boolean':
			return { ...common, type: 'boolean', default: fallback as boolean };
		case 'number':
			return { ...common, type: 'number', default: fallback as number, typeOptions: { minValue: spec.key === 'loudnessTarget' ? -70 : 0 } };
		case 'options':
			return { ...common, type: 'options', default: fallback as string, options: spec.values!.map(choice) };
		case 'list':
			return { ...common, type: 'string', default: (fallback as string[]).join(',') };
		case 'json':
			return { ...common, type: 'json', default: '{}' };
		default:
			return { ...common, type: 'string', default: fallback as string };
	}
}

/**
 * Version 1's layout: one collection per option group, built from the library's option table (the one place
 * that knows the options). Only the options a user adds are sent; the preset and defaults fill in the rest.
 */
export const configCollections = (show: IDisplayOptions['show'] = {}): INodeProperties[] =>
	GROUPS.map(({ key, name, displayName }) => ({
		displayName,
		name,
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { ...show, '@version': [1] } },
		options: OPTION_TABLE.filter((spec) => spec.group === key)
			.map(toProperty)
			.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	}));

export const CONFIG_GROUP_NAMES = GROUPS.map((g) => g.name);
