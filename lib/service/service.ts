import { mkdir } from 'node:fs/promises';

import { startBackupTimer, type BackupTimer } from '../queue/backups';
import { checkDiskSpace, formatBytes } from '../queue/diskGuard';
import { DownloadManager, type QueueStatus } from '../queue/manager';
import { describeConfig, type ServiceConfig } from './config';
import { healthWarnings } from './health';
import { startHttpServer, type HttpServer, type Readiness } from './httpServer';
import type { Logger } from './logger';
import { createMetrics, type ServiceMetrics } from './metrics';
import { ProgressSteps } from './progressSteps';

/** How long /readyz waits for the store before it calls it unreachable. */
const STORE_PROBE_MS = 5_000;

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeUp = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms)));
	return Promise.race([work, timeUp]).finally(() => clearTimeout(timer));
}

export function statusLine(status: QueueStatus): string {
	const disk = status.freeDisk ? `, free disk ${formatBytes(status.freeDisk.freeBytes)} (${status.freeDisk.freePercent.toFixed(1)}%)` : '';
	return (
		`Queue status - Active: ${status.active}, Queued: ${status.queued}, Paused: ${status.paused}, Completed: ${status.completed}, ` +
		`Failed: ${status.failed}, Cancelled: ${status.cancelled}${status.isPaused ? ' (queue paused)' : ''}${disk}`
	);
}

/**
 * The spec's DownloadService: runs a DownloadManager worker on the configured queue until stop(), logs
 * status and health every few minutes, progress at 25 % steps, each completion and failure, writes
 * automatic backups, and answers /healthz, /readyz and /metrics.
 */
export class DownloadService {
	readonly manager: DownloadManager;
	private readonly metrics: ServiceMetrics;
	private readonly steps = new ProgressSteps();
	private http?: HttpServer;
	private backups?: BackupTimer;
	private statusTimer?: NodeJS.Timeout;
	private starting?: Promise<void>;
	private stopping?: Promise<void>;

	constructor(
		private readonly config: ServiceConfig,
		private readonly log: Logger,
	) {
		this.manager = new DownloadManager({
			store: config.store,
			queueFile: config.queueFile,
			queueName: config.queueName,
			maxConcurrent: config.maxConcurrent,
			defaultOutputDir: config.outputDir,
			...(config.leaseSeconds === undefined ? {} : { leaseSeconds: config.leaseSeconds }),
			workerId: config.workerId,
			diskMinimum: config.diskMinimum,
			defaultConfig: config.downloadDefaults,
		});
		this.metrics = createMetrics({ queue: config.queueName, worker: config.workerId });
		this.listen();
	}

	/** The HTTP port bound (undefined when the server is off). */
	get httpPort(): number | undefined {
		return this.http?.port;
	}

	get isStopping(): boolean {
		return this.stopping !== undefined;
	}

	/** Starts the worker, the timers and the HTTP server; a stop asked meanwhile waits for it. */
	start(): Promise<void> {
		this.starting ??= this.startUp();
		return this.starting;
	}

	private async startUp(): Promise<void> {
		this.log.info('Starting download service...');
		this.log.info(describeConfig(this.config));
		await mkdir(this.config.outputDir, { recursive: true });
		const store = await this.manager.getStore();
		if (this.config.http.port) {
			this.http = await startHttpServer({
				host: this.config.http.host,
				port: this.config.http.port,
				probes: { readiness: () => this.readiness(), metrics: () => this.renderMetrics() },
				onError: (error) => this.log.error(`HTTP: ${error.message}`),
			});
			this.log.info(`Health and metrics on http://${this.config.http.host}:${this.http.port} (/healthz, /readyz, /metrics)`);
		}
		if (this.config.backup.intervalMinutes > 0) {
			this.backups = startBackupTimer(store, {
				dir: this.config.backup.dir,
				intervalMinutes: this.config.backup.intervalMinutes,
				keep: this.config.backup.keep,
				onBackup: (file) => this.log.info(`Queue backup written: ${file}`),
				onError: (error) => this.log.error(`Queue backup failed: ${error.message}`),
			});
		}
		await this.manager.startQueue();
		this.statusTimer = setInterval(() => void this.monitor(), this.config.statusIntervalMinutes * 60_000);
		await this.monitor();
		this.log.info('Download service started successfully');
	}

