import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { InfoOutcome, MediaInfo } from '../../lib';
import { errorItem, itemError } from './errors';
import { groupBySettings } from './groupBySettings';

export interface BatchedItemsPlan<S> {
	/** An item's URL and the settings its info call needs; throws for a bad parameter (that item fails alone). */
	read: (itemIndex: number) => { url: string; settings: S };
	/** The info of many URLs with one set of settings (one yt-dlp process per batch). */
	fetch: (urls: string[], settings: S) => Promise<InfoOutcome[]>;
	/** The output items of one item whose info was read. */
	toItems: (itemIndex: number, info: MediaInfo) => INodeExecutionData[] | Promise<INodeExecutionData[]>;
}

/**
 * Items grouped by settings → batched info calls → output items in input order. Whatever fails for one
 * item (a parameter, its URL, its own step) becomes that item's error item with Continue On Fail, or
 * stops the node with an error naming the item.
 */
export async function runBatchedItems<S>(ctx: IExecuteFunctions, plan: BatchedItemsPlan<S>): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const perItem: INodeExecutionData[][] = items.map(() => []);
	const fail = (error: unknown, itemIndex: number, input?: string) => {
		if (!ctx.continueOnFail()) throw itemError(ctx, error, itemIndex);
		perItem[itemIndex] = [errorItem(ctx, error, itemIndex, input)];
	};

	const read = items.map((_, i) => {
		try {
			return plan.read(i);
		} catch (error) {
			fail(error, i);
			return undefined;
		}
	});
	const valid = items.map((_, i) => i).filter((i) => read[i] !== undefined);
	for (const group of groupBySettings(valid, (i) => read[i]!.settings)) {
		const outcomes = await plan.fetch(
			group.items.map((i) => read[i]!.url),
			group.settings,
		);
		for (const [k, outcome] of outcomes.entries()) {
			const i = group.items[k];
			if (outcome.error) {
				fail(outcome.error, i, outcome.input);
				continue;
			}
			try {
				perItem[i] = await plan.toItems(i, outcome.info);
			} catch (error) {
				fail(error, i, outcome.input);
			}
		}
	}
	return perItem.flat();
}
