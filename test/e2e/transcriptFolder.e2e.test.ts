/**
 * examples/caption-folder-to-markdown.json in a real n8n 2.40.7: Read/Write Files (glob) → Convert Transcript
 * (Markdown, binary out, summary item) → Read/Write Files, over a temp folder of generated caption files and a
 * bad one; and plain-text transcripts through Convert Transcript's three inputs.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { convertTranscriptToMarkdown, defaultSettingsFor, TranscriptConverter } from '../../lib';
import { N8N_INSTALL_TIMEOUT_MS, N8N_RUN_TIMEOUT_MS, startN8nHarness, type N8nHarness, type WorkflowJson } from './n8nHarness';

const FIXTURES = path.resolve(__dirname, '../fixtures/captions');
const EXAMPLE = path.resolve(__dirname, '../../examples/caption-folder-to-markdown.json');

const SENTENCES = [
	'Harbours grew where rivers met the sea.',
	'Ships needed shelter from the winter storms.',
	'Merchants built warehouses along the quays.',
	'The town council collected a fee on every cargo.',
	'Fishermen sold their catch at dawn on the market square.',
	'Later the railway reached the harbour and trade doubled.',
	'Today the old warehouses hold a museum and a library.',
	'Tourists come to watch the boats leave in the morning.',
];

function clock(seconds: number, mark: '.' | ','): string {
	const ms = Math.round(seconds * 1000);
	const pad = (n: number, w = 2) => String(n).padStart(w, '0');
	return `${pad(Math.floor(ms / 3600000))}:${pad(Math.floor(ms / 60000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${mark}${pad(ms % 1000, 3)}`;
}

/** A lecture with WebVTT voices: two speakers taking turns, a cue per sentence. */
function lectureVtt(): string {
	const cues = SENTENCES.map((s, i) => `${clock(i * 4, '.')} --> ${clock(i * 4 + 3.5, '.')}\n<v ${i < 5 ? 'Dr. Lee' : 'Student'}>${s}`);
	return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}

/** A podcast in SRT with NAME: labels. */
function podcastSrt(): string {
	return SENTENCES.map((s, i) => `${i + 1}\n${clock(i * 3, ',')} --> ${clock(i * 3 + 2.5, ',')}\n${i % 2 === 0 ? 'HOST' : 'GUEST'}: ${s}`).join('\n\n') + '\n';
}

/** A meeting as plain text: NAME: lines, a paragraph break, a sound annotation. */
function meetingTxt(): string {
	return ['ANN: Good morning, everyone.', SENTENCES.slice(0, 3).join(' '), '', 'BOB: Thanks, Ann.', SENTENCES.slice(3).join('\n'), '[laughter]', ''].join('\n');
}

let n8n: N8nHarness;
beforeAll(async () => {
	n8n = await startN8nHarness();
}, N8N_INSTALL_TIMEOUT_MS);
afterAll(() => n8n?.cleanup());

describe('a caption folder → Markdown files in a real n8n (examples/caption-folder-to-markdown.json)', () => {
	it(
		'writes one .md per caption file with settings by file name, goes on past a bad file, and writes the summary',
		async () => {
			const captions = path.join(n8n.filesDir, 'captions');
			const transcripts = path.join(n8n.filesDir, 'transcripts');
			mkdirSync(captions, { recursive: true });
			mkdirSync(transcripts, { recursive: true });
			const inputs: Record<string, Buffer> = {
				'lecture-harbours.vtt': Buffer.from(lectureVtt()),
				'podcast-episode-3.srt': Buffer.from(podcastSrt()),
				'team-meeting.txt': Buffer.from(meetingTxt()),
				'clip.json3': readFileSync(path.join(FIXTURES, 'small.json3')),
				'broken.srt': readFileSync(path.join(FIXTURES, 'garbage.bin')),
			};
			for (const [name, data] of Object.entries(inputs)) writeFileSync(path.join(captions, name), data);
			writeFileSync(path.join(captions, 'readme.md'), 'Not a caption file: the glob leaves it out.\n');

			const workflow = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as WorkflowJson;
			const folders = workflow.nodes.find((n) => n.name === 'Folders') as { parameters: { assignments: { assignments: Array<{ name: string; value: string }> } } } & WorkflowJson['nodes'][number];
			for (const a of folders.parameters.assignments.assignments) a.value = a.name === 'inputFolder' ? captions : transcripts;
			const result = await n8n.runWorkflow({ ...workflow, id: undefined });
			expect(result.exitCode).toBe(0);

			const converted = result.outputOf('Convert to Markdown');
			const read = result.outputOf('Read Caption Files').map((i) => String(i.json.fileName));
			expect([...read].sort()).toEqual(Object.keys(inputs).sort());
			expect(converted).toHaveLength(6);

			// Each .md is what the library writes with the spec's settings for that file name.
			let totalWords = 0;
			let totalParagraphs = 0;
			for (const name of Object.keys(inputs).filter((n) => n !== 'broken.srt')) {
				const expected = await convertTranscriptToMarkdown(inputs[name], { ...defaultSettingsFor(name), outputFile: null });
				const md = name.replace(/\.[^.]+$/, '.md');
				expect([md, readFileSync(path.join(transcripts, md), 'utf8')]).toEqual([md, expected.markdown]);
				const item = converted[read.indexOf(name)];
				expect(item.json).toMatchObject({ to: 'markdown', wordCount: expected.wordCount, paragraphCount: expected.paragraphCount });
				expect(item.binary!.transcript).toMatchObject({ fileName: md, mimeType: 'text/markdown' });
				totalWords += expected.wordCount;
				totalParagraphs += expected.paragraphCount;
			}
			expect(readFileSync(path.join(transcripts, 'team-meeting.md'), 'utf8')).toMatch(/^\*\*ANN:\*\* Good morning, everyone\. Harbours grew/);
			expect(readFileSync(path.join(transcripts, 'lecture-harbours.md'), 'utf8')).toMatch(/^\*\*Dr\. Lee:\*\* Harbours grew/);
			const brokenAt = read.indexOf('broken.srt');
			expect(String(converted[brokenAt].json.error)).toMatch(/binary data/);

			const summary = converted[5];
			expect(summary.json).toEqual({
				summary: true,
				files: 5,
				succeeded: 4,
				failed: 1,
				totalWords,
				totalParagraphs,
				failures: [{ file: 'broken.srt', reason: expect.stringMatching(/^line \d+: this is binary data/), item: brokenAt }],
			});
			expect(summary.pairedItem).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
			expect(JSON.parse(readFileSync(path.join(transcripts, 'conversion-report.json'), 'utf8'))).toEqual(summary.json);
			expect(readdirSync(transcripts).sort()).toEqual(['clip.md', 'conversion-report.json', 'lecture-harbours.md', 'podcast-episode-3.md', 'team-meeting.md']);
			expect(result.outputOf('Write Markdown')).toHaveLength(4);
		},
		N8N_RUN_TIMEOUT_MS,
	);
});

