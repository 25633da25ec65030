/**
 * Driving n8n 2.40's editor: a workflow's canvas and a node's parameter panel (NDV), through the
 * data-test-id attributes n8n's own end-to-end tests use.
 */
import type { ElementHandle, HTTPRequest, Page } from 'puppeteer-core';

import type { PanelContent } from './expectedPanel';

const NDV = '[data-test-id="ndv"]';
const PARAMETERS = `${NDV} [data-test-id="node-parameters"]`;

/** A CSS attribute value in double quotes. */
export const cssString = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

const canvasNode = (name: string) => `[data-test-id="canvas-node"][data-node-name=${cssString(name)}]`;

export interface CanvasNode {
	name: string;
	type: string;
	/** n8n marks nodes whose type it does not know */
	notInstalled: boolean;
}

/** Opens a saved workflow and waits until its canvas shows `nodeCount` nodes (sticky notes are no canvas-node). */
export async function openWorkflow(page: Page, baseUrl: string, id: string, nodeCount: number): Promise<CanvasNode[]> {
	await page.goto(`${baseUrl}/workflow/${encodeURIComponent(id)}`, { waitUntil: 'networkidle2' });
	await page
		.waitForFunction((n) => document.querySelectorAll('[data-test-id="canvas-node"]').length >= n, { timeout: 30_000 }, nodeCount)
		.catch(() => undefined); // the caller compares the nodes shown with the workflow's
	return page.$$eval('[data-test-id="canvas-node"]', (els) =>
		els.map((el) => ({
			name: el.getAttribute('data-node-name') ?? '',
			type: el.getAttribute('data-node-type') ?? '',
			notInstalled: el.querySelector('[data-test-id="node-not-installed"]') !== null,
		})),
	);
}

/** Opens a node's panel by double-clicking it on the canvas. */
export async function openPanel(page: Page, nodeName: string): Promise<void> {
	const node = await page.waitForSelector(canvasNode(nodeName), { visible: true });
	await node!.click({ count: 2 });
	await waitForPanel(page, nodeName);
}

/** Waits until the open panel shows `nodeName`'s parameters and n8n's requests for them are done. */
export async function waitForPanel(page: Page, nodeName?: string): Promise<void> {
	await page.waitForSelector(PARAMETERS, { visible: true });
	if (nodeName !== undefined) {
		await page.waitForFunction(
			(name) => document.querySelector('[data-test-id="ndv"] [data-test-id="node-title-container"]')?.textContent?.includes(name),
			{},
			nodeName,
		);
	}
	await settle(page);
}

export async function closePanel(page: Page): Promise<void> {
	await page.locator(`${NDV} [data-test-id="ndv-close-button"]`).click();
	await page.waitForSelector(NDV, { hidden: true });
}

/** The requests under way per page (see trackRequests). */
const inFlight = new WeakMap<Page, Map<HTTPRequest, number>>();

/**
 * Keeps count of the page's requests so settle() can wait for them. n8n's push connection
 * (/rest/push, a WebSocket or an event stream that stays open) is left out.
 */
export function trackRequests(page: Page): void {
	const requests = new Map<HTTPRequest, number>();
	inFlight.set(page, requests);
	page.on('request', (request) => {
		if (!new URL(request.url()).pathname.startsWith('/rest/push')) requests.set(request, Date.now());
	});
	const done = (request: HTTPRequest) => void requests.delete(request);
	page.on('requestfinished', done);
	page.on('requestfailed', done);
	// A new document drops the old one's requests without an event for each; its own start after it commits.
	page.on('framenavigated', (frame) => {
		if (frame === page.mainFrame()) requests.clear();
	});
}

/**
 * No request under way for half a second, then one painted frame. A request still running after 15 s does
 * not hold the test up (whatever it breaks shows as a problem); the ones still open are returned.
 */
