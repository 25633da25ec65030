import { escapeMarkdown } from './markdownEscape';
import { formatHms } from './timestamps';
import type { RenderOptions, Transcript } from './types';

/**
 * Markdown: optional `# title` and source line, then one paragraph per block, each optionally led by
 * `[hh:mm:ss]` and, on the first paragraph of a speaker turn, the speaker in bold.
 */
export function renderMarkdown(t: Transcript, opts: RenderOptions = {}): string {
	const blocks: string[] = [];
	if (opts.title) blocks.push(`# ${escapeMarkdown(oneLine(opts.title), false)}`);
	if (opts.source) blocks.push(`**Source:** ${escapeMarkdown(oneLine(opts.source), false)}`);
	const labels = opts.preserveSpeakerLabels !== false;
	const stamps = opts.timestamps === true && !t.untimed;
	for (const p of t.paragraphs) {
		let prefix = stamps ? `[${formatHms(p.start)}] ` : '';
		if (labels && p.speaker && p.turnStart) prefix += `**${escapeMarkdown(p.speaker, false)}:** `;
		blocks.push(prefix + escapeMarkdown(p.text, prefix.length === 0));
	}
	return blocks.length > 0 ? blocks.join('\n\n') + '\n' : '';
}

function oneLine(s: string): string {
	return s.replace(/\s+/g, ' ').trim();
}
