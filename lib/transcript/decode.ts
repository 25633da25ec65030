import { TranscriptError } from './errors';
import type { Warnings } from './warnings';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' | 'windows-1252';

export interface DecodedText {
	/** Text with `\n` line ends and no byte order mark. */
	text: string;
	encoding: TextEncoding;
}

/**
 * Input is refused as binary only when more than this share of its first 64K characters are control
 * characters: random bytes have about one in nine; caption files with stray control bytes far fewer.
 */
const BINARY_CONTROL_SHARE = 0.05;
const BINARY_SAMPLE = 65536;

/** Turns the bytes of a caption file into text: BOMs, UTF-32/UTF-16, legacy 8-bit files, CRLF/CR. */
export function decodeCaptionBytes(bytes: Uint8Array, warnings: Warnings): DecodedText {
	const encoding = sniffEncoding(bytes);
	let text: string;
	if (encoding === 'utf-32le' || encoding === 'utf-32be') {
		text = decodeUtf32(bytes, encoding === 'utf-32le', warnings);
	} else if (encoding === 'utf-16le' || encoding === 'utf-16be') {
		text = decodeUtf16(bytes, encoding);
	} else {
		try {
			text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		} catch {
			// Random bytes are not UTF-8 either: refuse them before reading them as cp1252.
			rejectBinary(new TextDecoder('latin1').decode(bytes.subarray(0, BINARY_SAMPLE)));
			// Old SRT files from Windows tools are often cp1252; reading them so beats refusing them.
			warnings.add('encoding', 'the file is not valid UTF-8; read as Windows-1252');
			return { text: normalizeText(new TextDecoder('windows-1252').decode(bytes), warnings), encoding: 'windows-1252' };
		}
	}
	// UTF-8 bytes below 0x20 are those characters themselves: looking for stray controls in the bytes
	// answers for the text too, and four at a time beats the regex over the text by a third.
	const controls = encoding === 'utf-8' ? hasStrayControl(bytes) : true;
	return { text: normalize(text, warnings, controls), encoding };
}

/**
 * Text handed over as a string gets the same treatment as decoded bytes. As the WebVTT parser does,
 * NUL becomes U+FFFD; other C0 control characters but tab, LF, CR and FF are dropped with a warning,
 * so a few stray bytes never cost the file. Only mostly-control input is refused as binary.
 */
export function normalizeText(text: string, warnings?: Warnings): string {
	return normalize(text, warnings, true);
}

/** normalizeText; `controls` false when the caller knows there is no stray control character. */
function normalize(text: string, warnings: Warnings | undefined, controls: boolean): string {
	let out = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	if (out.indexOf('\r') !== -1) out = out.replace(/\r\n?/g, '\n');
	if (controls && CONTROL.test(out)) {
		rejectBinary(out);
		out = replaceControls(out, warnings);
	}
	if (out.trim() === '') throw new TranscriptError('empty', 'The caption file is empty.');
	return out;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f]/;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000e-\u001f]/g;

/** Per byte: 1 for the C0 controls that normalizeText drops or replaces (all but tab, LF, FF, CR). */
const STRAY = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STRAY[c] = c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d ? 0 : 1;

/**
 * Some byte is a stray control. Four bytes at a time: a word has a byte below 0x20 exactly when
 * (x - 0x20202020) & ~x & 0x80808080 is not 0 (line feeds too, so only those words are looked into).
 */
function hasStrayControl(bytes: Uint8Array): boolean {
	const n = bytes.length;
	let i = 0;
	for (; i < n && (bytes.byteOffset + i) % 4 !== 0; i++) if (STRAY[bytes[i]]) return true;
	const words = i < n ? new Int32Array(bytes.buffer, bytes.byteOffset + i, (n - i) >> 2) : new Int32Array(0);
	for (let k = 0; k < words.length; k++) {
		const x = words[k];
		if (((x - 0x20202020) & ~x & 0x80808080) !== 0) {
			const at = i + k * 4;
			if (STRAY[bytes[at]] | STRAY[bytes[at + 1]] | STRAY[bytes[at + 2]] | STRAY[bytes[at + 3]]) return true;
		}
	}
	for (i += words.length * 4; i < n; i++) if (STRAY[bytes[i]]) return true;
	return false;
}

