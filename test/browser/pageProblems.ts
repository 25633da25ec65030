/**
 * What went wrong in the editor page while a test drove it: uncaught page errors, console errors, failed
 * requests to n8n and error toasts. Tests take() them after each step and expect none.
 *
 * Known harmless, not counted (each with its reason):
 * - 401 from GET /rest/login before signing in: the editor asks whether a session exists, and there is none yet.
 * - Requests to any other host than n8n's: this machine (and CI) is offline, and the editor fetches extras
 *   from the internet (the node creator's details of a community package ask registry.npmjs.org for its
 *   download count). They are logged to the console file, never counted.
 * - 404 from GET /schemas/<node type>/<version>[/<operation>].json: the editor looks for a node's optional output
 *   schema (the __schema__ files `n8n-node build` copies) to preview a node's output before it ran, and shows no
 *   preview without one. n8n-nodes-base ships them; community nodes need not.
 * - The console's "Failed to load resource" lines: the same failures, which are counted (with their URL) from
 *   the network events instead, so only n8n's own requests count.
 * Console warnings are kept in the log for reading, not counted.
 */
import type { ConsoleMessage, HTTPRequest, HTTPResponse, Page } from 'puppeteer-core';

export interface PageProblem {
	kind: 'pageerror' | 'console' | 'http' | 'requestfailed' | 'toast';
	text: string;
}

/** Marks toasts (Element Plus notifications) as they appear; runs in the page before its own scripts. */
function watchToasts(): void {
	const w = window as unknown as { __mdToasts: Array<{ type: string; text: string }> };
	w.__mdToasts = [];
	const seen = new WeakSet<Element>();
	new MutationObserver(() => {
		for (const el of Array.from(document.querySelectorAll('.el-notification'))) {
			if (seen.has(el)) continue;
			seen.add(el);
			const type = /el-notification--(\w+)/.exec(el.innerHTML)?.[1] ?? 'unknown';
			w.__mdToasts.push({ type, text: (el as HTMLElement).innerText.replace(/\s+/g, ' ').trim() });
		}
	}).observe(document, { childList: true, subtree: true });
}

export class PageProblems {
	private problems: PageProblem[] = [];
	/** Every console message, request failure and toast, for the log file. */
	readonly log: string[] = [];
	private signedIn = false;

	constructor(
		private readonly page: Page,
		private readonly origin: string,
	) {}

	async attach(): Promise<void> {
		await this.page.evaluateOnNewDocument(watchToasts);
		this.page.on('pageerror', (error: unknown) => {
			const text = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
			this.add('pageerror', text);
		});
		this.page.on('console', (message: ConsoleMessage) => this.onConsole(message));
		this.page.on('response', (response: HTTPResponse) => this.onResponse(response));
		this.page.on('requestfailed', (request: HTTPRequest) => this.onRequestFailed(request));
	}

	/** From now on a 401 from /rest/login is a problem. */
	markSignedIn(): void {
		this.signedIn = true;
	}

	/** The problems since the last take(), toasts included; clears them. */
	async take(): Promise<PageProblem[]> {
		const toasts = await this.page
			.evaluate(() => {
				const w = window as unknown as { __mdToasts?: Array<{ type: string; text: string }> };
				return (w.__mdToasts ?? []).splice(0);
			})
			.catch(() => [] as Array<{ type: string; text: string }>);
		for (const toast of toasts) {
			this.log.push(`[toast ${toast.type}] ${toast.text}`);
			// n8n shows errors as error toasts; a warning toast about a failed request is one too.
			if (toast.type === 'error' || /error|problem|could not|failed/i.test(toast.text)) this.problems.push({ kind: 'toast', text: toast.text });
		}
		return this.problems.splice(0);
	}

	private add(kind: PageProblem['kind'], text: string): void {
		this.log.push(`[${kind}] ${text}`);
		this.problems.push({ kind, text });
	}

	private isOwn(url: string): boolean {
		return url.startsWith(`${this.origin}/`);
	}

	private onConsole(message: ConsoleMessage): void {
		const type = message.type();
		const where = message.location()?.url ?? '';
		const line = `[console.${type}] ${message.text()}${where ? ` (${where})` : ''}`;
		if (type !== 'error') {
			if (type === 'warn') this.log.push(line);
			return;
		}
		if (/^Failed to load resource\b/.test(message.text())) {
			this.log.push(line);
			return;
		}
		this.add('console', line.slice('[console.error] '.length));
	}

	private onResponse(response: HTTPResponse): void {
		const url = response.url();
		if (response.status() < 400 || !this.isOwn(url)) return;
		const method = response.request().method();
		if (!this.signedIn && response.status() === 401 && method === 'GET' && new URL(url).pathname === '/rest/login') {
			this.log.push(`[http] ${method} ${url} -> 401 before signing in (expected)`);
			return;
		}
		if (response.status() === 404 && method === 'GET' && /^\/schemas\/[^/]+\/.+\.json$/.test(new URL(url).pathname)) {
			this.log.push(`[http] ${method} ${url} -> 404 (no output schema to preview; expected)`);
			return;
		}
		this.add('http', `${method} ${url} -> ${response.status()}`);
	}

	private onRequestFailed(request: HTTPRequest): void {
		const url = request.url();
		const reason = request.failure()?.errorText ?? 'failed';
		if (!this.isOwn(url)) {
			this.log.push(`[requestfailed, other host] ${request.method()} ${url}: ${reason}`);
			return;
		}
		// A navigation or a closed panel cancels requests still under way.
		if (reason === 'net::ERR_ABORTED') {
			this.log.push(`[requestfailed, aborted] ${request.method()} ${url}`);
			return;
		}
		this.add('requestfailed', `${request.method()} ${url}: ${reason}`);
	}
}
