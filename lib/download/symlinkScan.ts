import { lstat, opendir, readlink, realpath } from 'node:fs/promises';
import path from 'node:path';

import { within } from './confine';

/** How much of a folder a walk looks at: a library folder may hold a million files. */
export interface WalkLimits {
	/** levels below the folder: 1 = its own entries */
	maxDepth: number;
	/** entries (files, folders, links) looked at before the walk stops */
	maxEntries: number;
}

export interface OutsideLink {
	/** the link, as found under the folder */
	link: string;
	/** where a write through it lands (a real path, or one that a write would create) */
	leadsTo: string;
}

export interface FolderScan {
	/** the folder, as a real path */
	root: string;
	/** links whose destination is outside the folder, in walk order (shallow first) */
	outside: OutsideLink[];
	/** regular files, outside the skipped folders, that `previous` had not seen */
	added: string[];
	/** every path looked at (to tell what a later walk finds new) */
	seen: Set<string>;
	entries: number;
	/** the walk stopped at maxEntries: what it had not reached was not looked at */
	truncated: boolean;
}

/** The kernel gives up after 40 links in one path (ELOOP): so do we. */
const MAX_HOPS = 40;

/**
 * Where a write to `file` lands, followed as the kernel follows it: through every link, also dangling ones
 * (writing through one creates its target) and links in the folders of the path. Undefined for a loop of
 * links, which no write gets through.
 */
export async function writeDestination(file: string): Promise<string | undefined> {
	const real = await realpath(file).catch(() => undefined);
	if (real !== undefined) return real;
	const absolute = path.resolve(file);
	let current = path.parse(absolute).root;
	let rest = absolute.split(path.sep).filter(Boolean);
	let hops = 0;
	while (rest.length > 0) {
		const [name, ...after] = rest;
		rest = after;
		if (name === '.') continue;
		// `current` holds no links, so ".." is its real parent, as for the kernel.
		if (name === '..') {
			current = path.dirname(current);
			continue;
		}
		const next = path.join(current, name);
		const entry = await lstat(next).catch(() => undefined);
		if (!entry) return path.join(next, ...rest);
		if (!entry.isSymbolicLink()) {
			current = next;
			continue;
		}
		if (++hops > MAX_HOPS) return undefined;
		const text = await readlink(next);
		if (path.isAbsolute(text)) current = path.parse(text).root;
		rest = [...text.split(path.sep).filter(Boolean), ...rest];
	}
	return current;
}

/**
 * A breadth-first walk of `folder` (shallow levels first, so the levels a download writes into are looked
 * at before deeper ones), never into a symlinked folder: it reports every symlink whose destination is
 * outside the folder (a link to the folder itself or below it stays inside), and, given an earlier walk,
 * the regular files that appeared since (not inside folders that `skip` names). Folders it cannot read are
 * passed over.
 */
export async function scanFolder(folder: string, limits: WalkLimits, options: { previous?: FolderScan; skip?: (name: string) => boolean } = {}): Promise<FolderScan> {
	const root = await realpath(folder);
	const scan: FolderScan = { root, outside: [], added: [], seen: new Set(), entries: 0, truncated: false };
	let level: Array<{ dir: string; skipped: boolean }> = [{ dir: root, skipped: false }];
	for (let depth = 1; depth <= limits.maxDepth && level.length > 0; depth++) {
		const below: typeof level = [];
		for (const { dir, skipped } of level) {
			// Read in batches, so that a huge folder costs only up to the limit (readdir would list it all).
			const handle = await opendir(dir, { bufferSize: 1024 }).catch(() => undefined);
			if (!handle) continue;
			try {
				for (let entry = await handle.read(); entry !== null; entry = await handle.read()) {
					if (scan.entries >= limits.maxEntries) {
						scan.truncated = true;
						return scan;
					}
					scan.entries++;
					const full = path.join(dir, entry.name);
					scan.seen.add(full);
					if (entry.isSymbolicLink()) {
						const leadsTo = await writeDestination(full);
						if (leadsTo !== undefined && leadsTo !== root && !within(root, leadsTo)) scan.outside.push({ link: full, leadsTo });
					} else if (entry.isDirectory()) below.push({ dir: full, skipped: skipped || (options.skip?.(entry.name) ?? false) });
					else if (entry.isFile() && options.previous && !skipped && !options.previous.seen.has(full)) scan.added.push(full);
				}
			} finally {
				await handle.close().catch(() => undefined);
			}
		}
		level = below;
	}
	return scan;
}
