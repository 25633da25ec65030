import { extractKeywords, type Keyword } from './keywords';
import { stopWordsFor } from './stopwords';
import { isContentWord, tokenize } from './tokens';

export interface Topic {
	/** The topic's leading keywords, joined: "battery, charging, capacity". */
	label: string;
	keywords: string[];
	/** Indices of the paragraphs that discuss it (its keywords twice, or once for a one-word topic). */
	paragraphs: number[];
	/** Share of all keyword occurrences that belong to this topic. */
	weight: number;
}

export interface TopicOptions {
	language?: string;
	/** Keywords considered (default 30). */
	keywords?: number;
	/** Topics returned at most (default 8). */
	limit?: number;
}

/** Keywords that share windows this often (Jaccard) belong together. */
const LINK = 0.2;
/** Co-occurrence is counted in windows of this many content words (about a paragraph), never across paragraphs. */
const WINDOW = 25;

/**
 * Topics as clusters of keywords that occur near each other: average-linkage agglomerative clustering
 * on co-occurrence in paragraph-sized windows (Jaccard), deterministic and cheap for ~30 keywords.
 */
export function findTopics(paragraphs: string[], opts: TopicOptions = {}): Topic[] {
	// A keyword seen once has no co-occurrence to speak of.
	const keywords = extractKeywords(paragraphs, { language: opts.language, limit: opts.keywords ?? 30 }).keywords.filter(
		(k) => k.count >= 2,
	);
	if (keywords.length === 0) return [];
	const stop = stopWordsFor(opts.language);
	const tokens = paragraphs.map((text) => tokenize(text, opts.language).filter((t) => isContentWord(t, stop)));
	const windows: string[][] = [];
	for (const list of tokens) {
		for (let i = 0; i < list.length; i += WINDOW) windows.push(list.slice(i, i + WINDOW + 1));
	}
	const where = keywords.map((k) => paragraphsWith(k.term.split(' '), tokens));
	const inWindows = keywords.map((k) => paragraphsWith(k.term.split(' '), windows));
	const jaccard = (a: number, b: number): number => {
		let both = 0;
		for (const w of inWindows[a].keys()) if (inWindows[b].has(w)) both++;
		const union = inWindows[a].size + inWindows[b].size - both;
		return union === 0 ? 0 : both / union;
	};
	const sim = keywords.map((_, a) => keywords.map((__, b) => (a === b ? 1 : jaccard(a, b))));

	let clusters = keywords.map((_, i) => [i]);
	for (;;) {
		let best = -1;
		let bestA = -1;
		let bestB = -1;
		for (let a = 0; a < clusters.length; a++) {
			for (let b = a + 1; b < clusters.length; b++) {
				let total = 0;
				for (const x of clusters[a]) for (const y of clusters[b]) total += sim[x][y];
				const avg = total / (clusters[a].length * clusters[b].length);
				if (avg > best) {
					best = avg;
					bestA = a;
					bestB = b;
				}
			}
		}
		if (best < LINK) break;
		clusters[bestA] = [...clusters[bestA], ...clusters[bestB]].sort((x, y) => x - y);
		clusters = clusters.filter((_, i) => i !== bestB);
	}

	const totalScore = keywords.reduce((s, k) => s + k.count, 0);
	const topics = clusters
		.filter((c) => c.length >= 2 || keywords[c[0]].paragraphs >= 3)
		.map((c) =>
			toTopic(
				c.map((i) => keywords[i]),
				c.map((i) => where[i]),
				totalScore,
			),
		);
	return topics.sort((a, b) => b.weight - a.weight || (a.label < b.label ? -1 : 1)).slice(0, opts.limit ?? 8);
}

function toTopic(members: Keyword[], maps: Map<number, number>[], totalScore: number): Topic {
	const hits = new Map<number, number>();
	for (const map of maps) for (const [p, n] of map) hits.set(p, (hits.get(p) ?? 0) + n);
	const need = members.length >= 2 ? 2 : 1;
	const paragraphs = [...hits]
		.filter(([, n]) => n >= need)
		.map(([p]) => p)
		.sort((a, b) => a - b);
	const weight = members.reduce((s, k) => s + k.count, 0) / totalScore;
	const keywords = members.map((k) => k.term);
	return { label: keywords.slice(0, 3).join(', '), keywords, paragraphs, weight: Math.round(weight * 1000) / 1000 };
}

/** Occurrences of a (one- or two-word) keyword per token list, by list index. */
function paragraphsWith(parts: string[], tokens: string[][]): Map<number, number> {
	const found = new Map<number, number>();
	tokens.forEach((list, p) => {
		let n = 0;
		for (let i = 0; i + parts.length <= list.length; i++) {
			if (parts.every((w, j) => list[i + j] === w)) n++;
		}
		if (n > 0) found.set(p, n);
	});
	return found;
}
