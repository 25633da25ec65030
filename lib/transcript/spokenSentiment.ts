/**
 * How AFINN word scores are applied to spoken English: a scoring strategy for the `sentiment` library
 * (its documented hook for a language's rules), given the clause's tokens and the scored word's place.
 *
 * In transcripts "like" is mostly a filler or a comparison ("it was like", "looks like"), "kind" mostly
 * "kind of", "pretty" mostly "pretty much/good": AFINN scores all three positive, and on our English
 * corpus "like" alone made up about a third of all positive points. The library negates only after a
 * short list ("not", "don't", "isn't"…), one word back; speech also says "didn't", "wasn't", "never",
 * "no problem", and "not very good".
 */

/** The library's negators plus the past, modal and other contractions it lacks. */
const NEGATORS = new Set([
	'not', 'no', 'never', 'nor', 'non', 'cannot', "can't", 'cant', "don't", 'dont', "doesn't", 'doesnt', "didn't", 'didnt',
	"isn't", 'isnt', "wasn't", 'wasnt', "aren't", 'arent', "weren't", 'werent', "won't", 'wont', "wouldn't", 'wouldnt',
	"shouldn't", 'shouldnt', "couldn't", 'couldnt', "haven't", 'havent', "hasn't", 'hasnt', "hadn't", 'hadnt', "ain't", 'aint',
]);

/** Words after which "like" is the verb ("I like", "they really like", "don't like", "would like"). */
const LIKE_AS_VERB_AFTER = new Set([
	'i', 'you', 'we', 'they', "i'd", "you'd", "we'd", "they'd", 'would', 'do', "don't", 'dont', 'does', "doesn't", 'doesnt',
	'did', "didn't", 'didnt', 'really', 'also', 'still', 'will', "won't", 'might', 'may',
]);

export interface ScoringStrategy {
	apply(tokens: string[], cursor: number, tokenScore: number): number;
}

/** The strategy, for a lexicon (word → score) so it can tell scored words from others. */
export function spokenEnglishStrategy(labels: Readonly<Record<string, number>>): ScoringStrategy {
	const scored = (t: string | undefined) => t !== undefined && Object.prototype.hasOwnProperty.call(labels, t);
	return {
		apply(tokens, cursor, tokenScore) {
			const word = tokens[cursor];
			const prev = tokens[cursor - 1];
			const next = tokens[cursor + 1];
			if (word === 'like' && !LIKE_AS_VERB_AFTER.has(prev)) return 0;
			if (word === 'kind' && next === 'of') return 0;
			// An adverb before another word ("pretty much", "pretty good"): that word carries the sentiment.
			if (word === 'pretty' && next !== undefined) return 0;
			// "no problem": "no" negates the next scored word instead of counting itself.
			if (word === 'no' && scored(next)) return 0;
			const negated = NEGATORS.has(prev) || (NEGATORS.has(tokens[cursor - 2]) && !scored(prev));
			return negated ? -tokenScore : tokenScore;
		},
	};
}
