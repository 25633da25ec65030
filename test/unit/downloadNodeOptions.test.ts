import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_CONFIG, NOT_IN_TABLE, OPTION_TABLE, resolveConfig } from '../../lib/config';
import { DownloadMedia } from '../../nodes/DownloadMedia/DownloadMedia.node';

const collections = new DownloadMedia().description.properties.filter((p) => p.type === 'collection');
const shown = collections.flatMap((c) => (c.options as INodeProperties[]).map((o) => o.name));

describe('Download Media parameters', () => {
	it('show every DownloadConfig option exactly once, taken from the library option table', () => {
		const configKeys = Object.keys(DEFAULT_CONFIG).sort();
		const tableKeys = OPTION_TABLE.map((o) => o.key as string);
		expect([...tableKeys, ...NOT_IN_TABLE].sort()).toEqual(configKeys);
		expect([...shown].sort()).toEqual([...tableKeys].sort());
		expect(new Set(shown).size).toBe(shown.length);
	});

	it('use the library defaults as parameter defaults, so a value a user adds means the same as in code', () => {
		for (const collection of collections)
			for (const option of collection.options as INodeProperties[]) {
				const fallback = DEFAULT_CONFIG[option.name as keyof typeof DEFAULT_CONFIG];
				expect(Array.isArray(fallback) ? fallback.join(',') : typeof fallback === 'object' ? '{}' : fallback).toEqual(option.default);
			}
	});

	it('offer only values the library accepts', () => {
		for (const collection of collections)
			for (const option of collection.options as INodeProperties[])
				if (option.type === 'options')
					for (const choice of option.options as Array<{ value: string }>) {
						if (choice.value === '') continue;
						expect(() => resolveConfig({ [option.name]: choice.value, outputDir: '/x' }, 'none', {})).not.toThrow();
					}
	});
});
