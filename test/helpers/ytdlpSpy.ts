import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { findOnPath } from '../../lib/binaries';

/**
 * A wrapper that records every argument vector and then runs the REAL yt-dlp (not a mock): tests use it
 * to prove what reached yt-dlp and how many processes ran. Point YTDLP_PATH or the credential at `path`.
 */
export interface YtDlpSpy {
	path: string;
	/** one argument list per yt-dlp process started */
	calls(): string[][];
	dispose(): void;
}

export function createYtDlpSpy(): YtDlpSpy {
	// The yt-dlp under test: YTDLP_PATH (CI's second run uses the current release), else the one on PATH.
	const real = process.env.YTDLP_PATH || findOnPath('yt-dlp');
	if (!real) throw new Error('yt-dlp is not installed');
	const dir = mkdtempSync(path.join(os.tmpdir(), 'mdl-spy-'));
	const log = path.join(dir, 'calls.log');
	const script = path.join(dir, 'yt-dlp');
	// Each argument on its own NUL-terminated record; \001 ends a call. Version/help probes are logged too.
	writeFileSync(
		script,
		`#!/bin/sh\nfor a in "$@"; do printf '%s\\0' "$a" >> '${log}'; done\nprintf '\\001' >> '${log}'\nexec '${real}' "$@"\n`,
	);
	chmodSync(script, 0o755);
	writeFileSync(log, '');
	return {
		path: script,
		calls: () =>
			readFileSync(log, 'utf8')
				.split('\u0001')
				.filter((c) => c !== '')
				.map((c) => c.split('\0').filter((a, i, all) => i < all.length - 1 || a !== ''))
				.filter((args) => !args.includes('--version') && !args.includes('--help')),
		dispose: () => rmSync(dir, { recursive: true, force: true }),
	};
}

/** Command lines of running processes that contain `needle` (from /proc). */
export function processesMatching(needle: string): string[] {
	const found: string[] = [];
	for (const pid of readdirSync('/proc')) {
		if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
		try {
			const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
			if (cmdline.includes(needle)) found.push(`${pid}: ${cmdline}`);
		} catch {
			// exited meanwhile
		}
	}
	return found;
}
