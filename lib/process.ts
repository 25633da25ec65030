import { execa } from 'execa';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

import { MediaError, tail } from './errors';

export interface RunOptions {
	/** n8n's execution cancel signal: aborting kills the whole process tree. */
	signal?: AbortSignal;
	/** Whole-run limit; what happens on expiry is `onTimeout`'s choice. 0 = none. */
	timeoutMs?: number;
	/**
	 * 'kill' (default): the process tree is killed and a Timeout error thrown. 'interrupt': the tree gets
	 * SIGINT, as Ctrl-C gives it in a terminal, so a program that records (yt-dlp running ffmpeg on a live
	 * stream) can finish its file; if it then exits within interruptGraceMs the run resolves with timedOut,
	 * else the tree is killed and Timeout thrown.
	 */
	onTimeout?: 'kill' | 'interrupt';
	/** How long a program interrupted at the limit may take to finish (and post-process) before it is killed. */
	interruptGraceMs?: number;
	onStdoutLine?: (line: string) => void;
	onStderrLine?: (line: string) => void;
	cwd?: string;
	env?: Record<string, string>;
	/** false: `env` is the child's whole environment, so a variable left out of it is unset (default true: added to ours). */
	extendEnv?: boolean;
	/**
	 * A program killed by a signal this runner did not send (a crash: SIGSEGV, SIGABRT, an outside kill)
	 * resolves with `signal` set and exitCode 1, so the caller can read what it printed before dying.
	 * Default false: such a run throws like a program that could not be started.
	 */
	resolveOnCrash?: boolean;
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
	/** The time limit interrupted the program and it then exited by itself (onTimeout: 'interrupt'). */
	timedOut: boolean;
	/** The signal the program died of (only with resolveOnCrash). */
	signal?: NodeJS.Signals;
}

/** The error of a run the time limit ended. */
export function timeoutError(file: string, timeoutMs: number, stderr: string, url?: string): MediaError {
	return new MediaError('Timeout', `${path.basename(file)} did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`, { stderr: tail(stderr), url });
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
 * cancel and timeout end it together with everything it started. Resolves with the exit code (and
 * timedOut when an interrupted program finished by itself); throws MediaError only for Cancelled,
 * Timeout and a program that cannot be started.
 */
export async function runProgram(file: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
	const { signal, timeoutMs = 0, secrets = [], killGraceMs = 2000, onTimeout = 'kill', interruptGraceMs = 60_000 } = options;
	if (signal?.aborted) throw new MediaError('Cancelled', 'Cancelled before the program started');

	const started = Date.now();
	const child = execa(file, args, {
		cwd: options.cwd,
		env: options.env,
		extendEnv: options.extendEnv !== false,
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
	let interrupted = false;
	let forceTimer: NodeJS.Timeout | undefined;
	let graceTimer: NodeJS.Timeout | undefined;
	const stop = (why: 'cancelled' | 'timeout') => {
		if (ended) return;
		ended = why;
		clearTimeout(graceTimer);
		killGroup(child.pid, 'SIGTERM');
		forceTimer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), killGraceMs);
	};
	const onLimit = () => {
		if (onTimeout === 'kill') return stop('timeout');
		// The whole group, as a terminal's Ctrl-C: yt-dlp then asks its ffmpeg to quit ('q') and finishes the
		// file, and ffmpeg also stops cleanly on its own SIGINT (also when yt-dlp sits behind a shell wrapper).
		interrupted = true;
		killGroup(child.pid, 'SIGINT');
		graceTimer = setTimeout(() => stop('timeout'), interruptGraceMs);
	};
	const onAbort = () => stop('cancelled');
	signal?.addEventListener('abort', onAbort, { once: true });
	const timer = timeoutMs > 0 ? setTimeout(onLimit, timeoutMs) : undefined;

	try {
		const result = await child;
		const stderr = redact(String(result.stderr ?? ''), secrets);
		if (ended === 'cancelled') throw new MediaError('Cancelled', 'The execution was cancelled; the program was stopped', { stderr: tail(stderr) });
		// Interrupted, and killed by the signal instead of finishing: nothing was saved.
		if (ended === 'timeout' || (interrupted && result.exitCode === undefined)) throw timeoutError(file, timeoutMs, stderr);
		if (options.resolveOnCrash && result.signal) {
			// What it started (n8n's task runner) must not outlive it.
			killGroup(child.pid, 'SIGKILL');
			return { exitCode: 1, stdout: String(result.stdout ?? ''), stderr, durationMs: Date.now() - started, timedOut: false, signal: result.signal };
		}
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
			timedOut: interrupted,
		};
	} finally {
		if (timer) clearTimeout(timer);
		clearTimeout(graceTimer);
		signal?.removeEventListener('abort', onAbort);
		// Children that outlived the leader (rare) must not survive a cancel or the time limit.
		if (ended || interrupted) killGroup(child.pid, 'SIGKILL');
		if (forceTimer) clearTimeout(forceTimer);
		if (child.pid) liveGroups.delete(child.pid);
	}
}
