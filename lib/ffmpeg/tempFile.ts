import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** A hidden name beside `output`: same folder, so the final rename is atomic and never crosses file systems. */
export function tempPathFor(output: string): string {
	return path.join(path.dirname(output), `.${path.basename(output)}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Lets `write` produce (and check) the file under a temp name, then renames it to `output`. On any failure,
 * cancellation included, the temp file is removed: `output` is either the old file or the complete new one.
 */
export async function writeAtomically<T>(output: string, write: (tmp: string) => Promise<T>): Promise<T> {
	// Absolute: ffmpeg reads a relative "-x.mp4" as an option and "concat:…" as a protocol.
	const tmp = tempPathFor(path.resolve(output));
	try {
		const result = await write(tmp);
		await fs.rename(tmp, output);
		return result;
	} finally {
		await fs.rm(tmp, { force: true });
	}
}
