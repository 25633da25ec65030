/**
 * Adding a node the way a user does: the canvas's "+" opens n8n's node creator, the node is found by its
 * name, and its first action (if it lists actions) is picked; n8n then opens the new node's panel.
 */
import type { ElementHandle, Page } from 'puppeteer-core';
import type { INodeParameters, INodeTypeDescription } from 'n8n-workflow';

import { waitForPanel } from './ndv';

const CREATOR = '[data-test-id="node-creator"]';

export interface AddedNode {
	/** the action picked in the creator, when the node lists actions */
	action?: string;
	/** the parameter values that action sets (n8n fills in the defaults of the others) */
	parameters: INodeParameters;
}

export async function addNodeFromCreator(page: Page, description: INodeTypeDescription): Promise<AddedNode> {
	await closeOverlays(page);
	await page.locator('[data-test-id="node-creator-plus-button"]').click();
	const search = await page.waitForSelector(`${CREATOR} [data-test-id="node-creator-search-bar"]`, { visible: true });
	await search!.type(description.displayName);
	// The creator lists a trigger under its node's name ("Media Queue Trigger" under "Media Queue").
	const listed = [description.name, description.name.replace(/Trigger$/, '')];
	const result = await waitForItem(page, (navId) => listed.some((type) => navId.startsWith(`${type}-`)));
	await result.click();

	// Either n8n adds the node right away, or it shows the node's details: its actions (pick the first of this
	// node type), or, for a node without actions, an "Add to workflow" button.
	const deadline = Date.now() + 60_000;
	let action: string | undefined;
	while (Date.now() < deadline) {
		if (await page.$('[data-test-id="ndv"] [data-test-id="node-parameters"]')) break;
		const item = await visibleItem(page, (navId, navType, named) => navId.startsWith(`${description.name}-`) && (navType === 'action' || (navType === 'node' && !named)));
		if (item) {
			action = (await item.$eval('[data-test-id="node-creator-item-name"]', (el) => el.textContent?.trim() ?? '').catch(() => undefined)) || undefined;
			await item.click();
			await page.waitForSelector('[data-test-id="ndv"] [data-test-id="node-parameters"]', { visible: true });
			break;
		}
		// The node's actions may sit in a collapsed category (its triggers in a workflow that has one).
		for (const category of await page.$$(`${CREATOR} [data-category-collapsed="true"] [data-test-id="node-creator-category-item"]`)) await category.click();
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
	await waitForPanel(page);
	return { action, parameters: action ? actionParameters(description, action) : {} };
}

/**
 * The values an action of the creator sets. n8n lists an operation's `action` text, and for a trigger the
 * choices of its event parameter as "On <choice>".
 */
export function actionParameters(description: INodeTypeDescription, action: string): INodeParameters {
	for (const property of description.properties) {
		if (property.type !== 'options' && property.type !== 'multiOptions') continue;
		for (const option of property.options ?? []) {
			if (!('value' in option)) continue;
			const matches = option.action === action || `on ${option.name}`.toLowerCase() === action.toLowerCase();
			if (matches) return { [property.name]: property.type === 'multiOptions' ? [option.value] : option.value } as INodeParameters;
		}
	}
	throw new Error(`${description.displayName}: no parameter choice matches the creator's action "${action}"`);
}

/** A panel or the node creator left open by an earlier step that failed. */
async function closeOverlays(page: Page): Promise<void> {
	for (let i = 0; i < 3 && (await page.$('[data-test-id="ndv"], [data-test-id="node-creator"]')); i++) {
		await page.keyboard.press('Escape');
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

async function waitForItem(page: Page, accept: (navId: string, navType: string, named: boolean) => boolean): Promise<ElementHandle<Element>> {
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		const item = await visibleItem(page, accept);
		if (item) return item;
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
	const listed = await page.$$eval(`${CREATOR} [data-test-id="item-iterator-item"]`, (els) => els.map((el) => el.getAttribute('data-keyboard-nav-id')));
	throw new Error(`the node creator lists no matching item (it lists ${JSON.stringify(listed)})`);
}

/** The first visible item of the creator that `accept`s (named: it shows a name; the "Add to workflow" button does not). */
async function visibleItem(page: Page, accept: (navId: string, navType: string, named: boolean) => boolean): Promise<ElementHandle<Element> | undefined> {
	for (const item of await page.$$(`${CREATOR} [data-test-id="item-iterator-item"]`)) {
		const [navId, navType, named, visible] = await item.evaluate((el) => [
			el.getAttribute('data-keyboard-nav-id') ?? '',
			el.getAttribute('data-keyboard-nav-type') ?? '',
			el.querySelector('[data-test-id="node-creator-item-name"]') !== null,
			(el as HTMLElement).offsetParent !== null,
		] as const);
		if (visible && accept(navId, navType, named)) return item;
	}
	return undefined;
}
