import { stat } from 'node:fs/promises';
import path from 'node:path';

import type { DownloadConfig } from '../config';
import { MediaError } from '../errors';
import { forgetArchived } from './archive';
import { checkNamed, isInside, resolveInside, type PathCheck } from './confine';
import { resultInfo, sideOptionFor, type FinishedFile } from './results';
import { scanFolder, type FolderScan, type OutsideLink } from './symlinkScan';
import { TEMP_PREFIX } from './tempFolder';

/**
 * Entries of the output folder looked at before (and after) a download: 10 000 cost about 25 ms in one
 * folder, 60 ms in a hundred, on a busy 2-core machine; a folder of 200 000 stops here after about 130 ms.
 * A library past that size is not walked to the end; see `guardBefore`.
 */
export const SCAN_MAX_ENTRIES = 50_000;

/**
 * How deep yt-dlp writes below the output folder: the template's folders and file name, plus one level
 * for the download's temp folder, which holds the same path (`.mdl-tmp-…/<template>`) and its owner mark.
 * A link deeper than that is out of this download's reach.
 */
export function writeDepth(outputDir: string, template: string): number {
	const relative = path.relative(outputDir, path.resolve(outputDir, template));
	return relative.split(path.sep).filter((part) => part && part !== '.').length + 1;
}

/** What the look before a download found, for the look after it. */
export interface FolderGuard {
	before: FolderScan;
	depth: number;
	/** set when the walk stopped at its limit: goes on every result */
	warning?: string;
}

const REMOVE_LINK = 'Remove the link (or put a real folder or file in its place), or choose an output folder without links that lead elsewhere.';

function describeLinks(root: string, links: OutsideLink[]): string {
	const [first, ...more] = links.map((l) => `symlink "${path.relative(root, l.link)}" leads outside the output folder ${root} (to ${l.leadsTo})`);
	return more.length === 0 ? first : `${first}; ${more.length} more: ${more.slice(0, 4).join('; ')}${more.length > 4 ? '; …' : ''}`;
}

/**
 * Before a download: refuses when a symlink under the output folder, within the levels the download
 * writes (`writeDepth`), leads outside it. yt-dlp opens some files with a plain open() (the media file
 * through a field-named folder), so a link there would carry its bytes
 * elsewhere, and the checks after the run could only report it. Past SCAN_MAX_ENTRIES the download goes
 * ahead with a warning: what the walk did not reach is covered only by the checks after the run (every
 * result's real path, and the walk again over the same part).
 */
export async function guardBefore(outputDir: string, template: string): Promise<FolderGuard> {
	const depth = writeDepth(outputDir, template);
	const before = await scanFolder(outputDir, { maxDepth: depth, maxEntries: SCAN_MAX_ENTRIES });
	if (before.outside.length > 0)
		throw new MediaError('InvalidInput', `The ${describeLinks(before.root, before.outside)}: a download could write through it, so none was started`, { hint: REMOVE_LINK });
	const warning = before.truncated
		? `The output folder has more than ${SCAN_MAX_ENTRIES} entries within ${depth} levels: symlinks past the first ${SCAN_MAX_ENTRIES} were not looked at before the download (the files it wrote were checked after it)`
		: undefined;
	return { before, depth, ...(warning ? { warning } : {}) };
}

/** Timestamps come from a coarse kernel clock, a little behind Date.now(): a change this close to the start counts as during the run. */
const CLOCK_SLACK_MS = 2000;

async function changedSince(file: string, since: number): Promise<boolean> {
	const info = await stat(file).catch(() => undefined);
	return info !== undefined && info.mtimeMs >= since - CLOCK_SLACK_MS;
}

/**
 * After yt-dlp ran (`since` = when it started): the same walk again. A link leading outside whose
 * destination changed during the run (something was written through it: a link planted while the
 * download ran, or one the walk before did not reach) fails the download, naming the link and where it
 * leads. A link nothing went through is left to the checks of the files (a side file's name is replaced
 * by a rename, a finished file's real path must be inside). Nothing is deleted: what went through the link
 * is outside the output folder, maybe in someone's file, so it is left for the user to look at. Then every
 * file that appeared (a playlist's own info JSON, which no result names) passes the caller's file-access
 * check; a playlist's own description and thumbnail are checked when they are moved out of the temp folder.
 */
export async function guardAfter(guard: FolderGuard, since: number, check?: PathCheck): Promise<void> {
	const after = await scanFolder(guard.before.root, { maxDepth: guard.depth, maxEntries: SCAN_MAX_ENTRIES }, { previous: guard.before, skip: (name) => name.startsWith(TEMP_PREFIX) });
	const through: OutsideLink[] = [];
	for (const link of after.outside) if (await changedSince(link.link, since)) through.push(link);
	if (through.length > 0)
		throw new MediaError(
			'InvalidInput',
			`The ${describeLinks(after.root, through)}: something was written through it during the download, so the download was refused. Nothing outside the output folder was deleted: look at what the link leads to`,
			{ hint: REMOVE_LINK },
		);
	for (const file of after.added) await checkNamed(sideOptionFor(file), check, file);
}

/**
 * guardAfter for a download run. When it refuses, the archive forgets what went through a link, so that a
 * later run, the link removed, downloads it again instead of skipping it as done.
 */
export async function guardAfterRun(guard: FolderGuard, since: number, config: DownloadConfig, finished: FinishedFile[], check?: PathCheck): Promise<void> {
	try {
		await guardAfter(guard, since, check);
	} catch (error) {
		await forgetOutside(config, finished);
		throw error;
	}
}

/** Removes from the archive every finished file whose real path is outside the output folder. */
export async function forgetOutside(config: DownloadConfig, finished: FinishedFile[]): Promise<void> {
	for (const file of finished)
		if (!(await isInside(config.outputDir, file.filepath))) {
			const info = resultInfo(file.raw, '');
			await forgetConfined(config, info.extractor, info.id);
		}
}

/** Rewrites the archive without an entry, confined again: a link planted at its name during the run is not written through. */
export async function forgetConfined(config: DownloadConfig, extractor: string, id: string): Promise<void> {
	if (!config.downloadArchive) return;
	const archive = await resolveInside(config.outputDir, config.downloadArchive, 'downloadArchive').catch(() => undefined);
	if (archive) await forgetArchived(archive, extractor, id);
}
