/** URL → Extract Transcript → Convert Transcript in a real n8n 2.40.7, with the caption file passed as binary data. */
import { CAPTION_CUES } from '../fixtures';
import { N8N_RUN_TIMEOUT_MS, type WorkflowJson } from './n8nHarness';
import { withN8nAndFixtures } from './withN8n';

const node = (name: string, type: string, parameters: Record<string, unknown>, x: number, extra: Record<string, unknown> = {}) => ({
	id: `c0000000-0000-4000-8000-0000000000${String(x / 100).padStart(2, '0')}`,
	name,
	type,
	typeVersion: type === 'n8n-nodes-base.set' ? 3.4 : 1,
	position: [x, 0] as [number, number],
	parameters,
	...extra,
});

function pipeline(urls: string[]): WorkflowJson {
	return {
		name: 'e2e transcripts',
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', {}, 0),
			node('URLs', 'n8n-nodes-base.set', { mode: 'raw', jsonOutput: JSON.stringify({ urls }), options: {} }, 100),
			node('Split', 'n8n-nodes-base.splitOut', { fieldToSplitOut: 'urls', options: {} }, 200),
			node('Extract', 'n8n-nodes-media-downloader.extractTranscript', { url: '={{ $json.urls }}', languages: 'fr,de,en', whenNone: 'empty' }, 300),
			node('To Text', 'n8n-nodes-media-downloader.convertTranscript', { operation: 'convert', source: 'binary', binaryPropertyName: 'data', outputFormat: 'text', outputTo: 'both' }, 400, { onError: 'continueRegularOutput' }),
			node('Structure', 'n8n-nodes-media-downloader.convertTranscript', { operation: 'analyze', source: 'binary', binaryPropertyName: 'data', analysis: 'structure' }, 500, { onError: 'continueRegularOutput' }),
		],
		connections: {
			Start: { main: [[{ node: 'URLs', type: 'main', index: 0 }]] },
			URLs: { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
			Split: { main: [[{ node: 'Extract', type: 'main', index: 0 }]] },
			Extract: { main: [[{ node: 'To Text', type: 'main', index: 0 }, { node: 'Structure', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

describe('Extract Transcript → Convert Transcript in a real n8n', () => {
	const env = withN8nAndFixtures();

	it(
		'turns a page’s captions into Markdown, then plain text and an analysis; a page without captions gives an empty result',
		async () => {
			const result = await env.n8n.runWorkflow(pipeline([env.server.url('/page/video.html'), env.server.url('/page/nocaptions.html')]));
			expect(result.exitCode).toBe(0);

			const [extracted, empty] = result.outputOf('Extract');
			expect(extracted.json).toMatchObject({ language: 'de', automatic: false, to: 'markdown', title: 'Fixture Video (Open Graph) (1)', availableLanguages: ['en', 'de'] });
			expect(String(extracted.json.content).startsWith('# Fixture Video (Open Graph) (1)')).toBe(true);
			expect(extracted.binary!.data).toMatchObject({ fileName: 'video-1.de.vtt', mimeType: 'text/vtt' });
			expect(empty.json).toMatchObject({ noCaptions: true, content: '', message: 'No captions in fr, de, en; available: none' });
			expect(empty.pairedItem).toEqual({ item: 1 });

			const [text, noInput] = result.outputOf('To Text');
			for (const cue of CAPTION_CUES.de) expect(String(text.json.content).split(cue.text.replace(/\s+/g, ' ')).length - 1).toBe(1);
			expect(String(text.json.content)).not.toMatch(/-->|WEBVTT|<[a-z/]/);
			expect(text.json).toMatchObject({ format: 'vtt', to: 'text' });
			expect(text.binary!.transcript).toMatchObject({ fileName: 'video-1.de.txt', mimeType: 'text/plain' });
			expect(String(noInput.json.error)).toBe('Item 2 has no binary field "data"');

			const [structure] = result.outputOf('Structure');
			const words = CAPTION_CUES.de.map((c) => c.text.split(/\s+/).length).reduce((a, b) => a + b, 0);
			expect(structure.json).toMatchObject({ kind: 'structure', words });
		},
		N8N_RUN_TIMEOUT_MS,
	);

	it(
		'a bad expression fails only its own item: the others are extracted, in order, with pairedItem',
		async () => {
			const urls = [env.server.url('/page/video.html'), 'broken', env.server.url('/page/video.html')];
			const wf = pipeline(urls);
			const extract = wf.nodes.find((n) => n.name === 'Extract')!;
			// The second URL's expression names a node that does not exist: n8n throws for that item only.
			extract.parameters = { ...extract.parameters, url: '={{ $json.urls === "broken" ? $("No Such Node").item.json.url : $json.urls }}', languages: 'en' };
			Object.assign(extract, { onError: 'continueRegularOutput' });
			const result = await env.n8n.runWorkflow({ ...wf, name: 'e2e transcripts bad expression' });
			expect(result.exitCode).toBe(0);
			const out = result.outputOf('Extract');
			expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(out[0].json).toMatchObject({ language: 'en', automatic: false });
			expect(out[1].json).toMatchObject({ error: "Referenced node doesn't exist" });
			expect(out[2].json).toMatchObject({ language: 'en', automatic: false });
		},
		N8N_RUN_TIMEOUT_MS,
	);

	it(
		'refuses a caption file outside the folders n8n allows',
		async () => {
			const wf: WorkflowJson = {
				name: 'e2e convert refused',
				nodes: [
					node('Start', 'n8n-nodes-base.manualTrigger', {}, 0),
					node('Convert', 'n8n-nodes-media-downloader.convertTranscript', { operation: 'convert', source: 'file', filePath: '/etc/hostname', outputFormat: 'text', outputTo: 'json' }, 100),
				],
				connections: { Start: { main: [[{ node: 'Convert', type: 'main', index: 0 }]] } },
				settings: { executionOrder: 'v1' },
			};
			const result = await env.n8n.runWorkflow(wf);
			expect(result.exitCode).not.toBe(0);
			expect(result.errorMessage()).toMatch(/^Item 1: Access to "\/etc\/hostname" is not allowed/);
		},
		N8N_RUN_TIMEOUT_MS,
	);
});
