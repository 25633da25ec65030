import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { MediaError } from '../../lib';

/** The JSON an error item carries when the node continues on fail: the headline first, yt-dlp's own line in `details`. */
export function errorJson(error: unknown, input?: string): IDataObject {
	const url = input === undefined ? {} : { url: input };
	if (error instanceof MediaError)
		return { error: error.headline, kind: error.kind, retryable: error.retryable, hint: error.hint, ...(error.reported === undefined ? {} : { details: error.reported }), ...url };
	return { error: (error as Error).message ?? String(error), ...url };
}

/**
 * The error item of a failed input item when the node continues on fail. With *Continue (using error output)*
 * n8n moves an item to the error output only when its JSON holds nothing but `error`, `message` and `details`
 * (and then adds the input item's fields), so there the other fields go into `details`.
 */
export function errorItem(ctx: IExecuteFunctions, error: unknown, itemIndex: number, input?: string, extra: IDataObject = {}): INodeExecutionData {
	const json = { ...errorJson(error, input), ...extra };
	if (ctx.getNode().onError !== 'continueErrorOutput') return { json, pairedItem: { item: itemIndex } };
	const { error: headline, ...details } = json;
	return { json: Object.keys(details).length ? { error: headline, details } : { error: headline }, pairedItem: { item: itemIndex } };
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
