import pRetry, { type Options as PRetryOptions } from 'p-retry';
import { setTimeout as sleep } from 'node:timers/promises';

import { MediaError } from './errors';
import { httpRequest, ownRequestProblem } from './http';
import type { SiteAuth } from './ytdlp';

export interface RetryPolicy {
	/** Retries after the first attempt, for retryable failures only. Default 2. */
	maxRetries?: number;
	/** First backoff delay; doubles each retry (with jitter). Default 1000 ms. */
	retryDelayMs?: number;
	/** A server's Retry-After is honoured up to this. Default 120 s. */
	maxRetryAfterMs?: number;
}

/** p-retry settings: only retryable MediaErrors are retried, and a server's Retry-After comes first. */
function retryOptions(policy: RetryPolicy & { signal?: AbortSignal }): PRetryOptions {
	const minTimeout = policy.retryDelayMs ?? 1000;
	return {
		retries: policy.maxRetries ?? 2,
		minTimeout,
		maxTimeout: Math.max(minTimeout, 60_000),
		factor: 2,
		randomize: true,
		signal: policy.signal,
		shouldRetry: ({ error }) => error instanceof MediaError && error.retryable,
		onFailedAttempt: async ({ error, retriesLeft }) => {
			if (retriesLeft > 0 && error instanceof MediaError && error.retryable && error.retryAfterMs) {
				await sleep(error.retryAfterMs, undefined, { signal: policy.signal }).catch(() => undefined);
			}
		},
	};
}

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
	if (!value) return undefined;
	const trimmed = value.trim();
	if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
	const date = Date.parse(trimmed);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * yt-dlp does not print response headers, so for a rate-limited URL we ask the server once more (HEAD)
 * for its Retry-After, with the same network identity (proxy, user agent, headers, cookies: lib/http).
 * Skipped when that identity cannot be used for our own requests (a SOCKS4 proxy): we never go around it.
 */
export async function retryAfterFor(error: MediaError, options: RetryPolicy & { auth?: SiteAuth; signal?: AbortSignal }): Promise<number | undefined> {
	if (error.kind !== 'RateLimited' || !error.url || !/^https?:/.test(error.url) || ownRequestProblem(options.auth)) return undefined;
	try {
		const response = await httpRequest(error.url, { method: 'HEAD', auth: options.auth, signal: options.signal, idleTimeoutMs: 5000 });
		await response.close();
		if (response.status !== 429 && response.status !== 503) return undefined;
		const ms = parseRetryAfter(response.header('retry-after'));
		return ms === undefined ? undefined : Math.min(ms, options.maxRetryAfterMs ?? 120_000);
	} catch {
		return undefined;
	}
}

/**
 * Runs `attempt` with retries. A cancel makes p-retry reject at once, while the attempt is still killing
 * its processes: we wait for it, so that when this rejects with Cancelled nothing is left running.
 */
export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy & { signal?: AbortSignal }): Promise<T> {
	let inflight: Promise<T> | undefined;
	try {
		return await pRetry(() => {
			if (policy.signal?.aborted) throw new MediaError('Cancelled', 'The execution was cancelled');
			inflight = attempt();
			return inflight;
		}, retryOptions(policy));
	} catch (error) {
		if (policy.signal?.aborted) {
			await inflight?.catch(() => undefined);
			throw error instanceof MediaError && error.kind === 'Cancelled' ? error : new MediaError('Cancelled', 'The execution was cancelled; the program was stopped');
		}
		throw error;
	}
}
