/** Sentence boundaries, found in one left-to-right pass. */

const ABBREVIATIONS = new Set(
	'mr mrs ms dr prof sr jr st vs mt ft no nos vol fig approx dept est inc ltd co corp gen col lt sgt capt rev hon sra sr srta dra mme mlle'.split(
		' ',
	),
);
const LONGEST_ABBREVIATION = Math.max(...[...ABBREVIATIONS].map((a) => a.length));

/** Closers that stay with the sentence they end: quotes and brackets. */
function isCloser(c: number): boolean {
	return (
		c === 0x22 ||
		c === 0x27 ||
		c === 0x29 ||
		c === 0x5d ||
		c === 0xbb ||
		c === 0x2019 ||
		c === 0x201d ||
		c === 0x300d ||
		c === 0x300f ||
		c === 0x3011 ||
		c === 0xff09 ||
		c === 0xff63
	);
}

/** Full stops that end a sentence with no space after them (Chinese, Japanese, full-width). */
function isCjkTerminal(c: number): boolean {
	return c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0xff61;
}

function isTerminal(c: number): boolean {
	return (
		c === 0x2e ||
		c === 0x21 ||
		c === 0x3f ||
		c === 0x2026 ||
		c === 0x061f ||
		c === 0x06d4 ||
		c === 0x0964 ||
		c === 0x203c ||
		c === 0x2047 ||
		c === 0x2048 ||
		c === 0x2049 ||
		isCjkTerminal(c)
	);
}

function isSpace(c: number): boolean {
	return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x3000 || c === 0xa0;
}

/** Where a sentence may end; found by the regex engine, so plain letters are never looked at one by one. */
const TERMINAL = /[.!?\u2026\u061f\u06d4\u0964\u203c\u2047-\u2049\u3002\uff01\uff1f\uff61]/g;

/**
 * Offsets just after each sentence end in `text`. A `.` ends a sentence when whitespace and then no
 * lower-case letter follow, and the word before it is not a title ("Mr. Clerk") or an initial.
 */
export function sentenceEnds(text: string): number[] {
	const ends: number[] = [];
	const n = text.length;
	// Start of the current sentence's first word: punctuation with no word before it ("... . ?") is
	// no sentence; it joins the next one.
	let content = skipToWord(text, 0);
	const re = new RegExp(TERMINAL.source, 'g');
	// test() rather than exec(): no match array per sentence. Each terminal is one UTF-16 unit, so
	// it sits just before lastIndex.
	while (re.test(text)) {
		const i = re.lastIndex - 1;
		const c = text.charCodeAt(i);
		if (content >= i) continue;
		let j = i + 1;
		while (j < n && (isTerminal(text.charCodeAt(j)) || isCloser(text.charCodeAt(j)))) j++;
		re.lastIndex = j;
		if (j >= n) {
			ends.push(n);
			break;
		}
		const cjk = isCjkTerminal(text.charCodeAt(j - 1)) || isCjkTerminal(c);
		if (!cjk && !isSpace(text.charCodeAt(j))) continue;
		if (c === 0x2e || c === 0x2026) {
			if (c === 0x2e && j === i + 1 && isAbbreviation(text, i)) continue;
			const k = skipSpaces(text, j);
			if (k < n && isLower(text, k)) continue;
		}
		ends.push(j);
		content = skipToWord(text, j);
	}
	return ends;
}

/** The next character that is neither a space nor sentence punctuation. */
function skipToWord(text: string, from: number): number {
	let k = from;
	while (k < text.length && (isSpace(text.charCodeAt(k)) || isTerminal(text.charCodeAt(k)))) k++;
	return k;
}

function skipSpaces(text: string, from: number): number {
	let k = from;
	while (k < text.length && isSpace(text.charCodeAt(k))) k++;
	return k;
}

function isAbbreviation(text: string, dot: number): boolean {
	let s = dot;
	while (s > 0 && dot - s < 12 && isLetter(text.charCodeAt(s - 1))) s--;
	const length = dot - s;
	// Longer words are never looked up (nor sliced out and lower-cased, which never shortens them).
	if (length === 0 || length > LONGEST_ABBREVIATION) return false;
	if (length === 1) {
		const c = text.charCodeAt(s);
		if (c >= 65 && c <= 90) return true;
	}
	return ABBREVIATIONS.has(text.slice(s, dot).toLowerCase());
}

function isLetter(c: number): boolean {
	return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f);
}

function isLower(text: string, i: number): boolean {
	const c = text.charCodeAt(i);
	if (c < 128) return c >= 97 && c <= 122;
	const ch = text[i];
	return ch !== ch.toUpperCase() && ch === ch.toLowerCase();
}

/** Question: a sentence ending in ?, ？ or ؟ (before closing quotes). */
export function isQuestion(sentence: string): boolean {
	let i = sentence.length - 1;
	while (i >= 0 && (isCloser(sentence.charCodeAt(i)) || isSpace(sentence.charCodeAt(i)))) i--;
	const c = sentence.charCodeAt(i);
	return c === 0x3f || c === 0xff1f || c === 0x061f || c === 0x2047 || c === 0x2048;
}
