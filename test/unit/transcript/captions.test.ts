import { parseCaptions } from '../../../lib/transcript';
import { TranscriptError } from '../../../lib/transcript/errors';
import { parseTranscript } from '../../../lib/transcript/pipeline';
import { fixture } from './helpers';

describe('parseCaptions', () => {
	it('gives each cue as the file has it: times, text without markup, voice, no rolling dedupe', () => {
		const vtt =
			'WEBVTT\nKind: captions\n\n00:00:01.000 --> 00:00:02.000 align:start\n<v Ann Lee>Hello <b>there</b> &amp welcome</v>\n\n' +
			'00:00:02.000 --> 00:00:03.000\nHello there &amp welcome\n<c.yellow>and</c><00:00:02.500><c> more</c>\n\n' +
			'00:00:03.000 --> 00:00:03.010\n \n';
		const result = parseCaptions(vtt);
		expect(result).toEqual({
			format: 'vtt',
			cues: [
				{ start: 1, end: 2, text: 'Hello there & welcome', speaker: 'Ann Lee' },
				{ start: 2, end: 3, text: 'Hello there & welcome\nand more' },
			],
			warnings: [],
		});
	});

	it('reads bytes in any detected encoding and every format, with the warnings', () => {
		const srt = Buffer.from('\ufeff1\r\n00:00:01,500 --> 00:00:02,000\r\n<i>Caf\u00e9</i>\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nNAME: two\r\n', 'utf16le');
		const withBom = Buffer.concat([Buffer.from([0xff, 0xfe]), srt.subarray(2)]);
		expect(parseCaptions(withBom)).toEqual({
			format: 'srt',
			cues: [
				{ start: 1.5, end: 2, text: 'Café' },
				{ start: 3, end: 4, text: 'NAME: two' },
			],
			warnings: [],
		});
		const ttml = parseCaptions(fixture('spans.ttml'));
		expect(ttml.format).toBe('ttml');
		expect(ttml.cues.length).toBeGreaterThan(0);
		expect(ttml.cues.every((c) => c.text.length > 0 && c.end >= c.start)).toBe(true);
	});

	it('is what the transcript pipeline builds on: same format and warnings', () => {
		const text = fixture('speakers-voice.vtt');
		const cues = parseCaptions(text);
		const transcript = parseTranscript(text);
		expect(cues.format).toBe(transcript.format);
		expect(cues.warnings).toEqual(transcript.warnings);
		expect(cues.cues.map((c) => [c.start, c.speaker, c.text])).toEqual([
			[1, 'Roger Bingham', 'We are in New York City'],
			[4, 'Roger Bingham', "and we're going to talk about the sea."],
			[6.5, 'Neil deGrasse Tyson', 'Hi Roger, great to be here & thanks.'],
			[9, 'Neil deGrasse Tyson', 'The tide rises twice a day.'],
			// Speaker labels and `>>` turns are the transcript's reading, not the file's cues.
			[12, undefined, '>> Is that always true?'],
			[14, undefined, 'Neil deGrasse Tyson: Nearly everywhere, yes.'],
		]);
	});

	it('treats text handed over as a string like decoded bytes: NUL becomes U+FFFD, with a warning', () => {
		expect(parseCaptions('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\na\u0000b\u0007c\n')).toEqual({
			format: 'vtt',
			cues: [{ start: 1, end: 2, text: 'a\ufffdbc' }],
			warnings: ['line 4: 1 NUL character(s) were replaced with U+FFFD', 'line 4: 1 stray control character(s) were dropped'].map(
				(message, i) => ({ code: i === 0 ? 'nul' : 'control-characters', message, line: 4 }),
			),
		});
	});

	it('throws TranscriptError when no cue can be read', () => {
		expect(() => parseCaptions('... ?! ...')).toThrow(TranscriptError);
		expect(() => parseCaptions(fixture('garbage.bin'))).toThrow(TranscriptError);
	});
});
