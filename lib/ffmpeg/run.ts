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

/** ffmpeg's own explanation is its last non-empty stderr line ("Invalid data found when processing input"). */
export function lastLine(stderr: string): string {
	return tail(stderr, 1).replace(/^\[[^\]]+\]\s*/, '').trim();
}

/** Runs ffmpeg; a non-zero exit becomes MediaError('Postprocess') saying what was being done. */
export async function runFfmpeg(args: string[], what: string, opts: FfmpegOptions = {}): Promise<RunResult> {
	const ffmpeg = await getProgram('ffmpeg', opts.paths);
	const result = await runProgram(ffmpeg.path, ['-hide_banner', '-nostdin', ...args], { signal: opts.signal, timeoutMs: opts.timeoutMs });
	if (result.exitCode !== 0)
		throw new MediaError('Postprocess', `${what} failed: ${lastLine(result.stderr) || `ffmpeg exited with code ${result.exitCode}`}`, {
			stderr: tail(result.stderr),
		});
	return result;
}

/** Runs ffprobe and returns the run as it is: the caller decides what a failure means. */
export async function runFfprobe(args: string[], opts: FfmpegOptions = {}): Promise<RunResult> {
	const ffprobe = await getProgram('ffprobe', opts.paths);
	return runProgram(ffprobe.path, ['-hide_banner', ...args], { signal: opts.signal, timeoutMs: opts.timeoutMs });
}
