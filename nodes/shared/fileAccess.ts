import path from 'node:path';

import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { expandHome } from '../../lib';

/**
 * n8n's own file-access rules (N8N_RESTRICT_FILE_ACCESS_TO, N8N_BLOCK_FILE_ACCESS_TO_N8N_FILES and the
 * blocked patterns) applied to a path we are about to read or write. n8n resolves a path through its
 * parent folder, so for folders that do not exist yet the nearest existing ancestor is resolved.
 */
export function n8nPathCheck(ctx: IExecuteFunctions): (absolutePath: string) => Promise<void> {
	return async (absolutePath) => {
		// Callers pass resolved paths; a `~` that slipped through still means the home folder, as everywhere else.
		let existing = path.resolve(expandHome(absolutePath));
		const missing: string[] = [];
		let resolved: string | undefined;
		while (resolved === undefined) {
			try {
				resolved = path.join(await ctx.helpers.resolvePath(existing), ...missing);
			} catch {
				const parent = path.dirname(existing);
				if (parent === existing) throw new NodeOperationError(ctx.getNode(), `"${absolutePath}" cannot be resolved`);
				missing.unshift(path.basename(existing));
				existing = parent;
			}
		}
		if (ctx.helpers.isFilePathBlocked(resolved as never))
			throw new NodeOperationError(ctx.getNode(), `Access to "${absolutePath}" is not allowed by this n8n instance's file access rules`, {
				description: "Use a path inside the folders listed in N8N_RESTRICT_FILE_ACCESS_TO (default ~/.n8n-files), outside n8n's own folder.",
			});
	};
}
