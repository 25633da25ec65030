/**
 * English inflections, for matching a listed word with its plural, past and -ing forms: "code" matches
 * codes/coded/coding, "study" studies/studied, "company" companies. One way only: a word matches its
 * inflections, not what it is an inflection of, so "programming" does not match "program" (a city's
 * programs are not programming). Not a stemmer: derivations (-er, -al, -tion) stay apart.
 */
export function isInflectionOf(token: string, word: string): boolean {
	return token === word || inflectionStem(token) === wordStem(word);
}

/** A token with one inflectional suffix removed and its ending normalised (compare with wordStem). */
export function inflectionStem(token: string): string {
	let w = token;
	if (w.length > 4 && (w.endsWith('ies') || w.endsWith('ied'))) w = `${w.slice(0, -3)}y`;
	else if (w.length > 4 && /(?:s|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
	else if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
	else if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
	else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
	return wordStem(w);
}

/** A listed word's ending normalised, so that code/cod(ing) and stop/stopp(ed) meet. */
export function wordStem(word: string): string {
	let w = word;
	// stopp(ed) → stop; ll/ss/ff/zz are doubled in base words too (call, pass).
	if (/([bcdfghjkmnprtvwx])\1$/.test(w)) w = w.slice(0, -1);
	// cod(e) / cod(ing): the silent e goes either way.
	if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
	return w;
}
