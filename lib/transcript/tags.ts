import type { Markup } from './types';

/** Markup state that crosses line breaks inside one cue. */
export interface TagState {
  /** Speaker of the open `<v Name>` span. */
  voice?: string;
  /** Inside `<rt>`: ruby readings would repeat the base text, so they are dropped. */
  inRuby: boolean;
}

export interface StrippedLine {
  text: string;
  /** The `<v>` speaker in effect where the line's text begins. */
  voice?: string;
}

/**
 * Removes markup from one caption line in one pass. VTT: every `<...>` is a tag (`<c.colorE5E5E5>`,
 * `<00:00:01.234>`, `<v Name>`, `<i>`) and a `<` never closed on its line is a truncated tag (live
 * streams cut `</c` mid-tag), dropped. SRT/HTML: only `<letter...>` or `</letter...>` is a tag, so
 * "x < 5" survives; `{\an8}`-style overrides go too. Next `>`/`}` positions are remembered so a line of
 * ten million `<` stays linear.
 */
export function stripTags(line: string, markup: Markup, state: TagState): StrippedLine {
  const vtt = markup === 'vtt';
  let out = '';
  let voice: string | undefined;
  let voiceFixed = false;
  let i = 0;
  let nextGt = -2;
  let nextLt = line.indexOf('<');
  let nextBrace = vtt ? -1 : line.indexOf('{\\');
  let nextClose = -2;

  const emit = (text: string): void => {
    if (state.inRuby || text.length === 0) return;
    if (!voiceFixed && /\S/.test(text)) {
      voice = state.voice;
      voiceFixed = true;
    }
    out += text;
  };

  while (i < line.length) {
    const lt = nextLt;
    const brace = nextBrace;
    if (lt === -1 && brace === -1) {
      emit(line.slice(i));
      break;
    }
    if (brace !== -1 && (lt === -1 || brace < lt)) {
      emit(line.slice(i, brace));
      if (nextClose === -2 || (nextClose !== -1 && nextClose < brace)) nextClose = line.indexOf('}', brace + 2);
      if (nextClose === -1) {
        emit(line.slice(brace));
        break;
      }
      i = nextClose + 1;
      nextBrace = line.indexOf('{\\', i);
      if (nextLt !== -1 && nextLt < i) nextLt = line.indexOf('<', i);
      continue;
    }
    emit(line.slice(i, lt));
    if (nextGt === -2 || (nextGt !== -1 && nextGt < lt)) nextGt = line.indexOf('>', lt + 1);
    const following = line.indexOf('<', lt + 1);
    const closed = nextGt !== -1 && (following === -1 || nextGt < following);
    const tag = closed ? line.slice(lt + 1, nextGt) : '';
    if (closed && (vtt || isHtmlTag(tag))) {
      applyTag(tag, state);
      i = nextGt + 1;
      nextLt = following;
      if (nextLt !== -1 && nextLt < i) nextLt = line.indexOf('<', i);
    } else if (vtt) {
      // A truncated tag: drop it up to the next tag or the end of the line.
      i = following === -1 ? line.length : following;
      nextLt = following;
    } else {
      emit('<');
      i = lt + 1;
      nextLt = following;
    }
    if (nextBrace !== -1 && nextBrace < i) nextBrace = line.indexOf('{\\', i);
  }
  return voiceFixed ? { text: out, voice } : { text: out, voice: state.voice };
}

function isHtmlTag(tag: string): boolean {
  const c = tag.charCodeAt(tag.charCodeAt(0) === 47 /* / */ ? 1 : 0);
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function applyTag(tag: string, state: TagState): void {
  const closing = tag.charCodeAt(0) === 47;
  const body = closing ? tag.slice(1) : tag;
  let end = 0;
  while (end < body.length && body[end] !== ' ' && body[end] !== '\t' && body[end] !== '.') end++;
  const name = body.slice(0, end).toLowerCase();
  if (name === 'v') {
    if (closing) {
      state.voice = undefined;
    } else {
      const space = body.search(/[ \t]/);
      const who = space === -1 ? '' : body.slice(space + 1).trim();
      state.voice = who || undefined;
    }
  } else if (name === 'rt') {
    state.inRuby = !closing;
  }
}
