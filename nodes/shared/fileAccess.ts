import type { IExecuteFunctions } from 'n8n-workflow';

import { MediaError } from '../../lib';

/**
 * n8n's own file-access rules (N8N_RESTRICT_FILE_ACCESS_TO, N8N_BLOCK_FILE_ACCESS_TO_N8N_FILES and the
 * blocked patterns) applied to a path we are about to read or write.
 */
export function n8nPathCheck(ctx: IExecuteFunctions): (absolutePath: string) => Promise<void> {
	return async (absolutePath) => {
		const resolved = await ctx.helpers.resolvePath(absolutePath);
		if (ctx.helpers.isFilePathBlocked(resolved))
			throw new MediaError('InvalidInput', `Access to "${absolutePath}" is not allowed by this n8n instance's file access rules`, {
				hint: 'Use a path inside the folders listed in N8N_RESTRICT_FILE_ACCESS_TO (default ~/.n8n-files), outside n8n\'s own folder.',
			});
	};
}
