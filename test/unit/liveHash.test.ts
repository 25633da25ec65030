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

	it('yields nothing for a file that never appeared', async () => {
		expect(await new LiveHash(path.join(dir, 'never.mp4')).settle()).toBeUndefined();
	});

	it("reads yt-dlp's destination line", () => {
		expect(destinationOf('[download] Destination: /out/My Title [abc].mp4')).toBe('/out/My Title [abc].mp4');
		expect(destinationOf('[download]  12.5% of 10MiB')).toBeUndefined();
	});
});
