import { stopWordsFor } from './stopwords';
import { isContentWord, tokenize } from './tokens';

export interface Keyword {
	/** A word or a two-word phrase, lower-cased. */
	term: string;
	count: number;
	/** Paragraphs it occurs in. */
	paragraphs: number;
	score: number;
}

/**
 * The spec's vocabulary figures over content words (the keywords' own words: no stop words, numbers
 * or words under 3 letters; any script), where the spec took ASCII words of 4+ letters less 23 stop
 * words. vocabularyRichness = unique / total (type-token ratio), so it falls as a text grows longer.
 */
export interface Vocabulary {
	uniqueWords: number;
	totalWords: number;
	vocabularyRichness: number;
}

export interface KeywordOptions {
	language?: string;
	limit?: number;
}

/** Punctuation inside a sentence that still ends a clause: phrases and negation never reach across it. */
export const CLAUSE_BREAK = /[.,;:!?()[\]"“”«»…—–]+/;

/** Phrases outrank their words: "battery capacity" says more than "battery" and "capacity". */
const PHRASE_WEIGHT = 1.5;

/**
 * Keywords by frequency, without the language's stop words: single words and two-word phrases
 * (adjacent content words seen at least twice). A word mostly used inside a chosen phrase is left
 * out in its favour. Ties go to the word spread over more paragraphs, then alphabetical order.
 */
export function extractKeywords(paragraphs: string[], opts: KeywordOptions = {}): { keywords: Keyword[]; stopWords: boolean } & Vocabulary {
	const stop = stopWordsFor(opts.language);
	const counts = new Map<string, { count: number; paragraphs: number; last: number }>();
	const bump = (term: string, p: number) => {
		const entry = counts.get(term);
		if (!entry) counts.set(term, { count: 1, paragraphs: 1, last: p });
		else {
			entry.count++;
			if (entry.last !== p) {
				entry.paragraphs++;
				entry.last = p;
			}
		}
	};
	paragraphs.forEach((text, p) => {
		// Phrases never cross punctuation, and need a stop-word list: without one every pair is a "phrase".
		for (const clause of stop ? text.split(CLAUSE_BREAK) : [text]) {
			let prev: string | undefined;
			for (const token of tokenize(clause, opts.language)) {
				if (!isContentWord(token, stop)) {
					prev = undefined;
					continue;
				}
				bump(token, p);
				if (prev !== undefined && stop) bump(`${prev} ${token}`, p);
				prev = token;
			}
		}
	});

	const phrases: Keyword[] = [];
	const words: Keyword[] = [];
	let totalWords = 0;
	for (const [term, e] of counts) {
		const phrase = term.indexOf(' ') !== -1;
		if (!phrase) totalWords += e.count;
		if (phrase && e.count < 2) continue;
		const k = { term, count: e.count, paragraphs: e.paragraphs, score: e.count * (phrase ? PHRASE_WEIGHT : 1) };
		(phrase ? phrases : words).push(k);
	}
	const limit = opts.limit ?? 20;
	const chosenPhrases = rank(phrases).slice(0, limit);
	const absorbed = new Map<string, number>();
	for (const p of chosenPhrases) {
		for (const w of p.term.split(' ')) absorbed.set(w, (absorbed.get(w) ?? 0) + p.count);
	}
	const keptWords = words.filter((w) => (absorbed.get(w.term) ?? 0) < w.count * 0.6);
	const uniqueWords = words.length;
	return {
		keywords: rank([...chosenPhrases, ...keptWords]).slice(0, limit),
		stopWords: stop !== undefined,
		uniqueWords,
		totalWords,
		vocabularyRichness: totalWords === 0 ? 0 : Math.round((uniqueWords / totalWords) * 1000) / 1000,
	};
}

function rank(list: Keyword[]): Keyword[] {
	return list.sort((a, b) => b.score - a.score || b.paragraphs - a.paragraphs || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
}
