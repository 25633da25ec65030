/**
 * Smoke test of the real-n8n harness: n8n 2.40.7 starts on Node 24, imports and executes a workflow,
 * and sees this project as the community package n8n-nodes-media-downloader.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { N8N_INSTALL_TIMEOUT_MS, N8N_RUN_TIMEOUT_MS, n8nScript, startN8nHarness, type N8nHarness, type WorkflowJson } from './n8nHarness';

const projectRoot = path.resolve(__dirname, '..', '..');

const manualTriggerToSet: WorkflowJson = {
	name: 'e2e smoke: Manual Trigger → Set',
	nodes: [
		{
			id: '7b0c6a2e-1f3d-4d0e-9a51-2f6c1d9e0a01',
			name: 'Manual Trigger',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: '7b0c6a2e-1f3d-4d0e-9a51-2f6c1d9e0a02',
			name: 'Set',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: {
				mode: 'manual',
				assignments: {
					assignments: [
						{
							id: '7b0c6a2e-1f3d-4d0e-9a51-2f6c1d9e0a03',
							name: 'greeting',
							value: "={{ 'hello ' + (40 + 2) + ' from ' + $workflow.name }}",
							type: 'string',
						},
					],
				},
				options: {},
			},
		},
	],
	connections: {
		'Manual Trigger': { main: [[{ node: 'Set', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
};

describe('n8n e2e smoke (real n8n, Node 24)', () => {
	let n8n: N8nHarness;

	beforeAll(async () => {
		n8n = await startN8nHarness();
	}, N8N_INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.cleanup();
	});

	it(
		'runs Manual Trigger → Set and returns the Set output',
		async () => {
			const res = await n8n.runWorkflow(manualTriggerToSet);

			expect(res.errorMessage()).toBeUndefined();
			expect(res.exitCode).toBe(0);
			expect(res.run?.status).toBe('success');
			expect(res.workflowId.length).toBeLessThanOrEqual(21);
			expect(res.outputOf('Manual Trigger')).toStrictEqual([{ json: {}, pairedItem: { item: 0 } }]);
			expect(res.outputOf('Set')).toStrictEqual([
				{ json: { greeting: 'hello 42 from e2e smoke: Manual Trigger → Set' }, pairedItem: { item: 0 } },
			]);
			expect(res.run?.data.resultData.lastNodeExecuted).toBe('Set');
		},
		N8N_RUN_TIMEOUT_MS,
	);

	it(
		'reports a failing node with exit code 1 and its error',
		async () => {
			const res = await n8n.runWorkflow({
				name: 'e2e smoke: Stop and Error',
				nodes: [
					manualTriggerToSet.nodes[0],
					{
						id: '7b0c6a2e-1f3d-4d0e-9a51-2f6c1d9e0a04',
						name: 'Stop',
						type: 'n8n-nodes-base.stopAndError',
						typeVersion: 1,
						position: [220, 0],
						parameters: { errorMessage: "={{ 'failed on purpose ' + 7 }}" },
					},
				],
				connections: { 'Manual Trigger': { main: [[{ node: 'Stop', type: 'main', index: 0 }]] } },
			});

			expect(res.exitCode).toBe(1);
			expect(res.run?.status).toBe('error');
			expect(res.errorMessage()).toBe('failed on purpose 7');
			expect(() => res.outputOf('Stop')).toThrow(/node "Stop" failed: failed on purpose 7/);
		},
		N8N_RUN_TIMEOUT_MS,
	);

	it('links the project as community package n8n-nodes-media-downloader', () => {
		const link = path.join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-media-downloader');
		expect(n8n.packageLink).toBe(link);
		expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
		expect(fs.realpathSync(link)).toBe(fs.realpathSync(projectRoot));
		const pkg = JSON.parse(fs.readFileSync(path.join(link, 'package.json'), 'utf8')) as { name: string };
		expect(pkg.name).toBe(n8nScript.PACKAGE_NAME);
		// prepareUserFolder is idempotent: a second call keeps the same link.
		expect(n8nScript.prepareUserFolder(n8n.userFolder).linkPath).toBe(link);
		expect(fs.realpathSync(link)).toBe(fs.realpathSync(projectRoot));
	});
});
