/**
 * Script-aware text helpers. Chinese and Japanese write no spaces between words, so caption lines in
 * those scripts join without one, and each ideograph or kana counts as a word. Korean uses spaces.
 */

/** Han ideographs, kana, and CJK/full-width punctuation: no space is written next to these. */
export function isCjk(code: number): boolean {
	return (
		(code >= 0x3000 && code <= 0x30ff) || // CJK punctuation, hiragana, katakana
		(code >= 0x3100 && code <= 0x312f) || // bopomofo
		(code >= 0x31f0 && code <= 0x31ff) ||
		(code >= 0x3400 && code <= 0x4dbf) ||
		(code >= 0x4e00 && code <= 0x9fff) ||
		(code >= 0xf900 && code <= 0xfaff) ||
		(code >= 0xff00 && code <= 0xffef) || // full-width forms
		(code >= 0x20000 && code <= 0x3134f)
	);
}

/** An ideograph or kana: one word each. */
export function isCjkWord(code: number): boolean {
	return (
		(code >= 0x3041 && code <= 0x30ff && code !== 0x30fb && code !== 0x30a0) ||
		(code >= 0x3400 && code <= 0x4dbf) ||
		(code >= 0x4e00 && code <= 0x9fff) ||
		(code >= 0xf900 && code <= 0xfaff) ||
		(code >= 0x20000 && code <= 0x3134f)
	);
}

/** The separator between two caption lines: none across a CJK boundary, else one space. */
export function joinSeparator(left: string, right: string): string {
	if (left.length === 0 || right.length === 0) return '';
	const a = left.codePointAt(left.length - 1 - (isLowSurrogate(left.charCodeAt(left.length - 1)) ? 1 : 0)) ?? 0;
	const b = right.codePointAt(0) ?? 0;
	return isCjk(a) || isCjk(b) ? '' : ' ';
}

function isLowSurrogate(c: number): boolean {
	return c >= 0xdc00 && c <= 0xdfff;
}

/** ASCII characters for countWords: 1 separates words, 2 makes a token a word (letter, digit), 0 neither. */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
	if (c === 0x20 || c === 0x0a || c === 0x09) ASCII_CLASS[c] = 1;
	else if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) ASCII_CLASS[c] = 2;
}

/** Words in text[from, to): whitespace-separated tokens with a letter or digit, plus one per ideograph/kana. */
export function countWords(text: string, from = 0, to = text.length): number {
	let words = 0;
	/** 1 while the current token has a letter or digit. */
	let word = 0;
	let i = from;
	// ASCII without a branch on the character class: this loop reads the whole transcript once.
	for (; i < to; i++) {
		const c = text.charCodeAt(i);
		if (c >= 0x80) break;
		const k = ASCII_CLASS[c];
		const space = k & 1;
		words += word & space;
		word = (word | (k >> 1)) & (space ^ 1);
	}
	return i < to ? words + countWordsFrom(text, i, to, word === 1) : words + word;
}

/** countWords from the first non-ASCII character on, `tokenHasWord` carried over. */
function countWordsFrom(text: string, from: number, to: number, tokenHasWord: boolean): number {
	let words = 0;
	for (let i = from; i < to; i++) {
		let c = text.charCodeAt(i);
		if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
			c = text.codePointAt(i) ?? c;
			i++;
		}
		if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x3000 || c === 0xa0) {
			if (tokenHasWord) words++;
			tokenHasWord = false;
			continue;
		}
		if (c >= 0x3000 && isCjkWord(c)) {
			if (tokenHasWord) words++;
			words++;
			tokenHasWord = false;
			continue;
		}
		if (!tokenHasWord && isWordChar(c)) tokenHasWord = true;
	}
	if (tokenHasWord) words++;
	return words;
}

function isWordChar(c: number): boolean {
	if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
	// General punctuation, CJK punctuation and full-width punctuation are not words.
	if (c >= 0x2000 && c <= 0x206f) return false;
	if (c >= 0x3000 && c <= 0x303f) return false;
	if (c >= 0xff00 && c <= 0xff0f) return false;
	return c !== 0xbf && c !== 0xa1 && c !== 0xab && c !== 0xbb && c !== 0xb7;
}
