import { readFile, writeFile } from 'node:fs/promises';

/**
 * Removes one entry from yt-dlp's download archive: a file that failed our verification must not stay
 * recorded as downloaded, or the next run would skip it.
 */
export async function forgetArchived(archiveFile: string, extractorKey: string, id: string): Promise<void> {
	const text = await readFile(archiveFile, 'utf8').catch(() => undefined);
	if (text === undefined) return;
	const entry = `${extractorKey.toLowerCase()} ${id}`;
	const kept = text.split('\n').filter((line) => line.trim() !== entry);
	await writeFile(archiveFile, kept.join('\n'));
}

/** The ids an archive file lists ("<extractor> <id>" lines); empty when there is no file yet. */
export async function readArchiveIds(archiveFile: string): Promise<Set<string>> {
	const text = await readFile(archiveFile, 'utf8').catch(() => '');
	return new Set(text.split('\n').map((line) => line.trim().split(' ').slice(1).join(' ')).filter(Boolean));
}
