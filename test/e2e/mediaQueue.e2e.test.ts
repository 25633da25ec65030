/**
 * Media Queue inside a real n8n 2.40.7 (`n8n import:workflow` + `n8n execute`), Local (SQLite) storage with
 * its queue file inside the folder n8n allows: tasks added from items, deduplicated across executions,
 * downloaded by Process, listed, cleared, cancelled, retried, paused, exported, backed up and restored.
 * Each test uses its own queue name and output folder, so their counts do not mix.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { sha256File } from '../fixtures';
import { xxhash64Of } from '../fixtures/checksums';
import { N8N_RUN_TIMEOUT_MS, type WorkflowJson } from './n8nHarness';
import { withN8nAndFixtures } from './withN8n';

const QUEUE_TYPE = 'n8n-nodes-media-downloader.mediaQueue';

type Node = WorkflowJson['nodes'][number];
type Json = Record<string, unknown>;

describe('Media Queue in a real n8n', () => {
	const env = withN8nAndFixtures();
	const queueFile = () => path.join(env.n8n.filesDir, 'queue', 'queue.sqlite');
	const outputDir = (queue: string) => path.join(env.n8n.filesDir, 'out', queue);

	/** A Media Queue node on this test file's queue file, queue `queue`. */
	function queueNode(name: string, queue: string, parameters: Json, extra: Partial<Node> = {}): Node {
		return { name, type: QUEUE_TYPE, typeVersion: 1, parameters: { storage: 'local', queueFile: queueFile(), queueName: queue, ...parameters }, ...extra } as Node;
	}

	/** Rows as items: n8n's Edit Fields (raw JSON) and Split Out, core nodes that need no task runner. */
	function rowNodes(rows: Json[]): Node[] {
		return [
			{ name: 'Rows', type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: { mode: 'raw', jsonOutput: JSON.stringify({ rows }), options: {} } },
			{ name: 'Split', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'rows', options: {} } },
		] as Node[];
	}

	/** Manual Trigger → the nodes, one after another. */
	function chain(name: string, nodes: Node[], id?: string): WorkflowJson {
		const all = [{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} } as Node, ...nodes].map((node, i) => ({
			id: `e0000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
			position: [i * 200, 0],
			...node,
		}));
		const connections: WorkflowJson['connections'] = {};
		for (let i = 0; i + 1 < all.length; i++) connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
		return { ...(id ? { id } : {}), name, nodes: all, connections, settings: { executionOrder: 'v1' } };
	}

	/** Runs a workflow that must succeed; returns its result. */
	async function runOk(workflow: WorkflowJson) {
		const result = await env.n8n.runWorkflow(workflow);
		if (result.exitCode !== 0) throw new Error(`workflow "${workflow.name}" failed: ${result.errorMessage()}\n${result.stdout.slice(-3000)}`);
		return result;
	}

	/** video-360.mp4 under another name: another media id for yt-dlp, the same bytes. */
	const clip = (name: string) => env.server.url(`/alias/0/video-360.mp4/${name}.mp4`);
	const jsonOf = (items: Array<{ json: Json }>) => items.map((item) => item.json);
	const addNode = (queue: string, extra: Json = {}) =>
		queueNode('Add', queue, { operation: 'add', url: '={{ $json.url }}', priority: '={{ $json.priority }}', outputDir: outputDir(queue), ...extra });

	it(
		'adds one task per item with its priority, returns the same tasks when the items come again, and Process downloads them highest priority first',
		async () => {
			const queue = 'main';
			const names = ['video-360.mp4', 'video-chapters.mp4', 'video-720.mp4'];
			const rows = names.map((name, i) => ({ url: env.server.url(`/media/${name}`), priority: [1, 5, 3][i] }));
			const adding = chain('e2e queue add', [...rowNodes(rows), addNode(queue), queueNode('Status', queue, { operation: 'getStatus' })], 'mdlQueueAdd0000001');

			const first = await runOk(adding);
			const added = jsonOf(first.outputOf('Add'));
			expect(added).toHaveLength(3);
			expect(added.map((task) => [task.url, task.priority, task.status, task.queue])).toEqual(rows.map((row) => [row.url, row.priority, 'queued', queue]));
			expect(new Set(added.map((task) => task.taskId)).size).toBe(3);
			expect(first.outputOf('Add').map((item) => item.pairedItem)).toEqual([0, 1, 2].map((item) => ({ item })));
			expect(first.outputOf('Status')[0].json).toMatchObject({ queued: 3, active: 0, completed: 0, failed: 0, isPaused: false });

			const again = await runOk(adding);
			expect(jsonOf(again.outputOf('Add')).map((task) => task.taskId)).toEqual(added.map((task) => task.taskId));
			expect(again.outputOf('Status')[0].json).toMatchObject({ queued: 3 });

			// One at a time, so the order of the output is the order they started in.
			const processed = await runOk(chain('e2e queue process', [queueNode('Process', queue, { operation: 'process', maxTasks: 3, maxConcurrent: 1 })]));
			const done = jsonOf(processed.outputOf('Process'));
			const byPriority = [1, 2, 0].map((i) => added[i].taskId);
			expect(done.map((task) => task.taskId)).toEqual(byPriority);
			for (const task of done) {
				const name = names[added.findIndex((a) => a.taskId === task.taskId)];
				const [file] = task.files as Array<{ localPath: string; fileSize: number }>;
				expect(task).toMatchObject({ status: 'completed', attempts: 1, localPath: file.localPath, fileSize: env.server.media[name].size });
				expect(file).toMatchObject({ checksum: await xxhash64Of(env.server.media[name].path), fileSize: env.server.media[name].size });
				expect(path.dirname(file.localPath)).toBe(outputDir(queue));
				expect(await sha256File(file.localPath)).toBe(env.server.media[name].sha256);
			}
			expect(readdirSync(outputDir(queue)).sort()).toEqual(done.map((task) => path.basename(String(task.localPath))).sort());

			const listed = await runOk(
				chain('e2e queue list clear', [
					queueNode('Completed', queue, { operation: 'listTasks', status: 'completed', returnAll: true }),
					queueNode('Clear', queue, { operation: 'clearCompleted' }),
					queueNode('All', queue, { operation: 'listTasks', status: 'all', returnAll: true }, { alwaysOutputData: true }),
				]),
			);
			expect(jsonOf(listed.outputOf('Completed')).map((task) => task.taskId).sort()).toEqual([...byPriority].sort());
			expect(listed.outputOf('Clear')[0].json).toEqual({ cleared: 3 });
			// alwaysOutputData turns "no tasks" into one empty item.
			expect(jsonOf(listed.outputOf('All'))).toEqual([{}]);
			// Clearing removes the tasks, not their files.
			for (const task of done) expect(existsSync(String(task.localPath))).toBe(true);
		},
		N8N_RUN_TIMEOUT_MS,
	);

	it(
		'refuses an output folder outside the folders n8n allows, naming the item; with Continue On Fail only that item fails',
		async () => {
			const queue = 'refused';
			const forbidden = `/tmp/mdl-queue-not-allowed-${process.pid}`;
			const rows = [
				{ url: env.server.url('/media/audio.mp3'), dir: outputDir(queue) },
				{ url: env.server.url('/media/audio.opus'), dir: forbidden },
				{ url: env.server.url('/media/audio.webm'), dir: outputDir(queue) },
			];
			const add = (extra: Partial<Node>) => queueNode('Add', queue, { operation: 'add', url: '={{ $json.url }}', outputDir: '={{ $json.dir }}' }, extra);

			const failed = await env.n8n.runWorkflow(chain('e2e queue refused', [...rowNodes(rows), add({})]));
			expect(failed.exitCode).toBe(1);
			expect(failed.errorMessage()).toMatch(new RegExp(`^Item 2: .*Access to "${forbidden}" is not allowed`));

			const tolerant = await runOk(
				chain('e2e queue refused continue', [...rowNodes(rows), add({ onError: 'continueRegularOutput' }), queueNode('Status', queue, { operation: 'getStatus' })]),
			);
			const out = tolerant.outputOf('Add');
			expect(out.map((item) => item.pairedItem)).toEqual([0, 1, 2].map((item) => ({ item })));
			expect(out[0].json).toMatchObject({ status: 'queued', url: rows[0].url });
			expect(String(out[1].json.error)).toMatch(`Access to "${forbidden}" is not allowed`);
			expect(out[1].json.taskId).toBeUndefined();
			expect(out[2].json).toMatchObject({ status: 'queued', url: rows[2].url });
			// The first run stopped at item 2, after item 1 was queued; this run found it again.
			expect(tolerant.outputOf('Status')[0].json).toMatchObject({ queued: 2 });
			expect(existsSync(forbidden)).toBe(false);
		},
		N8N_RUN_TIMEOUT_MS,
	);

	it(
		'exports a summary only inside the allowed folders, with the totals of the queue',
		async () => {
			const queue = 'summary';
			const outside = `/tmp/mdl-queue-summary-${process.pid}.json`;
			const inside = path.join(env.n8n.filesDir, 'reports', 'summary.json');
			const rows = [{ url: clip('summary-a'), priority: 2 }, { url: clip('summary-b'), priority: 0 }];
			const refused = await env.n8n.runWorkflow(
				chain('e2e queue summary refused', [queueNode('Export', queue, { operation: 'exportSummary', summaryFile: outside })]),
			);
			expect(refused.exitCode).toBe(1);
			expect(refused.errorMessage()).toMatch(`Access to "${outside}" is not allowed`);
			expect(existsSync(outside)).toBe(false);

			const result = await runOk(
				chain('e2e queue summary', [
					...rowNodes(rows),
					addNode(queue),
					queueNode('Process', queue, { operation: 'process', maxTasks: 1 }),
					queueNode('Export', queue, { operation: 'exportSummary', summaryFile: inside }),
				]),
			);
			const [downloaded] = jsonOf(result.outputOf('Process'));
			expect(downloaded).toMatchObject({ status: 'completed', url: rows[0].url });
			const written = JSON.parse(readFileSync(inside, 'utf8')) as Json & { tasks: Json[] };
			const host = new URL(env.server.baseUrl).host;
			expect(written).toMatchObject({
				queue,
				paused: false,
				totalTasks: 2,
				byStatus: { queued: 1, active: 0, completed: 1, failed: 0, cancelled: 0 },
				bySource: { [host]: 2 },
				bytesDownloaded: env.server.media['video-360.mp4'].size,
			});
			expect(written.tasks.map((task) => [task.url, task.status, task.fileSize])).toEqual([
				[rows[0].url, 'completed', env.server.media['video-360.mp4'].size],
				[rows[1].url, 'queued', null],
			]);
			const [exported] = jsonOf(result.outputOf('Export'));
			expect(exported).toMatchObject({ file: inside, totalTasks: 2, bytesDownloaded: written.bytesDownloaded });
		},
		N8N_RUN_TIMEOUT_MS,
	);

	it(
		'cancels and retries a task by its ID; a paused queue processes nothing until resumed',
		async () => {
			const queue = 'control';
			const rows = [{ url: clip('control-a'), priority: 0 }, { url: clip('control-b'), priority: 0 }];
			const added = jsonOf((await runOk(chain('e2e queue control add', [...rowNodes(rows), addNode(queue)]))).outputOf('Add'));
			const [first, second] = added.map((task) => String(task.taskId));
			const byId = (operation: string, ids: string[], extra: Partial<Node> = {}) => [
				...rowNodes(ids.map((taskId) => ({ taskId }))),
				queueNode(operation, queue, { operation, taskId: '={{ $json.taskId }}' }, extra),
			];

			const cancelled = await runOk(chain('e2e queue cancel', byId('cancel', [first])));
			expect(cancelled.outputOf('cancel')[0].json).toMatchObject({ taskId: first, status: 'cancelled' });
			// Retrying a queued task is refused, with the item and the reason; an unknown id likewise.
			const refused = await runOk(chain('e2e queue retry refused', byId('retry', [second, 'no-such-task'], { onError: 'continueRegularOutput' })));
			expect(jsonOf(refused.outputOf('retry'))).toEqual([
				{ error: `Item 1: task ${second} is queued; only failed or cancelled tasks can be retried` },
				{ error: 'Item 2: no task no-such-task in this queue' },
			]);
			const retried = await runOk(chain('e2e queue retry', byId('retry', [first])));
			expect(retried.outputOf('retry')[0].json).toMatchObject({ taskId: first, status: 'queued' });

			const paused = await runOk(
				chain('e2e queue paused', [
					queueNode('Pause', queue, { operation: 'pause' }),
					queueNode('Process', queue, { operation: 'process', maxTasks: 5 }, { alwaysOutputData: true }),
					queueNode('Status', queue, { operation: 'getStatus' }),
				]),
			);
			expect(paused.outputOf('Pause')[0].json).toMatchObject({ isPaused: true, paused: 2, queued: 0 });
			expect(jsonOf(paused.outputOf('Process'))).toEqual([{}]);
			expect(paused.outputOf('Status')[0].json).toMatchObject({ isPaused: true, paused: 2, active: 0, completed: 0 });
			expect(existsSync(outputDir(queue)) ? readdirSync(outputDir(queue)) : []).toEqual([]);

			const resumed = await runOk(
				chain('e2e queue resumed', [queueNode('Resume', queue, { operation: 'resume' }), queueNode('Process', queue, { operation: 'process', maxTasks: 5 })]),
			);
			expect(resumed.outputOf('Resume')[0].json).toMatchObject({ isPaused: false, queued: 2 });
			const done = jsonOf(resumed.outputOf('Process'));
			expect(done.map((task) => task.taskId).sort()).toEqual([first, second].sort());
			expect(done.map((task) => task.status)).toEqual(['completed', 'completed']);
			const get = await runOk(chain('e2e queue get', byId('getTask', [first])));
			expect(get.outputOf('getTask')[0].json).toMatchObject({ taskId: first, status: 'completed', attempts: 1 });
		},
		N8N_RUN_TIMEOUT_MS,
	);

	it(
		'backs up the queue, and a restore after Clear Completed gives back every task',
		async () => {
			const queue = 'backup';
			const rows = [{ url: clip('backup-a'), priority: 1 }, { url: clip('backup-b'), priority: 0 }];
			const result = await runOk(
				chain('e2e queue backup', [
					...rowNodes(rows),
					addNode(queue),
					queueNode('Process', queue, { operation: 'process', maxTasks: 1 }),
					queueNode('Backup', queue, { operation: 'backup' }),
					queueNode('Clear', queue, { operation: 'clearCompleted' }),
					queueNode('After Clear', queue, { operation: 'listTasks', returnAll: true }),
				]),
			);
			const added = jsonOf(result.outputOf('Add'));
			const backupFile = String(result.outputOf('Backup')[0].json.backupFile);
			expect(existsSync(backupFile)).toBe(true);
			expect(path.relative(env.n8n.filesDir, backupFile).startsWith('..')).toBe(false);
			expect(result.outputOf('Clear')[0].json).toEqual({ cleared: 1 });
			expect(jsonOf(result.outputOf('After Clear')).map((task) => task.taskId)).toEqual([added[1].taskId]);

			// A backup named outside the allowed folders is refused before it is read.
			const refused = await env.n8n.runWorkflow(chain('e2e queue restore refused', [queueNode('Restore', queue, { operation: 'restore', backupFile: '/etc/hostname' })]));
			expect(refused.exitCode).toBe(1);
			expect(refused.errorMessage()).toMatch('Access to "/etc/hostname" is not allowed');

			const restored = await runOk(
				chain('e2e queue restore', [
					queueNode('Restore', queue, { operation: 'restore' }),
					queueNode('All', queue, { operation: 'listTasks', returnAll: true }),
				]),
			);
			expect(restored.outputOf('Restore')[0].json).toMatchObject({ file: backupFile, queue, restored: 2, removed: [], keptSinceBackup: [] });
			const tasks = jsonOf(restored.outputOf('All'));
			expect(tasks.map((task) => [task.taskId, task.status]).sort()).toEqual(
				[
					[added[0].taskId, 'completed'],
					[added[1].taskId, 'queued'],
				].sort(),
			);
			const completed = tasks.find((task) => task.status === 'completed')!;
			expect(completed).toMatchObject({ fileSize: env.server.media['video-360.mp4'].size });
			expect(await sha256File(String(completed.localPath))).toBe(env.server.media['video-360.mp4'].sha256);
		},
		N8N_RUN_TIMEOUT_MS,
	);
});
