import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { MediaError } from '../../lib';

/** The JSON an error item carries when the node continues on fail. */
export function errorJson(error: unknown, input?: string): IDataObject {
	if (error instanceof MediaError)
		return { error: error.message, kind: error.kind, retryable: error.retryable, hint: error.hint, ...(input === undefined ? {} : { url: input }) };
	return { error: (error as Error).message ?? String(error), ...(input === undefined ? {} : { url: input }) };
}

/** A NodeOperationError that names the item and says what to do. */
export function itemError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	const message = `Item ${itemIndex + 1}: ${(error as Error).message ?? String(error)}`;
	const description = error instanceof MediaError ? `${error.hint}${error.url ? ` (URL: ${error.url})` : ''}` : undefined;
	return new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
}
