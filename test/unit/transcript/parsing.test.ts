import { cleanCue } from '../../../lib/transcript/clean';
import { decodeCaptionBytes } from '../../../lib/transcript/decode';
import { detectFormat } from '../../../lib/transcript/detect';
import { parseSrt } from '../../../lib/transcript/parseSrt';
import { parseVtt } from '../../../lib/transcript/parseVtt';
import { Warnings } from '../../../lib/transcript/warnings';

/**
 * The WebVTT parsing rules of issue 10, checked through the stages every caller goes through
 * (decode → detect → parse → clean), so that each rule is seen on its own.
 */
function read(input: string | Buffer): { format: string; encoding: string; cues: string[]; times: number[][]; warnings: string[] } {
	const w = new Warnings();
	const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
	const { text, encoding } = decodeCaptionBytes(bytes, w);
	const format = detectFormat(text);
	const parsed = format === 'srt' ? parseSrt(text, w) : parseVtt(text, w);
	const cues = parsed.cues.map((c) => cleanCue(c, format === 'srt' ? 'srt' : 'vtt').lines.join('\n'));
	return { format, encoding, cues, times: parsed.cues.map((c) => [c.start, c.end]), warnings: w.list().map((x) => x.message) };
}

function vttWithCues(n: number, textOf: (i: number) => string): string {
	let out = 'WEBVTT\n\n';
	for (let i = 0; i < n; i++) out += `00:00:${String(i).padStart(2, '0')}.000 --> 00:00:${String(i).padStart(2, '0')}.900\n${textOf(i)}\n\n`;
	return out;
}

describe('control characters', () => {
	it('keeps every cue of a 5 KB file with 44 stray control characters, vertical tabs and a NUL in cue text', () => {
		// Control characters other than tab, LF, CR and FF, the ones a caption file may hold.
		const controls = [1, 2, 3, 4, 5, 6, 7, 8, 11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31];
		let k = 0;
		const text = vttWithCues(60, (i) => {
			const stray = i < 44 ? String.fromCharCode(controls[k++ % controls.length]) : '';
			if (i === 50) return 'a NUL\u0000here';
			if (i === 51) return 'vertical\u000btab\u000b';
			return `Cue number ${i} says something${stray} useful here. It goes on a bit.`;
		});
		const bytes = Buffer.from(text, 'utf8');
		expect(bytes.length).toBeGreaterThan(5000);
		expect(bytes.length).toBeLessThan(6000);
		const { cues, warnings } = read(bytes);
		expect(cues).toHaveLength(60);
		expect(cues[0]).toBe('Cue number 0 says something useful here. It goes on a bit.');
		expect(cues[43]).toBe('Cue number 43 says something useful here. It goes on a bit.');
		expect(cues[50]).toBe('a NUL\ufffdhere');
		expect(cues[51]).toBe('verticaltab');
		// eslint-disable-next-line no-control-regex
		expect(cues.join('')).not.toMatch(/[\u0000-\u0008\u000b\u000e-\u001f]/);
		expect(warnings).toEqual([
			'line 154: 1 NUL character(s) were replaced with U+FFFD',
			'line 4: 46 stray control character(s) were dropped',
		]);
	});

	it('keeps tab and form feed, which the spec allows', () => {
		const { cues, warnings } = read('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\ntab\there\f\n');
		expect(cues).toEqual(['tab here']);
		expect(warnings).toEqual([]);
	});
});

describe('encodings', () => {
	const text = 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nÜber 😀 den Fluss.\n';
	function utf32(s: string, littleEndian: boolean): Buffer {
		const points = [0xfeff, ...[...s].map((c) => c.codePointAt(0) as number)];
		const out = Buffer.alloc(points.length * 4);
		points.forEach((p, i) => (littleEndian ? out.writeUInt32LE(p, i * 4) : out.writeUInt32BE(p, i * 4)));
		return out;
	}

	it.each([
		['utf-32le', true],
		['utf-32be', false],
	])('decodes %s with a BOM', (encoding, littleEndian) => {
		const read32 = read(utf32(text, littleEndian as boolean));
		expect(read32.encoding).toBe(encoding);
		expect(read32.cues).toEqual(['Über 😀 den Fluss.']);
		expect(read32.warnings).toEqual([]);
	});
});

describe('WebVTT timing lines', () => {
	it('reads cue settings glued to the end time as settings, keeping the cue', () => {
		const { cues, times, warnings } = read(
			'WEBVTT\n\n00:00.000 --> 00:01.000line:40% size:40%\nglued\n\n00:01.000 --> 00:02.500 align:start\nspaced\n',
		);
		expect(cues).toEqual(['glued', 'spaced']);
		expect(times).toEqual([
			[0, 1],
			[1, 2.5],
		]);
		expect(warnings).toEqual([]);
	});

	it('still refuses a timing line whose end time is not a time', () => {
		const { cues, warnings } = read('WEBVTT\n\n00:00:01.000 --> 00:00:0x.000\nlost\n\n00:00:03.000 --> 00:00:04.000\nkept\n');
		expect(cues).toEqual(['kept']);
		expect(warnings).toEqual(['line 3: unreadable cue timing "00:00:01.000 --> 00:00:0x.000"; that cue was skipped']);
	});
});

describe('blank lines', () => {
	it('end a WebVTT cue: text after one without a timing line belongs to no cue', () => {
		const { cues, warnings } = read(
			'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfirst\n\nstray text\n\nid-2\n00:00:03.000 --> 00:00:04.000\nsecond\n\nmore stray\n',
		);
		expect(cues).toEqual(['first', 'second']);
		expect(warnings).toEqual(['line 6: text outside any cue was ignored (2 times)']);
	});

	it('take the line right before a timing line as its id, not as stray text', () => {
		const { cues, warnings } = read('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfirst\n\nintro\n00:00:03.000 --> 00:00:04.000\nsecond\n');
		expect(cues).toEqual(['first', 'second']);
		expect(warnings).toEqual([]);
	});

	it('are not needed between SubRip cues, and do not end SubRip cues', () => {
		const { format, cues } = read('1\n00:00:01,000 --> 00:00:02,000\none\n2\n00:00:02,000 --> 00:00:03,000\ntwo\n\nstill two\n3\n00:00:03,000 --> 00:00:04,000\nthree');
		expect(format).toBe('srt');
		expect(cues).toEqual(['one', 'two\nstill two', 'three']);
	});
});

describe('cue text markup', () => {
	function cueText(body: string): string {
		return read(`WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n${body}\n`).cues[0];
	}

	it('decodes character references by the HTML rules: full table, legacy names without ";", case-sensitive', () => {
		expect(cueText('Tom &amp Jerry &check; &NotEqualTilde; &Eacute;&eacute; &EACUTE; &notit; &#128; &#x1F600;')).toBe(
			'Tom & Jerry ✓ \u2242\u0338 Éé &EACUTE; ¬it; € 😀',
		);
		expect(cueText('&lt;c&gt; is text &amp;lt;')).toBe('<c> is text &lt;');
	});

	it('does not leak a tag split across a line break into the text', () => {
		expect(cueText('<c>hello</\nc> world')).toBe('hello world');
		expect(cueText('<v Ann\nLee>Hi there</v>')).toBe('Hi there');
	});
});
