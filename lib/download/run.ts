import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { DownloadConfig, SelectorStrictness } from '../config';
import { classifyFailure, errorLines, MediaError, tail } from '../errors';
import { probeMedia, type Checksum, type ProbeResult } from '../ffmpeg';
import { timeoutError } from '../process';
import { parseProgressLine, type Progress } from '../progress';
import { runYtDlp, type SiteAuth } from '../ytdlp';
import { downloadFlags } from '../ytdlpFlags';
import { destinationOf, LiveHash } from './liveHash';
import { readFinished, readSkips, type FinishedFile, type SkipNotes } from './results';

/** Failures of yt-dlp's own downloader, which it retried --retries times before giving up. */
export const ALREADY_RETRIED = /\. Giving up after \d+ retries\b/i; // the only text both versions print after spending --retries/--fragment-retries (real lines: test/unit/fixtures/ytdlp-stderr)

export interface AttemptOptions {
	auth: SiteAuth;
	signal?: AbortSignal;
	onProgress?: (progress: Progress) => void;
	playlist?: boolean;
	playlistItems?: number[];
	enableFileUrls?: boolean;
}

export interface AttemptResult {
	/**
	 * each with the checksum (and ffprobe result) made while yt-dlp finished, when the file was not rewritten
	 * afterwards; `cutAtLimit` marks the live recording the time limit ended
	 */
	finished: Array<FinishedFile & { checksum?: Checksum; probe?: ProbeResult; cutAtLimit?: true }>;
	skips: SkipNotes;
	/** yt-dlp's errors for entries when it went on (ignoreErrors), in order */
	entryErrors: MediaError[];
	/** the time limit (config.timeout) ended a live recording, which yt-dlp finished and kept */
	cutAtLimit?: true;
}

/**
 * On a live stream the time limit is the recording length. yt-dlp, interrupted, stops its ffmpeg cleanly and
 * post-processes the recording (remux, metadata): for a long recording that is a full copy of a big file.
 */
function finishGraceMs(timeoutSec: number): number {
	return Math.max(60_000, timeoutSec * 100);
}

/** yt-dlp's info says the stream was live while it was recorded (2023.03 and 2026 both set is_live). */
function wasLive(raw: Record<string, unknown>): boolean {
	return raw.is_live === true || raw.live_status === 'is_live';
}

/** One yt-dlp download run with one format strictness. Throws a classified MediaError when nothing came of it. */
export async function attemptDownload(url: string, config: DownloadConfig, strictness: SelectorStrictness, options: AttemptOptions): Promise<AttemptResult> {
	const workDir = await mkdtemp(path.join(os.tmpdir(), 'mdl-run-'));
	const hashes: LiveHash[] = [];
	try {
		const resultsFile = path.join(workDir, 'finished.jsonl');
		const args = downloadFlags(config, { resultsFile, strictness, playlist: options.playlist, playlistItems: options.playlistItems });
		const result = await runYtDlp(args, [url], {
			auth: options.auth,
			signal: options.signal,
			timeoutMs: config.timeout * 1000,
			// A live recording interrupted at the limit is finished and kept by yt-dlp; anything else is not.
			onTimeout: 'interrupt',
			interruptGraceMs: finishGraceMs(config.timeout),
			enableFileUrls: options.enableFileUrls,
			keepStdout: true,
			onStdoutLine: (line) => {
				const progress = parseProgressLine(line);
				if (progress) options.onProgress?.(progress);
				// Only verification reads the probe.
				if (progress?.status === 'finished' && config.verifyDownload) hashes.at(-1)?.probeWhenFinished((file) => probeMedia(file, { paths: options.auth.paths, signal: options.signal }));
				const destination = progress ? undefined : destinationOf(line);
				if (destination) hashes.push(new LiveHash(path.resolve(config.outputDir, destination), config.checksum, workDir));
			},
		});
		const settled = (await Promise.all(hashes.map((h) => h.settle()))).filter((h) => h !== undefined);
		const finished = await Promise.all(
			(await readFinished(resultsFile)).map(async (file) => {
				// Same inode and size: yt-dlp only renamed the file we hashed while it was written.
				const info = await stat(file.filepath).catch(() => undefined);
				const match = info && settled.find((h) => h.inode === info.ino && h.size === info.size);
				return match ? { ...file, ...(match.checksum ? { checksum: match.checksum } : {}), ...(match.probe ? { probe: match.probe } : {}) } : file;
			}),
		);
		const skips = readSkips(result.stdout);
		const errors = errorLines(result.stderr).map((line) => {
			const error = classifyFailure(line, url, tail(result.stderr));
			// yt-dlp already spent --retries on a failing download itself: retrying the whole run would multiply them.
			return error.retryable && ALREADY_RETRIED.test(line) ? new MediaError(error.kind, error.message, { url, stderr: error.stderr, retryable: false }) : error;
		});
		if (result.timedOut) {
			// yt-dlp finishes only a live recording when interrupted; any other download cut at the limit failed.
			const cut = finished.findLast((file) => wasLive(file.raw));
			if (!cut) throw timeoutError(result.ytdlp.path, config.timeout * 1000, result.stderr, url);
			return { finished: finished.map((file) => (file === cut ? { ...file, cutAtLimit: true as const } : file)), skips, entryErrors: errors, cutAtLimit: true };
		}
		// yt-dlp exits 101 when --max-downloads stopped it: that is the limit working, not a failure.
		const stoppedByLimit = result.exitCode === 101;
		const nothing = finished.length === 0 && skips.archived.length === 0 && skips.existing.length === 0;
		if (nothing && skips.sizeRejected.length > 0)
			throw new MediaError('Verification', skips.sizeRejected[0], { url, hint: 'Change Min/Max File Size, or pick a lower quality.' });
		if ((result.exitCode !== 0 && !stoppedByLimit && nothing) || (nothing && errors.length > 0))
			throw errors[0] ?? classifyFailure(tail(result.stderr) || `yt-dlp exited with code ${result.exitCode}`, url, tail(result.stderr));
		return { finished, skips, entryErrors: errors };
	} finally {
		await Promise.all(hashes.map((h) => h.dispose()));
		await rm(workDir, { recursive: true, force: true });
	}
}
