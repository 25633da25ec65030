import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { getInfoOutcomes } from '../../lib';
import { runBatchedItems } from '../shared/batchedItems';
import { batchInfoOptions, readBatchInfoSettings } from '../shared/infoOptions';
import { mediaSiteMethods, urlProperty } from '../shared/commonProperties';
import { n8nPathCheck } from '../shared/fileAccess';
import { authenticationProperties, SITE_AUTH_DEFAULT_VERSION, SITE_AUTH_VERSIONS } from '../shared/authentication';
import { getSiteAuth } from '../shared/siteAuth';
import { choiceSubtitle } from '../shared/subtitle';
import { operationProperties, toItems, type Operation } from './actions/router';

const operationProperty: INodeProperties = {
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
};

export class MediaInfo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Media Info',
		name: 'mediaInfo',
		icon: { light: 'file:mediaInfo.svg', dark: 'file:mediaInfo.dark.svg' },
		group: ['input'],
		version: SITE_AUTH_VERSIONS,
		defaultVersion: SITE_AUTH_DEFAULT_VERSION,
		subtitle: choiceSubtitle([operationProperty], 'operation'),
		description: 'Read metadata, formats and the best format of videos, audio and playlists with yt-dlp',
		defaults: { name: 'Media Info' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Literal here: the lint rule that requires a credential test reads testedBy in the node file.
		credentials: [{ name: 'mediaSiteAuth', required: false, testedBy: 'mediaSiteAuthTest', displayOptions: { hide: { authentication: ['none'] } } }],
		properties: [
			operationProperty,
			...authenticationProperties(),
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
		const operation = this.getNodeParameter('operation', 0) as Operation;
		const auth = await getSiteAuth(this);
		const checkLocalPath = n8nPathCheck(this);
		const signal = this.getExecutionCancelSignal();
		return [
			await runBatchedItems(this, {
				read: (i) => {
					const options = this.getNodeParameter('options', i, {}) as IDataObject;
					return {
						url: this.getNodeParameter('url', i) as string,
						settings: {
							...readBatchInfoSettings(this, i),
							playlistLimit: (options.playlistLimit as number) ?? 100,
							noPlaylist: operation === 'getInfo' ? ((options.noPlaylist as boolean) ?? false) : true,
						},
					};
				},
				// Items with the same settings go to the library together; it makes batches of valid URLs.
				fetch: (urls, settings) => getInfoOutcomes(urls, { ...settings, auth, signal, checkLocalPath }),
				toItems: (i, info) => toItems(this, operation, info, i),
			}),
		];
	}
}
