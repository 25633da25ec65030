'use strict';
/**
 * What `npm start`'s "(offline demo)" copies of the examples need: the fixture server of the tests
 * (test/fixtures/server.ts: a podcast feed, video pages with captions, media files) on a fixed loopback port,
 * and a files folder with the folders the examples write to and a few caption files to convert.
 * The server is compiled once into .cache/fixture-server (tsc, a few seconds; again when a fixture source
 * changes) and runs inside this process: it serves only while `npm start` runs.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { EXAMPLE_FILES_DIR } = require('./offlineExamples');
const { PROJECT_ROOT, nodeBin } = require('./project');
const { run, tailLines } = require('./run');

/** Next to n8n's 5678 and its task broker's 5679. */
const DEMO_MEDIA_PORT = 5680;
const FIXTURES_DIR = path.join(PROJECT_ROOT, 'test', 'fixtures');
const COMPILED_DIR = path.join(PROJECT_ROOT, '.cache', 'fixture-server');

/** Caption fixtures copied into the demo's captions folder, under names that pick the paragraph length of examples/caption-folder-to-markdown.json. */
const DEMO_CAPTIONS = {
	'lecture-speakers.vtt': 'speakers-voice.vtt',
	'podcast-interview.srt': 'speakers-labels.srt',
	'youtube-auto-captions.en.vtt': 'synthetic-rolling-punctuated.en.vtt',
	'clip.json3': 'small.json3',
};

function newestSourceMs() {
	return Math.max(...fs.readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.ts')).map((f) => fs.statSync(path.join(FIXTURES_DIR, f)).mtimeMs));
}

/** tsc of test/fixtures/server.ts (and what it imports) into COMPILED_DIR, unless that is up to date. */
async function compileFixtureServer({ signal } = {}) {
	const compiled = path.join(COMPILED_DIR, 'server.js');
	const built = fs.statSync(compiled, { throwIfNoEntry: false });
	if (built && built.mtimeMs >= newestSourceMs()) return compiled;
	const tsc = path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
	const args = ['--module', 'node20', '--moduleResolution', 'node16', '--target', 'ES2022', '--lib', 'ES2023', '--esModuleInterop', '--skipLibCheck'];
	const res = await run(nodeBin(), [tsc, ...args, '--rootDir', FIXTURES_DIR, '--outDir', COMPILED_DIR, path.join(FIXTURES_DIR, 'server.ts')], { signal });
	if (res.exitCode !== 0) throw new Error(`compiling the fixture server failed (exit ${res.exitCode}):\n${tailLines(`${res.stdout}\n${res.stderr}`, 20)}`);
	return compiled;
}

/**
 * The fixture server on 127.0.0.1:`port` (the first start makes its media with ffmpeg, about half a minute).
 * @returns {Promise<{baseUrl: string, close(): Promise<void>}>}
 */
async function startDemoMedia({ port = DEMO_MEDIA_PORT, signal } = {}) {
	const { startFixtureServer } = require(await compileFixtureServer({ signal }));
	return startFixtureServer({ port });
}

/** n8n's files folder for `env`: the first folder of N8N_RESTRICT_FILE_ACCESS_TO, else its default ~/.n8n-files. */
function n8nFilesDir(env = process.env) {
	const first = (env.N8N_RESTRICT_FILE_ACCESS_TO ?? '')
		.split(';')
		.map((p) => p.trim())
		.find(Boolean);
	return path.resolve((first ?? '~/.n8n-files').replace(/^~(?=\/|$)/, os.homedir()));
}

/**
 * The offline demo's files folder: every folder the examples name below /home/node/.n8n-files, and the
 * caption fixtures in captions/ (files already there are left alone).
 */
function prepareDemoFolder(demoDir, workflows) {
	const folders = new Set(['captions']);
	// A folder name ends at a slash or at the end of the string ("…/captions"); a file directly in the folder is no folder.
	const pattern = new RegExp(`${EXAMPLE_FILES_DIR.replace(/[.]/g, '\\.')}/([\\w-]+)(?=/|")`, 'g');
	for (const match of JSON.stringify(workflows).matchAll(pattern)) folders.add(match[1]);
	for (const folder of folders) fs.mkdirSync(path.join(demoDir, folder), { recursive: true });
	for (const [name, fixture] of Object.entries(DEMO_CAPTIONS)) {
		const dest = path.join(demoDir, 'captions', name);
		if (!fs.existsSync(dest)) fs.copyFileSync(path.join(FIXTURES_DIR, 'captions', fixture), dest);
	}
	return [...folders].sort();
}

module.exports = { DEMO_MEDIA_PORT, compileFixtureServer, n8nFilesDir, prepareDemoFolder, startDemoMedia };
