import type { CleanCue } from './clean';
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

export function findOverlaps(cues: CleanCue[]): Overlaps {
  const carried = new Int32Array(cues.length);
  const grown = new Uint8Array(cues.length);
  let carries = 0;
  let repeats = 0;
  let pairs = 0;
  let prev: CleanCue | undefined;
  for (let c = 0; c < cues.length; c++) {
    const cue = cues[c];
    if (cue.lines.length === 0) continue;
    if (prev) {
      pairs++;
      const { k, growth } = overlap(prev, cue);
      carried[c] = k;
      grown[c] = growth ? 1 : 0;
      if (k > 0 && (growth || k < cue.lines.length)) carries++;
      else if (k > 0) repeats++;
    }
    prev = cue;
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
export function dedupeRolling(cues: CleanCue[], o: Overlaps): TimedLine[] {
  const out: TimedLine[] = [];
  for (let c = 0; c < cues.length; c++) {
    const cue = cues[c];
    const k = o.carried[c];
    if (k > 0 && o.grown[c] && out.length > 0) {
      const last = out[out.length - 1];
      const text = cue.lines[k - 1];
      if (text.length > last.text.length) last.text = text;
      last.end = Math.max(last.end, cue.end);
    }
    for (let i = k; i < cue.lines.length; i++) out.push(toLine(cue, c, i));
  }
  return out;
}

/** Manual captions: every line as written. */
export function flattenCues(cues: CleanCue[]): TimedLine[] {
  const out: TimedLine[] = [];
  for (let c = 0; c < cues.length; c++) {
    for (let i = 0; i < cues[c].lines.length; i++) out.push(toLine(cues[c], c, i));
  }
  return out;
}

function toLine(cue: CleanCue, index: number, i: number): TimedLine {
  const timed: TimedLine = { text: cue.lines[i], start: cue.start, end: cue.end, cue: index };
  const speaker = cue.speakers?.[i];
  if (speaker) timed.speaker = speaker;
  return timed;
}

function overlap(prev: CleanCue, cur: CleanCue): { k: number; growth: boolean } {
  const p = prev.lines;
  const c = cur.lines;
  const prevLast = p[p.length - 1];
  for (let k = Math.min(p.length, c.length, MAX_CARRY); k >= 1; k--) {
    let same = true;
    for (let i = 0; i < k - 1 && same; i++) same = c[i] === p[p.length - k + i];
    if (!same) continue;
    const last = c[k - 1];
    if (last === prevLast) return { k, growth: false };
    if (last.length > prevLast.length && last.startsWith(prevLast) && mayGrow(prevLast, last, k)) {
      return { k, growth: true };
    }
    // The bottom line shrank back (a word-timed cue showed more than the next one): nothing new.
    if (k >= 2 && prevLast.startsWith(last)) return { k, growth: false };
  }
  return { k: 0, growth: false };
}

/**
 * Growth mid-word ("cal" → "call") is trusted when lines above also matched or the line is long;
 * a short line is only extended at a word boundary, so "I" followed by "It is" stays two lines.
 */
function mayGrow(shorter: string, longer: string, k: number): boolean {
  if (k >= 2 || shorter.length >= 12) return true;
  const next = longer.charCodeAt(shorter.length);
  return next === 0x20;
}
