import { readFileSync } from 'node:fs';
import os from 'node:os';
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

/** The CPU the figures come from: model, cores, and whether it has SHA instructions (they make sha256 ~6× faster). */
export function cpuSummary(): string {
	const cpus = os.cpus();
	let flags = '';
	try {
		flags = /^(?:flags|Features)\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '';
	} catch {
		// not Linux: the flags are unknown
	}
	let sha = flags ? (/\b(?:sha_ni|sha2)\b/.test(flags) ? 'with SHA instructions' : 'without SHA instructions') : 'SHA instructions unknown';
	// OPENSSL_ia32cap=":~0x20000000" hides SHA-NI from node:crypto: a CPU without them, emulated.
	const cap = process.env.OPENSSL_ia32cap;
	if (cap !== undefined) sha += `, OPENSSL_ia32cap="${cap}"${cap.includes(':~0x20000000') ? ' (SHA instructions hidden from OpenSSL)' : ''}`;
	return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${sha}`;
}
