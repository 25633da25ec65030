import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { DEFAULT_TOPIC_LISTS, type AnalysisKind, type TranscriptConverter } from '../../../lib';
import type { CaptionInput } from './input';

const forTopics = { show: { operation: ['analyze'], analysis: ['topics'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Analysis',
		name: 'analysis',
		type: 'options',
		default: 'keywords',
		displayOptions: { show: { operation: ['analyze'] } },
		options: [
			{ name: 'Keywords', value: 'keywords', description: 'Most significant words, without stop words of the language, and vocabulary richness' },
			{ name: 'Sentiment', value: 'sentiment', description: 'Positive, negative or neutral per paragraph and overall (English, AFINN-165 word list)' },
			{ name: 'Structure', value: 'structure', description: 'Paragraph lengths, questions, exclamations, reading time, conversational or formal style' },
			{ name: 'Topics', value: 'topics', description: 'Scores of named topic lists and the dominant topic, plus keyword clusters that occur together' },
		],
	},
	{ displayName: 'Limit', name: 'limit', type: 'number', typeOptions: { minValue: 1 }, default: 50, displayOptions: { show: { operation: ['analyze'], analysis: ['keywords', 'topics'] } }, description: 'Max number of results to return' },
	{
		displayName: 'Topic Lists',
		name: 'topicLists',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Topic',
		default: {},
		displayOptions: forTopics,
		description: 'Named word lists to score instead of the defaults (technology, business, science)',
		options: [
			{
				name: 'topic',
				displayName: 'Topic',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'health' },
					{ displayName: 'Words', name: 'words', type: 'string', default: '', placeholder: 'doctor, patient, hospital, medic*', description: 'Comma-separated words or phrases; one ending in * matches every word that starts with it' },
				],
			},
		],
	},
	{ displayName: 'Keep Default Topics', name: 'keepDefaultTopics', type: 'boolean', default: false, displayOptions: forTopics, description: 'Whether to score technology, business and science besides the topic lists' },
];

/** Keywords, topics, structure or sentiment of the transcript, as one item. */
export function execute(ctx: IExecuteFunctions, i: number, converter: TranscriptConverter, { input }: CaptionInput, language?: string): INodeExecutionData {
	const kind = ctx.getNodeParameter('analysis', i) as AnalysisKind;
	const topicLists = kind === 'topics' ? readTopicLists(ctx, i) : undefined;
	const analysis = converter.analyze(input, kind, { language, limit: ctx.getNodeParameter('limit', i, 20) as number, topicLists });
	return { json: analysis as unknown as IDataObject, pairedItem: { item: i } };
}

/** The lists as the library takes them; undefined (the defaults) when none is given. */
function readTopicLists(ctx: IExecuteFunctions, i: number): Record<string, string[]> | undefined {
	const rows = (ctx.getNodeParameter('topicLists', i, {}) as { topic?: { name?: string; words?: string }[] }).topic ?? [];
	if (rows.length === 0) return undefined;
	const lists: Record<string, string[]> = ctx.getNodeParameter('keepDefaultTopics', i, false) ? Object.fromEntries(Object.entries(DEFAULT_TOPIC_LISTS).map(([k, v]) => [k, [...v]])) : {};
	const seen = new Set<string>();
	for (const row of rows) {
		const name = (row.name ?? '').trim();
		if (seen.has(name)) throw new NodeOperationError(ctx.getNode(), `Item ${i + 1}: topic "${name}" is listed twice`, { itemIndex: i, description: 'Give each topic one row, with all its words.' });
		seen.add(name);
		// A list of the same name as a default replaces it.
		lists[name] = (row.words ?? '').split(',');
	}
	return lists;
}
