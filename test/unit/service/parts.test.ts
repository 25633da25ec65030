import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';

import { diskSpace } from '../../../lib/queue/diskGuard';
import { healthWarnings, memoryUse } from '../../../lib/service/health';
import { startHttpServer } from '../../../lib/service/httpServer';
import { createLogger, redact } from '../../../lib/service/logger';
import { createMetrics } from '../../../lib/service/metrics';
import { ProgressSteps } from '../../../lib/service/progressSteps';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'mdl-service-parts-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const collect = (stream: PassThrough) => {
	const chunks: string[] = [];
	stream.on('data', (c: Buffer) => chunks.push(c.toString()));
	return () => chunks.join('');
};

describe('createLogger', () => {
	it('writes timestamped lines to the console and the file, warnings to stderr, never a secret', async () => {
		const stdout = new PassThrough();
		const stderr = new PassThrough();
		const out = collect(stdout);
		const err = collect(stderr);
		const file = path.join(dir, 'logs', 'service.log');
		const log = createLogger({ file, secrets: ['hunter2'], stdout, stderr, level: 'info' });
		log.debug('not shown');
		log.info('connecting with hunter2 to redis://mdl:other-pass@host:6379/0');
		log.warn('Low disk space');
		await log.close();
		const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
		expect(lines).toHaveLength(2);
		expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO {2}connecting with \*\*\* to redis:\/\/\*\*\*@host:6379\/0$/);
		expect(lines[1]).toMatch(/Z WARN {2}Low disk space$/);
		expect(out()).toBe(`${lines[0]}\n`);
		expect(err()).toBe(`${lines[1]}\n`);
	});

	it('redacts every occurrence', () => {
		expect(redact('a=xx b=xx', ['xx'])).toBe('a=*** b=***');
	});
});

describe('ProgressSteps', () => {
	it('reports each 25 % step a task crosses once, the highest when several are crossed at once', () => {
		const steps = new ProgressSteps();
		const seen = [3, 24.9, 25, 26, 49, 80, 74, 99.9, 100, 100].map((p) => steps.next('t1', p));
		expect(seen).toEqual([undefined, undefined, 25, undefined, undefined, 75, undefined, undefined, 100, undefined]);
		expect(steps.next('t2', null)).toBeUndefined();
		expect(steps.next('t2', 50)).toBe(50);
		steps.forget('t1');
		expect(steps.next('t1', 30)).toBe(25);
	});
});

describe('healthWarnings', () => {
	it('reads memory use and warns only past the spec thresholds (10 % free disk, 80 % memory)', async () => {
		const memory = memoryUse();
		expect(memory.usedPercent).toBeGreaterThan(0);
		expect(memory.usedPercent).toBeLessThan(100);
		expect(memory.limitBytes).toBeGreaterThan(0);
		const warnings = await healthWarnings(path.join(dir, 'not', 'made', 'yet'));
		const disk = await diskSpace(dir);
		expect(warnings.some((w) => w.startsWith('Low disk space'))).toBe(disk.freePercent < 10);
		expect(warnings.some((w) => w.startsWith('High memory usage'))).toBe(memoryUse().usedPercent > 80);
	});
});

describe('createMetrics and the HTTP endpoints', () => {
	it('serves /healthz, /readyz (200 or 503 with a reason) and Prometheus /metrics', async () => {
		const metrics = createMetrics({ queue: 'default', worker: 'w1' });
		metrics.recordCompleted(1500);
		metrics.recordCompleted(500);
		metrics.recordFailed();
		let ready = true;
		const server = await startHttpServer({
			host: '127.0.0.1',
			port: 0,
			probes: {
				readiness: async () => (ready ? { ready: true, detail: { freeBytes: 5 } } : { ready: false, reason: 'Free disk below 10%' }),
				metrics: async () => ({
					contentType: metrics.contentType,
					body: await metrics.render({ counts: { active: 2, queued: 7, completed: 3, failed: 1, cancelled: 0, paused: 0 }, paused: false, activeHere: 2, freeDiskBytes: 42 }),
				}),
			},
		});
		try {
			const base = `http://127.0.0.1:${server.port}`;
			expect((await fetch(`${base}/healthz`)).status).toBe(200);
			const okay = await fetch(`${base}/readyz`);
			expect([okay.status, await okay.json()]).toEqual([200, { status: 'ready', freeBytes: 5 }]);
			ready = false;
			const not = await fetch(`${base}/readyz`);
			expect([not.status, await not.json()]).toEqual([503, { status: 'not ready', reason: 'Free disk below 10%' }]);
			const response = await fetch(`${base}/metrics`);
			expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
			const text = await response.text();
			expect(text).toContain('media_downloader_queue_tasks{status="queued",queue="default"} 7');
			expect(text).toContain('media_downloader_queue_tasks{status="active",queue="default"} 2');
			expect(text).toContain('media_downloader_active_downloads{worker="w1",queue="default"} 2');
			expect(text).toContain('media_downloader_downloaded_bytes_total{worker="w1",queue="default"} 2000');
			expect(text).toContain('media_downloader_downloads_completed_total{worker="w1",queue="default"} 2');
			expect(text).toContain('media_downloader_downloads_failed_total{worker="w1",queue="default"} 1');
			expect(text).toContain('media_downloader_free_disk_bytes{queue="default"} 42');
			expect(text).toMatch(/^process_cpu_user_seconds_total/m);
			expect((await fetch(`${base}/nothing`)).status).toBe(404);
			expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
		} finally {
			await server.close();
		}
	});
});
