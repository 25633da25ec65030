import type { Redis } from 'ioredis';

import { MediaError } from '../errors';
import type { RedisConnection } from './stores';

/** How long a call waits for a connection that is not up (yet) before it fails. */
export const CONNECT_WAIT_MS = 10_000;

/** The credential's fields as ioredis options (the same shape BullMQ takes). */
export function redisOptions(connection: RedisConnection): {
	host: string;
	port: number;
	username?: string;
	password?: string;
	db: number;
	tls?: { servername: string };
} {
	return {
		host: connection.host,
		port: connection.port,
		username: connection.username || undefined,
		password: connection.password || undefined,
		db: connection.db ?? 0,
		tls: connection.tls ? { servername: connection.host } : undefined,
	};
}

/**
 * ioredis reconnects for ever and BullMQ waits for it, so a call on an unreachable Redis would hang: this
 * waits at most CONNECT_WAIT_MS for the client to be ready, then fails saying where it tried and why.
 */
export async function waitForConnection(client: Redis, connection: RedisConnection, lastError: () => Error | undefined): Promise<void> {
	if (client.status === 'ready') return;
	await new Promise<void>((resolve, reject) => {
		const onReady = () => {
			clearTimeout(timer);
			resolve();
		};
		const timer = setTimeout(() => {
			client.off('ready', onReady);
			const reason = lastError() ? `: ${lastError()!.message}` : '';
			reject(
				new MediaError('Network', `Could not connect to Redis at ${connection.host}:${connection.port} within ${CONNECT_WAIT_MS / 1000} s${reason}`, {
					hint: 'Check that Redis runs and is reachable from this machine, and the Media Queue Redis credential (host, port, password, database, TLS).',
				}),
			);
		}, CONNECT_WAIT_MS);
		client.once('ready', onReady);
	});
}

/**
 * The Media Queue Redis credential's Test: connects, authenticates and PINGs, then disconnects.
 * Returns the server's version.
 */
export async function checkRedis(connection: RedisConnection): Promise<string> {
	const { Redis } = await import('ioredis');
	let lastError: Error | undefined;
	const client = new Redis({ ...redisOptions(connection), lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: true });
	client.on('error', (error: Error) => (lastError = error));
	try {
		await waitForConnection(client, connection, () => lastError);
		await client.ping();
		const info = await client.info('server');
		return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
	} finally {
		client.disconnect();
	}
}
