import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { assertInside, isInside } from '../../lib/download/confine';

describe('isInside', () => {
	let root: string;
	beforeAll(() => {
		root = mkdtempSync(path.join(os.tmpdir(), 'mdl-confine-'));
		mkdirSync(path.join(root, 'out'));
		writeFileSync(path.join(root, 'outside.txt'), 'x');
		symlinkSync(path.join(root, 'outside.txt'), path.join(root, 'out', 'link.txt'));
	});
	afterAll(() => rmSync(root, { recursive: true, force: true }));

	it('accepts names that merely start with dots', async () => {
		expect(await isInside(path.join(root, 'out'), path.join(root, 'out', '..⧸..⧸etc⧸passwd.mp4'))).toBe(true);
		expect(await isInside(path.join(root, 'out'), path.join(root, 'out', '...mp4'))).toBe(true);
	});
	it('refuses parents, siblings, the folder itself and symlinks that point out', async () => {
		expect(await isInside(path.join(root, 'out'), path.join(root, 'outside.txt'))).toBe(false);
		expect(await isInside(path.join(root, 'out'), path.join(root, 'out', '..', 'x'))).toBe(false);
		expect(await isInside(path.join(root, 'out'), path.join(root, 'out'))).toBe(false);
		expect(await isInside(path.join(root, 'out'), path.join(root, 'out', 'link.txt'))).toBe(false);
		await expect(assertInside(path.join(root, 'out'), [path.join(root, 'out', 'link.txt')])).rejects.toMatchObject({ kind: 'InvalidInput' });
	});
});
