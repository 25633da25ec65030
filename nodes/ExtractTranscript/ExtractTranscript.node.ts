import path from 'node:path';

import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { chooseCaptions, expandHome, extractTranscript, getInfoOutcomes, n8nDefaultOutputDir, noCaptionsError, type CaptionFormatChoice, type CaptionPriority, type MediaInfo, type OutputFormat, type TranscriptFetchOptions } from '../../lib';
import { mimeTypeOf } from '../shared/mime';
import { mediaSiteMethods, urlProperty } from '../shared/commonProperties';
import { n8nPathCheck } from '../shared/fileAccess';
import { runBatchedItems } from '../shared/batchedItems';
import { batchInfoOptions, readBatchInfoSettings } from '../shared/infoOptions';
import { authenticationProperties, SITE_AUTH_DEFAULT_VERSION, SITE_AUTH_VERSIONS } from '../shared/authentication';
import { getSiteAuth } from '../shared/siteAuth';
import { choiceSubtitle } from '../shared/subtitle';
import { withToolDefault } from '../shared/toolDefaults';
import { fetchedTranscriptOptionsCollections, outputFormatProperty, readTranscriptOptions } from '../shared/transcriptOptions';

export class ExtractTranscript implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Extract Transcript',
		name: 'extractTranscript',
		icon: { light: 'file:extractTranscript.svg', dark: 'file:extractTranscript.dark.svg' },
		group: ['input'],
		version: SITE_AUTH_VERSIONS,
		defaultVersion: SITE_AUTH_DEFAULT_VERSION,
		subtitle: choiceSubtitle([outputFormatProperty], 'outputFormat'),
		description: 'Fetch the captions of a video in your language order as clean Markdown, text, SRT, VTT or JSON',
		defaults: { name: 'Extract Transcript' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Literal here: the lint rule that requires a credential test reads testedBy in the node file.
		credentials: [{ name: 'mediaSiteAuth', required: false, testedBy: 'mediaSiteAuthTest', displayOptions: { hide: { authentication: ['none'] } } }],
		properties: [
			...authenticationProperties(),
			urlProperty,
			{ displayName: 'Languages', name: 'languages', type: 'string', default: 'en', placeholder: 'en,de', description: 'Caption languages in priority order, comma-separated; en also matches en-US, and patterns like en.* work' },
			{ displayName: 'Include Automatic Captions', name: 'includeAutomatic', type: 'boolean', default: true, description: 'Whether machine-made captions may be used when a language has no captions written by a person' },
			{
				displayName: 'Which Captions Win',
				name: 'captionPriority',
				type: 'options',
				default: 'language',
				displayOptions: { show: { includeAutomatic: [true] } },
				options: [
					{ name: 'Language Order', value: 'language', description: 'First language: its manual captions, else its automatic ones; then the next language' },
					{ name: 'Manual Captions First', value: 'manual', description: 'Manual captions in any listed language before automatic captions in the first' },
				],
				description: 'With languages "en, es", only automatic English and manual Spanish: Language Order takes the English, Manual Captions First the Spanish',
			},
			{
				displayName: 'Caption Format to Fetch',
				name: 'captionFormat',
				type: 'options',
				default: 'auto',
				options: [
					{ name: 'Best for Text', value: 'auto', description: "YouTube's own formats when offered (each word once, nothing to de-duplicate), else WebVTT" },
					{ name: 'SRT', value: 'srt' },
					{ name: 'TTML', value: 'ttml' },
					{ name: 'WebVTT', value: 'vtt' },
					{ name: "Whatever the Site Offers First", value: 'best' },
					{ name: 'YouTube JSON3', value: 'json3' },
					{ name: 'YouTube SRV3', value: 'srv3' },
				],
				description: 'Which caption file to download when the site offers several formats',
			},
			outputFormatProperty,
			// As an AI Agent's tool the answer is JSON: n8n drops binary data from it (with a warning each time).
			...withToolDefault({ displayName: 'Attach Caption File', name: 'attachCaptionFile', type: 'boolean', default: true, description: 'Whether the original caption file is added as binary data' }, false),
			{ displayName: 'Put Caption File in Field', name: 'binaryPropertyName', type: 'string', default: 'data', displayOptions: { show: { attachCaptionFile: [true] } } },
			{
				displayName: 'When No Captions Match',
				name: 'whenNone',
				type: 'options',
				default: 'error',
				options: [
					{ name: 'Fail the Item', value: 'error', description: 'Stop with an error that lists the caption languages the video has' },
					{ name: 'Return an Empty Result', value: 'empty', description: 'Output the item with empty text and the languages the video has, so the workflow goes on' },
				],
				description: 'What happens when the video has no captions in the languages you listed',
			},
			{ displayName: 'Caption Folder', name: 'outputDir', type: 'string', default: '', placeholder: '~/.n8n-files/media-downloader/transcripts', description: 'Where caption files are saved; empty: transcripts/ in the default download folder' },
			...fetchedTranscriptOptionsCollections,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: batchInfoOptions,
			},
		],
	};

	methods = mediaSiteMethods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const auth = await getSiteAuth(this);
		const checkPath = n8nPathCheck(this);
		const signal = this.getExecutionCancelSignal();
		// Which captions exist: one yt-dlp process per batch of URLs, then one caption download per item.
		return [
			await runBatchedItems(this, {
				read: (i) => ({ url: this.getNodeParameter('url', i) as string, settings: readBatchInfoSettings(this, i) }),
				fetch: (urls, settings) => getInfoOutcomes(urls, { ...settings, noPlaylist: true, auth, signal, checkLocalPath: checkPath }),
				toItems: async (i, info) => [await transcriptItem(this, i, info, { ...readBatchInfoSettings(this, i), auth, signal, checkLocalPath: checkPath })],
			}),
		];
	}
}

