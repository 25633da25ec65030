import { realpath } from 'node:fs/promises';
import path from 'node:path';

import { MediaError } from '../errors';

/** Whether `file` (resolved through symlinks) lies inside `folder`. */
export async function isInside(folder: string, file: string): Promise<boolean> {
	const [root, target] = await Promise.all([realpath(folder), realpath(file).catch(() => path.resolve(file))]);
	const relative = path.relative(root, target);
	// A name may start with dots ("..⧸x" is one file name): only a first segment of exactly ".." leaves.
	return relative !== '' && relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative);
}

/** Throws unless every path stays inside the output folder (the last line of defence after template checks). */
export async function assertInside(folder: string, files: string[]): Promise<void> {
	for (const file of files)
		if (!(await isInside(folder, file)))
			throw new MediaError('InvalidInput', `"${file}" would be outside the output folder ${folder}; the download was refused`, {
				hint: 'Use an output template that keeps files inside the output folder.',
			});
}
