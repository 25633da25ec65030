import { execa } from 'execa';
import path from 'node:path';

import { benchDownload } from './download.bench';
import { benchInfo } from './info.bench';
import { benchParallel } from './parallel.bench';
import { benchQueue } from './queue.bench';

/** `npm run bench`: every benchmark, or those named on the command line (e.g. `npm run bench -- info`). */
/** The transcript benchmark is plain JavaScript on the built code (bench/transcript.js). */
async function benchTranscript(): Promise<void> {
	await execa(process.execPath, [path.resolve(__dirname, '../../../bench/transcript.js')], { stdout: 'inherit', stderr: 'inherit' });
}

const benches: Record<string, () => Promise<void>> = { info: benchInfo, transcript: benchTranscript, download: benchDownload, parallel: benchParallel, queue: benchQueue };

async function main(): Promise<void> {
	const wanted = process.argv.slice(2);
	for (const [name, bench] of Object.entries(benches)) if (wanted.length === 0 || wanted.includes(name)) await bench();
}

main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exitCode = 1;
});