function replaceControls(text: string, warnings: Warnings | undefined): string {
	let nulLine = 0;
	let dropLine = 0;
	let nuls = 0;
	let dropped = 0;
	const out = text.replace(CONTROLS, (c, at: number) => {
		if (c === '\u0000') {
			if (nuls++ === 0) nulLine = lineOf(text, at);
			return '\ufffd';
		}
		if (dropped++ === 0) dropLine = lineOf(text, at);
		return '';
	});
	if (nuls > 0) warnings?.add('nul', `${nuls} NUL character(s) were replaced with U+FFFD`, nulLine);
	if (dropped > 0) warnings?.add('control-characters', `${dropped} stray control character(s) were dropped`, dropLine);
	return out;
}

function sniffEncoding(bytes: Uint8Array): TextEncoding {
	// UTF-32 LE's BOM begins like UTF-16 LE's, so it is tested first.
	if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) return 'utf-32le';
	if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) return 'utf-32be';
	if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
	if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
	// UTF-16 without a BOM: ASCII characters leave every other byte zero.
	const n = Math.min(bytes.length, 4096) & ~1;
	let evenZero = 0;
	let oddZero = 0;
	for (let i = 0; i < n; i += 2) {
		if (bytes[i] === 0) evenZero++;
		if (bytes[i + 1] === 0) oddZero++;
	}
	const pairs = n / 2;
	if (pairs >= 8 && oddZero > pairs * 0.4 && evenZero < pairs * 0.05) return 'utf-16le';
	if (pairs >= 8 && evenZero > pairs * 0.4 && oddZero < pairs * 0.05) return 'utf-16be';
	return 'utf-8';
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): string {
	if (encoding === 'utf-16le') return new TextDecoder('utf-16le').decode(bytes);
	// Swap to little endian ourselves: 'utf-16be' needs full ICU, which some Node builds lack.
	const swapped = new Uint8Array(bytes.length & ~1);
	for (let i = 0; i + 1 < bytes.length; i += 2) {
		swapped[i] = bytes[i + 1];
		swapped[i + 1] = bytes[i];
	}
	let text = new TextDecoder('utf-16le').decode(swapped);
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	return text;
}

/** TextDecoder has no UTF-32. Code points past U+10FFFF, surrogates and a cut-off last unit become U+FFFD. */
function decodeUtf32(bytes: Uint8Array, littleEndian: boolean, warnings: Warnings): string {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const chunks: string[] = [];
	let codes: number[] = [];
	let bad = 0;
	// The BOM (4 bytes) is skipped.
	for (let i = 4; i + 3 < bytes.length; i += 4) {
		let cp = view.getUint32(i, littleEndian);
		if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
			cp = 0xfffd;
			bad++;
		}
		codes.push(cp);
		if (codes.length === 8192) {
			chunks.push(String.fromCodePoint(...codes));
			codes = [];
		}
	}
	if ((bytes.length & 3) !== 0) {
		codes.push(0xfffd);
		bad++;
	}
	chunks.push(String.fromCodePoint(...codes));
	if (bad > 0) warnings.add('encoding', `${bad} invalid UTF-32 code unit(s) were replaced with U+FFFD`);
	return chunks.join('');
}

/** Mostly control characters (NUL included) in the first 64K characters: binary data, not captions. */
function rejectBinary(text: string): void {
	const n = Math.min(text.length, BINARY_SAMPLE);
	let controls = 0;
	let first = -1;
	for (let i = 0; i < n; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) {
			if (first === -1) first = i;
			controls++;
		}
	}
	if (controls > 8 && controls > n * BINARY_CONTROL_SHARE) {
		throw new TranscriptError('binary', 'this is binary data, not a caption file.', lineOf(text, first));
	}
}

function lineOf(text: string, index: number): number {
	let line = 1;
	for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
	return line;
}
