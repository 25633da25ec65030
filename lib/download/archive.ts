import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The archive's text, read only from a regular file: a link at its name (planted after it was resolved) is not ours to read. */
async function readArchive(archiveFile: string): Promise<{ text: string; mode: number } | undefined> {
	const handle = await open(archiveFile, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => undefined);
	if (!handle) return undefined;
	try {
		const info = await handle.stat();
		return info.isFile() ? { text: await handle.readFile('utf8'), mode: info.mode & 0o777 } : undefined;
	} finally {
		await handle.close();
	}
}

/**
 * Removes one entry from yt-dlp's download archive: a file that failed our verification must not stay
 * recorded as downloaded, or the next run would skip it. The new text goes to a new name in the same
 * folder ('wx' never follows a link) and is renamed over the archive: a link planted at its name is
 * replaced, never written through, and a reader never sees half a file.
 */
export async function forgetArchived(archiveFile: string, extractorKey: string, id: string): Promise<void> {
	const archive = await readArchive(archiveFile);
	if (archive === undefined) return;
	const lines = archive.text.split('\n');
	const entry = `${extractorKey.toLowerCase()} ${id}`;
	const kept = lines.filter((line) => line.trim() !== entry);
	if (kept.length === lines.length) return;
	const temp = path.join(path.dirname(archiveFile), `.${path.basename(archiveFile)}.${randomBytes(4).toString('hex')}.tmp`);
	try {
		await writeFile(temp, kept.join('\n'), { flag: 'wx', mode: archive.mode });
		await rename(temp, archiveFile);
	} finally {
		await rm(temp, { force: true });
	}
}

/** The ids an archive file lists ("<extractor> <id>" lines); empty when there is no file yet. */
export async function readArchiveIds(archiveFile: string): Promise<Set<string>> {
	const text = await readFile(archiveFile, 'utf8').catch(() => '');
	return new Set(text.split('\n').map((line) => line.trim().split(' ').slice(1).join(' ')).filter(Boolean));
}
