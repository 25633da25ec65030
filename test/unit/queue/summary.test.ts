import { mkdtempSync, promises as fs, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { SqliteStore } from '../../../lib/queue/sqliteStore';
import { exportQueueSummary, type QueueSummary } from '../../../lib/queue/summary';

let dir: string;
let store: SqliteStore;

beforeEach(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'mdl-summary-'));
	store = new SqliteStore({ file: path.join(dir, 'queue.sqlite'), queue: 'reports' });
});

afterEach(async () => {
	await store.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('exportQueueSummary', () => {
	it('writes totals, counts by status and by source, bytes and the details of every task', async () => {
		const outcomes = await store.add([
			{ url: 'https://media.example.com/a.mp4', priority: 3 },
			{ url: 'https://media.example.com/b.mp4', priority: 2 },
			{ url: 'http://127.0.0.1:8080/c.mp3', priority: 1 },
			{ url: 'https://Other.Example.org/d', priority: 0 },
		]);
		const [a, b, c, d] = outcomes.map((o) => o.task);
		const first = (await store.claim('w', 60_000))!;
		await store.complete(first.task.taskId, first.token, {
			files: [
				{ localPath: '/downloads/a.mp4', fileSize: 1000 },
				{ localPath: '/downloads/a.en.vtt', fileSize: 24 },
			],
			totalBytes: 1024,
		});
		const second = (await store.claim('w', 60_000))!;
		await store.complete(second.task.taskId, second.token, { files: [{ localPath: '/downloads/b.mp4', fileSize: 2048 }], totalBytes: 2048 });
		const third = (await store.claim('w', 60_000))!;
		await store.fail(third.task.taskId, third.token, { message: 'HTTP Error 404: Not Found', kind: 'NotFound' });
		await store.cancel(d.taskId);
		await store.pause();

		const file = path.join(dir, 'reports', 'monthly_summary.json');
		const before = Date.now();
		const summary = await exportQueueSummary(store, file);
		const written = JSON.parse(await fs.readFile(file, 'utf8')) as QueueSummary;
		expect(written).toEqual(summary);
		expect(readdirSync(path.dirname(file))).toEqual(['monthly_summary.json']);

		expect(Date.parse(summary.exportTime)).toBeGreaterThanOrEqual(before - 1000);
		expect(summary).toMatchObject({
			queue: 'reports',
			paused: true,
			totalTasks: 4,
			byStatus: { queued: 0, active: 0, completed: 2, failed: 1, cancelled: 1 },
			bySource: { 'media.example.com': 2, '127.0.0.1:8080': 1, 'other.example.org': 1 },
			bytesDownloaded: 3072,
		});
		const byId = new Map(summary.tasks.map((t) => [t.taskId, t]));
		expect(summary.tasks.map((t) => t.taskId)).toEqual([a.taskId, b.taskId, c.taskId, d.taskId]);
		expect(byId.get(a.taskId)).toEqual({
			taskId: a.taskId,
			url: 'https://media.example.com/a.mp4',
			status: 'completed',
			priority: 3,
			createdAt: new Date(a.createdAt).toISOString(),
			completedAt: new Date((await store.get(a.taskId))!.completedAt!).toISOString(),
			fileSize: 1024,
			localPath: '/downloads/a.mp4',
			fileCount: 2,
			attempts: 1,
			lastError: null,
		});
		expect(byId.get(c.taskId)).toMatchObject({ status: 'failed', fileSize: null, localPath: null, completedAt: expect.any(String), lastError: 'HTTP Error 404: Not Found' });
		expect(byId.get(d.taskId)).toMatchObject({ status: 'cancelled', fileSize: null, localPath: null, fileCount: 0, attempts: 0 });
	});

	it('summarizes an empty queue with every status at zero, and replaces an older summary file', async () => {
		const file = path.join(dir, 'summary.json');
		await store.add([{ url: 'https://a.example/1' }]);
		await exportQueueSummary(store, file);
		await store.remove((await store.exportTasks()).map((t) => t.taskId));
		const summary = await exportQueueSummary(store, file);
		expect(summary).toMatchObject({ totalTasks: 0, byStatus: { queued: 0, active: 0, completed: 0, failed: 0, cancelled: 0 }, bySource: {}, bytesDownloaded: 0, tasks: [], paused: false });
		expect(JSON.parse(await fs.readFile(file, 'utf8'))).toEqual(summary);
		expect(readdirSync(dir).filter((name) => name.includes('summary'))).toEqual(['summary.json']);
	});
});
