import { sentenceEnds } from './sentences';
import type { Paragraph, TimedLine } from './types';
import { countWords, joinSeparator } from './words';

export interface ParagraphOptions {
	minWords: number;
	pauseSeconds: number;
}

/** A speaker turn as one text, with where each caption line starts in it. */
interface Turn {
	text: string;
	speaker?: string;
	lineAt: number[];
	lines: TimedLine[];
}

/** A piece of a turn that is never split: a sentence, or a caption line in unpunctuated text. */
interface Unit {
	from: number;
	to: number;
	start: number;
	end: number;
	words: number;
}

/** Unpunctuated paragraphs grow to at most this many times the minimum before a cut is forced. */
const MAX_FACTOR = 1.5;
/** Lines looked at past the minimum: word-less lines ("...") must not make the look-ahead quadratic. */
const MAX_LOOKAHEAD = 64;
/** A "sentence" this many times the minimum is really unpunctuated text: cut at line boundaries. */
const RUNAWAY_FACTOR = 3;

/**
 * Paragraphs of at least `minWords` words, cut only between sentences when the text has punctuation,
 * else between caption lines at the longest pause in reach. A speaker change or a pause of
 * `pauseSeconds` always starts a new paragraph.
 */
export function buildParagraphs(lines: TimedLine[], opts: ParagraphOptions): { paragraphs: Paragraph[]; punctuated: boolean } {
	const turns = toTurns(lines);
	const ends = turns.map((t) => sentenceEnds(t.text));
	let chars = 0;
	let sentences = 0;
	for (let i = 0; i < turns.length; i++) {
		chars += turns[i].text.length;
		sentences += ends[i].length;
	}
	// ASR without punctuation still has the odd "?". Measured in characters, not words, so that Chinese
	// (where every ideograph counts as a word) is judged like English: a sentence end per ~40 words.
	const punctuated = sentences > 0 && chars / sentences <= 250;
	const paragraphs: Paragraph[] = [];
	for (let i = 0; i < turns.length; i++) {
		const units = punctuated
			? sentenceUnits(turns[i], ends[i], opts.minWords * RUNAWAY_FACTOR)
			: lineUnits(turns[i], 0, turns[i].text.length);
		const groups = punctuated ? groupSentences(units, opts) : groupLines(units, opts);
		let first = true;
		for (const [a, b] of groups) {
			const text = turns[i].text.slice(units[a].from, units[b].to).trim();
			if (!text) continue;
			let wordCount = 0;
			for (let u = a; u <= b; u++) wordCount += units[u].words;
			const p: Paragraph = { start: units[a].start, end: units[b].end, text, wordCount, turnStart: first };
			if (turns[i].speaker !== undefined) p.speaker = turns[i].speaker;
			paragraphs.push(p);
			first = false;
		}
	}
	return { paragraphs, punctuated };
}

function toTurns(lines: TimedLine[]): Turn[] {
	const turns: Turn[] = [];
	let cur: Turn | undefined;
	let text = '';
	let prevText = '';
	for (const line of lines) {
		if (!cur || line.turnStart || line.speaker !== cur.speaker) {
			if (cur) cur.text = text;
			cur = { text: '', speaker: line.speaker, lineAt: [], lines: [] };
			turns.push(cur);
			text = '';
			prevText = '';
		}
		// Built with +=, a rope: the first character read (sentenceEnds) flattens it, one copy in all.
		text += joinSeparator(prevText, line.text);
		cur.lineAt.push(text.length);
		text += line.text;
		cur.lines.push(line);
		prevText = line.text;
	}
	if (cur) cur.text = text;
	return turns;
}

/** Time of the caption lines under text[from, to), walking a cursor (callers go left to right). */
class LineCursor {
	private i = 0;
	constructor(private readonly turn: Turn) {}

