import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { destinationOf, LiveHash } from '../../lib/download/liveHash';
import { blake3Reference, xxhash64Reference } from '../fixtures/checksums';

const reference = { sha256: (b: Buffer) => createHash('sha256').update(b).digest('hex'), xxhash64: xxhash64Reference, blake3: blake3Reference };

describe('LiveHash', () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'mdl-live-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it.each(['sha256', 'xxhash64', 'blake3'] as const)('hashes a .part file with %s while it grows and through its rename, matching the reference over the bytes', async (algorithm) => {
		const final = path.join(dir, 'clip.mp4');
		const hash = new LiveHash(final, algorithm);
		const chunks = Array.from({ length: 6 }, () => randomBytes(700_001));
		writeFileSync(`${final}.part`, '');
		for (const chunk of chunks) {
			appendFileSync(`${final}.part`, chunk);
			await new Promise((r) => setTimeout(r, 120));
		}
		renameSync(`${final}.part`, final);
		const settled = await hash.settle();
		expect(settled).toEqual({ inode: statSync(final).ino, size: 4_200_006, checksum: { algorithm, digest: reference[algorithm](Buffer.concat(chunks)) } });
		// It kept pace with the writer: at most the last chunk was left once the writer had finished.
		expect(hash.catchUp!.bytes).toBeLessThanOrEqual(700_001);
	});

	it('with checksum none reads nothing, yet follows the inode and size for the early probe', async () => {
		const final = path.join(dir, 'plain.mp4');
		const hash = new LiveHash(final, 'none');
		writeFileSync(`${final}.part`, 'abc');
		await new Promise((r) => setTimeout(r, 120));
		appendFileSync(`${final}.part`, 'defg');
		renameSync(`${final}.part`, final);
		const probe = { durationSec: 1 } as never;
		hash.probeWhenFinished(async () => probe);
		expect(await hash.settle()).toEqual({ inode: statSync(final).ino, size: 7, probe });
		expect(hash.catchUp).toBeUndefined();
	});

	it('never holds the writer back: a file written faster than it is hashed is caught up after the writer is done', async () => {
		const final = path.join(dir, 'fast.mp4');
		const hash = new LiveHash(final, 'sha256');
		const bytes = randomBytes(48 * 2 ** 20);
		// Written and renamed in one go (the event loop, and so the hash, cannot run in between): the writer
		// never waits for the hash, which then reads all of it after the fact.
		writeFileSync(`${final}.part`, bytes);
		renameSync(`${final}.part`, final);
		const settled = await hash.settle();
		expect(settled?.checksum).toEqual({ algorithm: 'sha256', digest: reference.sha256(bytes) });
		expect(hash.catchUp).toMatchObject({ bytes: bytes.length });
		expect(hash.catchUp!.ms).toBeGreaterThan(0);
	});

	it('keeps a probe made when yt-dlp reports the file finished (by path where no link folder is given)', async () => {
		const final = path.join(dir, 'done.mp4');
		const hash = new LiveHash(final, 'xxhash64');
		writeFileSync(`${final}.part`, 'abc');
		renameSync(`${final}.part`, final);
		const probe = { durationSec: 1 } as never;
		hash.probeWhenFinished(async (file) => (file === final ? probe : Promise.reject(new Error('wrong file'))));
		expect((await hash.settle())!.probe).toBe(probe);
	});

	it('probes the file it follows even when yt-dlp moves it out of its temp folder while ffprobe starts', async () => {
		const links = mkdtempSync(path.join(os.tmpdir(), 'mdl-live-links-'));
		try {
			const temp = path.join(dir, '.mdl-tmp-1');
			mkdirSync(temp);
			const inTemp = path.join(temp, 'clip.m4a');
			const bytes = randomBytes(200_000);
			const hash = new LiveHash(inTemp, 'sha256', links);
			writeFileSync(`${inTemp}.part`, bytes);
			await new Promise((r) => setTimeout(r, 150)); // the follower has opened the .part
			renameSync(`${inTemp}.part`, inTemp);
			let read: { name: string; bytes: Buffer } | undefined;
			hash.probeWhenFinished(async (name) => {
				renameSync(inTemp, path.join(dir, 'clip.m4a')); // yt-dlp's move, before ffprobe opens the file
				read = { name, bytes: readFileSync(name) };
				return { durationSec: 2 } as never;
			});
			const settled = await hash.settle();
			expect(settled).toMatchObject({ inode: statSync(path.join(dir, 'clip.m4a')).ino, size: 200_000, probe: { durationSec: 2 } });
			// ffprobe's format hint: the name keeps the file's extension.
			expect(path.extname(read!.name)).toBe('.m4a');
			expect(read!.bytes.equals(bytes)).toBe(true);
		} finally {
			rmSync(links, { recursive: true, force: true });
		}
	});

	it('ties the early probe to the file it followed: a file a post-processor wrote under the final name is another inode', async () => {
		const other = path.join(dir, 'rewritten.mp4');
		const rewritten = new LiveHash(other, 'xxhash64', dir);
		writeFileSync(`${other}.part`, 'abc');
		await new Promise((r) => setTimeout(r, 200)); // the follower has opened the .part (inode A)
		const followed = statSync(`${other}.part`).ino;
		// A post-processor wrote a new file (inode B) under the final name before the probe looked.
		writeFileSync(`${other}.tmp`, 'abcdef');
		renameSync(`${other}.tmp`, other);
		let seen = '';
		rewritten.probeWhenFinished(async (name) => {
			seen = readFileSync(name, 'utf8');
			return { durationSec: 1 } as never;
		});
		const settled = await rewritten.settle();
		// The probe read inode A, and says so: run.ts matches it to a finished file by inode and size, so B never gets it.
		expect(seen).toBe('abc');
		expect(settled).toMatchObject({ inode: followed, size: 3 });
		expect(settled!.inode).not.toBe(statSync(other).ino);
	});

	it('yields nothing for a file that never appeared', async () => {
		for (const algorithm of ['xxhash64', 'none'] as const) expect(await new LiveHash(path.join(dir, 'never.mp4'), algorithm).settle()).toBeUndefined();
	});

	it("reads yt-dlp's destination line", () => {
		expect(destinationOf('[download] Destination: /out/My Title [abc].mp4')).toBe('/out/My Title [abc].mp4');
		expect(destinationOf('[download]  12.5% of 10MiB')).toBeUndefined();
	});
});
