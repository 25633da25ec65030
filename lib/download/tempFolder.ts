import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { DownloadConfig } from '../config';
import { MediaError } from '../errors';
import { resolveInside, type PathCheck } from './confine';
import { bringPlaylistFile, isPlaylistFile } from './results';

/**
 * Each download keeps its .part files, fragments and post-processor intermediates in its own folder
 * inside the output folder (yt-dlp's `--paths temp:`): a cancel removes that folder and nothing else,
 * and yt-dlp's final move stays a rename on one file system (LiveHash matches the file by inode).
 */
export const TEMP_PREFIX = '.mdl-tmp-';
const OWNER_FILE = '.owner';

/** Folders this process is using right now (n8n runs executions concurrently in one process). */
const held = new Set<string>();

/**
 * The stable name for a download: the same URL with the same file-shaping options gets the same folder,
 * so a re-run after a failure resumes the .part it left; another URL (or another quality of it) gets
 * another folder. Secrets (cookies, proxy) are not part of the name.
 */
export function tempFolderName(url: string, config: DownloadConfig, playlist: boolean | number[] = false): string {
	const key = [url, playlist, config.outputTemplate, config.audioOnly, config.audioFormat, config.audioCodec, config.audioQuality, config.quality, config.format, config.videoCodec];
	return TEMP_PREFIX + createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 16);
}

/**
 * Where yt-dlp moves a file it wrote in a download's temp folder: the same relative path in the output
 * folder (the temp folder's parent). Undefined for a path in no temp folder.
 */
export function movedPathOf(file: string): string | undefined {
	const parts = file.split(path.sep);
	const at = parts.findLastIndex((part) => part.startsWith(TEMP_PREFIX));
	return at === -1 ? undefined : [...parts.slice(0, at), ...parts.slice(at + 1)].join(path.sep);
}

export type TempOutcome = 'done' | 'failed' | 'cancelled';

export interface TempFolder {
	dir: string;
	/** false for a one-off folder (the stable one was busy): never kept for a re-run */
	stable: boolean;
	/**
	 * Removes the folder, after moving a playlist's own description out of it when the download is done;
	 * after a failure with `keepForResume` the stable folder stays (without its owner mark) while it holds a
	 * file, so the next run of the same download resumes its .part files.
	 */
	release(outcome: TempOutcome, keepForResume: boolean): Promise<void>;
}

/** The regular files below `dir`, found without entering a linked folder (a link is never one of them). */
async function filesIn(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
	const files: string[] = [];
	for (const entry of entries) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) files.push(...(await filesIn(full)));
		else if (entry.isFile()) files.push(full);
	}
	return files;
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** The owner mark, read only from a regular file: a link at its name is no one's mark (and is not read). */
async function readMark(file: string): Promise<string> {
	const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => undefined);
	if (!handle) return '';
	try {
		return (await handle.stat()).isFile() ? await handle.readFile('utf8') : '';
	} finally {
		await handle.close();
	}
}

/**
 * Marks the folder as ours unless another living process (or another host) marked it; a dead owner's mark
 * is taken over. Every write makes a new file ('wx' never follows a link) and renames it, which replaces a
 * link planted at the mark's name instead of writing through it.
 */
async function own(dir: string): Promise<boolean> {
	const file = path.join(dir, OWNER_FILE);
	const mark = `${os.hostname()} ${process.pid}`;
	try {
		await writeFile(file, mark, { flag: 'wx' });
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
	}
	const [host, pid] = (await readMark(file)).split(' ');
	if (host === os.hostname() && Number(pid) !== process.pid && alive(Number(pid))) return false;
	if (host && host !== os.hostname()) return false;
	const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
	try {
		await writeFile(temp, mark, { flag: 'wx' });
		await rename(temp, file);
	} finally {
		await rm(temp, { force: true });
	}
	return true;
}

/**
 * The end of a temp folder. rm removes a link, never what it leads to, so the folder goes whole (it is this
 * download's alone), also when yt-dlp left empty folders in it. A folder replaced by a link meanwhile is
 * not read: only the link goes.
 */
async function endTempFolder(dir: string, outcome: TempOutcome, keepForResume: boolean, outputDir: string, check?: PathCheck): Promise<void> {
	if (!(await lstat(dir).catch(() => undefined))?.isDirectory()) return rm(dir, { force: true });
	try {
		// yt-dlp writes a playlist's own description and thumbnail here (--paths pl_description:, pl_thumbnail:); no result names them.
		if (outcome === 'done') for (const file of await filesIn(dir)) if (isPlaylistFile(file)) await bringPlaylistFile(file, dir, outputDir, check);
	} finally {
		if (keepForResume) await unlink(path.join(dir, OWNER_FILE)).catch(() => undefined);
		// Kept only while it holds a file to resume from: empty folders alone are nothing to resume.
		if (!keepForResume || (await filesIn(dir)).length === 0) await rm(dir, { recursive: true, force: true });
	}
}

/**
 * Takes the download's stable temp folder, or, when another run of the same download is using it right
 * now, a one-off folder beside it (that run keeps its resume; this one starts from zero). Every folder
 * passes the same confinement and file-access check as the other paths we write.
 */
export async function claimTempFolder(outputDir: string, name: string, check?: PathCheck): Promise<TempFolder> {
	for (const candidate of [name, `${name}-${randomBytes(4).toString('hex')}`]) {
		const dir = await resolveInside(outputDir, candidate, 'The temp folder', check);
		if (held.has(dir)) continue;
		held.add(dir);
		try {
			await mkdir(dir, { recursive: true });
			if (!(await own(dir))) {
				held.delete(dir);
				continue;
			}
		} catch (error) {
			held.delete(dir);
			throw new MediaError('InvalidInput', `The temp folder ${dir} cannot be created (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
		}
		const stable = candidate === name;
		return {
			dir,
			stable,
			async release(outcome, keepForResume) {
				try {
					await endTempFolder(dir, outcome, outcome === 'failed' && keepForResume && stable, outputDir, check);
				} finally {
					// Only now may another run of this download in this process take the folder.
					held.delete(dir);
				}
			},
		};
	}
	throw new MediaError('Unknown', `No free temp folder for this download in ${outputDir}`);
}

/**
 * Removes the `.part` files a download left in its own temp folder (links are removed, never followed).
 * Used when resuming one fails with HTTP 416: a worker killed after the last byte but before yt-dlp's
 * rename leaves a complete `.part`, and current yt-dlp then asks for a range past its end and gives up.
 */
export async function dropPartFiles(tempDir: string): Promise<number> {
	let dropped = 0;
	const walk = async (dir: string): Promise<void> => {
		for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
			const file = path.join(dir, entry.name);
			if (entry.isDirectory()) await walk(file);
			else if (/\.part(-Frag\d+)?$/.test(entry.name) && (await unlink(file).then(() => true, () => false))) dropped++;
		}
	};
	await walk(tempDir);
	return dropped;
}