describe('plain-text transcripts in Convert Transcript', () => {
	let ids = 0;
	const node = (name: string, type: string, parameters: Record<string, unknown>, x: number, y = 0, extra: Record<string, unknown> = {}) => ({
		id: `d0000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
		name,
		type,
		typeVersion: type === 'n8n-nodes-base.set' ? 3.4 : type === 'n8n-nodes-base.readWriteFile' ? 1.1 : 1,
		position: [x, y] as [number, number],
		parameters,
		...extra,
	});

	it(
		'are read from a binary field, a file path and text alike; SRT output of text without times fails clearly and the summary names it',
		async () => {
			const file = path.join(n8n.filesDir, 'txt', 'interview.txt');
			mkdirSync(path.dirname(file), { recursive: true });
			writeFileSync(file, meetingTxt());
			const convert = 'n8n-nodes-media-downloader.convertTranscript';
			const toText = { operation: 'convert', outputFormat: 'text', outputTo: 'json', transcriptOptions: { paragraphMinWords: 12 } };
			const wf: WorkflowJson = {
				name: 'e2e txt inputs',
				nodes: [
					node('Start', 'n8n-nodes-base.manualTrigger', {}, 0),
					node('Input', 'n8n-nodes-base.set', { mode: 'raw', jsonOutput: JSON.stringify({ path: file, text: meetingTxt() }), options: {} }, 100),
					node('Read Txt', 'n8n-nodes-base.readWriteFile', { operation: 'read', fileSelector: '={{ $json.path }}', options: {} }, 200),
					node('From Binary', convert, { ...toText, source: 'binary', binaryPropertyName: 'data' }, 300),
					node('From File', convert, { ...toText, source: 'file', filePath: '={{ $json.path }}' }, 200, 100),
					node('From Text', convert, { ...toText, source: 'text', text: '={{ $json.text }}', transcriptOptions: { paragraphMinWords: 12, format: 'txt' } }, 200, 200),
					node('To SRT', convert, { operation: 'convert', source: 'text', text: '={{ $json.text }}', outputFormat: 'srt', outputTo: 'json', addSummary: true }, 200, 300, { onError: 'continueRegularOutput' }),
				],
				connections: {
					Start: { main: [[{ node: 'Input', type: 'main', index: 0 }]] },
					Input: {
						main: [
							[
								{ node: 'Read Txt', type: 'main', index: 0 },
								{ node: 'From File', type: 'main', index: 0 },
								{ node: 'From Text', type: 'main', index: 0 },
								{ node: 'To SRT', type: 'main', index: 0 },
							],
						],
					},
					'Read Txt': { main: [[{ node: 'From Binary', type: 'main', index: 0 }]] },
				},
				settings: { executionOrder: 'v1' },
			};
			const result = await n8n.runWorkflow(wf);
			expect(result.exitCode).toBe(0);

			const expected = new TranscriptConverter({ paragraphMinWords: 12 }).convert(meetingTxt(), { to: 'text' });
			expect(expected.output.startsWith('ANN: Good morning, everyone.')).toBe(true);
			for (const name of ['From Binary', 'From File', 'From Text']) {
				const [item] = result.outputOf(name);
				expect([name, item.json]).toMatchObject([name, { format: 'txt', to: 'text', content: expected.output, wordCount: expected.wordCount, paragraphCount: expected.paragraphCount }]);
			}

			const [failed, summary] = result.outputOf('To SRT');
			expect(String(failed.json.error)).toBe('this plain text has no times, so it cannot become SRT: convert it to Markdown, text or JSON, or give its lines [hh:mm:ss] times.');
			expect(summary.json).toEqual({
				summary: true,
				files: 1,
				succeeded: 0,
				failed: 1,
				totalWords: 0,
				totalParagraphs: 0,
				failures: [{ item: 0, file: 'transcript', reason: String(failed.json.error) }],
			});
		},
		N8N_RUN_TIMEOUT_MS,
	);
});
