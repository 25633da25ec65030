import path from 'node:path';

import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { expandHome, readCaptionFile, runPathCheck } from '../../../lib';
import { withToolDefault } from '../../shared/toolDefaults';

type Source = 'binary' | 'text' | 'file';

/** Where the captions come from, for both operations. */
export const inputProperties: INodeProperties[] = [
	// As an AI Agent's tool the captions come as text: an agent's call carries no binary data.
	...withToolDefault(
		{
			displayName: 'Input',
			name: 'source',
			type: 'options',
			default: 'binary',
			options: [
				{ name: 'Binary Field', value: 'binary' },
				{ name: 'File Path', value: 'file', description: 'A caption or .txt transcript file within the folders n8n allows' },
				{ name: 'Text', value: 'text', description: 'Caption or transcript text in a field or expression' },
			],
		},
		'text',
	),
	{ displayName: 'Input Binary Field', name: 'binaryPropertyName', type: 'string', default: 'data', displayOptions: { show: { source: ['binary'] } } },
	{ displayName: 'Caption Text', name: 'text', type: 'string', typeOptions: { rows: 6 }, default: '', description: 'Captions, or a plain-text transcript (one line per line, NAME: labels)', displayOptions: { show: { source: ['text'] } } },
	{ displayName: 'File Path', name: 'filePath', type: 'string', default: '', placeholder: '~/.n8n-files/captions/talk.en.vtt', description: 'A caption file or a plain-text (.txt) transcript', displayOptions: { show: { source: ['file'] } } },
];

export interface CaptionInput {
	input: string | Uint8Array;
	/** a name for the output file */
	name: string;
}

/** The file name an item stands for, without reading it (for summaries, also of items that failed). */
export function inputName(ctx: IExecuteFunctions, i: number): string {
	try {
		const source = ctx.getNodeParameter('source', i) as Source;
		if (source === 'text') return 'transcript';
		if (source === 'file') return path.basename(ctx.getNodeParameter('filePath', i) as string) || 'transcript';
		const field = ctx.getNodeParameter('binaryPropertyName', i) as string;
		return ctx.getInputData()[i].binary?.[field]?.fileName ?? field;
	} catch {
		return `item ${i + 1}`;
	}
}

/** The caption bytes from the chosen source, read through n8n's file-access rules. */
export async function readInput(ctx: IExecuteFunctions, i: number, checkPath: (p: string) => Promise<void>): Promise<CaptionInput> {
	const source = ctx.getNodeParameter('source', i) as Source;
	if (source === 'text') return { input: ctx.getNodeParameter('text', i) as string, name: 'transcript' };
	if (source === 'file') {
		const file = path.resolve(expandHome(ctx.getNodeParameter('filePath', i) as string));
		await runPathCheck(checkPath, file);
		return { input: await readCaptionFile(file), name: path.basename(file) };
	}
	const field = ctx.getNodeParameter('binaryPropertyName', i) as string;
	const binary = ctx.getInputData()[i].binary?.[field];
	if (!binary) throw new NodeOperationError(ctx.getNode(), `Item ${i + 1} has no binary field "${field}"`, { itemIndex: i, description: 'Set "Input Binary Field" to the field that holds the caption file.' });
	return { input: await ctx.helpers.getBinaryDataBuffer(i, field), name: binary.fileName ?? 'transcript' };
}
