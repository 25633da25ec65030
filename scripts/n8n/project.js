'use strict';
/**
 * Where things are: the project, the n8n version it runs, and the project's Node 24.
 * n8n >= 2.36 refuses Node < 24, so every n8n/npm process runs on the devDependency "node"
 * (node_modules/.bin/node), which is also put first on their PATH.
 */
const fs = require('node:fs');
const path = require('node:path');

const N8N_VERSION = '2.40.7';
const PACKAGE_NAME = 'n8n-nodes-media-downloader';
const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const PROJECT_BIN_DIR = path.join(PROJECT_ROOT, 'node_modules', '.bin');
const NODE_BIN = path.join(PROJECT_BIN_DIR, 'node');

function log(message) {
	process.stderr.write(`[n8n.js] ${message}\n`);
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

module.exports = { N8N_VERSION, PACKAGE_NAME, PROJECT_ROOT, log, nodeBin, pathWithNode24 };
