import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { MediaError } from '../../lib';

/** The JSON an error item carries when the node continues on fail: the headline first, yt-dlp's own line in `details`. */
export function errorJson(error: unknown, input?: string): IDataObject {
	const url = input === undefined ? {} : { url: input };
	if (error instanceof MediaError)
		return { error: error.headline, kind: error.kind, retryable: error.retryable, hint: error.hint, ...(error.reported === undefined ? {} : { details: error.reported }), ...url };
	return { error: (error as Error).message ?? String(error), ...url };
}

/**
 * A NodeOperationError that names the item and leads with what happened and what to do; the program's
 * own line goes to the description (shown under the headline in n8n's error panel).
 */
export function itemError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	if (!(error instanceof MediaError))
		return new NodeOperationError(ctx.getNode(), `Item ${itemIndex + 1}: ${(error as Error).message ?? String(error)}`, { itemIndex });
	const description =
		error.reported === undefined ? `${error.hint}${error.url ? ` (URL: ${error.url})` : ''}` : `yt-dlp said: ${error.reported}`;
	return new NodeOperationError(ctx.getNode(), `Item ${itemIndex + 1}: ${error.headline}`, { itemIndex, description });
}
