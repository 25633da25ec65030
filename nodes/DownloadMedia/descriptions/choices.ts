import type { INodePropertyOptions } from 'n8n-workflow';

const LABELS: Record<string, string> = {
	'': 'Keep As Downloaded',
	best: 'Best',
	worst: 'Worst',
	any: 'Any',
	xxhash64: 'xxHash64 (Fast)',
	sha256: 'SHA-256',
	blake3: 'BLAKE3',
	none: 'None',
};

/** The label of an option value: "mkv" → "MKV", "720p" → "720p", "" → "Keep As Downloaded". */
export function choiceLabel(value: string): string {
	return LABELS[value] ?? value.toUpperCase().replace(/(\d+)P$/, '$1p');
}

export function choice(value: string): INodePropertyOptions {
	return { name: choiceLabel(value), value };
}
