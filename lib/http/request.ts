import { request, type Dispatcher } from 'undici';

import { MediaError } from '../errors';
import type { SiteAuth } from '../ytdlp';
import { cookieHeaderFor } from './cookieHeader';
import { proxyProblem, routeFor } from './route';

/** The user agent of our own requests when the user sets none (also our robots.txt token). */
export const LIBRARY_AGENT = 'n8n-nodes-media-downloader';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export interface HttpRequestOptions {
	/** proxy, user agent, headers and cookies: the same network identity yt-dlp is given */
	auth?: SiteAuth;
	method?: 'GET' | 'HEAD';
	/** this request's own headers (e.g. Range), added to the SiteAuth's */
	headers?: Record<string, string>;
	signal?: AbortSignal;
	/**
	 * A socket timeout: waiting this long for the response headers, or for the next body bytes, fails with
	 * a Timeout MediaError. A slow transfer that keeps sending never times out.
	 */
	idleTimeoutMs: number;
	/** RFC 9309 asks robots.txt readers to follow at least five. Default 10. */
	maxRedirects?: number;
}

export interface HttpResponse {
	status: number;
	/** the URL that answered, after redirects */
	url: string;
	header(name: string): string | undefined;
	/** The body, chunk by chunk; the connection is released when the loop ends, however it ends. */
	chunks(): AsyncGenerator<Buffer>;
	/** The body as UTF-8 text, cut at maxBytes. */
	text(maxBytes?: number): Promise<string>;
	/** Releases the connection without reading (the rest of) the body. */
	close(): Promise<void>;
}

/**
 * Why the library cannot make its own requests with this network identity, or undefined when it can.
 * Callers skip their step with this reason instead of going around the user's proxy.
 */
export function ownRequestProblem(auth: SiteAuth | undefined): string | undefined {
	return proxyProblem(auth?.proxy || undefined);
}

/** Proxy passwords, cookies and header values never appear in our messages, nor does any URL's user:password. */
function redactor(auth: SiteAuth): (text: string) => string {
	const secrets = [auth.proxy, auth.cookies, ...Object.values(auth.headers ?? {})];
	if (auth.proxy) {
		try {
			const { username, password } = new URL(auth.proxy);
			secrets.push(username, password, decodeURIComponent(username), decodeURIComponent(password));
		} catch {
			// an invalid proxy never reaches a request
		}
	}
	const list = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 3);
	return (text) => list.reduce((out, secret) => out.split(secret).join('***'), text.replace(/(\w+:\/\/)[^/@\s]*@/g, '$1***@'));
}

function headersFor(url: URL, start: URL, auth: SiteAuth, extra: Record<string, string>): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(auth.headers ?? {})) headers[name.toLowerCase()] = value;
	// A redirect to another site must not carry the user's credentials for the first one (yt-dlp's CVE-2023-35934 fix).
	if (url.origin !== start.origin) {
		delete headers.cookie;
		delete headers.authorization;
	}
	headers['user-agent'] = auth.userAgent || headers['user-agent'] || LIBRARY_AGENT;
	const cookies = cookieHeaderFor(url.href, auth.cookies);
	if (cookies) headers.cookie = headers.cookie ? `${headers.cookie}; ${cookies}` : cookies;
	for (const [name, value] of Object.entries(extra)) headers[name.toLowerCase()] = value;
	return headers;
}

interface Failure {
	auth: SiteAuth;
	url: string;
	signal?: AbortSignal;
	timedOut: boolean;
	idleTimeoutMs: number;
	/** what we were waiting for, for the timeout message */
	waitingFor: string;
}

function failure(error: unknown, f: Failure): MediaError {
	if (error instanceof MediaError) return error;
	const host = new URL(f.url).host;
	if (f.signal?.aborted) return new MediaError('Cancelled', 'The execution was cancelled', { url: f.url });
	if (f.timedOut)
		return new MediaError('Timeout', `No ${f.waitingFor} from ${host} within ${f.idleTimeoutMs / 1000} s`, {
			url: f.url,
			hint: 'The server (or the proxy) went silent. Raise the socket timeout, or check the connection and proxy.',
		});
	const err = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
	const code = err.code ?? err.cause?.code;
	const text = [err.message, err.cause?.message].filter(Boolean).join(': ');
	// undici reports a proxy's 407 as an invalid argument (plain HTTP) or a failed tunnel (HTTPS).
	if (/\b407\b/.test(text))
		return new MediaError('AccessDenied', 'The proxy refused the request (407 Proxy Authentication Required)', { url: f.url, hint: 'Check the user name and password in the proxy URL.' });
	if (code === 'UND_ERR_INVALID_ARG') return new MediaError('InvalidInput', `A request header is not valid: ${redactor(f.auth)(text)}`, { url: f.url });
	return new MediaError('Network', `Request to ${host} failed: ${redactor(f.auth)(text || String(code))}`, { url: f.url });
}

