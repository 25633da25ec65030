import { getProgram, type ProgramPaths } from '../binaries';
import { MediaError, tail } from '../errors';
import { runProgram, type RunResult } from '../process';

/** What every function here that starts ffmpeg or ffprobe accepts. */
export interface FfmpegOptions {
	/** Program paths from the credential; else FFMPEG_PATH/FFPROBE_PATH, else PATH. */
	paths?: ProgramPaths;
	/** Cancels the run: the program is killed and its partial output removed. */
	signal?: AbortSignal;
	/** Limit per program run; 0 or unset: none. */
	timeoutMs?: number;
}

/** The last non-empty stderr line without its "[demuxer @ 0x…]" prefix. */
export function lastLine(stderr: string): string {
	return tail(stderr, 1).replace(/^\[[^\]]+\]\s*/, '').trim();
}

/**
 * The cause of an ffmpeg failure. Runs use `-loglevel level+…`, which tags every line "[error]", "[info]"…;
 * the first error line is the specific one ("Only VP8 or VP9 … are supported for WebM."), the ones after it
 * are ffmpeg's generic follow-ups ("Could not write header", "Conversion failed!").
 */
export function ffmpegReason(stderr: string): string {
	for (const line of stderr.split(/\r?\n/)) {
		const match = /\[(?:error|fatal|panic)\]\s*(.*)$/.exec(line);
		if (match?.[1].trim()) return match[1].trim();
	}
	return lastLine(stderr);
}

/**
 * Runs ffmpeg logging at `level` (info when a filter's report is needed, else error); a non-zero exit
 * becomes MediaError('Postprocess') saying what was being done and why it failed.
 */
export async function runFfmpeg(args: string[], what: string, opts: FfmpegOptions = {}, level: 'error' | 'info' = 'error'): Promise<RunResult> {
	const ffmpeg = await getProgram('ffmpeg', opts.paths);
	const result = await runProgram(ffmpeg.path, ['-hide_banner', '-nostdin', '-nostats', '-loglevel', `level+${level}`, ...args], {
		signal: opts.signal,
		timeoutMs: opts.timeoutMs,
	});
	if (result.exitCode !== 0)
		throw new MediaError('Postprocess', `${what} failed: ${ffmpegReason(result.stderr) || `ffmpeg exited with code ${result.exitCode}`}`, {
			stderr: tail(result.stderr),
		});
	return result;
}

/** Runs ffprobe and returns the run as it is: the caller decides what a failure means. */
export async function runFfprobe(args: string[], opts: FfmpegOptions = {}): Promise<RunResult> {
	const ffprobe = await getProgram('ffprobe', opts.paths);
	return runProgram(ffprobe.path, ['-hide_banner', ...args], { signal: opts.signal, timeoutMs: opts.timeoutMs });
}
