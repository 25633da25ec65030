'use strict';
/**
 * A queue worker in its own process, for the kill test: a DownloadManager from the BUILT library (as the
 * download service and n8n workers run it) that works the queue until SIGTERM (graceful stop, exit 0) or
 * until it is killed. It prints one JSON line per event: {"event":"ready"}, {"event":"completed","taskId":…}.
 *
 * node managerWorker.js '{"store": <StoreSpec>, "outputDir": …, "maxConcurrent": 4, "leaseSeconds": 3,
 *                         "pollMs": 200, "workerId": "…", "defaultConfig": {…}}'
 */
const fs = require('node:fs');
const path = require('node:path');

const queueJs = path.resolve(__dirname, '../../../dist/lib/queue/index.js');

const say = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);

async function main() {
	const options = JSON.parse(process.argv[2]);
	if (!fs.existsSync(queueJs)) throw new Error(`${queueJs} is missing: build the library first (npx tsc -p tsconfig.json)`);
	const { DownloadManager } = require(queueJs);
	const dm = new DownloadManager({
		store: options.store,
		defaultOutputDir: options.outputDir,
		maxConcurrent: options.maxConcurrent,
		leaseSeconds: options.leaseSeconds,
		pollMs: options.pollMs,
		workerId: options.workerId,
		defaultConfig: options.defaultConfig,
	});
	for (const event of ['completed', 'failed', 'cancelled']) dm.on(event, (taskId, payload) => say({ event, taskId, ...(event === 'failed' ? { error: payload } : {}) }));
	dm.on('workerError', (error) => say({ event: 'workerError', message: error.message }));
	let stopping = false;
	process.on('SIGTERM', () => {
		if (stopping) return;
		stopping = true;
		dm.stopQueue({ timeout: 10 })
			.then((outcome) => say({ event: 'stopped', outcome }))
			.then(() => dm.close())
			.then(
				() => process.exit(0),
				(error) => {
					process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
					process.exit(1);
				},
			);
	});
	await dm.startQueue();
	say({ event: 'ready', pid: process.pid });
}

main().catch((error) => {
	process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
	process.exit(1);
});
