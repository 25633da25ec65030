import os from 'node:os';
import path from 'node:path';

import { envDefaults, envProfile, parseSize, PROFILES, resolveConfig, type DownloadOptions } from '../config';
import { formatBytes, type DiskMinimum as QueueDiskMinimum } from '../queue/diskGuard';
import { DEFAULT_BACKUP_INTERVAL_MINUTES, DEFAULT_BACKUP_KEEP, defaultBackupDir } from '../queue/backups';
import { DEFAULT_QUEUE_NAME, defaultQueueFile, type RedisConnection, type StoreSpec } from '../queue/stores';

/** Free space a task needs before it starts: bytes, or a percentage of the output folder's disk. */
export type DiskMinimum = Required<Pick<QueueDiskMinimum, 'bytes'>> | Required<Pick<QueueDiskMinimum, 'percent'>>;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** Everything the service reads from its environment, checked. */
export interface ServiceConfig {
	store: StoreSpec;
	/** SQLite file (also where backups go by default); for Redis only the backups' place */
	queueFile: string;
	queueName: string;
	outputDir: string;
	maxConcurrent: number;
	/** download options every task starts from (the spec's production config, then DOWNLOAD_* variables) */
	downloadDefaults: DownloadOptions;
	diskMinimum: DiskMinimum;
	leaseSeconds?: number;
	workerId: string;
	/** seconds a graceful stop waits for active downloads before returning them to the queue */
	stopTimeoutSeconds: number;
	statusIntervalMinutes: number;
	backup: { intervalMinutes: number; keep: number; dir: string };
	http: { port: number; host: string };
	logFile?: string;
	logLevel: LogLevel;
	/** values the logger must never print */
	secrets: string[];
}

/** Every variable's problem, so one start shows them all. */
export class ServiceConfigError extends Error {
	readonly problems: string[];
	constructor(problems: string[]) {
		super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
		this.name = 'ServiceConfigError';
		this.problems = problems;
	}
}

/**
 * The spec's DownloadService defaults (timeout 300 s, 5 retries, 10 s between them, verified files),
 * below the ENVIRONMENT profile and the DOWNLOAD_* variables.
 */
export const SERVICE_DOWNLOAD_DEFAULTS: DownloadOptions = { timeout: 300, maxRetries: 5, retryDelay: 10, verifyDownload: true };
/** The spec's DownloadService runs 5 downloads at once. */
export const SERVICE_MAX_CONCURRENT = 5;
export const DEFAULT_DISK_MINIMUM = '1GB';

/** Reads variables, collecting one message per bad value instead of stopping at the first. */
class EnvReader {
	readonly problems: string[] = [];
	constructor(private readonly env: NodeJS.ProcessEnv) {}

	text(name: string): string | undefined {
		const value = this.env[name]?.trim();
		return value ? value : undefined;
	}

	number(name: string, fallback: number, check: { min?: number; max?: number; integer?: boolean; above?: number } = {}): number {
		const raw = this.text(name);
		if (raw === undefined) return fallback;
		const value = Number(raw);
		const kind = check.integer ? 'a whole number' : 'a number';
		const limits = [
			check.above !== undefined ? `> ${check.above}` : undefined,
			check.min !== undefined ? `≥ ${check.min}` : undefined,
			check.max !== undefined ? `≤ ${check.max}` : undefined,
		].filter(Boolean);
		const wrong =
			!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(raw) ||
			(check.integer && !Number.isInteger(value)) ||
			(check.min !== undefined && value < check.min) ||
			(check.max !== undefined && value > check.max) ||
			(check.above !== undefined && value <= check.above);
		if (wrong) {
			this.problems.push(`${name}="${raw}" must be ${kind}${limits.length ? ` ${limits.join(' and ')}` : ''}.`);
			return fallback;
		}
		return value;
	}

	flag(name: string, fallback: boolean): boolean {
		const raw = this.text(name);
		if (raw === undefined) return fallback;
		if (/^(1|true|yes|on)$/i.test(raw)) return true;
		if (/^(0|false|no|off)$/i.test(raw)) return false;
		this.problems.push(`${name}="${raw}" must be true or false.`);
		return fallback;
	}

	oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
		const raw = this.text(name)?.toLowerCase();
		if (raw === undefined) return fallback;
		if ((allowed as readonly string[]).includes(raw)) return raw as T;
		this.problems.push(`${name}="${this.text(name)}" must be one of ${allowed.join(', ')}.`);
		return fallback;
	}
}

/** "10%" → { percent: 10 }; "5GB" → { bytes: 5e9 }. */
export function parseDiskMinimum(text: string, name = 'DOWNLOAD_DISK_MIN'): DiskMinimum {
	const percent = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(text);
	if (percent) {
		const value = Number(percent[1]);
		if (value > 100) throw new Error(`${name}="${text}" is more than 100 %.`);
		return { percent: value };
	}
	try {
		return { bytes: parseSize(text, name) };
	} catch {
		throw new Error(`${name}="${text}" must be a size like 500MB or 5GB, or a percentage like 10%.`);
	}
}

function redisConnection(read: EnvReader): RedisConnection {
	const connection: RedisConnection = {
		host: read.text('REDIS_HOST') ?? '127.0.0.1',
		port: read.number('REDIS_PORT', 6379, { integer: true, min: 1, max: 65535 }),
		db: read.number('REDIS_DB', 0, { integer: true, min: 0 }),
		tls: read.flag('REDIS_TLS', false),
	};
	const username = read.text('REDIS_USERNAME');
	const password = read.text('REDIS_PASSWORD');
	if (username) connection.username = username;
	if (password) connection.password = password;
	return connection;
}

