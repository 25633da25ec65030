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

interface ExampleNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	onError?: string;
	webhookId?: string;
	parameters: Record<string, unknown>;
}
interface Example {
	id: string;
	name: string;
	nodes: ExampleNode[];
	connections: Record<string, { main: Array<Array<{ node: string }> | null> }>;
}
interface OfflineExamples {
	OFFLINE_URLS: Record<string, string>;
	EXAMPLE_FILES_DIR: string;
	fetchedUrls(workflow: Example): string[];
	offlineWorkflow(workflow: Example, options: { baseUrl: string; filesDir: string }): Example;
	localiseWorkflow(workflow: Example, options: { filesDir: string }): Example;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const offline: OfflineExamples = require('../../scripts/n8n/offlineExamples.js');

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

	const examples = files.map((file) => [file, JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8')) as Example] as const);

	it.each(examples)('%s hides no failure: a node that continues on error sends its error items to a connected error output, or reports them in a summary item', (_file, workflow) => {
		for (const node of workflow.nodes.filter((n) => n.onError && n.onError !== 'stopWorkflow')) {
			const errorOutput = workflow.connections[node.name]?.main[1] ?? [];
			const reportsFailures = node.type === 'n8n-nodes-media-downloader.convertTranscript' && node.parameters.addSummary === true && node.parameters.operation === 'convert';
			const visible = node.onError === 'continueErrorOutput' ? errorOutput.length > 0 : reportsFailures;
			expect({ node: node.name, onError: node.onError, visible }).toEqual({ node: node.name, onError: node.onError, visible: true });
		}
	});

	it.each(examples)('%s uses the newest version of our nodes', (_file, workflow) => {
		for (const node of workflow.nodes.filter((n) => ours[n.type])) {
			const { version } = ours[node.type].description;
			expect({ node: node.name, typeVersion: node.typeVersion }).toEqual({ node: node.name, typeVersion: Math.max(...(Array.isArray(version) ? version : [version])) });
		}
	});

	it.each(examples)('%s fetches only URLs that have a fixture-server stand-in, so its offline demo copy needs no internet', (_file, workflow) => {
		for (const url of offline.fetchedUrls(workflow)) expect(Object.keys(offline.OFFLINE_URLS)).toContain(url);
		const copy = offline.offlineWorkflow(workflow, { baseUrl: 'http://127.0.0.1:5680', filesDir: '/srv/demo' });
		for (const url of offline.fetchedUrls(copy)) expect(url.startsWith('http://127.0.0.1:5680/')).toBe(true);
		expect(JSON.stringify(copy.nodes)).not.toContain(offline.EXAMPLE_FILES_DIR);
	});

	it.each(examples)('%s has an offline demo copy with its own id, name, webhook paths and queue names', (_file, workflow) => {
		const copy = offline.offlineWorkflow(workflow, { baseUrl: 'http://127.0.0.1:5680', filesDir: '/srv/demo' });
		expect(copy.id).not.toBe(workflow.id);
		expect(copy.id.length).toBeLessThanOrEqual(21);
		expect(copy.name).toBe(`${workflow.name} (offline demo)`);
		expect(copy.connections).toEqual(workflow.connections);
		expect(copy.nodes.map((n) => [n.id, n.name, n.type])).toEqual(workflow.nodes.map((n) => [n.id, n.name, n.type]));
		for (const [i, node] of copy.nodes.entries()) {
			const original = workflow.nodes[i];
			if (node.type === 'n8n-nodes-base.webhook') {
				expect(node.parameters.path).toBe(`${String(original.parameters.path)}-offline-demo`);
				expect(node.webhookId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
				expect(node.webhookId).not.toBe(original.webhookId);
			}
			if (/\.mediaQueue(Trigger)?$/.test(node.type)) expect(node.parameters.queueName).toBe(`${String(original.parameters.queueName ?? 'default')}-offline-demo`);
		}
	});
});

describe('scripts/n8n/offlineExamples.js', () => {
	const workflow: Example = {
		id: 'mdlTest1',
		name: 'Test',
		connections: {},
		nodes: [
			{ id: '1', name: 'Note', type: 'n8n-nodes-base.stickyNote', typeVersion: 1, parameters: { content: 'curl http://localhost:5678/webhook/notes -d https://feeds.npr.org/510289/podcast.xml; see https://example.org/docs' } },
			{ id: '2', name: 'Hook', type: 'n8n-nodes-base.webhook', typeVersion: 2.1, webhookId: '6f0f3c52-9a7e-4d1b-8c43-2b6f6f1d9e01', parameters: { path: 'notes' } },
			{ id: '3', name: 'Feed', type: 'n8n-nodes-base.rssFeedRead', typeVersion: 1.2, parameters: { url: 'https://feeds.npr.org/510289/podcast.xml', options: {} } },
			{ id: '4', name: 'Write', type: 'n8n-nodes-base.readWriteFile', typeVersion: 1.1, parameters: { fileName: '=/home/node/.n8n-files/podcasts/{{ $json.title }}.mp3' } },
			{ id: '5', name: 'Queue', type: 'n8n-nodes-media-downloader.mediaQueue', typeVersion: 1.1, parameters: { operation: 'add', url: '={{ $json.url }}' } },
			{ id: '6', name: 'Raw', type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: { jsonOutput: '{ "urls": ["https://www.youtube.com/watch?v=aqz-KE-bpKQ", "https://vimeo.com/1"] }' } },
		],
	};

	it('swaps URLs anywhere in a string, folders, webhook paths (and the calls in notes) and queue names', () => {
		const copy = offline.offlineWorkflow(workflow, { baseUrl: 'http://127.0.0.1:5680/', filesDir: '/srv/demo/' });
		expect(copy.nodes.map((n) => n.parameters)).toEqual([
			{ content: 'curl http://localhost:5678/webhook/notes-offline-demo -d http://127.0.0.1:5680/feed.xml; see https://example.org/docs' },
			{ path: 'notes-offline-demo' },
			{ url: 'http://127.0.0.1:5680/feed.xml', options: {} },
			{ fileName: '=/srv/demo/podcasts/{{ $json.title }}.mp3' },
			{ operation: 'add', url: '={{ $json.url }}', queueName: 'default-offline-demo' },
			{ jsonOutput: '{ "urls": ["http://127.0.0.1:5680/page/video.html", "https://vimeo.com/1"] }' },
		]);
		// the example itself is left as it was
		expect(workflow.nodes[2].parameters.url).toBe('https://feeds.npr.org/510289/podcast.xml');
		expect(offline.offlineWorkflow(workflow, { baseUrl: 'http://127.0.0.1:5680', filesDir: '/srv/demo' }).id).toBe(copy.id);
	});

	it('lists the URLs a workflow fetches, not those in its notes: an unknown one is found', () => {
		expect(offline.fetchedUrls(workflow).sort()).toEqual(['https://feeds.npr.org/510289/podcast.xml', 'https://vimeo.com/1', 'https://www.youtube.com/watch?v=aqz-KE-bpKQ']);
	});

	it('localises an example for one n8n: only the folders change', () => {
		const local = offline.localiseWorkflow(workflow, { filesDir: '/home/me/.n8n-files' });
		expect(local.nodes[3].parameters.fileName).toBe('=/home/me/.n8n-files/podcasts/{{ $json.title }}.mp3');
		expect({ ...local, nodes: local.nodes.filter((n) => n.id !== '4') }).toEqual({ ...workflow, nodes: workflow.nodes.filter((n) => n.id !== '4') });
	});
});