	/**
	 * The graceful stop: no new tasks, running ones get up to the stop timeout to finish, the rest go
	 * back to the queue for another worker; then everything closes. Calling it again returns the same stop.
	 */
	stop(reason = 'stop requested'): Promise<void> {
		this.stopping ??= this.shutdown(reason);
		return this.stopping;
	}

	private async shutdown(reason: string): Promise<void> {
		await this.starting?.catch(() => undefined);
		this.log.info(`${reason}, shutting down gracefully (waiting up to ${this.config.stopTimeoutSeconds} s for running downloads)...`);
		clearInterval(this.statusTimer);
		const outcome = await this.manager.stopQueue({ wait: true, timeout: this.config.stopTimeoutSeconds });
		if (outcome.released.length) this.log.info(`Returned ${outcome.released.length} unfinished download(s) to the queue: ${outcome.released.join(', ')}`);
		if (outcome.lost.length) this.log.warn(`${outcome.lost.length} download(s) had passed to another worker: ${outcome.lost.join(', ')}`);
		await this.backups?.stop();
		await this.http?.close();
		await this.manager.close();
		this.log.info('Download service stopped');
	}

	private listen(): void {
		const { manager, log, steps, metrics } = this;
		manager.on('progress', (taskId, progress) => {
			const step = steps.next(taskId, progress.percent);
			if (step !== undefined) log.info(`Download ${taskId}: ${step}% complete`);
		});
		manager.on('completed', (taskId, result, task) => {
			steps.forget(taskId);
			metrics.recordCompleted(result.totalBytes);
			const paths = result.files.map((file) => file.localPath).filter(Boolean);
			log.info(`Download completed: ${taskId} ${task.url} -> ${paths.join(', ') || '(no file)'} (${formatBytes(result.totalBytes)})`);
		});
		manager.on('failed', (taskId, error, task) => {
			steps.forget(taskId);
			metrics.recordFailed();
			log.error(`Download failed: ${taskId} ${task.url} - ${error.kind}: ${error.message}`);
		});
		manager.on('cancelled', (taskId, _error, task) => {
			steps.forget(taskId);
			log.info(`Download cancelled: ${taskId} ${task.url}`);
		});
		manager.on('workerError', (error) => log.error(`Queue worker: ${error.message}`));
	}

	/** The spec's monitor_loop body: a status line, then the health checks. */
	private async monitor(): Promise<void> {
		try {
			this.log.info(statusLine(await this.manager.getQueueStatus()));
			for (const warning of await healthWarnings(this.config.outputDir)) this.log.warn(warning);
		} catch (error) {
			this.log.error(`Monitor error: ${(error as Error).message}`);
		}
	}

	/** Ready: not stopping, the store answers, and the output folder has the minimum free. */
	private async readiness(): Promise<Readiness> {
		if (this.stopping) return { ready: false, reason: 'the service is stopping' };
		try {
			await withTimeout(
				this.manager.getStore().then((store) => store.counts()),
				STORE_PROBE_MS,
				'The queue store',
			);
		} catch (error) {
			return { ready: false, reason: `queue store unreachable: ${(error as Error).message}` };
		}
		const disk = await checkDiskSpace(this.config.outputDir, this.config.diskMinimum).catch((error: Error) => error);
		if (disk instanceof Error) return { ready: false, reason: `cannot measure free disk space in ${this.config.outputDir}: ${disk.message}` };
		const detail = { freeBytes: disk.space.freeBytes, freePercent: Number(disk.space.freePercent.toFixed(2)), requiredBytes: disk.requiredBytes };
		return disk.ok ? { ready: true, detail } : { ready: false, reason: disk.reason ?? 'not enough free disk space', detail };
	}

	private async renderMetrics(): Promise<{ contentType: string; body: string }> {
		const status = await withTimeout(this.manager.getQueueStatus(), STORE_PROBE_MS, 'The queue store');
		const { isPaused, freeDisk, ...counts } = status;
		const activeHere = (await this.manager.getActiveDownloads()).filter((task) => task.lease?.workerId === this.config.workerId).length;
		const body = await this.metrics.render({ counts, paused: isPaused, activeHere, ...(freeDisk ? { freeDiskBytes: freeDisk.freeBytes } : {}) });
		return { contentType: this.metrics.contentType, body };
	}
}
