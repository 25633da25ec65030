#!/usr/bin/env node
/**
 * `media-downloader-service`: runs the download queue outside n8n (the spec's download_service.py).
 * Configured by environment variables (see the README); exit codes: 0 after a graceful stop, 1 when it
 * could not start or stopped on an error, 2 for an invalid configuration.
 */
import { parseServiceConfig, ServiceConfigError, type ServiceConfig } from './config';
import { createLogger, type Logger } from './logger';
import { DownloadService } from './service';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_CONFIG = 2;

function readConfig(): ServiceConfig | undefined {
	try {
		return parseServiceConfig(process.env);
	} catch (error) {
		const message = error instanceof ServiceConfigError ? error.message : `Invalid configuration: ${(error as Error).message}`;
		process.stderr.write(`media-downloader-service: ${message}\n`);
		return undefined;
	}
}

async function exit(log: Logger, code: number): Promise<never> {
	await log.close();
	process.exit(code);
}

async function main(): Promise<void> {
	const config = readConfig();
	if (!config) return process.exit(EXIT_CONFIG);
	let log: Logger;
	try {
		log = createLogger({ level: config.logLevel, file: config.logFile, secrets: config.secrets });
	} catch (error) {
		process.stderr.write(`media-downloader-service: cannot open the log file ${config.logFile}: ${(error as Error).message}\n`);
		return process.exit(EXIT_CONFIG);
	}
	const service = new DownloadService(config, log);

	let signals = 0;
	const onSignal = (signal: NodeJS.Signals) => {
		signals++;
		if (signals > 1) {
			// A second signal means "now": leases expire and the tasks return to the queue for another worker.
			log.warn(`Received ${signal} again: exiting without waiting`);
			void exit(log, EXIT_FAILED);
			return;
		}
		service.stop(`Received ${signal}`).then(
			() => exit(log, EXIT_OK),
			(error: unknown) => {
				log.error(`Stopping failed: ${(error as Error).message}`);
				return exit(log, EXIT_FAILED);
			},
		);
	};
	process.on('SIGTERM', onSignal);
	process.on('SIGINT', onSignal);

	try {
		await service.start();
	} catch (error) {
		log.error(`The download service could not start: ${(error as Error).message}`);
		await service.stop('Start failed').catch(() => undefined);
		await exit(log, EXIT_FAILED);
	}
}

void main();
