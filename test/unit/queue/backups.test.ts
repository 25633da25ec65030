import { mkdtempSync, promises as fs, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
	backupFileName,
	BACKUP_FORMAT,
	createBackup,
	defaultBackupDir,
	listBackups,
	readBackup,
	restoreFromBackup,
	startBackupTimer,
	type QueueBackup,
} from '../../../lib/queue/backups';
import { SqliteStore } from '../../../lib/queue/sqliteStore';
import type { Task } from '../../../lib/queue/types';

let dir: string;
let store: SqliteStore;
let backups: string;

beforeEach(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'mdl-backups-'));
	store = new SqliteStore({ file: path.join(dir, 'queue.sqlite') });
	backups = defaultBackupDir(path.join(dir, 'queue.sqlite'));
});

afterEach(async () => {
	await store.close();
	rmSync(dir, { recursive: true, force: true });
});

/** Five tasks in every state a backup must carry: queued at two priorities, active, completed, failed. */
async function fillQueue(): Promise<void> {
	await store.add([
		{ url: 'https://a.example/1', priority: 5 },
		{ url: 'https://a.example/2', priority: 1, config: { quality: '720p' } },
		{ url: 'https://b.example/3', priority: 9, preset: 'podcast' },
		{ url: 'https://b.example/4' },
		{ url: 'https://c.example/5', priority: 2 },
	]);
	const first = (await store.claim('worker-1', 60_000))!;
	expect(first.task.url).toBe('https://b.example/3');
	await store.complete(first.task.taskId, first.token, { files: [{ localPath: '/x/3.mp3', fileSize: 1234 }], totalBytes: 1234 });
	const second = (await store.claim('worker-1', 60_000))!;
	await store.fail(second.task.taskId, second.token, { message: 'gone', kind: 'NotFound' });
	await store.claim('worker-1', 60_000); // stays active
}

const essentials = (tasks: Task[]) =>
	tasks.map((t) => ({ taskId: t.taskId, url: t.url, priority: t.priority, status: t.status, config: t.config, preset: t.preset, createdAt: t.createdAt })).sort((a, b) => a.taskId.localeCompare(b.taskId));

describe('createBackup', () => {
	it('writes a timestamped JSON file with format, version, queue, createdAt and every task', async () => {
		await fillQueue();
		const file = await createBackup(store, { dir: backups, now: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)) });
		expect(path.basename(file)).toBe('queue_backup_20240102_030405_006.json');
		expect(path.dirname(file)).toBe(path.join(dir, 'backups'));
		const backup = JSON.parse(await fs.readFile(file, 'utf8')) as QueueBackup;
		expect(backup).toMatchObject({ format: BACKUP_FORMAT, version: 1, queue: 'default', createdAt: '2024-01-02T03:04:05.006Z' });
		expect(essentials(backup.tasks)).toEqual(essentials(await store.exportTasks()));
		// nothing but the backup in the folder: the temporary file was moved, not copied
		expect(readdirSync(backups)).toEqual(['queue_backup_20240102_030405_006.json']);
	});

	it('keeps the newest K backups and never overwrites one taken in the same millisecond', async () => {
		await store.add([{ url: 'https://a.example/1' }]);
		const at = new Date(Date.UTC(2024, 5, 1, 12, 0, 0, 0));
		const files: string[] = [];
		for (let i = 0; i < 6; i++) files.push(await createBackup(store, { dir: backups, keep: 4, now: at }));
		expect(new Set(files).size).toBe(6);
		const kept = await listBackups(backups);
		expect(kept).toEqual(files.slice(2));
		expect(kept.map((f) => path.basename(f))).toEqual([2, 3, 4, 5].map((ms) => backupFileName(new Date(at.getTime() + ms))));
		expect(path.basename(kept[0])).toBe('queue_backup_20240601_120000_002.json');
	});

	it('names a backup after the newest one even when the clock went back, so it is the one restored', async () => {
		await store.add([{ url: 'https://a.example/1' }]);
		const late = await createBackup(store, { dir: backups, now: new Date(Date.UTC(2030, 0, 1)) });
		await store.add([{ url: 'https://a.example/2' }]);
		const early = await createBackup(store, { dir: backups, now: new Date(Date.UTC(2020, 0, 1)) });
		expect(path.basename(early)).toBe('queue_backup_20300101_000000_001.json');
		expect((await listBackups(backups)).at(-1)).toBe(early);
		expect(late < early).toBe(true);
		await store.remove((await store.exportTasks()).map((t) => t.taskId));
		expect((await restoreFromBackup(store, { dir: backups })).restored).toBe(2);
	});

	it('puts backups of other queues in their own folder', () => {
		expect(defaultBackupDir('/data/queue.sqlite', 'podcasts')).toBe('/data/backups/podcasts');
		expect(defaultBackupDir('/data/queue.sqlite')).toBe('/data/backups');
	});
});

