import type { Transcript } from './types';

export interface TranscriptStats {
	wordCount: number;
	paragraphCount: number;
	averageWordsPerParagraph: number;
	/** Output size / input size, in UTF-8 bytes: how much the conversion shrank the file. */
	compressionRatio: number;
}

export function computeStats(t: Transcript, output: string): TranscriptStats {
	let wordCount = 0;
	for (const p of t.paragraphs) wordCount += p.wordCount;
	const paragraphCount = t.paragraphs.length;
	const outBytes = Buffer.byteLength(output, 'utf8');
	return {
		wordCount,
		paragraphCount,
		averageWordsPerParagraph: paragraphCount === 0 ? 0 : round(wordCount / paragraphCount, 1),
		compressionRatio: t.inputBytes === 0 ? 0 : round(outBytes / t.inputBytes, 4),
	};
}

function round(n: number, digits: number): number {
	const f = 10 ** digits;
	return Math.round(n * f) / f;
}
