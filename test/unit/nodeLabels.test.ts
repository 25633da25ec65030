import { Workflow, type INode, type INodeType, type INodeTypes, type INodeParameters } from 'n8n-workflow';

import { DownloadMedia } from '../../nodes/DownloadMedia/DownloadMedia.node';
import { ExtractTranscript } from '../../nodes/ExtractTranscript/ExtractTranscript.node';
import { MediaInfo } from '../../nodes/MediaInfo/MediaInfo.node';
import { MediaQueue } from '../../nodes/MediaQueue/MediaQueue.node';

/** The label n8n draws under a node: its subtitle expression, evaluated by n8n's own expression engine. */
function label(nodeType: INodeType, parameters: INodeParameters): string {
	const type = `n8n-nodes-media-downloader.${nodeType.description.name}`;
	const node: INode = { id: '1', name: 'N', type, typeVersion: 1, position: [0, 0], parameters };
	const nodeTypes: INodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return String(workflow.expression.getSimpleParameterValue(node, nodeType.description.subtitle as string, 'manual', {}));
}

describe('canvas labels show display names, not internal values', () => {
	it.each([
		['Download Media', 'Download Audio', new DownloadMedia(), { operation: 'downloadAudio' }],
		['Download Media', 'Download Everything', new DownloadMedia(), { operation: 'downloadAll' }],
		['Media Info', 'Get Info', new MediaInfo(), { operation: 'getInfo' }],
		['Media Info', 'Recommend Format', new MediaInfo(), { operation: 'recommendFormat' }],
		['Media Queue', 'Clear Completed', new MediaQueue(), { operation: 'clearCompleted' }],
		['Extract Transcript', 'JSON Segments', new ExtractTranscript(), { outputFormat: 'json' }],
	])('%s shows "%s"', (_name, expected, nodeType, parameters) => {
		expect(label(nodeType as INodeType, parameters as INodeParameters)).toBe(expected);
	});
});
