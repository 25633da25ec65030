import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { CHECKSUMS, DEFAULT_CONFIG, OPTION_TABLE, resolveConfig } from '../../lib/config';
import { digestFields } from '../../lib/download/results';
import { createHasher, hashFile, sha256File } from '../../lib/ffmpeg';
import { blake3Reference, xxhash64Reference } from '../fixtures/checksums';

/** The official BLAKE3 test vectors (input: bytes 0, 1, …, 250, 0, 1, …), first 32 bytes of output. */
const BLAKE3_VECTORS: Array<[number, string]> = [
	[0, 'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262'],
	[1, '2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213'],
	[1023, '10108970eeda3eb932baac1428c7a2163b0e924c9a9e25b35bba72b28f70bd11'],
	[1024, '42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7'],
	[1025, 'd00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444'],
	[2049, '5f4d72f40d7a5f82b15ca2b2e44b1de3c2ef86c426c95c1af0b6879522563030'],
	[4097, '9b4052b38f1c5fc8b1f9ff7ac7b27cd242487b3d890d15c96a1c25b8aa0fb995'],
	[7169, 'a003fc7a51754a9b3c7fae0367ab3d782dccf28855a03d435f8cfe74605e7817'],
];
const pattern = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 251);

const reference = { sha256: (b: Uint8Array) => createHash('sha256').update(b).digest('hex'), xxhash64: xxhash64Reference, blake3: blake3Reference };

/** Feeds the bytes in uneven pieces, so block and lane boundaries fall mid-piece. */
async function hashInPieces(algorithm: 'sha256' | 'xxhash64' | 'blake3', bytes: Uint8Array): Promise<string> {
	const hasher = await createHasher(algorithm);
	for (let at = 0, step = 1; at < bytes.length; at += step, step = 1 + ((step * 7 + 3) % 4099)) hasher.update(bytes.subarray(at, at + step));
	const { algorithm: named, digest } = hasher.digest();
	expect(named).toBe(algorithm);
	return digest;
}

describe('checksums', () => {
	it('the reference BLAKE3 written for the tests gives the official test vectors', () => {
		for (const [length, digest] of BLAKE3_VECTORS) expect(blake3Reference(pattern(length))).toBe(digest);
	});

	it("the reference xxHash64 gives the algorithm's known digests", () => {
		expect(xxhash64Reference(new Uint8Array())).toBe('ef46db3751d8e999');
		expect(xxhash64Reference(Buffer.from('abc'))).toBe('44bc2cf5ad770999');
	});

	it.each(['sha256', 'xxhash64', 'blake3'] as const)('%s: the library hasher matches the reference at every length around its block sizes, fed in pieces', async (algorithm) => {
		for (const length of [0, 1, 3, 4, 7, 8, 31, 32, 33, 63, 64, 65, 1023, 1024, 1025, 2048, 3073, 65_537, 1_000_003]) {
			const bytes = length > 10_000 ? randomBytes(length) : pattern(length);
			expect(await hashInPieces(algorithm, bytes)).toBe(reference[algorithm](bytes));
		}
	});

	it('hashFile reads a file in chunks and names the algorithm; sha256File is its sha256', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'mdl-checksum-'));
		try {
			const file = path.join(dir, 'data.bin');
			const bytes = randomBytes(3 * 2 ** 20 + 17);
			writeFileSync(file, bytes);
			for (const algorithm of ['sha256', 'xxhash64', 'blake3'] as const)
				expect(await hashFile(file, algorithm)).toEqual({ algorithm, digest: reference[algorithm](bytes) });
			expect(await sha256File(file)).toBe(reference.sha256(bytes));
			const cancelled = new AbortController();
			cancelled.abort();
			await expect(hashFile(file, 'xxhash64', { signal: cancelled.signal })).rejects.toMatchObject({ kind: 'Cancelled' });
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('refuses an algorithm it does not know', async () => {
		await expect(createHasher('md5' as never)).rejects.toMatchObject({ kind: 'InvalidInput' });
	});
});

describe('the checksum option', () => {
	it('defaults to xxhash64, offers sha256, blake3 and none, and refuses anything else', () => {
		expect(DEFAULT_CONFIG.checksum).toBe('xxhash64');
		expect(resolveConfig({ outputDir: '/x' }, 'none', {}).checksum).toBe('xxhash64');
		expect(CHECKSUMS).toEqual(['xxhash64', 'sha256', 'blake3', 'none']);
		for (const checksum of CHECKSUMS) expect(resolveConfig({ outputDir: '/x', checksum }, 'none', {}).checksum).toBe(checksum);
		expect(() => resolveConfig({ outputDir: '/x', checksum: 'md5' as never }, 'none', {})).toThrow('Checksum "md5" is not one of xxhash64, sha256, blake3, none.');
		expect(OPTION_TABLE.find((o) => o.key === 'checksum')).toMatchObject({ group: 'validation', type: 'options', values: CHECKSUMS });
	});

	it('puts the digest in the result under checksum with its algorithm, and under sha256 too when it is one', () => {
		expect(digestFields({ algorithm: 'sha256', digest: 'ab' })).toEqual({ checksum: { algorithm: 'sha256', digest: 'ab' }, sha256: 'ab' });
		expect(digestFields({ algorithm: 'xxhash64', digest: 'cd' })).toEqual({ checksum: { algorithm: 'xxhash64', digest: 'cd' } });
		expect(digestFields({ algorithm: 'blake3', digest: 'ef' })).toEqual({ checksum: { algorithm: 'blake3', digest: 'ef' } });
		expect(digestFields(undefined)).toEqual({});
	});
});
