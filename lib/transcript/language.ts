import { stopWordLanguages, stopWordsFor } from './stopwords';

/**
 * The language of a text when its file does not say: the script first (CJK, Hangul, Arabic,
 * Cyrillic…), then, for Latin text, whose Snowball stop words cover the most tokens.
 */
export function detectLanguage(text: string): string | undefined {
	const sample = text.slice(0, 20000);
	const script = dominantScript(sample);
	if (script) return script;
	const tokens = sample.toLowerCase().match(/[\p{L}']+/gu) ?? [];
	if (tokens.length < 5) return undefined;
	let best: string | undefined;
	let bestHits = 0;
	for (const code of stopWordLanguages()) {
		if (code === 'nb') continue;
		const stop = stopWordsFor(code);
		if (!stop) continue;
		let hits = 0;
		for (const t of tokens) if (stop.has(t)) hits++;
		if (hits > bestHits) {
			best = code;
			bestHits = hits;
		}
	}
	return bestHits >= tokens.length * 0.15 ? best : undefined;
}

function dominantScript(sample: string): string | undefined {
	let letters = 0;
	let han = 0;
	let kana = 0;
	let hangul = 0;
	let arabic = 0;
	let cyrillic = 0;
	let hebrew = 0;
	let thai = 0;
	for (const ch of sample) {
		const c = ch.codePointAt(0) ?? 0;
		if (c < 0x41) continue;
		if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) han++;
		else if (c >= 0x3040 && c <= 0x30ff) kana++;
		else if ((c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff)) hangul++;
		else if (c >= 0x0600 && c <= 0x06ff) arabic++;
		else if (c >= 0x0400 && c <= 0x04ff) cyrillic++;
		else if (c >= 0x0590 && c <= 0x05ff) hebrew++;
		else if (c >= 0x0e00 && c <= 0x0e7f) thai++;
		else if (!/\p{L}/u.test(ch)) continue;
		letters++;
	}
	if (letters === 0) return undefined;
	const share = (n: number) => n / letters > 0.3;
	if (share(kana) || (share(han + kana) && kana > 0)) return 'ja';
	if (share(han)) return 'zh';
	if (share(hangul)) return 'ko';
	if (share(arabic)) return 'ar';
	if (share(hebrew)) return 'he';
	if (share(thai)) return 'th';
	// Cyrillic: Russian is the only Cyrillic list; other languages get no stop words.
	if (share(cyrillic)) return 'ru';
	return undefined;
}
