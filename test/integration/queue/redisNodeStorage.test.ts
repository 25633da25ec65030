/**
 * The queue nodes' Redis storage, below n8n: the credential's fields → queueLocation → a DownloadManager on
 * a real redis-server, and the credential's Test button (connects, reports the version; a wrong port or
 * password is an error that says where it tried).
 */
import type { ICredentialTestFunctions } from 'n8n-workflow';

import { DownloadManager } from '../../../lib';
import { mediaQueueRedisTest } from '../../../nodes/shared/credentialTest';
import { queueLocation } from '../../../nodes/shared/queueStorage';
import { closedPort } from '../../helpers/ports';
import { startRedisServer, type RedisServer } from '../../helpers/redisServer';

let server: RedisServer;
beforeAll(async () => {
	server = await startRedisServer();
}, 30_000);
afterAll(async () => {
	await server?.stop();
});

const credentialTest = (data: Record<string, unknown>) => mediaQueueRedisTest.call({} as ICredentialTestFunctions, { id: 'c', name: 'r', type: 'mediaQueueRedis', data } as never);

describe('Media Queue Redis storage, as the nodes read it', () => {
	it('maps the node parameters and the credential onto a queue two managers share', async () => {
		const parameters: Record<string, unknown> = { storage: 'redis', queueName: 'node-storage' };
		const credential = { host: '127.0.0.1', port: server.port, db: 3, prefix: 'mdl-node', username: '', password: '', tls: false };
		const { spec, userFile } = queueLocation((name, fallback) => parameters[name] ?? fallback, credential);
		expect(userFile).toBeUndefined();
		expect(spec).toEqual({ kind: 'redis', queue: 'node-storage', prefix: 'mdl-node', connection: { host: '127.0.0.1', port: server.port, db: 3, tls: false } });

		const adder = new DownloadManager({ store: spec });
		const reader = new DownloadManager({ store: spec });
		try {
			const task = await adder.addDownload('https://media.test/episode-1.mp3', { priority: 4 });
			expect(await reader.getTask(task.taskId)).toMatchObject({ url: 'https://media.test/episode-1.mp3', priority: 4, status: 'queued', queue: 'node-storage' });
			expect((await reader.getQueueStatus()).queued).toBe(1);
		} finally {
			await adder.close();
			await reader.close();
		}
	});

	it('refuses Redis storage without a credential', () => {
		expect(() => queueLocation((name, fallback) => (name === 'storage' ? 'redis' : fallback), undefined)).toThrow(/no Media Queue Redis credential/);
	});

	it("the credential's Test reports the server version, and names the address it could not reach", async () => {
		const ok = await credentialTest({ host: '127.0.0.1', port: server.port });
		expect(ok).toEqual({ status: 'OK', message: expect.stringMatching(/^Connected to Redis \d+\.\d+/) });
		const port = await closedPort();
		const down = await credentialTest({ host: '127.0.0.1', port });
		expect(down).toEqual({ status: 'Error', message: expect.stringContaining(`127.0.0.1:${port}`) });
	}, 30_000);
});
