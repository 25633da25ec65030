/**
 * A real n8n 2.40.7 server with the example workflows imported and an owner account, and Debian's Chromium
 * (headless, driven by puppeteer-core, which downloads no browser) signed in to its editor.
 *
 *   const cleanup = new Cleanup();
 *   beforeAll(async () => { session = await startEditorSession(cleanup); }, EDITOR_START_TIMEOUT_MS);
 *   afterAll(() => cleanup.run());     // also after a failed or timed-out beforeAll
 *
 * n8n is started through the e2e harness (test/e2e): our package linked into the user folder as a community
 * package, loopback ports, its own process group (SIGKILLed at cleanup).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { INodeTypeDescription } from 'n8n-workflow';

import { startActiveN8n, type ActiveN8n } from '../e2e/activeN8n';
import { n8nScript, startN8nHarness, type N8nHarness } from '../e2e/n8nHarness';
import { trackRequests } from './ndv';
import { PageProblems } from './pageProblems';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { stageExampleWorkflows } = require('../../scripts/n8n/workflows.js') as { stageExampleWorkflows(examplesDir: string, toDir: string): number };

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const EXAMPLES_DIR = path.join(PROJECT_ROOT, 'examples');
/** Where the panel screenshots go (ignored by git). */
export const ARTIFACTS_DIR = path.join(PROJECT_ROOT, '.artifacts', 'browser');
/** n8n install on a cold cache (minutes), its start (about 15 s), Chromium's start and the first editor load. */
export const EDITOR_START_TIMEOUT_MS = 20 * 60 * 1000;

// The throwaway owner of a throwaway n8n on a loopback port (n8n wants 8+ characters, a digit and a capital).
const THROWAWAY_LOGIN = 'Browser-test-2026';
const OWNER = { email: 'owner@example.com', firstName: 'Browser', lastName: 'Test', password: THROWAWAY_LOGIN };
const VIEWPORT = { width: 1600, height: 1000 };

/** Chromium to drive: CHROMIUM_PATH, else Debian's package. */
export function chromiumPath(): string {
	const file = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
	if (!fs.existsSync(file)) throw new Error(`Chromium is not at ${file}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`);
	return file;
}

/** Things to undo, last first; run() does all of them even when some fail. */
export class Cleanup {
	private steps: Array<{ what: string; undo: () => Promise<unknown> | unknown }> = [];

	add(what: string, undo: () => Promise<unknown> | unknown): void {
		this.steps.push({ what, undo });
	}

	async run(): Promise<void> {
		const errors: string[] = [];
		for (const step of this.steps.splice(0).reverse()) {
			try {
				await step.undo();
			} catch (error) {
				errors.push(`${step.what}: ${error instanceof Error ? error.message : String(error)}`);
			}
		}
		if (errors.length > 0) throw new Error(`cleanup failed:\n${errors.join('\n')}`);
	}
}

export interface EditorSession {
	baseUrl: string;
	n8n: ActiveN8n;
	harness: N8nHarness;
	browser: Browser;
	page: Page;
	problems: PageProblems;
	/** Our node types as n8n serves them to the editor (/types/nodes.json), by type name. */
	nodeTypes: Map<string, INodeTypeDescription>;
}

export async function startEditorSession(cleanup: Cleanup): Promise<EditorSession> {
	const harness = await startN8nHarness();
	cleanup.add('remove the n8n user folder', () => harness.cleanup());

	// Workflows imported before the owner exists are given to the owner's project at setup.
	const stageDir = path.join(harness.rootDir, 'examples');
	fs.mkdirSync(stageDir);
	if (stageExampleWorkflows(EXAMPLES_DIR, stageDir) > 0) {
		await n8nScript.importWorkflows(harness.userFolder, stageDir, { env: { N8N_RESTRICT_FILE_ACCESS_TO: harness.filesDir } });
	}

	const n8n = await startActiveN8n(harness, { activeWorkflowIds: [] });
	cleanup.add('kill n8n', () => n8n.kill());
	const baseUrl = `http://127.0.0.1:${n8n.port}`;

	const setup = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(OWNER),
	});
	if (!setup.ok) throw new Error(`POST /rest/owner/setup: ${setup.status} ${await setup.text()}`);
	// The setup's session has no browser id, so plain requests may use it.
	const cookie = /n8n-auth=[^;]+/.exec(setup.headers.get('set-cookie') ?? '')?.[0];
	if (!cookie) throw new Error('POST /rest/owner/setup set no n8n-auth cookie');
	const nodeTypes = await fetchOurNodeTypes(baseUrl, cookie);

	const browser = await puppeteer.launch({
		executablePath: chromiumPath(),
		headless: true,
		// CI runs as root, where Chromium's sandbox cannot start.
		args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--disable-dev-shm-usage', `--window-size=${VIEWPORT.width},${VIEWPORT.height}`],
		defaultViewport: VIEWPORT,
		protocolTimeout: 180_000,
	});
	const browserPid = browser.process()?.pid;
	cleanup.add('close Chromium', async () => {
		let timer: NodeJS.Timeout | undefined;
		const closed = browser.close().then(() => true, () => false);
		const inTime = await Promise.race([closed, new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 15_000)))]);
		clearTimeout(timer);
		if (!inTime && browserPid) {
			try {
				process.kill(browserPid, 'SIGKILL');
			} catch {
				// gone meanwhile
			}
		}
	});

	const page = await browser.newPage();
	page.setDefaultTimeout(60_000);
	page.setDefaultNavigationTimeout(120_000);
	// Leaving a workflow with unsaved changes asks "Leave site?": the tests never save.
	page.on('dialog', (dialog) => void dialog.accept().catch(() => undefined));
	trackRequests(page);
	const problems = new PageProblems(page, baseUrl);
	await problems.attach();
	cleanup.add('write the browser console log', () => {
		fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
		fs.writeFileSync(path.join(ARTIFACTS_DIR, 'console.log'), `${problems.log.join('\n')}\n`);
	});

	await signIn(page, baseUrl);
	problems.markSignedIn();
	return { baseUrl, n8n, harness, browser, page, problems, nodeTypes };
}

/** Signs in through the editor's own form. */
async function signIn(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/signin`, { waitUntil: 'networkidle2' });
	await page.locator('[data-test-id="emailOrLdapLoginId"] input').fill(OWNER.email);
	await page.locator('[data-test-id="password"] input').fill(OWNER.password);
	await page.locator('[data-test-id="form-submit-button"]').click();
	await page.waitForFunction(() => !location.pathname.startsWith('/signin'));
}

async function fetchOurNodeTypes(baseUrl: string, cookie: string): Promise<Map<string, INodeTypeDescription>> {
	const res = await fetch(`${baseUrl}/types/nodes.json`, { headers: { cookie } });
	if (!res.ok) throw new Error(`GET /types/nodes.json: ${res.status}`);
	const all = (await res.json()) as INodeTypeDescription[];
	const prefix = `${n8nScript.PACKAGE_NAME}.`;
	return new Map(all.filter((t) => t.name.startsWith(prefix)).map((t) => [t.name, t]));
}
