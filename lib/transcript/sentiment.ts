import Sentiment from 'sentiment';
import englishLabels from 'sentiment/languages/en/labels.json';

import { CLAUSE_BREAK } from './keywords';
import { spokenEnglishStrategy } from './spokenSentiment';
import { tokenize } from './tokens';

export type SentimentLabel = 'positive' | 'negative' | 'neutral';

export interface SentimentScore {
	/** Sum of the AFINN-165 scores (-5…+5) of the words found, after negation. */
	score: number;
	/** score per word of the text, rounded to 3 decimals. */
	comparative: number;
	/** positive when comparative ≥ 0.05, negative when ≤ -0.05, else neutral. */
	label: SentimentLabel;
}

export interface ParagraphSentiment extends SentimentScore {
	/** Index of the paragraph, as in the other analyses. */
	paragraph: number;
	/** Seconds, when the captions gave times. */
	start?: number;
}

export interface SentimentWord {
	word: string;
	/** Times it was scored in this direction. */
	count: number;
	/** What it added to the overall score in this direction. */
	score: number;
}

export interface OverallSentiment extends SentimentScore {
	positiveParagraphs: number;
	negativeParagraphs: number;
	neutralParagraphs: number;
	/** Words that raised the score most (a negated negative word counts here), at most 10. */
	positiveWords: SentimentWord[];
	/** Words that lowered the score most ("not good" counts "good" here), at most 10. */
	negativeWords: SentimentWord[];
}

export interface SentimentResult {
	/** false when the text is not English: the lexicon has English words only, so a score would mislead. */
	supported: boolean;
	reason?: string;
	lexicon: 'AFINN-165';
	overall: OverallSentiment | null;
	paragraphs: ParagraphSentiment[];
}

/** Languages the lexicon covers. */
export const SENTIMENT_LANGUAGES: readonly string[] = ['en'];

/**
 * Score per word below which a paragraph reads neutral: a 40-word paragraph needs one clearly scored
 * word (±2: "love", "problem") to leave neutral, a lone "yeah" (+1) does not tip it.
 */
const NEUTRAL_BAND = 0.05;
const TOP_WORDS = 10;
/** Our rules registered under a private code, so the library's own English stays as it is. */
const LANGUAGE_CODE = 'x-transcript-en';

const analyzer = new Sentiment();
// A copy: the library adds its emoji scores to the labels it is given.
const labels: Record<string, number> = { ...(englishLabels as Record<string, number>) };
analyzer.registerLanguage(LANGUAGE_CODE, { labels, scoringStrategy: spokenEnglishStrategy(labels) });

/**
 * Sentiment per paragraph and overall, with the AFINN-165 lexicon of the `sentiment` library and
 * spoken-English rules (see spokenSentiment.ts). Each clause is scored on its own, so negation does
 * not reach across punctuation ("No. Good idea" stays positive).
 */
export function analyzeSentiment(paragraphs: { text: string; start?: number }[], language: string | undefined): SentimentResult {
	const base = { lexicon: 'AFINN-165' as const };
	const code = language?.toLowerCase().split(/[-_]/)[0];
	if (!code || !SENTIMENT_LANGUAGES.includes(code)) {
		const reason = language
			? `Sentiment is scored for English only (AFINN-165 word list); this text is "${language}".`
			: 'Sentiment is scored for English only (AFINN-165 word list), and the language of this text could not be detected: set the Language option to "en" if it is English.';
		return { supported: false, reason, ...base, overall: null, paragraphs: [] };
	}
	let totalScore = 0;
	let totalTokens = 0;
	const up = new Map<string, SentimentWord>();
	const down = new Map<string, SentimentWord>();
	const out = paragraphs.map((p, paragraph): ParagraphSentiment => {
		let score = 0;
		let tokens = 0;
		for (const clause of p.text.split(CLAUSE_BREAK)) {
			const words = tokenize(clause, 'en');
			if (words.length === 0) continue;
			const result = analyzer.analyze(words.join(' '), { language: LANGUAGE_CODE });
			score += result.score;
			tokens += words.length;
			for (const entry of result.calculation) {
				for (const [word, value] of Object.entries(entry)) if (value !== 0) tally(value > 0 ? up : down, word, value);
			}
		}
		totalScore += score;
		totalTokens += tokens;
		return { paragraph, ...(p.start === undefined ? {} : { start: p.start }), ...scored(score, tokens) };
	});
	const count = (label: SentimentLabel) => out.filter((p) => p.label === label).length;
	return {
		supported: true,
		...base,
		overall: {
			...scored(totalScore, totalTokens),
			positiveParagraphs: count('positive'),
			negativeParagraphs: count('negative'),
			neutralParagraphs: count('neutral'),
			positiveWords: top(up),
			negativeWords: top(down),
		},
		paragraphs: out,
	};
}

function scored(score: number, tokens: number): SentimentScore {
	const comparative = tokens === 0 ? 0 : score / tokens;
	const label: SentimentLabel = comparative >= NEUTRAL_BAND ? 'positive' : comparative <= -NEUTRAL_BAND ? 'negative' : 'neutral';
	return { score, comparative: Math.round(comparative * 1000) / 1000, label };
}

function tally(map: Map<string, SentimentWord>, word: string, value: number): void {
	const entry = map.get(word);
	if (entry) {
		entry.count++;
		entry.score += value;
	} else map.set(word, { word, count: 1, score: value });
}

function top(map: Map<string, SentimentWord>): SentimentWord[] {
	return [...map.values()].sort((a, b) => Math.abs(b.score) - Math.abs(a.score) || (a.word < b.word ? -1 : 1)).slice(0, TOP_WORDS);
}
