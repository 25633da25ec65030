import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeParameters, INodeProperties } from 'n8n-workflow';

import { DEFAULT_CONFIG, OPTION_TABLE, PRESET_NAMES, type DownloadConfig } from '../../lib/config';
import { PLACEMENT } from '../../nodes/DownloadMedia/descriptions/optionsLayout';
import { DownloadMedia } from '../../nodes/DownloadMedia/DownloadMedia.node';
import { shownParameters } from './nodePanel';

const README = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
const section = (heading: string) => {
	const start = README.indexOf(`### ${heading}`);
	return README.slice(start, README.indexOf('\n### ', start + 1));
};
const DOWNLOAD = section('Download Media (');

const COLLECTIONS: Record<string, string> = { options: 'Options', advanced: 'Advanced Options' };

function defaultText(key: keyof DownloadConfig): string {
	const value = DEFAULT_CONFIG[key];
	if (Array.isArray(value)) return value.join(',') || '—';
	if (value && typeof value === 'object') return JSON.stringify(value);
	return value === '' ? '—' : String(value);
}

/** The rows of the README's Download Media option table, as "Collection | Option (`key`)". */
const optionRows = [...DOWNLOAD.matchAll(/^\| (Options|Advanced Options) \| (.+?) \(`(\w+)`\) \|/gm)].map((m) => `${m[1]} | ${m[3]}`);

describe('README tables match the code', () => {
	it.each(OPTION_TABLE.filter((spec) => typeof PLACEMENT[spec.key] === 'string').map((spec) => [spec.key, spec] as const))(
		'Download Media option %s: its row has the collection, label, default and help text the 1.1 panel shows',
		(_key, spec) => {
			const values = spec.values ? ` (${spec.values.filter(Boolean).join(', ')})` : '';
			expect(DOWNLOAD).toContain(`| ${COLLECTIONS[PLACEMENT[spec.key] as string]} | ${spec.label} (\`${spec.key}\`) | ${defaultText(spec.key)} | ${spec.description}${values} |`);
		},
	);

	it('the option table has one row per panel option and no other; the options left off the panel are named with their reason', () => {
		const placed = OPTION_TABLE.filter((spec) => typeof PLACEMENT[spec.key] === 'string').map((spec) => `${COLLECTIONS[PLACEMENT[spec.key] as string]} | ${spec.key}`);
		expect([...optionRows].sort()).toEqual(placed.sort());
		for (const spec of OPTION_TABLE.filter((s) => typeof PLACEMENT[s.key] === 'object'))
			expect(DOWNLOAD).toContain(`- ${spec.label} (\`${spec.key}\`): ${(PLACEMENT[spec.key] as { hidden: string }).hidden}`);
	});

	it('the parameter table names every top-level parameter and every node setting under Options of the 1.1 panel', () => {
		const description = new DownloadMedia().description;
		const firstCells = [...DOWNLOAD.matchAll(/^\| ([^|]+) \|/gm)].map((m) => m[1]);
		const situations: INodeParameters[] = ['downloadVideo', 'downloadAudio', 'downloadAll'].map((operation) => ({ operation }));
		const shown = situations.flatMap((values) => shownParameters(description, 1.1, values)).filter((p) => p.type !== 'notice' && p.type !== 'collection');
		for (const name of new Set(shown.map((p) => p.displayName.replace(/^Include /, '')))) expect({ name, row: firstCells.some((c) => c.includes(name)) }).toEqual({ name, row: true });
		const options = description.properties.find((p) => p.name === 'options')!.options as INodeProperties[];
		for (const option of options.filter((o) => !(o.name in PLACEMENT))) expect(firstCells).toContain(`Options → ${option.displayName}`);
	});

	it('names every preset and every DOWNLOAD_* variable the library reads', () => {
		for (const name of ['Podcast', 'Music', 'Video Archive', 'Social Media', 'Live Stream']) expect(README).toContain(name);
		expect(PRESET_NAMES).toHaveLength(5);
		const source = ['defaults.ts'].map((f) => readFileSync(path.join(__dirname, '../../lib/config', f), 'utf8')).join('\n');
		const variables = [...new Set(source.match(/\b(?:DOWNLOAD_[A-Z_]+|ENVIRONMENT)\b/g))];
		expect(variables.length).toBeGreaterThanOrEqual(10);
		for (const variable of variables) expect(README).toContain(`\`${variable}\``);
	});
});
