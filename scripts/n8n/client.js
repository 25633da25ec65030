'use strict';
/**
 * Drive a real n8n 2.40.7 out of process, with this package loaded as a community package:
 * `import:workflow`, `execute --id --rawOutput` (and parse its output), and `start` as a server.
 * Used by test/e2e/n8nHarness.ts, bench/ and the CLI (scripts/n8n.js); it re-exports what they need
 * besides: ensureN8n (./install) and the user folder and environment (./environment).
 */
const fs = require('node:fs');
const path = require('node:path');

const { DEV_PORT, commandEnv, getFreePort, n8nEnv, prepareUserFolder } = require('./environment');
const { ensureN8n, isInstalled, n8nBin, n8nCacheDir } = require('./install');
const { N8N_VERSION, PACKAGE_NAME, PROJECT_ROOT, nodeBin, pathWithNode24 } = require('./project');
const { run, runProgram, tailLines } = require('./run');

const DEFAULT_EXECUTE_TIMEOUT_MS = 5 * 60 * 1000;
const DEFAULT_IMPORT_TIMEOUT_MS = 3 * 60 * 1000;

function installedN8nBin() {
	const bin = n8nBin();
	if (!fs.existsSync(bin)) throw new Error(`${bin} is missing; call ensureN8n() first (or run \`node scripts/n8n.js ensure\`)`);
	return bin;
}

/**
 * Run a short-lived `n8n <args>` (Node 24, no shell). `signal` (AbortSignal) stops it: MediaError 'Cancelled'.
 * @returns {Promise<{exitCode, signal, timedOut, stdout, stderr, durationMs}>}
 */
async function runN8n(userFolder, args, { env, timeoutMs = DEFAULT_EXECUTE_TIMEOUT_MS, signal, onStdoutLine, onStderrLine } = {}) {
	const bin = installedN8nBin();
	return run(nodeBin(), [bin, ...args], {
		env: await commandEnv(userFolder, env),
		cwd: path.resolve(userFolder),
		timeoutMs,
		signal,
		onStdoutLine,
		onStderrLine,
	});
}

/**
 * `n8n import:workflow --input=<file>` or, for a folder, `--separate --input=<dir>` (every *.json in it).
 * Throws when n8n exits non-zero. Workflows need an "id" (≤ 21 chars) to be executed by id later.
 * @returns {Promise<{exitCode: number, stdout: string, stderr: string, durationMs: number}>}
 */
async function importWorkflows(userFolder, fileOrDir, { env, timeoutMs = DEFAULT_IMPORT_TIMEOUT_MS, signal } = {}) {
	const input = path.resolve(fileOrDir);
	const isDir = fs.statSync(input).isDirectory();
	const args = ['import:workflow', ...(isDir ? ['--separate'] : []), `--input=${input}`];
	const res = await runN8n(userFolder, args, { env, timeoutMs, signal });
	if (res.exitCode === null && !res.timedOut && /^Successfully imported \d+ workflows?\./m.test(res.stdout)) {
		// Crash inside process.exit() after the import finished (see EXIT_CRASH_SIGNALS).
		return { ...res, exitCode: 0, crashedOnExit: true };
	}
	if (res.exitCode !== 0) {
		throw new Error(
			`n8n ${args.join(' ')} failed (exit ${res.exitCode}${res.signal ? `, ${res.signal}` : ''}${res.timedOut ? ', timed out' : ''}):\n` +
				tailLines(`${res.stdout}\n${res.stderr}`, 40),
		);
	}
	return res;
}

/**
 * Parse `n8n execute --rawOutput` stdout: log lines are mixed in, the JSON starts at the first line beginning with `{`.
 * @returns {object | null}
 */
function parseRawOutput(stdout) {
	const lines = String(stdout).split(/\r?\n/);
	const start = lines.findIndex((l) => l.startsWith('{'));
	if (start < 0) return null;
	const rest = lines.slice(start);
	try {
		return JSON.parse(rest.join('\n'));
	} catch {
		// Log lines after the JSON: cut after the last line that closes the top-level object.
		for (let end = rest.length - 1; end > 0; end--) {
			if (!rest[end].startsWith('}')) continue;
			try {
				return JSON.parse(rest.slice(0, end + 1).join('\n'));
			} catch {
				/* keep looking */
			}
		}
		return null;
	}
}

