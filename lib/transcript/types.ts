/** A caption cue after cleaning: times in seconds, text without markup. */
export interface Cue {
	start: number;
	end: number;
	text: string;
	speaker?: string;
}

/** Caption formats, and `txt`: plain text, one transcript line per text line (see parseTxt.ts). */
export type CaptionFormat = 'vtt' | 'srt' | 'ttml' | 'json3' | 'srv3' | 'srv1' | 'txt';

/** How the text of a raw cue is marked up, which decides how clean.ts reads it. */
export type Markup = 'vtt' | 'srt' | 'html' | 'plain';

/** A cue as a parser found it: text still carries the file's markup. */
export interface RawCue {
	start: number;
	end: number;
	text: string;
	/** 1-based line of the cue's timing (or element) in the decoded text. */
	line: number;
	speaker?: string;
}

export interface CaptionMeta {
	language?: string;
	title?: string;
	kind?: string;
	/** Plain text without any time: every cue time is 0. */
	untimed?: boolean;
}

/** What a parser returns; its cues go to the `onCue` callback when one is given, else into `cues`. */
export interface ParsedCaptions {
	format: CaptionFormat;
	cues: RawCue[];
	meta: CaptionMeta;
}

/** One caption line after cleaning, the unit that rolling-caption dedupe and speaker detection work on. */
export interface TimedLine {
	text: string;
	start: number;
	end: number;
	/** Cue the line belongs to (after dedupe: the cue it first appeared in). */
	cue: number;
	speaker?: string;
	/** A new speaker turn starts here (a named speaker change, or an anonymous `>>`). */
	turnStart?: boolean;
}

export interface Paragraph {
	start: number;
	end: number;
	text: string;
	wordCount: number;
	speaker?: string;
	/** First paragraph of a speaker turn: where a speaker label is written. */
	turnStart: boolean;
}

export interface TranscriptWarning {
	code: string;
	message: string;
	line?: number;
	count?: number;
}

export interface Transcript {
	format: CaptionFormat;
	language?: string;
	title?: string;
	/** Rolling duplicates of auto-generated captions were found and removed. */
	rolling: boolean;
	/** Text ends sentences with punctuation (else paragraphs are cut at line boundaries). */
	punctuated: boolean;
	segments: Cue[];
	paragraphs: Paragraph[];
	warnings: TranscriptWarning[];
	/** Size of the input in bytes, for the compression ratio. */
	inputBytes: number;
	/**
	 * The input carried no times (plain text): every time is 0, so renderers leave timestamps out,
	 * JSON segments have `null` times, and SRT/VTT output is refused.
	 */
	untimed?: boolean;
}

export interface TranscriptOptions {
	/** Force a parser instead of detecting the format from the content. */
	format?: CaptionFormat | 'auto';
	/** A paragraph has at least this many words unless a speaker changes or a long pause intervenes (default 50). */
	paragraphMinWords?: number;
	/** A silence of at least this many seconds starts a new paragraph (default 3). */
	paragraphPauseSeconds?: number;
	/** Keep sound annotations such as `[Music]` or `(APPLAUSE)` (default true). */
	keepSoundAnnotations?: boolean;
	/** Remove rolling duplicates: only where the file shows the pattern (`auto`, default), `always`, or `never`. */
	dedupe?: 'auto' | 'always' | 'never';
	/** Language of the text (BCP 47), when the file does not say. */
	language?: string;
}

export interface RenderOptions {
	/** Write speaker labels (default true); speaker changes start paragraphs either way. */
	preserveSpeakerLabels?: boolean;
	/** Prefix each paragraph with `[hh:mm:ss]` (Markdown and text; default false). */
	timestamps?: boolean;
	/** Markdown header: `# title`. */
	title?: string;
	/** Markdown header: where the captions came from (URL or file name). */
	source?: string;
}

export type OutputFormat = 'markdown' | 'text' | 'srt' | 'vtt' | 'json';
