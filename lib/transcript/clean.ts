import { decodeEntities } from './entities';
import { stripTags, type TagState } from './tags';
import type { Markup, RawCue } from './types';

export interface CleanCue {
  start: number;
  end: number;
  line: number;
  /** Text lines without markup; empty lines are gone. */
  lines: string[];
  /** `<v>` speaker per line, only when the cue names one. */
  speakers?: (string | undefined)[];
}

/** Every VTT tag, or a `<` whose tag the line cuts off. Linear: `[^<>]` can never re-scan a `<`. */
const VTT_TAG = /<[^<>]*(?:>|$|(?=<))/g;
const HTML_TAG = /<\/?[A-Za-z][^<>]*>/g;
const OVERRIDE = /\{\\[^{}]*\}/g;

/** Cue text → plain lines: markup stripped, entities decoded, whitespace collapsed, empty lines gone. */
export function cleanCue(cue: RawCue, markup: Markup): CleanCue {
  const lines: string[] = [];
  let speakers: (string | undefined)[] | undefined;
  let state: TagState | undefined;
  const raw = cue.text;
  for (let pos = 0; pos <= raw.length; ) {
    let nl = raw.indexOf('\n', pos);
    if (nl === -1) nl = raw.length;
    let text = raw.slice(pos, nl);
    pos = nl + 1;
    let voice: string | undefined;
    if (markup !== 'plain') {
      if (text.indexOf('<') !== -1 || state) {
        if (markup === 'vtt' && (state || text.indexOf('<v') !== -1 || text.indexOf('<r') !== -1)) {
          // Voice spans and ruby need state across lines; the rest is one regex pass.
          state ??= { inRuby: false };
          const stripped = stripTags(text, markup, state);
          text = stripped.text;
          voice = stripped.voice;
        } else {
          text = text.replace(markup === 'vtt' ? VTT_TAG : HTML_TAG, '');
        }
      }
      if (markup !== 'vtt' && text.indexOf('{\\') !== -1) text = text.replace(OVERRIDE, '');
      if (text.indexOf('&') !== -1) text = decodeEntities(text);
    }
    text = collapseSpaces(text);
    if (text.length === 0) continue;
    const speaker = voice ?? cue.speaker;
    if (speaker !== undefined) {
      speakers ??= new Array<string | undefined>(lines.length);
      speakers[lines.length] = speaker;
    }
    lines.push(text);
  }
  const clean: CleanCue = { start: cue.start, end: cue.end, line: cue.line, lines };
  if (speakers) clean.speakers = speakers;
  return clean;
}

/**
 * Runs of spaces, tabs and no-break spaces become one space; the ends are trimmed (which also trims
 * an ideographic space U+3000; inside a line it stays, as lyrics use it to separate phrases).
 */
export function collapseSpaces(text: string): string {
  return /[\t\u00a0]| {2}/.test(text) ? text.replace(/[ \t\u00a0]+/g, ' ').trim() : text.trim();
}
