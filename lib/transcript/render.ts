import { renderJson } from './renderJson';
import { renderMarkdown } from './renderMarkdown';
import { renderSrt, renderVtt } from './renderSubtitles';
import { renderText } from './renderText';
import type { OutputFormat, RenderOptions, Transcript } from './types';

const RENDERERS: Record<OutputFormat, (t: Transcript, opts: RenderOptions) => string> = {
	markdown: renderMarkdown,
	text: renderText,
	srt: renderSrt,
	vtt: renderVtt,
	json: renderJson,
};

export function renderTranscript(t: Transcript, to: OutputFormat, opts: RenderOptions = {}): string {
	const render = RENDERERS[to];
	if (!render) throw new Error(`Unknown output format "${String(to)}": use markdown, text, srt, vtt or json.`);
	return render(t, opts);
}
