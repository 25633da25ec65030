import { decodeEntities } from './entities';
import { stripTags, type TagState } from './tags';
import type { Markup, RawCue } from './types';

export interface CleanLine {
  text: string;
  speaker?: string;
}

export interface CleanCue {
  start: number;
  end: number;
  line: number;
  lines: CleanLine[];
}

/** Cue text → plain lines: markup stripped, entities decoded, whitespace collapsed, empty lines gone. */
export function cleanCue(cue: RawCue, markup: Markup): CleanCue {
  const state: TagState = { inRuby: false };
  const lines: CleanLine[] = [];
  const raw = cue.text;
  for (let pos = 0; pos <= raw.length; ) {
    let nl = raw.indexOf('\n', pos);
    if (nl === -1) nl = raw.length;
    const cleaned = cleanLine(raw.slice(pos, nl), markup, state);
    pos = nl + 1;
    const text = collapseSpaces(cleaned.text);
    if (text.length === 0) continue;
    const speaker = cleaned.voice ?? cue.speaker;
    lines.push(speaker ? { text, speaker } : { text });
  }
  return { start: cue.start, end: cue.end, line: cue.line, lines };
}

function cleanLine(line: string, markup: Markup, state: TagState): { text: string; voice?: string } {
  if (markup === 'plain') return { text: line };
  const needsTags = line.indexOf('<') !== -1 || (markup !== 'vtt' && line.indexOf('{\\') !== -1);
  const stripped = needsTags ? stripTags(line, markup, state) : { text: state.inRuby ? '' : line, voice: state.voice };
  return { text: decodeEntities(stripped.text), voice: stripped.voice };
}

/**
 * Runs of spaces, tabs and no-break spaces become one space; the ends are trimmed (which also trims
 * an ideographic space U+3000; inside a line it stays, as lyrics use it to separate phrases).
 */
export function collapseSpaces(text: string): string {
  return /[\t\u00a0]| {2}/.test(text) ? text.replace(/[ \t\u00a0]+/g, ' ').trim() : text.trim();
}
