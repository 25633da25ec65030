import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { downloadMedia, getContent, getInfoOutcomes, type DownloadCallOptions } from '../../lib';
import { mediaSiteMethods } from '../shared/commonProperties';
import { errorJson, itemError } from '../shared/errors';
import { n8nPathCheck } from '../shared/fileAccess';
import { getSiteAuth } from '../shared/siteAuth';
import { readDownloadOptions } from './actions/readOptions';
import { attachFile, partError, resultItems, resultJson, type OutputSettings } from './actions/toItems';
import { configCollections } from './descriptions/configOptions';
import { mainProperties } from './descriptions/mainProperties';

type Operation = 'downloadVideo' | 'downloadAudio' | 'downloadAll';

export class DownloadMedia implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Download Media',
		name: 'downloadMedia',
		icon: { light: 'file:downloadMedia.svg', dark: 'file:downloadMedia.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description: 'Download video, audio and captions with yt-dlp and ffmpeg, as files or binary data',
		defaults: { name: 'Download Media' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Literal here: the lint rule that requires a credential test reads testedBy in the node file.
		credentials: [{ name: 'mediaSiteAuth', required: false, testedBy: 'mediaSiteAuthTest' }],
		properties: [...mainProperties, ...configCollections],
	};

	methods = mediaSiteMethods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as Operation;
		const auth = await getSiteAuth(this);
		const checkPath = n8nPathCheck(this);
		const signal = this.getExecutionCancelSignal();
		const out: INodeExecutionData[] = [];

		// n8n's record of processed items, keyed by media id: one batched info call finds the ids first.
		const dedupeKeys = new Map<number, string>();
		const skipDownloaded = items.map((_, i) => this.getNodeParameter('skipDownloaded', i, false) as boolean);
		const toCheck = items.map((_, i) => i).filter((i) => skipDownloaded[i]);
		if (toCheck.length > 0) {
			const outcomes = await getInfoOutcomes(
				toCheck.map((i) => this.getNodeParameter('url', i) as string),
				{ auth, signal, noPlaylist: true, maxRetries: 1 },
			);
			outcomes.forEach((o, k) => dedupeKeys.set(toCheck[k], o.info ? `${o.info.extractor}:${o.info.id}` : `url:${o.input}`));
		}

		for (let i = 0; i < items.length; i++) {
			const url = this.getNodeParameter('url', i) as string;
			const key = dedupeKeys.get(i);
			try {
				if (key) {
					const seen = await this.helpers.checkProcessedAndRecord([key], 'node', { mode: 'entries' });
					if (seen.processed.length > 0) {
						out.push({ json: { url, skipped: 'alreadyDownloaded', dedupeKey: key }, pairedItem: { item: i } });
						continue;
					}
				}
				const options: DownloadCallOptions = { ...readDownloadOptions(this, i), auth, signal, checkOutputPath: checkPath, checkLocalPath: checkPath };
				const settings: OutputSettings = {
					mode: this.getNodeParameter('outputMode', i, 'binary') as OutputSettings['mode'],
					binaryPropertyName: this.getNodeParameter('binaryPropertyName', i, 'data') as string,
					keepFile: this.getNodeParameter('keepFile', i, true) as boolean,
				};
				let done = false;
				try {
					if (operation === 'downloadAll') out.push(await contentItem(this, url, i, options, settings));
					else out.push(...(await resultItems(this, await downloadMedia(url, { ...options, audioOnly: operation === 'downloadAudio' }), i, settings)));
					done = true;
				} finally {
					// A failed download must not count as processed: the next execution tries again.
					if (key && !done) await this.helpers.removeProcessed([key], 'node', { mode: 'entries' });
				}
			} catch (error) {
				if (!this.continueOnFail()) throw itemError(this, error, i);
				out.push({ json: { ...errorJson(error, url), ...attemptsOf(error) }, pairedItem: { item: i } });
			}
		}
		return [out];
	}
}

function attemptsOf(error: unknown): IDataObject {
	const attempts = (error as { fallbackAttempts?: unknown[] }).fallbackAttempts;
	return attempts ? { fallbackAttempts: attempts as IDataObject[] } : {};
}

/** Download Everything: one item with video, audio and transcript parts; a failed part is reported, not fatal. */
async function contentItem(ctx: IExecuteFunctions, url: string, itemIndex: number, options: DownloadCallOptions, settings: OutputSettings): Promise<INodeExecutionData> {
	const languages = (ctx.getNodeParameter('transcriptLanguages', itemIndex, 'en') as string).split(',').map((s) => s.trim()).filter(Boolean);
	const content = await getContent(url, {
		...options,
		includeVideo: ctx.getNodeParameter('includeVideo', itemIndex, true) as boolean,
		includeAudio: ctx.getNodeParameter('includeAudio', itemIndex, true) as boolean,
		includeTranscript: ctx.getNodeParameter('includeTranscript', itemIndex, true) as boolean,
		transcriptLanguages: languages,
	});
	const failure = content.videoError ?? content.audioError ?? content.transcriptError;
	if (!content.videoFile && !content.audioFile && !content.transcriptFile && failure) throw itemError(ctx, failure, itemIndex);
	const item: INodeExecutionData = {
		json: {
			url,
			video: content.videoFile ? resultJson(content.videoFile) : undefined,
			audio: content.audioFile ? resultJson(content.audioFile) : undefined,
			transcript: content.transcriptFile ? { ...content.transcriptFile, all: content.transcriptFiles } : undefined,
			videoError: partError(content.videoError),
			audioError: partError(content.audioError),
			transcriptError: partError(content.transcriptError),
		} as IDataObject,
		pairedItem: { item: itemIndex },
	};
	if (settings.mode === 'binary') {
		if (content.videoFile?.localPath) await attachFile(ctx, content.videoFile.localPath, item, { ...settings, binaryPropertyName: 'video' });
		if (content.audioFile?.localPath) await attachFile(ctx, content.audioFile.localPath, item, { ...settings, binaryPropertyName: 'audio' });
		if (content.transcriptFile) await attachFile(ctx, content.transcriptFile.path, item, { ...settings, binaryPropertyName: 'transcript' });
	}
	return item;
}
