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
