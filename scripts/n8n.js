#!/usr/bin/env node
'use strict';
/**
 * Run a real n8n 2.40.7 (out of process) with this package loaded as a community package.
 *
 *   node scripts/n8n.js ensure                 install n8n 2.40.7 into the cache folder (once)
 *   node scripts/n8n.js start                  install, link the package, import examples/*.json and their "(offline demo)"
 *                                              copies, serve the demo media on 127.0.0.1:5680, run `n8n start` on :5678
 *                                              (env: N8N_USER_FOLDER [.cache/n8n-user], N8N_PORT [5678], N8N_EXAMPLES_DIR [examples/],
 *                                              DEMO_MEDIA_PORT [5680; 0: no offline demo])
 *   node scripts/n8n.js execute <wf.json>      import + execute one workflow in a temp user folder, print the run JSON
 *
 * The work is done in scripts/n8n/: install.js (the n8n install), client.js (driving n8n; also used by the
 * e2e tests and the benchmarks), workflows.js (workflow files for import), offlineExamples.js and offlineDemo.js
 * (the offline demo: example copies pointed at the fixture server, and that server). Programs run through the built
 * library's runProgram, so `npm run build` must have run (`npm start` and `npm test` do it).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const {
	DEV_PORT,
	N8N_VERSION,
	PROJECT_ROOT,
	ensureN8n,
	executeWorkflow,
	importWorkflows,
	n8nCacheDir,
	n8nEnv,
	prepareUserFolder,
	startN8n,
} = require('./n8n/client');
const { DEMO_MEDIA_PORT, n8nFilesDir, prepareDemoFolder, startDemoMedia } = require('./n8n/offlineDemo');
const { log } = require('./n8n/project');
const { readExampleWorkflows, stageExampleWorkflows, stageWorkflowFile } = require('./n8n/workflows');

/**
 * The first SIGINT/SIGTERM/SIGHUP aborts the returned signal, and the library's runner then stops n8n's
 * process group (n8n runs in its own group, so a terminal's Ctrl-C reaches only this script). npm forwards
 * that Ctrl-C to its script as well, so repeats within a second count as one; a later one gives up waiting:
 * exiting kills the group (the runner's exit hook).
 */
function stopOnSignals() {
	const controller = new AbortController();
	let firstAt;
	const onSignal = (signal) => {
		if (firstAt === undefined) {
			firstAt = Date.now();
			log(`${signal}: stopping n8n`);
			controller.abort();
		} else if (Date.now() - firstAt > 1000) {
			log(`${signal} again: killing n8n`);
			process.exit(130);
		}
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, onSignal);
	return controller.signal;
}

/** True when `error` is the runner's answer to our own stop request. */
function stoppedOnRequest(error, signal) {
	return signal.aborted && error && error.kind === 'Cancelled';
}

async function importExamples(userFolder, examplesDir, options, signal) {
	const stageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-examples-'));
	try {
		const count = stageExampleWorkflows(examplesDir, stageDir, options);
		if (count === 0) return log(`no workflows in ${examplesDir}, nothing to import`);
		log(`importing ${count} workflow(s) from ${examplesDir}${options.offline ? ' (with their offline demo copies)' : ''}`);
		await importWorkflows(userFolder, stageDir, { signal });
	} finally {
		fs.rmSync(stageDir, { recursive: true, force: true });
	}
}

/**
 * The offline demo: the fixture server on DEMO_MEDIA_PORT and its files folder. Without it (port 0, port taken,
 * no ffmpeg) n8n still starts, with the examples alone. @returns {Promise<{server, offline} | undefined>}
 */
async function startOfflineDemo(examplesDir, filesDir, signal) {
	const port = process.env.DEMO_MEDIA_PORT === undefined ? DEMO_MEDIA_PORT : Number(process.env.DEMO_MEDIA_PORT);
	if (!port) return undefined;
	try {
		log(`starting the demo media server on 127.0.0.1:${port} (the first time it makes its media with ffmpeg)`);
		const server = await startDemoMedia({ port, signal });
		const demoDir = path.join(filesDir, 'offline-demo');
		const folders = prepareDemoFolder(demoDir, readExampleWorkflows(examplesDir));
		log(`offline demo: media on ${server.baseUrl}, files in ${demoDir} (${folders.join(', ')})`);
		return { server, offline: { baseUrl: server.baseUrl, filesDir: demoDir } };
	} catch (error) {
		if (signal.aborted) throw error;
		log(`no offline demo (${error.message.split('\n')[0]}); set DEMO_MEDIA_PORT to a free port, or 0 to skip it`);
		return undefined;
	}
}

