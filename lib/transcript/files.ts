import { readFile, stat } from 'node:fs/promises';
import { TranscriptError } from './errors';
import { parseTranscript } from './pipeline';
import type { Transcript, TranscriptOptions } from './types';

/** Larger than any real caption file (a 10-hour auto-caption VTT is ~6 MB); refuses to load a video by mistake. */
export const MAX_CAPTION_BYTES = 256 * 1024 * 1024;

/** Reads a caption file from disk, with errors that say what to fix. */
export async function readCaptionFile(path: string): Promise<Uint8Array> {
	let size: number;
	try {
		const info = await stat(path);
		if (!info.isFile()) throw new TranscriptError('not-a-file', `"${path}" is not a file.`);
		size = info.size;
	} catch (err) {
		if (err instanceof TranscriptError) throw err;
		const code = (err as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') throw new TranscriptError('not-found', `The caption file "${path}" does not exist.`);
		if (code === 'EACCES') throw new TranscriptError('no-access', `The caption file "${path}" cannot be read (permission denied).`);
		throw err;
	}
	if (size > MAX_CAPTION_BYTES) {
		throw new TranscriptError('too-large', `"${path}" is ${Math.round(size / 1048576)} MB: too large for a caption file.`);
	}
	return readFile(path);
}

/**
 * A caption file (any supported format, detected from its content) → Transcript. The entry point for
 * getTranscript/getTranscriptMarkdown once yt-dlp has written the file.
 */
export async function transcriptFromCaptionFile(path: string, opts: TranscriptOptions = {}): Promise<Transcript> {
	return parseTranscript(await readCaptionFile(path), opts);
}