describe('restoreFromBackup', () => {
	it('backup → clear → restore gives back every task: ids, urls, priorities, states (active back as queued)', async () => {
		await fillQueue();
		const before = await store.exportTasks();
		const activeId = before.find((t) => t.status === 'active')!.taskId;
		await createBackup(store, { dir: backups });

		await store.remove(before.map((t) => t.taskId));
		expect(await store.exportTasks()).toEqual([]);

		const report = await restoreFromBackup(store, { dir: backups });
		expect(report).toMatchObject({ restored: 5, requeued: [activeId], keptSinceBackup: [], removed: [], skippedActive: [], skippedDuplicate: [] });
		const after = await store.exportTasks();
		const expected = essentials(before).map((t) => (t.taskId === activeId ? { ...t, status: 'queued' } : t));
		expect(essentials(after)).toEqual(expected);
		const completed = after.find((t) => t.status === 'completed')!;
		expect(completed.result).toEqual({ files: [{ localPath: '/x/3.mp3', fileSize: 1234 }], totalBytes: 1234 });
		expect(after.find((t) => t.status === 'failed')!.lastError).toEqual({ message: 'gone', kind: 'NotFound' });
		expect(after.find((t) => t.taskId === activeId)!.lease).toBeUndefined();

		// the restored queue runs in priority order again, the formerly active task included
		const order: string[] = [];
		for (let claimed = await store.claim('w2', 60_000); claimed; claimed = await store.claim('w2', 60_000)) order.push(claimed.task.url);
		expect(order).toEqual(['https://c.example/5', 'https://a.example/2', 'https://b.example/4']);
	});

	it('keeps a task added after the backup and reports it; replace removes it and reports that', async () => {
		await store.add([{ url: 'https://a.example/old' }]);
		const file = await createBackup(store, { dir: backups });
		const [{ task: added }] = await store.add([{ url: 'https://a.example/new', priority: 3 }]);

		const kept = await restoreFromBackup(store, { dir: backups });
		expect(kept.keptSinceBackup).toEqual([added.taskId]);
		expect(kept.removed).toEqual([]);
		expect((await store.get(added.taskId))?.status).toBe('queued');
		expect(await store.exportTasks()).toHaveLength(2);

		const replaced = await restoreFromBackup(store, { dir: backups, file, replace: true });
		expect(replaced.removed).toEqual([added.taskId]);
		expect(replaced.keptSinceBackup).toEqual([]);
		expect(await store.get(added.taskId)).toBeNull();
		expect((await store.exportTasks()).map((t) => t.url)).toEqual(['https://a.example/old']);
	});

	it('leaves a task running now alone and does not queue a second copy of a task re-added since the backup', async () => {
		const [{ task: running }, { task: waiting }] = (await store.add([{ url: 'https://a.example/run' }, { url: 'https://a.example/wait' }])).map((o) => o);
		await createBackup(store, { dir: backups });
		const claim = (await store.claim('w', 60_000))!;
		expect(claim.task.taskId).toBe(running.taskId);
		await store.remove([waiting.taskId]);
		const [{ task: again }] = await store.add([{ url: 'https://a.example/wait' }]);

		const report = await restoreFromBackup(store, { dir: backups });
		expect(report.skippedActive).toEqual([running.taskId]);
		expect(report.skippedDuplicate).toEqual([{ taskId: waiting.taskId, existing: again.taskId }]);
		expect(report.keptSinceBackup).toEqual([again.taskId]);
		expect(report.restored).toBe(0);
		expect((await store.get(running.taskId))?.status).toBe('active');
		expect(await store.complete(running.taskId, claim.token, { files: [], totalBytes: 0 })).toBe(true);
		expect((await store.list('queued')).map((t) => t.taskId)).toEqual([again.taskId]);
	});

	it('refuses a foreign, broken, newer or other-queue file with a clear error and changes nothing', async () => {
		await store.add([{ url: 'https://a.example/1' }]);
		const good = JSON.parse(await fs.readFile(await createBackup(store, { dir: backups }), 'utf8')) as QueueBackup;
		const [{ task: extra }] = await store.add([{ url: 'https://a.example/2' }]);
		const snapshot = await store.exportTasks();
		const write = (name: string, text: string) => {
			const file = path.join(dir, name);
			writeFileSync(file, text);
			return file;
		};
		const cases: Array<[string, RegExp]> = [
			[write('foreign.json', JSON.stringify({ tasks: [] })), /has no "format"/],
			[write('half.json', JSON.stringify(good).slice(0, 40)), /not valid JSON/],
			[write('newer.json', JSON.stringify({ ...good, version: 99 })), /version 99, newer/],
			[write('badtask.json', JSON.stringify({ ...good, tasks: [{ ...good.tasks[0], status: 'sleeping' }] })), /task 1 has no valid "status"/],
			[write('other.json', JSON.stringify({ ...good, queue: 'podcasts' })), /backup of queue "podcasts"/],
			[path.join(dir, 'missing.json'), /does not exist/],
		];
		for (const [file, message] of cases) {
			await expect(restoreFromBackup(store, { dir: backups, file, replace: true })).rejects.toThrow(message);
			await expect(restoreFromBackup(store, { dir: backups, file })).rejects.toThrow(/Nothing was changed/);
		}
		expect(await store.exportTasks()).toEqual(snapshot);
		expect(await store.get(extra.taskId)).not.toBeNull();
		await expect(restoreFromBackup(store, { dir: path.join(dir, 'none') })).rejects.toThrow(/No queue backups in/);
		await expect(readBackup(await createBackup(store, { dir: backups }))).resolves.toMatchObject({ queue: 'default' });
	});
});

describe('startBackupTimer', () => {
	it('writes backups on its interval, keeps K, and stops', async () => {
		await store.add([{ url: 'https://a.example/1' }]);
		const written: string[] = [];
		const errors: Error[] = [];
		const timer = startBackupTimer(store, { dir: backups, intervalMinutes: 0.1 / 60, keep: 2, onBackup: (f) => written.push(f), onError: (e) => errors.push(e) });
		const deadline = Date.now() + 30_000;
		while (written.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
		await timer.stop();
		const count = written.length;
		expect(errors).toEqual([]);
		expect(count).toBeGreaterThanOrEqual(4);
		expect((await listBackups(backups)).map((f) => path.basename(f))).toEqual(written.slice(-2).map((f) => path.basename(f)));
		await new Promise((r) => setTimeout(r, 400));
		expect(written).toHaveLength(count);
		expect((await readBackup(written.at(-1)!)).tasks.map((t) => t.url)).toEqual(['https://a.example/1']);
	});

	it('refuses an interval or keep that makes no sense', () => {
		expect(() => startBackupTimer(store, { dir: backups, intervalMinutes: 0 })).toThrow(/interval/);
		expect(() => startBackupTimer(store, { dir: backups, keep: 0 })).toThrow(/keep/);
	});
});
