import { readFileSync } from 'node:fs';
import path from 'node:path';

import { DEFAULT_CONFIG, OPTION_TABLE, PRESET_NAMES, type DownloadConfig } from '../../lib/config';

const README = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');

const GROUPS: Record<string, string> = {
	output: 'Output',
	qualityFormat: 'Quality & Format',
	audio: 'Audio',
	subtitlesMetadata: 'Subtitles & Metadata',
	playlist: 'Playlist',
	network: 'Network',
	postProcessing: 'Post-Processing',
	validation: 'Validation',
};

function defaultText(key: keyof DownloadConfig): string {
	const value = DEFAULT_CONFIG[key];
	if (Array.isArray(value)) return value.join(',') || '—';
	if (value && typeof value === 'object') return JSON.stringify(value);
	return value === '' ? '—' : String(value);
}

describe('README tables match the code', () => {
	it.each(OPTION_TABLE.map((spec) => [spec.key, spec] as const))('Download Media option %s: its row has the label, default and help text of the option table', (_key, spec) => {
		const values = spec.values ? ` (${spec.values.filter(Boolean).join(', ')})` : '';
		expect(README).toContain(`| ${GROUPS[spec.group]} | ${spec.label} (\`${spec.key}\`) | ${defaultText(spec.key)} | ${spec.description}${values} |`);
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
