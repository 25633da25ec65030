import { readTimingRange, type Timing } from './timestamps';
import type { RawCue } from './types';
import type { Warnings } from './warnings';

export interface CueBlocks {
	cues: RawCue[];
	/** Lines of the leading `WEBVTT` header block (VTT only). */
	header: string[];
}

/**
 * The block structure shared by SRT and WebVTT, driven by timing lines: real files put a timing line
 * straight after text or pad with whitespace-only lines, and the `subtitle` package's line-strict
 * parser throws on these. A cue's text is every line up to the next timing line, less its id; in
 * WebVTT an empty line also ends it, as the spec says.
 * Lines are visited as index ranges of the whole text and each cue's text is one slice of it: a
 * 10-hour file has 150,000 lines, and a string per line is what made this slow. With `onCue`, cues
 * go there instead of into the returned list.
 */
export function scanCueBlocks(text: string, vtt: boolean, warnings: Warnings, onCue?: (cue: RawCue) => void): CueBlocks {
	const cues: RawCue[] = [];
	const header: string[] = [];
	// The state below is kept in locals, none captured by a closure: V8 then holds them in registers
	// rather than in a heap context, and this loop visits every line of the file.
	let cue: RawCue | null = null;
	let textStart = -1;
	let textEnd = -1;
	let lastLineStart = -1;
	let lastAfterEmpty = false;
	let blankAfterLast = false;
	let skip: 'none' | 'header' | 'block' | 'badcue' = 'none';
	let prevEmpty = true;
	let sawContent = false;
	let lastStart = -Infinity;
	let orphanLine = 0;
	let orphans = 0;
	/** The line before was stray text: before a timing line, that one is the cue's id. */
	let prevOrphan = false;
	let lineNo = 0;
	let nextArrow = text.indexOf('-->');
	const timing: Timing = { start: 0, end: 0 };

	for (let pos = 0; pos <= text.length; ) {
		let nl = text.indexOf('\n', pos);
		if (nl === -1) nl = text.length;
		const start = pos;
		pos = nl + 1;
		lineNo++;
		const empty = nl === start;
		const blank = empty || isBlankRange(text, start, nl);

		if (!sawContent && !blank) {
			sawContent = true;
			if (vtt && text.startsWith('WEBVTT', start)) {
				skip = 'header';
				header.push(text.slice(start, nl));
				prevEmpty = false;
				continue;
			}
		}

		if (nextArrow !== -1 && nextArrow < start) nextArrow = text.indexOf('-->', start);
		if (nextArrow !== -1 && nextArrow < nl) {
			const timed = readTimingRange(text, start, nl, nextArrow, timing);
			if (timed || (skip !== 'block' && skip !== 'header')) {
				if (cue && textStart !== -1 && !blankAfterLast && isId(text, lastLineStart, textEnd, vtt && lastAfterEmpty)) {
					textEnd = trimEnd(text, textStart, lastLineStart - 1);
					if (textEnd <= textStart) textStart = -1;
				}
			}
			if (timed) {
				if (cue && textStart !== -1) emit(cue, text, textStart, textEnd, onCue, cues);
				cue = null;
				textStart = -1;
				// The stray line right before a timing line is that cue's id, not stray text.
				if (orphans - (prevOrphan ? 1 : 0) > 0) warnings.add('text-outside-cue', 'text outside any cue was ignored', orphanLine);
				orphans = 0;
				prevOrphan = false;
				if (timing.end < timing.start) {
					warnings.add('end-before-start', 'a cue ends before it starts; its end was set to its start', lineNo);
					timing.end = timing.start;
				}
				if (timing.start < lastStart) warnings.add('time-goes-back', 'cue times go back in time; the file order is kept', lineNo);
				lastStart = timing.start;
				cue = { start: timing.start, end: timing.end, text: '', line: lineNo };
				skip = 'none';
				prevEmpty = false;
				continue;
			}
			if (skip !== 'block' && skip !== 'header') {
				warnings.add(
					'bad-timing',
					`unreadable cue timing "${clip(text.slice(start, Math.min(nl, start + 80)))}"; that cue was skipped`,
					lineNo,
				);
				if (cue && textStart !== -1) emit(cue, text, textStart, textEnd, onCue, cues);
				cue = null;
				textStart = -1;
				orphans = 0;
				prevOrphan = false;
				skip = 'badcue';
				prevEmpty = false;
				continue;
			}
		}

		if (skip !== 'none') {
			if (skip === 'header' && !blank) header.push(text.slice(start, nl));
			if (blank) skip = 'none';
			prevEmpty = empty;
			continue;
		}
		if (blank) {
			// WebVTT: an empty line ends a cue; text after it without a timing line belongs to no cue.
			// (Lenient: a cue with no text yet takes text after empty lines. SRT cues run to the next timing.)
			if (vtt && empty && cue && textStart !== -1) {
				emit(cue, text, textStart, textEnd, onCue, cues);
				cue = null;
				textStart = -1;
			}
			prevEmpty = empty;
			prevOrphan = false;
			blankAfterLast = true;
			continue;
		}
		if (vtt && (prevEmpty || !cue) && isBlockStart(text, start)) {
			if (cue && textStart !== -1) emit(cue, text, textStart, textEnd, onCue, cues);
			cue = null;
			textStart = -1;
			if (orphans > 0) warnings.add('text-outside-cue', 'text outside any cue was ignored', orphanLine);
			orphans = 0;
			prevOrphan = false;
			skip = 'block';
			prevEmpty = false;
			continue;
		}
		if (cue) {
			if (textStart === -1) textStart = start;
			textEnd = nl;
			lastLineStart = start;
			lastAfterEmpty = prevEmpty;
			blankAfterLast = false;
		} else {
			if (orphans++ === 0) orphanLine = lineNo;
			prevOrphan = true;
		}
		prevEmpty = false;
	}
	if (cue && textStart !== -1) emit(cue, text, textStart, textEnd, onCue, cues);
	if (orphans > 0) warnings.add('text-outside-cue', 'text outside any cue was ignored', orphanLine);
	return { cues, header };
}

