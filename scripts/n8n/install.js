'use strict';
/**
 * Install n8n 2.40.7 once into a cache folder shared by `npm start`, the e2e tests and the benchmarks:
 * $N8N_CACHE_DIR or ~/.cache/n8n-nodes-media-downloader/n8n-2.40.7.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { withInstallLock } = require('./lock');
const { N8N_VERSION, log, nodeBin, pathWithNode24 } = require('./project');
const { run, tailLines } = require('./run');

const MARKER_NAME = '.n8n-install-complete.json';

function n8nCacheDir() {
	return path.resolve(
		process.env.N8N_CACHE_DIR || path.join(os.homedir(), '.cache', 'n8n-nodes-media-downloader', `n8n-${N8N_VERSION}`),
	);
}

/** The n8n launcher script (run it with nodeBin()). */
function n8nBin(cacheDir = n8nCacheDir()) {
	return path.join(cacheDir, 'node_modules', 'n8n', 'bin', 'n8n');
}

function markerPath(cacheDir) {
	return path.join(cacheDir, MARKER_NAME);
}

function isInstalled(cacheDir = n8nCacheDir()) {
	return fs.existsSync(markerPath(cacheDir)) && fs.existsSync(n8nBin(cacheDir));
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

/**
 * Install n8n 2.40.7 once into the cache folder:
 *   npm install --ignore-scripts --no-audit --no-fund n8n@2.40.7 && npm rebuild sqlite3   (on Node 24)
 * A marker file is written only after both succeeded; with the marker present this is a no-op.
 * Full npm output goes to <cacheDir>/install.log, progress lines to stderr. `signal` (AbortSignal) stops npm:
 * MediaError 'Cancelled', and the next call starts over.
 * @returns {Promise<{cacheDir: string, n8nBin: string, installed: boolean, durationMs: number}>}
 */
async function ensureN8n({ signal } = {}) {
	const cacheDir = n8nCacheDir();
	const started = Date.now();
	const result = (installed) => ({ cacheDir, n8nBin: n8nBin(cacheDir), installed, durationMs: Date.now() - started });
	if (isInstalled(cacheDir)) return result(false);
	const node = nodeBin();
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
			fs.appendFileSync(logFile, `\n### ${new Date().toISOString()} ${line} (node ${node})\n`);
			log(`${line} ...`);
			const append = (outputLine) => fs.appendFileSync(logFile, `${outputLine}\n`);
			const res = await run(node, [npmCli, ...args], { cwd: cacheDir, env, signal, onStdoutLine: append, onStderrLine: append });
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
			`${JSON.stringify({ n8n: N8N_VERSION, node, installedAt: new Date().toISOString(), durationMs: Date.now() - started }, null, 2)}\n`,
		);
		log(`n8n@${N8N_VERSION} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		return result(true);
	});
}

module.exports = { ensureN8n, isInstalled, n8nBin, n8nCacheDir };
