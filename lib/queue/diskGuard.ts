import { statfs } from 'node:fs/promises';
import path from 'node:path';

/** The free space a task needs before it starts; both limits apply when both are given. */
export interface DiskMinimum {
	/** bytes that must stay free */
	bytes?: number;
	/** share of the file system that must stay free, 0–100 */
	percent?: number;
}

export interface DiskSpace {
	/** the folder asked about (its nearest existing parent was measured when it does not exist yet) */
	path: string;
	freeBytes: number;
	totalBytes: number;
	freePercent: number;
}

export interface DiskVerdict {
	ok: boolean;
	space: DiskSpace;
	/** bytes that had to be free */
	requiredBytes: number;
	/** set when not ok: the waitReason the task shows in status */
	reason?: string;
}

/** 1536 → "1.5 KB" (binary steps, as the spec's _format_bytes). */
export function formatBytes(bytes: number): string {
	const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Free space of the file system a folder is (or will be) on: a folder not created yet is measured at its nearest existing parent. */
export async function diskSpace(folder: string): Promise<DiskSpace> {
	const target = path.resolve(folder);
	for (let dir = target; ; dir = path.dirname(dir)) {
		try {
			const stats = await statfs(dir);
			const totalBytes = stats.blocks * stats.bsize;
			// bavail, not bfree: blocks reserved for root are no use to a download.
			const freeBytes = stats.bavail * stats.bsize;
			return { path: target, freeBytes, totalBytes, freePercent: totalBytes > 0 ? (freeBytes / totalBytes) * 100 : 0 };
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if ((code !== 'ENOENT' && code !== 'ENOTDIR') || path.dirname(dir) === dir) throw error;
		}
	}
}

/**
 * Whether a task may start in `folder`: the minimum must stay free, plus the size an earlier attempt of
 * the task reported (`expectedBytes`), so a download known not to fit never starts.
 */
export async function checkDiskSpace(folder: string, minimum: DiskMinimum = {}, expectedBytes = 0): Promise<DiskVerdict> {
	const space = await diskSpace(folder);
	const fromPercent = minimum.percent ? Math.ceil((space.totalBytes * Math.min(100, minimum.percent)) / 100) : 0;
	const requiredBytes = Math.max(minimum.bytes ?? 0, fromPercent) + Math.max(0, expectedBytes);
	if (space.freeBytes >= requiredBytes) return { ok: true, space, requiredBytes };
	const free = `${formatBytes(space.freeBytes)} (${space.freePercent.toFixed(1)} %)`;
	return { ok: false, space, requiredBytes, reason: `waiting for disk space: ${free} free in ${space.path}, ${formatBytes(requiredBytes)} required` };
}
