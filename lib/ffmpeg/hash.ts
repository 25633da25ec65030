import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

import { createBLAKE3, createXXHash64, type IHasher } from 'hash-wasm';

import { MediaError } from '../errors';

/**
 * The integrity digests a download can carry. xxhash64 is the default: it hashes at several GB/s on any
 * CPU, where sha256 runs at ~300 MB/s on CPUs without SHA instructions and then costs a third of the
 * download time on two cores. sha256 (node:crypto) and BLAKE3 are there for those who want a
 * cryptographic digest; xxhash64 and BLAKE3 are WebAssembly (hash-wasm), so nothing native is installed.
 */
export const CHECKSUMS = ['xxhash64', 'sha256', 'blake3', 'none'] as const;
export type ChecksumChoice = (typeof CHECKSUMS)[number];
export type ChecksumAlgorithm = Exclude<ChecksumChoice, 'none'>;
export const DEFAULT_CHECKSUM: ChecksumAlgorithm = 'xxhash64';

/** A digest (lower-case hex) and the algorithm that made it. */
export interface Checksum {
	algorithm: ChecksumAlgorithm;
	digest: string;
}

/** An incremental hash of one algorithm. */
export interface Hasher {
	readonly algorithm: ChecksumAlgorithm;
	update(data: Uint8Array): void;
	/** the checksum of everything updated so far; call once */
	digest(): Checksum;
}

function wasmHasher(algorithm: ChecksumAlgorithm, hasher: IHasher): Hasher {
	return { algorithm, update: (data) => void hasher.update(data), digest: () => ({ algorithm, digest: hasher.digest('hex') }) };
}

export async function createHasher(algorithm: ChecksumAlgorithm): Promise<Hasher> {
	switch (algorithm) {
		case 'sha256': {
			const hash = createHash('sha256');
			return { algorithm, update: (data) => void hash.update(data), digest: () => ({ algorithm, digest: hash.digest('hex') }) };
		}
		case 'xxhash64':
			return wasmHasher(algorithm, await createXXHash64());
		case 'blake3':
			return wasmHasher(algorithm, await createBLAKE3());
		default:
			throw new MediaError('InvalidInput', `Checksum "${String(algorithm)}" is not one of ${CHECKSUMS.join(', ')}.`);
	}
}

/** The checksum of a file, read in chunks: memory stays flat for multi-gigabyte downloads. */
export async function hashFile(file: string, algorithm: ChecksumAlgorithm, opts: { signal?: AbortSignal } = {}): Promise<Checksum> {
	const hasher = await createHasher(algorithm);
	try {
		for await (const chunk of createReadStream(file, { signal: opts.signal, highWaterMark: 1024 * 1024 })) hasher.update(chunk as Buffer);
	} catch (error) {
		if (opts.signal?.aborted) throw new MediaError('Cancelled', 'The execution was cancelled while the file was being hashed', { cause: error });
		throw error;
	}
	return hasher.digest();
}

/** SHA-256 of a file as lower-case hex. */
export async function sha256File(file: string, opts: { signal?: AbortSignal } = {}): Promise<string> {
	return (await hashFile(file, 'sha256', opts)).digest;
}
