import { TranscriptError } from './errors';
import type { CaptionFormat } from './types';

/** Reads the format from the content: file names and extensions lie (`.txt` SRTs, headerless VTTs). */
export function detectFormat(text: string): CaptionFormat {
	const first = firstNonSpace(text);
	if (first === -1) throw new TranscriptError('empty', 'The caption file is empty.');
	if (text.startsWith('WEBVTT', first)) return 'vtt';
	const c = text[first];
	if (c === '{' || c === '[') return detectJson(text);
	if (c === '<') return detectXml(text, first);
	return detectCueText(text);
}

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

/** SRT and WebVTT without a header both have `-->` timing lines; the decimal mark and ids tell them apart. */
function detectCueText(text: string): CaptionFormat {
	const arrow = text.indexOf('-->');
	if (arrow === -1) {
		throw new TranscriptError(
			'unknown-format',
			'no cue timing line such as "00:00:01.000 --> 00:00:02.000" was found: this is not WebVTT, SRT, TTML or YouTube json3/srv3.',
			1,
		);
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
