import { decodeEntities } from './entities';
import type { Warnings } from './warnings';

export interface XmlHandler {
	/** `name` keeps its prefix (`tt:p`); use localName() to compare. */
	open(name: string, attrs: Map<string, string>, line: number): void;
	close(name: string): void;
	text(text: string): void;
}

/**
 * A forgiving, linear XML reader for caption files (TTML, DFXP, YouTube timedtext): elements,
 * attributes, text with entities decoded, comments, CDATA. No DOM and no validation: a truncated or
 * sloppy file still yields everything before the damage, with a warning.
 */
export function scanXml(xml: string, handler: XmlHandler, warnings: Warnings): void {
	const lines = new LineCounter(xml);
	let i = 0;
	while (i < xml.length) {
		const lt = xml.indexOf('<', i);
		if (lt === -1) {
			handler.text(decodeEntities(xml.slice(i)));
			return;
		}
		if (lt > i) handler.text(decodeEntities(xml.slice(i, lt)));
		if (xml.startsWith('<!--', lt)) {
			i = skipTo(xml, lt + 4, '-->');
		} else if (xml.startsWith('<![CDATA[', lt)) {
			const end = xml.indexOf(']]>', lt + 9);
			handler.text(xml.slice(lt + 9, end === -1 ? xml.length : end));
			i = end === -1 ? xml.length : end + 3;
		} else if (xml[lt + 1] === '?') {
			i = skipTo(xml, lt + 2, '?>');
		} else if (xml[lt + 1] === '!') {
			i = skipTo(xml, lt + 2, '>');
		} else if (xml[lt + 1] === '/') {
			const gt = xml.indexOf('>', lt + 2);
			if (gt === -1) break;
			handler.close(xml.slice(lt + 2, gt).trim());
			i = gt + 1;
		} else if (isNameStart(xml.charCodeAt(lt + 1))) {
			const end = readTag(xml, lt, handler, lines.lineAt(lt));
			if (end === -1) {
				warnings.add('xml-truncated', 'the XML ends inside a tag; the rest was ignored', lines.lineAt(lt));
				return;
			}
			i = end;
		} else {
			handler.text('<');
			i = lt + 1;
		}
	}
}

function skipTo(xml: string, from: number, marker: string): number {
	const at = xml.indexOf(marker, from);
	return at === -1 ? xml.length : at + marker.length;
}

/** Reads `<name attr="v" ...>` or `<name/>` starting at `lt`; returns the index after it, or -1. */
function readTag(xml: string, lt: number, handler: XmlHandler, line: number): number {
	let i = lt + 1;
	while (i < xml.length && isNameChar(xml.charCodeAt(i))) i++;
	const name = xml.slice(lt + 1, i);
	const attrs = new Map<string, string>();
	for (;;) {
		while (i < xml.length && isSpace(xml.charCodeAt(i))) i++;
		if (i >= xml.length) return -1;
		const c = xml[i];
		if (c === '>') {
			handler.open(name, attrs, line);
			return i + 1;
		}
		if (c === '/' && xml[i + 1] === '>') {
			handler.open(name, attrs, line);
			handler.close(name);
			return i + 2;
		}
		const nameStart = i;
		while (i < xml.length && isNameChar(xml.charCodeAt(i))) i++;
		if (i === nameStart) {
			i++; // stray character inside a tag
			continue;
		}
		const attr = xml.slice(nameStart, i);
		while (i < xml.length && isSpace(xml.charCodeAt(i))) i++;
		if (xml[i] !== '=') {
			attrs.set(attr, '');
			continue;
		}
		i++;
		while (i < xml.length && isSpace(xml.charCodeAt(i))) i++;
		const q = xml[i];
		if (q === '"' || q === "'") {
			const close = xml.indexOf(q, i + 1);
			if (close === -1) return -1;
			attrs.set(attr, decodeEntities(xml.slice(i + 1, close)));
			i = close + 1;
		} else {
			const valueStart = i;
			while (i < xml.length && !isSpace(xml.charCodeAt(i)) && xml[i] !== '>') i++;
			attrs.set(attr, decodeEntities(xml.slice(valueStart, i)));
		}
	}
}

export function localName(name: string): string {
	const colon = name.indexOf(':');
	return colon === -1 ? name : name.slice(colon + 1);
}

/** Attribute by local name, whatever its prefix (`ttp:frameRate`, `frameRate`). */
export function attr(attrs: Map<string, string>, local: string): string | undefined {
	const direct = attrs.get(local);
	if (direct !== undefined) return direct;
	for (const [key, value] of attrs) {
		if (localName(key) === local) return value;
	}
	return undefined;
}

function isNameStart(c: number): boolean {
	return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c > 127;
}

function isNameChar(c: number): boolean {
	return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;
}

function isSpace(c: number): boolean {
	return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** Line numbers for positions visited in increasing order, in linear total time. */
class LineCounter {
	private line = 1;
	private nextBreak: number;

	constructor(private readonly text: string) {
		this.nextBreak = text.indexOf('\n');
	}

	lineAt(index: number): number {
		// Only move past line breaks before `index`; a text without any is never rescanned.
		while (this.nextBreak !== -1 && this.nextBreak < index) {
			this.line++;
			this.nextBreak = this.text.indexOf('\n', this.nextBreak + 1);
		}
		return this.line;
	}
}