export async function settle(page: Page): Promise<string[]> {
	const requests = inFlight.get(page);
	const deadline = Date.now() + 15_000;
	let quietSince = Date.now();
	while (requests && Date.now() < deadline) {
		if (requests.size > 0) quietSince = Date.now();
		else if (Date.now() - quietSince >= 500) break;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
	return requests ? [...requests.keys()].map((r) => `${r.method()} ${r.url()}`) : [];
}

export async function readPanel(page: Page): Promise<PanelContent> {
	return page.$eval(NDV, (ndv) => {
		const parameters = ndv.querySelector('[data-test-id="node-parameters"]') as HTMLElement;
		return {
			nodeName: ndv.querySelector('[data-test-id="node-title-container"]')?.textContent?.trim() ?? '',
			// A parameter's label is <label for="<parameter name>">, its title the first text element in it.
			labels: Array.from(parameters.querySelectorAll('label.n8n-input-label[for]')).map((label) => ({
				name: label.getAttribute('for') ?? '',
				text: (label.querySelector('.n8n-text')?.textContent ?? label.textContent ?? '').replace(/\s*\*?\s*$/, '').trim(),
			})),
			credentialSlots: parameters.querySelectorAll('[data-test-id="node-credentials-slot"]').length,
			text: parameters.innerText,
		};
	});
}

/**
 * Saves a PNG of the open panel with all its parameters: the window is made as tall as the parameter list
 * (the panel grows with it) for the shot, then restored.
 */
export async function screenshotPanel(page: Page, file: string): Promise<void> {
	const viewport = page.viewport()!;
	const hidden = await page.$eval(PARAMETERS, (el) => {
		for (let node: HTMLElement | null = el as HTMLElement; node; node = node.parentElement) {
			const overflow = getComputedStyle(node).overflowY;
			if ((overflow === 'auto' || overflow === 'scroll') && node.scrollHeight > node.clientHeight + 1) return node.scrollHeight - node.clientHeight;
		}
		return 0;
	});
	const height = Math.min(viewport.height + hidden + 40, 12_000);
	if (height > viewport.height) await page.setViewport({ ...viewport, height });
	try {
		// The pointer over the empty input pane, so no parameter shows its hover controls.
		await page.mouse.move(100, 300);
		await settle(page);
		await page.screenshot({ path: file as `${string}.png` });
	} finally {
		if (height > viewport.height) await page.setViewport(viewport);
	}
}

export async function screenshotCanvas(page: Page, file: string): Promise<void> {
	await page.locator('[data-test-id="zoom-to-fit"]').click();
	await settle(page);
	await page.screenshot({ path: file as `${string}.png` });
}

/** Chooses `optionName` in an options parameter's dropdown. */
export async function chooseOption(page: Page, parameterName: string, optionName: string): Promise<void> {
	await page.locator(`${PARAMETERS} [data-test-id="parameter-input-${parameterName}"]`).click();
	await clickDropdownItem(page, optionName);
	await settle(page);
}

/**
 * Adds an option to a collection parameter through its "Add Option" dropdown, and waits until the option's
 * own label shows in the collection (a click while the dropdown still opens is lost: it is tried again).
 */
export async function addCollectionOption(page: Page, collectionName: string, option: { name: string; displayName: string }): Promise<void> {
	const collection = `${PARAMETERS} .multi-parameter:has(> [data-test-id="input-label"] label[for=${cssString(collectionName)}])`;
	for (let attempt = 1; ; attempt++) {
		const open = await page.$$eval('.el-select-dropdown__item', (items) => items.some((el) => (el as HTMLElement).offsetParent !== null));
		if (!open) await page.locator(`${collection} [data-test-id="collection-parameter-add"] input`).click();
		await clickDropdownItem(page, option.displayName);
		const added = await page
			.waitForSelector(`${collection} label[for=${cssString(option.name)}]`, { visible: true, timeout: 10_000 })
			.then(() => true, () => false);
		if (added) break;
		if (attempt === 3) throw new Error(`"${option.displayName}" did not show in ${collectionName} after choosing it ${attempt} times`);
	}
	await settle(page);
}

/**
 * Clicks the item whose first line is `text` in the dropdown that is open (Element Plus renders it at the end of
 * the page). While the dropdown opens or re-renders, the item found may have no box yet or be replaced: puppeteer
 * then says "not clickable", and the item is looked up again.
 */
async function clickDropdownItem(page: Page, text: string): Promise<void> {
	for (let attempt = 1; ; attempt++) {
		const item = await page.waitForFunction(
			(wanted) =>
				Array.from(document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')).find(
					(el) => el.offsetParent !== null && el.innerText.split('\n')[0].trim() === wanted,
				) ?? null,
			{},
			text,
		);
		const element = item as ElementHandle<HTMLElement>;
		try {
			// A long list (a preset's choices) may hold the item below its visible part: scroll it in before the click.
			await element.evaluate((el) => el.scrollIntoView({ block: 'center' }));
			await element.click();
			return;
		} catch (error) {
			if (attempt === 3 || !/not clickable|detached/i.test((error as Error).message)) throw error;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}
}
