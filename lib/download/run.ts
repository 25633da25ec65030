import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { toYtDlpArgs, type DownloadConfig, type SelectorStrictness } from '../config';
import { classifyFailure, errorLines, MediaError, tail } from '../errors';
import { parseProgressLine, type Progress } from '../progress';
import { runYtDlp, type SiteAuth } from '../ytdlp';
import { readFinished, readSkips, type FinishedFile, type SkipNotes } from './results';

/** Failures of yt-dlp's own downloader, which it retried --retries times before giving up. */
const ALREADY_RETRIED = /unable to download video data|giving up after \d+ (fragment )?retries|fragment \d+ not found/i;

export interface AttemptOptions {
	auth: SiteAuth;
	signal?: AbortSignal;
	onProgress?: (progress: Progress) => void;
	playlist?: boolean;
	enableFileUrls?: boolean;
}

export interface AttemptResult {
	finished: FinishedFile[];
	skips: SkipNotes;
	/** yt-dlp's errors for entries when it went on (ignoreErrors), in order */
	entryErrors: MediaError[];
}

/** One yt-dlp download run with one format strictness. Throws a classified MediaError when nothing came of it. */
export async function attemptDownload(url: string, config: DownloadConfig, strictness: SelectorStrictness, options: AttemptOptions): Promise<AttemptResult> {
	const workDir = await mkdtemp(path.join(os.tmpdir(), 'mdl-run-'));
	try {
		const resultsFile = path.join(workDir, 'finished.jsonl');
		const args = toYtDlpArgs(config, { resultsFile, strictness, playlist: options.playlist });
		const result = await runYtDlp(args, [url], {
			auth: options.auth,
			signal: options.signal,
			timeoutMs: config.timeout * 1000,
			enableFileUrls: options.enableFileUrls,
			keepStdout: true,
			onStdoutLine: options.onProgress
				? (line) => {
						const progress = parseProgressLine(line);
						if (progress) options.onProgress!(progress);
					}
				: undefined,
		});
		const finished = await readFinished(resultsFile);
		const skips = readSkips(result.stdout);
		const errors = errorLines(result.stderr).map((line) => {
			const error = classifyFailure(line, url, tail(result.stderr));
			// yt-dlp already spent --retries on a failing download itself: retrying the whole run would multiply them.
			return error.retryable && ALREADY_RETRIED.test(line) ? new MediaError(error.kind, error.message, { url, stderr: error.stderr, retryable: false }) : error;
		});
		// yt-dlp exits 101 when --max-downloads stopped it: that is the limit working, not a failure.
		const stoppedByLimit = result.exitCode === 101;
		const nothing = finished.length === 0 && skips.archived.length === 0 && skips.existing.length === 0;
		if (nothing && skips.sizeRejected.length > 0)
			throw new MediaError('Verification', skips.sizeRejected[0], { url, hint: 'Change Min/Max File Size, or pick a lower quality.' });
		if ((result.exitCode !== 0 && !stoppedByLimit && nothing) || (nothing && errors.length > 0))
			throw errors[0] ?? classifyFailure(tail(result.stderr) || `yt-dlp exited with code ${result.exitCode}`, url, tail(result.stderr));
		return { finished, skips, entryErrors: errors };
	} finally {
		await rm(workDir, { recursive: true, force: true });
	}
}
