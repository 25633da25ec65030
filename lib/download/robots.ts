import robotsParser from 'robots-parser';

import { MediaError } from '../errors';
import { httpRequest, LIBRARY_AGENT, ownRequestProblem } from '../http';
import type { SiteAuth } from '../ytdlp';

/** The token we identify as in robots.txt when the user sets no user agent. */
export const ROBOTS_AGENT = LIBRARY_AGENT;

/** RFC 9309 2.5: a reader must parse at least the first 500 KiB. */
const ROBOTS_MAX_BYTES = 500 * 1024;

export interface RobotsVerdict {
	/** the crawl delay robots.txt asks of our user agent, in seconds */
	crawlDelay?: number;
	/** set when robots.txt was not checked at all: the reason, for the result's warnings */
	warning?: string;
}

type Rules = ReturnType<typeof robotsParser>;

const cache = new Map<string, Promise<Rules | null>>();

async function fetchRobots(origin: string, auth: SiteAuth, signal?: AbortSignal): Promise<Rules | null> {
	const robotsUrl = `${origin}/robots.txt`;
	try {
		const response = await httpRequest(robotsUrl, { auth, signal, idleTimeoutMs: 10_000, maxRedirects: 5 });
		// RFC 9309: 4xx means no rules; 5xx or unreachable means "assume complete disallow".
		if (response.status >= 400 && response.status < 500) {
			await response.close();
			return robotsParser(robotsUrl, '');
		}
		if (response.status < 200 || response.status > 299) {
			await response.close();
			return null;
		}
		return robotsParser(robotsUrl, await response.text(ROBOTS_MAX_BYTES));
	} catch {
		if (signal?.aborted) throw new MediaError('Cancelled', 'The execution was cancelled');
		return null;
	}
}

/**
 * Refuses a URL that the site's robots.txt disallows for our user agent (RFC 9309 via robots-parser),
 * and returns the crawl delay it asks for, in seconds. robots.txt is fetched like every request of the
 * library (lib/http): through the user's proxy, with the user agent, headers and cookies. When that
 * route cannot be taken (a SOCKS4 proxy), robots.txt is not checked and the verdict's warning says why.
 * One robots.txt fetch per origin, user agent and proxy, per process.
 *
 * `identity` as a plain string (the user agent alone, no proxy or cookies) is the form download.ts used
 * before it passed the SiteAuth.
 */
export async function checkRobots(url: string, auth: SiteAuth = {}, signal?: AbortSignal): Promise<RobotsVerdict> {
	const userAgent = auth.userAgent || ROBOTS_AGENT;
	const origin = new URL(url).origin;
	const problem = ownRequestProblem(auth);
	if (problem) return { warning: `robots.txt of ${origin} was not checked: ${problem}` };
	const key = JSON.stringify([origin, userAgent, auth.proxy ?? '']);
	let robots = cache.get(key);
	if (!robots) {
		robots = fetchRobots(origin, { ...auth, userAgent }, signal);
		cache.set(key, robots);
	}
	const rules = await robots.catch((error: unknown) => {
		cache.delete(key);
		throw error;
	});
	if (rules === null) {
		cache.delete(key);
		throw new MediaError('AccessDenied', `robots.txt of ${origin} could not be read, so downloading is not allowed while "Respect robots.txt" is on`, {
			url,
			hint: 'Try again later, or turn "Respect robots.txt" off if you have permission to download from this site.',
		});
	}
	if (rules.isDisallowed(url, userAgent))
		throw new MediaError('AccessDenied', `robots.txt of ${origin} disallows ${new URL(url).pathname} for "${userAgent}"`, {
			url,
			hint: 'The site asks crawlers not to fetch this URL. Turn "Respect robots.txt" off only if you have permission.',
		});
	return { crawlDelay: rules.getCrawlDelay(userAgent) };
}

/** Forget cached robots.txt files (tests, long-running workers). */
export function clearRobotsCache(): void {
	cache.clear();
}
