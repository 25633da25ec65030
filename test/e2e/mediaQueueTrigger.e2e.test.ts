/**
 * Media Queue Trigger in a running n8n 2.40.7 (`n8n start`, the workflow imported and published): in Run
 * Downloads Here mode it downloads what a producer workflow queued and starts one execution per finished
 * task, whose file n8n's own Read/Write Files node writes out; n8n's graceful shutdown stops its worker and
 * leaves no yt-dlp behind. In Report Finished Tasks mode it only watches the queue while a DownloadManager of
 * this test downloads, and reports completed and failed tasks alike.
 */
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import { DownloadManager, type Task } from '../../lib';
import { sha256File } from '../fixtures';
import { xxhash64Of } from '../fixtures/checksums';
import { commandLine, importWorkflow, processStartTime, processesWith, publishWorkflow, startActiveN8n, unpublishWorkflow, type ActiveN8n } from './activeN8n';
import type { WorkflowJson } from './n8nHarness';
import { withN8nAndFixtures } from './withN8n';

const PACKAGE = 'n8n-nodes-media-downloader';
type Node = WorkflowJson['nodes'][number];

/** Nodes connected one after another, with ids and positions. */
function linear(id: string, name: string, nodes: Node[]): WorkflowJson {
	const all = nodes.map((node, i) => ({ id: `f0000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`, position: [i * 200, 0], ...node }));
	const connections: WorkflowJson['connections'] = {};
	for (let i = 0; i + 1 < all.length; i++) connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	return { id, name, nodes: all, connections, settings: { executionOrder: 'v1' } };
}

/** n8n's Read/Write Files node writing the item's binary `data` to `fileName` (an expression). */
const writeNode = (fileName: string): Node => ({
	name: 'Write',
	type: 'n8n-nodes-base.readWriteFile',
	typeVersion: 1,
	parameters: { operation: 'write', fileName, dataPropertyName: 'data', options: {} },
});

async function waitFor<T>(what: string, ms: number, check: () => Promise<T | undefined> | T | undefined, details: () => string = () => ''): Promise<T> {
	for (const end = Date.now() + ms; ; await new Promise((resolve) => setTimeout(resolve, 500))) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > end) throw new Error(`gave up waiting ${ms / 1000} s for ${what}\n${details()}`);
	}
}

/** Those of `processes` (pid → start time) still alive, with their command lines. */
function survivors(processes: Map<number, string>): string[] {
	return [...processes]
		.filter(([pid, started]) => processStartTime(pid) === started)
		.map(([pid]) => `${pid}: ${commandLine(pid)}`);
}

/** Executions n8n recorded for a workflow (read from its SQLite database after it stopped). */
function executionsOf(userFolder: string, workflowId: string): Array<{ status: string; mode: string }> {
	const db = new DatabaseSync(path.join(userFolder, '.n8n', 'database.sqlite'), { readOnly: true });
	try {
		return db.prepare('SELECT status, mode FROM execution_entity WHERE workflowId = ? ORDER BY id').all(workflowId) as Array<{ status: string; mode: string }>;
	} finally {
		db.close();
	}
}

