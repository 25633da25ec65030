import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { execa, type ResultPromise } from 'execa';

import { clearRobotsCache } from '../../../lib';
import { openStore, type StoreSpec } from '../../../lib/queue/stores';
import type { QueueStore } from '../../../lib/queue/types';
import { startRedisServer, type RedisServer } from '../../helpers/redisServer';
import { processesMatching } from '../../helpers/ytdlpSpy';
import { withFixtures } from '../../helpers/withFixtures';

/**
 * THE kill test: a worker process is killed with SIGKILL (no cleanup of any kind) in the middle of 50
 * downloads; a new worker takes over once the dead one's leases expire. Every download completes
 * exactly once: 50/50 completed, every media id once in yt-dlp's download archive, nothing left active.
 */
const fx = withFixtures('mdl-kill-');
const WORKER = path.join(__dirname, 'managerWorker.js');
const BUILT = path.resolve(__dirname, '../../../dist/lib/queue/index.js');
const TASKS = 50;
/** video-360.mp4 (193 kB) at 128 kB/s: about 1.5 s per download, so the kill finds several mid-transfer */
const BPS = 128_000;
const LEASE_SECONDS = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sha256Of = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function until(check: () => Promise<boolean>, what: string, ms: number): Promise<void> {
	const end = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
		await sleep(100);
	}
}

interface Worker {
	child: ResultPromise;
	lines: Array<Record<string, unknown>>;
}

function startWorker(spec: StoreSpec, outputDir: string, name: string): Worker {
	const options = {
		store: spec,
		outputDir,
		maxConcurrent: 4,
		leaseSeconds: LEASE_SECONDS,
		pollMs: 200,
		workerId: name,
		defaultConfig: { downloadArchive: 'archive.txt' },
	};
	// The worker's own temp folders (a killed one cannot remove them) stay inside the test's folder.
	const tmp = path.join(path.dirname(outputDir), 'tmp');
	mkdirSync(tmp, { recursive: true });
	const child = execa(process.execPath, [WORKER, JSON.stringify(options)], { reject: false, timeout: 300_000, env: { TMPDIR: tmp } });
	const lines: Worker['lines'] = [];
	let rest = '';
	child.stdout.on('data', (chunk: Buffer) => {
		rest += chunk.toString('utf8');
		const parts = rest.split('\n');
		rest = parts.pop()!;
		for (const line of parts) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
	});
	return { child, lines };
}

describe.each(['sqlite', 'redis'] as const)('a worker killed with SIGKILL during 50 downloads (%s store)', (kind) => {
	let redis: RedisServer | undefined;
	const workers: Worker[] = [];
	let store: QueueStore | undefined;

	beforeAll(async () => {
		if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: this test runs workers from the built library. Run \`npx tsc -p tsconfig.json\` first.`);
		if (kind === 'redis') redis = await startRedisServer();
	}, 60_000);
	afterEach(async () => {
		for (const { child } of workers.splice(0)) {
			child.kill('SIGKILL');
			await child;
		}
		await store?.close();
		store = undefined;
	});
	afterAll(async () => {
		await redis?.stop();
	});

	it(
		'a new worker completes 50/50 exactly once: no duplicate in the download archive, nothing left active',
		async () => {
			clearRobotsCache();
			const started = Date.now();
			const outputDir = path.join(fx.dir, 'out');
			const spec: StoreSpec = kind === 'sqlite' ? { kind, file: path.join(fx.dir, 'queue.sqlite'), queue: 'kill' } : { kind, connection: redis!.connection, queue: 'kill' };
			store = await openStore(spec);
			const names = Array.from({ length: TASKS }, (_, i) => `kill-${String(i).padStart(2, '0')}`);
			const added = await store.add(names.map((name) => ({ url: fx.server.url(`/alias/${BPS}/video-360.mp4/${name}.mp4`) })));
			expect(added.filter((a) => a.added)).toHaveLength(TASKS);

			const first = startWorker(spec, outputDir, 'worker-1');
			workers.push(first);
			await until(async () => {
				const counts = await store!.counts();
				return counts.completed >= 6 && counts.active >= 3;
			}, 'some tasks completed and some running in the first worker', 120_000);
			first.child.kill('SIGKILL');
			const killed = await first.child;
			expect(killed.signal).toBe('SIGKILL');
			const orphaned = await store.list('active');
			expect(orphaned.length).toBeGreaterThan(0);
			expect(orphaned.every((t) => t.lease?.workerId === 'worker-1')).toBe(true);
			const completedBeforeKill = (await store.counts()).completed;
			expect(completedBeforeKill).toBeLessThan(TASKS);

			const second = startWorker(spec, outputDir, 'worker-2');
			workers.push(second);
			await until(async () => (await store!.counts()).completed === TASKS, 'all tasks completed by the second worker', 200_000);
			second.child.kill('SIGTERM');
			const stopped = await second.child;
			expect(stopped.exitCode).toBe(0);

			expect(await store.counts()).toEqual({ active: 0, queued: 0, completed: TASKS, failed: 0, cancelled: 0, paused: 0 });
			const tasks = await store.list('completed');
			// The tasks running at the kill came back once their lease expired, and the second worker finished them.
			for (const task of tasks.filter((t) => orphaned.some((o) => o.taskId === t.taskId))) {
				expect(task.attempts).toBeGreaterThanOrEqual(2);
				expect(task.lease).toBeUndefined();
			}
			const completedBy = second.lines.filter((l) => l.event === 'completed').map((l) => l.taskId);
			expect(completedBy.length).toBe(TASKS - completedBeforeKill);
			expect(new Set(completedBy).size).toBe(completedBy.length);
			expect(second.lines.filter((l) => l.event === 'failed')).toEqual([]);

			const archive = readFileSync(path.join(outputDir, 'archive.txt'), 'utf8').split('\n').filter(Boolean);
			expect(archive).toHaveLength(TASKS);
			expect(new Set(archive).size).toBe(TASKS);
			expect([...archive].sort()).toEqual(names.map((name) => `generic ${name}`));

			const media = fx.server.media['video-360.mp4'];
			const files = readdirSync(outputDir).sort();
			expect(files).toEqual([...names.map((name) => `${name} [${name}].mp4`), 'archive.txt'].sort());
			for (const name of names) expect(sha256Of(path.join(outputDir, `${name} [${name}].mp4`))).toBe(media.sha256);
			expect(processesMatching(`/alias/${BPS}/video-360.mp4/kill-`)).toEqual([]);
			process.stdout.write(`kill test (${kind}): ${TASKS} tasks, ${orphaned.length} running at the kill, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
		},
		360_000,
	);
});
