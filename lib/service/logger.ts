import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';

import { LOG_LEVELS, type LogLevel } from './config';

export interface Logger {
	debug(message: string): void;
	info(message: string): void;
	warn(message: string): void;
	error(message: string): void;
	/** Flushes and closes the log file. */
	close(): Promise<void>;
}

export interface LoggerOptions {
	level?: LogLevel;
	/** also append every line to this file */
	file?: string;
	/** values replaced by *** wherever they appear in a line */
	secrets?: string[];
	/** console streams (tests) */
	stdout?: NodeJS.WritableStream;
	stderr?: NodeJS.WritableStream;
}

/** Passwords in URLs (`redis://user:secret@host`) are hidden even when nobody listed them. */
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]*:[^/\s@]+@/gi;

/** Hides the secrets in one line. */
export function redact(line: string, secrets: readonly string[]): string {
	let out = line.replace(URL_CREDENTIALS, '$1***@');
	for (const secret of secrets) if (secret) out = out.split(secret).join('***');
	return out;
}

/** Timestamped lines to the console (warnings and errors on stderr) and, when set, to a file. */
export function createLogger(options: LoggerOptions = {}): Logger {
	const minimum = LOG_LEVELS.indexOf(options.level ?? 'info');
	const secrets = (options.secrets ?? []).filter(Boolean);
	const stdout = options.stdout ?? process.stdout;
	const stderr = options.stderr ?? process.stderr;
	let file: WriteStream | undefined;
	if (options.file) {
		mkdirSync(path.dirname(options.file), { recursive: true });
		file = createWriteStream(options.file, { flags: 'a' });
		// A full or removed disk must not take the service down with it: the console still has every line.
		file.on('error', (error) => stderr.write(`${new Date().toISOString()} ERROR log file ${options.file}: ${error.message}\n`));
	}

	const write = (level: LogLevel, message: string) => {
		if (LOG_LEVELS.indexOf(level) < minimum) return;
		const line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${redact(message, secrets)}\n`;
		(level === 'warn' || level === 'error' ? stderr : stdout).write(line);
		if (file?.writable) file.write(line);
	};

	return {
		debug: (message) => write('debug', message),
		info: (message) => write('info', message),
		warn: (message) => write('warn', message),
		error: (message) => write('error', message),
		close: () =>
			new Promise<void>((resolve) => {
				if (!file || file.closed || file.destroyed) return resolve();
				file.end(() => resolve());
			}),
	};
}
