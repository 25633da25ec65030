import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import type { FileConversionResult } from '../../lib';
import { errorItem, itemError } from '../shared/errors';
import { n8nPathCheck } from '../shared/fileAccess';
import { transcriptOptionsCollection } from '../shared/transcriptOptions';
import { summaryEntry, summaryItem } from './actions/convert.operation';
import { inputName, inputProperties } from './actions/input';
import { operationProperties, runOperation, type Operation } from './actions/router';

export class ConvertTranscript implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Convert Transcript',
		name: 'convertTranscript',
		icon: { light: 'file:convertTranscript.svg', dark: 'file:convertTranscript.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description: 'Turn caption files (VTT, SRT, TTML, YouTube json3/srv3) or plain-text transcripts into clean Markdown, text, SRT, VTT or JSON, or analyse them',
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
					{ name: 'Analyze', value: 'analyze', action: 'Analyze a transcript', description: 'Keywords, topics, structure or sentiment' },
				],
			},
			...inputProperties,
			...operationProperties,
			transcriptOptionsCollection,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as Operation;
		const checkPath = n8nPathCheck(this);
		const summary = operation === 'convert' && (this.getNodeParameter('addSummary', 0, false) as boolean);
		const entries: FileConversionResult[] = [];
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const item = await runOperation(this, operation, i, checkPath);
				out.push(item);
				if (summary) entries.push(summaryEntry(i, inputName(this, i), { item }));
			} catch (error) {
				if (!this.continueOnFail()) throw itemError(this, error, i);
				const failed = errorItem(this, error, i);
				out.push(failed);
				if (summary) entries.push(summaryEntry(i, inputName(this, i), { error: String(failed.json.error) }));
			}
		}
		if (summary) out.push(summaryItem(entries, items.length));
		return [out];
	}
}
