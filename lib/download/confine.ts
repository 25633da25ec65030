import { randomBytes } from 'node:crypto';
import { lstat, realpath, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { MediaError } from '../errors';
import { expandHome } from '../home';
import { runPathCheck } from '../urls';

/** A caller's file-access rule (n8n's, in the nodes): throws to refuse a path. */
export type PathCheck = (absolutePath: string) => void | Promise<void>;

/**
 * Where an absolute path really leads: the realpath of its deepest existing ancestor plus the parts that
 * do not exist yet (a new file in a symlinked folder goes where the link points). A dangling symlink has
 * no answer (writing through it would create its target, wherever that is): undefined.
 */
export async function realTarget(absolute: string): Promise<string | undefined> {
	const missing: string[] = [];
	let current = absolute;
	for (;;) {
		const entry = await lstat(current).catch(() => undefined);
		if (entry) {
			const real = await realpath(current).catch(() => undefined);
			return real === undefined ? undefined : path.join(real, ...missing);
		}
		const parent = path.dirname(current);
		if (parent === current) return path.join(current, ...missing);
		missing.unshift(path.basename(current));
		current = parent;
	}
}

/** Whether `target` lies below `root` (both real paths); the folder itself is not within itself. */
export function within(root: string, target: string): boolean {
	const relative = path.relative(root, target);
	// A name may start with dots ("..⧸x" is one file name): only a first segment of exactly ".." leaves.
	return relative !== '' && relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative);
}

/** Whether `file` (resolved through symlinks, also for parts that do not exist yet) lies inside `folder`. */
export async function isInside(folder: string, file: string): Promise<boolean> {
	const [root, target] = await Promise.all([realTarget(path.resolve(folder)), realTarget(path.resolve(file))]);
	return root !== undefined && target !== undefined && within(root, target);
}

/** Throws unless every path stays inside the output folder (the last line of defence after template checks). */
export async function assertInside(folder: string, files: string[], what = 'The file'): Promise<void> {
	for (const file of files)
		if (!(await isInside(folder, file)))
			throw new MediaError('InvalidInput', `${what} "${file}" would be outside the output folder ${folder}; the download was refused`, {
				hint: 'Use an output template that keeps files inside the output folder.',
			});
}

/**
 * THE way a path-valued option becomes a path we write: `~` expanded, resolved against the output
 * folder, refused when it leaves it (`..`, an absolute path elsewhere, a symlink pointing out), then the
 * caller's check (n8n's file-access rules) on where it really leads. Returns that real path, so yt-dlp
 * gets the place that was checked.
 */
export async function resolveInside(outputDir: string, value: string, what: string, check?: PathCheck): Promise<string> {
	const root = await realTarget(path.resolve(outputDir));
	const absolute = path.resolve(outputDir, expandHome(value));
	const outside = () =>
		new MediaError('InvalidInput', `${what} "${value}" leads outside the output folder ${outputDir}; it was refused`, {
			hint: `Give ${what} as a path relative to the output folder, without ".." and without symlinks that point elsewhere.`,
		});
	if (root === undefined || !within(path.resolve(outputDir), absolute)) throw outside();
	const target = await realTarget(absolute);
	if (target === undefined || !within(root, target)) throw outside();
	await checkNamed(what, check, target);
	return target;
}

/**
 * Writes a file of ours (the transcript's Markdown) as resolveInside allows: where the path really leads,
 * after the caller's check. The bytes go to a new hidden name first ('wx' never follows a link) and are
 * renamed into place, which replaces a symlink planted at the name meanwhile instead of writing through it.
 */
export async function writeInside(outputDir: string, value: string, data: string, what: string, check?: PathCheck): Promise<string> {
	const target = await resolveInside(outputDir, value, what, check);
	const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
	try {
		await writeFile(temp, data, { flag: 'wx' });
		await rename(temp, target);
	} finally {
		await rm(temp, { force: true });
	}
	return target;
}

/**
 * A file we only read (the cookie file): it may live anywhere the caller's read rules allow, so it is not
 * confined to the output folder; the check sees the real path (through symlinks), and that is what is read.
 */
export async function resolveReadable(value: string, what: string, check?: PathCheck): Promise<string> {
	const absolute = path.resolve(expandHome(value));
	const target = await realpath(absolute).catch((error: NodeJS.ErrnoException) => {
		throw new MediaError('InvalidInput', `${what} "${value}" cannot be read (${error.code ?? error.message})`);
	});
	await checkNamed(what, check, target);
	return target;
}

/** Runs the caller's check; a refusal names the option, so the user knows which field to fix. */
export async function checkNamed(what: string, check: PathCheck | undefined, absolutePath: string): Promise<void> {
	try {
		await runPathCheck(check, absolutePath);
	} catch (error) {
		const e = error as MediaError;
		throw new MediaError(e.kind, `${what}: ${e.message}`, { url: e.url, hint: e.hint });
	}
}
