import { execa } from 'execa';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

import { MediaError, tail } from './errors';

export interface RunOptions {
	/** n8n's execution cancel signal: aborting kills the whole process tree. */
	signal?: AbortSignal;
	/** Whole-run limit; on expiry the process tree is killed and a Timeout error is thrown. 0 = none. */
	timeoutMs?: number;
	onStdoutLine?: (line: string) => void;
	onStderrLine?: (line: string) => void;
	cwd?: string;
	env?: Record<string, string>;
	/** Values to blank out of any text we keep (stderr in errors). */
	secrets?: string[];
	/** Grace period between SIGTERM and SIGKILL. */
	killGraceMs?: number;
	/** Read stdout line by line without keeping it (progress-only runs of big downloads). */
	keepStdout?: boolean;
}

export interface RunResult {
	exitCode: number;
	stdout: string;
	stderr: string;
	/** Milliseconds from spawn to exit. */
	durationMs: number;
}

export function redact(text: string, secrets: string[] = []): string {
	let out = text;
	for (const secret of secrets) if (secret && secret.length >= 3) out = out.split(secret).join('***');
	return out;
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
	if (!pid) return;
	try {
		// Negative pid: the whole process group the child leads (yt-dlp and the ffmpeg it starts).
		process.kill(-pid, signal);
	} catch {
		// Already gone.
	}
}

/**
 * Children lead their own process groups (so a cancel reaches what they start), which also means they
 * would outlive n8n. Every live group is killed when this process exits, however it exits normally.
 */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function trackGroup(pid: number | undefined): void {
	if (!pid) return;
	liveGroups.add(pid);
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		process.once('exit', () => {
			for (const group of liveGroups) killGroup(group, 'SIGKILL');
		});
	}
}

function forEachLine(stream: Readable | null, onLine?: (line: string) => void): void {
	if (!stream || !onLine) return;
	createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
}

/**
 * Runs a program with an argument array (never a shell). The child leads its own process group so that
 * cancel and timeout end it together with everything it started. Resolves with the exit code; throws
 * MediaError only for Cancelled, Timeout and a program that cannot be started.
 */
export async function runProgram(file: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
	const { signal, timeoutMs = 0, secrets = [], killGraceMs = 2000 } = options;
	if (signal?.aborted) throw new MediaError('Cancelled', 'Cancelled before the program started');

	const started = Date.now();
	const child = execa(file, args, {
		cwd: options.cwd,
		env: options.env,
		extendEnv: true,
		stdin: 'ignore',
		detached: true,
		reject: false,
		buffer: { stdout: options.keepStdout !== false, stderr: true },
		maxBuffer: 1024 * 1024 * 1024,
		stripFinalNewline: false,
	});
	trackGroup(child.pid);
	forEachLine(child.stdout, options.onStdoutLine);
	forEachLine(child.stderr, options.onStderrLine);

	let ended: 'cancelled' | 'timeout' | undefined;
	let forceTimer: NodeJS.Timeout | undefined;
	const stop = (why: 'cancelled' | 'timeout') => {
		if (ended) return;
		ended = why;
		killGroup(child.pid, 'SIGTERM');
		forceTimer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), killGraceMs);
	};
	const onAbort = () => stop('cancelled');
	signal?.addEventListener('abort', onAbort, { once: true });
	const timer = timeoutMs > 0 ? setTimeout(() => stop('timeout'), timeoutMs) : undefined;

	try {
		const result = await child;
		const stderr = redact(String(result.stderr ?? ''), secrets);
		if (ended === 'cancelled') throw new MediaError('Cancelled', 'The execution was cancelled; the program was stopped', { stderr: tail(stderr) });
		if (ended === 'timeout')
			throw new MediaError('Timeout', `${file.split('/').pop()} did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`, {
				stderr: tail(stderr),
			});
		if (result.failed && result.exitCode === undefined) {
			const code = (result as { code?: string }).code;
			const kind = code === 'ENOENT' || code === 'EACCES' ? 'BinaryMissing' : 'Unknown';
			throw new MediaError(kind, `Could not start ${file}: ${redact(result.shortMessage ?? String(code), secrets)}`);
		}
		return {
			exitCode: result.exitCode ?? 1,
			stdout: String(result.stdout ?? ''),
			stderr,
			durationMs: Date.now() - started,
		};
	} finally {
		if (timer) clearTimeout(timer);
		signal?.removeEventListener('abort', onAbort);
		// Children that outlived the leader (rare) must not survive a cancel.
		if (ended) killGroup(child.pid, 'SIGKILL');
		if (forceTimer) clearTimeout(forceTimer);
		if (child.pid) liveGroups.delete(child.pid);
	}
}
