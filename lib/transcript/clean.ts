import { decodeHTML } from 'entities';
import { stripTags, type TagState } from './tags';
import type { Markup, RawCue } from './types';

/** Every VTT tag, or a `<` whose tag the line cuts off. Linear: `[^<>]` can never re-scan a `<`. */
const VTT_TAG = /<[^<>]*(?:>|$|(?=<))/g;
const HTML_TAG = /<\/?[A-Za-z][^<>]*>/g;
const OVERRIDE = /\{\\[^{}]*\}/g;
/** A tag with a line break inside (`<c></\nc>`): the WebVTT tokenizer reads it to its `>` as one tag. */
const SPLIT_TAG = /<[^<>\n]*\n[^<>]*>/g;

/**
 * Cleaned cues in columns rather than an object per cue: a 10-hour auto-caption file has 40,000
 * cues, and as objects they outlive the young generation and make every garbage collection slow.
 * Cue `i` holds `lines[first[i] .. first[i + 1])`.
 */
export class CueTable {
	readonly start: number[] = [];
	readonly end: number[] = [];
	readonly first: number[] = [];
	readonly lines: string[] = [];
	/** `<v>` (or TTML agent) speaker per line, only once some line has one. */
	speakers?: (string | undefined)[];

	get length(): number {
		return this.first.length;
	}

	lineCount(cue: number): number {
		return (cue + 1 < this.first.length ? this.first[cue + 1] : this.lines.length) - this.first[cue];
	}

	/** Line `i` of `cue`. */
	text(cue: number, i: number): string {
		return this.lines[this.first[cue] + i];
	}

	speaker(cue: number, i: number): string | undefined {
		return this.speakers?.[this.first[cue] + i];
	}
}

/**
 * Cleans cues into a CueTable. A line written exactly as the line before it (rolling captions carry
 * every line over) reuses that line's cleaned string: a third fewer strings to clean, keep and compare.
 */
export class CueCleaner {
	readonly table = new CueTable();
	private memoRaw = '';
	private memoClean = '';

	/**
	 * @param statefulTags the text may hold `<v>` or `<ruby>` tags, whose state crosses lines; when
	 *   the caller knows it does not (a cheap scan of the whole file), each line is one regex pass.
	 */
	constructor(
		private readonly markup: Markup,
		private readonly statefulTags = true,
	) {}

	add(cue: RawCue): void {
		const t = this.table;
		t.start.push(cue.start);
		t.end.push(cue.end);
		t.first.push(t.lines.length);
		let state: TagState | undefined;
		let raw = cue.text;
		const plain = this.markup === 'plain';
		if (this.markup === 'vtt' && raw.indexOf('<') !== -1 && hasSplitTag(raw)) raw = raw.replace(SPLIT_TAG, (tag) => tag.replace(/\n/g, ' '));
		// Next `<` and `&` in the cue, found once per cue rather than once per line.
		let lt = plain ? -1 : raw.indexOf('<');
		let amp = plain ? -1 : raw.indexOf('&');
		for (let pos = 0; pos <= raw.length; ) {
			let nl = raw.indexOf('\n', pos);
			if (nl === -1) nl = raw.length;
			const from = pos;
			pos = nl + 1;
			if (lt !== -1 && lt < from) lt = raw.indexOf('<', from);
			if (amp !== -1 && amp < from) amp = raw.indexOf('&', from);
			const hasMarkup = (lt !== -1 && lt < nl) || (amp !== -1 && amp < nl) || state !== undefined;
			// Whitespace-only lines (YouTube ends cues with " ") are dropped without a slice.
			if (nl - from <= 1 && (nl === from || raw.charCodeAt(from) === 0x20)) continue;
			// The line as written before, or written as the previous line's cleaned text (YouTube shows each
			// word-timed line once more without its tags): reuse the string.
			if (state === undefined && cue.speaker === undefined && this.isRepeat(raw, from, nl, hasMarkup)) {
				t.lines.push(this.memoClean);
				if (t.speakers) t.speakers.push(undefined);
				continue;
			}
			let text: string;
			let voice: string | undefined;
			if (!hasMarkup && (this.markup === 'vtt' || plain || !hasOverride(raw, from, nl))) {
				text = collapseSpaces(raw.slice(from, nl));
			} else {
				text = raw.slice(from, nl);
				if (text.indexOf('<') !== -1 || state) {
					if (this.markup === 'vtt' && this.statefulTags && (state || hasStatefulTag(text))) {
						// Voice spans and ruby need state across lines; the rest is one regex pass.
						state ??= { inRuby: false };
						const stripped = stripTags(text, state);
						text = stripped.text;
						voice = stripped.voice;
					} else {
						text = text.replace(this.markup === 'vtt' ? VTT_TAG : HTML_TAG, '');
					}
				}
				if (this.markup !== 'vtt' && text.indexOf('{\\') !== -1) text = text.replace(OVERRIDE, '');
				// HTML's rules, as WebVTT cue text uses them: the full named table, case-sensitive names,
				// and legacy names without `;` (`&amp`) as in HTML text. So decodeHTML (text mode), not
				// decodeHTMLStrict, which leaves `&amp` as written.
				if (text.indexOf('&') !== -1) text = decodeHTML(text);
				text = collapseSpaces(text);
			}
			if (text.length === 0) continue;
			if (state === undefined) {
				this.memoRaw = raw.slice(from, nl);
				this.memoClean = text;
			}
			const speaker = voice ?? cue.speaker;
			if (speaker !== undefined && !t.speakers) t.speakers = new Array<string | undefined>(t.lines.length).fill(undefined);
			if (t.speakers) t.speakers.push(speaker);
			t.lines.push(text);
		}
	}

