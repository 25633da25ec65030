import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { AnalysisKind, TranscriptConverter } from '../../../lib';
import type { CaptionInput } from './input';

export const description: INodeProperties[] = [
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
];

/** Keywords, topics or structure of the transcript, as one item. */
export function execute(ctx: IExecuteFunctions, i: number, converter: TranscriptConverter, { input }: CaptionInput, language?: string): INodeExecutionData {
	const kind = ctx.getNodeParameter('analysis', i) as AnalysisKind;
	const analysis = converter.analyze(input, kind, { language, limit: ctx.getNodeParameter('limit', i, 20) as number });
	return { json: analysis as unknown as IDataObject, pairedItem: { item: i } };
}
