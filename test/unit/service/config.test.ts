import os from 'node:os';
import path from 'node:path';

import { describeConfig, parseDiskMinimum, parseServiceConfig, ServiceConfigError } from '../../../lib/service/config';

/** A clean environment: only what the test gives (HOME so default folders are predictable). */
const env = (vars: Record<string, string> = {}): NodeJS.ProcessEnv => ({ HOME: '/home/svc', ...vars });

function problems(vars: Record<string, string>): string[] {
	try {
		parseServiceConfig(env(vars));
	} catch (error) {
		expect(error).toBeInstanceOf(ServiceConfigError);
		return (error as ServiceConfigError).problems;
	}
	throw new Error('the configuration was accepted');
}

describe('parseServiceConfig', () => {
	it('gives the spec DownloadService defaults with nothing set', () => {
		const config = parseServiceConfig(env({ DOWNLOAD_QUEUE_FILE: '/q/queue.sqlite' }));
		expect(config).toMatchObject({
			store: { kind: 'sqlite', file: '/q/queue.sqlite', queue: 'default' },
			queueFile: '/q/queue.sqlite',
			queueName: 'default',
			maxConcurrent: 5,
			diskMinimum: { bytes: 1e9 },
			stopTimeoutSeconds: 30,
			statusIntervalMinutes: 5,
			backup: { intervalMinutes: 30, keep: 10, dir: '/q/backups' },
			http: { port: 8080, host: '127.0.0.1' },
			logLevel: 'info',
			secrets: [],
		});
		expect(config.downloadDefaults).toMatchObject({ timeout: 300, maxRetries: 5, retryDelay: 10, verifyDownload: true });
		expect(config.outputDir).toBe(path.join(os.homedir(), 'media-downloader'));
		expect(config.logFile).toBeUndefined();
		expect(config.workerId).toBe(`${os.hostname()}-${process.pid}`);
	});

	it('reads the spec variables and ours', () => {
		const config = parseServiceConfig(
			env({
				DOWNLOAD_OUTPUT_DIR: '/data/downloads',
				DOWNLOAD_QUEUE_FILE: '/app/queue/queue.sqlite',
				DOWNLOAD_MAX_CONCURRENT: '3',
				DOWNLOAD_TIMEOUT: '120',
				DOWNLOAD_MAX_RETRIES: '2',
				DOWNLOAD_RETRY_DELAY: '4',
				DOWNLOAD_IGNORE_ERRORS: 'true',
				DOWNLOAD_RATE_LIMIT: '50',
				DOWNLOAD_QUEUE_NAME: 'podcasts',
				DOWNLOAD_DISK_MIN: '10%',
				DOWNLOAD_STOP_TIMEOUT: '5',
				DOWNLOAD_STATUS_INTERVAL: '0.5',
				DOWNLOAD_BACKUP_INTERVAL: '0',
				DOWNLOAD_BACKUP_KEEP: '3',
				DOWNLOAD_SERVICE_PORT: '0',
				DOWNLOAD_SERVICE_HOST: '0.0.0.0',
				DOWNLOAD_LOG_FILE: '/var/log/mdl/service.log',
				DOWNLOAD_LOG_LEVEL: 'DEBUG',
				DOWNLOAD_LEASE_SECONDS: '45',
				DOWNLOAD_WORKER_ID: 'pod-a',
			}),
		);
		expect(config).toMatchObject({
			store: { kind: 'sqlite', file: '/app/queue/queue.sqlite', queue: 'podcasts' },
			outputDir: '/data/downloads',
			maxConcurrent: 3,
			diskMinimum: { percent: 10 },
			stopTimeoutSeconds: 5,
			statusIntervalMinutes: 0.5,
			backup: { intervalMinutes: 0, keep: 3, dir: '/app/queue/backups/podcasts' },
			http: { port: 0, host: '0.0.0.0' },
			logFile: '/var/log/mdl/service.log',
			logLevel: 'debug',
			leaseSeconds: 45,
			workerId: 'pod-a',
		});
		expect(config.downloadDefaults).toMatchObject({ outputDir: '/data/downloads', timeout: 120, maxRetries: 2, retryDelay: 4, ignoreErrors: true, rateLimitMbps: 50 });
		expect(describeConfig(config)).toContain('3 at once');
	});

	it('layers the ENVIRONMENT profile over the service defaults and DOWNLOAD_* over both', () => {
		const production = parseServiceConfig(env({ ENVIRONMENT: 'production', DOWNLOAD_TIMEOUT: '99' }));
		expect(production.downloadDefaults).toMatchObject({ maxRetries: 5, timeout: 99, respectRobotsTxt: true, downloadArchive: 'archive.txt' });
		const development = parseServiceConfig(env({ ENVIRONMENT: 'development' }));
		expect(development.downloadDefaults).toMatchObject({ timeout: 60, ignoreErrors: true });
		expect(development.outputDir).toBe(path.resolve('./downloads'));
	});

	it('builds a Redis store from REDIS_* and keeps the password out of the description', () => {
		const config = parseServiceConfig(
			env({ DOWNLOAD_QUEUE_STORE: 'Redis', REDIS_HOST: 'redis.svc', REDIS_PORT: '6380', REDIS_PASSWORD: 's3cret-pw', REDIS_DB: '2', REDIS_TLS: 'yes', REDIS_USERNAME: 'mdl', REDIS_PREFIX: 'mdl' }),
		);
		expect(config.store).toEqual({ kind: 'redis', queue: 'default', prefix: 'mdl', connection: { host: 'redis.svc', port: 6380, password: 's3cret-pw', username: 'mdl', db: 2, tls: true } });
		expect(config.secrets).toEqual(['s3cret-pw']);
		expect(describeConfig(config)).toContain('rediss://redis.svc:6380/2');
		expect(describeConfig(config)).not.toContain('s3cret-pw');
	});

	it('refuses bad values, naming every bad variable at once', () => {
		const found = problems({
			DOWNLOAD_MAX_CONCURRENT: 'five',
			DOWNLOAD_SERVICE_PORT: '70000',
			DOWNLOAD_STATUS_INTERVAL: '0',
			DOWNLOAD_DISK_MIN: 'lots',
			DOWNLOAD_QUEUE_STORE: 'postgres',
			REDIS_TLS: 'maybe',
			DOWNLOAD_BACKUP_KEEP: '2.5',
		});
		expect(found).toEqual([
			'DOWNLOAD_QUEUE_STORE="postgres" must be one of sqlite, redis.',
			expect.stringMatching(/^DOWNLOAD_DISK_MIN="lots" must be a size like 500MB or 5GB, or a percentage like 10%/),
			'DOWNLOAD_MAX_CONCURRENT="five" must be a whole number ≥ 1 and ≤ 100.',
			'DOWNLOAD_STATUS_INTERVAL="0" must be a number > 0.',
			'DOWNLOAD_BACKUP_KEEP="2.5" must be a whole number ≥ 1.',
			'DOWNLOAD_SERVICE_PORT="70000" must be a whole number ≥ 0 and ≤ 65535.',
		]);
		expect(problems({ DOWNLOAD_QUEUE_STORE: 'redis', REDIS_TLS: 'maybe', REDIS_PORT: '0' })).toEqual(['REDIS_PORT="0" must be a whole number ≥ 1 and ≤ 65535.', 'REDIS_TLS="maybe" must be true or false.']);
		expect(problems({ DOWNLOAD_TIMEOUT: 'soon' })).toEqual([expect.stringMatching(/DOWNLOAD_TIMEOUT="soon" is not a number/)]);
		expect(problems({ DOWNLOAD_MAX_RETRIES: '-1' })).toEqual([expect.stringMatching(/maxRetries must be a number ≥ 0/)]);
		expect(problems({ DOWNLOAD_QUEUE_NAME: 'a b' })[0]).toMatch(/DOWNLOAD_QUEUE_NAME="a b" may hold only/);
		expect(problems({ DOWNLOAD_STOP_TIMEOUT: '-3' })).toEqual(['DOWNLOAD_STOP_TIMEOUT="-3" must be a number ≥ 0.']);
		expect(problems({ DOWNLOAD_LOG_LEVEL: 'loud' })).toEqual(['DOWNLOAD_LOG_LEVEL="loud" must be one of debug, info, warn, error.']);
		expect(problems({ DOWNLOAD_DISK_MIN: '150%' })).toEqual(['DOWNLOAD_DISK_MIN="150%" is more than 100 %.']);
		expect(problems({ DOWNLOAD_LEASE_SECONDS: '1' })).toEqual(['DOWNLOAD_LEASE_SECONDS="1" must be a number ≥ 5.']);
	});

	it('lists the problems in the error message, one a line', () => {
		expect(() => parseServiceConfig(env({ DOWNLOAD_MAX_CONCURRENT: '0' }))).toThrow('Invalid configuration:\n  - DOWNLOAD_MAX_CONCURRENT="0" must be a whole number ≥ 1 and ≤ 100.');
	});
});

describe('parseDiskMinimum', () => {
	it('reads sizes and percentages', () => {
		expect(parseDiskMinimum('5GB')).toEqual({ bytes: 5e9 });
		expect(parseDiskMinimum('512MiB')).toEqual({ bytes: 512 * 1024 ** 2 });
		expect(parseDiskMinimum('0')).toEqual({ bytes: 0 });
		expect(parseDiskMinimum(' 12.5 % ')).toEqual({ percent: 12.5 });
		expect(parseDiskMinimum('100%')).toEqual({ percent: 100 });
		expect(() => parseDiskMinimum('-5%')).toThrow(/must be a size/);
	});
});
