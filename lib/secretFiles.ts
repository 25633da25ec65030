import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A private temp folder (0700) whose files (0600) hold secrets for one program run, removed afterwards. */
export class SecretFiles {
	private dir?: string;

	async write(name: string, content: string): Promise<string> {
		this.dir ??= await mkdtemp(path.join(os.tmpdir(), 'mdl-secret-'));
		const file = path.join(this.dir, name);
		await writeFile(file, content, { mode: 0o600, flag: 'wx' });
		return file;
	}

	async dispose(): Promise<void> {
		if (this.dir) await rm(this.dir, { recursive: true, force: true });
		this.dir = undefined;
	}
}

export async function withSecretFiles<T>(work: (files: SecretFiles) => Promise<T>): Promise<T> {
	const files = new SecretFiles();
	try {
		return await work(files);
	} finally {
		await files.dispose();
	}
}
