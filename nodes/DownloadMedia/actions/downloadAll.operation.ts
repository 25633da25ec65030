import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { getContent, type ContentOptions } from '../../../lib';
import { itemError } from '../../shared/errors';
import { attachFile, partError, resultJson, type OutputSettings } from './toItems';

export const description: INodeProperties[] = [
	{
		displayName: 'Include Video',
		name: 'includeVideo',
		type: 'boolean',
		default: true,
		displayOptions: { show: { operation: ['downloadAll'] } },
	},
	{
		displayName: 'Include Audio',
		name: 'includeAudio',
		type: 'boolean',
		default: true,
		displayOptions: { show: { operation: ['downloadAll'] } },
	},
	{
		displayName: 'Include Transcript',
		name: 'includeTranscript',
		type: 'boolean',
		default: true,
		displayOptions: { show: { operation: ['downloadAll'] } },
	},
	{
		displayName: 'Transcript Languages',
		name: 'transcriptLanguages',
		type: 'string',
		default: 'en',
		displayOptions: { show: { operation: ['downloadAll'], includeTranscript: [true] } },
		description: 'Caption languages in priority order, comma-separated (manual captions first, then automatic)',
	},
];

/** Download Everything: one item with video, audio and transcript parts; a failed part is reported, not fatal. */
export async function execute(ctx: IExecuteFunctions, url: string, itemIndex: number, options: ContentOptions, settings: OutputSettings): Promise<INodeExecutionData[]> {
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
	return [item];
}
