import { TranscriptError } from './errors';
import { formatClock } from './timestamps';
import type { Cue, RenderOptions, Transcript } from './types';

/**
 * Clean SRT and WebVTT from the deduplicated segments. Own formatting rather than `subtitle`'s
 * stringifySync: its timestamps go through a local-time Date and wrap after 24 hours, and live
 * streams run longer than that.
 */
export function renderSrt(t: Transcript, opts: RenderOptions = {}): string {
	refuseUntimed(t, 'SRT');
	const labels = opts.preserveSpeakerLabels !== false;
	const blocks: string[] = [];
	let previous: string | undefined;
	for (const cue of t.segments) {
		let text = cue.text;
		if (labels && cue.speaker && cue.speaker !== previous) text = `${cue.speaker}: ${text}`;
		previous = cue.speaker;
		blocks.push(`${blocks.length + 1}\n${timing(cue, ',')}\n${text}`);
	}
	return blocks.length > 0 ? blocks.join('\n\n') + '\n' : '';
}

export function renderVtt(t: Transcript, opts: RenderOptions = {}): string {
	refuseUntimed(t, 'WebVTT');
	const labels = opts.preserveSpeakerLabels !== false;
	const lines = ['WEBVTT'];
	if (t.language) lines.push(`Language: ${t.language}`);
	let out = lines.join('\n') + '\n';
	for (const cue of t.segments) {
		const text = escapeVtt(cue.text);
		const voice = labels && cue.speaker ? `<v ${escapeVtt(cue.speaker)}>` : '';
		out += `\n${timing(cue, '.')}\n${voice}${text}\n`;
	}
	return out;
}

/** Subtitles need times; made-up ones (every cue at 00:00:00) would show all text at once. */
function refuseUntimed(t: Transcript, what: string): void {
	if (t.untimed)
		throw new TranscriptError('no-times', `this plain text has no times, so it cannot become ${what}: convert it to Markdown, text or JSON, or give its lines [hh:mm:ss] times.`);
}

function timing(cue: Cue, mark: '.' | ','): string {
	return `${formatClock(cue.start, mark)} --> ${formatClock(Math.max(cue.start, cue.end), mark)}`;
}

function escapeVtt(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
