import path from 'node:path';

import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { readCaptionFile, runPathCheck, TranscriptConverter, type AnalysisKind, type OutputFormat } from '../../lib';
import { errorJson, itemError } from '../shared/errors';
import { n8nPathCheck } from '../shared/fileAccess';
import { MIME_BY_FORMAT, outputFormatProperty, readTranscriptOptions, transcriptOptionsCollection } from '../shared/transcriptOptions';

type Operation = 'convert' | 'analyze';
type Source = 'binary' | 'text' | 'file';

export class ConvertTranscript implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Convert Transcript',
		name: 'convertTranscript',
		icon: { light: 'file:convertTranscript.svg', dark: 'file:convertTranscript.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description: 'Turn caption files (VTT, SRT, TTML, YouTube json3/srv3) into clean Markdown, text, SRT, VTT or JSON, or analyse them',
		defaults: { name: 'Convert Transcript' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'convert',
				options: [
					{ name: 'Convert', value: 'convert', action: 'Convert captions', description: 'Clean text without timestamps, tags or rolling duplicates' },
					{ name: 'Analyze', value: 'analyze', action: 'Analyze a transcript', description: 'Keywords, topics or structure' },
				],
			},
			{
				displayName: 'Input',
				name: 'source',
				type: 'options',
				default: 'binary',
				options: [
					{ name: 'Binary Field', value: 'binary' },
					{ name: 'File Path', value: 'file', description: "A caption file within the folders n8n allows" },
					{ name: 'Text', value: 'text', description: 'Caption text in a field or expression' },
				],
			},
			{ displayName: 'Input Binary Field', name: 'binaryPropertyName', type: 'string', default: 'data', displayOptions: { show: { source: ['binary'] } } },
			{ displayName: 'Caption Text', name: 'text', type: 'string', typeOptions: { rows: 6 }, default: '', displayOptions: { show: { source: ['text'] } } },
			{ displayName: 'File Path', name: 'filePath', type: 'string', default: '', placeholder: '~/.n8n-files/captions/talk.en.vtt', displayOptions: { show: { source: ['file'] } } },
			{ ...outputFormatProperty, displayOptions: { show: { operation: ['convert'] } } },
			{
				displayName: 'Put Result In',
				name: 'outputTo',
				type: 'options',
				default: 'json',
				displayOptions: { show: { operation: ['convert'] } },
				options: [
					{ name: 'JSON Field', value: 'json' },
					{ name: 'Binary File', value: 'binary' },
					{ name: 'Both', value: 'both' },
				],
			},
			{ displayName: 'Output Binary Field', name: 'outputBinaryPropertyName', type: 'string', default: 'transcript', displayOptions: { show: { operation: ['convert'], outputTo: ['binary', 'both'] } } },
			{
				displayName: 'Analysis',
				name: 'analysis',
				type: 'options',
				default: 'keywords',
				displayOptions: { show: { operation: ['analyze'] } },
				options: [
					{ name: 'Keywords', value: 'keywords', description: 'Most significant words, without stop words of the language' },
					{ name: 'Structure', value: 'structure', description: 'Paragraph lengths, questions, reading time' },
					{ name: 'Topics', value: 'topics', description: 'Keyword clusters that occur together' },
				],
			},
			{ displayName: 'Limit', name: 'limit', type: 'number', typeOptions: { minValue: 1 }, default: 50, displayOptions: { show: { operation: ['analyze'], analysis: ['keywords', 'topics'] } }, description: 'Max number of results to return' },
			transcriptOptionsCollection,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as Operation;
		const checkPath = n8nPathCheck(this);
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const { input, name } = await readInput(this, i, checkPath);
				const options = readTranscriptOptions(this, i);
				const converter = new TranscriptConverter(options);
				if (operation === 'analyze') {
					const kind = this.getNodeParameter('analysis', i) as AnalysisKind;
					const analysis = converter.analyze(input, kind, { language: options.language, limit: this.getNodeParameter('limit', i, 20) as number });
					out.push({ json: analysis as unknown as IDataObject, pairedItem: { item: i } });
					continue;
				}
				const to = this.getNodeParameter('outputFormat', i) as OutputFormat;
				const outputTo = this.getNodeParameter('outputTo', i, 'json') as 'json' | 'binary' | 'both';
				const { output, transcript, ...stats } = converter.convert(input, { ...options, to });
				const json: IDataObject = { format: transcript.format, ...stats, ...(outputTo === 'binary' ? {} : { content: output }) };
				const item: INodeExecutionData = { json, pairedItem: { item: i } };
				if (outputTo !== 'json') {
					const { mime, ext } = MIME_BY_FORMAT[to];
					const fileName = `${path.parse(name).name}.${ext}`;
					const field = this.getNodeParameter('outputBinaryPropertyName', i, 'transcript') as string;
					item.binary = { ...items[i].binary, [field]: await this.helpers.prepareBinaryData(Buffer.from(output, 'utf8'), fileName, mime) };
				}
				out.push(item);
			} catch (error) {
				if (!this.continueOnFail()) throw itemError(this, error, i);
				out.push({ json: errorJson(error), pairedItem: { item: i } });
			}
		}
		return [out];
	}
}

/** The caption bytes from the chosen source, and a name for the output file. */
async function readInput(ctx: IExecuteFunctions, i: number, checkPath: (p: string) => Promise<void>): Promise<{ input: string | Uint8Array; name: string }> {
	const source = ctx.getNodeParameter('source', i) as Source;
	if (source === 'text') return { input: ctx.getNodeParameter('text', i) as string, name: 'transcript' };
	if (source === 'file') {
		const file = path.resolve((ctx.getNodeParameter('filePath', i) as string).replace(/^~(?=\/|$)/, process.env.HOME ?? '~'));
		await runPathCheck(checkPath, file);
		return { input: await readCaptionFile(file), name: path.basename(file) };
	}
	const field = ctx.getNodeParameter('binaryPropertyName', i) as string;
	const binary = ctx.getInputData()[i].binary?.[field];
	if (!binary) throw new NodeOperationError(ctx.getNode(), `Item ${i + 1} has no binary field "${field}"`, { itemIndex: i, description: 'Set "Input Binary Field" to the field that holds the caption file.' });
	return { input: await ctx.helpers.getBinaryDataBuffer(i, field), name: binary.fileName ?? 'transcript' };
}
