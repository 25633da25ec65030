import { mkdtempSync, rmSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { checkDiskSpace, diskSpace, formatBytes } from '../../../lib/queue/diskGuard';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'mdl-disk-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('formatBytes', () => {
	it('writes sizes in binary steps with one decimal', () => {
		expect(formatBytes(0)).toBe('0 B');
		expect(formatBytes(1023)).toBe('1023 B');
		expect(formatBytes(1536)).toBe('1.5 KB');
		expect(formatBytes(1.2 * 2 ** 30)).toBe('1.2 GB');
		expect(formatBytes(5 * 2 ** 40)).toBe('5.0 TB');
	});
});

describe('diskSpace', () => {
	it('reads the free space of the file system with statfs', async () => {
		const space = await diskSpace(dir);
		const stats = await statfs(dir);
		expect(space.path).toBe(dir);
		expect(space.totalBytes).toBe(stats.blocks * stats.bsize);
		// Other processes write meanwhile: the same order of magnitude is what can be asserted.
		expect(Math.abs(space.freeBytes - stats.bavail * stats.bsize)).toBeLessThan(space.totalBytes / 10);
		expect(space.freePercent).toBeGreaterThan(0);
		expect(space.freePercent).toBeLessThanOrEqual(100);
	});

	it('measures a folder that does not exist yet at its nearest existing parent', async () => {
		const later = path.join(dir, 'not', 'yet');
		const space = await diskSpace(later);
		expect(space.path).toBe(later);
		expect(space.totalBytes).toBe((await diskSpace(dir)).totalBytes);
	});
});

describe('checkDiskSpace', () => {
	it('lets a task start when the minimum stays free', async () => {
		const verdict = await checkDiskSpace(dir, { bytes: 1, percent: 0.0001 });
		expect(verdict).toMatchObject({ ok: true });
		expect(verdict.reason).toBeUndefined();
	});

	it('holds a task back when the percent minimum is not met, saying how much is free where and what is required', async () => {
		const verdict = await checkDiskSpace(dir, { percent: 100 });
		expect(verdict.ok).toBe(false);
		expect(verdict.requiredBytes).toBe(verdict.space.totalBytes);
		expect(verdict.reason).toMatch(new RegExp(`^waiting for disk space: [\\d.]+ [KMGT]?B \\([\\d.]+ %\\) free in ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, [\\d.]+ [KMGT]?B required$`));
	});

	it('holds a task back when the bytes minimum is not met', async () => {
		const verdict = await checkDiskSpace(dir, { bytes: 2 ** 60 });
		expect(verdict).toMatchObject({ ok: false, requiredBytes: 2 ** 60 });
		expect(verdict.reason).toContain('1024.0 PB required');
	});

	it('adds the size an earlier attempt reported, so a file known not to fit never starts', async () => {
		const free = (await diskSpace(dir)).freeBytes;
		expect((await checkDiskSpace(dir, {}, 1024)).ok).toBe(true);
		const verdict = await checkDiskSpace(dir, { bytes: 1024 }, free * 2);
		expect(verdict.ok).toBe(false);
		expect(verdict.requiredBytes).toBe(1024 + free * 2);
	});
});
