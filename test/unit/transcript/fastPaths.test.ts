import { decodeCaptionBytes, normalizeText } from '../../../lib/transcript/decode';
import { parseClock, parseTimingLine } from '../../../lib/transcript/timestamps';
import { stripOtherTags } from '../../../lib/transcript/tags';
import { countWords } from '../../../lib/transcript/words';
import { Warnings } from '../../../lib/transcript/warnings';

/**
 * The hand-written fast paths against the plain definitions they replace, on generated input: a
 * regex per line for tags, the general clock parser for times, a per-character count for words.
 */

/** Deterministic pseudo-random numbers (xorshift), so a failure can be replayed. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		return (state >>> 0) / 4294967296;
	};
}

function generate(pieces: string[], count: number, maxPieces: number, seed: number): string[] {
	const next = random(seed);
	const out: string[] = [];
	for (let k = 0; k < count; k++) {
		let s = '';
		const n = Math.floor(next() * maxPieces);
		for (let i = 0; i < n; i++) s += pieces[Math.floor(next() * pieces.length)];
		out.push(s);
	}
	return out;
}

const VTT_TAG = /<[^<>]*(?:>|$|(?=<))/g;
const OTHER_TAG = /<(?![vVrR])[^<>]*(?:>|$|(?=<))/g;

function expectedStrip(line: string, stateful: boolean, collapse: boolean): string | null {
	let text: string;
	if (stateful) {
		text = line.replace(OTHER_TAG, '');
		if (text.indexOf('<') !== -1) return null;
	} else {
		text = line.replace(VTT_TAG, '');
	}
	return collapse ? text.replace(/[ \t\u00a0]+/g, ' ') : text;
}

describe('stripOtherTags', () => {
	const pieces = ['<', '>', 'a', 'b', ' ', '  ', '\t', '\u00a0', 'v', 'V', 'r', 'R', 'c', '/', '=', '?'];
	pieces.push('\ud800', '\udc00', '😀', '中', '<c>', '</c>', '<v Bob>', '<00:00:01.000>', '&amp;', '\u3000', '\u013c', '\u013e');

	it('strips what the WebVTT tag regex strips, gives up at voice and ruby tags, and collapses spaces', () => {
		for (const line of generate(pieces, 20000, 14, 7)) {
			for (const stateful of [true, false]) {
				for (const collapse of [true, false]) {
					expect([line, stateful, collapse, stripOtherTags(line, stateful, collapse)]).toEqual([
						line,
						stateful,
						collapse,
						expectedStrip(line, stateful, collapse),
					]);
				}
			}
		}
	});

	it('takes lines longer than its scratch space, and keeps lone surrogates as they are', () => {
		const long = '<00:00:01.000><c> word</c>'.repeat(20000);
		expect(stripOtherTags(long, true, true)).toBe(' word'.repeat(20000));
		expect(stripOtherTags('a\ud800<c>b</c>\udc00', true, false)).toBe('a\ud800b\udc00');
	});
});

describe('timing fast path', () => {
	it('reads hh:mm:ss.mmm at fixed places to the same double as the general parser', () => {
		const next = random(11);
		const pad = (n: number, w: number) => String(n).padStart(w, '0');
		for (let k = 0; k < 20000; k++) {
			const time = `${pad(Math.floor(next() * 100), 2)}:${pad(Math.floor(next() * 60), 2)}:${pad(Math.floor(next() * 60), 2)}`;
			const fraction = pad(Math.floor(next() * 1000), 3);
			const stamp = `${time}${next() < 0.5 ? '.' : ','}${fraction}`;
			// Three hour digits keep the general parser off the fixed-place path.
			const general = parseClock(`0${stamp}`);
			expect(Object.is(parseClock(stamp), general)).toBe(true);
			const timing = parseTimingLine(`${stamp} --> ${stamp} align:start`);
			expect(Object.is(timing?.start, general) && Object.is(timing?.end, general)).toBe(true);
		}
	});

	it('leaves anything but digits at the digit places to the general parser', () => {
		expect(parseTimingLine('00:00:0x.000 --> 00:00:03.000')).toBeNull();
		// A letter in the last place is a setting glued to a time with a fraction: "00:00:03.00" + "x".
		expect(parseTimingLine('00:00:01.000 --> 00:00:03.00x')).toEqual({ start: 1, end: 3 });
		expect(parseTimingLine('00:00:01.000 --> 00:00:03.000line:40%')).toEqual({ start: 1, end: 3 });
		expect(parseTimingLine(' 0:00:01.500 --> 0:00:03.000')).toEqual({ start: 1.5, end: 3 });
		expect(parseTimingLine('00:00:01.000  -->  00:00:03.000\tx')).toEqual({ start: 1, end: 3 });
	});
});

describe('countWords', () => {
	/** The per-character count the ASCII loop speeds up (as it was before), bar the CJK ranges it does not need here. */
	function slowCount(text: string): number {
		let words = 0;
		let tokenHasWord = false;
		for (let i = 0; i < text.length; i++) {
			let c = text.charCodeAt(i);
			if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
				c = text.codePointAt(i) ?? c;
				i++;
			}
			if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x3000 || c === 0xa0) {
				if (tokenHasWord) words++;
				tokenHasWord = false;
			} else if ((c >= 0x3041 && c <= 0x30ff && c !== 0x30fb && c !== 0x30a0) || (c >= 0x4e00 && c <= 0x9fff)) {
				if (tokenHasWord) words++;
				words++;
				tokenHasWord = false;
			} else if (c < 128) {
				tokenHasWord ||= /[A-Za-z0-9]/.test(String.fromCharCode(c));
			} else {
				const punctuation = (c >= 0x2000 && c <= 0x206f) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xff0f);
				tokenHasWord ||= !punctuation && ![0xbf, 0xa1, 0xab, 0xbb, 0xb7].includes(c);
			}
		}
		return tokenHasWord ? words + 1 : words;
	}

	it('counts the same with the ASCII loop and after it hands over to the general one', () => {
		const pieces = ['a', 'Z', '9', ' ', '\t', '\n', '.', ',', "'", '-', 'é', '中文', 'かな', '😀', '¿', '«', '\u3000', '\u00a0', '—'];
		for (const text of generate(pieces, 20000, 16, 5)) expect([text, countWords(text)]).toEqual([text, slowCount(text)]);
	});
});

describe('stray control bytes', () => {
	function outcome(run: (w: Warnings) => string): [string, string[]] | string {
		const w = new Warnings();
		try {
			return [run(w), w.list().map((x) => x.message)];
		} catch (err) {
			return (err as Error).message;
		}
	}

	it('are found in UTF-8 bytes, at any offset, as the regex finds them in the text', () => {
		const pieces = ['WEBVTT\n', 'a', ' ', '\n', '\r\n', '\t', '\f', '\u0000', '\u0001', '\u0008', '\u000b', '\u000e', '\u001f', 'é', '中', '😀', '\u007f'];
		const next = random(3);
		for (const text of generate(pieces, 5000, 40, 9)) {
			const offset = Math.floor(next() * 4);
			const bytes = Buffer.concat([Buffer.alloc(offset, 0x61), Buffer.from(text, 'utf8')]).subarray(offset);
			expect([text, outcome((w) => decodeCaptionBytes(bytes, w).text)]).toEqual([text, outcome((w) => normalizeText(text, w))]);
		}
	});
});