	private isRepeat(raw: string, from: number, to: number, hasMarkup: boolean): boolean {
		const length = to - from;
		const memo = this.memoRaw;
		if (length === memo.length && length > 0 && raw.startsWith(memo, from)) return true;
		// Plain text equal to a cleaned line cleans to that same line.
		const clean = this.memoClean;
		return !hasMarkup && length === clean.length && length > 0 && raw.startsWith(clean, from);
	}
}

/**
 * `<v`, `<r` in either case: voice and ruby tags (and the odd false alarm, which only costs time).
 * One regex scan: indexOf('<v') restarts at every `<`, and word-timed captions have one every 14 chars.
 */
export function hasStatefulTag(text: string): boolean {
	return STATEFUL_TAG.test(text);
}

const STATEFUL_TAG = /<[vVrR]/;

/**
 * Some `<` has a line break before both its `>` and the next `<`: a tag split across lines. One forward
 * pass (the next `>` and line break are remembered), cheaper than the regex on every cue.
 */
function hasSplitTag(raw: string): boolean {
	let gt = -2;
	let nl = -2;
	for (let lt = raw.indexOf('<'); lt !== -1; ) {
		const next = raw.indexOf('<', lt + 1);
		if (gt !== -1 && gt < lt) gt = raw.indexOf('>', lt);
		if (nl !== -1 && nl < lt) nl = raw.indexOf('\n', lt);
		if (nl === -1) return false;
		if ((gt === -1 || nl < gt) && (next === -1 || nl < next)) return true;
		lt = next;
	}
	return false;
}

function hasOverride(text: string, from: number, to: number): boolean {
	const at = text.indexOf('{\\', from);
	return at !== -1 && at < to;
}

export function cleanCues(cues: RawCue[], markup: Markup): CueTable {
	const cleaner = new CueCleaner(markup);
	for (const cue of cues) cleaner.add(cue);
	return cleaner.table;
}

/** One cue's lines, for tests and callers that want them as a list. */
export function cleanCue(cue: RawCue, markup: Markup): { lines: string[]; speakers?: (string | undefined)[] } {
	const t = cleanCues([cue], markup);
	return t.speakers ? { lines: t.lines, speakers: t.speakers } : { lines: t.lines };
}

/**
 * Runs of spaces, tabs and no-break spaces become one space; the ends are trimmed (which also trims
 * an ideographic space U+3000; inside a line it stays, as lyrics use it to separate phrases).
 */
export function collapseSpaces(text: string): string {
	const runs = text.indexOf('  ') !== -1 || text.indexOf('\t') !== -1 || text.indexOf('\u00a0') !== -1;
	return runs ? text.replace(/[ \t\u00a0]+/g, ' ').trim() : text.trim();
}
