import { SOUND_WORDS } from './annotations';
import type { TimedLine } from './types';

/** Words that start explanatory lines ("Note: …") rather than name a speaker. */
const NOT_NAMES = new Set(
	'note example question answer step chapter warning tip remember update edit source translation subtitles captions http https'.split(' '),
);

const GENERIC = /^(?:speaker|spk|person|participant|guest|host|interviewer|interviewee|narrator|moderator|voice)(?:[ _-]?\d+)?$/i;
const PARTICLES = new Set('van von de da del der di du la le bin al el y dos das ten ter'.split(' '));

interface Label {
	name: string;
	rest: string;
	/** `NAME:` with a single word, which must recur in the file to count. */
	needsRepeat: boolean;
}

/**
 * Speaker labels and turns. Sources: WebVTT `<v Name>` (already on the line), `>>` speaker-change
 * marks (anywhere in a line: rolling captions wrap mid-sentence), `NAME:` / `[Name]:` at line start,
 * and Netflix-style `[Name] text`. Labels leave the text; lines without one continue the current turn.
 * Names without a colon ("Tim Davis There are…") are indistinguishable from text and stay text.
 */
export function assignSpeakers(lines: TimedLine[]): TimedLine[] {
	const parts = splitAtChangeMarks(lines);
	const labels = parts.map((l) => findLabel(l.text));
	const counts = new Map<string, number>();
	for (const label of labels) {
		if (label?.needsRepeat) counts.set(label.name, (counts.get(label.name) ?? 0) + 1);
	}

	const out: TimedLine[] = [];
	let current: string | undefined;
	let pendingTurn = false;
	for (let i = 0; i < parts.length; i++) {
		const line = parts[i];
		let label = labels[i];
		if (label?.needsRepeat && (counts.get(label.name) ?? 0) < 2) label = undefined;
		let name = label?.name ?? line.speaker;
		let turnStart: boolean = line.turnStart === true || pendingTurn;
		pendingTurn = false;
		if (name !== undefined && name !== current) turnStart = true;
		if (name === undefined && line.turnStart) current = undefined;
		if (name === undefined) name = current;
		current = name;
		const text = label ? label.rest : line.text;
		if (text.length === 0) {
			// A label alone on its line names whoever speaks in the next lines.
			pendingTurn = turnStart;
			continue;
		}
		if (text === line.text && name === line.speaker && turnStart === (line.turnStart === true)) {
			out.push(line);
			continue;
		}
		const next: TimedLine = { text, start: line.start, end: line.end, cue: line.cue };
		if (name !== undefined) next.speaker = name;
		if (turnStart) next.turnStart = true;
		out.push(next);
	}
	return out;
}

/** `>>` at the start of a line or after a space starts a new turn (US broadcast and YouTube style). */
function splitAtChangeMarks(lines: TimedLine[]): TimedLine[] {
	const out: TimedLine[] = [];
	for (const line of lines) {
		const text = line.text;
		if (text.indexOf('>>') === -1) {
			out.push(line);
			continue;
		}
		let from = 0;
		let turn = line.turnStart === true;
		let search = 0;
		let base = line;
		for (;;) {
			const at = text.indexOf('>>', search);
			if (at !== -1 && at > 0 && text.charCodeAt(at - 1) !== 0x20) {
				search = at + 2;
				continue;
			}
			const piece = text.slice(from, at === -1 ? text.length : at).trim();
			if (piece || turn) out.push(turn ? { ...base, text: piece, turnStart: true } : { ...base, text: piece });
			if (at === -1) break;
			let after = at + 2;
			while (text.charCodeAt(after) === 0x3e /* > */) after++;
			from = after;
			search = after;
			turn = true;
			// After a change mark the `<v>` voice of the line no longer applies.
			base = { text: '', start: line.start, end: line.end, cue: line.cue };
		}
	}
	return out.filter((l) => l.text.length > 0 || l.turnStart);
}

function findLabel(line: string): Label | undefined {
	// A dialogue dash may come first: "- [Ángeles] No, no…", "- JOHN: Hi."; the label replaces it.
	const dash = line.charCodeAt(0) === 0x2d || line.charCodeAt(0) === 0x2013 ? (line.charCodeAt(1) === 0x20 ? 2 : 1) : 0;
	const text = dash > 0 ? line.slice(dash) : line;
	if (text.charCodeAt(0) === 0x5b /* [ */) return bracketLabel(text);
	const colon = text.indexOf(':');
	if (colon <= 0 || colon > 48) return undefined;
	const after = text.charCodeAt(colon + 1);
	if (!Number.isNaN(after) && after !== 0x20) return undefined;
	const name = text.slice(0, colon).trim();
	const kind = nameKind(name);
	if (!kind) return undefined;
	return { name, rest: text.slice(colon + 1).trim(), needsRepeat: kind === 'single' };
}

/** `[SPEAKER_00]: text`, `[Alba] text`; a bracket alone on its line is an annotation. */
function bracketLabel(text: string): Label | undefined {
	const close = text.indexOf(']');
	if (close <= 1 || close > 48) return undefined;
	const name = text.slice(1, close).trim();
	let restAt = close + 1;
	const colon = text.charCodeAt(restAt) === 0x3a;
	if (colon) restAt++;
	const rest = text.slice(restAt).trim();
	if (!colon && rest.length === 0) return undefined;
	if (SOUND_WORDS.has(name.toLowerCase())) return undefined;
	const kind = nameKind(name);
	if (!kind) return undefined;
	return { name, rest, needsRepeat: false };
}

/** 'single' for one capitalised word (trusted only when it recurs), 'name' for names, else undefined. */
function nameKind(name: string): 'name' | 'single' | undefined {
	if (name.length === 0 || name.length > 40) return undefined;
	if (GENERIC.test(name)) return 'name';
	const tokens = name.split(' ');
	if (tokens.length > 4) return undefined;
	if (NOT_NAMES.has(tokens[0].toLowerCase())) return undefined;
	for (let i = 0; i < tokens.length; i++) {
		const t = tokens[i];
		if (i > 0 && PARTICLES.has(t)) continue;
		// "Neil deGrasse Tyson": a lower-case start is fine once a capital follows.
		if (!/^\p{Ll}{0,3}\p{Lu}[\p{L}\p{M}'’.-]*$/u.test(t)) return undefined;
	}
	if (tokens.length > 1) return 'name';
	return /^\p{Lu}{2,}$/u.test(name) ? 'name' : 'single';
}
