import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { getInfoOutcomes, type InfoOptions } from '../../lib';
import { groupBySettings } from '../shared/groupBySettings';
import { batchInfoOptions, readBatchInfoSettings } from '../shared/infoOptions';
import { mediaSiteMethods, urlProperty } from '../shared/commonProperties';
import { errorJson, itemError } from '../shared/errors';
import { n8nPathCheck } from '../shared/fileAccess';
import { getSiteAuth } from '../shared/siteAuth';
import { operationProperties, toItems, type Operation } from './actions/router';

interface Settings {
	url: string;
	info: Pick<InfoOptions, 'batchSize' | 'playlistLimit' | 'timeoutMs' | 'maxRetries' | 'allowLocalFiles' | 'noPlaylist'>;
}

export class MediaInfo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Media Info',
		name: 'mediaInfo',
		icon: { light: 'file:mediaInfo.svg', dark: 'file:mediaInfo.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description: 'Read metadata, formats and the best format of videos, audio and playlists with yt-dlp',
		defaults: { name: 'Media Info' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Literal here: the lint rule that requires a credential test reads testedBy in the node file.
		credentials: [{ name: 'mediaSiteAuth', required: false, testedBy: 'mediaSiteAuthTest' }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'getInfo',
				options: [
					{ name: 'Get Info', value: 'getInfo', action: 'Get media info', description: 'Title, uploader, duration, dates, chapters, captions, playlist entries' },
					{ name: 'List Formats', value: 'listFormats', action: 'List available formats', description: 'Video and audio formats, qualities, codecs and caption languages' },
					{ name: 'Recommend Format', value: 'recommendFormat', action: 'Recommend the best format', description: 'The best format a platform plays without conversion, with the reason' },
				],
			},
			urlProperty,
			...operationProperties,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					...batchInfoOptions,
					{
						displayName: 'Ignore Playlist in Video URLs',
						name: 'noPlaylist',
						type: 'boolean',
						default: false,
						description: 'Whether a video URL that also names a playlist (…&list=…) reads only the video',
					},
					{
						displayName: 'Playlist Limit',
						name: 'playlistLimit',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 100,
						description: 'Max number of playlist or feed entries to list',
					},
				],
			},
		],
	};

	methods = mediaSiteMethods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as Operation;
		const auth = await getSiteAuth(this);
		const checkLocalPath = n8nPathCheck(this);
		const signal = this.getExecutionCancelSignal();
		const perItem: INodeExecutionData[][] = items.map(() => []);

		const fail = (error: unknown, itemIndex: number, input?: string) => {
			if (!this.continueOnFail()) throw itemError(this, error, itemIndex);
			perItem[itemIndex] = [{ json: errorJson(error, input), pairedItem: { item: itemIndex } }];
		};

		const settingsFailed = new Set<number>();
		const settingsOf = (i: number): Settings | null => {
			try {
				const options = this.getNodeParameter('options', i, {}) as IDataObject;
				return {
					url: this.getNodeParameter('url', i) as string,
					info: {
						...readBatchInfoSettings(this, i),
						playlistLimit: (options.playlistLimit as number) ?? 100,
						noPlaylist: operation === 'getInfo' ? ((options.noPlaylist as boolean) ?? false) : true,
					},
				};
			} catch (error) {
				fail(error, i);
				settingsFailed.add(i);
				return null;
			}
		};
		const settings = items.map((_, i) => settingsOf(i));
		const valid = items.map((_, i) => i).filter((i) => !settingsFailed.has(i));
		// Items with the same settings go to the library together; it makes batches of valid URLs.
		for (const group of groupBySettings(valid, (i) => settings[i]!.info)) {
			const indexes = group.items;
			const outcomes = await getInfoOutcomes(
				indexes.map((i) => settings[i]!.url),
				{ ...group.settings, auth, signal, checkLocalPath },
			);
			outcomes.forEach((outcome, k) => {
				const itemIndex = indexes[k];
				if (outcome.error) return fail(outcome.error, itemIndex, outcome.input);
				try {
					perItem[itemIndex] = toItems(this, operation, outcome.info, itemIndex);
				} catch (error) {
					fail(error, itemIndex, outcome.input);
				}
			});
		}
		return [perItem.flat()];
	}
}
