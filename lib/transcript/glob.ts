/**
 * File selection for folder conversion: a glob (`*.vtt`, `**\/*.{srt,vtt}`, `talk-??.srt`) or a list
 * of extensions (`['.vtt', 'srt']`). Written here rather than taken from a glob package: this small
 * subset is all a caption folder needs, and the folder walk (symlinks, confinement) is ours anyway.
 */
export type FileMatcher = (relativePath: string) => boolean;

/** Matches a path relative to the folder, `/`-separated; a glob without `/` matches file names in any folder. */
export function fileMatcher(pattern: string | readonly string[]): FileMatcher {
	if (typeof pattern !== 'string') {
		const extensions = new Set(pattern.map((e) => (e.startsWith('.') ? e : `.${e}`).toLowerCase()));
		return (p) => {
			const dot = p.lastIndexOf('.');
			return dot > p.lastIndexOf('/') + 1 && extensions.has(p.slice(dot).toLowerCase());
		};
	}
	const re = globToRegExp(pattern);
	const byName = pattern.indexOf('/') === -1;
	return (p) => re.test(byName ? p.slice(p.lastIndexOf('/') + 1) : p);
}

/** `**` any folders, `*` and `?` within a name, `{a,b}` alternatives, `[…]` classes; case-insensitive, so `*.vtt` also finds `TALK.VTT`. */
export function globToRegExp(glob: string): RegExp {
	let re = '';
	let braces = 0;
	for (let i = 0; i < glob.length; i++) {
		const c = glob[i];
		if (c === '*') {
			if (glob[i + 1] === '*') {
				// `**/` is zero or more folders; a trailing `**` anything.
				const slash = glob[i + 2] === '/';
				re += slash ? '(?:[^/]*/)*' : '.*';
				i += slash ? 2 : 1;
			} else {
				re += '[^/]*';
			}
		} else if (c === '?') {
			re += '[^/]';
		} else if (c === '{') {
			braces++;
			re += '(?:';
		} else if (c === '}' && braces > 0) {
			braces--;
			re += ')';
		} else if (c === ',' && braces > 0) {
			re += '|';
		} else if (c === '[') {
			const close = glob.indexOf(']', i + 2);
			if (close === -1) {
				re += '\\[';
			} else {
				const body = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
				re += `[${body[0] === '!' ? '^' + body.slice(1) : body}]`;
				i = close;
			}
		} else {
			re += c.replace(/[.+^$()|\\\]{}]/g, '\\$&');
		}
	}
	while (braces-- > 0) re += ')';
	return new RegExp(`^${re}$`, 'i');
}
