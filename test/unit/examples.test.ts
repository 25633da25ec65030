import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { NodeHelpers, type INode, type INodeProperties, type INodeType } from 'n8n-workflow';

import { ConvertTranscript } from '../../nodes/ConvertTranscript/ConvertTranscript.node';
import { DownloadMedia } from '../../nodes/DownloadMedia/DownloadMedia.node';
import { ExtractTranscript } from '../../nodes/ExtractTranscript/ExtractTranscript.node';
import { MediaInfo } from '../../nodes/MediaInfo/MediaInfo.node';
import { MediaQueue } from '../../nodes/MediaQueue/MediaQueue.node';
import { MediaQueueTrigger } from '../../nodes/MediaQueueTrigger/MediaQueueTrigger.node';

const ours: Record<string, INodeType> = {
	'n8n-nodes-media-downloader.mediaInfo': new MediaInfo(),
	'n8n-nodes-media-downloader.downloadMedia': new DownloadMedia(),
	'n8n-nodes-media-downloader.extractTranscript': new ExtractTranscript(),
	'n8n-nodes-media-downloader.convertTranscript': new ConvertTranscript(),
	'n8n-nodes-media-downloader.mediaQueue': new MediaQueue(),
	'n8n-nodes-media-downloader.mediaQueueTrigger': new MediaQueueTrigger(),
};
const examplesDir = path.resolve(__dirname, '../../examples');

/**
 * Which variants of a parameter n8n shows for each node version and for the AI-tool variant: a name may repeat
 * only for variants told apart by `@version` or `@tool` (n8n stores parameters by name, so two shown at once clash).
 */
function clashingNames(node: INodeType): string[] {
	const { description } = node;
	const versions = Array.isArray(description.version) ? description.version : [description.version];
	const variantOnly = (p: INodeProperties): INodeProperties => {
		const show = Object.fromEntries(Object.entries(p.displayOptions?.show ?? {}).filter(([key]) => key.startsWith('@')));
		return { ...p, displayOptions: { show } };
	};
	const clashes = new Set<string>();
	for (const typeVersion of versions)
		for (const name of [description.name, `${description.name}Tool`]) {
			const shown = description.properties.filter((p) =>
				NodeHelpers.displayParameter({}, variantOnly(p), { typeVersion } as INode, { ...description, name }, {}),
			);
			const names = shown.map((p) => p.name);
			for (const dup of names.filter((n, i) => names.indexOf(n) !== i)) clashes.add(dup);
		}
	return [...clashes];
}

describe('node descriptions', () => {
	it.each(Object.entries(ours))('%s has unique parameter names per version and tool variant (n8n stores parameters by name)', (_type, node) => {
		expect(clashingNames(node)).toEqual([]);
	});

	it('the check sees a clash', () => {
		const property: INodeProperties = { displayName: 'A', name: 'a', type: 'string', default: '' };
		const clash = { description: { ...new MediaInfo().description, properties: [property, { ...property, displayOptions: { show: { '@version': [1] } } }] } } as INodeType;
		expect(clashingNames(clash)).toEqual(['a']);
	});
});

describe('examples/', () => {
	const files = readdirSync(examplesDir).filter((f) => f.endsWith('.json'));
	it('has importable workflows for every node', () => {
		const types = new Set(files.flatMap((f) => (JSON.parse(readFileSync(path.join(examplesDir, f), 'utf8')) as { nodes: Array<{ type: string }> }).nodes.map((n) => n.type)));
		for (const type of Object.keys(ours)) expect(types).toContain(type);
	});

	it.each(files)('%s uses only parameters and option values our nodes have', (file) => {
		const workflow = JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8')) as { id: string; nodes: Array<{ type: string; name: string; parameters: Record<string, unknown> }> };
		expect(workflow.id.length).toBeLessThanOrEqual(21);
		for (const node of workflow.nodes.filter((n) => ours[n.type])) {
			const properties = ours[node.type].description.properties;
			for (const [name, value] of Object.entries(node.parameters)) {
				const matching = properties.filter((p) => p.name === name);
				expect({ node: node.name, name, known: matching.length > 0 }).toEqual({ node: node.name, name, known: true });
				for (const property of matching) {
					if (property.type === 'collection' && value && typeof value === 'object') {
						const known = (property.options as INodeProperties[]).map((o) => o.name);
						for (const key of Object.keys(value)) expect({ node: node.name, option: `${name}.${key}`, known: known.includes(key) }).toEqual({ node: node.name, option: `${name}.${key}`, known: true });
					}
					if (property.type === 'options' && typeof value === 'string' && !value.startsWith('='))
						expect((property.options as Array<{ value: string }>).map((o) => o.value)).toContain(value);
				}
			}
		}
	});
});
