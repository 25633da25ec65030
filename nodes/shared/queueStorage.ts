import path from 'node:path';

import type { ICredentialDataDecryptedObject, INodeProperties } from 'n8n-workflow';

import { defaultQueueFile, expandHome, type RedisConnection, type StoreSpec } from '../../lib';

/** Where a Media Queue lives: shown by Media Queue and Media Queue Trigger alike. */
export const queueStorageProperties: INodeProperties[] = [
	{
		displayName: 'Storage',
		name: 'storage',
		type: 'options',
		noDataExpression: true,
		default: 'local',
		options: [
			{ name: 'Local (SQLite)', value: 'local', description: 'A queue file on this machine: one n8n, or several processes of one machine' },
			{ name: 'Redis', value: 'redis', description: 'Shared by every n8n worker and download-service replica (n8n queue mode)' },
		],
	},
	{
		displayName: 'Queue File',
		name: 'queueFile',
		type: 'string',
		default: '',
		placeholder: '~/.n8n/media-downloader/queue.sqlite',
		displayOptions: { show: { storage: ['local'] } },
		description: "Empty: DOWNLOAD_QUEUE_FILE, else media-downloader/queue.sqlite in n8n's own folder. A file you name must be allowed by n8n's file access rules.",
	},
	{
		displayName: 'Queue Name',
		name: 'queueName',
		type: 'string',
		default: 'default',
		description: 'One storage holds several queues; nodes naming the same queue share its tasks',
	},
];

export interface QueueLocation {
	spec: StoreSpec;
	/** the queue file a user named (it goes through n8n's file access check); undefined for the default and Redis */
	userFile?: string;
}

/** The storage parameters (and the Redis credential when chosen) as a store to open. */
export function queueLocation(
	read: (name: string, fallback: unknown) => unknown,
	redis: ICredentialDataDecryptedObject | undefined,
): QueueLocation {
	const queue = String(read('queueName', 'default') || 'default').trim();
	if (read('storage', 'local') === 'redis') {
		if (!redis) throw new Error('Storage is Redis but no Media Queue Redis credential is selected');
		return { spec: { kind: 'redis', queue, prefix: String(redis.prefix || 'mdl'), connection: redisConnectionOf(redis) } };
	}
	const named = String(read('queueFile', '') ?? '').trim();
	const file = named ? path.resolve(expandHome(named)) : defaultQueueFile();
	return { spec: { kind: 'sqlite', file, queue }, userFile: named ? file : undefined };
}

/** The Media Queue Redis credential's fields as a connection (the queue and the credential's Test use it). */
export function redisConnectionOf(redis: ICredentialDataDecryptedObject): RedisConnection {
	return {
		host: String(redis.host || 'localhost'),
		port: Number(redis.port) || 6379,
		username: (redis.username as string) || undefined,
		password: (redis.password as string) || undefined,
		db: Number(redis.db) || 0,
		tls: redis.tls === true,
	};
}
