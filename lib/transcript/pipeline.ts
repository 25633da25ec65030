import { handleAnnotations } from './annotations';
import { cleanCue } from './clean';
import { decodeCaptionBytes, normalizeText } from './decode';
import { detectFormat } from './detect';
import { TranscriptError } from './errors';
import { buildParagraphs } from './paragraphs';
import { parseJson3 } from './parseJson3';
import { parseSrt } from './parseSrt';
import { parseSrv1 } from './parseSrv1';
import { parseSrv3 } from './parseSrv3';
import { parseTtml } from './parseTtml';
import { parseVtt } from './parseVtt';
import { dedupeRolling, findOverlaps, flattenCues, isRolling } from './rolling';
import { assignSpeakers } from './speakers';
import type { CaptionFormat, Cue, ParsedCaptions, TimedLine, Transcript, TranscriptOptions } from './types';
import { Warnings } from './warnings';

export const DEFAULT_PARAGRAPH_MIN_WORDS = 50;
export const DEFAULT_PARAGRAPH_PAUSE_SECONDS = 3;

const PARSERS: Record<CaptionFormat, (text: string, w: Warnings) => ParsedCaptions> = {
  vtt: parseVtt,
  srt: parseSrt,
  ttml: parseTtml,
  json3: parseJson3,
  srv3: parseSrv3,
  srv1: parseSrv1,
};

/**
 * Caption bytes or text → a cleaned, deduplicated, paragraphed transcript:
 * decode → detect → parse → clean → rolling dedupe → speakers → annotations → paragraphs.
 * Throws TranscriptError when nothing readable is there; otherwise returns with `warnings`.
 */
export function parseTranscript(input: string | Uint8Array, opts: TranscriptOptions = {}): Transcript {
  const warnings = new Warnings();
  const text = typeof input === 'string' ? normalizeText(input) : decodeCaptionBytes(input, warnings).text;
  const inputBytes = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  const format = opts.format && opts.format !== 'auto' ? opts.format : detectFormat(text);
  const parsed = PARSERS[format](text, warnings);
  if (parsed.cues.length === 0) {
    const first = warnings.list()[0];
    throw new TranscriptError('no-cues', `no caption cues could be read${first ? `: ${first.message}` : '.'}`);
  }

  const cleaned = parsed.cues.map((cue) => cleanCue(cue, parsed.markup));
  const overlaps = findOverlaps(cleaned);
  const mode = opts.dedupe ?? 'auto';
  const rolling = mode === 'always' || (mode === 'auto' && isRolling(overlaps));
  let lines = rolling ? dedupeRolling(cleaned, overlaps) : flattenCues(cleaned);
  lines = assignSpeakers(lines);
  lines = handleAnnotations(lines, opts.keepSoundAnnotations !== false);
  if (lines.length === 0) warnings.add('no-text', 'the captions hold no text once cleaned');

  const { paragraphs, punctuated } = buildParagraphs(lines, {
    minWords: positive(opts.paragraphMinWords, DEFAULT_PARAGRAPH_MIN_WORDS),
    pauseSeconds: positive(opts.paragraphPauseSeconds, DEFAULT_PARAGRAPH_PAUSE_SECONDS),
  });
  const transcript: Transcript = {
    format,
    rolling,
    punctuated,
    segments: toSegments(lines),
    paragraphs,
    warnings: warnings.list(),
    inputBytes,
  };
  const language = opts.language ?? parsed.meta.language;
  if (language) transcript.language = language;
  if (parsed.meta.title) transcript.title = parsed.meta.title;
  return transcript;
}

/** Lines of one cue and one speaker make one segment again (for SRT/VTT/JSON output). */
function toSegments(lines: TimedLine[]): Cue[] {
  const segments: Cue[] = [];
  let prev: TimedLine | undefined;
  for (const line of lines) {
    const last = segments[segments.length - 1];
    if (prev && last && line.cue === prev.cue && line.speaker === prev.speaker && !line.turnStart) {
      last.text += '\n' + line.text;
      last.end = Math.max(last.end, line.end);
    } else {
      const cue: Cue = { start: line.start, end: line.end, text: line.text };
      if (line.speaker) cue.speaker = line.speaker;
      segments.push(cue);
    }
    prev = line;
  }
  return segments;
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}
