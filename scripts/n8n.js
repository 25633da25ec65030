#!/usr/bin/env node
'use strict';
/**
 * Run a real n8n 2.40.7 (out of process) with this package loaded as a community package.
 *
 * CLI:
 *   node scripts/n8n.js ensure                 install n8n 2.40.7 into the cache folder (once)
 *   node scripts/n8n.js start                  install, link the package, import examples/*.json, run `n8n start` on :5678
 *                                              (env: N8N_USER_FOLDER [.cache/n8n-user], N8N_PORT [5678], N8N_EXAMPLES_DIR [examples/])
 *   node scripts/n8n.js execute <wf.json>      import + execute one workflow in a temp user folder, print the run JSON
 *
 * Module: see module.exports at the bottom (used by test/e2e/n8nHarness.ts).
 *
 * n8n >= 2.36 refuses Node < 24, so every n8n/npm process runs on the project's Node 24
 * (devDependency "node" -> node_modules/.bin/node), which is also put first on PATH.
 * Node built-ins only; child processes always get argument arrays, never a shell.
 */
const childProcess = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const N8N_VERSION = '2.40.7';
const PACKAGE_NAME = 'n8n-nodes-media-downloader';
const PROJECT_ROOT = path.resolve(__dirname, '..');
const PROJECT_BIN_DIR = path.join(PROJECT_ROOT, 'node_modules', '.bin');
const NODE_BIN = path.join(PROJECT_BIN_DIR, 'node');
const MARKER_NAME = '.n8n-install-complete.json';
const DEV_PORT = 5678;
const DEFAULT_EXECUTE_TIMEOUT_MS = 5 * 60 * 1000;
const DEFAULT_IMPORT_TIMEOUT_MS = 3 * 60 * 1000;

function log(message) {
	process.stderr.write(`[n8n.js] ${message}\n`);
}

/** Cache folder of the n8n install: $N8N_CACHE_DIR or ~/.cache/n8n-nodes-media-downloader/n8n-2.40.7. */
function n8nCacheDir() {
	return path.resolve(
		process.env.N8N_CACHE_DIR ||
			path.join(os.homedir(), '.cache', 'n8n-nodes-media-downloader', `n8n-${N8N_VERSION}`),
	);
}

/** The n8n launcher script (run it with nodeBin()). */
function n8nBin(cacheDir = n8nCacheDir()) {
	return path.join(cacheDir, 'node_modules', 'n8n', 'bin', 'n8n');
}

/** Absolute path of the project's Node 24 binary. */
function nodeBin() {
	if (!fs.existsSync(NODE_BIN)) {
		throw new Error(
			`${NODE_BIN} is missing. Run \`npm install\` in ${PROJECT_ROOT} (without --ignore-scripts): ` +
				'the devDependency "node" links Node 24 there, and n8n 2.40 refuses older Node versions.',
		);
	}
	return NODE_BIN;
}

