import { mkdir, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

import { realTarget, resolveInside, within, writeInside, type PathCheck } from '../download/confine';
import { runPathCheck } from '../urls';
import { convertTranscriptToMarkdown, type ConvertOptions } from './convert';
import { TranscriptError } from './errors';
import { readCaptionFile } from './files';
import { fileMatcher } from './glob';
import type { TranscriptStats } from './stats';
import type { TranscriptWarning } from './types';

/** The spec's `.vtt .srt .ttml .txt`, and the other extensions our formats come with. */
export const CAPTION_EXTENSIONS: readonly string[] = ['.vtt', '.srt', '.ttml', '.dfxp', '.xml', '.txt', '.json3', '.srv1', '.srv3'];

/** Report file names for `report: true`. */
export const REPORT_FILES = { json: 'conversion-report.json', markdown: 'conversion-report.md' } as const;

export interface DirectoryOptions {
	/** Which files: a glob (`*.vtt`, `**\/*.{srt,vtt}`; without `/` it matches file names) or extensions. Default CAPTION_EXTENSIONS. */
	pattern?: string | readonly string[];
	/** Also convert files in subfolders (outputs keep their relative folders). Default false, as in the spec. */
	recursive?: boolean;
	/** Conversion settings per file; default defaultSettingsFor (the spec's table by file name). */
	settingsFor?: (fileName: string, relativePath: string) => ConvertOptions;
	/** Write the summary into the output folder: `true` for conversion-report.json and .md, or a file name (`.md` → Markdown, else JSON). */
	report?: boolean | string;
	/** The caller's file-access rule (n8n's in the nodes): run on the input folder, each file read and each file written. */
	checkPath?: PathCheck;
	/** Called after each file, in order (progress). */
	onFile?: (result: FileConversionResult) => void;
}

export interface FileConversionResult {
	/** Path relative to the input folder, `/`-separated. */
	file: string;
	status: 'success' | 'error';
	/** The Markdown file written. */
	output?: string;
	stats?: TranscriptStats;
	warnings?: TranscriptWarning[];
	/** Why the file failed. */
	error?: string;
	/** The n8n input item the file came from, for node summaries. */
	item?: number;
}

export interface ConversionFailure {
	file: string;
	reason: string;
	item?: number;
}

export interface ConversionSummary {
	files: number;
	succeeded: number;
	failed: number;
	totalWords: number;
	totalParagraphs: number;
	failures: ConversionFailure[];
}

export interface DirectoryConversion extends ConversionSummary {
	inputDir: string;
	outputDir: string;
	results: FileConversionResult[];
	/** Report files written (see `report`). */
	reportFiles: string[];
}

/** The spec's settings by content type, read from the file name; speaker labels are always kept. */
export function defaultSettingsFor(fileName: string): ConvertOptions {
	const name = fileName.toLowerCase();
	if (name.includes('lecture') || name.includes('presentation')) return { paragraphMinWords: 25, preserveSpeakerLabels: true };
	if (name.includes('podcast') || name.includes('interview')) return { paragraphMinWords: 12, preserveSpeakerLabels: true };
	if (name.includes('meeting')) return { paragraphMinWords: 15, preserveSpeakerLabels: true };
	return { paragraphMinWords: 15, preserveSpeakerLabels: true };
}

/**
 * Every caption file of a folder → `<stem>.md` in the output folder, with settings chosen per file.
 * A file that fails is recorded with its reason and the next one is converted; only an unusable
 * input or output folder throws. Outputs never leave the output folder (no `..`, no symlink out),
 * and input symlinks are followed only when they stay inside the input folder.
 */
export async function convertDirectory(inputDir: string, outputDir: string, opts: DirectoryOptions = {}): Promise<DirectoryConversion> {
	const inputRoot = await openFolder(inputDir);
	await runPathCheck(opts.checkPath, inputRoot);
	const outputAbsolute = path.resolve(outputDir);
	await runPathCheck(opts.checkPath, (await realTarget(outputAbsolute)) ?? outputAbsolute);
	await mkdir(outputAbsolute, { recursive: true });
	const outputRoot = await realpath(outputAbsolute);

	const files = await listFiles(inputRoot, fileMatcher(opts.pattern ?? CAPTION_EXTENSIONS), opts.recursive === true, outputRoot);
	const outputs = outputNames(files);
	const settingsFor = opts.settingsFor ?? defaultSettingsFor;
	const results: FileConversionResult[] = [];
	for (const file of files) {
		let result: FileConversionResult;
		try {
			result = await convertOne(inputRoot, outputAbsolute, file, outputs.get(file)!, settingsFor, opts.checkPath);
		} catch (error) {
			result = { file, status: 'error', error: (error as Error).message };
		}
		results.push(result);
		opts.onFile?.(result);
	}

	const conversion: DirectoryConversion = { inputDir: inputRoot, outputDir: outputRoot, ...summarizeConversions(results), results, reportFiles: [] };
	for (const [name, kind] of reportTargets(opts.report)) {
		const { reportFiles, ...content } = conversion;
		const text = kind === 'markdown' ? formatSummaryReport(conversion) : JSON.stringify(content, null, 2) + '\n';
		reportFiles.push(await writeInside(outputAbsolute, name, text, 'The report file', opts.checkPath));
	}
	return conversion;
}

/** Files, successes, failures with reasons, and the words and paragraphs of the successes. */
export function summarizeConversions(results: readonly FileConversionResult[]): ConversionSummary {
	const summary: ConversionSummary = { files: results.length, succeeded: 0, failed: 0, totalWords: 0, totalParagraphs: 0, failures: [] };
	for (const r of results) {
		if (r.status === 'success') {
			summary.succeeded++;
			summary.totalWords += r.stats?.wordCount ?? 0;
			summary.totalParagraphs += r.stats?.paragraphCount ?? 0;
		} else {
			summary.failed++;
			const failure: ConversionFailure = { file: r.file, reason: r.error ?? 'unknown error' };
			if (r.item !== undefined) failure.item = r.item;
			summary.failures.push(failure);
		}
	}
	return summary;
}

/** The summary as Markdown: the spec's figures, then each failed file with its reason and each converted one. */
export function formatSummaryReport(summary: ConversionSummary & { results?: readonly FileConversionResult[] }): string {
	const lines = [
		'# Transcript conversion report',
		'',
		`- Files processed: ${summary.files}`,
		`- Converted: ${summary.succeeded}`,
		`- Failed: ${summary.failed}`,
		`- Words: ${summary.totalWords.toLocaleString('en-US')}`,
		`- Paragraphs: ${summary.totalParagraphs.toLocaleString('en-US')}`,
	];
	if (summary.failures.length > 0) {
		lines.push('', '## Failed files', '');
		for (const f of summary.failures) lines.push(`- ${code(f.file)}: ${oneLine(f.reason)}`);
	}
	const converted = summary.results?.filter((r) => r.status === 'success') ?? [];
	if (converted.length > 0) {
		lines.push('', '## Converted files', '', '| File | Words | Paragraphs |', '| --- | ---: | ---: |');
		for (const r of converted) lines.push(`| ${code(r.file)} | ${r.stats?.wordCount ?? 0} | ${r.stats?.paragraphCount ?? 0} |`);
	}
	return lines.join('\n') + '\n';
}

/** The spec's class: a folder pair, then processDirectory() and generateSummaryReport(results). */
export class TranscriptProcessor {
	constructor(
		readonly inputDir: string,
		readonly outputDir: string,
		private readonly options: DirectoryOptions = {},
	) {}

	async processDirectory(): Promise<FileConversionResult[]> {
		return (await convertDirectory(this.inputDir, this.outputDir, this.options)).results;
	}

	/** The Markdown summary of processDirectory()'s results. */
	generateSummaryReport(results: readonly FileConversionResult[]): string {
		return formatSummaryReport({ ...summarizeConversions(results), results });
	}
}

async function convertOne(
	inputRoot: string,
	outputDir: string,
	file: string,
	outputName: string,
	settingsFor: NonNullable<DirectoryOptions['settingsFor']>,
	check: PathCheck | undefined,
): Promise<FileConversionResult> {
	const source = path.join(inputRoot, ...file.split('/'));
	const real = await realpath(source);
	if (!within(inputRoot, real)) {
		throw new TranscriptError('outside', `"${file}" is a symbolic link to "${real}", outside the input folder; it was not read.`);
	}
	await runPathCheck(check, real);
	const settings = settingsFor(path.posix.basename(file), file);
	const converted = await convertTranscriptToMarkdown(await readCaptionFile(real), { ...settings, outputFile: null });
	if (outputName.indexOf('/') !== -1) {
		await mkdir(path.dirname(await resolveInside(outputDir, outputName, 'The Markdown file', check)), { recursive: true });
	}
	const output = await writeInside(outputDir, outputName, converted.markdown, 'The Markdown file', check);
	const { wordCount, paragraphCount, averageWordsPerParagraph, compressionRatio, warnings } = converted;
	return { file, status: 'success', output, stats: { wordCount, paragraphCount, averageWordsPerParagraph, compressionRatio }, warnings };
}

async function openFolder(folder: string): Promise<string> {
	let real: string;
	try {
		real = await realpath(path.resolve(folder));
		if (!(await stat(real)).isDirectory()) throw new TranscriptError('not-a-folder', `"${folder}" is not a folder.`);
	} catch (error) {
		if (error instanceof TranscriptError) throw error;
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') throw new TranscriptError('not-found', `The folder "${folder}" does not exist.`);
		throw new TranscriptError('no-access', `The folder "${folder}" cannot be read (${code ?? (error as Error).message}).`);
	}
	return real;
}

/**
 * Matching files below `root`, relative and sorted. Folder symlinks are not followed (no loops, no
 * escape); file symlinks are listed and checked when read. The output folder is skipped when it lies inside.
 */
async function listFiles(root: string, matches: (relativePath: string) => boolean, recursive: boolean, outputRoot: string): Promise<string[]> {
	const found: string[] = [];
	const walk = async (folder: string, prefix: string): Promise<void> => {
		const entries = await readdir(folder, { withFileTypes: true });
		entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		for (const entry of entries) {
			const rel = prefix + entry.name;
			const full = path.join(folder, entry.name);
			if (entry.isDirectory()) {
				if (recursive && full !== outputRoot) await walk(full, rel + '/');
			} else if ((entry.isFile() || (entry.isSymbolicLink() && (await isFileLink(full)))) && matches(rel)) {
				found.push(rel);
			}
		}
	};
	await walk(root, '');
	return found;
}

async function isFileLink(file: string): Promise<boolean> {
	return (await stat(file).catch(() => undefined))?.isFile() ?? false;
}

/** `talk.en.vtt` → `talk.en.md`; files that would share a name (`talk.vtt`, `talk.srt`) keep their extension: `talk.vtt.md`. */
function outputNames(files: readonly string[]): Map<string, string> {
	const stem = (f: string) => f.slice(0, f.length - path.posix.extname(f).length);
	const count = new Map<string, number>();
	for (const f of files) count.set(stem(f).toLowerCase(), (count.get(stem(f).toLowerCase()) ?? 0) + 1);
	return new Map(files.map((f) => [f, `${count.get(stem(f).toLowerCase())! > 1 ? f : stem(f)}.md`]));
}

function reportTargets(report: DirectoryOptions['report']): [string, 'json' | 'markdown'][] {
	if (report === true) return [[REPORT_FILES.json, 'json'], [REPORT_FILES.markdown, 'markdown']];
	if (typeof report === 'string' && report !== '') return [[report, /\.(?:md|markdown)$/i.test(report) ? 'markdown' : 'json']];
	return [];
}

function code(s: string): string {
	return '`' + s.replace(/`/g, "'") + '`';
}

function oneLine(s: string): string {
	return s.replace(/\s+/g, ' ').trim();
}
