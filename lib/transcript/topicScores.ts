import { MediaError } from '../errors';
import { inflectionStem, wordStem } from './inflection';
import { tokenize } from './tokens';

/** The spec's topic lists, scored when the caller gives none. */
export const DEFAULT_TOPIC_LISTS: Readonly<Record<string, readonly string[]>> = {
	technology: ['technology', 'software', 'computer', 'digital', 'programming', 'code', 'data'],
	business: ['business', 'company', 'market', 'strategy', 'revenue', 'growth', 'sales'],
	science: ['research', 'study', 'experiment', 'analysis', 'theory', 'scientific'],
};

export interface TopicScores {
	/** Per topic: paragraphs × list words, each list word counted once per paragraph it occurs in. */
	topicScores: Record<string, number>;
	/** The topic with the highest score; null when no list word occurs, or when two topics share the top score. */
	dominantTopic: string | null;
}

interface Matcher {
	/** Words of a list entry, in order; the last may be a prefix. */
	words: string[];
	/** Their stems, to meet inflected tokens (English). */
	stems: string[];
	prefix: boolean;
}

/**
 * The spec's topic scores, matched on words rather than substrings: the spec tests `kw in paragraph`,
 * which finds "code" in "decode" and "hardcoded", "data" in "database"; here an entry matches whole
 * words, in English also its inflections (codes, coding: see inflection.ts), and an entry ending in
 * `*` matches any word that starts with it ("comput*"). An entry of several words ("machine
 * learning") matches them in a row.
 */
export function scoreTopics(paragraphs: string[], lists: Record<string, readonly string[]>, language: string | undefined): TopicScores {
	const english = language === undefined || language.toLowerCase().split(/[-_]/)[0] === 'en';
	const matchers = Object.entries(lists).map(([name, entries]) => [name, entries.map((e) => matcher(e, language, english)).filter((m) => m.words.length > 0)] as const);
	const topicScores: Record<string, number> = Object.fromEntries(matchers.map(([name]) => [name, 0]));
	for (const text of paragraphs) {
		const raw = tokenize(text, language);
		const stems = english ? raw.map(inflectionStem) : raw;
		for (const [name, list] of matchers) for (const m of list) if (occurs(m, raw, stems)) topicScores[name]++;
	}
	return { topicScores, dominantTopic: dominant(topicScores) };
}

/** Checks caller-given lists: named, with at least one word each. */
export function checkTopicLists(lists: unknown): Record<string, string[]> {
	const hint = 'Give topic lists as { "topic name": ["word", "other word", "prefix*"] }.';
	if (!lists || typeof lists !== 'object' || Array.isArray(lists)) throw new MediaError('InvalidInput', 'Topic lists must be an object of word lists.', { hint });
	const out: Record<string, string[]> = {};
	for (const [rawName, words] of Object.entries(lists)) {
		const name = rawName.trim();
		if (!name) throw new MediaError('InvalidInput', 'A topic list has no name.', { hint });
		if (!Array.isArray(words) || words.some((w) => typeof w !== 'string')) throw new MediaError('InvalidInput', `Topic list "${name}" must be a list of words.`, { hint });
		// A word listed twice would count twice per paragraph.
		const clean = [...new Set((words as string[]).map((w) => w.trim().toLowerCase()).filter(Boolean))];
		if (clean.length === 0) throw new MediaError('InvalidInput', `Topic list "${name}" has no words.`, { hint });
		if (out[name]) throw new MediaError('InvalidInput', `Topic list "${name}" is given twice.`, { hint });
		out[name] = clean;
	}
	if (Object.keys(out).length === 0) throw new MediaError('InvalidInput', 'Topic lists are empty.', { hint });
	return out;
}

/** Inflections are matched in English only (or text of unknown language): the default lists and the rules are English. */
function matcher(entry: string, language: string | undefined, english: boolean): Matcher {
	const words = tokenize(entry, language);
	return { words, stems: english ? words.map(wordStem) : words, prefix: /\*\s*$/.test(entry) };
}

function occurs(m: Matcher, raw: string[], stems: string[]): boolean {
	const last = m.words.length - 1;
	const same = (t: number, j: number) => raw[t] === m.words[j] || stems[t] === m.stems[j];
	for (let i = 0; i + last < raw.length; i++) {
		let j = 0;
		while (j < last && same(i + j, j)) j++;
		// A prefix is compared with the word as written ("comput*": computer, computing).
		if (j === last && (m.prefix ? raw[i + last].startsWith(m.words[last]) : same(i + last, last))) return true;
	}
	return false;
}

function dominant(scores: Record<string, number>): string | null {
	let best: string | null = null;
	let top = 0;
	let tie = false;
	for (const [name, score] of Object.entries(scores)) {
		if (score > top) {
			best = name;
			top = score;
			tie = false;
		} else if (score === top && score > 0) tie = true;
	}
	return tie ? null : best;
}
