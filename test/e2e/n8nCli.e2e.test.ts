/**
 * scripts/n8n.js as a user runs it (a real n8n 2.40.7): `start` imports the examples and serves n8n until a
 * signal stops it, with n8n's graceful shutdown and no process left behind; `execute` prints the run.
 */
import { execa } from 'execa';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { descendantsOf, processStartTime } from './activeN8n';
import { N8N_INSTALL_TIMEOUT_MS, n8nScript } from './n8nHarness';

const cli = path.resolve(__dirname, '../../scripts/n8n.js');
const examplesDir = path.resolve(__dirname, '../../examples');

async function waitFor(check: () => boolean, ms: number, what: () => string): Promise<void> {
	for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) if (check()) return;
	throw new Error(`gave up waiting after ${ms / 1000} s\n${what()}`);
}

let tmp: string;
beforeAll(async () => {
	await n8nScript.ensureN8n();
}, N8N_INSTALL_TIMEOUT_MS);
beforeEach(() => {
	tmp = mkdtempSync(path.join(os.tmpdir(), 'n8n-cli-e2e-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('node scripts/n8n.js start', () => {
	it(
		'imports examples/, serves n8n, and on Ctrl-C (twice, as npm forwards it) shuts n8n down gracefully, leaving no process',
		async () => {
			const port = await n8nScript.getFreePort();
			// Its own files folder and demo media port: the offline demo writes there, and 5680 may be taken.
			const env = {
				N8N_USER_FOLDER: path.join(tmp, 'user'),
				N8N_PORT: String(port),
				N8N_RUNNERS_BROKER_PORT: String(await n8nScript.getFreePort()),
				N8N_RESTRICT_FILE_ACCESS_TO: path.join(tmp, 'files'),
				DEMO_MEDIA_PORT: String(await n8nScript.getFreePort()),
			};
			const child = execa(process.execPath, [cli, 'start'], { env, reject: false });
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
			child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
			try {
				await waitFor(() => stdout.includes('Editor is now accessible via'), 5 * 60_000, () => `stdout:\n${stdout}\nstderr:\n${stderr}`);
				const health = await fetch(`http://127.0.0.1:${port}/healthz`);
				expect(health.status).toBe(200);
				expect(await health.json()).toEqual({ status: 'ok' });
				const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.json')).length;
				// each example and its "(offline demo)" copy
				expect(stderr).toContain(`importing ${examples * 2} workflow(s) from ${examplesDir} (with their offline demo copies)`);
				expect(stderr).toContain(`files in ${path.join(tmp, 'files', 'offline-demo')}`);
				const running = descendantsOf(child.pid!);
				expect(running.size).toBeGreaterThan(0);

				child.kill('SIGINT');
				child.kill('SIGINT');
				const res = await child;
				expect(res.exitCode).toBe(0);
				expect(stdout).toContain('Received SIGTERM. Shutting down...');
				expect(stderr).not.toContain('again: killing n8n');
				const survivors = [...running].filter(([pid, started]) => processStartTime(pid) === started);
				expect(survivors).toEqual([]);
			} finally {
				child.kill('SIGKILL');
			}
		},
		8 * 60_000,
	);
});

describe('node scripts/n8n.js execute', () => {
	it(
		'imports and executes a workflow file in a temp user folder and prints the finished run',
		async () => {
			const file = path.join(tmp, 'hello.json');
			writeFileSync(
				file,
				JSON.stringify({
					name: 'cli execute',
					nodes: [
						{ id: 'c1', name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
						{
							id: 'c2',
							name: 'Set',
							type: 'n8n-nodes-base.set',
							typeVersion: 3.4,
							position: [220, 0],
							parameters: { mode: 'manual', assignments: { assignments: [{ id: 'c3', name: 'answer', value: '={{ 6 * 7 }}', type: 'number' }] }, options: {} },
						},
					],
					connections: { 'Manual Trigger': { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
				}),
			);
			const res = await execa(process.execPath, [cli, 'execute', file], { reject: false, timeout: 8 * 60_000 });
			expect(res.exitCode).toBe(0);
			const run = JSON.parse(res.stdout) as { status: string; data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: unknown }>> } }>> } } };
			expect(run.status).toBe('success');
			expect(run.data.resultData.runData.Set[0].data.main[0].map((item) => item.json)).toEqual([{ answer: 42 }]);
			expect(res.stderr).toMatch(/executed in [\d.]+ s, exit 0/);
		},
		9 * 60_000,
	);
});
