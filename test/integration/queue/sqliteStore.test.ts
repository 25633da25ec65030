import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import { SqliteStore } from '../../../lib/queue/sqliteStore';
import { defaultQueueFile, openStore } from '../../../lib/queue/stores';
import { describeStoreContract, runStoreWorkers } from './storeContract';

let dir: string;
beforeAll(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'mdl-sqlite-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// One file for the whole contract suite: each of its tests works in its own named queue.
describeStoreContract('SqliteStore', () => {
	const file = path.join(dir, 'contract', 'queue.sqlite');
	return {
		open: async (queue) => new SqliteStore({ file, queue }),
		spec: (queue) => ({ kind: 'sqlite', file, queue }),
	};
});

describe('SqliteStore on its file', () => {
	let file: string;
	beforeEach(() => {
		file = path.join(mkdtempSync(path.join(dir, 'file-')), 'nested', 'folder', 'queue.sqlite');
	});

	function pragma(name: string): unknown {
		const db = new DatabaseSync(file);
		try {
			return Object.values(db.prepare(`PRAGMA ${name}`).get()!)[0];
		} finally {
			db.close();
		}
	}

	it('creates the parent folders and opens the file in WAL mode with a schema version', async () => {
		const store = new SqliteStore({ file });
		expect(store.queue).toBe('default');
		await store.close();
		await store.close();
		expect(existsSync(file)).toBe(true);
		expect(pragma('journal_mode')).toBe('wal');
		expect(pragma('user_version')).toBe(1);
	});

	it('keeps tasks, their states and the paused flag across close and reopen', async () => {
		const first = new SqliteStore({ file, queue: 'podcasts' });
		const [kept, running] = (await first.add([{ url: 'https://media.test/kept', priority: 2 }, { url: 'https://media.test/running', config: { format: 'mp3' } }])).map((o) => o.task);
		const claimed = await first.claim('w1', 60_000);
		expect(claimed!.task.taskId).toBe(kept.taskId);
		await first.pause();
		await first.close();

		const second = new SqliteStore({ file, queue: 'podcasts' });
		try {
			expect(await second.get(kept.taskId)).toEqual(claimed!.task);
			expect(await second.get(running.taskId)).toEqual(running);
			expect(await second.isPaused()).toBe(true);
			expect(await second.counts()).toEqual({ active: 1, queued: 0, completed: 0, failed: 0, cancelled: 0, paused: 1 });
			// The lease and its token survive too: the worker can finish after the store was reopened.
			expect(await second.complete(kept.taskId, claimed!.token, { files: [], totalBytes: 0 })).toBe(true);
		} finally {
			await second.close();
		}
		const otherQueue = new SqliteStore({ file });
		expect(await otherQueue.list()).toEqual([]);
		await otherQueue.close();
	});

	it('refuses a file written with a newer schema, saying what to do', async () => {
		await new SqliteStore({ file }).close();
		const db = new DatabaseSync(file);
		db.exec('PRAGMA user_version = 99');
		db.close();
		expect(() => new SqliteStore({ file })).toThrow(/schema version 99.*knows up to 1/);
	});

	it('lets 8 processes create the file at once and loses none of their tasks', async () => {
		const run = await runStoreWorkers({ kind: 'sqlite', file, queue: 'fresh' }, 8, 25, 'add');
		const ids = run.results.flatMap((r) => r.ids);
		expect(new Set(ids).size).toBe(200);
		const store = new SqliteStore({ file, queue: 'fresh' });
		try {
			expect(await store.counts()).toMatchObject({ queued: 200 });
		} finally {
			await store.close();
		}
	}, 300_000);
});

describe('the default queue file', () => {
	it('is DOWNLOAD_QUEUE_FILE (made absolute) when set', () => {
		expect(defaultQueueFile({ DOWNLOAD_QUEUE_FILE: '/data/q.sqlite', N8N_USER_FOLDER: '/srv/n8n' })).toBe('/data/q.sqlite');
		expect(defaultQueueFile({ DOWNLOAD_QUEUE_FILE: 'rel/q.sqlite' })).toBe(path.resolve('rel/q.sqlite'));
	});

	it("is in n8n's user folder (N8N_USER_FOLDER/.n8n, else the home folder's .n8n)", () => {
		expect(defaultQueueFile({ N8N_USER_FOLDER: '/srv/n8n' })).toBe('/srv/n8n/.n8n/media-downloader/queue.sqlite');
		expect(defaultQueueFile({})).toBe(path.join(os.homedir(), '.n8n', 'media-downloader', 'queue.sqlite'));
	});

	it('is where openStore puts a SQLite queue without a file', async () => {
		const saved = { DOWNLOAD_QUEUE_FILE: process.env.DOWNLOAD_QUEUE_FILE, N8N_USER_FOLDER: process.env.N8N_USER_FOLDER };
		delete process.env.DOWNLOAD_QUEUE_FILE;
		process.env.N8N_USER_FOLDER = path.join(dir, 'n8n-home');
		try {
			const store = await openStore({ kind: 'sqlite' });
			await store.add([{ url: 'https://media.test/default-file' }]);
			await store.close();
			expect(existsSync(path.join(dir, 'n8n-home', '.n8n', 'media-downloader', 'queue.sqlite'))).toBe(true);

			process.env.DOWNLOAD_QUEUE_FILE = path.join(dir, 'explicit', 'q.sqlite');
			const explicit = await openStore({ kind: 'sqlite', queue: 'other' });
			expect(explicit.queue).toBe('other');
			await explicit.close();
			expect(existsSync(process.env.DOWNLOAD_QUEUE_FILE)).toBe(true);
		} finally {
			for (const [key, value] of Object.entries(saved)) {
				if (value === undefined) delete process.env[key];
				else process.env[key] = value;
			}
		}
	});
});
