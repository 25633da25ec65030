import { TranscriptError } from './errors';
import type { ParsedCaptions, RawCue } from './types';
import type { Warnings } from './warnings';

/**
 * YouTube json3: `events` with `tStartMs`/`dDurationMs` and `segs` of `utf8` text (words carry their
 * own spaces). Window-setup events have no `segs`; `aAppend` events only add a line break. Each word
 * appears once, so json3 never needs rolling dedupe.
 */
export function parseJson3(text: string, warnings: Warnings, onCue?: (cue: RawCue) => void): ParsedCaptions {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (err) {
		throw new TranscriptError('bad-json', `this is not valid JSON (${(err as Error).message.slice(0, 120)})`, jsonErrorLine(text, err));
	}
	const events = isObject(data) ? data.events : undefined;
	if (!Array.isArray(events)) throw new TranscriptError('bad-json', 'this JSON has no "events" list, so it is not YouTube json3.', 1);

	const cues: RawCue[] = [];
	const emit = onCue ?? ((cue: RawCue) => cues.push(cue));
	for (const event of events) {
		if (!isObject(event) || !Array.isArray(event.segs)) continue;
		let cueText = '';
		for (const seg of event.segs) {
			if (isObject(seg) && typeof seg.utf8 === 'string') cueText += seg.utf8;
		}
		if (cueText.trim() === '') continue;
		const start = Number(event.tStartMs) / 1000;
		if (!Number.isFinite(start)) {
			warnings.add('no-time', 'an event without a readable tStartMs was skipped');
			continue;
		}
		const duration = Number(event.dDurationMs ?? 0) / 1000;
		emit({ start, end: start + (Number.isFinite(duration) ? duration : 0), text: cueText, line: 0 });
	}
	return { format: 'json3', cues, meta: {} };
}

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null;
}

/** V8 reports "(line N column M)" or "at position N"; turn either into a line. */
function jsonErrorLine(text: string, err: unknown): number | undefined {
	const message = err instanceof Error ? err.message : '';
	const line = /\(line (\d+) column \d+\)/.exec(message);
	if (line) return Number(line[1]);
	const pos = /position (\d+)/.exec(message);
	if (!pos) return undefined;
	const at = Math.min(Number(pos[1]), text.length);
	let n = 1;
	for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) n++;
	return n;
}
