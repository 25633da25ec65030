import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseTranscript } from '../../../lib/transcript/pipeline';
import { renderTranscript } from '../../../lib/transcript/render';
import type { RenderOptions, TranscriptOptions } from '../../../lib/transcript/types';

export const FIXTURES = resolve(__dirname, '../../fixtures/captions');

export function fixturePath(name: string): string {
	return resolve(FIXTURES, name);
}

export function fixture(name: string): Buffer {
	return readFileSync(fixturePath(name));
}

/** Captions → Markdown in one call, the way most tests read. */
export function toMarkdown(input: string | Uint8Array, opts: TranscriptOptions & RenderOptions = {}): string {
	return renderTranscript(parseTranscript(input, opts), 'markdown', opts);
}

/** Paragraph texts only. */
export function paragraphs(input: string | Uint8Array, opts: TranscriptOptions = {}): string[] {
	return parseTranscript(input, opts).paragraphs.map((p) => p.text);
}

export function occurrences(haystack: string, needle: string): number {
	let n = 0;
	for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++;
	return n;
}