describe('Media Queue Trigger in a running n8n', () => {
	const env = withN8nAndFixtures();
	const queueFile = () => path.join(env.n8n.filesDir, 'queue', 'queue.sqlite');
	const storage = (queueName: string) => ({ storage: 'local', queueFile: queueFile(), queueName });

	// Started by each test, and stopped (or killed, when the test failed first) in its finally block.
	let n8n: ActiveN8n | undefined;

	it(
		'Run Downloads Here: downloads what a producer workflow queued, one execution per task writes its file, and a graceful stop leaves no yt-dlp and requeues the running task',
		async () => {
			const queue = 'here';
			const outDir = path.join(env.n8n.filesDir, 'out', queue);
			const received = path.join(env.n8n.filesDir, 'received');
			mkdirSync(received, { recursive: true });
			const names = ['video-360.mp4', 'video-720.mp4', 'video-chapters.mp4'];
			// A fourth, throttled to take over three minutes, is still downloading when n8n is stopped (under its own
			// name: as video-360 it would find the first task's file in the folder and end at once).
			const slowUrl = env.server.url('/alias/1000/video-360.mp4/slow-clip.mp4');
			const rows = [...names.map((name) => ({ url: env.server.url(`/media/${name}`), priority: 5 })), { url: slowUrl, priority: 0 }];

			const triggerFlow = linear('mdlTriggerHere00001', 'e2e trigger run here', [
				{
					name: 'Trigger',
					type: `${PACKAGE}.mediaQueueTrigger`,
					typeVersion: 1,
					parameters: { ...storage(queue), mode: 'runHere', events: ['completed'], maxConcurrent: 4, stopTimeout: 1, includeBinary: true },
				},
				writeNode(`={{ ${JSON.stringify(received + '/')} + $json.taskId + "." + $json.localPath.split(".").pop() }}`),
			]);
			await importWorkflow(env.n8n, triggerFlow);
			await publishWorkflow(env.n8n, triggerFlow.id!);
			try {
				n8n = await startActiveN8n(env.n8n, { activeWorkflowIds: [triggerFlow.id!] });

				// The producer runs in its own `n8n execute` while the server runs: both share n8n's database.
				const producer = await env.n8n.runWorkflow(
					linear('mdlTriggerProducer1', 'e2e trigger producer', [
						{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
						{ name: 'Rows', type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: { mode: 'raw', jsonOutput: JSON.stringify({ rows }), options: {} } },
						{ name: 'Split', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'rows', options: {} } },
						{
							name: 'Add',
							type: `${PACKAGE}.mediaQueue`,
							typeVersion: 1,
							parameters: { ...storage(queue), operation: 'add', url: '={{ $json.url }}', priority: '={{ $json.priority }}', outputDir: outDir },
						},
					]),
				);
				expect(producer.exitCode).toBe(0);
				const added = producer.outputOf('Add').map((item) => item.json as unknown as { taskId: string; url: string });
				expect(added.map((task) => task.url)).toEqual(rows.map((row) => row.url));
				const fastIds = added.slice(0, 3).map((task) => task.taskId);
				const slowId = added[3].taskId;

				const files = await waitFor(
					'3 files written by the trigger workflow',
					90_000,
					() => {
						const found = readdirSync(received).sort();
						const sizes = found.map((file) => statSync(path.join(received, file)).size);
						const expected = fastIds.map((id, i) => ({ file: `${id}.mp4`, size: env.server.media[names[i]].size }));
						return expected.every(({ file, size }) => sizes[found.indexOf(file)] === size) ? found : undefined;
					},
					() => `received: ${readdirSync(received).map((f) => `${f} (${statSync(path.join(received, f)).size} bytes)`).join(', ')}, expected ${fastIds.join(', ')}\n${n8n!.log().split('\n').slice(-40).join('\n')}`,
				);
				expect(files).toEqual(fastIds.map((id) => `${id}.mp4`).sort());
				for (const [i, id] of fastIds.entries()) expect(await sha256File(path.join(received, `${id}.mp4`))).toBe(env.server.media[names[i]].sha256);

				// The slow download is running now (its yt-dlp is a child of n8n).
				const host = new URL(env.server.baseUrl).host;
				await waitFor('the slow download to run', 30_000, () => (processesWith(slowUrl).length > 0 ? true : undefined));
				const before = n8n.descendants();
				const stopped = await n8n.stop();
				expect(stopped).toMatchObject({ exitCode: 0, signal: null });
				expect(n8n.log()).toContain('Received SIGTERM. Shutting down...');
				// n8n may still exit 0 after its own shutdown limit ran out: what it logs then tells.
				expect(n8n.log()).not.toContain('Shutdown timed out');
				expect(processesWith(host)).toEqual([]);
				expect(survivors(before)).toEqual([]);

				const manager = new DownloadManager({ store: { kind: 'sqlite', file: queueFile(), queue } });
				let tasks: Map<string, Task>;
				try {
					tasks = new Map((await manager.getAllTasks()).map((task) => [task.taskId, task]));
				} finally {
					await manager.close();
				}
				for (const id of fastIds) expect(tasks.get(id)).toMatchObject({ status: 'completed', attempts: 1 });
				// Back in the queue for the next start, and its partial files gone: the folder holds the three downloads only.
				expect(tasks.get(slowId)).toMatchObject({ status: 'queued' });
				expect(readdirSync(outDir).sort()).toEqual(fastIds.map((id) => path.basename(String(tasks.get(id)!.result!.files[0].localPath))).sort());
				const executions = executionsOf(env.n8n.userFolder, triggerFlow.id!);
				expect(executions).toEqual(fastIds.map(() => ({ status: 'success', mode: 'trigger' })));
			} finally {
				await n8n?.kill();
				await unpublishWorkflow(env.n8n, triggerFlow.id!);
			}
		},
		4 * 60_000,
	);

	it(
		'Report Finished Tasks: reports a completed and a failed task that a DownloadManager outside n8n ran, once each',
		async () => {
			const queue = 'report';
			const outDir = path.join(env.n8n.filesDir, 'out', queue);
			const reports = path.join(env.n8n.filesDir, 'reports');
			mkdirSync(reports, { recursive: true });
			const triggerFlow = linear('mdlTriggerReport001', 'e2e trigger report', [
				{ name: 'Trigger', type: `${PACKAGE}.mediaQueueTrigger`, typeVersion: 1, parameters: { ...storage(queue), mode: 'report', events: ['completed', 'failed'] } },
				{ name: 'To JSON', type: 'n8n-nodes-base.convertToFile', typeVersion: 1.1, parameters: { operation: 'toJson', mode: 'each', binaryPropertyName: 'data', options: {} } },
				// One file per execution: a task reported twice would leave two.
				writeNode(`={{ ${JSON.stringify(reports + '/')} + $execution.id + "_" + $('Trigger').item.json.taskId + ".json" }}`),
			]);
			await importWorkflow(env.n8n, triggerFlow);
			await publishWorkflow(env.n8n, triggerFlow.id!);
			try {
				n8n = await startActiveN8n(env.n8n, { activeWorkflowIds: [triggerFlow.id!] });

				const good = env.server.url('/media/video-360.mp4');
				const bad = env.server.url('/fault/status/404/x.mp4');
				const manager = new DownloadManager({ store: { kind: 'sqlite', file: queueFile(), queue }, defaultOutputDir: outDir });
				let finished: Task[];
				try {
					await manager.addDownloads([good, bad]);
					finished = await manager.runQueued({ limit: 2, concurrency: 2 });
				} finally {
					await manager.close();
				}
				const [completed, failed] = [good, bad].map((url) => finished.find((task) => task.url === url)!);
				expect(completed.status).toBe('completed');
				expect(failed.status).toBe('failed');

				const written = await waitFor(
					'2 reports',
					60_000,
					() => {
						const found = readdirSync(reports);
						return found.length >= 2 ? found : undefined;
					},
					() => n8n!.log().split('\n').slice(-40).join('\n'),
				);
				// A few more polls of the trigger: nothing is reported twice.
				await new Promise((resolve) => setTimeout(resolve, 5000));
				expect(readdirSync(reports)).toHaveLength(2);
				const byTask = new Map(written.map((file) => [path.parse(file).name.split('_')[1], JSON.parse(readFileSync(path.join(reports, file), 'utf8')) as Record<string, unknown>]));
				expect(byTask.get(completed.taskId)).toMatchObject({
					event: 'completed',
					status: 'completed',
					url: good,
					fileSize: env.server.media['video-360.mp4'].size,
					files: [expect.objectContaining({ checksum: await xxhash64Of(env.server.media['video-360.mp4'].path) })],
				});
				expect(byTask.get(failed.taskId)).toMatchObject({ event: 'failed', status: 'failed', url: bad, error: expect.stringMatching(/404/) });

				const stopped = await n8n.stop();
				expect(stopped).toMatchObject({ exitCode: 0, signal: null });
				expect(n8n.log()).not.toContain('Shutdown timed out');
				expect(executionsOf(env.n8n.userFolder, triggerFlow.id!)).toEqual([
					{ status: 'success', mode: 'trigger' },
					{ status: 'success', mode: 'trigger' },
				]);
			} finally {
				await n8n?.kill();
				await unpublishWorkflow(env.n8n, triggerFlow.id!);
			}
		},
		4 * 60_000,
	);
});
