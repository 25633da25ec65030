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
