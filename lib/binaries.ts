import { accessSync, constants } from 'node:fs';
import path from 'node:path';

import { MediaError } from './errors';
import { runProgram } from './process';
import { hasJsRuntimesFlag, helpFlags, jsRuntimeFlags, versionFlags } from './ytdlpFlags';

export type ProgramName = 'yt-dlp' | 'ffmpeg' | 'ffprobe';

/** Paths a user set (credential fields); empty strings count as unset. */
export interface ProgramPaths {
	ytdlpPath?: string;
	ffmpegPath?: string;
	ffprobePath?: string;
}

export interface Program {
	name: ProgramName;
	path: string;
	version: string;
}

export interface YtDlp extends Program {
	/** yt-dlp ≥ 2025.11.12 has --js-runtimes (YouTube needs a JavaScript runtime). */
	supportsJsRuntimes: boolean;
	/** Extra arguments every yt-dlp run needs on this machine (JavaScript runtime choice). */
	baseArgs: string[];
}

const ENV_VARS: Record<ProgramName, string> = { 'yt-dlp': 'YTDLP_PATH', ffmpeg: 'FFMPEG_PATH', ffprobe: 'FFPROBE_PATH' };
const PATH_KEYS: Record<ProgramName, keyof ProgramPaths> = { 'yt-dlp': 'ytdlpPath', ffmpeg: 'ffmpegPath', ffprobe: 'ffprobePath' };

function isExecutable(file: string): boolean {
	try {
		accessSync(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

/** First executable named `name` on PATH, or undefined. */
export function findOnPath(name: string, envPath = process.env.PATH ?? ''): string | undefined {
	for (const dir of envPath.split(path.delimiter)) {
		if (!dir) continue;
		const candidate = path.join(dir, name);
		if (isExecutable(candidate)) return candidate;
	}
	return undefined;
}

function missing(name: ProgramName, detail: string): MediaError {
	return new MediaError('BinaryMissing', `${name} was not found (${detail}).`);
}

/** Credential path → environment variable → PATH. An explicit path that is wrong is an error, not a fallback. */
export function locateProgram(name: ProgramName, paths: ProgramPaths = {}): string {
	const explicit = paths[PATH_KEYS[name]]?.trim() || process.env[ENV_VARS[name]]?.trim();
	if (explicit) {
		if (!isExecutable(explicit)) throw missing(name, `"${explicit}" is not an executable file`);
		return explicit;
	}
	const found = findOnPath(name);
	if (!found) throw missing(name, 'not on PATH');
	return found;
}

const versionCache = new Map<string, Promise<string>>();

/**
 * Runs a probe (version, help) like any other run: own process group, killed with what it started at
 * the time limit. Whatever keeps it from answering means the program is not usable: BinaryMissing.
 */
async function probe(name: ProgramName, file: string, args: string[]): Promise<string> {
	let failure: string;
	let cause: unknown;
	try {
		const result = await runProgram(file, args, { timeoutMs: 30_000 });
		if (result.exitCode === 0) return result.stdout;
		failure = `exited with code ${result.exitCode}${result.stderr.trim() ? `: ${result.stderr.trim().split('\n').pop()}` : ''}`;
	} catch (error) {
		failure = (error as Error).message.split('\n')[0];
		cause = error;
	}
	throw new MediaError('BinaryMissing', `${name} at "${file}" did not run: ${failure}`, { cause });
}

async function readVersion(name: ProgramName, file: string): Promise<string> {
	// ffmpeg and ffprobe spell it with one dash.
	const stdout = await probe(name, file, name === 'yt-dlp' ? versionFlags() : ['-version']);
	if (name === 'yt-dlp') return stdout.trim().split(/\s+/)[0];
	const match = /version\s+(\S+)/.exec(stdout);
	return match ? match[1] : 'unknown';
}

/** Reads a program's version once per process and path. */
export async function getProgram(name: ProgramName, paths: ProgramPaths = {}): Promise<Program> {
	const file = locateProgram(name, paths);
	let version = versionCache.get(file);
	if (!version) {
		version = readVersion(name, file);
		versionCache.set(file, version);
		version.catch(() => versionCache.delete(file));
	}
	return { name, path: file, version: await version };
}

const helpCache = new Map<string, Promise<string>>();

/** yt-dlp's --help, read once per path: features are detected from it, never assumed from a version. */
async function readHelp(file: string): Promise<string> {
	let help = helpCache.get(file);
	if (!help) {
		help = probe('yt-dlp', file, helpFlags());
		helpCache.set(file, help);
		help.catch(() => helpCache.delete(file));
	}
	return help;
}

export async function getYtDlp(paths: ProgramPaths = {}): Promise<YtDlp> {
	const program = await getProgram('yt-dlp', paths);
	const help = await readHelp(program.path);
	const supportsJsRuntimes = hasJsRuntimesFlag(help);
	return { ...program, supportsJsRuntimes, baseArgs: jsRuntimeFlags(supportsJsRuntimes, findOnPath('deno'), process.execPath) };
}

/** Versions of all three programs, for the README's troubleshooting and the node's diagnostics. */
export async function programVersions(paths: ProgramPaths = {}): Promise<Record<ProgramName, string | null>> {
	const names: ProgramName[] = ['yt-dlp', 'ffmpeg', 'ffprobe'];
	const versions = await Promise.all(names.map((n) => getProgram(n, paths).then((p) => p.version, () => null)));
	return Object.fromEntries(names.map((n, i) => [n, versions[i]])) as Record<ProgramName, string | null>;
}
