import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { destinationOf, LiveHash } from '../../lib/download/liveHash';

describe('LiveHash', () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'mdl-live-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('hashes a .part file while it grows and through its rename, matching a full read', async () => {
		const final = path.join(dir, 'clip.mp4');
		const hash = new LiveHash(final);
		const chunks = Array.from({ length: 6 }, () => randomBytes(700_000));
		writeFileSync(`${final}.part`, '');
		for (const chunk of chunks) {
			appendFileSync(`${final}.part`, chunk);
			await new Promise((r) => setTimeout(r, 120));
		}
		renameSync(`${final}.part`, final);
		const settled = await hash.settle();
		expect(settled).toEqual({ inode: statSync(final).ino, size: 4_200_000, sha256: createHash('sha256').update(Buffer.concat(chunks)).digest('hex') });
	});

	it('keeps a probe made when yt-dlp reports the file finished, but only for that same file', async () => {
		const final = path.join(dir, 'done.mp4');
		const hash = new LiveHash(final);
		writeFileSync(`${final}.part`, 'abc');
		renameSync(`${final}.part`, final);
		const probe = { durationSec: 1 } as never;
		hash.probeWhenFinished(async (file) => (file === final ? probe : Promise.reject(new Error('wrong file'))));
		expect((await hash.settle())!.probe).toBe(probe);

		const other = path.join(dir, 'rewritten.mp4');
		const rewritten = new LiveHash(other);
		writeFileSync(`${other}.part`, 'abc');
		await new Promise((r) => setTimeout(r, 200)); // the follower has opened the .part (inode A)
		const followed = statSync(`${other}.part`).ino;
		// A post-processor wrote a new file (inode B) under the final name before the probe looked.
		writeFileSync(`${other}.tmp`, 'abcdef');
		renameSync(`${other}.tmp`, other);
		rewritten.probeWhenFinished(async () => probe);
		const settled = await rewritten.settle();
		expect(settled).toMatchObject({ inode: followed, size: 3 });
		expect(settled?.probe).toBeUndefined();
	});

	it('yields nothing for a file that never appeared', async () => {
		expect(await new LiveHash(path.join(dir, 'never.mp4')).settle()).toBeUndefined();
	});

	it("reads yt-dlp's destination line", () => {
		expect(destinationOf('[download] Destination: /out/My Title [abc].mp4')).toBe('/out/My Title [abc].mp4');
		expect(destinationOf('[download]  12.5% of 10MiB')).toBeUndefined();
	});
});