/** A finished cue: its text is one slice of the file. With `onCue` it dies young: cheap for the garbage collector. */
function emit(cue: RawCue, text: string, from: number, to: number, onCue: ((cue: RawCue) => void) | undefined, cues: RawCue[]): void {
	cue.text = text.slice(from, to);
	if (onCue) onCue(cue);
	else cues.push(cue);
}

/**
 * The line right before a timing line is the new cue's id when it is a number (SRT index, also when
 * the blank line before it is missing) or, in VTT, when an empty line precedes it. Otherwise it is text.
 */
function isId(text: string, from: number, to: number, afterEmpty: boolean): boolean {
	if (afterEmpty) return true;
	let digits = 0;
	for (let i = from; i < to; i++) {
		const c = text.charCodeAt(i);
		if (c >= 48 && c <= 57) digits++;
		else if (c !== 0x20 && c !== 0x09) return false;
	}
	return digits > 0;
}

/** End of the text before `end`, without the line breaks and blank lines in front of it. */
function trimEnd(text: string, from: number, end: number): number {
	let e = end;
	while (e > from) {
		const c = text.charCodeAt(e - 1);
		if (c !== 0x0a && c !== 0x20 && c !== 0x09) break;
		e--;
	}
	return e;
}

function isBlockStart(text: string, at: number): boolean {
	return keyword(text, at, 'NOTE') || keyword(text, at, 'STYLE') || keyword(text, at, 'REGION') || keyword(text, at, 'WEBVTT');
}

function keyword(text: string, at: number, word: string): boolean {
	if (!text.startsWith(word, at)) return false;
	const c = text.charCodeAt(at + word.length);
	return Number.isNaN(c) || c === 0x20 || c === 0x09 || c === 0x0a;
}

export function isBlankRange(text: string, from: number, to: number): boolean {
	for (let i = from; i < to; i++) {
		const c = text.charCodeAt(i);
		if (c !== 0x20 && c !== 0x09 && c !== 0xa0 && c !== 0x0c && c !== 0xfeff) return false;
	}
	return true;
}

function clip(line: string): string {
	return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
