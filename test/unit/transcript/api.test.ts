import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertTranscriptToMarkdown, TranscriptConverter, TranscriptError, transcriptFromCaptionFile } from '../../../lib/transcript';
import { fixture, fixturePath } from './helpers';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'transcript-'));
});
afterEach(() => {
	rmSync(dir, { recursive: true, force: true });
});

describe('convertTranscriptToMarkdown', () => {
	it('converts a file and writes the Markdown beside it', async () => {
		const input = join(dir, 'labels.srt');
		copyFileSync(fixturePath('speakers-labels.srt'), input);
		const result = await convertTranscriptToMarkdown(input, { title: 'Harbour' });
		expect(result.inputFile).toBe(input);
		expect(result.outputFile).toBe(join(dir, 'labels.md'));
		expect(readFileSync(result.outputFile as string, 'utf8')).toBe(result.markdown);
		expect(result.markdown.startsWith('# Harbour\n\n**JOHN:** Good morning, everyone. Today we look at the harbour.\n')).toBe(true);
		expect(result).toMatchObject({ wordCount: 29, paragraphCount: 5, averageWordsPerParagraph: 5.8, warnings: [] });
		expect(result.compressionRatio).toBeCloseTo(Buffer.byteLength(result.markdown) / fixture('speakers-labels.srt').length, 3);
	});

	it('converts caption text, writing a file only when asked', async () => {
		const text = fixture('korean.vtt').toString('utf8');
		const plain = await convertTranscriptToMarkdown(text);
		expect(plain.inputFile).toBeUndefined();
		expect(plain.outputFile).toBeUndefined();
		expect(plain.markdown).toBe('이 동영상에서는 레이더를 사용하여 거리와 속도를 판단합니다.\n');
		const out = join(dir, 'deep', 'ko.md');
		const written = await convertTranscriptToMarkdown(text, { outputFile: out });
		expect(readFileSync(out, 'utf8')).toBe(written.markdown);
	});

	it('uses the TTML title unless told otherwise, and can skip writing', async () => {
		const input = join(dir, 'spans.ttml');
		copyFileSync(fixturePath('spans.ttml'), input);
		const result = await convertTranscriptToMarkdown(input, { outputFile: null });
		expect(result.outputFile).toBeUndefined();
		expect(existsSync(join(dir, 'spans.md'))).toBe(false);
		expect(result.markdown.split('\n')[0]).toBe('# Harbour tour');
	});

	it('returns best-effort output with warnings for damaged files', async () => {
		const result = await convertTranscriptToMarkdown(fixture('truncated-timing.vtt'));
		expect(result.markdown).toBe('Only this cue survives.\n');
		expect(result.warnings.map((w) => [w.code, w.line])).toEqual([['bad-timing', 6]]);
	});

	it('says a mistyped path does not exist, instead of calling it a bad caption format', async () => {
		await expect(convertTranscriptToMarkdown(join(dir, 'typo.vtt'))).rejects.toThrow(
			`The caption file "${join(dir, 'typo.vtt')}" does not exist.`,
		);
	});

	it('rejects unreadable input with a clear TranscriptError', async () => {
		await expect(convertTranscriptToMarkdown(fixture('empty.vtt'))).rejects.toThrow('The caption file is empty.');
		await expect(convertTranscriptToMarkdown(fixture('garbage.bin'))).rejects.toThrow(TranscriptError);
		await expect(convertTranscriptToMarkdown('WEBVTT\n\nNOTE only a note\n')).rejects.toThrow('no caption cues could be read.');
	});
});

describe('TranscriptConverter', () => {
	const converter = new TranscriptConverter({ paragraphMinWords: 5, preserveSpeakerLabels: false });

	it('converts a file to a Markdown file with its defaults', async () => {
		const input = join(dir, 'voice.vtt');
		copyFileSync(fixturePath('speakers-voice.vtt'), input);
		const out = join(dir, 'voice.md');
		const result = await converter.convertToMarkdown(input, out);
		expect(result.outputFile).toBe(out);
		expect(readFileSync(out, 'utf8').split('\n\n')[0]).toBe("We are in New York City and we're going to talk about the sea.");
	});

	it('says when the input file does not exist', async () => {
		await expect(converter.convertToMarkdown(join(dir, 'missing.vtt'))).rejects.toThrow(
			`The caption file "${join(dir, 'missing.vtt')}" does not exist.`,
		);
	});

	it('converts text to each output format', () => {
		const text = fixture('speakers-labels.srt').toString('utf8');
		expect(converter.convert(text, { to: 'text' }).output.split('\n\n')[0]).toBe('Good morning, everyone. Today we look at the harbour.');
		expect(
			converter
				.convert(text, { to: 'srt', preserveSpeakerLabels: true })
				.output.startsWith('1\n00:00:01,000 --> 00:00:03,500\nJOHN: Good morning, everyone.\n'),
		).toBe(true);
		expect(
			converter.convert(text, { to: 'vtt' }).output.startsWith('WEBVTT\n\n00:00:01.000 --> 00:00:03.500\nGood morning, everyone.\n'),
		).toBe(true);
		const json = converter.convert(text, { to: 'json', preserveSpeakerLabels: true });
		expect(JSON.parse(json.output)[2]).toEqual({ start: 6, end: 8.25, speaker: 'MARY', text: 'Thank you, John. It is a pleasure.' });
		expect(json).toMatchObject({ to: 'json', wordCount: 29, paragraphCount: 5 });
	});

	it('analyses captions, Markdown it wrote earlier, or plain prose', () => {
		const srt = fixture('speakers-labels.srt');
		const fromCaptions = converter.analyze(srt, 'structure');
		expect(fromCaptions).toMatchObject({ kind: 'structure', words: 29, questions: 1, questionSamples: ['Can we start with the boats?'] });
		const markdown = converter.convert(srt, { to: 'markdown', preserveSpeakerLabels: true }).output;
		// Markdown cannot tell a turn's next paragraph from an unlabelled speaker, so only turns are compared.
		const speakers = converter.analyze(markdown, 'structure').speakers.map((s) => [s.name, s.turns]);
		expect(speakers.sort()).toEqual([
			['JOHN', 2],
			['MARY', 1],
			['Narrator', 1],
		]);
		const prose = 'Harbours need boats. Boats need harbours.\n\nThe harbour boats leave at dawn.';
		expect(
			converter
				.analyze(prose, 'keywords')
				.keywords.slice(0, 3)
				.map((k) => [k.term, k.count]),
		).toEqual([
			['boats', 3],
			['harbours', 2],
			['dawn', 1],
		]);
		// prose keeps its author's paragraphs (not reflowed to Paragraph Min Words as a .txt transcript would be)
		expect(converter.analyze(prose, 'structure').paragraphs).toBe(2);
		expect(converter.analyze(prose, 'topics').paragraphs).toBe(2);
	});
});

describe('transcriptFromCaptionFile', () => {
	it('reads any supported format from disk, detected by content', async () => {
		const input = join(dir, 'captions.txt');
		writeFileSync(input, fixture('small.json3'));
		const t = await transcriptFromCaptionFile(input, { keepSoundAnnotations: false });
		expect(t.format).toBe('json3');
		expect(t.paragraphs.map((p) => p.text)).toEqual(['Hello and welcome. Hello and welcome again.']);
	});

	it('names a missing file or a folder', async () => {
		await expect(transcriptFromCaptionFile(join(dir, 'nope.srt'))).rejects.toThrow('does not exist');
		await expect(transcriptFromCaptionFile(dir)).rejects.toThrow(`"${dir}" is not a file.`);
	});
});
