import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_PARAGRAPH_MIN_WORDS, DEFAULT_PARAGRAPH_PAUSE_SECONDS, type ConvertOptions, type OutputFormat } from '../../lib';

export const outputFormatProperty: INodeProperties = {
	displayName: 'Output Format',
	name: 'outputFormat',
	type: 'options',
	default: 'markdown',
	options: [
		{ name: 'JSON Segments', value: 'json', description: '[{ start, end, speaker, text }]' },
		{ name: 'Markdown', value: 'markdown', description: 'Paragraphs, speakers in bold, optional title and timestamps' },
		{ name: 'Plain Text', value: 'text' },
		{ name: 'SRT', value: 'srt', description: 'Clean cues (no rolling duplicates, no tags)' },
		{ name: 'WebVTT', value: 'vtt', description: 'Clean cues (no rolling duplicates, no tags)' },
	],
};

/** Options of the transcript pipeline, shared by Extract Transcript and Convert Transcript. */
export const transcriptOptionsCollection: INodeProperties = {
	displayName: 'Transcript Options',
	name: 'transcriptOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Input Format',
			name: 'format',
			type: 'options',
			default: 'auto',
			options: [
				{ name: 'Detect From Content', value: 'auto' },
				{ name: 'Plain Text', value: 'txt', description: 'One transcript line per line; NAME: labels and [hh:mm:ss] prefixes are read' },
				{ name: 'SRT', value: 'srt' },
				{ name: 'TTML / DFXP', value: 'ttml' },
				{ name: 'WebVTT', value: 'vtt' },
				{ name: 'YouTube JSON3', value: 'json3' },
				{ name: 'YouTube SRV1', value: 'srv1' },
				{ name: 'YouTube SRV3', value: 'srv3' },
			],
		},
		{ displayName: 'Keep Sound Annotations', name: 'keepSoundAnnotations', type: 'boolean', default: true, description: 'Whether to keep annotations like [Music] or [Applause]' },
		{ displayName: 'Language', name: 'language', type: 'string', default: '', placeholder: 'en', description: 'Language of the text when the file does not say (for sentence rules and stop words)' },
		{ displayName: 'Paragraph Min Words', name: 'paragraphMinWords', type: 'number', typeOptions: { minValue: 1 }, default: DEFAULT_PARAGRAPH_MIN_WORDS, description: 'A paragraph has at least this many words unless a speaker changes or a long pause intervenes' },
		{ displayName: 'Paragraph Pause (Seconds)', name: 'paragraphPauseSeconds', type: 'number', typeOptions: { minValue: 0 }, default: DEFAULT_PARAGRAPH_PAUSE_SECONDS, description: 'A silence this long starts a new paragraph' },
		{ displayName: 'Preserve Speaker Labels', name: 'preserveSpeakerLabels', type: 'boolean', default: true, description: 'Whether to write speaker names (from &lt;v&gt;, &gt;&gt; and NAME: labels)' },
		{
			displayName: 'Remove Rolling Duplicates',
			name: 'dedupe',
			type: 'options',
			default: 'auto',
			options: [
				{ name: 'When the File Shows Them', value: 'auto', description: 'Auto-generated captions repeat each line: removed; manual repeats stay' },
				{ name: 'Always', value: 'always' },
				{ name: 'Never', value: 'never' },
			],
		},
		{ displayName: 'Timestamps', name: 'timestamps', type: 'boolean', default: false, description: 'Whether to start each Markdown/text paragraph with [hh:mm:ss]' },
		{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'Markdown title (Extract Transcript uses the media title when empty)' },
	],
};

/**
 * Extract Transcript's Transcript Options (node version 1.1): no Input Format (the node fetched the file and knows
 * its format) and no Language (the caption language chosen above is the text's language). Version 1 keeps the
 * full collection, so its saved workflows keep their values.
 */
export const fetchedTranscriptOptionsCollections: INodeProperties[] = [
	{ ...transcriptOptionsCollection, displayOptions: { show: { '@version': [1] } } },
	{
		...transcriptOptionsCollection,
		options: (transcriptOptionsCollection.options as INodeProperties[]).filter((o) => o.name !== 'format' && o.name !== 'language'),
		displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
	},
];

export function readTranscriptOptions(ctx: IExecuteFunctions, itemIndex: number): ConvertOptions {
	const raw = ctx.getNodeParameter('transcriptOptions', itemIndex, {}) as IDataObject;
	const options: ConvertOptions = {};
	for (const [key, value] of Object.entries(raw)) {
		if (value === '' || value === undefined) continue;
		(options as Record<string, unknown>)[key] = value;
	}
	return options;
}

export const MIME_BY_FORMAT: Record<OutputFormat, { mime: string; ext: string }> = {
	markdown: { mime: 'text/markdown', ext: 'md' },
	text: { mime: 'text/plain', ext: 'txt' },
	srt: { mime: 'application/x-subrip', ext: 'srt' },
	vtt: { mime: 'text/vtt', ext: 'vtt' },
	json: { mime: 'application/json', ext: 'json' },
};
