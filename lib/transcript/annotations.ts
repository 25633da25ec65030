import type { TimedLine } from './types';

/** Words of non-speech annotations, in the languages captions most often use. */
export const SOUND_WORDS = new Set(
	(
		'music applause laughter laughs laughing cheering cheers clapping silence inaudible indistinct noise ' +
		'sound sounds sighs sigh crosstalk background foreign singing chuckles chuckling coughs coughing gasps ' +
		'groans screams screaming whistling bell beep intro outro theme pause blank_audio no_speech sfx ' +
		'snorts sniffs crying cries applauding booing murmuring ' +
		'música aplausos risas musique applaudissements rires musik applaus lachen musica applausi risate'
	).split(' '),
);

const BRACKETS = /\[[^[\]\n]*\]/g;
const PARENS = /\(([^()\n]*)\)/g;

/**
 * Sound annotations: every `[...]` except YouTube's `[ __ ]` profanity mask (a spoken word), and
 * `(...)` only when it is ALL CAPS or a sound word, since speech uses parentheses too.
 * Kept: in auto-generated captions (`collapseRepeats`), runs of the same annotation-only line
 * collapse to one (json3 repeats `[music]` per window); manual captions keep theirs (a phone that
 * rings twice is `[teléfono]` twice).
 * Dropped: removed from the text; lines left empty go, passing their turn start on.
 */
export function handleAnnotations(lines: TimedLine[], keep: boolean, collapseRepeats: boolean): TimedLine[] {
	const out: TimedLine[] = [];
	let carryTurn = false;
	for (const line of lines) {
		if (keep) {
			const prev = out[out.length - 1];
			if (
				collapseRepeats &&
				prev &&
				prev.speaker === line.speaker &&
				!line.turnStart &&
				sameText(prev.text, line.text) &&
				isAnnotationOnly(line.text)
			) {
				prev.end = Math.max(prev.end, line.end);
				continue;
			}
			out.push(line);
			continue;
		}
		const text = removeAnnotations(line.text);
		if (text.length === 0) {
			carryTurn = carryTurn || line.turnStart === true;
			continue;
		}
		const next: TimedLine = { ...line, text };
		if (carryTurn) next.turnStart = true;
		carryTurn = false;
		out.push(next);
	}
	return out;
}

export function removeAnnotations(text: string): string {
	if (text.indexOf('[') === -1 && text.indexOf('(') === -1) return text;
	const removed = text
		.replace(BRACKETS, (m) => (isProfanityMask(m) ? m : ' '))
		.replace(PARENS, (m, inner: string) => (isSoundParen(inner) ? ' ' : m));
	if (removed === text) return text;
	return removed
		.replace(/ {2,}/g, ' ')
		.replace(/ ([,.!?;:])/g, '$1')
		.trim();
}

export function isAnnotationOnly(text: string): boolean {
	return text.length > 0 && removeAnnotations(text).length === 0;
}

function isProfanityMask(m: string): boolean {
	return /^\[\s*_+\s*\]$/.test(m);
}

function isSoundParen(inner: string): boolean {
	const t = inner.trim();
	if (t.length === 0) return false;
	if (/^[\p{Lu}][\p{Lu} '-]{2,}$/u.test(t)) return true;
	return SOUND_WORDS.has(t.split(' ')[0].toLowerCase());
}

function sameText(a: string, b: string): boolean {
	return a.length === b.length && (a === b || a.toLowerCase() === b.toLowerCase());
}
