import type { ParsedCaptions, RawCue } from './types';
import type { Warnings } from './warnings';
import { localName, scanXml } from './xml';

/**
 * YouTube's legacy timedtext (`<transcript><text start dur>`), as youtube-transcript-api fetches it.
 * Its text is HTML escaped once more (`&lt;i>`), so after XML decoding it is cleaned as HTML.
 */
export function parseSrv1(xml: string, warnings: Warnings, onCue?: (cue: RawCue) => void): ParsedCaptions {
	const cues: RawCue[] = [];
	const emit = onCue ?? ((cue: RawCue) => cues.push(cue));
	let cur: RawCue | null = null;
	scanXml(
		xml,
		{
			open(name, attrs, line) {
				if (localName(name) !== 'text') return;
				const start = seconds(attrs.get('start'));
				if (start === undefined) warnings.add('no-time', 'a <text> without a readable start time', line);
				const s = start ?? 0;
				cur = { start: s, end: s + (seconds(attrs.get('dur')) ?? 0), text: '', line };
			},
			close(name) {
				if (localName(name) !== 'text' || !cur) return;
				if (cur.text.trim()) emit(cur);
				cur = null;
			},
			text(text) {
				if (cur) cur.text += text;
			},
		},
		warnings,
	);
	return { format: 'srv1', cues, meta: {} };
}

function seconds(value: string | undefined): number | undefined {
	if (value === undefined || !/^\s*\d+(?:\.\d+)?\s*$/.test(value)) return undefined;
	return Number(value);
}
