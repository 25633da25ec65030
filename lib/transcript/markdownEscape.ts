/**
 * Escapes caption text for CommonMark/GFM so it shows as written: emphasis delimiters that could
 * pair up, code spans, HTML-looking tags, link syntax, entities, and block markers at a line start.
 * Characters that cannot change the rendering stay unescaped ("0 * coin0", "SPEAKER_03", "[ __ ]"),
 * which keeps the raw Markdown readable.
 */
export function escapeMarkdown(text: string, lineStart = true): string {
	if (!INLINE_SPECIAL.test(text)) return lineStart ? escapeBlockStart(text) : text;
	let out = '';
	let last = 0;
	const n = text.length;
	for (let i = 0; i < n; i++) {
		const c = text.charCodeAt(i);
		let escape = false;
		switch (c) {
			case 0x5c: // \
			case 0x60: // `
				escape = true;
				break;
			case 0x2a: // *
			case 0x5f: // _
			case 0x7e: {
				// ~
				let j = i;
				while (j < n && text.charCodeAt(j) === c) j++;
				if (!inertRun(text, i, j, c)) {
					out += text.slice(last, i) + ('\\' + text[i]).repeat(j - i);
					last = j;
				}
				i = j - 1;
				continue;
			}
			case 0x3c: // <
				escape = /[A-Za-z/!?]/.test(text[i + 1] ?? '');
				break;
			case 0x5d: // ] before ( makes a link
				escape = text.charCodeAt(i + 1) === 0x28;
				break;
			case 0x26: // & before a name or # makes an entity
				escape = /^&#?[A-Za-z0-9]+;/.test(text.slice(i, i + 34));
				break;
		}
		if (escape) {
			out += text.slice(last, i) + '\\';
			last = i;
		}
	}
	out += text.slice(last);
	return lineStart ? escapeBlockStart(out) : out;
}

/** Characters the inline pass may have to escape; most caption paragraphs have none. */
const INLINE_SPECIAL = /[\\`*_~<\]&]/;

/** A delimiter run that can neither open nor close emphasis: spaces on both sides, or `_` inside a word. */
function inertRun(text: string, from: number, to: number, c: number): boolean {
	if (c === 0x7e) return to - from === 1;
	const before = from > 0 ? text[from - 1] : ' ';
	const after = to < text.length ? text[to] : ' ';
	const spaceBefore = /\s/.test(before);
	const spaceAfter = /\s/.test(after);
	if (spaceBefore && spaceAfter) return true;
	return c === 0x5f && /[\p{L}\p{N}]/u.test(before) && /[\p{L}\p{N}]/u.test(after);
}

/** `- `, `+ `, `# `, `> `, `1. `, `1) `, fences and `=`/`-` lines would turn a paragraph into a block. */
function escapeBlockStart(line: string): string {
	const first = line[0];
	if (first === '#' || first === '>' || first === '|' || first === '=') return '\\' + line;
	if ((first === '-' || first === '+' || first === '*') && (line.length === 1 || line[1] === ' ' || line[1] === first)) {
		return '\\' + line;
	}
	const ordered = /^(\d{1,9})([.)])(?: |$)/.exec(line);
	if (ordered) return ordered[1] + '\\' + line.slice(ordered[1].length);
	return line;
}
