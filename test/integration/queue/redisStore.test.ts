import { Queue } from 'bullmq';
import { execa } from 'execa';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { RedisStore } from '../../../lib/queue/redisStore';
import { openStore, type StoreSpec } from '../../../lib/queue/stores';
import type { QueueStore } from '../../../lib/queue/types';
import { closedPort } from '../../helpers/ports';
import { startRedisServer, type RedisServer } from '../../helpers/redisServer';
import { describeStoreContract } from './storeContract';

const PREFIX = 'mdl-test';
const NO_RESULT = { files: [], totalBytes: 0 };
const BUILT_STORES = path.resolve(__dirname, '../../../dist/lib/queue/stores.js');

let server: RedisServer;
beforeAll(async () => {
	server = await startRedisServer();
}, 30_000);
afterAll(async () => {
	await server?.stop();
});

// One redis-server for the whole contract suite: each of its tests works in its own named queue.
describeStoreContract('RedisStore', () => ({
	open: async (queue) => new RedisStore({ connection: server.connection, queue, prefix: PREFIX }),
	spec: (queue) => ({ kind: 'redis', connection: server.connection, queue, prefix: PREFIX }),
}));

describe('RedisStore on a shared Redis (several n8n workers or service replicas)', () => {
	let stores: QueueStore[] = [];
	const queueName = () => `replicas-${randomUUID().slice(0, 8)}`;
	function open(queue: string, prefix = PREFIX): RedisStore {
		const store = new RedisStore({ connection: server.connection, queue, prefix });
		stores.push(store);
		return store;
	}
	afterEach(async () => {
		await Promise.all(stores.map((store) => store.close()));
		stores = [];
	});

	it('never hands one task to two replicas claiming at the same time', async () => {
		const queue = queueName();
		const replicas = [open(queue), open(queue), open(queue)];
		const added = await replicas[0].add(Array.from({ length: 60 }, (_, i) => ({ url: `https://media.test/replica/${i}` })));
		const claimedBy = await Promise.all(
			replicas.map(async (replica, n) => {
				const ids: string[] = [];
				for (let claimed = await replica.claim(`replica-${n}`, 60_000); claimed; claimed = await replica.claim(`replica-${n}`, 60_000)) {
					ids.push(claimed.task.taskId);
					expect(await replica.complete(claimed.task.taskId, claimed.token, NO_RESULT)).toBe(true);
				}
				return ids;
			}),
		);
		const all = claimedBy.flat();
		expect(all).toHaveLength(60);
		expect(new Set(all).size).toBe(60);
		expect([...all].sort()).toEqual(added.map((o) => o.task.taskId).sort());
		expect(await replicas[1].counts()).toEqual({ active: 0, queued: 0, completed: 60, failed: 0, cancelled: 0, paused: 0 });
	});

	it('gives the task of a replica killed mid-lease to another replica once the lease is over, not before', async () => {
		expect(existsSync(BUILT_STORES)).toBe(true);
		const queue = queueName();
		const survivor = open(queue);
		const [{ task: added }] = await survivor.add([{ url: 'https://media.test/killed-replica' }]);
		const spec: StoreSpec = { kind: 'redis', connection: server.connection, queue, prefix: PREFIX };
		// The replica claims with a 2 s lease, says so, and would hold it forever: it is killed instead.
		const replica = execa(
			process.execPath,
			[
				'-e',
				`const { openStore } = require(process.argv[1]);
				openStore(JSON.parse(process.argv[2])).then(async (store) => {
					const claimed = await store.claim('doomed', 2000);
					process.stdout.write(JSON.stringify({ taskId: claimed.task.taskId, token: claimed.token }) + '\\n');
					setInterval(() => {}, 1000);
				});`,
				BUILT_STORES,
				JSON.stringify(spec),
			],
			{ reject: false },
		);
		try {
			const line = await new Promise<string>((resolve, reject) => {
				replica.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString()));
				void replica.then((result) => reject(new Error(`the replica exited early: ${result.stderr}`)));
			});
			const held = JSON.parse(line) as { taskId: string; token: string };
			expect(held.taskId).toBe(added.taskId);
			replica.kill('SIGKILL');
			await replica;

			expect(await survivor.claim('survivor', 60_000)).toBeNull();
			expect(await survivor.get(added.taskId)).toMatchObject({ status: 'active', lease: { workerId: 'doomed' } });
			const lease = (await survivor.get(added.taskId))!.lease!;
			await new Promise((resolve) => setTimeout(resolve, Math.max(0, lease.expiresAt - Date.now()) + 300));

			const taken = await survivor.claim('survivor', 60_000);
			expect(taken!.task).toMatchObject({ taskId: added.taskId, attempts: 2, lease: { workerId: 'survivor' } });
			expect(await survivor.complete(added.taskId, held.token, NO_RESULT)).toBe(false);
			expect(await survivor.complete(added.taskId, taken!.token, NO_RESULT)).toBe(true);
		} finally {
			if (replica.exitCode === null) replica.kill('SIGKILL');
			await replica;
		}
	});

	it('keeps its tasks as BullMQ jobs that BullMQ itself reads: queued, completed, failed, and cancelled as failed "Cancelled"', async () => {
		const queue = queueName();
		const store = open(queue);
		const [done, broken, stopped, waiting] = (
			await store.add([
				{ url: 'https://media.test/bull-done', priority: 3 },
				{ url: 'https://media.test/bull-broken', priority: 2 },
				{ url: 'https://media.test/bull-stopped', priority: 1 },
				{ url: 'https://media.test/bull-waiting' },
			])
		).map((o) => o.task);
		const first = await store.claim('w1', 60_000);
		await store.complete(done.taskId, first!.token, { files: [{ fileSize: 5 }], totalBytes: 5 });
		const second = await store.claim('w1', 60_000);
		await store.fail(broken.taskId, second!.token, { message: 'HTTP Error 404', kind: 'NotFound' });
		await store.cancel(stopped.taskId);

		const bull = new Queue(queue, { connection: server.connection, prefix: PREFIX });
		try {
			expect(await bull.getJobState(waiting.taskId)).toBe('prioritized');
			expect((await bull.getJob(waiting.taskId))!.data).toMatchObject({ url: 'https://media.test/bull-waiting', priority: 0 });
			expect(await bull.getJobState(done.taskId)).toBe('completed');
			expect((await bull.getJob(done.taskId))!.returnvalue).toEqual({ files: [{ fileSize: 5 }], totalBytes: 5 });
			expect(await bull.getJobState(broken.taskId)).toBe('failed');
			expect((await bull.getJob(broken.taskId))!.failedReason).toBe('HTTP Error 404');
			expect(await bull.getJobState(stopped.taskId)).toBe('failed');
			expect((await bull.getJob(stopped.taskId))!.failedReason).toBe('Cancelled');
			expect(await bull.getJobCounts('prioritized', 'completed', 'failed', 'active')).toEqual({ prioritized: 1, completed: 1, failed: 2, active: 0 });
			// BullMQ's orphan cleaner leaves our keys and our jobs alone.
			expect(await bull.removeOrphanedJobs()).toBe(0);
			expect(await store.counts()).toEqual({ active: 0, queued: 1, completed: 1, failed: 1, cancelled: 1, paused: 0 });
		} finally {
			await bull.close();
		}
	});

	it('shows a task cancelled, retried and then failed as failed, not cancelled', async () => {
		const store = open(queueName());
		const [{ task }] = await store.add([{ url: 'https://media.test/cancel-retry-fail' }]);
		await store.cancel(task.taskId);
		expect(await store.retry(task.taskId)).toMatchObject({ status: 'queued' });
		const claimed = await store.claim('w1', 60_000);
		expect(await store.fail(task.taskId, claimed!.token, { message: 'boom', kind: 'Network' })).toBe(true);
		expect(await store.get(task.taskId)).toMatchObject({ status: 'failed', lastError: { message: 'boom' } });
		expect(await store.counts()).toMatchObject({ failed: 1, cancelled: 0 });
		expect((await store.list('cancelled')).length).toBe(0);
		expect((await store.list('failed')).map((t) => t.taskId)).toEqual([task.taskId]);
	});

	it('puts a task whose lease expired back in its priority, behind higher ones (not at the head of the queue)', async () => {
		const store = open(queueName());
		const [{ task: low }] = await store.add([{ url: 'https://media.test/low', priority: 0 }]);
		const expiring = await store.claim('w1', 300);
		expect(expiring!.task.taskId).toBe(low.taskId);
		const [{ task: high }] = await store.add([{ url: 'https://media.test/high', priority: 10 }]);
		const [{ task: lowLater }] = await store.add([{ url: 'https://media.test/low-later', priority: 0 }]);
		await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiring!.task.lease!.expiresAt - Date.now()) + 300));
		const order = [];
		for (let claimed = await store.claim('w2', 60_000); claimed; claimed = await store.claim('w2', 60_000)) order.push(claimed.task.taskId);
		// Back ahead of its own priority, as BullMQ's moveToWait puts a job back.
		expect(order).toEqual([high.taskId, low.taskId, lowLater.taskId]);
	});

	it('keeps priorities beyond BullMQ range in order and as given', async () => {
		const store = open(queueName());
		const huge = 5_000_000;
		for (const priority of [0, -huge, huge, 7]) await store.add([{ url: `https://media.test/priority/${priority}`, priority }]);
		const queued = await store.list('queued');
		expect(queued.map((t) => t.priority)).toEqual([huge, 7, 0, -huge]);
		expect((await store.claim('w1', 60_000))!.task.priority).toBe(huge);
	});

	it('keeps queues of one name under two prefixes apart', async () => {
		const queue = queueName();
		const one = open(queue, 'prefix-one');
		const two = open(queue, 'prefix-two');
		const [added] = await one.add([{ url: 'https://media.test/prefixed' }]);
		expect(await two.get(added.task.taskId)).toBeNull();
		expect(await two.counts()).toMatchObject({ queued: 0 });
		expect(await one.counts()).toMatchObject({ queued: 1 });
	});

	it('opens through openStore with the default prefix, and refuses a queue name with a colon', async () => {
		const queue = queueName();
		const store = await openStore({ kind: 'redis', connection: server.connection, queue });
		stores.push(store);
		expect(store).toMatchObject({ kind: 'redis', queue });
		const [added] = await store.add([{ url: 'https://media.test/default-prefix' }]);
		const bull = new Queue(queue, { connection: server.connection, prefix: 'mdl' });
		try {
			expect(await bull.getJobState(added.task.taskId)).toBe('prioritized');
		} finally {
			await bull.close();
		}
		expect(() => new RedisStore({ connection: server.connection, queue: 'a:b' })).toThrow(/cannot contain ':'/);
	});

	it('fails a call within seconds, saying where it tried, when Redis cannot be reached', async () => {
		const port = await closedPort();
		const unreachable = new RedisStore({ connection: { host: '127.0.0.1', port }, queue: 'nowhere' });
		try {
			const started = Date.now();
			await expect(unreachable.add([{ url: 'https://media.test/unreachable' }])).rejects.toThrow(`Could not connect to Redis at 127.0.0.1:${port}`);
			await expect(unreachable.claim('w1', 60_000)).rejects.toMatchObject({ kind: 'Network' });
			expect(Date.now() - started).toBeLessThan(40_000);
		} finally {
			await unreachable.close();
			// ioredis ends a socket that never connected with a 2 s timer of its own; let it run out here.
			await new Promise((resolve) => setTimeout(resolve, 2100));
		}
		await expect(unreachable.counts()).rejects.toThrow(/closed/);
	}, 60_000);
});