/** PATH with the project's node_modules/.bin (Node 24) first. */
function pathWithNode24(basePath = process.env.PATH || '') {
	const parts = basePath.split(path.delimiter).filter((p) => p && path.resolve(p) !== PROJECT_BIN_DIR);
	return [PROJECT_BIN_DIR, ...parts].join(path.delimiter);
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
function getFreePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Process-group kill functions of running children; all are SIGKILLed if this process exits first. */
const activeChildren = new Set();
let exitHookInstalled = false;
function killActiveChildren(signal) {
	for (const kill of activeChildren) kill(signal);
}

/**
 * Spawn `command args` (no shell) and collect its output.
 * opts: env, cwd, timeoutMs, onStdout/onStderr (chunk callbacks), stdio (override), killGroup (default true).
 * The child gets its own process group so a timeout kills n8n *and* its task runners.
 */
function run(command, args, opts = {}) {
	const { env = process.env, cwd = PROJECT_ROOT, timeoutMs = 0, onStdout, onStderr, killGroup = true } = opts;
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = childProcess.spawn(command, args, {
			cwd,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: killGroup && process.platform !== 'win32',
			windowsHide: true,
		});
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		let timer;
		let killTimer;
		const kill = (signal) => {
			try {
				if (killGroup && process.platform !== 'win32') process.kill(-child.pid, signal);
				else child.kill(signal);
			} catch {
				/* already gone */
			}
		};
		activeChildren.add(kill);
		if (!exitHookInstalled) {
			exitHookInstalled = true;
			process.on('exit', () => killActiveChildren('SIGKILL'));
		}
		child.stdout.setEncoding('utf8');
		child.stderr.setEncoding('utf8');
		child.stdout.on('data', (chunk) => {
			stdout += chunk;
			if (onStdout) onStdout(chunk);
		});
		child.stderr.on('data', (chunk) => {
			stderr += chunk;
			if (onStderr) onStderr(chunk);
		});
		if (timeoutMs > 0) {
			timer = setTimeout(() => {
				timedOut = true;
				kill('SIGTERM');
				killTimer = setTimeout(() => kill('SIGKILL'), 10000);
			}, timeoutMs);
		}
		child.on('error', (error) => {
			clearTimeout(timer);
			clearTimeout(killTimer);
			activeChildren.delete(kill);
			reject(error);
		});
		child.on('close', (exitCode, signal) => {
			clearTimeout(timer);
			clearTimeout(killTimer);
			activeChildren.delete(kill);
			// n8n may leave a task runner behind in its group if it was killed; make sure it is gone.
			if (signal || timedOut) kill('SIGKILL');
			resolve({ exitCode, signal, timedOut, stdout, stderr, durationMs: Date.now() - started });
		});
	});
}

/** Find npm-cli.js so npm itself runs on Node 24 too (the system `npm` is a Node 20 script). */
function npmCliPath() {
	const candidates = [];
	if (process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath)) {
		candidates.push(process.env.npm_execpath);
	}
	for (const dir of (process.env.PATH || '').split(path.delimiter)) {
		if (!dir) continue;
		const npm = path.join(dir, 'npm');
		try {
			const real = fs.realpathSync(npm);
			candidates.push(real);
			candidates.push(path.join(path.dirname(real), 'npm-cli.js'));
		} catch {
			/* not here */
		}
	}
	const found = candidates.find((c) => /npm-cli\.js$/.test(c) && fs.existsSync(c));
	if (!found) throw new Error('npm not found on PATH (looked for npm-cli.js)');
	return found;
}

/** Environment for npm: Node 24 first, without the settings of an npm script we may be running in. */
function npmEnv() {
	const env = { ...process.env, PATH: pathWithNode24() };
	for (const key of Object.keys(env)) {
		if (
			/^npm_(package|lifecycle)_/i.test(key) ||
			/^npm_config_(prefix|local_prefix|global|location|workspaces?|include_workspace_root)$/i.test(key)
		) {
			delete env[key];
		}
	}
	delete env.INIT_CWD;
	delete env.NODE_ENV;
	return env;
}

function markerPath(cacheDir) {
	return path.join(cacheDir, MARKER_NAME);
}

function isInstalled(cacheDir = n8nCacheDir()) {
	return fs.existsSync(markerPath(cacheDir)) && fs.existsSync(n8nBin(cacheDir));
}

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** mkdir-based lock next to the cache folder, so parallel jest workers do not install twice. */
async function withInstallLock(cacheDir, fn) {
	const lockDir = `${cacheDir}.lock`;
	const ownerFile = path.join(lockDir, 'owner.json');
	const deadline = Date.now() + 30 * 60 * 1000;
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			let owner;
			try {
				owner = JSON.parse(fs.readFileSync(ownerFile, 'utf8'));
			} catch {
				owner = undefined;
			}
			const stat = fs.statSync(lockDir, { throwIfNoEntry: false });
			const stale =
				(owner && owner.host === os.hostname() && !pidAlive(owner.pid)) ||
				(!owner && stat && Date.now() - stat.mtimeMs > 60 * 1000);
			if (stale) {
				log(`removing stale install lock ${lockDir}`);
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline) throw new Error(`timed out waiting for install lock ${lockDir}`);
			if (!announced) {
				log(`another process (${owner ? `pid ${owner.pid}` : 'unknown'}) is installing n8n, waiting for ${lockDir}`);
				announced = true;
			}
			await sleep(2000);
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lockDir, { recursive: true, force: true });
	}
}

