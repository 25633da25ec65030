/**
 * The editor in a real browser: n8n 2.40.7 (`n8n start`, our package linked as a community package) and
 * Debian's Chromium, headless, driven by puppeteer-core. It opens every example workflow and every panel of
 * our nodes in it, then adds each of our nodes to a new workflow from the node creator, and Download Media
 * once more with a preset chosen and options added. Each panel must show the parameters its description
 * shows by n8n's display rules, each under its display name, with no page error, console error, failed
 * request to n8n, error toast or "could not load" text. Screenshots: .artifacts/browser/*.png (and the
 * browser's console in console.log there).
 *
 * Needs `npm run build` (n8n loads dist/) and Chromium (/usr/bin/chromium or CHROMIUM_PATH).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { INodeParameters, INodeTypeDescription } from 'n8n-workflow';

import { ARTIFACTS_DIR, Cleanup, EDITOR_START_TIMEOUT_MS, EXAMPLES_DIR, PROJECT_ROOT, startEditorSession, type EditorSession } from './editorSession';
import { expectedPanel, panelMismatches, withDefaults, type ExpectedPanel } from './expectedPanel';
import { addCollectionOption, chooseOption, closePanel, openPanel, openWorkflow, readPanel, screenshotCanvas, screenshotPanel, settle } from './ndv';
import { addNodeFromCreator } from './nodeCreator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { readExampleWorkflows } = require('../../scripts/n8n/workflows.js') as { readExampleWorkflows(dir: string): ExampleWorkflow[] };

/** One panel (about 5-15 s on 2 busy cores) times the panels of the biggest test, with room. */
const TEST_TIMEOUT_MS = 10 * 60 * 1000;

const packageJson = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { name: string; n8n: { nodes: string[] } };
const PREFIX = `${packageJson.name}.`;
const STICKY_NOTE = 'n8n-nodes-base.stickyNote';

/** An examples/*.json workflow as scripts/n8n/workflows.js stages it for import (with its id and name). */
interface ExampleWorkflow {
	id: string;
	name: string;
	nodes: Array<{ name: string; type: string; typeVersion?: number; parameters?: INodeParameters }>;
}

/** Our node type names, from the node files package.json lists (the class is named after its file). */
function ourNodeTypes(): string[] {
	return packageJson.n8n.nodes.map((file) => {
		const className = path.basename(file).split('.')[0];
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const NodeClass = require(path.join(PROJECT_ROOT, file))[className] as new () => { description: INodeTypeDescription };
		return `${PREFIX}${new NodeClass().description.name}`;
	});
}

const slug = (text: string) => text.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
const shot = (...parts: string[]) => path.join(ARTIFACTS_DIR, `${parts.map(slug).join('--')}.png`);

const cleanup = new Cleanup();
let session: EditorSession;

beforeAll(async () => {
	fs.rmSync(ARTIFACTS_DIR, { recursive: true, force: true });
	fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
	session = await startEditorSession(cleanup);
}, EDITOR_START_TIMEOUT_MS);

afterAll(() => cleanup.run(), 120_000);

function description(type: string): INodeTypeDescription {
	const found = session.nodeTypes.get(type);
	if (!found) throw new Error(`n8n does not serve ${type} to the editor`);
	return found;
}

/** Reads the open panel, screenshots it, and returns what is wrong with it (with the page's problems since the last check). */
async function checkOpenPanel(where: string, expected: ExpectedPanel, file: string): Promise<string[]> {
	// A parameter's options or a credential test still loading is the node's problem; n8n's own requests
	// (the workflow's autosave on a busy machine) only go to the log.
	const pending = await settle(session.page);
	for (const request of pending) session.problems.log.push(`[still loading after 15 s] ${request}`);
	const panel = await readPanel(session.page);
	await screenshotPanel(session.page, file);
	const problems = [
		...panelMismatches(panel, expected),
		...(await session.problems.take()).map((p) => `${p.kind}: ${p.text}`),
		...pending.filter((request) => request.includes('/rest/dynamic-node-parameters/')).map((request) => `still loading after 15 s: ${request}`),
	];
	return problems.map((p) => `${where}: ${p}`);
}

