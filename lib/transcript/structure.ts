import { isQuestion, sentenceEnds } from './sentences';
import { countWords, isCjkWord } from './words';

export interface AnalysisParagraph {
	text: string;
	start?: number;
	end?: number;
	speaker?: string;
	turnStart?: boolean;
}

export interface Structure {
	words: number;
	paragraphs: number;
	sentences: number;
	/** Words per paragraph, in order, and their summary. */
	paragraphWords: number[];
	paragraphWordStats: { min: number; max: number; mean: number; median: number };
	questions: number;
	/** The first questions asked, as written (at most 10). */
	questionSamples: string[];
	/** Paragraphs with a sentence that ends in a question mark (?, ？, ؟). */
	questionParagraphs: number;
	/** Paragraphs with a sentence that ends in an exclamation mark (!, ！). */
	exclamationParagraphs: number;
	/** The spec's rule: conversational when more than 10 % of the paragraphs ask a question, else formal. */
	contentStyle: 'conversational' | 'formal';
	/** Silent reading at 238 words (or 500 CJK characters) per minute. */
	readingMinutes: number;
	/** From the caption times, when there are any. */
	speakingMinutes?: number;
	wordsPerMinute?: number;
	speakers: { name: string; words: number; turns: number }[];
}

/**
 * 238 wpm: mean silent reading rate for English non-fiction (Brysbaert 2019, meta-analysis of 190
 * studies). Chinese and Japanese readers take in roughly 500 characters a minute.
 */
const WORDS_PER_MINUTE = 238;
const CJK_CHARS_PER_MINUTE = 500;

/** The spec's threshold for a conversational text: share of paragraphs with a question. */
const CONVERSATIONAL_SHARE = 0.1;

/**
 * A sentence that ends in ! (or full-width ！, ‼), before closing quotes and brackets. The spec looks
 * for '!' (and '?') anywhere in a paragraph, which also counts "watch?v=" or "Yahoo!" mid-sentence;
 * sentence ends are what make a text read as spoken.
 */
const EXCLAMATION = /[!！‼][\s"'’”»)\]]*$/u;

export function analyzeStructure(paragraphs: AnalysisParagraph[]): Structure {
	const paragraphWords: number[] = [];
	let sentences = 0;
	let questions = 0;
	let questionParagraphs = 0;
	let exclamationParagraphs = 0;
	const questionSamples: string[] = [];
	let cjkChars = 0;
	const speakers = new Map<string, { words: number; turns: number }>();
	let first = Infinity;
	let last = -Infinity;

	for (const p of paragraphs) {
		const words = countWords(p.text);
		paragraphWords.push(words);
		for (const ch of p.text) if (isCjkWord(ch.codePointAt(0) ?? 0)) cjkChars++;
		let from = 0;
		let asks = false;
		let exclaims = false;
		const ends = sentenceEnds(p.text);
		if (ends.length === 0 || ends[ends.length - 1] < p.text.length) ends.push(p.text.length);
		for (const to of ends) {
			const sentence = p.text.slice(from, to).trim();
			from = to;
			if (!sentence) continue;
			sentences++;
			if (isQuestion(sentence)) {
				questions++;
				asks = true;
				if (questionSamples.length < 10) questionSamples.push(sentence);
			} else if (EXCLAMATION.test(sentence)) exclaims = true;
		}
		if (asks) questionParagraphs++;
		if (exclaims) exclamationParagraphs++;
		if (p.speaker) {
			const s = speakers.get(p.speaker) ?? { words: 0, turns: 0 };
			s.words += words;
			if (p.turnStart !== false) s.turns++;
			speakers.set(p.speaker, s);
		}
		if (p.start !== undefined && Number.isFinite(p.start)) first = Math.min(first, p.start);
		if (p.end !== undefined && Number.isFinite(p.end)) last = Math.max(last, p.end);
	}

	const words = paragraphWords.reduce((a, b) => a + b, 0);
	const otherWords = Math.max(0, words - cjkChars);
	const structure: Structure = {
		words,
		paragraphs: paragraphs.length,
		sentences,
		paragraphWords,
		paragraphWordStats: summary(paragraphWords),
		questions,
		questionSamples,
		questionParagraphs,
		exclamationParagraphs,
		contentStyle: questionParagraphs > paragraphs.length * CONVERSATIONAL_SHARE ? 'conversational' : 'formal',
		readingMinutes: round(otherWords / WORDS_PER_MINUTE + cjkChars / CJK_CHARS_PER_MINUTE),
		speakers: [...speakers].map(([name, s]) => ({ name, ...s })).sort((a, b) => b.words - a.words),
	};
	if (last > first) {
		structure.speakingMinutes = round((last - first) / 60);
		structure.wordsPerMinute = Math.round(words / ((last - first) / 60));
	}
	return structure;
}

function summary(values: number[]): Structure['paragraphWordStats'] {
	if (values.length === 0) return { min: 0, max: 0, mean: 0, median: 0 };
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	return { min: sorted[0], max: sorted[sorted.length - 1], mean: round(values.reduce((a, b) => a + b, 0) / values.length), median };
}

function round(n: number): number {
	return Math.round(n * 10) / 10;
}