/**
 * Install n8n 2.40.7 once into the cache folder:
 *   npm install --ignore-scripts --no-audit --no-fund n8n@2.40.7 && npm rebuild sqlite3   (on Node 24)
 * A marker file is written only after both succeeded; with the marker present this is a no-op.
 * Full npm output goes to <cacheDir>/install.log, progress lines to stderr.
 * @returns {Promise<{cacheDir: string, n8nBin: string, installed: boolean, durationMs: number}>}
 */
async function ensureN8n() {
	const cacheDir = n8nCacheDir();
	const started = Date.now();
	const result = (installed) => ({ cacheDir, n8nBin: n8nBin(cacheDir), installed, durationMs: Date.now() - started });
	if (isInstalled(cacheDir)) return result(false);
	nodeBin();
	fs.mkdirSync(path.dirname(cacheDir), { recursive: true });
	return withInstallLock(cacheDir, async () => {
		if (isInstalled(cacheDir)) return result(false); // someone else finished while we waited
		fs.mkdirSync(cacheDir, { recursive: true });
		const pkgJson = path.join(cacheDir, 'package.json');
		// Without a package.json npm would look for a project root in the parent folders.
		if (!fs.existsSync(pkgJson)) {
			fs.writeFileSync(pkgJson, `${JSON.stringify({ name: 'n8n-cache', private: true }, null, 2)}\n`);
		}
		const logFile = path.join(cacheDir, 'install.log');
		const npmCli = npmCliPath();
		const env = npmEnv();
		const steps = [
			['install', '--ignore-scripts', '--no-audit', '--no-fund', `n8n@${N8N_VERSION}`],
			['rebuild', 'sqlite3'],
		];
		log(`installing n8n@${N8N_VERSION} into ${cacheDir} (first time takes a few minutes; npm output: ${logFile})`);
		for (const args of steps) {
			const line = `npm ${args.join(' ')}`;
			fs.appendFileSync(logFile, `\n### ${new Date().toISOString()} ${line} (node ${NODE_BIN})\n`);
			log(`${line} ...`);
			const append = (chunk) => fs.appendFileSync(logFile, chunk);
			const res = await run(NODE_BIN, [npmCli, ...args], {
				cwd: cacheDir,
				env,
				onStdout: append,
				onStderr: append,
			});
			fs.appendFileSync(logFile, `### exit ${res.exitCode}${res.signal ? ` (${res.signal})` : ''} after ${res.durationMs} ms\n`);
			if (res.exitCode !== 0) {
				throw new Error(
					`\`${line}\` failed in ${cacheDir} (exit ${res.exitCode}, ${res.signal || 'no signal'}; full log ${logFile}):\n` +
						tailLines(`${res.stdout}\n${res.stderr}`, 30),
				);
			}
			log(`${line} done in ${(res.durationMs / 1000).toFixed(1)} s`);
		}
		if (!fs.existsSync(n8nBin(cacheDir))) throw new Error(`npm install finished but ${n8nBin(cacheDir)} is missing`);
		fs.writeFileSync(
			markerPath(cacheDir),
			`${JSON.stringify({ n8n: N8N_VERSION, node: NODE_BIN, installedAt: new Date().toISOString(), durationMs: Date.now() - started }, null, 2)}\n`,
		);
		log(`n8n@${N8N_VERSION} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		return result(true);
	});
}

/**
 * Create <userFolder>/.n8n/nodes/node_modules/ and symlink the project root there as
 * n8n-nodes-media-downloader, so n8n loads it like an npm-installed community package
 * (node types `n8n-nodes-media-downloader.<name>`, built files from dist/).
 * @returns {{userFolder: string, nodesDir: string, linkPath: string}}
 */
function prepareUserFolder(userFolder) {
	const root = path.resolve(userFolder);
	const nodesDir = path.join(root, '.n8n', 'nodes');
	const modulesDir = path.join(nodesDir, 'node_modules');
	fs.mkdirSync(modulesDir, { recursive: true });
	const linkPath = path.join(modulesDir, PACKAGE_NAME);
	const existing = fs.lstatSync(linkPath, { throwIfNoEntry: false });
	if (existing) {
		if (!existing.isSymbolicLink()) {
			throw new Error(`${linkPath} exists and is not a symlink (an npm-installed copy?); remove it to use the project build`);
		}
		let target;
		try {
			target = fs.realpathSync(linkPath);
		} catch {
			target = undefined; // dangling
		}
		if (target === fs.realpathSync(PROJECT_ROOT)) return { userFolder: root, nodesDir, linkPath };
		fs.unlinkSync(linkPath);
	}
	fs.symlinkSync(PROJECT_ROOT, linkPath, 'dir');
	if (!fs.existsSync(path.join(PROJECT_ROOT, 'dist'))) {
		log('warning: dist/ is missing, run `npm run build` so n8n can load the nodes');
	}
	return { userFolder: root, nodesDir, linkPath };
}

/**
 * Environment for a quiet, offline n8n run (N8N-RUNTIME.md §2.4): parent env + these settings + `extra`.
 * `extra` values win; a value of `undefined` in `extra` removes the variable.
 * N8N_RESTRICT_FILE_ACCESS_TO, N8N_PORT, N8N_LISTEN_ADDRESS and N8N_RUNNERS_BROKER_PORT are taken from
 * `extra`, else the parent env, else n8n's defaults (port 5678, all interfaces, broker 5679).
 * @param {string} userFolder
 * @param {Record<string, string | number | undefined>} [extra]
 * @returns {NodeJS.ProcessEnv}
 */
function n8nEnv(userFolder, extra = {}) {
	const env = { ...process.env };
	// jest sets NODE_ENV=test; n8n must not run its test-mode code paths.
	if (env.NODE_ENV === 'test') delete env.NODE_ENV;
	Object.assign(env, {
		PATH: pathWithNode24(process.env.PATH),
		N8N_USER_FOLDER: path.resolve(userFolder),
		DB_TYPE: 'sqlite',
		N8N_ENCRYPTION_KEY: process.env.N8N_ENCRYPTION_KEY || 'n8n-nodes-media-downloader-local-key',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		N8N_LOG_LEVEL: 'info', // lower levels swallow `execute --rawOutput`
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true', // silences a 2.40 deprecation notice; our package is unverified
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: process.env.N8N_RUNNERS_BROKER_PORT || '5679',
		N8N_PORT: process.env.N8N_PORT || String(DEV_PORT),
	});
	delete env.N8N_COMMUNITY_PACKAGES_PREVENT_LOADING;
	for (const [key, value] of Object.entries(extra || {})) {
		if (value === undefined || value === null) delete env[key];
		else env[key] = String(value);
	}
	if (env.N8N_RUNNERS_BROKER_PORT === env.N8N_PORT) {
		throw new Error(`N8N_PORT and N8N_RUNNERS_BROKER_PORT must differ (both ${env.N8N_PORT})`);
	}
	return env;
}

/** Env for a short-lived CLI command: loopback only, fresh free ports unless the caller chose them. */
async function commandEnv(userFolder, extra = {}) {
	const ports = {};
	if (!extra || extra.N8N_PORT === undefined) ports.N8N_PORT = await getFreePort();
	if (!extra || extra.N8N_RUNNERS_BROKER_PORT === undefined) {
		do ports.N8N_RUNNERS_BROKER_PORT = await getFreePort();
		while (ports.N8N_RUNNERS_BROKER_PORT === (ports.N8N_PORT ?? Number(extra.N8N_PORT)));
	}
	return n8nEnv(userFolder, { N8N_LISTEN_ADDRESS: '127.0.0.1', ...extra, ...ports });
}

/** Run `n8n <args>` (Node 24, no shell). @returns {Promise<{exitCode, signal, timedOut, stdout, stderr, durationMs}>} */
async function runN8n(userFolder, args, { env, timeoutMs = DEFAULT_EXECUTE_TIMEOUT_MS, onStdout, onStderr } = {}) {
	const bin = n8nBin();
	if (!fs.existsSync(bin)) throw new Error(`${bin} is missing; call ensureN8n() first (or run \`node scripts/n8n.js ensure\`)`);
	return run(nodeBin(), [bin, ...args], {
		env: await commandEnv(userFolder, env),
		cwd: path.resolve(userFolder),
		timeoutMs,
		onStdout,
		onStderr,
	});
}

function tailLines(text, n) {
	const lines = String(text).trim().split('\n');
	return (lines.length > n ? [`… (${lines.length - n} earlier lines)`, ...lines.slice(-n)] : lines).join('\n');
}

/**
 * `n8n import:workflow --input=<file>` or, for a folder, `--separate --input=<dir>` (every *.json in it).
 * Throws when n8n exits non-zero. Workflows need an "id" (≤ 21 chars) to be executed by id later.
 * @returns {Promise<{exitCode: number, stdout: string, stderr: string, durationMs: number}>}
 */
async function importWorkflows(userFolder, fileOrDir, { env, timeoutMs = DEFAULT_IMPORT_TIMEOUT_MS } = {}) {
	const input = path.resolve(fileOrDir);
	const isDir = fs.statSync(input).isDirectory();
	const args = ['import:workflow', ...(isDir ? ['--separate'] : []), `--input=${input}`];
	const res = await runN8n(userFolder, args, { env, timeoutMs });
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
 * `n8n execute --id=<id> --rawOutput`.
 * exitCode: 0 = success, 1 = the workflow failed (run then holds the error in run.data.resultData.error
 * when n8n printed it), null = killed (see signal/timedOut). crashedOnExit: n8n crashed after printing a
 * finished run (exitCode is then the one n8n was exiting with, signal says how it died).
 * @returns {Promise<{exitCode: number | null, run: object | null, crashedOnExit: boolean, stdout: string, stderr: string, signal: string | null, timedOut: boolean, durationMs: number}>}
 */
async function executeWorkflow(userFolder, id, { env, timeoutMs = DEFAULT_EXECUTE_TIMEOUT_MS } = {}) {
	if (!id || typeof id !== 'string') throw new Error('executeWorkflow: workflow id required');
	const res = await runN8n(userFolder, ['execute', `--id=${id}`, '--rawOutput'], { env, timeoutMs });
	const run = parseRawOutput(res.stdout);
	if (
		res.exitCode === null &&
		!res.timedOut &&
		EXIT_CRASH_SIGNALS.includes(res.signal) &&
		run &&
		run.finished !== undefined &&
		typeof run.status === 'string' &&
		run.status !== 'running'
	) {
		// The run finished and n8n printed it completely, then crashed inside process.exit(): report the exit
		// code n8n was exiting with (0 = success, 1 = workflow error); `signal` and crashedOnExit show what happened.
		return { ...res, exitCode: run.status === 'success' ? 0 : 1, run, crashedOnExit: true };
	}
	return { ...res, run, crashedOnExit: false };
}

/** Stable 16-char id for a workflow file that has none (so repeated imports update instead of duplicating). */
function stableWorkflowId(seed) {
	return `md${crypto.createHash('sha1').update(seed).digest('hex').slice(0, 14)}`;
}

/** Copy every examples/*.json into tmpDir (one workflow per file, ids filled in). @returns number of workflows */
function stageExampleWorkflows(examplesDir, tmpDir) {
	if (!fs.existsSync(examplesDir) || !fs.statSync(examplesDir).isDirectory()) return 0;
	let count = 0;
	for (const name of fs.readdirSync(examplesDir).sort()) {
		if (!name.endsWith('.json')) continue;
		let data;
		try {
			data = JSON.parse(fs.readFileSync(path.join(examplesDir, name), 'utf8'));
		} catch (error) {
			log(`skipping examples/${name}: ${error.message}`);
			continue;
		}
		const workflows = Array.isArray(data) ? data : [data];
		workflows.forEach((wf, i) => {
			if (!wf || typeof wf !== 'object' || !Array.isArray(wf.nodes)) {
				log(`skipping examples/${name}${workflows.length > 1 ? `[${i}]` : ''}: not a workflow (no "nodes")`);
				return;
			}
			const staged = { ...wf, id: wf.id || stableWorkflowId(`${name}#${i}`), name: wf.name || path.basename(name, '.json') };
			fs.writeFileSync(path.join(tmpDir, `${String(count).padStart(3, '0')}-${staged.id}.json`), JSON.stringify(staged));
			count++;
		});
	}
	return count;
}

/**
 * Forward SIGINT/SIGTERM/SIGHUP to a child in our process group; returns a function that removes the handlers.
 * On a terminal, Ctrl-C/hangup already reach the child (same process group), and n8n handles SIGINT only
 * once (a second one kills it without graceful shutdown), so SIGINT/SIGHUP are then not forwarded again.
 * (Once n8n is up it puts the terminal in raw mode and handles Ctrl-C itself.)
 */
function forwardSignals(child) {
	const handlers = {};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		handlers[signal] = () => {
			if (signal !== 'SIGTERM' && process.stdin.isTTY) return;
			if (child.exitCode === null && child.signalCode === null) child.kill(signal);
		};
		process.on(signal, handlers[signal]);
	}
	return () => {
		for (const [signal, handler] of Object.entries(handlers)) process.removeListener(signal, handler);
	};
}

async function cliStart() {
	await ensureN8n();
	const userFolder = path.resolve(process.env.N8N_USER_FOLDER || path.join(PROJECT_ROOT, '.cache', 'n8n-user'));
	const { linkPath } = prepareUserFolder(userFolder);
	log(`user folder ${userFolder} (package linked at ${linkPath})`);
	const env = n8nEnv(userFolder, { N8N_PORT: process.env.N8N_PORT || DEV_PORT });
	const examplesDir = path.resolve(process.env.N8N_EXAMPLES_DIR || path.join(PROJECT_ROOT, 'examples'));
	const stageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-examples-'));
	try {
		const count = stageExampleWorkflows(examplesDir, stageDir);
		if (count > 0) {
			log(`importing ${count} workflow(s) from ${examplesDir}`);
			await importWorkflows(userFolder, stageDir);
		} else {
			log(`no workflows in ${examplesDir}, nothing to import`);
		}
	} finally {
		fs.rmSync(stageDir, { recursive: true, force: true });
	}
	log(`starting n8n ${N8N_VERSION} on http://localhost:${env.N8N_PORT} (Ctrl-C stops it)`);
	// Foreground, same process group (n8n reads the terminal); signals sent to this script are forwarded.
	const child = childProcess.spawn(nodeBin(), [n8nBin(), 'start'], { cwd: userFolder, env, stdio: 'inherit' });
	const unforward = forwardSignals(child);
	return new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on('exit', (code, signal) => {
			unforward();
			resolve(code ?? (signal ? 128 + (os.constants.signals[signal] || 0) : 1));
		});
	});
}

/** For short-lived commands: stop the running n8n (own process group) on SIGINT/SIGTERM, then clean up. */
function stopChildrenOnSignals() {
	let received;
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.on(signal, () => {
			if (received) process.exit(130); // second signal: give up cleaning up
			received = signal;
			log(`${signal}: stopping n8n`);
			killActiveChildren('SIGTERM');
			setTimeout(() => killActiveChildren('SIGKILL'), 5000).unref();
		});
	}
	return () => received;
}

