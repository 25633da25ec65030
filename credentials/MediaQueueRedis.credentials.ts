import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * The Redis server that holds a Media Queue shared by several n8n workers or download-service replicas
 * (BullMQ). It may be the Redis n8n's queue mode already uses; our keys carry their own prefix.
 */
export class MediaQueueRedis implements ICredentialType {
	name = 'mediaQueueRedis';

	displayName = 'Media Queue Redis';

	icon: Icon = { light: 'file:mediaQueueRedis.svg', dark: 'file:mediaQueueRedis.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-media-downloader/n8n-nodes-media-downloader#credential-media-queue-redis-mediaqueueredis';

	properties: INodeProperties[] = [
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: 'localhost',
		},
		{
			displayName: 'Port',
			name: 'port',
			type: 'number',
			default: 6379,
		},
		{
			displayName: 'User',
			name: 'username',
			type: 'string',
			default: '',
			description: 'Redis 6 ACL user; leave empty for the default user',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Database Number',
			name: 'db',
			type: 'number',
			default: 0,
		},
		{
			displayName: 'SSL/TLS',
			name: 'tls',
			type: 'boolean',
			default: false,
		},
		{
			displayName: 'Key Prefix',
			name: 'prefix',
			type: 'string',
			default: 'mdl',
			description: 'Prefix of every key the queue writes, so it can share a Redis with n8n or other apps',
		},
	];
}
