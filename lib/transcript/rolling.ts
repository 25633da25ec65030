import type { CueTable } from './clean';
import type { TimedLine } from './types';

/** Lines compared when looking for a carried-over block; YouTube rolls 2 or 3. */
const MAX_CARRY = 8;

/**
 * How each cue continues the cue before it: `carried` of its first lines repeat that cue's last lines,
 * the last of them possibly grown (live captions extend the bottom line: `roll cal` → `roll call.`).
 */
export interface Overlaps {
	carried: Int32Array;
	grown: Uint8Array;
	/** Cues that repeat the previous cue's end and then add text: the rolling signature. */
	carries: number;
	/** Cues that only repeat (YouTube's 10 ms transition cues, or a legitimate "Fire!" "Fire!"). */
	repeats: number;
	pairs: number;
}

export function findOverlaps(t: CueTable): Overlaps {
	const n = t.length;
	const carried = new Int32Array(n);
	const grown = new Uint8Array(n);
	let carries = 0;
	let repeats = 0;
	let pairs = 0;
	let prev = -1;
	for (let c = 0; c < n; c++) {
		const count = t.lineCount(c);
		if (count === 0) continue;
		if (prev !== -1) {
			pairs++;
			const k = overlap(t, prev, c);
			const growth = k < 0;
			const carry = growth ? -k : k;
			carried[c] = carry;
			grown[c] = growth ? 1 : 0;
			if (carry > 0 && (growth || carry < count)) carries++;
			else if (carry > 0) repeats++;
		}
		prev = c;
	}
	return { carried, grown, carries, repeats, pairs };
}

/**
 * The file shows the rolling pattern of auto-generated captions: many cues carry the previous cue's
 * last line over and add to it. Manual captions almost never do, so their legitimate repeats (a
 * chorus, two people saying "Good evening.") never reach the dedupe.
 */
export function isRolling(o: Overlaps): boolean {
	if (o.carries >= 2 && o.carries >= o.pairs * 0.25) return true;
	return o.carries >= 1 && o.carries + o.repeats >= o.pairs * 0.5;
}

/** Every caption line once: carried-over lines are skipped, grown lines replace their shorter form. */
export function dedupeRolling(t: CueTable, o: Overlaps): TimedLine[] {
	const out: TimedLine[] = [];
	for (let c = 0; c < t.length; c++) {
		const k = o.carried[c];
		if (k > 0 && o.grown[c] && out.length > 0) {
			const last = out[out.length - 1];
			const text = t.text(c, k - 1);
			if (text.length > last.text.length) last.text = text;
			last.end = Math.max(last.end, t.end[c]);
		}
		const count = t.lineCount(c);
		for (let i = k; i < count; i++) out.push(toLine(t, c, i));
	}
	return out;
}

/** Manual captions: every line as written. */
export function flattenCues(t: CueTable): TimedLine[] {
	const out: TimedLine[] = [];
	for (let c = 0; c < t.length; c++) {
		const count = t.lineCount(c);
		for (let i = 0; i < count; i++) out.push(toLine(t, c, i));
	}
	return out;
}

function toLine(t: CueTable, cue: number, i: number): TimedLine {
	const line: TimedLine = { text: t.text(cue, i), start: t.start[cue], end: t.end[cue], cue };
	const speaker = t.speaker(cue, i);
	if (speaker) line.speaker = speaker;
	return line;
}

/** Lines carried from cue `p` into cue `c`; negative when the last of them grew. */
function overlap(t: CueTable, p: number, c: number): number {
	const pn = t.lineCount(p);
	const cn = t.lineCount(c);
	const pf = t.first[p];
	const cf = t.first[c];
	const lines = t.lines;
	const prevLast = lines[pf + pn - 1];
	for (let k = Math.min(pn, cn, MAX_CARRY); k >= 1; k--) {
		let same = true;
		for (let i = 0; i < k - 1 && same; i++) same = lines[cf + i] === lines[pf + pn - k + i];
		if (!same) continue;
		const last = lines[cf + k - 1];
		if (last === prevLast) return k;
		if (last.length > prevLast.length && last.startsWith(prevLast) && mayGrow(prevLast, last, k)) return -k;
		// The bottom line shrank back (a word-timed cue showed more than the next one): nothing new.
		if (k >= 2 && prevLast.startsWith(last)) return k;
	}
	return 0;
}

/**
 * Growth mid-word ("cal" → "call") is trusted when lines above also matched or the line is long;
 * a short line is only extended at a word boundary, so "I" followed by "It is" stays two lines.
 */
function mayGrow(shorter: string, longer: string, k: number): boolean {
	if (k >= 2 || shorter.length >= 12) return true;
	return longer.charCodeAt(shorter.length) === 0x20;
}