describe('the n8n editor in Chromium', () => {
	it('n8n loads our package and serves every node of it to the editor', () => {
		expect(session.n8n.log()).not.toMatch(/Failed to load package/);
		const types = ourNodeTypes();
		expect(types).toHaveLength(6);
		expect(types.filter((type) => !session.nodeTypes.has(type))).toEqual([]);
	});

	const examples = readExampleWorkflows(EXAMPLES_DIR);
	it('has example workflows to open', () => {
		expect(examples.length).toBeGreaterThan(0);
	});

	// jest refuses an empty table (the test above fails then).
	if (examples.length > 0) {
		it.each(examples.map((wf) => [wf.name, wf] as const))('example "%s": the canvas and each of our nodes\' panels', async (_name, workflow) => {
			const { page, baseUrl } = session;
			const label = `${workflow.name.slice(0, 60)} ${workflow.id}`;
			const nodes = workflow.nodes.filter((n) => n.type !== STICKY_NOTE);
			const canvas = await openWorkflow(page, baseUrl, workflow.id, nodes.length);
			await screenshotCanvas(page, shot(label, 'canvas'));
			expect(canvas.map((n) => n.name).sort()).toEqual(nodes.map((n) => n.name).sort());
			expect(canvas.filter((n) => n.notInstalled).map((n) => `${n.name} (${n.type})`)).toEqual([]);
			const failures = (await session.problems.take()).map((p) => `${label}, canvas: ${p.kind}: ${p.text}`);

			const ours = nodes.filter((n) => n.type.startsWith(PREFIX));
			for (const node of ours) {
				await openPanel(page, node.name);
				const expected = expectedPanel(description(node.type), node.parameters ?? {}, node.typeVersion);
				failures.push(...(await checkOpenPanel(`${label}, "${node.name}"`, expected, shot(label, node.name))));
				await closePanel(page);
			}
			expect(failures).toEqual([]);
		}, TEST_TIMEOUT_MS);
	}

	describe('a new workflow, every node added from the node creator', () => {
		// The trigger first: an empty workflow's creator offers triggers only.
		const order = ['mediaQueueTrigger', 'downloadMedia', 'mediaInfo', 'extractTranscript', 'convertTranscript', 'mediaQueue'].map((n) => `${PREFIX}${n}`);
		let newWorkflowOpened = false;

		it('lists every node of the package in this order', () => {
			expect([...order].sort()).toEqual(ourNodeTypes().sort());
		});

		it.each(order)('%s', async (type) => {
			const { page, baseUrl } = session;
			if (!newWorkflowOpened) {
				await page.goto(`${baseUrl}/workflow/new`, { waitUntil: 'networkidle2' });
				await page.waitForSelector('[data-test-id="node-creator-plus-button"]', { visible: true });
				newWorkflowOpened = true;
			}
			const desc = description(type);
			const added = await addNodeFromCreator(page, desc);
			const expected = expectedPanel(desc, added.parameters);
			const failures = await checkOpenPanel(`new ${desc.displayName}${added.action ? ` ("${added.action}")` : ''}`, expected, shot('new-workflow', desc.displayName));
			await closePanel(page);
			expect(failures).toEqual([]);
		}, TEST_TIMEOUT_MS);

		it('Download Media with a preset chosen and options added', async () => {
			const { page } = session;
			const desc = description(`${PREFIX}downloadMedia`);
			const added = await addNodeFromCreator(page, desc);
			const parameters: INodeParameters = { ...added.parameters };
			const shown = expectedPanel(desc, parameters).labels.map((l) => l.name);
			const visible = desc.properties.filter((p) => shown.includes(p.name));

			// A preset: the first shown preset parameter, its first choice that is not the default.
			const preset = visible.find((p) => p.type === 'options' && /preset/i.test(p.name));
			expect(preset).toBeDefined();
			const choice = preset!.options!.find((o) => 'value' in o && o.value !== preset!.default) as { name: string; value: string };
			await chooseOption(page, preset!.name, choice.name);
			parameters[preset!.name] = choice.value;

			// An option from each of the first two option collections shown (after the preset).
			const values = withDefaults(desc, parameters);
			const collections = desc.properties.filter((p) => p.type === 'collection' && expectedPanel(desc, values).labels.some((l) => l.name === p.name)).slice(0, 2);
			expect(collections).toHaveLength(2);
			const addedOptions: Array<{ name: string; displayName: string }> = [];
			for (const collection of collections) {
				const option = (collection.options as Array<{ name: string; displayName: string; default: unknown }>)[0];
				await addCollectionOption(page, collection.name, option);
				parameters[collection.name] = { ...((parameters[collection.name] as object) ?? {}), [option.name]: option.default } as INodeParameters;
				addedOptions.push({ name: option.name, displayName: option.displayName });
			}
			await settle(page);

			const expected = expectedPanel(desc, parameters);
			expected.labels.push(...addedOptions);
			const failures = await checkOpenPanel(`new Download Media with ${preset!.name} "${choice.name}" and ${addedOptions.map((o) => o.name).join(', ')}`, expected, shot('new-workflow', 'download-media-preset-options'));
			await closePanel(page);
			expect(failures).toEqual([]);
		}, TEST_TIMEOUT_MS);
	});
});