/** The download options every task starts from; resolving them once here refuses bad DOWNLOAD_* values at start. */
function downloadDefaults(env: NodeJS.ProcessEnv, problems: string[]): { options: DownloadOptions; outputDir: string } {
	try {
		const profileName = envProfile(env);
		const options: DownloadOptions = { ...SERVICE_DOWNLOAD_DEFAULTS, ...(profileName ? PROFILES[profileName] : {}), ...envDefaults(env) };
		const resolved = resolveConfig(options, undefined, env);
		return { options: { ...options, outputDir: path.resolve(resolved.outputDir) }, outputDir: path.resolve(resolved.outputDir) };
	} catch (error) {
		problems.push(`Download settings (DOWNLOAD_*, ENVIRONMENT): ${(error as Error).message}`);
		return { options: {}, outputDir: '' };
	}
}

/** The service's configuration from its environment; throws ServiceConfigError naming every bad variable. */
export function parseServiceConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
	const read = new EnvReader(env);
	const storeKind = read.oneOf('DOWNLOAD_QUEUE_STORE', ['sqlite', 'redis'] as const, 'sqlite');
	const queueName = read.text('DOWNLOAD_QUEUE_NAME') ?? DEFAULT_QUEUE_NAME;
	if (!/^[\w.-]{1,100}$/.test(queueName)) read.problems.push(`DOWNLOAD_QUEUE_NAME="${queueName}" may hold only letters, digits, "_", "." and "-" (at most 100).`);
	const queueFile = defaultQueueFile(env);
	let store: StoreSpec;
	if (storeKind === 'redis') {
		const prefix = read.text('REDIS_PREFIX');
		store = { kind: 'redis', connection: redisConnection(read), queue: queueName, ...(prefix ? { prefix } : {}) };
	} else {
		store = { kind: 'sqlite', file: queueFile, queue: queueName };
	}

	const downloads = downloadDefaults(env, read.problems);
	let diskMinimum: DiskMinimum = parseDiskMinimum(DEFAULT_DISK_MINIMUM);
	const diskText = read.text('DOWNLOAD_DISK_MIN');
	if (diskText !== undefined) {
		try {
			diskMinimum = parseDiskMinimum(diskText);
		} catch (error) {
			read.problems.push((error as Error).message);
		}
	}
	const leaseText = read.text('DOWNLOAD_LEASE_SECONDS');
	const leaseSeconds = leaseText === undefined ? undefined : read.number('DOWNLOAD_LEASE_SECONDS', 30, { min: 5 });
	const backupDir = read.text('DOWNLOAD_BACKUP_DIR');
	const logFile = read.text('DOWNLOAD_LOG_FILE');

	const config: ServiceConfig = {
		store,
		queueFile,
		queueName,
		outputDir: downloads.outputDir,
		maxConcurrent: read.number('DOWNLOAD_MAX_CONCURRENT', SERVICE_MAX_CONCURRENT, { integer: true, min: 1, max: 100 }),
		downloadDefaults: downloads.options,
		diskMinimum,
		...(leaseSeconds === undefined ? {} : { leaseSeconds }),
		workerId: read.text('DOWNLOAD_WORKER_ID') ?? `${os.hostname()}-${process.pid}`,
		stopTimeoutSeconds: read.number('DOWNLOAD_STOP_TIMEOUT', 30, { min: 0 }),
		statusIntervalMinutes: read.number('DOWNLOAD_STATUS_INTERVAL', 5, { above: 0 }),
		backup: {
			intervalMinutes: read.number('DOWNLOAD_BACKUP_INTERVAL', DEFAULT_BACKUP_INTERVAL_MINUTES, { min: 0 }),
			keep: read.number('DOWNLOAD_BACKUP_KEEP', DEFAULT_BACKUP_KEEP, { integer: true, min: 1 }),
			dir: backupDir ? path.resolve(backupDir) : defaultBackupDir(queueFile, queueName),
		},
		http: {
			port: read.number('DOWNLOAD_SERVICE_PORT', 8080, { integer: true, min: 0, max: 65535 }),
			host: read.text('DOWNLOAD_SERVICE_HOST') ?? '127.0.0.1',
		},
		...(logFile ? { logFile: path.resolve(logFile) } : {}),
		logLevel: read.oneOf('DOWNLOAD_LOG_LEVEL', LOG_LEVELS, 'info'),
		secrets: [env.REDIS_PASSWORD?.trim()].filter((secret): secret is string => Boolean(secret)),
	};
	if (read.problems.length) throw new ServiceConfigError(read.problems);
	return config;
}

/** The configuration as it may be logged: what was chosen, never a password. */
export function describeConfig(config: ServiceConfig): string {
	const store =
		config.store.kind === 'redis'
			? `redis ${config.store.connection.tls ? 'rediss' : 'redis'}://${config.store.connection.host}:${config.store.connection.port}/${config.store.connection.db ?? 0}`
			: `sqlite ${config.queueFile}`;
	const disk = 'percent' in config.diskMinimum ? `${config.diskMinimum.percent}%` : formatBytes(config.diskMinimum.bytes);
	const http = config.http.port ? `http ${config.http.host}:${config.http.port}` : 'http off';
	const backups = config.backup.intervalMinutes ? `backups every ${config.backup.intervalMinutes} min (keep ${config.backup.keep}) in ${config.backup.dir}` : 'backups off';
	return `queue "${config.queueName}" on ${store}, output ${config.outputDir}, ${config.maxConcurrent} at once, disk minimum ${disk}, ${http}, ${backups}, worker ${config.workerId}`;
}
