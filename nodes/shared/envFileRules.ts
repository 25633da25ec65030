import { realpath } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { expandHome } from '../../lib';

/** n8n 2.x defaults (SecurityConfig): only ~/.n8n-files, and no .git folders. */
const DEFAULT_ALLOWED = '~/.n8n-files';
const DEFAULT_BLOCKED_PATTERNS = '^(?:[^/]*/)*\\.git(?:/.*)?$';

const inside = (base: string, target: string) => {
	const relative = path.relative(base, target);
	return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

async function resolveExisting(target: string): Promise<string> {
	const missing: string[] = [];
	let existing = target;
	for (;;) {
		try {
			return path.join(await realpath(existing), ...missing);
		} catch {
			const parent = path.dirname(existing);
			if (parent === existing) return target;
			missing.unshift(path.basename(existing));
			existing = parent;
		}
	}
}

/**
 * n8n's file-access rules read from the environment as n8n reads them (N8N_RESTRICT_FILE_ACCESS_TO,
 * N8N_BLOCK_FILE_ACCESS_TO_N8N_FILES, N8N_BLOCK_FILE_PATTERNS), for the one place n8n gives a node no
 * helper for them: a trigger, whose functions lack resolvePath/isFilePathBlocked.
 */
export function envPathCheck(env: NodeJS.ProcessEnv = process.env): (absolutePath: string) => Promise<void> {
	const allowed = (env.N8N_RESTRICT_FILE_ACCESS_TO ?? DEFAULT_ALLOWED)
		.split(';')
		.map((p) => p.trim())
		.filter(Boolean)
		.map((p) => path.resolve(expandHome(p)));
	const n8nFolder = path.join(env.N8N_USER_FOLDER || os.homedir(), '.n8n');
	const restricted = env.N8N_BLOCK_FILE_ACCESS_TO_N8N_FILES === 'false' ? [] : [n8nFolder, path.join(os.homedir(), '.cache', 'n8n', 'public')];
	const patterns = (env.N8N_BLOCK_FILE_PATTERNS ?? DEFAULT_BLOCKED_PATTERNS)
		.split(';')
		.map((p) => p.trim())
		.filter(Boolean);
	return async (absolutePath) => {
		const resolved = await resolveExisting(path.resolve(expandHome(absolutePath)));
		const normalized = path.posix.normalize(resolved.replace(/\\/g, '/'));
		const blocked =
			restricted.some((base) => inside(base, resolved)) ||
			patterns.some((pattern) => {
				try {
					return new RegExp(pattern, 'mi').test(normalized);
				} catch {
					return true;
				}
			}) ||
			(allowed.length > 0 && !allowed.some((base) => inside(base, resolved)));
		if (blocked)
			throw new Error(
				`Access to "${absolutePath}" is not allowed by this n8n instance's file access rules: use a folder inside N8N_RESTRICT_FILE_ACCESS_TO (default ~/.n8n-files), outside n8n's own folder`,
			);
	};
}
