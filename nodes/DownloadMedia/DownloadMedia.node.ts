import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { envMaxConcurrent, getInfoOutcomes, mapWithConcurrency, type DownloadCallOptions } from '../../lib';
import { mediaSiteMethods } from '../shared/commonProperties';
import { errorItem, itemError } from '../shared/errors';
import { n8nPathCheck } from '../shared/fileAccess';
import { authenticationProperties, SITE_AUTH_DEFAULT_VERSION, SITE_AUTH_VERSIONS } from '../shared/authentication';
import { getSiteAuth } from '../shared/siteAuth';
import { choiceSubtitle } from '../shared/subtitle';
import { nodeOption } from './actions/readOptions';
import { downloadItem, operationProperties, type Operation } from './actions/router';
import { configCollections } from './descriptions/configOptions';
import { DOWNLOAD_SCOPES, mainProperties } from './descriptions/mainProperties';
import { downloadNodeOptions } from './descriptions/nodeOptions';
import { optionCollections } from './descriptions/optionsLayout';
import { FROM_OPTIONS_LAYOUT } from './descriptions/versions';

export class DownloadMedia implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Download Media',
		name: 'downloadMedia',
		icon: { light: 'file:downloadMedia.svg', dark: 'file:downloadMedia.dark.svg' },
		group: ['input'],
		version: SITE_AUTH_VERSIONS,
		defaultVersion: SITE_AUTH_DEFAULT_VERSION,
		subtitle: choiceSubtitle(mainProperties, 'operation'),
		description: 'Download video, audio and captions with yt-dlp and ffmpeg, as files or binary data',
		defaults: { name: 'Download Media' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Literal here: the lint rule that requires a credential test reads testedBy in the node file.
		credentials: [{ name: 'mediaSiteAuth', required: false, testedBy: 'mediaSiteAuthTest', displayOptions: { hide: { authentication: ['none'] } } }],
		properties: [
			mainProperties[0],
			...authenticationProperties(),
			...mainProperties.slice(1),
			...operationProperties,
			...configCollections(),
			...optionCollections(DOWNLOAD_SCOPES, downloadNodeOptions, FROM_OPTIONS_LAYOUT),
		],
	};

	methods = mediaSiteMethods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as Operation;
		const auth = await getSiteAuth(this);
		const checkPath = n8nPathCheck(this);
		// One failing item without Continue On Fail stops the node: the downloads still running stop with it.
		const stopAll = new AbortController();
		const signal = AbortSignal.any([this.getExecutionCancelSignal() ?? new AbortController().signal, stopAll.signal]);
		const perItem: INodeExecutionData[][] = items.map(() => []);
		const fatal: Array<{ itemIndex: number; error: NodeOperationError }> = [];
		const fail = (error: unknown, i: number, url?: string) => {
			if (this.continueOnFail()) {
				perItem[i] = [errorItem(this, error, i, url, attemptsOf(error))];
				return;
			}
			fatal.push({ itemIndex: i, error: itemError(this, error, i) });
			stopAll.abort();
		};

		// Every per-item parameter is read inside the item's own try: a bad expression fails only its item.
		const failedItems = new Set<number>();
		const failItem = (error: unknown, i: number, url?: string) => {
			failedItems.add(i);
			fail(error, i, url);
		};
		const urls = items.map((_, i) => {
			try {
				return this.getNodeParameter('url', i) as string;
			} catch (error) {
				failItem(error, i);
				return undefined;
			}
		});
		const dedupeKeys = await findDedupeKeys(this, urls, failedItems, { auth, signal, fail: failItem });

		// Items sharing a dedupe key form one unit and run one after the other, so "already downloaded"
		// stays exact in parallel; n8n's record takes one call at a time (concurrent first writes collide).
		const units = new Map<string, number[]>();
		for (const i of items.map((_, k) => k).filter((k) => !failedItems.has(k))) {
			const unit = dedupeKeys.get(i) ?? `item:${i}`;
			units.set(unit, [...(units.get(unit) ?? []), i]);
		}
		const record = serialized();
		const maxConcurrent = (nodeOption(this, 'maxConcurrent', 0, 0) as number) || envMaxConcurrent();
		const runItem = async (i: number) => {
			const url = urls[i] as string;
			const key = dedupeKeys.get(i);
			try {
				if (key) {
					const seen = await record(() => this.helpers.checkProcessedAndRecord([key], 'node', { mode: 'entries' }));
					if (seen.processed.length > 0) {
						perItem[i] = [{ json: { url, skipped: 'alreadyDownloaded', dedupeKey: key }, pairedItem: { item: i } }];
						return;
					}
				}
				let done = false;
				try {
					perItem[i] = await downloadItem(this, operation, url, i, { auth, signal, checkOutputPath: checkPath, checkLocalPath: checkPath, maxConcurrent });
					done = true;
				} finally {
					// A failed download must not count as processed: the next execution tries again.
					if (key && !done) await record(() => this.helpers.removeProcessed([key], 'node', { mode: 'entries' }));
				}
			} catch (error) {
				fail(error, i, url);
			}
		};
		await mapWithConcurrency(
			[...units.values()],
			maxConcurrent,
			async (unit) => {
				for (const i of unit) if (!signal.aborted) await runItem(i);
			},
			{ signal: stopAll.signal, onSkipped: () => undefined },
		);
		if (fatal.length > 0) throw fatal.sort((a, b) => a.itemIndex - b.itemIndex)[0].error;
		return [perItem.flat()];
	}
}

/** Runs the calls given to it one at a time, in call order. */
function serialized(): <T>(call: () => Promise<T>) => Promise<T> {
	let tail: Promise<unknown> = Promise.resolve();
	return (call) => {
		const result = tail.then(call, call);
		tail = result.catch(() => undefined);
		return result;
	};
}

/** n8n's record of processed items is keyed by media id: one batched info call finds the ids first. */
async function findDedupeKeys(
	ctx: IExecuteFunctions,
	urls: Array<string | undefined>,
	failedItems: ReadonlySet<number>,
	options: { auth: DownloadCallOptions['auth']; signal: AbortSignal; fail: (error: unknown, i: number, url?: string) => void },
): Promise<Map<number, string>> {
	const keys = new Map<number, string>();
	const toCheck = urls.flatMap((url, i) => {
		if (failedItems.has(i)) return [];
		try {
			return nodeOption(ctx, 'skipDownloaded', i, false) ? [i] : [];
		} catch (error) {
			options.fail(error, i, url);
			return [];
		}
	});
	if (toCheck.length === 0) return keys;
	const outcomes = await getInfoOutcomes(
		toCheck.map((i) => urls[i]!),
		{ auth: options.auth, signal: options.signal, noPlaylist: true, maxRetries: 1 },
	);
	outcomes.forEach((o, k) => keys.set(toCheck[k], o.info ? `${o.info.extractor}:${o.info.id}` : `url:${o.input}`));
	return keys;
}

function attemptsOf(error: unknown): IDataObject {
	const attempts = (error as { fallbackAttempts?: unknown[] }).fallbackAttempts;
	return attempts ? { fallbackAttempts: attempts as IDataObject[] } : {};
}