async function cliStart() {
	const signal = stopOnSignals();
	let demo;
	try {
		await ensureN8n({ signal });
		const userFolder = path.resolve(process.env.N8N_USER_FOLDER || path.join(PROJECT_ROOT, '.cache', 'n8n-user'));
		const { linkPath } = prepareUserFolder(userFolder);
		log(`user folder ${userFolder} (package linked at ${linkPath})`);
		const env = n8nEnv(userFolder, { N8N_PORT: process.env.N8N_PORT || DEV_PORT });
		const examplesDir = path.resolve(process.env.N8N_EXAMPLES_DIR || path.join(PROJECT_ROOT, 'examples'));
		const filesDir = n8nFilesDir(env);
		demo = await startOfflineDemo(examplesDir, filesDir, signal);
		await importExamples(userFolder, examplesDir, { filesDir, offline: demo?.offline }, signal);
		log(`starting n8n ${N8N_VERSION} on http://localhost:${env.N8N_PORT} (Ctrl-C stops it)`);
		const res = await startN8n(userFolder, {
			env,
			signal,
			onStdoutLine: (line) => process.stdout.write(`${line}\n`),
			onStderrLine: (line) => process.stderr.write(`${line}\n`),
		});
		if (res.signal) log(`n8n was killed by ${res.signal}`);
		return res.exitCode ?? 128 + (os.constants.signals[res.signal] || 0);
	} catch (error) {
		// Stopped as asked: n8n shut down (or was killed after its graceful-shutdown time).
		if (stoppedOnRequest(error, signal)) return 0;
		throw error;
	} finally {
		await demo?.server.close();
	}
}

async function cliExecute(file) {
	if (!file) throw new Error('usage: node scripts/n8n.js execute <workflow.json>');
	const signal = stopOnSignals();
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-execute-'));
	const keep = process.env.N8N_KEEP_TMP === '1';
	try {
		const wfFile = path.join(tmp, 'workflow.json');
		const id = stageWorkflowFile(file, wfFile);
		await ensureN8n({ signal });
		const userFolder = path.join(tmp, 'user');
		const filesDir = path.join(tmp, 'files');
		fs.mkdirSync(filesDir, { recursive: true });
		prepareUserFolder(userFolder);
		const env = process.env.N8N_RESTRICT_FILE_ACCESS_TO ? {} : { N8N_RESTRICT_FILE_ACCESS_TO: filesDir };
		const imp = await importWorkflows(userFolder, wfFile, { env, signal });
		log(`imported ${id} in ${(imp.durationMs / 1000).toFixed(1)} s`);
		const res = await executeWorkflow(userFolder, id, { env, signal });
		log(
			`executed in ${(res.durationMs / 1000).toFixed(1)} s, exit ${res.exitCode}${res.signal ? ` (${res.signal})` : ''}` +
				`${res.crashedOnExit ? ' (n8n crashed in process.exit() after printing the run)' : ''}`,
		);
		if (res.run) process.stdout.write(`${JSON.stringify(res.run, null, 2)}\n`);
		if (!res.run || res.exitCode !== 0) process.stderr.write(`--- n8n stdout ---\n${res.stdout}\n--- n8n stderr ---\n${res.stderr}\n`);
		return res.exitCode ?? 1;
	} catch (error) {
		if (!stoppedOnRequest(error, signal)) throw error;
		log('interrupted');
		return 130;
	} finally {
		if (keep) log(`kept ${tmp}`);
		else fs.rmSync(tmp, { recursive: true, force: true });
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
					`  ensure                 install n8n ${N8N_VERSION} into ${n8nCacheDir()}\n` +
					`  start                  link this package, import examples/ (and offline demo copies), run n8n on http://localhost:${DEV_PORT}\n` +
					'  execute <wf.json>      import + execute a workflow in a temp user folder, print the run JSON\n',
			);
			return command ? 2 : 0;
	}
}

main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(error) => {
		log(error && error.stack ? error.stack : String(error));
		process.exitCode = 1;
	},
);
