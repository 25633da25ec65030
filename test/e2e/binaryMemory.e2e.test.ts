/**
 * n8n's memory while Download Media hands a ≥ 1 GB file to n8n as binary data (filesystem binary mode): the file
 * is streamed into n8n's binary store, so n8n's peak RSS stays near its peak for a tiny file and does not grow with
 * the file's size. The peak (VmHWM) of the `n8n execute` process is read from /proc while it runs; the figures are
 * printed in the test log.
 */
import { readdirSync, readFileSync } from 'node:fs';

import { ensureLargeMedia } from '../fixtures/media';
import type { N8nHarness, WorkflowJson } from './n8nHarness';
import { withN8nAndFixtures } from './withN8n';

const MiB = 2 ** 20;

/** Highest VmHWM (peak resident set) of the `n8n execute` process(es) of one harness, sampled while `run` runs. */
async function peakRssDuring<T>(harness: N8nHarness, run: () => Promise<T>): Promise<{ result: T; peakMiB: number }> {
	const mark = `N8N_USER_FOLDER=${harness.userFolder}\0`;
	let peakKiB = 0;
	const sample = () => {
		for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
			try {
				if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('execute')) continue;
				if (!readFileSync(`/proc/${pid}/environ`, 'utf8').includes(mark)) continue;
				const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
				if (hwm) peakKiB = Math.max(peakKiB, Number(hwm[1]));
			} catch {
				// the process ended between listing and reading
			}
		}
	};
	const timer = setInterval(sample, 50);
	try {
		const result = await run();
		return { result, peakMiB: peakKiB / 1024 };
	} finally {
		clearInterval(timer);
	}
}

function workflow(url: string): WorkflowJson {
	return {
		name: 'e2e big binary',
		nodes: [
			{ id: 'b0000000-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'b0000000-0000-4000-8000-000000000002',
				name: 'Download',
				type: 'n8n-nodes-media-downloader.downloadMedia',
				typeVersion: 1.1,
				position: [200, 0],
				parameters: { url, operation: 'downloadVideo', keepFile: false },
			},
		],
		connections: { Start: { main: [[{ node: 'Download', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

describe('n8n memory with a ≥ 1 GB binary output', () => {
	const env = withN8nAndFixtures();
	const binaryEnv = { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' };

	it(
		'stays within 150 MB of its peak for a small file, flat from 256 MiB to 1 GiB',
		async () => {
			const [quarter, big] = [await ensureLargeMedia(256 * MiB), await ensureLargeMedia(1024 * MiB)];
			expect(big.size).toBeGreaterThan(10 ** 9);
			const runs: Array<[string, string, number]> = [
				['small', env.server.url('/media/video-360.mp4'), env.server.media['video-360.mp4'].size],
				['256 MiB', env.server.url(`/media/${quarter.name}`), quarter.size],
				['1 GiB', env.server.url(`/media/${big.name}`), big.size],
			];
			const peaks: Record<string, number> = {};
			for (const [label, url, size] of runs) {
				const { result, peakMiB } = await peakRssDuring(env.n8n, () => env.n8n.runWorkflow(workflow(url), binaryEnv, { timeoutMs: 600_000 }));
				expect(result.errorMessage()).toBeUndefined();
				const [item] = result.outputOf('Download');
				expect(item.json.fileSize).toBe(size);
				expect(String(item.binary!.data.id)).toMatch(/^filesystem-v2:/);
				expect(peakMiB).toBeGreaterThan(50); // the sampler saw the n8n process
				peaks[label] = peakMiB;
			}
			process.stdout.write(
				`n8n peak RSS (VmHWM of \`n8n execute\`, filesystem binary mode): ${Object.entries(peaks)
					.map(([label, mib]) => `${label} file ${mib.toFixed(0)} MiB`)
					.join(', ')}; 1 GiB − small = ${(peaks['1 GiB'] - peaks.small).toFixed(0)} MiB\n`,
			);
			// Target: at most idle + 150 MB, whatever the size; a file held in memory would add its 256 MiB or 1 GiB.
			const limit = (150 * 1e6) / MiB;
			expect(peaks['256 MiB'] - peaks.small).toBeLessThanOrEqual(limit);
			expect(peaks['1 GiB'] - peaks.small).toBeLessThanOrEqual(limit);
			// Flat: four times the bytes add less than a tenth of them (n8n's own heap varies by some 70 MiB between runs).
			expect(peaks['1 GiB'] - peaks['256 MiB']).toBeLessThan(76.8);
		},
		15 * 60_000,
	);
});
