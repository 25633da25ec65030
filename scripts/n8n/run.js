'use strict';
/**
 * Runs npm and n8n through the built library's runProgram (lib/process.ts), the one process runner of the
 * project: argument arrays (never a shell), the child in its own process group, and that group killed on
 * cancel, at the time limit and when this process exits.
 */
const fs = require('node:fs');
const path = require('node:path');

const { PROJECT_ROOT } = require('./project');

const PROCESS_MODULE = path.join(PROJECT_ROOT, 'dist', 'lib', 'process.js');

/** The library needs the Node of package.json's "engines" (execa 10 uses Node 22 APIs); npm scripts run on Node 24. */
function checkNodeVersion() {
	const wanted = require(path.join(PROJECT_ROOT, 'package.json')).engines.node;
	const [, major, minor] = /(\d+)\.(\d+)/.exec(wanted).map(Number);
	const [ownMajor, ownMinor] = process.versions.node.split('.').map(Number);
	if (ownMajor > major || (ownMajor === major && ownMinor >= minor)) return;
	throw new Error(
		`the n8n scripts need Node ${wanted} (the built library they run programs with does), this is Node ${process.versions.node}: ` +
			`use \`npm start\`, or the project's Node 24: \`node_modules/.bin/node scripts/n8n.js …\``,
	);
}

/**
 * The library's runProgram, loaded on first use: these modules can be required before a build, but running a
 * program needs dist/ (`npm start` and `npm test` build first).
 */
function runProgram(file, args, options) {
	checkNodeVersion();
	if (!fs.existsSync(PROCESS_MODULE)) {
		throw new Error(`${PROCESS_MODULE} is missing: run \`npm run build\` first (the n8n scripts run programs with the built library)`);
	}
	return require(PROCESS_MODULE).runProgram(file, args, options);
}

/**
 * Run `command args` and collect its output.
 * opts: env (the child's whole environment: a variable left out is unset), cwd, timeoutMs, killGraceMs,
 * signal (an AbortSignal; aborting throws MediaError 'Cancelled'), onStdoutLine/onStderrLine.
 * A run that the time limit ended or that crashed resolves (exitCode null, with signal / timedOut) together
 * with what it printed: the n8n callers explain such runs, and accept a crash after a printed run.
 * @returns {Promise<{exitCode: number | null, signal: string | null, timedOut: boolean, stdout: string, stderr: string, durationMs: number}>}
 */
async function run(command, args, opts = {}) {
	const { env = process.env, cwd = PROJECT_ROOT, timeoutMs = 0, killGraceMs = 10_000, signal, onStdoutLine, onStderrLine } = opts;
	// Kept here as well because a run the time limit ends throws without its output.
	const stdout = [];
	const stderr = [];
	const started = Date.now();
	try {
		const res = await runProgram(command, args, {
			env,
			extendEnv: false,
			cwd,
			timeoutMs,
			killGraceMs,
			signal,
			resolveOnCrash: true,
			onStdoutLine: (line) => {
				stdout.push(line);
				if (onStdoutLine) onStdoutLine(line);
			},
			onStderrLine: (line) => {
				stderr.push(line);
				if (onStderrLine) onStderrLine(line);
			},
		});
		const crashSignal = res.signal ?? null;
		return { exitCode: crashSignal ? null : res.exitCode, signal: crashSignal, timedOut: false, stdout: res.stdout, stderr: res.stderr, durationMs: res.durationMs };
	} catch (error) {
		if (!error || error.kind !== 'Timeout') throw error;
		return { exitCode: null, signal: 'SIGTERM', timedOut: true, stdout: stdout.join('\n'), stderr: stderr.join('\n'), durationMs: Date.now() - started };
	}
}

/** The last `n` lines of a program's output, for an error message. */
function tailLines(text, n) {
	const lines = String(text).trim().split('\n');
	return (lines.length > n ? [`… (${lines.length - n} earlier lines)`, ...lines.slice(-n)] : lines).join('\n');
}

module.exports = { run, runProgram, tailLines };
