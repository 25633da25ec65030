import { parseTimingLine } from './timestamps';
import type { RawCue } from './types';
import type { Warnings } from './warnings';

export interface CueBlocks {
  cues: RawCue[];
  /** Lines of the leading `WEBVTT` header block (VTT only). */
  header: string[];
}

interface OpenCue {
  start: number;
  end: number;
  line: number;
  lines: string[];
  /** Per line: it came right after an empty line (so a VTT cue id may follow). */
  afterEmpty: boolean[];
}

/**
 * The block structure shared by SRT and WebVTT, driven by timing lines rather than blank lines:
 * real files put a timing line straight after text, put blank lines inside cues (mixed CRLF/LF
 * exports), or pad with whitespace-only lines, and the `subtitle` package's line-strict parser
 * throws on each of these. A cue's text is every line up to the next timing line, less its id.
 */
export function scanCueBlocks(text: string, vtt: boolean, warnings: Warnings): CueBlocks {
  const cues: RawCue[] = [];
  const header: string[] = [];
  const orphans: { text: string; line: number; afterEmpty: boolean }[] = [];
  let cur: OpenCue | null = null;
  let skip: 'none' | 'header' | 'block' | 'badcue' = 'none';
  let prevEmpty = true;
  let sawContent = false;
  let lastStart = -Infinity;
  let lineNo = 0;

  const finish = (): void => {
    if (!cur) return;
    if (cur.lines.length > 0) {
      cues.push({ start: cur.start, end: cur.end, text: cur.lines.join('\n'), line: cur.line });
    }
    cur = null;
  };

  for (let pos = 0; pos <= text.length; ) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    const line = text.slice(pos, nl);
    pos = nl + 1;
    lineNo++;
    const empty = line.length === 0;
    const blank = empty || isBlank(line);

    if (!sawContent && !blank) {
      sawContent = true;
      if (vtt && line.startsWith('WEBVTT')) {
        skip = 'header';
        header.push(line);
        prevEmpty = false;
        continue;
      }
    }

    if (line.indexOf('-->') !== -1) {
      const timing = parseTimingLine(line);
      if (timing) {
        dropId(cur, orphans, vtt);
        finish();
        reportOrphans(orphans, warnings);
        if (timing.end < timing.start) {
          warnings.add('end-before-start', 'a cue ends before it starts; its end was set to its start', lineNo);
          timing.end = timing.start;
        }
        if (timing.start < lastStart) {
          warnings.add('time-goes-back', 'cue times go back in time; the file order is kept', lineNo);
        }
        lastStart = timing.start;
        cur = { start: timing.start, end: timing.end, line: lineNo, lines: [], afterEmpty: [] };
        skip = 'none';
        prevEmpty = false;
        continue;
      }
      if (skip !== 'block' && skip !== 'header') {
        warnings.add('bad-timing', `unreadable cue timing "${clip(line)}"; that cue was skipped`, lineNo);
        finish();
        orphans.length = 0;
        skip = 'badcue';
        prevEmpty = false;
        continue;
      }
    }

    if (skip !== 'none') {
      if (skip === 'header' && !blank) header.push(line);
      if (blank) skip = 'none';
      prevEmpty = empty;
      continue;
    }
    if (blank) {
      prevEmpty = empty;
      continue;
    }
    if (vtt && (prevEmpty || !cur) && isBlockStart(line)) {
      finish();
      reportOrphans(orphans, warnings);
      skip = 'block';
      prevEmpty = false;
      continue;
    }
    if (cur) {
      cur.lines.push(line);
      cur.afterEmpty.push(prevEmpty);
    } else {
      orphans.push({ text: line, line: lineNo, afterEmpty: prevEmpty });
    }
    prevEmpty = false;
  }
  finish();
  reportOrphans(orphans, warnings);
  return { cues, header };
}

/**
 * The line right before a timing line is the new cue's id when it is a number (SRT index, also when
 * the blank line before it is missing) or, in VTT, when an empty line precedes it. Otherwise it is text.
 */
function dropId(cur: OpenCue | null, orphans: unknown[], vtt: boolean): void {
  if (!cur) {
    orphans.pop();
    return;
  }
  const n = cur.lines.length;
  if (n > 0 && (isIndex(cur.lines[n - 1]) || (vtt && cur.afterEmpty[n - 1]))) {
    cur.lines.pop();
    cur.afterEmpty.pop();
  }
}

function reportOrphans(orphans: { line: number }[], warnings: Warnings): void {
  if (orphans.length === 0) return;
  warnings.add('text-outside-cue', 'text outside any cue was ignored', orphans[0].line);
  orphans.length = 0;
}

function isBlockStart(line: string): boolean {
  return keyword(line, 'NOTE') || keyword(line, 'STYLE') || keyword(line, 'REGION') || keyword(line, 'WEBVTT');
}

function keyword(line: string, word: string): boolean {
  if (!line.startsWith(word)) return false;
  const c = line.charCodeAt(word.length);
  return Number.isNaN(c) || c === 0x20 || c === 0x09;
}

function isIndex(line: string): boolean {
  let digits = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c !== 0x20 && c !== 0x09) return false;
  }
  return digits > 0;
}

export function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0xa0 && c !== 0x0c && c !== 0xfeff) return false;
  }
  return true;
}

function clip(line: string): string {
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