async function cliExecute(file) {
	if (!file) throw new Error('usage: node scripts/n8n.js execute <workflow.json>');
	const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
	if (Array.isArray(workflow)) throw new Error(`${file} holds ${workflow.length} workflows; pass a file with one`);
	const interrupted = stopChildrenOnSignals();
	await ensureN8n();
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-execute-'));
	const keep = process.env.N8N_KEEP_TMP === '1';
	try {
		const userFolder = path.join(tmp, 'user');
		const filesDir = path.join(tmp, 'files');
		fs.mkdirSync(filesDir, { recursive: true });
		prepareUserFolder(userFolder);
		const id = workflow.id || stableWorkflowId(path.resolve(file));
		const wfFile = path.join(tmp, 'workflow.json');
		fs.writeFileSync(wfFile, JSON.stringify({ ...workflow, id, name: workflow.name || path.basename(file, '.json') }));
		const env = process.env.N8N_RESTRICT_FILE_ACCESS_TO ? {} : { N8N_RESTRICT_FILE_ACCESS_TO: filesDir };
		const imp = await importWorkflows(userFolder, wfFile, { env });
		log(`imported ${id} in ${(imp.durationMs / 1000).toFixed(1)} s`);
		if (interrupted()) return 130;
		const res = await executeWorkflow(userFolder, id, { env });
		if (interrupted()) {
			log('interrupted');
			return 130;
		}
		log(
			`executed in ${(res.durationMs / 1000).toFixed(1)} s, exit ${res.exitCode}${res.signal ? ` (${res.signal})` : ''}` +
				`${res.crashedOnExit ? ' (n8n crashed in process.exit() after printing the run)' : ''}`,
		);
		if (res.run) process.stdout.write(`${JSON.stringify(res.run, null, 2)}\n`);
		if (!res.run || res.exitCode !== 0) process.stderr.write(`--- n8n stdout ---\n${res.stdout}\n--- n8n stderr ---\n${res.stderr}\n`);
		if (keep) log(`kept ${tmp}`);
		return res.exitCode ?? 1;
	} finally {
		if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
	}
}

