/** Words for analysis: lower-cased, apostrophes unified, possessive `'s` dropped. */

const SEGMENTED = new Set(['ja', 'zh', 'th', 'lo', 'km', 'my']);

export function tokenize(text: string, language: string | undefined): string[] {
	const code = language?.toLowerCase().split(/[-_]/)[0];
	const normalized = text.replace(/[’‘]/g, "'");
	const raw = code && SEGMENTED.has(code) ? segmentWords(normalized, code) : (normalized.match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}'-]*/gu) ?? []);
	const out: string[] = [];
	for (const token of raw) {
		let t = code ? token.toLocaleLowerCase(code) : token.toLowerCase();
		if (t.endsWith("'s")) t = t.slice(0, -2);
		t = trimMarks(t);
		if (t) out.push(t);
	}
	return out;
}

function trimMarks(t: string): string {
	let a = 0;
	let b = t.length;
	while (a < b && (t[a] === "'" || t[a] === '-')) a++;
	while (b > a && (t[b - 1] === "'" || t[b - 1] === '-')) b--;
	return a === 0 && b === t.length ? t : t.slice(a, b);
}

/** Scripts written without spaces need a dictionary segmenter: ICU's, through Intl.Segmenter. */
function segmentWords(text: string, code: string): string[] {
	const segmenter = new Intl.Segmenter(code, { granularity: 'word' });
	const out: string[] = [];
	for (const s of segmenter.segment(text)) if (s.isWordLike) out.push(s.segment);
	return out;
}

/** A token worth counting as a keyword: not a stop word, not a number, long enough for its script. */
export function isContentWord(token: string, stop: ReadonlySet<string> | undefined): boolean {
	if (stop?.has(token)) return false;
	if (/^[\p{N}.,'-]+$/u.test(token)) return false;
	const cjk = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(token);
	if (!cjk) return token.length >= 3;
	// Japanese content words carry kanji or katakana; all-hiragana tokens are particles and endings.
	return token.length >= 2 && !/^[\u3040-\u309f]+$/.test(token);
}