/**
 * n8n 2.40.7 on Node 24.21 sometimes (about 1 run in 10 on a busy 2-core machine, 0 of 40 when idle) dies
 * with SIGSEGV *after* printing the result: the core dump shows the main thread in process.exit()
 * (node::Environment::Exit → DefaultProcessExitHandlerInternal) while an isolated-vm 7.0.1 thread of the
 * default `vm` expression engine's isolate pool is still allocating on its V8 heap.
 * N8N_EXPRESSION_ENGINE=legacy avoids it but is not what users run, so such runs are accepted instead.
 */
const EXIT_CRASH_SIGNALS = ['SIGSEGV', 'SIGBUS', 'SIGABRT'];

/**
 * The exit code n8n was exiting with when it died of an EXIT_CRASH_SIGNALS signal after printing a whole
 * run: 0 for a successful run, 1 for a failed one. undefined for any other end (no or partial run printed,
 * a clean exit, our time limit). A failed run has no `finished` field, so "whole" is judged by a final status
 * and stoppedAt.
 * @returns {0 | 1 | undefined}
 */
function exitCodeBeforeCrash(res, run) {
	if (res.exitCode !== null || res.timedOut || !EXIT_CRASH_SIGNALS.includes(res.signal)) return undefined;
	if (!run || typeof run.status !== 'string' || run.status === 'running' || typeof run.stoppedAt !== 'string') return undefined;
	return run.status === 'success' ? 0 : 1;
}

/**
 * `n8n execute --id=<id> --rawOutput`.
 * exitCode: 0 = success, 1 = the workflow failed (run then holds the error in run.data.resultData.error
 * when n8n printed it), null = killed (see signal/timedOut). crashedOnExit: n8n crashed after printing a
 * whole run (exitCode is then the one n8n was exiting with, signal says how it died).
 * @returns {Promise<{exitCode: number | null, run: object | null, crashedOnExit: boolean, stdout: string, stderr: string, signal: string | null, timedOut: boolean, durationMs: number}>}
 */
async function executeWorkflow(userFolder, id, { env, timeoutMs = DEFAULT_EXECUTE_TIMEOUT_MS, signal } = {}) {
	if (!id || typeof id !== 'string') throw new Error('executeWorkflow: workflow id required');
	const res = await runN8n(userFolder, ['execute', `--id=${id}`, '--rawOutput'], { env, timeoutMs, signal });
	const run = parseRawOutput(res.stdout);
	const exitCode = exitCodeBeforeCrash(res, run);
	// `signal` and crashedOnExit still show what happened.
	if (exitCode !== undefined) return { ...res, exitCode, run, crashedOnExit: true };
	return { ...res, run, crashedOnExit: false };
}

/**
 * `n8n start`: the server with the editor, until `signal` aborts (then SIGTERM, n8n's graceful shutdown,
 * and SIGKILL if that outlasts N8N_GRACEFUL_SHUTDOWN_TIMEOUT) or n8n exits by itself. Its output is passed
 * on line by line, not kept. `env` is the whole environment (see n8nEnv).
 * Resolves when n8n stopped by itself ({exitCode} or, after a crash, {exitCode: null, signal}); throws
 * MediaError 'Cancelled' after a stop through `signal`.
 * @returns {Promise<{exitCode: number | null, signal: string | null}>}
 */
async function startN8n(userFolder, { env, signal, onStdoutLine, onStderrLine }) {
	const shutdownS = Number(env.N8N_GRACEFUL_SHUTDOWN_TIMEOUT) || 30;
	const res = await runProgram(nodeBin(), [installedN8nBin(), 'start'], {
		env,
		extendEnv: false,
		cwd: path.resolve(userFolder),
		signal,
		killGraceMs: (shutdownS + 5) * 1000,
		keepStdout: false,
		resolveOnCrash: true,
		onStdoutLine,
		onStderrLine,
	});
	return { exitCode: res.signal ? null : res.exitCode, signal: res.signal ?? null };
}

module.exports = {
	N8N_VERSION,
	PACKAGE_NAME,
	PROJECT_ROOT,
	DEV_PORT,
	EXIT_CRASH_SIGNALS,
	ensureN8n,
	prepareUserFolder,
	n8nEnv,
	importWorkflows,
	executeWorkflow,
	exitCodeBeforeCrash,
	parseRawOutput,
	runN8n,
	startN8n,
	getFreePort,
	n8nCacheDir,
	n8nBin,
	nodeBin,
	pathWithNode24,
	isInstalled,
};