type SharedOptions = Pick<TranscriptFetchOptions, 'batchSize' | 'maxRetries' | 'timeoutMs' | 'allowLocalFiles' | 'auth' | 'signal' | 'checkLocalPath'>;

/** The languages in priority order, whether automatic captions may be used, and which captions win. */
export function readCaptionSelection(ctx: IExecuteFunctions, i: number): Required<Pick<TranscriptFetchOptions, 'languages' | 'auto' | 'priority'>> {
	const languages = (ctx.getNodeParameter('languages', i, 'en') as string).split(',').map((s) => s.trim()).filter(Boolean);
	const auto = ctx.getNodeParameter('includeAutomatic', i, true) as boolean;
	const priority = auto ? (ctx.getNodeParameter('captionPriority', i, 'language') as CaptionPriority) : 'language';
	return { languages, auto, priority };
}

/** One item's transcript: the caption file fetched and rendered, or an empty result when none match and the user chose so. */
async function transcriptItem(ctx: IExecuteFunctions, i: number, info: MediaInfo, shared: SharedOptions & { checkLocalPath: (p: string) => Promise<void> }): Promise<INodeExecutionData> {
	const { languages, auto: automatic, priority } = readCaptionSelection(ctx, i);
	const to = ctx.getNodeParameter('outputFormat', i, 'markdown') as OutputFormat;
	const folder = expandHome((ctx.getNodeParameter('outputDir', i, '') as string).trim() || path.join(n8nDefaultOutputDir(), 'transcripts'));
	await shared.checkLocalPath(path.resolve(folder));
	const available = { availableLanguages: info.subtitleLanguages, availableAutomaticLanguages: info.autoCaptionLanguages };
	if (ctx.getNodeParameter('whenNone', i, 'error') === 'empty' && !chooseCaptions(info, languages, automatic, priority)) {
		const message = noCaptionsError(info, languages, automatic).message;
		return { json: { url: info.inputUrl, id: info.id, title: info.title, noCaptions: true, content: '', to, message, ...available }, pairedItem: { item: i } };
	}
	const result = await extractTranscript(info.inputUrl, {
		...shared,
		...readTranscriptOptions(ctx, i),
		info,
		outputDir: path.resolve(folder),
		languages,
		auto: automatic,
		priority,
		captionFormat: ctx.getNodeParameter('captionFormat', i, 'auto') as CaptionFormatChoice,
		to,
	});
	const { info: media, ...rest } = result;
	const item: INodeExecutionData = {
		json: { url: info.inputUrl, id: media.id, title: media.title, ...rest, captionFile: result.transcriptFile, ...available } as unknown as IDataObject,
		pairedItem: { item: i },
	};
	if (ctx.getNodeParameter('attachCaptionFile', i, true) as boolean) {
		const stream = await ctx.helpers.createReadStream(await ctx.helpers.resolvePath(result.transcriptFile));
		const binary = await ctx.helpers.prepareBinaryData(stream, path.basename(result.transcriptFile), mimeTypeOf(result.transcriptFile));
		item.binary = { [ctx.getNodeParameter('binaryPropertyName', i, 'data') as string]: binary };
	}
	return item;
}
