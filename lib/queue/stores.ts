import os from 'node:os';
import path from 'node:path';

import type { QueueStore } from './types';

/** The Media Queue Redis credential's fields. */
export interface RedisConnection {
	host: string;
	port: number;
	password?: string;
	username?: string;
	db?: number;
	tls?: boolean;
}

/** Where a queue lives: enough to open the same queue in another process (workers, the service). */
export type StoreSpec =
	| { kind: 'sqlite'; file?: string; queue?: string }
	| { kind: 'redis'; connection: RedisConnection; queue?: string; prefix?: string };

export const DEFAULT_QUEUE_NAME = 'default';

/** `DOWNLOAD_QUEUE_FILE`, else `<n8n user folder>/media-downloader/queue.sqlite` (n8n's own rule for its folder). */
export function defaultQueueFile(env: NodeJS.ProcessEnv = process.env): string {
	if (env.DOWNLOAD_QUEUE_FILE) return path.resolve(env.DOWNLOAD_QUEUE_FILE);
	const userFolder = path.join(env.N8N_USER_FOLDER || os.homedir(), '.n8n');
	return path.join(userFolder, 'media-downloader', 'queue.sqlite');
}

/** Opens a store; each store's module loads only when used (BullMQ stays unloaded for SQLite users). */
export async function openStore(spec: StoreSpec): Promise<QueueStore> {
	if (spec.kind === 'redis') {
		const { RedisStore } = await import('./redisStore.js');
		return new RedisStore({ connection: spec.connection, queue: spec.queue ?? DEFAULT_QUEUE_NAME, prefix: spec.prefix });
	}
	const { SqliteStore } = await import('./sqliteStore.js');
	return new SqliteStore({ file: spec.file ?? defaultQueueFile(), queue: spec.queue ?? DEFAULT_QUEUE_NAME });
}
