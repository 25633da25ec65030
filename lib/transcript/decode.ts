import { TranscriptError } from './errors';
import type { Warnings } from './warnings';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
	/** Text with `\n` line ends and no byte order mark. */
	text: string;
	encoding: TextEncoding;
}

/** Turns the bytes of a caption file into text: BOMs, UTF-16, legacy 8-bit files, CRLF/CR. */
export function decodeCaptionBytes(bytes: Uint8Array, warnings: Warnings): DecodedText {
	const encoding = sniffEncoding(bytes);
	let text: string;
	if (encoding === 'utf-16le' || encoding === 'utf-16be') {
		text = decodeUtf16(bytes, encoding);
	} else {
		rejectBinary(bytes);
		try {
			text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		} catch {
			// Old SRT files from Windows tools are often cp1252; reading them so beats refusing them.
			warnings.add('encoding', 'the file is not valid UTF-8; read as Windows-1252');
			return { text: normalizeText(new TextDecoder('windows-1252').decode(bytes)), encoding: 'windows-1252' };
		}
	}
	return { text: normalizeText(text), encoding };
}

/** Text handed over as a string gets the same treatment as decoded bytes. */
export function normalizeText(text: string): string {
	let out = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	if (out.indexOf('\r') !== -1) out = out.replace(/\r\n?/g, '\n');
	const nul = out.indexOf('\u0000');
	if (nul !== -1) throw binaryError(lineOf(out, nul));
	if (out.trim() === '') throw new TranscriptError('empty', 'The caption file is empty.');
	return out;
}

function sniffEncoding(bytes: Uint8Array): TextEncoding {
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

/** Control bytes other than tab/LF/CR/FF/ESC never occur in caption text. */
function rejectBinary(bytes: Uint8Array): void {
	const n = Math.min(bytes.length, 65536);
	let controls = 0;
	let line = 1;
	for (let i = 0; i < n; i++) {
		const b = bytes[i];
		if (b === 0x0a) line++;
		else if (b === 0) throw binaryError(line);
		else if (b < 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0c && b !== 0x1b) {
			if (++controls > 8 && controls > n / 200) throw binaryError(line);
		}
	}
}

function binaryError(line: number): TranscriptError {
	return new TranscriptError('binary', 'this is binary data, not a caption file.', line);
}

function lineOf(text: string, index: number): number {
	let line = 1;
	for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
	return line;
}
