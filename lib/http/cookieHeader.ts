import { isIP } from 'node:net';

import { toNetscapeCookies } from '../cookies';

interface Cookie {
	domain: string;
	/** true: the domain and its subdomains; false: exactly that host */
	includeSubdomains: boolean;
	path: string;
	secure: boolean;
	/** seconds since the epoch; 0 = a session cookie, which never expires here */
	expires: number;
	name: string;
	value: string;
}

/** The rows of a cookies.txt (or JSON export); `#HttpOnly_` lines are cookies (curl writes them), other `#` lines comments. */
export function parseCookies(text: string): Cookie[] {
	if (!text.trim()) return [];
	const cookies: Cookie[] = [];
	for (const raw of toNetscapeCookies(text).split(/\r?\n/)) {
		const line = raw.startsWith('#HttpOnly_') ? raw.slice('#HttpOnly_'.length) : raw;
		if (line.trim() === '' || line.startsWith('#')) continue;
		const [domain, flag, path, secure, expires, name, ...value] = line.split('\t');
		if (value.length === 0) continue;
		cookies.push({
			domain: domain.toLowerCase(),
			includeSubdomains: flag.toUpperCase() === 'TRUE' || domain.startsWith('.'),
			path: path || '/',
			secure: secure.toUpperCase() === 'TRUE',
			expires: Number(expires) || 0,
			name,
			value: value.join('\t'),
		});
	}
	return cookies;
}

function domainMatches(cookie: Cookie, host: string): boolean {
	const domain = cookie.domain.replace(/^\./, '');
	if (host === domain) return true;
	// An IP address has no subdomains (RFC 6265 5.1.3).
	return cookie.includeSubdomains && isIP(host) === 0 && host.endsWith(`.${domain}`);
}

/** RFC 6265 5.1.4: /a matches /a, /a/ and /a/b, never /ab. */
function pathMatches(cookiePath: string, requestPath: string): boolean {
	if (requestPath === cookiePath) return true;
	if (!requestPath.startsWith(cookiePath)) return false;
	return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

/**
 * The Cookie header a browser (and yt-dlp reading the same cookies.txt) would send to `url`: cookies whose
 * domain, path, secure flag and expiry fit, longer paths first (RFC 6265 5.4). undefined when none fit.
 */
export function cookieHeaderFor(url: string, cookiesText: string | undefined, now = Date.now()): string | undefined {
	if (!cookiesText?.trim()) return undefined;
	const target = new URL(url);
	const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
	const path = target.pathname || '/';
	const fitting = parseCookies(cookiesText)
		.filter((c) => domainMatches(c, host) && pathMatches(c.path, path))
		.filter((c) => !c.secure || target.protocol === 'https:')
		.filter((c) => c.expires === 0 || c.expires * 1000 > now)
		.sort((a, b) => b.path.length - a.path.length);
	if (fitting.length === 0) return undefined;
	return fitting.map((c) => (c.name === '' ? c.value : `${c.name}=${c.value}`)).join('; ');
}
