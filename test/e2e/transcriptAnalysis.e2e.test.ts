/** Convert Transcript → Analyze in a real n8n 2.40.7: every analysis, the Topic Lists options, and their errors. */
import { N8N_RUN_TIMEOUT_MS, type WorkflowJson } from './n8nHarness';
import { withN8nAndFixtures } from './withN8n';

/** Four paragraphs (pauses of 6 s): technology, a question and an exclamation of love, a business loss, a neutral room. */
const VTT = [
	'WEBVTT',
	'',
	'00:00:01.000 --> 00:00:04.000',
	'Our software team writes code and stores data on a computer.',
	'',
	'00:00:10.000 --> 00:00:13.000',
	'Do you love the new digital technology? I really love it!',
	'',
	'00:00:20.000 --> 00:00:23.000',
	'The company lost revenue and the market was terrible.',
	'',
	'00:00:30.000 --> 00:00:33.000',
	'The box is on the table in the room.',
	'',
].join('\n');

const ANALYSES: [string, Record<string, unknown>][] = [
	['Keywords', { analysis: 'keywords', limit: 3 }],
	['Topics', { analysis: 'topics' }],
	[
		'Own Topics',
		{
			analysis: 'topics',
			topicLists: { topic: [{ name: 'furniture', words: 'table, box*, chair' }, { name: 'technology', words: 'technology' }] },
			keepDefaultTopics: true,
		},
	],
	['Twice', { analysis: 'topics', topicLists: { topic: [{ name: 'a', words: 'table' }, { name: 'a', words: 'room' }] } }],
	['No Words', { analysis: 'topics', topicLists: { topic: [{ name: 'empty', words: ' , ' }] } }],
	['Structure', { analysis: 'structure' }],
	['Sentiment', { analysis: 'sentiment' }],
	['Sentiment German', { analysis: 'sentiment', transcriptOptions: { language: 'de' } }],
];

function workflow(): WorkflowJson {
	const nodes = ANALYSES.map(([name, parameters], i) => ({
		id: `d0000000-0000-4000-8000-0000000000${String(i + 1).padStart(2, '0')}`,
		name,
		type: 'n8n-nodes-media-downloader.convertTranscript',
		typeVersion: 1,
		position: [200, i * 100] as [number, number],
		parameters: { operation: 'analyze', source: 'text', text: VTT, ...parameters },
		onError: 'continueRegularOutput',
	}));
	return {
		name: 'e2e transcript analysis',
		nodes: [{ id: 'd0000000-0000-4000-8000-000000000000', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }, ...nodes],
		connections: { Start: { main: [nodes.map((n) => ({ node: n.name, type: 'main', index: 0 }))] } },
		settings: { executionOrder: 'v1' },
	};
}

describe('Convert Transcript → Analyze in a real n8n', () => {
	const env = withN8nAndFixtures();

	it(
		'gives keywords with vocabulary, topic scores over default and own lists, structure style and sentiment per paragraph',
		async () => {
			const result = await env.n8n.runWorkflow(workflow());
			expect(result.exitCode).toBe(0);
			const one = (name: string) => {
				const out = result.outputOf(name);
				expect(out).toHaveLength(1);
				expect(out[0].pairedItem).toEqual({ item: 0 });
				return out[0].json;
			};

			const keywords = one('Keywords');
			expect(keywords).toMatchObject({ kind: 'keywords', language: 'en', uniqueWords: 19, totalWords: 20, vocabularyRichness: 0.95 });
			expect(keywords.keywords).toHaveLength(3);
			expect(one('Topics')).toMatchObject({
				kind: 'topics',
				topicScores: { technology: 6, business: 3, science: 0 },
				dominantTopic: 'technology',
				paragraphs: 4,
				averageParagraphWords: 10,
			});
			// Defaults kept, "technology" replaced by the own list of that name; "box*" matches "box".
			expect(one('Own Topics')).toMatchObject({ topicScores: { technology: 1, business: 3, science: 0, furniture: 2 }, dominantTopic: 'business' });
			expect(one('Twice')).toEqual({ error: 'Item 1: topic "a" is listed twice' });
			expect(one('No Words')).toMatchObject({ error: 'Topic list "empty" has no words.', kind: 'InvalidInput' });

			expect(one('Structure')).toMatchObject({ kind: 'structure', paragraphs: 4, questionParagraphs: 1, exclamationParagraphs: 1, contentStyle: 'conversational' });
			const sentiment = one('Sentiment');
			expect(sentiment).toMatchObject({
				kind: 'sentiment',
				language: 'en',
				supported: true,
				lexicon: 'AFINN-165',
				overall: { score: 0, positiveParagraphs: 1, negativeParagraphs: 1, neutralParagraphs: 2 },
			});
			expect(sentiment.paragraphs).toEqual([
				{ paragraph: 0, start: 1, score: 0, comparative: 0, label: 'neutral' },
				{ paragraph: 1, start: 10, score: 6, comparative: 0.545, label: 'positive' },
				{ paragraph: 2, start: 20, score: -6, comparative: -0.667, label: 'negative' },
				{ paragraph: 3, start: 30, score: 0, comparative: 0, label: 'neutral' },
			]);
			expect(one('Sentiment German')).toMatchObject({ kind: 'sentiment', language: 'de', supported: false, overall: null, paragraphs: [], reason: expect.stringContaining('English only') });
		},
		N8N_RUN_TIMEOUT_MS,
	);
});
