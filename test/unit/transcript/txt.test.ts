import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCaptions } from '../../../lib/transcript/captions';
import { TranscriptConverter, convertTranscriptToMarkdown } from '../../../lib/transcript/convert';
import { TranscriptError } from '../../../lib/transcript/errors';
import { transcriptFromCaptionFile } from '../../../lib/transcript/files';
import { parseTranscript } from '../../../lib/transcript/pipeline';
import { renderTranscript } from '../../../lib/transcript/render';
import { fixture } from './helpers';

const INTERVIEW = [
	'JOHN: Good morning, everyone. Welcome to the harbour show.',
	'MARY: Thank you, John. It is a pleasure to be here today.',
	'JOHN: Let us start with the boats.',
	'',
	'They leave at dawn every day. They come back at dusk with the catch.',
	'The whole town waits for them on the quay.',
	'MARY: That sounds lovely.',
	'',
].join('\n');

describe('plain-text transcripts', () => {
	it('are detected, speakers are read from NAME: lines, and paragraphs are reflowed by paragraphMinWords', () => {
		const t = parseTranscript(INTERVIEW, { paragraphMinWords: 8 });
		expect(t.format).toBe('txt');
		expect(t.untimed).toBe(true);
		expect(t.paragraphs.map((p) => [p.speaker, p.turnStart, p.text])).toEqual([
			['JOHN', true, 'Good morning, everyone. Welcome to the harbour show.'],
			['MARY', true, 'Thank you, John. It is a pleasure to be here today.'],
			['JOHN', true, 'Let us start with the boats. They leave at dawn every day.'],
			['JOHN', false, 'They come back at dusk with the catch.'],
			['JOHN', false, 'The whole town waits for them on the quay.'],
			['MARY', true, 'That sounds lovely.'],
		]);
		// A larger minimum keeps JOHN's turn in one paragraph: the same rules as for captions.
		expect(parseTranscript(INTERVIEW, { paragraphMinWords: 40 }).paragraphs.map((p) => p.speaker)).toEqual(['JOHN', 'MARY', 'JOHN', 'MARY']);
	});

	it('write no made-up times: no [00:00:00] stamps, null JSON times, and SRT/VTT output refused', () => {
		const converter = new TranscriptConverter({ paragraphMinWords: 40 });
		const md = converter.convert(INTERVIEW, { to: 'markdown', timestamps: true }).output;
		expect(md.startsWith('**JOHN:** Good morning, everyone.')).toBe(true);
		expect(md).not.toMatch(/\[\d\d:\d\d:\d\d\]/);
		expect(converter.convert(INTERVIEW, { to: 'text', timestamps: true }).output.startsWith('JOHN: Good morning')).toBe(true);
		const json = JSON.parse(converter.convert(INTERVIEW, { to: 'json' }).output) as unknown[];
		expect(json[0]).toEqual({ start: null, end: null, speaker: 'JOHN', text: 'Good morning, everyone. Welcome to the harbour show.' });
		for (const to of ['srt', 'vtt'] as const) {
			expect(() => converter.convert(INTERVIEW, { to })).toThrow(TranscriptError);
			expect(() => converter.convert(INTERVIEW, { to })).toThrow(/this plain text has no times, so it cannot become (SRT|WebVTT)/);
		}
	});

	it('take their times from [hh:mm:ss] prefixes and from lines that are only a time', () => {
		const stamped = '[00:00:05] ANN: Hello there.\n[00:01:10] BOB: Hi, Ann.\nHow are you?\n';
		const t = parseTranscript(stamped, { paragraphMinWords: 1 });
		expect(t.untimed).toBeUndefined();
		expect(t.segments.map((s) => [s.start, s.end, s.text])).toEqual([
			[5, 70, 'Hello there.'],
			[70, 70, 'Hi, Ann.'],
			[70, 70, 'How are you?'],
		]);
		expect(renderTranscript(t, 'srt')).toBe('1\n00:00:05,000 --> 00:01:10,000\nANN: Hello there.\n\n2\n00:01:10,000 --> 00:01:10,000\nBOB: Hi, Ann.\n\n3\n00:01:10,000 --> 00:01:10,000\nHow are you?\n');
		const youtubeCopy = '0:00\nwelcome back to the channel\n0:04\ntoday we build a boat\n1:02:03\nand that is all\n';
		const y = parseTranscript(youtubeCopy, { paragraphMinWords: 1 });
		expect(y.segments.map((s) => [s.start, s.text])).toEqual([
			[0, 'welcome back to the channel'],
			[4, 'today we build a boat'],
			[3723, 'and that is all'],
		]);
		expect(renderTranscript(y, 'markdown', { timestamps: true })).toContain('[01:02:03] and that is all');
	});

	it('read back our own Markdown: title, source line, bold labels, timestamps and escapes', () => {
		const converter = new TranscriptConverter();
		const md = converter.convert(fixture('speakers-labels.srt'), { to: 'markdown', timestamps: true, title: 'Harbour *talk*', source: 'x.srt' }).output;
		const back = parseTranscript(md);
		expect(back.format).toBe('txt');
		expect(back.title).toBe('Harbour *talk*');
		const original = parseTranscript(fixture('speakers-labels.srt'));
		// Markdown cannot tell a turn's next paragraph from an unlabelled speaker: turns and text are compared.
		const turns = (ps: typeof back.paragraphs) => ps.filter((p) => p.turnStart && p.speaker).map((p) => [p.speaker, Math.floor(p.start)]);
		expect(turns(back.paragraphs)).toEqual(turns(original.paragraphs));
		expect(back.paragraphs.map((p) => p.text).join(' ')).toBe(original.paragraphs.map((p) => p.text).join(' '));
		expect(parseTranscript('\\- Yes, five \\*three\\* \\<b>.\n').paragraphs[0].text).toBe('- Yes, five *three* <b>.');
	});

	it('keep lines written twice (no rolling-caption dedupe) and sound annotations by the usual option', () => {
		const text = 'Fire!\nFire!\nFire! Run!\n[Music]\n';
		expect(parseTranscript(text).paragraphs.map((p) => p.text)).toEqual(['Fire! Fire! Fire! Run! [Music]']);
		expect(parseTranscript(text, { keepSoundAnnotations: false }).paragraphs.map((p) => p.text)).toEqual(['Fire! Fire! Fire! Run!']);
	});

	it('are read when the format option says txt, even when the text looks like captions', () => {
		const vttLike = 'WEBVTT\n\nNotes about the talk.\n';
		expect(parseTranscript(vttLike, { format: 'txt' }).paragraphs.map((p) => p.text)).toEqual(['WEBVTT Notes about the talk.']);
		expect(() => parseTranscript(vttLike)).toThrow(/no caption cues could be read/);
		expect(parseCaptions('one line\nsecond line', { format: 'txt' }).cues).toEqual([
			{ start: 0, end: 0, text: 'one line' },
			{ start: 0, end: 0, text: 'second line' },
		]);
	});

	it('are read from .txt files on disk, in any encoding', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'txt-transcript-'));
		try {
			const file = join(dir, 'interview.txt');
			writeFileSync(file, Buffer.from('JOSÉ: Très bien, merci.\nMARÍA: Ça va?\nJOSÉ: Oui.\nMARÍA: À demain.\n', 'latin1'));
			const t = await transcriptFromCaptionFile(file);
			expect(t.paragraphs.map((p) => [p.speaker, p.text])).toEqual([
				['JOSÉ', 'Très bien, merci.'],
				['MARÍA', 'Ça va?'],
				['JOSÉ', 'Oui.'],
				['MARÍA', 'À demain.'],
			]);
			const result = await convertTranscriptToMarkdown(file);
			expect(result.outputFile).toBe(join(dir, 'interview.md'));
			expect(result).toMatchObject({ wordCount: 8, paragraphCount: 4 });
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('still refuse binary data, symbol soup, and JSON or XML that is no caption format', () => {
		// Short random bytes pass the decoder's binary test and would read as Windows-1252 text.
		expect(() => parseTranscript(Buffer.from('69e58ebbe7', 'hex'))).toThrow('line 1: this is binary data, not a caption file or plain text.');
		expect(() => parseTranscript(Buffer.from('Hello there, \u0001friend\u00ff.', 'latin1'))).toThrow(/binary data/);
		// UTF-8 text with a stray control byte (a DOS end-of-file mark) is text.
		expect(parseTranscript(Buffer.from('Hello there, friend.\n\u001a', 'utf8')).paragraphs[0].text).toBe('Hello there, friend.');
		expect(() => parseTranscript(fixture('garbage.bin'))).toThrow(/^line \d+: this is binary data, not a caption file\.$/);
		expect(() => parseTranscript('k#9F!x{@_*q&|w%^~/z<\n=+%$#@!')).toThrow(/does not read as prose/);
		expect(() => parseTranscript('{"items": []}')).toThrow(/this JSON is not YouTube json3 captions/);
		expect(() => parseTranscript('<html><body>Hello there</body></html>')).toThrow(/this XML starts with <html>/);
	});
});
