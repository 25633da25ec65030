import { performance } from 'node:perf_hooks';

/** Wall time of one run, in milliseconds. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
	const start = performance.now();
	await work();
	return performance.now() - start;
}

export function report(title: string, rows: Array<[string, string]>): void {
	const width = Math.max(...rows.map(([label]) => label.length));
	process.stdout.write(`\n${title}\n${rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n')}\n`);
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}
