import path from 'node:path';

import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { summarizeConversions, type FileConversionResult, type OutputFormat, type TranscriptConverter } from '../../../lib';
import { MIME_BY_FORMAT, outputFormatProperty } from '../../shared/transcriptOptions';
import type { CaptionInput } from './input';

const show = { show: { operation: ['convert'] } };

export const description: INodeProperties[] = [
	{ ...outputFormatProperty, displayOptions: show },
	{
		displayName: 'Put Result In',
		name: 'outputTo',
		type: 'options',
		default: 'json',
		displayOptions: show,
		options: [
			{ name: 'JSON Field', value: 'json' },
			{ name: 'Binary File', value: 'binary' },
			{ name: 'Both', value: 'both' },
		],
	},
	{ displayName: 'Output Binary Field', name: 'outputBinaryPropertyName', type: 'string', default: 'transcript', displayOptions: { show: { operation: ['convert'], outputTo: ['binary', 'both'] } } },
	{
		displayName: 'Add Summary Item',
		name: 'addSummary',
		type: 'boolean',
		default: false,
		displayOptions: show,
		description: 'Whether to add one item after the converted ones: files, succeeded, failed, failures (item, file, reason; with "On Error: Continue"), total words and paragraphs',
	},
];

/** The converted transcript as JSON, a binary file, or both (input binaries are passed on). */
export async function execute(ctx: IExecuteFunctions, i: number, converter: TranscriptConverter, { input, name }: CaptionInput): Promise<INodeExecutionData> {
	const to = ctx.getNodeParameter('outputFormat', i) as OutputFormat;
	const outputTo = ctx.getNodeParameter('outputTo', i, 'json') as 'json' | 'binary' | 'both';
	const { output, transcript, ...stats } = converter.convert(input, { to });
	const json: IDataObject = { format: transcript.format, ...stats, ...(outputTo === 'binary' ? {} : { content: output }) };
	const item: INodeExecutionData = { json, pairedItem: { item: i } };
	if (outputTo !== 'json') {
		const { mime, ext } = MIME_BY_FORMAT[to];
		const fileName = `${path.parse(name).name}.${ext}`;
		const field = ctx.getNodeParameter('outputBinaryPropertyName', i, 'transcript') as string;
		item.binary = { ...ctx.getInputData()[i].binary, [field]: await ctx.helpers.prepareBinaryData(Buffer.from(output, 'utf8'), fileName, mime) };
	}
	return item;
}

/** What one item contributed to the summary: its stats, or why it failed. */
export function summaryEntry(i: number, file: string, outcome: { item: INodeExecutionData } | { error: string }): FileConversionResult {
	if ('error' in outcome) return { file, status: 'error', error: outcome.error, item: i };
	const { wordCount, paragraphCount, averageWordsPerParagraph, compressionRatio } = outcome.item.json as Record<string, number>;
	return { file, status: 'success', stats: { wordCount, paragraphCount, averageWordsPerParagraph, compressionRatio }, item: i };
}

/** The item added after the converted ones, paired with every input item. */
export function summaryItem(entries: FileConversionResult[], inputCount: number): INodeExecutionData {
	return { json: { summary: true, ...summarizeConversions(entries) } as unknown as IDataObject, pairedItem: Array.from({ length: inputCount }, (_, item) => ({ item })) };
}
