import { TranscriptError } from './errors';
import type { CaptionFormat } from './types';

/**
 * Reads the format from the content: file names and extensions lie (`.txt` SRTs, headerless VTTs).
 * Text that is no caption format is plain text (`txt`), unless it looks like JSON or XML (then it
 * says which it is not) or does not read as prose (symbol soup).
 */
export function detectFormat(text: string): CaptionFormat {
	const first = firstNonSpace(text);
	if (first === -1) throw new TranscriptError('empty', 'The caption file is empty.');
	if (text.startsWith('WEBVTT', first)) return 'vtt';
	const c = text[first];
	if (c === '{' || (c === '[' && JSON_ARRAY.test(text.slice(first, first + 64)))) return detectJson(text);
	if (c === '<') return detectXml(text, first);
	return detectCueText(text);
}

/** `[` opening a JSON array rather than a line such as `[Music]`, `[00:01:05] …` or `[SPEAKER_00]: …`. */
const JSON_ARRAY = /^\[\s*(?:[{["\]]|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\s*[,\]]|(?:true|false|null)\s*[,\]])/;
/** Arrows looked at for a timing line before the text is taken for prose that happens to hold `-->`. */
const MAX_ARROWS = 32;

function detectJson(text: string): CaptionFormat {
	if (/"events"\s*:/.test(text.slice(0, 1 << 20))) return 'json3';
	throw new TranscriptError('unknown-format', 'this JSON is not YouTube json3 captions (it has no "events" list).', 1);
}

function detectXml(text: string, from: number): CaptionFormat {
	const root = rootElement(text, from);
	const local = root.name.slice(root.name.indexOf(':') + 1).toLowerCase();
	if (local === 'tt') return 'ttml';
	if (local === 'timedtext') return 'srv3';
	if (local === 'transcript') return 'srv1';
	const what = root.name ? `<${root.name}>` : 'markup';
	throw new TranscriptError(
		'unknown-format',
		`this XML starts with ${what}, not TTML/DFXP (<tt>) or YouTube timedtext (<timedtext>, <transcript>).`,
		root.line,
	);
}

/** Skips the XML declaration, comments and doctype to the first element. */
function rootElement(text: string, from: number): { name: string; line: number } {
	let i = from;
	const limit = Math.min(text.length, from + 65536);
	while (i < limit) {
		i = text.indexOf('<', i);
		if (i === -1 || i >= limit) break;
		const next = text[i + 1];
		if (next === '?' || next === '!') {
			const close = text.startsWith('<!--', i) ? text.indexOf('-->', i) : text.indexOf('>', i);
			if (close === -1) break;
			i = close + 1;
			continue;
		}
		let j = i + 1;
		while (j < text.length && /[\w:.-]/.test(text[j])) j++;
		return { name: text.slice(i + 1, j), line: lineAt(text, i) };
	}
	return { name: '', line: 1 };
}

/**
 * SRT and WebVTT without a header both have `-->` timing lines; the decimal mark and ids tell them
 * apart. Without a timing line it is plain text.
 */
function detectCueText(text: string): CaptionFormat {
	const arrow = timingArrow(text);
	if (arrow === -1) {
		if (!looksLikeProse(text)) {
			throw new TranscriptError(
				'unknown-format',
				'no cue timing line such as "00:00:01.000 --> 00:00:02.000" was found, and this does not read as prose either (too few letters, too many symbols): it is not WebVTT, SRT, TTML, YouTube json3/srv3 or plain text.',
				1,
			);
		}
		return 'txt';
	}
	const lineStart = text.lastIndexOf('\n', arrow) + 1;
	const timing = text.slice(lineStart, arrow);
	if (timing.indexOf(',') !== -1) return 'srt';
	const sample = text.slice(0, 1 << 16);
	if (/<(?:c[.>]|v[ .]|\d\d:)|^(?:NOTE|STYLE|REGION)\b/m.test(sample)) return 'vtt';
	const prevEnd = lineStart - 1;
	const prevStart = prevEnd > 0 ? text.lastIndexOf('\n', prevEnd - 1) + 1 : 0;
	return /^\s*\d+\s*$/.test(text.slice(prevStart, Math.max(prevStart, prevEnd))) ? 'srt' : 'vtt';
}

/**
 * Plain text proves itself by what it is made of, in its first 64K characters. Prose in any script is
 * well over 80% letters, digits and spaces (English about 97%, Chinese about 88% with its full-width
 * punctuation) and has almost no symbols; random bytes read as Windows-1252, or random printable
 * ASCII, have about 60% and 20% symbols (`#$%&*+/<=>@^_{|}~`, `¤©±`…).
 */
function looksLikeProse(text: string): boolean {
	// Timestamps, bold labels and escapes (our own Markdown of short turns) are markup, not prose.
	const sample = (text.length > 1 << 16 ? text.slice(0, 1 << 16) : text).replace(MARKUP, ' ');
	if (sample.length === 0) return false;
	const prose = sample.length - sample.replace(PROSE_CHARS, '').length;
	const symbols = sample.length - sample.replace(SYMBOLS, '').length;
	return prose >= sample.length * MIN_PROSE_SHARE && symbols <= sample.length * MAX_SYMBOL_SHARE;
}

const PROSE_CHARS = /[\p{L}\p{M}\p{N}\s]+/gu;
/** Symbols but the music notes of lyrics, and ASCII punctuation that prose hardly uses. */
const SYMBOLS = /[^\P{S}♪♫]|[#%&*/@\\_]/gu;
const MARKUP = /^[[(]\d{1,3}(?::\d{1,2}){1,2}(?:[.,]\d+)?[\])]|\*\*(?=[^*\n]{1,60}:\*\*)|:\*\*|\\[\\`*_{}[\]()#+\-.!<>&|~=]/gm;
const MIN_PROSE_SHARE = 0.7;
const MAX_SYMBOL_SHARE = 0.1;

/** The first `-->` on a line with a clock (`1:02`) before it: a cue timing line, even a broken one. */
function timingArrow(text: string): number {
	let arrow = text.indexOf('-->');
	for (let n = 0; arrow !== -1 && n < MAX_ARROWS; n++) {
		const lineStart = text.lastIndexOf('\n', arrow) + 1;
		let lineEnd = text.indexOf('\n', arrow);
		if (lineEnd === -1) lineEnd = text.length;
		if (/\d:\d/.test(text.slice(lineStart, Math.min(lineEnd, lineStart + 256)))) return arrow;
		arrow = text.indexOf('-->', lineEnd);
	}
	// Many arrows and no clock near any: not prose with a stray arrow, so read it as cues and report them.
	return arrow;
}

function firstNonSpace(text: string): number {
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d && c !== 0xfeff && c !== 0x0c) return i;
	}
	return -1;
}

function lineAt(text: string, index: number): number {
	let line = 1;
	for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
	return line;
}
