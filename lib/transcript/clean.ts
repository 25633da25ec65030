import { decodeHTML } from 'entities';
import { stripOtherTags, stripTags, type TagState } from './tags';
import type { Markup, RawCue } from './types';

const HTML_TAG = /<\/?[A-Za-z][^<>]*>/g;
const OVERRIDE = /\{\\[^{}]*\}/g;
/** A tag with a line break inside (`<c></\nc>`): the WebVTT tokenizer reads it to its `>` as one tag. */
const SPLIT_TAG = /<[^<>\n]*\n[^<>]*>/g;

/**
 * Cleaned cues in columns rather than an object per cue: a 10-hour auto-caption file has 40,000
 * cues, and as objects they outlive the young generation and make every garbage collection slow.
 * Times and line indexes are typed arrays (no boxed numbers, no write barrier), grown by doubling:
 * read only the first `length` entries. Cue `i` holds `lines[first[i] .. first[i + 1])`.
 */
export class CueTable {
	start = new Float64Array(256);
	end = new Float64Array(256);
	first = new Int32Array(256);
	readonly lines: string[] = [];
	/** `<v>` (or TTML agent) speaker per line, only once some line has one. */
	speakers?: (string | undefined)[];
	/** Number of cues. */
	length = 0;

	/** A new cue, whose lines are the ones pushed to `lines` from now on. */
	addCue(start: number, end: number): void {
		const n = this.length;
		if (n === this.first.length) {
			this.start = grow(this.start, new Float64Array(n * 2));
			this.end = grow(this.end, new Float64Array(n * 2));
			this.first = grow(this.first, new Int32Array(n * 2));
		}
		this.start[n] = start;
		this.end[n] = end;
		this.first[n] = this.lines.length;
		this.length = n + 1;
	}

	lineCount(cue: number): number {
		return (cue + 1 < this.length ? this.first[cue + 1] : this.lines.length) - this.first[cue];
	}

	/** Line `i` of `cue`. */
	text(cue: number, i: number): string {
		return this.lines[this.first[cue] + i];
	}

	speaker(cue: number, i: number): string | undefined {
		return this.speakers?.[this.first[cue] + i];
	}
}

function grow<T extends Float64Array | Int32Array>(from: T, to: T): T {
	to.set(from);
	return to;
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
	 * @param statefulTags the text may hold `<v>` or `<ruby>` tags, whose state crosses lines; false
	 *   strips every tag alike. True costs nothing extra: lines are checked as their tags are stripped.
	 */
	constructor(
		private readonly markup: Markup,
		private readonly statefulTags = true,
	) {}

	add(cue: RawCue): void {
		const t = this.table;
		t.addCue(cue.start, cue.end);
		let state: TagState | undefined;
		let raw = cue.text;
		const plain = this.markup === 'plain';
		// Next `<` and `&` in the cue, found once per cue rather than once per line.
		let lt = plain ? -1 : raw.indexOf('<');
		if (this.markup === 'vtt' && lt !== -1 && hasSplitTag(raw, lt)) {
			raw = raw.replace(SPLIT_TAG, (tag) => tag.replace(/\n/g, ' '));
			lt = raw.indexOf('<');
		}
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
			// word-timed line once more without its tags): reuse the string. Compared as a slice with ===
			// (a memory compare), which is twice as fast as startsWith on a sliced string.
			let line: string | undefined;
			if (state === undefined && cue.speaker === undefined) {
				const length = nl - from;
				if (length === this.memoRaw.length || (!hasMarkup && length === this.memoClean.length)) {
					line = raw.slice(from, nl);
					if (line === this.memoRaw || (!hasMarkup && line === this.memoClean)) {
						t.lines.push(this.memoClean);
						if (t.speakers) t.speakers.push(undefined);
						continue;
					}
				}
			}
			let text: string;
			let voice: string | undefined;
			line ??= raw.slice(from, nl);
			if (!hasMarkup && (this.markup === 'vtt' || plain || !hasOverride(raw, from, nl))) {
				text = collapseSpaces(line);
			} else {
				text = line;
				const lineAmp = amp !== -1 && amp < nl;
				let collapsed = false;
				if ((lt !== -1 && lt < nl) || state) {
					// Voice spans and ruby need state across lines (stripTags); other tags go in one pass, which
					// also collapses the spaces when no `&` can make more of them (then only a trim is left).
					const vtt = this.markup === 'vtt';
					const fast = !vtt ? text.replace(HTML_TAG, '') : state ? null : stripOtherTags(text, this.statefulTags, !lineAmp);
					if (fast !== null) {
						text = fast;
						collapsed = vtt && !lineAmp;
					} else {
						state ??= { inRuby: false };
						const stripped = stripTags(text, state);
						text = stripped.text;
						voice = stripped.voice;
					}
				}
				if (this.markup !== 'vtt' && text.indexOf('{\\') !== -1) text = text.replace(OVERRIDE, '');
				// HTML's rules, as WebVTT cue text uses them: the full named table, case-sensitive names,
				// and legacy names without `;` (`&amp`) as in HTML text. So decodeHTML (text mode), not
				// decodeHTMLStrict, which leaves `&amp` as written. (Stripping tags never makes an `&`.)
				if (lineAmp && text.indexOf('&') !== -1) text = decodeHTML(text);
				text = collapsed ? text.trim() : collapseSpaces(text);
			}
			if (text.length === 0) continue;
			if (state === undefined) {
				this.memoRaw = line;
				this.memoClean = text;
			}
			const speaker = voice ?? cue.speaker;
			if (speaker !== undefined && !t.speakers) t.speakers = new Array<string | undefined>(t.lines.length).fill(undefined);
			if (t.speakers) t.speakers.push(speaker);
			t.lines.push(text);
		}
	}
}

/**
 * Whether the text may hold `<v>` or `<ruby>` tags: any `<` at all. The cleaner finds the real ones
 * line by line while it strips tags, so the whole file is not scanned for them (3 ms of 10 hours).
 */
export function hasStatefulTag(text: string): boolean {
	return text.indexOf('<') !== -1;
}

/**
 * Some `<` has a line break before both its `>` and the next `<`: a tag split across lines. One forward
 * pass (the next `>` and line break are remembered), cheaper than the regex on every cue.
 */
function hasSplitTag(raw: string, firstLt: number): boolean {
	// Most tagged cues have no line break after their first `<`: one search says so.
	let nl = raw.indexOf('\n', firstLt);
	let gt = -2;
	for (let lt = firstLt; lt !== -1 && nl !== -1; ) {
		if (nl < lt) {
			nl = raw.indexOf('\n', lt);
			if (nl === -1) return false;
		}
		const next = raw.indexOf('<', lt + 1);
		if (gt !== -1 && gt < lt) gt = raw.indexOf('>', lt);
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