	indexAt(offset: number): number {
		const at = this.turn.lineAt;
		if (this.i > 0 && at[this.i] > offset) this.i = 0;
		while (this.i + 1 < at.length && at[this.i + 1] <= offset) this.i++;
		return this.i;
	}
}

function sentenceUnits(turn: Turn, ends: number[], runaway: number): Unit[] {
	const units: Unit[] = [];
	const cursor = new LineCursor(turn);
	let from = 0;
	const bounds = ends.length > 0 && ends[ends.length - 1] >= turn.text.length ? ends : [...ends, turn.text.length];
	for (const to of bounds) {
		if (to <= from) continue;
		const words = countWords(turn.text, from, to);
		if (words > runaway) {
			for (const unit of lineUnits(turn, from, to, cursor)) units.push(unit);
		} else {
			let head = from;
			while (head < to && turn.text.charCodeAt(head) === 0x20) head++;
			const first = turn.lines[cursor.indexAt(head)];
			const last = turn.lines[cursor.indexAt(Math.max(from, to - 1))];
			units.push({ from, to, start: first.start, end: last.end, words });
		}
		from = to;
	}
	return units;
}

/** Caption lines inside text[from, to) as units; the first and last may be partial lines. */
function lineUnits(turn: Turn, from: number, to: number, cursor = new LineCursor(turn)): Unit[] {
	const units: Unit[] = [];
	for (let li = cursor.indexAt(from); li < turn.lines.length && turn.lineAt[li] < to; li++) {
		const a = Math.max(from, turn.lineAt[li]);
		const b = Math.min(to, li + 1 < turn.lines.length ? turn.lineAt[li + 1] : turn.text.length);
		if (b <= a) continue;
		units.push({ from: a, to: b, start: turn.lines[li].start, end: turn.lines[li].end, words: countWords(turn.text, a, b) });
	}
	return units;
}

function gapBefore(units: Unit[], u: number): number {
	return u === 0 ? 0 : units[u].start - units[u - 1].end;
}

/** [first, last] unit index pairs: a new paragraph once `minWords` is reached, or after a long pause. */
function groupSentences(units: Unit[], opts: ParagraphOptions): [number, number][] {
	const groups: [number, number][] = [];
	let first = 0;
	let words = 0;
	for (let u = 0; u < units.length; u++) {
		if (u > first && (words >= opts.minWords || gapBefore(units, u) >= opts.pauseSeconds)) {
			groups.push([first, u - 1]);
			first = u;
			words = 0;
		}
		words += units[u].words;
	}
	if (units.length > first) groups.push([first, units.length - 1]);
	return groups;
}

/**
 * Unpunctuated text: after `minWords`, look ahead up to MAX_FACTOR × minWords and cut before the line
 * that follows the longest pause (the best guess at a sentence boundary).
 */
function groupLines(units: Unit[], opts: ParagraphOptions): [number, number][] {
	const groups: [number, number][] = [];
	const max = Math.max(opts.minWords + 1, Math.ceil(opts.minWords * MAX_FACTOR));
	let first = 0;
	while (first < units.length) {
		let words = 0;
		let u = first;
		while (u < units.length && (u === first || gapBefore(units, u) < opts.pauseSeconds) && words < opts.minWords) {
			words += units[u].words;
			u++;
		}
		if (u >= units.length || words < opts.minWords) {
			groups.push([first, u - 1]);
			first = u;
			continue;
		}
		let best = u;
		let bestGap = gapBefore(units, u);
		const reach = Math.min(units.length, u + MAX_LOOKAHEAD);
		for (let v = u + 1, w = words + units[u].words; v < reach && w + units[v].words <= max; v++) {
			const gap = gapBefore(units, v);
			if (gap >= opts.pauseSeconds) {
				best = v;
				break;
			}
			if (gap > bestGap) {
				best = v;
				bestGap = gap;
			}
			w += units[v].words;
		}
		groups.push([first, best - 1]);
		first = best;
	}
	return groups;
}
