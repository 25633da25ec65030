import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertTranscriptToMarkdown } from '../../../lib/transcript/convert';
import {
	convertDirectory,
	defaultSettingsFor,
	formatSummaryReport,
	summarizeConversions,
	TranscriptProcessor,
	type FileConversionResult,
} from '../../../lib/transcript/directory';
import { fileMatcher, globToRegExp } from '../../../lib/transcript/glob';
import { fixture } from './helpers';

/** Ten sentences of six words: 2 paragraphs at 25 words, 4 at 15, 5 at 12. */
const TEN_SENTENCES = Array.from({ length: 10 }, (_, i) => `Sentence number ${i + 1} has six words.`).join('\n') + '\n';

let root: string;
let input: string;
let output: string;
beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'convert-dir-'));
	input = join(root, 'in');
	output = join(root, 'out');
	mkdirSync(input);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function put(name: string, data: string | Buffer): void {
	mkdirSync(join(input, name, '..'), { recursive: true });
	writeFileSync(join(input, name), data);
}

describe('convertDirectory', () => {
	it('converts every caption file with settings by file name, goes on past bad files, and sums up', async () => {
		put('lecture-week1.txt', TEN_SENTENCES);
		put('podcast-ep1.txt', TEN_SENTENCES);
		put('team-meeting.txt', TEN_SENTENCES);
		put('talk.srt', fixture('speakers-labels.srt'));
		put('clip.json3', fixture('small.json3'));
		put('broken.vtt', fixture('garbage.bin'));
		put('notes.json3', '{"items": []}');
		put('cover.jpg', 'not a caption');
		put('sub/inner.vtt', fixture('speakers-voice.vtt'));

		const seen: string[] = [];
		const result = await convertDirectory(input, output, { onFile: (r) => seen.push(r.file) });
		expect(result.results.map((r) => [r.file, r.status])).toEqual([
			['broken.vtt', 'error'],
			['clip.json3', 'success'],
			['lecture-week1.txt', 'success'],
			['notes.json3', 'error'],
			['podcast-ep1.txt', 'success'],
			['talk.srt', 'success'],
			['team-meeting.txt', 'success'],
		]);
		expect(seen).toEqual(result.results.map((r) => r.file));
		expect(result.results.map((r) => [r.file, r.stats?.paragraphCount]).filter(([f]) => String(f).endsWith('.txt'))).toEqual([
			['lecture-week1.txt', 2],
			['podcast-ep1.txt', 5],
			['team-meeting.txt', 4],
		]);
		expect(result.failures).toEqual([
			{ file: 'broken.vtt', reason: expect.stringMatching(/binary data/) },
			{ file: 'notes.json3', reason: 'line 1: this JSON is not YouTube json3 captions (it has no "events" list).' },
		]);
		const ok = result.results.filter((r) => r.status === 'success');
		expect(result).toMatchObject({
			files: 7,
			succeeded: 5,
			failed: 2,
			totalWords: ok.reduce((n, r) => n + r.stats!.wordCount, 0),
			totalParagraphs: ok.reduce((n, r) => n + r.stats!.paragraphCount, 0),
			reportFiles: [],
		});
		// The Markdown is what convertTranscriptToMarkdown writes with the spec's podcast settings.
		const talk = await convertTranscriptToMarkdown(fixture('speakers-labels.srt'), { paragraphMinWords: 15, preserveSpeakerLabels: true, outputFile: null });
		expect(readFileSync(join(output, 'talk.md'), 'utf8')).toBe(talk.markdown);
		expect(result.results.find((r) => r.file === 'talk.srt')).toMatchObject({ output: join(output, 'talk.md'), stats: { wordCount: talk.wordCount } });
		expect(existsSync(join(output, 'broken.md'))).toBe(false);
		expect(existsSync(join(output, 'sub'))).toBe(false);
	});

	it('writes the report as JSON and Markdown when asked, and takes a glob, an extension list and subfolders', async () => {
		put('a.srt', fixture('speakers-labels.srt'));
		put('b.txt', 'Bad?\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000'.repeat(3));
		put('deep/c.VTT', fixture('speakers-voice.vtt'));
		put('deep/d.srt', fixture('cjk.srt'));

		const all = await convertDirectory(input, output, { recursive: true, report: true });
		expect(all.results.map((r) => r.file)).toEqual(['a.srt', 'b.txt', 'deep/c.VTT', 'deep/d.srt']);
		expect(readFileSync(join(output, 'deep', 'c.md'), 'utf8')).toContain('**');
		expect(all.reportFiles).toEqual([join(output, 'conversion-report.json'), join(output, 'conversion-report.md')]);
		const json = JSON.parse(readFileSync(all.reportFiles[0], 'utf8'));
		expect(json).toMatchObject({ files: 4, succeeded: 3, failed: 1, failures: [{ file: 'b.txt' }], totalWords: all.totalWords });
		const md = readFileSync(all.reportFiles[1], 'utf8');
		expect(md).toContain('- Files processed: 4\n- Converted: 3\n- Failed: 1\n');
		expect(md).toMatch(/## Failed files\n\n- `b\.txt`: line 1: this is binary data/);
		expect(md).toContain('| `deep/d.srt` |');

		const byGlob = await convertDirectory(input, join(root, 'out2'), { pattern: '**/*.srt', recursive: true, report: 'summary.md' });
		expect(byGlob.results.map((r) => r.file)).toEqual(['a.srt', 'deep/d.srt']);
		expect(byGlob.reportFiles).toEqual([join(root, 'out2', 'summary.md')]);
		const byList = await convertDirectory(input, join(root, 'out3'), { pattern: ['vtt'], recursive: true });
		expect(byList.results.map((r) => r.file)).toEqual(['deep/c.VTT']);
	});

	it('gives files that would share a name their extension, and uses settingsFor, which may fail for one file', async () => {
		put('talk.srt', fixture('speakers-labels.srt'));
		put('talk.vtt', fixture('speakers-voice.vtt'));
		put('skip.srt', fixture('speakers-labels.srt'));
		const result = await convertDirectory(input, output, {
			settingsFor: (name) => {
				if (name === 'skip.srt') throw new Error('no settings for this one');
				return { paragraphMinWords: 1000, timestamps: true, preserveSpeakerLabels: false };
			},
		});
		expect(result.results.map((r) => [r.file, r.status, r.output ?? r.error])).toEqual([
			['skip.srt', 'error', 'no settings for this one'],
			['talk.srt', 'success', join(output, 'talk.srt.md')],
			['talk.vtt', 'success', join(output, 'talk.vtt.md')],
		]);
		expect(readFileSync(join(output, 'talk.srt.md'), 'utf8')).toMatch(/^\[00:00:01\] Good morning, everyone\./);
	});

	it('never reads or writes through symlinks that leave its folders, and applies the path check', async () => {
		const outside = join(root, 'outside');
		mkdirSync(outside);
		writeFileSync(join(outside, 'secret.srt'), fixture('speakers-labels.srt'));
		writeFileSync(join(outside, 'victim.md'), 'keep me');
		put('ok.srt', fixture('speakers-labels.srt'));
		put('planted.srt', fixture('speakers-labels.srt'));
		symlinkSync(join(outside, 'secret.srt'), join(input, 'link.srt'));
		symlinkSync(join(input, 'ok.srt'), join(input, 'inside-link.srt'));
		mkdirSync(output);
		symlinkSync(join(outside, 'victim.md'), join(output, 'planted.md'));

		const checked: string[] = [];
		const result = await convertDirectory(input, output, { checkPath: (p) => void checked.push(p) });
		expect(result.results.map((r) => [r.file, r.status])).toEqual([
			['inside-link.srt', 'success'],
			['link.srt', 'error'],
			['ok.srt', 'success'],
			['planted.srt', 'error'],
		]);
		expect(result.failures.map((f) => f.reason)).toEqual([
			expect.stringMatching(/^"link\.srt" is a symbolic link to ".*secret\.srt", outside the input folder/),
			expect.stringMatching(/^The Markdown file "planted\.md" leads outside the output folder/),
		]);
		expect(readFileSync(join(outside, 'victim.md'), 'utf8')).toBe('keep me');
		expect(readFileSync(join(output, 'ok.md'), 'utf8')).toContain('Good morning');
		expect(checked).toEqual(expect.arrayContaining([input, output, join(input, 'ok.srt'), join(output, 'ok.md')]));

		const refused = await convertDirectory(input, output, {
			checkPath: (p) => {
				if (p.endsWith('ok.srt')) throw new Error(`Access to "${p}" is not allowed`);
			},
		});
		expect(refused.failures.map((f) => f.reason)).toContain(`Access to "${join(input, 'ok.srt')}" is not allowed`);
		await expect(
			convertDirectory(input, output, {
				checkPath: (p) => {
					if (p === output) throw new Error('no writing here');
				},
			}),
		).rejects.toThrow('no writing here');
		await expect(convertDirectory(join(root, 'missing'), output)).rejects.toThrow(/The folder ".*missing" does not exist/);
	});
});

describe('TranscriptProcessor (the spec names)', () => {
	it('processDirectory() converts and generateSummaryReport() sums up', async () => {
		put('interview.txt', 'ANN: Hello there, how are you?\nBOB: Fine, thanks.\n');
		put('bad.srt', '{"x": 1}');
		const processor = new TranscriptProcessor(input, output);
		const results = await processor.processDirectory();
		expect(results.map((r) => r.status)).toEqual(['error', 'success']);
		expect(readFileSync(join(output, 'interview.md'), 'utf8')).toBe('**ANN:** Hello there, how are you?\n\n**BOB:** Fine, thanks.\n');
		expect(processor.generateSummaryReport(results)).toBe(
			[
				'# Transcript conversion report',
				'',
				'- Files processed: 2',
				'- Converted: 1',
				'- Failed: 1',
				'- Words: 7',
				'- Paragraphs: 2',
				'',
				'## Failed files',
				'',
				'- `bad.srt`: line 1: this JSON is not YouTube json3 captions (it has no "events" list).',
				'',
				'## Converted files',
				'',
				'| File | Words | Paragraphs |',
				'| --- | ---: | ---: |',
				'| `interview.txt` | 7 | 2 |',
				'',
			].join('\n'),
		);
	});

	it('summarizeConversions keeps item numbers, for node summaries', () => {
		const results: FileConversionResult[] = [
			{ file: 'a.vtt', status: 'success', stats: { wordCount: 10, paragraphCount: 2, averageWordsPerParagraph: 5, compressionRatio: 0.5 }, item: 0 },
			{ file: 'b.vtt', status: 'error', error: 'bad', item: 1 },
		];
		expect(summarizeConversions(results)).toEqual({ files: 2, succeeded: 1, failed: 1, totalWords: 10, totalParagraphs: 2, failures: [{ file: 'b.vtt', reason: 'bad', item: 1 }] });
		expect(formatSummaryReport(summarizeConversions([]))).toBe('# Transcript conversion report\n\n- Files processed: 0\n- Converted: 0\n- Failed: 0\n- Words: 0\n- Paragraphs: 0\n');
	});

	it('defaultSettingsFor is the spec table', () => {
		expect(['Lecture-1.vtt', 'big-presentation.srt', 'my-podcast.txt', 'INTERVIEW.vtt', 'meeting.srt', 'talk.vtt'].map((f) => defaultSettingsFor(f).paragraphMinWords)).toEqual([25, 25, 12, 12, 15, 15]);
		expect(defaultSettingsFor('x').preserveSpeakerLabels).toBe(true);
	});
});

describe('file patterns', () => {
	it.each([
		['*.vtt', 'talk.vtt', true],
		['*.vtt', 'deep/talk.VTT', true],
		['*.vtt', 'talk.vtt.bak', false],
		['*.{srt,vtt}', 'talk.srt', true],
		['**/*.srt', 'a/b/c.srt', true],
		['**/*.srt', 'c.srt', true],
		['deep/*.srt', 'deep/c.srt', true],
		['deep/*.srt', 'deep/x/c.srt', false],
		['talk-??.srt', 'talk-01.srt', true],
		['talk-[0-9].srt', 'talk-a.srt', false],
		['a+b (1).srt', 'a+b (1).srt', true],
	])('%s matches %s: %s', (glob, file, expected) => {
		expect(fileMatcher(glob)(file)).toBe(expected);
	});

	it('an extension list matches the last extension, with or without a dot', () => {
		const m = fileMatcher(['.vtt', 'SRT']);
		expect(['a.vtt', 'b.srt', 'c.txt', '.vtt', 'd/e.Srt'].map(m)).toEqual([true, true, false, false, true]);
		expect(globToRegExp('{a,b').test('a')).toBe(true);
	});
});
