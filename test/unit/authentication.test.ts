import { NodeHelpers, type INodeParameters, type INodeType } from 'n8n-workflow';

import { DownloadMedia } from '../../nodes/DownloadMedia/DownloadMedia.node';
import { ExtractTranscript } from '../../nodes/ExtractTranscript/ExtractTranscript.node';
import { MediaInfo } from '../../nodes/MediaInfo/MediaInfo.node';
import { MediaQueue } from '../../nodes/MediaQueue/MediaQueue.node';
import { MediaQueueTrigger } from '../../nodes/MediaQueueTrigger/MediaQueueTrigger.node';
import { nodeOf, stored } from './nodePanel';

/** Whether n8n offers (and at run time hands out) the Media Site credential: the check n8n-core's getCredentials makes. */
function offersCredential(nodeType: INodeType, typeVersion: number, values: INodeParameters): boolean {
	const { description } = nodeType;
	const parameters = stored(description, typeVersion, values);
	const credential = description.credentials!.find((c) => c.name === 'mediaSiteAuth')!;
	return NodeHelpers.displayParameter(parameters, credential, nodeOf(description, typeVersion, parameters), description, parameters);
}

const nodes: Array<[string, INodeType, INodeParameters]> = [
	['Media Info', new MediaInfo(), {}],
	['Download Media', new DownloadMedia(), {}],
	['Extract Transcript', new ExtractTranscript(), {}],
	['Media Queue (Process)', new MediaQueue(), { operation: 'process' }],
	['Media Queue Trigger (Run Downloads Here)', new MediaQueueTrigger(), { mode: 'runHere' }],
];

describe('the Media Site credential sits behind an Authentication choice', () => {
	it.each(nodes)('%s: new nodes (1.1) default to None and offer the credential only for "Media Site Account"', (_name, nodeType, values) => {
		expect(nodeType.description.defaultVersion).toBe(1.1);
		expect(offersCredential(nodeType, 1.1, values)).toBe(false);
		expect(offersCredential(nodeType, 1.1, { ...values, authentication: 'none' })).toBe(false);
		expect(offersCredential(nodeType, 1.1, { ...values, authentication: 'mediaSiteAuth' })).toBe(true);
	});

	it.each(nodes)('%s: version 1 nodes keep offering it, so saved workflows keep their credential', (_name, nodeType, values) => {
		expect(offersCredential(nodeType, 1, values)).toBe(true);
	});

	it('the queue nodes offer it only where downloads run', () => {
		expect(offersCredential(new MediaQueue(), 1.1, { operation: 'add', authentication: 'mediaSiteAuth' })).toBe(false);
		expect(offersCredential(new MediaQueueTrigger(), 1.1, { mode: 'report', authentication: 'mediaSiteAuth' })).toBe(false);
	});
});
