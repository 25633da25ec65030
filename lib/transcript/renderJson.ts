import type { RenderOptions, Transcript } from './types';
import { joinSeparator } from './words';

/** JSON segments `{ start, end, speaker, text }`, one per line: times in seconds (null for plain text without times), speaker or null. */
export function renderJson(t: Transcript, opts: RenderOptions = {}): string {
	const labels = opts.preserveSpeakerLabels !== false;
	const rows = t.segments.map((cue) =>
		JSON.stringify({
			start: t.untimed ? null : round(cue.start),
			end: t.untimed ? null : round(cue.end),
			speaker: labels && cue.speaker ? cue.speaker : null,
			text: flatten(cue.text),
		}),
	);
	return rows.length > 0 ? `[\n${rows.join(',\n')}\n]\n` : '[]\n';
}

function round(seconds: number): number {
	return Math.round(seconds * 1000) / 1000;
}

function flatten(text: string): string {
	if (text.indexOf('\n') === -1) return text;
	let out = '';
	for (const line of text.split('\n')) out += joinSeparator(out, line) + line;
	return out;
}
