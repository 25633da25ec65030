import type { CaptionMeta, ParsedCaptions, RawCue } from './types';
import type { Warnings } from './warnings';

/** `[hh:mm:ss]` or `[mm:ss]` (also in parentheses) leading a line: our own timestamps, and many tools'. */
const STAMP = /^[[(](\d{1,3}(?::\d{1,2}){1,2}(?:[.,]\d+)?)[\])][ \t]*/;
/** A line that is only a time, as YouTube's "Show transcript" panel copies: `0:05`, `1:02:03`. */
const BARE_CLOCK = /^\d{1,3}(?::\d\d){1,2}(?:[.,]\d+)?$/;
/** `**Name:**`, the speaker label of our Markdown. */
const BOLD_LABEL = /^\*\*([^*\n]{1,60}?):\*\*(?:[ \t]+|$)/;
const HEADING = /^#{1,6}[ \t]+(\S.*)$/;
/** A backslash escape as our Markdown writes them (CommonMark's escapable punctuation). */
const MARKDOWN_ESCAPE = /\\([\\`*_{}[\]()#+\-.!<>&|~=])/g;

/**
 * Plain text: every non-empty line is a line of the transcript, without times. Speaker labels
 * (`NAME:`, `[Name]`, `>>`) are left on the line for speakers.ts, as for captions. Our own text and
 * Markdown output reads back: a leading `# title` (and `**Source:**` line) becomes the title,
 * `**Name:**` names the speaker, `[hh:mm:ss]` prefixes and lines that are only a time give the lines
 * after them that time, and Markdown escapes are removed. Text without any time is marked `untimed`.
 */
export function parseTxt(text: string, _warnings: Warnings, onCue: (cue: RawCue) => void): ParsedCaptions {
	const meta: CaptionMeta = {};
	let time = 0;
	let timed = false;
	// Lines after a time wait for the next time, which is where they end.
	let pending: RawCue[] = [];
	let header = true;
	let labelled: string | undefined;
	let lineNo = 0;

	const flush = (end: number): void => {
		for (const cue of pending) {
			cue.end = Math.max(cue.start, end);
			onCue(cue);
		}
		pending = [];
	};
	const setTime = (seconds: number): void => {
		flush(seconds);
		time = seconds;
		timed = true;
	};

	for (let pos = 0; pos <= text.length; ) {
		let nl = text.indexOf('\n', pos);
		if (nl === -1) nl = text.length;
		lineNo++;
		let line = text.slice(pos, nl).trim();
		pos = nl + 1;
		if (line.length === 0) continue;
		if (header) {
			const heading = HEADING.exec(line);
			if (heading && meta.title === undefined) {
				meta.title = unescape(heading[1].trim());
				continue;
			}
			if (meta.title !== undefined && line.startsWith('**Source:**')) continue;
			header = false;
		}
		if (BARE_CLOCK.test(line)) {
			setTime(clockSeconds(line));
			continue;
		}
		const stamp = STAMP.exec(line);
		if (stamp) {
			setTime(clockSeconds(stamp[1]));
			line = line.slice(stamp[0].length);
		}
		const bold = BOLD_LABEL.exec(line);
		if (bold) {
			labelled = unescape(bold[1].trim());
			line = line.slice(bold[0].length);
		}
		line = unescape(line);
		if (line.length === 0) continue;
		const cue: RawCue = { start: time, end: time, text: line, line: lineNo };
		if (labelled !== undefined) {
			cue.speaker = labelled;
			labelled = undefined;
		}
		if (timed) pending.push(cue);
		else onCue(cue);
	}
	flush(time);
	if (!timed) meta.untimed = true;
	return { format: 'txt', cues: [], meta };
}

function unescape(s: string): string {
	return s.indexOf('\\') === -1 ? s : s.replace(MARKDOWN_ESCAPE, '$1');
}

/** `h:mm:ss`, `mm:ss` or `ss` with an optional fraction → seconds. */
function clockSeconds(clock: string): number {
	let total = 0;
	for (const part of clock.replace(',', '.').split(':')) total = total * 60 + Number(part);
	return total;
}
