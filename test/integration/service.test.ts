import { execa, type ResultPromise } from 'execa';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { DownloadManager } from '../../lib/queue/manager';
import type { StoreSpec } from '../../lib/queue/stores';
import type { QueueCounts, Task } from '../../lib/queue/types';
import { closedPort } from '../helpers/ports';
import { startRedisServer } from '../helpers/redisServer';
import { withFixtures } from '../helpers/withFixtures';
import { processesMatching } from '../helpers/ytdlpSpy';

/** The built command, run by the Node the package requires (node_modules/.bin/node is Node 24). */
const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/lib/service/cli.js');
const NODE = path.join(ROOT, 'node_modules/.bin/node');

const fx = withFixtures('mdl-service-');

beforeAll(() => {
	if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does it in pretest).`);
});

/** The test's environment without any setting the service reads, so only what a test gives applies. */
function cleanEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env))
		if (!/^(DOWNLOAD_|REDIS_|ENVIRONMENT$|N8N_USER_FOLDER$)/.test(key)) env[key] = value;
	return env;
}

interface RunningService {
	child: ResultPromise;
	port: number;
	output(): string;
	waitForOutput(pattern: RegExp, ms?: number): Promise<void>;
	/** sends the signal and resolves with the exit code */
	signal(name: NodeJS.Signals): Promise<number | undefined>;
}

const running = new Set<RunningService>();

afterEach(async () => {
	// A test that failed half-way still leaves no service behind.
	for (const service of running) {
		service.child.kill('SIGKILL');
		await service.child.catch(() => undefined);
	}
	running.clear();
});

async function waitFor<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, ms = 60_000): Promise<T> {
	const end = Date.now() + ms;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** Starts the service with `vars` and waits for its start line. */
async function startService(vars: Record<string, string>): Promise<RunningService> {
	const port = await closedPort();
	const child = execa(NODE, [CLI], {
		env: { ...cleanEnv(), DOWNLOAD_SERVICE_PORT: String(port), ...vars },
		extendEnv: false,
		reject: false,
		stdin: 'ignore',
		all: true,
		buffer: false,
	});
	let text = '';
	let exitCode: number | null | undefined;
	child.all?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
	void child.then((result) => (exitCode = result.exitCode ?? null));
	const service: RunningService = {
		child,
		port,
		output: () => text,
		waitForOutput: async (pattern, ms = 60_000) => {
			await waitFor(() => pattern.test(text) || exitCode !== undefined, `${pattern} in the service output`, ms);
			if (!pattern.test(text)) throw new Error(`the service exited (${exitCode}) before printing ${pattern}:\n${text}`);
		},
		signal: async (name) => {
			child.kill(name);
			const result = await child;
			running.delete(service);
			return result.exitCode;
		},
	};
	running.add(service);
	await service.waitForOutput(/Download service started successfully/);
	return service;
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Every file under a folder (relative paths). */
function filesUnder(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

/** The queue gauges of a /metrics page, by status. */
function queueGauges(metrics: string): Record<string, number> {
	const gauges: Record<string, number> = {};
	for (const m of metrics.matchAll(/^media_downloader_queue_tasks\{status="(\w+)",queue="[^"]*"\} (\d+)$/gm)) gauges[m[1]] = Number(m[2]);
	return gauges;
}

function counter(metrics: string, name: string): number {
	const m = new RegExp(`^${name}\\{[^}]*\\} (\\d+(?:\\.\\d+)?(?:e\\+\\d+)?)$`, 'm').exec(metrics);
	if (!m) throw new Error(`${name} is not in /metrics`);
	return Number(m[1]);
}

async function withManager<T>(store: StoreSpec, work: (manager: DownloadManager) => Promise<T>): Promise<T> {
	const manager = new DownloadManager({ store });
	try {
		return await work(manager);
	} finally {
		await manager.close();
	}
}

describe('media-downloader-service (the built command)', () => {
	it('runs the tasks added to its SQLite queue, logs them, writes backups, and /metrics matches getQueueStatus', async () => {
		const queueFile = path.join(fx.dir, 'queue', 'queue.sqlite');
		const outputDir = path.join(fx.dir, 'downloads');
		const logFile = path.join(fx.dir, 'logs', 'service.log');
		const store: StoreSpec = { kind: 'sqlite', file: queueFile };
		const service = await startService({
			DOWNLOAD_QUEUE_FILE: queueFile,
			DOWNLOAD_OUTPUT_DIR: outputDir,
			DOWNLOAD_MAX_CONCURRENT: '2',
			DOWNLOAD_MAX_RETRIES: '0',
			DOWNLOAD_LOG_FILE: logFile,
			DOWNLOAD_STATUS_INTERVAL: String(1 / 60),
			DOWNLOAD_BACKUP_INTERVAL: String(1 / 60),
			DOWNLOAD_BACKUP_KEEP: '2',
			DOWNLOAD_DISK_MIN: '1MB',
		});
		// mp4 files: the default container, so they arrive byte for byte (audio would be remuxed)
		const names = ['video-360.mp4', 'video-720.mp4', 'video-chapters.mp4'];
		const { tasks, bad } = await withManager(store, async (manager) => ({
			tasks: await Promise.all(names.map((name) => manager.addDownload(fx.server.url(`/media/${name}`)))),
			bad: await manager.addDownload(fx.server.url('/fault/status/404/missing.mp4')),
		}));

		const finished = await withManager(store, (manager) =>
			waitFor(async () => {
				const status = await manager.getQueueStatus();
				return status.completed + status.failed === 4 && status.active === 0 ? manager.getAllTasks() : undefined;
			}, 'the four tasks to end', 180_000),
		);
		const byId = new Map(finished.map((task) => [task.taskId, task]));
		for (const [i, task] of tasks.entries()) {
			const done = byId.get(task.taskId)!;
			expect(done.status).toBe('completed');
			const file = done.result!.files[0].localPath!;
			expect(path.dirname(file)).toBe(outputDir);
			expect(sha256(file)).toBe(fx.server.media[names[i]].sha256);
		}
		expect(byId.get(bad.taskId)).toMatchObject({ status: 'failed', lastError: { kind: 'NotFound' } });

		// /metrics: the queue gauges are getQueueStatus; the counters count this service's downloads
		const response = await fetch(`http://127.0.0.1:${service.port}/metrics`);
		expect(response.status).toBe(200);
		const metrics = await response.text();
		const status = await withManager(store, (manager) => manager.getQueueStatus());
		const counts: QueueCounts = { active: status.active, queued: status.queued, completed: status.completed, failed: status.failed, cancelled: status.cancelled, paused: status.paused };
		expect(counts).toEqual<QueueCounts>({ active: 0, queued: 0, completed: 3, failed: 1, cancelled: 0, paused: 0 });
		expect(queueGauges(metrics)).toEqual(counts);
		expect(counter(metrics, 'media_downloader_downloads_completed_total')).toBe(3);
		expect(counter(metrics, 'media_downloader_downloads_failed_total')).toBe(1);
		const bytes = tasks.reduce((sum, task) => sum + byId.get(task.taskId)!.result!.totalBytes, 0);
		expect(bytes).toBe(names.reduce((sum, name) => sum + fx.server.media[name].size, 0));
		expect(counter(metrics, 'media_downloader_downloaded_bytes_total')).toBe(bytes);
		expect(counter(metrics, 'media_downloader_active_downloads')).toBe(0);

		// backups every second, two kept, beside the queue file
		await waitFor(() => readdirSync(path.join(fx.dir, 'queue', 'backups')).length === 2 && service.output().match(/Queue backup written/g)!.length >= 3, 'three backups');
		const backups = readdirSync(path.join(fx.dir, 'queue', 'backups'));
		expect(backups.every((name) => /^queue_backup_\d{8}_\d{6}_\d{3}\.json$/.test(name))).toBe(true);

		// the status line every second reaches the final counts
		await service.waitForOutput(/Queue status - Active: 0, Queued: 0, Paused: 0, Completed: 3, Failed: 1, Cancelled: 0/);
		expect(await service.signal('SIGTERM')).toBe(0);
		const log = readFileSync(logFile, 'utf8');
		// the file holds the console's lines (stdout and stderr may interleave in another order)
		const consoleLines = service.output().split('\n').filter((line) => /^\d{4}-\d\d-\d\dT/.test(line));
		expect(log.trimEnd().split('\n').sort()).toEqual(consoleLines.sort());
		for (const task of tasks) expect(log).toMatch(new RegExp(`INFO {2}Download completed: ${task.taskId} .* -> ${outputDir}/`));
		expect(log).toMatch(new RegExp(`ERROR Download failed: ${bad.taskId} .*NotFound`));
		expect(log.match(/INFO {2}Queue status - Active: \d+, Queued: \d+/g)!.length).toBeGreaterThanOrEqual(2);
		expect(log).toMatch(/INFO {2}Download service stopped\n$/);
	}, 300_000);

	it('SIGTERM during downloads returns the running tasks to queued and exits 0', async () => {
		const queueFile = path.join(fx.dir, 'queue.sqlite');
		const outputDir = path.join(fx.dir, 'downloads');
		const store: StoreSpec = { kind: 'sqlite', file: queueFile };
		const service = await startService({ DOWNLOAD_QUEUE_FILE: queueFile, DOWNLOAD_OUTPUT_DIR: outputDir, DOWNLOAD_MAX_CONCURRENT: '2', DOWNLOAD_STOP_TIMEOUT: '1', DOWNLOAD_DISK_MIN: '1MB' });
		// ~65 kB at 3 kB/s: about 20 s each, so they are surely running when the signal comes
		const marker = `/fault/slow/3000/`;
		const urls = ['audio.mp3', 'episode-1.mp3', 'episode-2.mp3'].map((name) => fx.server.url(`${marker}${name}`));
		const tasks = await withManager(store, (manager) => Promise.all(urls.map((url, i) => manager.addDownload(url, { priority: 10 - i }))));

		const active = await withManager(store, (manager) =>
			waitFor(async () => {
				const list = await manager.getTasksByStatus('active');
				return list.length === 2 ? list : undefined;
			}, 'two active downloads'),
		);
		expect(active.map((t) => t.taskId).sort()).toEqual([tasks[0].taskId, tasks[1].taskId].sort());
		// progress is logged at 25 % steps: wait for the first step of a running task
		await service.waitForOutput(/Download [\w-]+: 25% complete/, 60_000);
		expect(processesMatching(marker).length).toBeGreaterThan(0);
		const metrics = await (await fetch(`http://127.0.0.1:${service.port}/metrics`)).text();
		expect(queueGauges(metrics)).toMatchObject({ active: 2, queued: 1 });
		expect(counter(metrics, 'media_downloader_active_downloads')).toBe(2);

		expect(await service.signal('SIGTERM')).toBe(0);
		const after: Task[] = await withManager(store, (manager) => manager.getAllTasks());
		expect(after.map((t) => [t.taskId, t.status])).toEqual(expect.arrayContaining(tasks.map((t) => [t.taskId, 'queued'])));
		expect(after).toHaveLength(3);
		for (const task of after) {
			expect(task.lease).toBeUndefined();
			expect(task.attempts).toBe(0);
		}
		expect(service.output()).toMatch(/Received SIGTERM, shutting down gracefully/);
		expect(service.output()).toMatch(/Returned 2 unfinished download\(s\) to the queue/);
		expect(service.output()).toMatch(/Download service stopped/);
		// its downloads were stopped with it: no process left, no partial file
		expect(processesMatching(marker)).toEqual([]);
		expect(filesUnder(outputDir)).toEqual([]);
	}, 180_000);

	it('/readyz fails while the disk minimum is not met (the task waits, with the reason) and passes otherwise', async () => {
		const queueFile = path.join(fx.dir, 'queue.sqlite');
		const starved = await startService({ DOWNLOAD_QUEUE_FILE: queueFile, DOWNLOAD_OUTPUT_DIR: path.join(fx.dir, 'a'), DOWNLOAD_DISK_MIN: '100%', DOWNLOAD_QUEUE_NAME: 'starved' });
		const fine = await startService({ DOWNLOAD_QUEUE_FILE: queueFile, DOWNLOAD_OUTPUT_DIR: path.join(fx.dir, 'b'), DOWNLOAD_DISK_MIN: '1MB', DOWNLOAD_QUEUE_NAME: 'fine' });

		const notReady = await fetch(`http://127.0.0.1:${starved.port}/readyz`);
		expect(notReady.status).toBe(503);
		const reason = (await notReady.json()) as { status: string; reason: string; requiredBytes: number; freeBytes: number };
		expect(reason).toMatchObject({ status: 'not ready', reason: expect.stringMatching(/disk space/) });
		expect(reason.freeBytes).toBeLessThan(reason.requiredBytes);
		expect((await fetch(`http://127.0.0.1:${starved.port}/healthz`)).status).toBe(200);

		const ready = await fetch(`http://127.0.0.1:${fine.port}/readyz`);
		expect([ready.status, ((await ready.json()) as { status: string }).status]).toEqual([200, 'ready']);

		// the disk guard of the starved service keeps its task queued and says why
		const store: StoreSpec = { kind: 'sqlite', file: queueFile, queue: 'starved' };
		const task = await withManager(store, (manager) => manager.addDownload(fx.server.url('/media/audio.mp3')));
		// One read: the service's worker claims, checks and releases the task every poll.
		const waiting = await withManager(store, (manager) =>
			waitFor(async () => {
				const seen = await manager.getTask(task.taskId);
				return seen?.waitReason ? seen : undefined;
			}, 'the disk reason'),
		);
		expect(waiting).toMatchObject({ status: 'queued', attempts: 0, waitReason: expect.stringMatching(/disk space/) });

		expect(await starved.signal('SIGINT')).toBe(0);
		expect(await fine.signal('SIGTERM')).toBe(0);
		expect(filesUnder(path.join(fx.dir, 'a'))).toEqual([]);
	}, 120_000);

	it('refuses an invalid setting at start: exit 2, a message naming each bad variable, nothing created', async () => {
		const queueFile = path.join(fx.dir, 'queue.sqlite');
		const result = await execa(NODE, [CLI], {
			env: { ...cleanEnv(), DOWNLOAD_QUEUE_FILE: queueFile, DOWNLOAD_MAX_CONCURRENT: 'many', DOWNLOAD_DISK_MIN: '110%', DOWNLOAD_TIMEOUT: 'soon' },
			extendEnv: false,
			reject: false,
		});
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toMatch(/^media-downloader-service: Invalid configuration:/);
		expect(result.stderr).toContain('DOWNLOAD_MAX_CONCURRENT="many" must be a whole number');
		expect(result.stderr).toContain('DOWNLOAD_DISK_MIN="110%" is more than 100 %');
		expect(result.stderr).toContain('DOWNLOAD_TIMEOUT="soon" is not a number');
		expect(result.stdout).toBe('');
		expect(existsSync(queueFile)).toBe(false);
	});

	it('on Redis, two replicas share one queue and run every task exactly once (and never log the password)', async () => {
		const redis = await startRedisServer();
		const replicas: RunningService[] = [];
		try {
			// The server asks for a password from here on: the services must log in, and must not print it.
			const password = `pw-${Date.now().toString(36)}-secret`;
			const { Redis } = await import('ioredis');
			const admin = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true });
			await admin.connect();
			await admin.config('SET', 'requirepass', password);
			admin.disconnect();

			const shared = {
				DOWNLOAD_QUEUE_STORE: 'redis',
				REDIS_HOST: '127.0.0.1',
				REDIS_PORT: String(redis.port),
				REDIS_PASSWORD: password,
				DOWNLOAD_QUEUE_FILE: path.join(fx.dir, 'state', 'queue.sqlite'),
				DOWNLOAD_MAX_CONCURRENT: '2',
				DOWNLOAD_BACKUP_INTERVAL: '0',
				DOWNLOAD_DISK_MIN: '1MB',
			};
			for (const name of ['a', 'b'])
				replicas.push(await startService({ ...shared, DOWNLOAD_OUTPUT_DIR: path.join(fx.dir, name), DOWNLOAD_WORKER_ID: `replica-${name}`, DOWNLOAD_LOG_FILE: path.join(fx.dir, `${name}.log`) }));

			// ~190 kB at 100 kB/s: about 2 s each, long enough that both replicas take some
			const store: StoreSpec = { kind: 'redis', connection: { ...redis.connection, password } };
			const source = fx.server.media['video-360.mp4'];
			const tasks = await withManager(store, (manager) =>
				Promise.all(Array.from({ length: 8 }, (_, i) => manager.addDownload(fx.server.url('/fault/slow/100000/video-360.mp4'), { config: { outputTemplate: `task-${i}.%(ext)s` } }))),
			);
			expect(new Set(tasks.map((t) => t.taskId)).size).toBe(8);

			const finished = await withManager(store, (manager) =>
				waitFor(async () => ((await manager.getQueueStatus()).completed === 8 ? manager.getAllTasks() : undefined), 'eight completed tasks', 180_000),
			);
			expect(finished.map((t) => [t.status, t.attempts])).toEqual(Array(8).fill(['completed', 1]));

			// each task completed once, by one replica; both replicas worked
			const completedBy = replicas.map((replica) => [...replica.output().matchAll(/Download completed: ([\w-]+) /g)].map((m) => m[1]));
			expect(completedBy.flat().sort()).toEqual(tasks.map((t) => t.taskId).sort());
			for (const ids of completedBy) expect(ids.length).toBeGreaterThan(0);
			const files = ['a', 'b'].flatMap((name) => filesUnder(path.join(fx.dir, name)).map((file) => path.join(fx.dir, name, file)));
			expect(files.map((file) => path.basename(file)).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `task-${i}.mp4`));
			for (const file of files) expect(sha256(file)).toBe(source.sha256);

			const counted = await Promise.all(replicas.map(async (replica) => counter(await (await fetch(`http://127.0.0.1:${replica.port}/metrics`)).text(), 'media_downloader_downloads_completed_total')));
			expect(counted).toEqual(completedBy.map((ids) => ids.length));

			for (const replica of replicas) expect(await replica.signal('SIGTERM')).toBe(0);
			for (const [i, replica] of replicas.entries()) {
				expect(replica.output()).not.toContain(password);
				expect(readFileSync(path.join(fx.dir, `${'ab'[i]}.log`), 'utf8')).not.toContain(password);
				expect(replica.output()).toMatch(/on redis redis:\/\/127\.0\.0\.1:\d+\/0/);
			}
		} finally {
			for (const replica of replicas) if (running.has(replica)) await replica.signal('SIGKILL');
			await redis.stop();
		}
	}, 300_000);
});
