import { Agent, ProxyAgent, Socks5ProxyAgent, type Dispatcher } from 'undici';

/** Where the library's own requests go: straight out, or through the same proxy yt-dlp is given. */
export type Route = { dispatcher: Dispatcher } | { unusable: string };

/**
 * Why our own requests cannot take the proxy's route, or undefined when they can. undici speaks HTTP,
 * HTTPS and SOCKS5 proxies; a SOCKS4 proxy would have to be bypassed, which we never do.
 */
export function proxyProblem(proxy: string | undefined): string | undefined {
	if (!proxy) return undefined;
	let scheme: string;
	try {
		scheme = new URL(proxy).protocol;
	} catch {
		return 'the proxy setting is not a valid URL';
	}
	if (['http:', 'https:', 'socks5:', 'socks5h:'].includes(scheme)) return undefined;
	return `the library's own requests cannot use a ${scheme.replace(/:$/, '').toUpperCase()} proxy (only HTTP, HTTPS and SOCKS5 proxies), and going around the proxy is not allowed`;
}

/**
 * A dispatcher for one request (and its redirects); the caller closes it. Our own timers in request.ts
 * decide the timeouts (undici's are switched off per request there).
 */
export function routeFor(proxy: string | undefined, timeoutMs: number): Route {
	const problem = proxyProblem(proxy);
	if (problem) return { unusable: problem };
	if (!proxy) return { dispatcher: new Agent({ connect: { timeout: timeoutMs } }) };
	const url = new URL(proxy);
	if (url.protocol === 'socks5:' || url.protocol === 'socks5h:') {
		// undici sends the host name to the proxy (remote DNS, socks5h's meaning): the name is never looked up
		// outside the proxy, whichever of the two the user wrote.
		url.protocol = 'socks5:';
		return { dispatcher: new Socks5ProxyAgent(url) };
	}
	// No tunnel for plain-HTTP targets behind an HTTP proxy: the absolute-URL request that yt-dlp (Python's
	// http.client) sends too, which any HTTP proxy serves; HTTPS targets are tunnelled with CONNECT.
	return { dispatcher: new ProxyAgent({ uri: url.href, proxyTunnel: false }) };
}
