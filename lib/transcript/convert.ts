import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import {
	analyzeParagraphs,
	paragraphsFromText,
	type Analysis,
	type AnalysisKind,
	type AnalysisOptions,
	type KeywordAnalysis,
	type SentimentAnalysis,
	type StructureAnalysis,
	type TopicAnalysis,
} from './analyze';
import { TranscriptError } from './errors';
import { MAX_CAPTION_BYTES, readCaptionFile } from './files';
import { parseTranscript } from './pipeline';
import { renderTranscript } from './render';
import { computeStats, type TranscriptStats } from './stats';
import type { OutputFormat, RenderOptions, Transcript, TranscriptOptions, TranscriptWarning } from './types';

export type ConvertOptions = TranscriptOptions & RenderOptions;

export interface MarkdownConversionOptions extends ConvertOptions {
	/** Where to write the Markdown. Default for a file input: beside it, with `.md`; `null`: do not write. */
	outputFile?: string | null;
}

export interface MarkdownConversion extends TranscriptStats {
	inputFile?: string;
	outputFile?: string;
	markdown: string;
	warnings: TranscriptWarning[];
}

export interface Conversion extends TranscriptStats {
	to: OutputFormat;
	output: string;
	warnings: TranscriptWarning[];
	transcript: Transcript;
}

/**
 * Caption file or caption text → Markdown (and the file written, for a file input). A string is a
 * path when it names an existing file, or is one line that cannot be captions (so that a mistyped
 * path says "does not exist" rather than "not a caption format"); otherwise it is the captions.
 */
export async function convertTranscriptToMarkdown(
	fileOrText: string | Uint8Array,
	opts: MarkdownConversionOptions = {},
): Promise<MarkdownConversion> {
	const inputFile = typeof fileOrText === 'string' && looksLikePath(fileOrText) ? fileOrText : undefined;
	const input = inputFile ? await readInputFile(inputFile) : fileOrText;
	const transcript = parseTranscript(input, opts);
	const markdown = renderTranscript(transcript, 'markdown', { ...opts, title: opts.title ?? transcript.title });
	const outputFile =
		opts.outputFile === undefined ? (inputFile ? replaceExtension(inputFile, '.md') : undefined) : (opts.outputFile ?? undefined);
	if (outputFile) {
		// Written synchronously, in one call: the conversion above is synchronous work of tens of ms, and
		// the 0.7 MB of a 10-hour transcript takes under 1 ms to write, where the promise API waits for
		// four thread-pool round trips (mkdir, open, write, close), each long on a busy machine.
		mkdirSync(dirname(outputFile), { recursive: true });
		writeFileSync(outputFile, markdown, 'utf8');
	}
	const result: MarkdownConversion = { markdown, ...computeStats(transcript, markdown), warnings: transcript.warnings };
	if (inputFile) result.inputFile = inputFile;
	if (outputFile) result.outputFile = outputFile;
	return result;
}

/** The DESIGN.md converter: defaults given once, then file → Markdown, text → any format, analysis. */
export class TranscriptConverter {
	constructor(private readonly defaults: ConvertOptions = {}) {}

	/** Caption file → Markdown file (`output` defaults to the input with `.md`). */
	convertToMarkdown(input: string, output?: string | null, opts: ConvertOptions = {}): Promise<MarkdownConversion> {
		if (!isPath(input))
			return Promise.reject(new TranscriptError('not-found', `The caption file "${input.slice(0, 200)}" does not exist.`));
		return convertTranscriptToMarkdown(input, { ...this.defaults, ...opts, outputFile: output });
	}

	/** Caption text or bytes → Markdown, plain text, SRT, VTT or JSON segments. */
	convert(input: string | Uint8Array, opts: ConvertOptions & { to: OutputFormat }): Conversion {
		const merged = { ...this.defaults, ...opts };
		const transcript = parseTranscript(input, merged);
		const output = renderTranscript(transcript, opts.to, {
			...merged,
			title: merged.title ?? (opts.to === 'markdown' ? transcript.title : undefined),
		});
		return { to: opts.to, output, ...computeStats(transcript, output), warnings: transcript.warnings, transcript };
	}

	/** Keywords, topics, structure or sentiment of captions, of a Transcript, or of plain text (our Markdown too). */
	analyze(input: string | Uint8Array | Transcript, kind: 'keywords', opts?: AnalysisOptions): KeywordAnalysis;
	analyze(input: string | Uint8Array | Transcript, kind: 'topics', opts?: AnalysisOptions): TopicAnalysis;
	analyze(input: string | Uint8Array | Transcript, kind: 'structure', opts?: AnalysisOptions): StructureAnalysis;
	analyze(input: string | Uint8Array | Transcript, kind: 'sentiment', opts?: AnalysisOptions): SentimentAnalysis;
	analyze(input: string | Uint8Array | Transcript, kind: AnalysisKind, opts?: AnalysisOptions): Analysis;
	analyze(input: string | Uint8Array | Transcript, kind: AnalysisKind, opts: AnalysisOptions = {}): Analysis {
		return analyzeTranscript(input, kind, { ...opts, language: opts.language ?? this.defaults.language });
	}
}

export function analyzeTranscript(input: string | Uint8Array | Transcript, kind: AnalysisKind, opts: AnalysisOptions = {}): Analysis {
	if (typeof input === 'object' && !(input instanceof Uint8Array)) {
		return analyzeParagraphs(input.paragraphs, kind, { ...opts, language: opts.language ?? input.language });
	}
	try {
		const transcript = parseTranscript(input, { language: opts.language });
		// Prose (or a transcript converted earlier) keeps its author's paragraphs rather than being reflowed.
		if (transcript.format === 'txt') return analyzeParagraphs(paragraphsFromText(textOf(input)), kind, opts);
		return analyzeParagraphs(transcript.paragraphs, kind, { ...opts, language: opts.language ?? transcript.language });
	} catch (err) {
		// Not captions: analyse it as prose (or as a transcript converted earlier).
		if (!(err instanceof TranscriptError) || err.code !== 'unknown-format') throw err;
		return analyzeParagraphs(paragraphsFromText(textOf(input)), kind, opts);
	}
}

function textOf(input: string | Uint8Array): string {
	return typeof input === 'string' ? input : new TextDecoder().decode(input);
}

/**
 * A plain file within the size limit is read at once, synchronously like the conversion that follows:
 * readFile() takes it in 512 KB pieces, a thread-pool round trip each (16 for a 10-hour VTT), and on a
 * busy machine those waits cost more than the whole conversion. Anything else goes to readCaptionFile,
 * whose errors say what is wrong.
 */
function readInputFile(path: string): Uint8Array | Promise<Uint8Array> {
	try {
		const info = statSync(path);
		if (info.isFile() && info.size <= MAX_CAPTION_BYTES) return readFileSync(path);
	} catch {
		// readCaptionFile reports it.
	}
	return readCaptionFile(path);
}

function looksLikePath(s: string): boolean {
	if (isPath(s)) return true;
	if (s.length === 0 || s.length > 4096 || s.indexOf('\n') !== -1) return false;
	return !/^\s*(?:WEBVTT|[<{[])/.test(s);
}

function isPath(s: string): boolean {
	if (s.length === 0 || s.length > 4096 || s.indexOf('\n') !== -1 || s.indexOf('\u0000') !== -1) return false;
	try {
		return existsSync(s) && statSync(s).isFile();
	} catch {
		return false;
	}
}

function replaceExtension(path: string, ext: string): string {
	const current = extname(path);
	return (current ? path.slice(0, -current.length) : path) + ext;
}
