/** Markup state that crosses line breaks inside one cue. */
export interface TagState {
	/** Speaker of the open `<v Name>` span. */
	voice?: string;
	/** Inside `<rt>`: ruby readings would repeat the base text, so they are dropped. */
	inRuby: boolean;
}

export interface StrippedLine {
	text: string;
	/** The `<v>` speaker in effect where the line's text begins. */
	voice?: string;
}

/**
 * Removes WebVTT markup from one line of a cue that has voice or ruby spans (other lines take the
 * one-regex path in clean.ts). Every `<...>` is a tag; a `<` not closed before the next `<` or the
 * end of the line is a truncated tag (live streams cut `</c` mid-tag) and is dropped. The next `>`
 * is remembered, so a line of ten million `<` stays linear.
 */
export function stripTags(line: string, state: TagState): StrippedLine {
	let out = '';
	let voice: string | undefined;
	let voiceFixed = false;
	let i = 0;
	let nextGt = -2;
	let lt = line.indexOf('<');

	const emit = (text: string): void => {
		if (state.inRuby || text.length === 0) return;
		if (!voiceFixed && /\S/.test(text)) {
			voice = state.voice;
			voiceFixed = true;
		}
		out += text;
	};

	while (i < line.length) {
		if (lt === -1) {
			emit(line.slice(i));
			break;
		}
		emit(line.slice(i, lt));
		if (nextGt === -2 || (nextGt !== -1 && nextGt < lt)) nextGt = line.indexOf('>', lt + 1);
		const following = line.indexOf('<', lt + 1);
		if (nextGt !== -1 && (following === -1 || nextGt < following)) {
			applyTag(line.slice(lt + 1, nextGt), state);
			i = nextGt + 1;
			lt = following;
		} else {
			i = following === -1 ? line.length : following;
			lt = following;
		}
	}
	return voiceFixed ? { text: out, voice } : { text: out, voice: state.voice };
}

function applyTag(tag: string, state: TagState): void {
	const closing = tag.charCodeAt(0) === 47; /* / */
	const body = closing ? tag.slice(1) : tag;
	let end = 0;
	while (end < body.length && body[end] !== ' ' && body[end] !== '\t' && body[end] !== '.') end++;
	const name = body.slice(0, end).toLowerCase();
	if (name === 'v') {
		if (closing) {
			state.voice = undefined;
		} else {
			const space = body.search(/[ \t]/);
			const who = space === -1 ? '' : body.slice(space + 1).trim();
			state.voice = who || undefined;
		}
	} else if (name === 'rt') {
		state.inRuby = !closing;
	}
}

/**
 * Scratch space for stripOtherTags: the line's UTF-16 code units, compacted in place. Node writes
 * and reads it natively (and makes a one-byte string when it can), so a line costs two copies and
 * one pass here, where a regex replace builds a rope of slices that must then be flattened.
 */
const scratch = Buffer.allocUnsafeSlow(65536);
const scratchUnits = new Uint16Array(scratch.buffer, 0, scratch.length >> 1);

/**
 * One line without its WebVTT tags, as the regex `<[^<>]*(?:>|$|(?=<))` strips them: a tag runs to
 * its `>`, or stops before the next `<` or at the end of the line (a tag cut off). Linear: no `<`
 * is passed twice. With `stateful`, null at the first `<v` or `<r` (either case: voice or ruby, or
 * the odd false alarm): that line needs stripTags. With `collapse`, runs of spaces, tabs and
 * no-break spaces in what is kept become one space, as collapseSpaces does (bar its trim).
 */
export function stripOtherTags(line: string, stateful: boolean, collapse: boolean): string | null {
	const n = line.length;
	// A line too long for the scratch space (32K characters) gets space of its own, which is not kept.
	const buf = n <= scratchUnits.length ? scratch : Buffer.allocUnsafeSlow(n * 2);
	const u = buf === scratch ? scratchUnits : new Uint16Array(buf.buffer, 0, n);
	buf.write(line, 0, 'utf16le');
	let out = 0;
	let inRun = false;
	let i = 0;
	while (i < n) {
		const c = u[i];
		if (c === 0x3c /* < */) {
			if (stateful && i + 1 < n) {
				const d = u[i + 1] | 0x20; // lower case
				if (d === 0x76 /* v */ || d === 0x72 /* r */) return null;
			}
			// To the `>` (kept out) or the next `<` (kept in): `| 2` maps both, and only them, to `>`.
			for (i++; i < n; i++) {
				const e = u[i];
				if ((e | 2) === 0x3e) {
					if (e === 0x3e) i++;
					break;
				}
			}
			continue;
		}
		i++;
		// One test for most characters: only these can be a space, tab or no-break space.
		if ((c <= 0x20 || c === 0xa0) && collapse && (c === 0x20 || c === 0x09 || c === 0xa0)) {
			if (!inRun) u[out++] = 0x20;
			inRun = true;
			continue;
		}
		inRun = false;
		u[out++] = c;
	}
	return buf.toString('utf16le', 0, out * 2);
}
