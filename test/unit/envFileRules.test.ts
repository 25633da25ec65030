import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { envPathCheck } from '../../nodes/shared/envFileRules';

/** The trigger's copy of n8n's file-access rules, read from the environment as n8n 2.x reads them. */
describe('envPathCheck (n8n file-access rules for the Media Queue Trigger)', () => {
	let root: string;
	beforeEach(() => {
		root = mkdtempSync(path.join(os.tmpdir(), 'mdl-envrules-'));
		mkdirSync(path.join(root, 'files', 'out'), { recursive: true });
		mkdirSync(path.join(root, 'user', '.n8n'), { recursive: true });
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));

	const env = (extra: NodeJS.ProcessEnv = {}) => ({ N8N_RESTRICT_FILE_ACCESS_TO: path.join(root, 'files'), N8N_USER_FOLDER: path.join(root, 'user'), ...extra });

	it('allows paths inside N8N_RESTRICT_FILE_ACCESS_TO, new files and folders included', async () => {
		const check = envPathCheck(env());
		await expect(check(path.join(root, 'files', 'out', 'a.mp4'))).resolves.toBeUndefined();
		await expect(check(path.join(root, 'files', 'new', 'deeper', 'b.mp4'))).resolves.toBeUndefined();
	});

	it('refuses paths outside it, through .., and through a symlink that leads out', async () => {
		const check = envPathCheck(env());
		await expect(check(path.join(root, 'elsewhere.mp4'))).rejects.toThrow(/not allowed by this n8n instance's file access rules/);
		await expect(check(path.join(root, 'files', '..', 'elsewhere.mp4'))).rejects.toThrow(/not allowed/);
		symlinkSync(root, path.join(root, 'files', 'link'));
		await expect(check(path.join(root, 'files', 'link', 'escaped.mp4'))).rejects.toThrow(/not allowed/);
	});

	it("refuses n8n's own folder unless N8N_BLOCK_FILE_ACCESS_TO_N8N_FILES=false, and .git paths", async () => {
		const n8nFile = path.join(root, 'user', '.n8n', 'database.sqlite');
		const open = { N8N_RESTRICT_FILE_ACCESS_TO: root };
		await expect(envPathCheck(env(open))(n8nFile)).rejects.toThrow(/not allowed/);
		await expect(envPathCheck(env({ ...open, N8N_BLOCK_FILE_ACCESS_TO_N8N_FILES: 'false' }))(n8nFile)).resolves.toBeUndefined();
		await expect(envPathCheck(env())(path.join(root, 'files', 'repo', '.git', 'config'))).rejects.toThrow(/not allowed/);
	});

	it('defaults to ~/.n8n-files when N8N_RESTRICT_FILE_ACCESS_TO is unset, and allows all when it is empty', async () => {
		const unset = { N8N_USER_FOLDER: path.join(root, 'user') };
		await expect(envPathCheck(unset)(path.join(root, 'files', 'a.mp4'))).rejects.toThrow(/not allowed/);
		await expect(envPathCheck(unset)(path.join(os.homedir(), '.n8n-files', 'a.mp4'))).resolves.toBeUndefined();
		await expect(envPathCheck({ ...unset, N8N_RESTRICT_FILE_ACCESS_TO: '' })(path.join(root, 'files', 'a.mp4'))).resolves.toBeUndefined();
	});
});