async function main(argv) {
	const [command, ...rest] = argv;
	switch (command) {
		case 'ensure': {
			const res = await ensureN8n();
			log(`${res.installed ? 'installed' : 'already installed'}: ${res.n8nBin} (${res.durationMs} ms)`);
			return 0;
		}
		case 'start':
			return cliStart();
		case 'execute':
			return cliExecute(rest[0]);
		default:
			process.stderr.write(
				'usage: node scripts/n8n.js <command>\n' +
					'  ensure                 install n8n ' + N8N_VERSION + ' into ' + n8nCacheDir() + '\n' +
					'  start                  link this package, import examples/, run n8n on http://localhost:' + DEV_PORT + '\n' +
					'  execute <wf.json>      import + execute a workflow in a temp user folder, print the run JSON\n',
			);
			return command ? 2 : 0;
	}
}

module.exports = {
	N8N_VERSION,
	PACKAGE_NAME,
	PROJECT_ROOT,
	ensureN8n,
	prepareUserFolder,
	n8nEnv,
	importWorkflows,
	executeWorkflow,
	parseRawOutput,
	runN8n,
	getFreePort,
	n8nCacheDir,
	n8nBin,
	nodeBin,
	pathWithNode24,
	isInstalled,
};

if (require.main === module) {
	main(process.argv.slice(2)).then(
		(code) => {
			process.exitCode = code;
		},
		(error) => {
			log(error && error.stack ? error.stack : String(error));
			process.exitCode = 1;
		},
	);
}
