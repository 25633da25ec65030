import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import * as lib from '../../../lib';
import * as queue from '../../../lib/queue';

/**
 * What the queue's index loaded; jest runs a mock factory only when the module is first required. The
 * imports above are requires (CommonJS, as n8n loads the package): an ES module import would read every
 * export, the lazy ones included.
 */
const mockLoaded = { bullmq: false };
jest.mock('bullmq', () => {
	mockLoaded.bullmq = true;
	return jest.requireActual('bullmq');
});

describe('the queue API (lib/queue)', () => {
	it('loads BullMQ only when the Redis store is used', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'mdl-qindex-'));
		try {
			const dm = new queue.DownloadManager({ queueFile: path.join(dir, 'queue.sqlite'), defaultOutputDir: dir });
			await dm.addDownload('http://x/a');
			expect((await dm.getStore()).kind).toBe('sqlite');
			expect(queue.SqliteStore.name).toBe('SqliteStore');
			await dm.close();
			expect(mockLoaded.bullmq).toBe(false);
			expect(queue.RedisStore.name).toBe('RedisStore');
			expect(mockLoaded.bullmq).toBe(true);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('is part of the library API', () => {
		for (const name of ['DownloadManager', 'openStore', 'SqliteStore', 'RedisStore', 'estimateCompletion', 'checkDiskSpace', 'TASK_STATUSES'] as const) expect(lib).toHaveProperty(name);
	});
});