/**
 * The one way the library makes its own HTTP requests (direct downloads, robots.txt, Retry-After):
 * through the user's proxy, with the user agent, headers and the cookies that match each URL, redirects
 * followed with the cookies of their own URL. Throws MediaError (Timeout, Network, Cancelled).
 */
export async function httpRequest(url: string, options: HttpRequestOptions): Promise<HttpResponse> {
	const auth = options.auth ?? {};
	const { idleTimeoutMs } = options;
	const route = routeFor(auth.proxy || undefined, idleTimeoutMs);
	if ('unusable' in route) throw new MediaError('InvalidInput', `The request was not made: ${route.unusable}`, { url, retryable: false });
	const { dispatcher } = route;
	let closed = false;
	const release = async () => {
		if (closed) return;
		closed = true;
		await dispatcher.destroy().catch(() => undefined);
	};
	try {
		const start = new URL(url);
		let current = start;
		let method = options.method ?? 'GET';
		for (let hop = 0; ; hop++) {
			const answer = await send(dispatcher, current, method, headersFor(current, start, auth, options.headers ?? {}), options, auth);
			const location = answer.headers.location;
			if (REDIRECTS.has(answer.statusCode) && typeof location === 'string') {
				await answer.body.dump().catch(() => undefined);
				if (hop >= (options.maxRedirects ?? 10)) throw new MediaError('Network', `Too many redirects from ${start.host}`, { url });
				const next = new URL(location, current);
				if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new MediaError('Network', `Redirected to an unsupported address (${next.protocol})`, { url });
				if (answer.statusCode === 303 && method !== 'HEAD') method = 'GET';
				current = next;
				continue;
			}
			return respond(answer, current.href, options, auth, release);
		}
	} catch (error) {
		await release();
		throw error;
	}
}

async function send(
	dispatcher: Dispatcher,
	url: URL,
	method: 'GET' | 'HEAD',
	headers: Record<string, string>,
	options: HttpRequestOptions,
	auth: SiteAuth,
): Promise<Dispatcher.ResponseData> {
	const timer = new AbortController();
	const clock = setTimeout(() => timer.abort(), options.idleTimeoutMs);
	const signal = options.signal ? AbortSignal.any([timer.signal, options.signal]) : timer.signal;
	try {
		// undici's own header and body timeouts are off: ours (here and in chunks()) are the socket timeout.
		return await request(url, { dispatcher, method, headers, signal, headersTimeout: 0, bodyTimeout: 0 });
	} catch (error) {
		throw failure(error, { auth, url: url.href, signal: options.signal, timedOut: timer.signal.aborted, idleTimeoutMs: options.idleTimeoutMs, waitingFor: 'answer' });
	} finally {
		clearTimeout(clock);
	}
}

function respond(answer: Dispatcher.ResponseData, url: string, options: HttpRequestOptions, auth: SiteAuth, release: () => Promise<void>): HttpResponse {
	const { body } = answer;
	const close = async () => {
		// undici reports a body destroyed before its end as an 'error' event: expected here, not a failure.
		body.on('error', () => undefined);
		body.destroy();
		await release();
	};
	async function* chunks(): AsyncGenerator<Buffer> {
		const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
		try {
			for (;;) {
				// The clock runs only while we wait for the server: time spent writing or rate-limiting is ours.
				let clock: NodeJS.Timeout | undefined;
				let timedOut = false;
				const silence = new Promise<never>((_, reject) => {
					clock = setTimeout(() => {
						timedOut = true;
						reject(new Error('idle'));
					}, options.idleTimeoutMs);
				});
				let next: IteratorResult<Buffer>;
				try {
					next = await Promise.race([iterator.next(), silence]);
				} catch (error) {
					throw failure(error, { auth, url, signal: options.signal, timedOut, idleTimeoutMs: options.idleTimeoutMs, waitingFor: 'data' });
				} finally {
					clearTimeout(clock);
				}
				if (next.done) return;
				yield next.value;
			}
		} finally {
			await close();
		}
	}
	return {
		status: answer.statusCode,
		url,
		header(name) {
			const value = answer.headers[name.toLowerCase()];
			return Array.isArray(value) ? value.join(', ') : value;
		},
		chunks,
		async text(maxBytes = Infinity) {
			const parts: Buffer[] = [];
			let size = 0;
			for await (const chunk of chunks()) {
				parts.push(chunk);
				size += chunk.length;
				if (size >= maxBytes) break;
			}
			return Buffer.concat(parts).subarray(0, maxBytes).toString('utf8');
		},
		close,
	};
}
