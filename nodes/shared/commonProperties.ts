import type { INodeProperties } from 'n8n-workflow';

import { mediaQueueRedisTest, mediaSiteAuthTest } from './credentialTest';

/** The media URL parameter of every node that reads a site. */
export const urlProperty: INodeProperties = {
	displayName: 'URL',
	name: 'url',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'https://www.youtube.com/watch?v=…',
	description: 'Page or file URL of a video, audio, playlist or podcast feed (any site yt-dlp supports)',
};

/** The Media Site credential's Test button, for the nodes that use it. */
export const mediaSiteMethods = { credentialTest: { mediaSiteAuthTest } };

/** The Test buttons of the queue nodes' credentials (Media Queue Redis, and Media Site for downloads). */
export const mediaQueueMethods = { credentialTest: { mediaSiteAuthTest, mediaQueueRedisTest } };
