import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

import { MediaError } from '../errors';

/** SHA-256 of a file as lower-case hex, read in chunks: memory stays flat for multi-gigabyte downloads. */
export async function sha256File(file: string, opts: { signal?: AbortSignal } = {}): Promise<string> {
	const hash = createHash('sha256');
	try {
		for await (const chunk of createReadStream(file, { signal: opts.signal })) hash.update(chunk as Buffer);
	} catch (error) {
		if (opts.signal?.aborted) throw new MediaError('Cancelled', 'The execution was cancelled while the file was being hashed', { cause: error });
		throw error;
	}
	return hash.digest('hex');
}
