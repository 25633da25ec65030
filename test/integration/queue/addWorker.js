'use strict';
/**
 * A separate process for the store contract's multi-process tests. It opens the queue with the BUILT
 * library (as the download service and n8n workers do), prints `ready`, waits for `go` on stdin so that
 * all children start at once, then adds or claims and prints one JSON line with what it did.
 *
 * node addWorker.js <StoreSpec as JSON> <count> <add|claim> <label>
 *   add:   adds <count> tasks, one call each; prints {"ids": [...], "added": <how many came back added>}
 *   claim: claims and completes until the queue is empty; prints {"ids": [...], "lost": <completes refused>}
 */
const fs = require('node:fs');
const path = require('node:path');

const storesJs = path.resolve(__dirname, '../../../dist/lib/queue/stores.js');

function waitForGo() {
	return new Promise((resolve, reject) => {
		let text = '';
		process.stdin.setEncoding('utf8');
		process.stdin.on('data', (chunk) => {
			text += chunk;
			if (text.includes('go')) resolve();
		});
		process.stdin.on('end', () => reject(new Error('stdin closed before "go"')));
	});
}

async function main() {
	const [specJson, countText, mode, label] = process.argv.slice(2);
	if (!fs.existsSync(storesJs)) throw new Error(`${storesJs} is missing: build the library first (npm run build)`);
	const { openStore } = require(storesJs);
	const store = await openStore(JSON.parse(specJson));
	const count = Number(countText);
	const ids = [];
	process.stdout.write('ready\n');
	await waitForGo();
	if (mode === 'add') {
		let added = 0;
		for (let i = 0; i < count; i++) {
			const [outcome] = await store.add([{ url: `https://media.test/${label}/${i}`, config: { worker: label, n: i } }]);
			ids.push(outcome.task.taskId);
			if (outcome.added) added++;
		}
		process.stdout.write(`${JSON.stringify({ ids, added })}\n`);
	} else if (mode === 'claim') {
		let lost = 0;
		for (let claimed = await store.claim(label, 60_000); claimed; claimed = await store.claim(label, 60_000)) {
			ids.push(claimed.task.taskId);
			if (!(await store.complete(claimed.task.taskId, claimed.token, { files: [], totalBytes: 0 }))) lost++;
		}
		process.stdout.write(`${JSON.stringify({ ids, lost })}\n`);
	} else {
		throw new Error(`unknown mode ${mode}`);
	}
	await store.close();
}

main().catch((error) => {
	process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
	process.exit(1);
});
