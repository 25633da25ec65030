import { formatHms } from './timestamps';
import type { RenderOptions, Transcript } from './types';

/** Plain text: paragraphs separated by a blank line, `Name: ` at each turn, optional `[hh:mm:ss]`. */
export function renderText(t: Transcript, opts: RenderOptions = {}): string {
	const labels = opts.preserveSpeakerLabels !== false;
	const blocks: string[] = [];
	const stamps = opts.timestamps === true && !t.untimed;
	if (opts.title) blocks.push(opts.title);
	for (const p of t.paragraphs) {
		let prefix = stamps ? `[${formatHms(p.start)}] ` : '';
		if (labels && p.speaker && p.turnStart) prefix += `${p.speaker}: `;
		blocks.push(prefix + p.text);
	}
	return blocks.length > 0 ? blocks.join('\n\n') + '\n' : '';
}
