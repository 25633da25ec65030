import robotsParser from 'robots-parser';

import { MediaError } from '../errors';

/** The token we identify as in robots.txt when the user sets no user agent. */
export const ROBOTS_AGENT = 'n8n-nodes-media-downloader';

const cache = new Map<string, Promise<ReturnType<typeof robotsParser> | null>>();

async function fetchRobots(origin: string, userAgent: string, signal?: AbortSignal): Promise<ReturnType<typeof robotsParser> | null> {
	const robotsUrl = `${origin}/robots.txt`;
	try {
		const response = await fetch(robotsUrl, {
			headers: { 'user-agent': userAgent },
			redirect: 'follow',
			signal: AbortSignal.any([AbortSignal.timeout(10_000), ...(signal ? [signal] : [])]),
		});
		// RFC 9309: 4xx means no rules; 5xx or unreachable means "assume complete disallow".
		if (response.status >= 400 && response.status < 500) return robotsParser(robotsUrl, '');
		if (!response.ok) return null;
		return robotsParser(robotsUrl, await response.text());
	} catch {
		return null;
	}
}

/**
 * Refuses a URL that the site's robots.txt disallows for our user agent (RFC 9309 via robots-parser),
 * and returns the crawl delay it asks for, in seconds. One robots.txt fetch per origin and process.
 */
export async function checkRobots(url: string, userAgent = ROBOTS_AGENT, signal?: AbortSignal): Promise<{ crawlDelay?: number }> {
	const origin = new URL(url).origin;
	const key = `${origin} ${userAgent}`;
	let robots = cache.get(key);
	if (!robots) {
		robots = fetchRobots(origin, userAgent, signal);
		cache.set(key, robots);
	}
	const rules = await robots;
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
