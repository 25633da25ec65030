import { CueCleaner, hasStatefulTag, type CueTable } from './clean';
import { decodeCaptionBytes, normalizeText } from './decode';
import { detectFormat } from './detect';
import { TranscriptError } from './errors';
import { parseJson3 } from './parseJson3';
import { parseSrt } from './parseSrt';
import { parseSrv1 } from './parseSrv1';
import { parseSrv3 } from './parseSrv3';
import { parseTtml } from './parseTtml';
import { parseTxt } from './parseTxt';
import { parseVtt } from './parseVtt';
import type { CaptionFormat, CaptionMeta, Cue, Markup, ParsedCaptions, RawCue, TranscriptWarning } from './types';
import { Warnings } from './warnings';

const PARSERS: Record<CaptionFormat, (text: string, w: Warnings, onCue: (cue: RawCue) => void) => ParsedCaptions> = {
	vtt: parseVtt,
	srt: parseSrt,
	ttml: parseTtml,
	json3: parseJson3,
	srv3: parseSrv3,
	srv1: parseSrv1,
	txt: parseTxt,
};

/**
 * How each format's cue text is cleaned. XML and JSON parsers already decode their text, except
 * legacy timedtext (srv1), which YouTube escapes once more, so its text is HTML. Plain text is as written.
 */
const MARKUP: Record<CaptionFormat, Markup> = { vtt: 'vtt', srt: 'srt', ttml: 'plain', json3: 'plain', srv3: 'plain', srv1: 'html', txt: 'plain' };

/** The cleaned cues of a caption file, as the transcript pipeline and parseCaptions start from them. */
export interface CleanedCaptions {
	format: CaptionFormat;
	table: CueTable;
	meta: CaptionMeta;
	warnings: Warnings;
	inputBytes: number;
}

/**
 * decode → detect → parse → clean. Throws TranscriptError when nothing readable is there (no cue at
 * all); warnings collect the rest.
 */
export function readCleanCues(input: string | Uint8Array, format?: CaptionFormat | 'auto'): CleanedCaptions {
	const warnings = new Warnings();
	const decoded = typeof input === 'string' ? { text: normalizeText(input, warnings) } : decodeCaptionBytes(input, warnings);
	const text = decoded.text;
	const inputBytes = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
	const forced = format !== undefined && format !== 'auto';
	const chosen = forced ? format : detectFormat(text);
	if (chosen === 'txt' && !forced) refuseStrayBytes(text, warnings, 'encoding' in decoded && decoded.encoding === 'windows-1252');
	// Each cue is cleaned as the parser finds it, so no list of raw cues is ever kept.
	const cleaner = new CueCleaner(MARKUP[chosen], hasStatefulTag(text));
	const parsed = PARSERS[chosen](text, warnings, (cue) => cleaner.add(cue));
	const table = cleaner.table;
	if (table.length === 0) {
		const first = warnings.list()[0];
		throw new TranscriptError('no-cues', `no caption cues could be read${first ? `: ${first.message}` : '.'}`);
	}
	return { format: chosen, table, meta: parsed.meta, warnings, inputBytes };
}

/**
 * Captions prove themselves by their structure; plain text has none. Random bytes are never UTF-8,
 * and those the decoder's binary test lets through (short ones) read as Windows-1252 with control
 * characters or mostly accented letters and symbols: refused. A legacy 8-bit text file has neither.
 */
function refuseStrayBytes(text: string, warnings: Warnings, notUtf8: boolean): void {
	if (!notUtf8) return;
	const codes = new Set(warnings.list().map((w) => w.code));
	const sample = text.slice(0, 1 << 16);
	if (codes.has('control-characters') || codes.has('nul') || sample.replace(/[^\u0080-\uffff]+/g, '').length > sample.length * 0.3) {
		throw new TranscriptError('binary', 'this is binary data, not a caption file or plain text.', 1);
	}
}

export interface ParsedCaptionCues {
	format: CaptionFormat;
	/**
	 * Each cue as the file has it, in file order: times in seconds, text without markup (lines joined
	 * by `\n`, character references decoded), before rolling-duplicate removal, speaker labels and
	 * paragraphs. `speaker` is the `<v>` voice (TTML agent) of the cue's first line that has one.
	 * Cues whose text is empty once cleaned are left out.
	 */
	cues: Cue[];
	warnings: TranscriptWarning[];
}

/**
 * Cue-level captions for re-timing or alignment: WebVTT, SRT, TTML/DFXP, YouTube json3/srv3/srv1
 * as bytes (encoding detected) or text. Throws TranscriptError when no cue can be read. Plain text
 * (`txt`) gives one cue per line, with time 0 unless `[hh:mm:ss]` stamps say otherwise.
 */
export function parseCaptions(input: string | Uint8Array, opts: { format?: CaptionFormat | 'auto' } = {}): ParsedCaptionCues {
	const { format, table, warnings } = readCleanCues(input, opts.format);
	const cues: Cue[] = [];
	for (let i = 0; i < table.length; i++) {
		const n = table.lineCount(i);
		if (n === 0) continue;
		const lines: string[] = [];
		let speaker: string | undefined;
		for (let j = 0; j < n; j++) {
			lines.push(table.text(i, j));
			speaker ??= table.speaker(i, j);
		}
		const cue: Cue = { start: table.start[i], end: table.end[i], text: lines.join('\n') };
		if (speaker !== undefined) cue.speaker = speaker;
		cues.push(cue);
	}
	return { format, cues, warnings: warnings.list() };
}
