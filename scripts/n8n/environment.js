'use strict';
/**
 * Where and how n8n runs: a user folder with this package linked as a community package, and the
 * environment of a quiet, offline n8n on loopback ports.
 */
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const { PACKAGE_NAME, PROJECT_ROOT, log, pathWithNode24 } = require('./project');

const DEV_PORT = 5678;

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

module.exports = { DEV_PORT, commandEnv, getFreePort, n8nEnv, prepareUserFolder };
