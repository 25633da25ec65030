import { decodeCaptionBytes, normalizeText } from '../../../lib/transcript/decode';
import { MediaError } from '../../../lib/errors';
import { TranscriptError } from '../../../lib/transcript/errors';
import { Warnings } from '../../../lib/transcript/warnings';
import { fixture } from './helpers';

const EXPECTED = 'Café crème, s\u2019il vous plaît.';

function decode(bytes: Uint8Array): { text: string; encoding: string; warnings: string[] } {
	const w = new Warnings();
	const d = decodeCaptionBytes(bytes, w);
	return { ...d, warnings: w.list().map((x) => x.message) };
}

describe('decodeCaptionBytes', () => {
	it('reads UTF-16 LE with a BOM and turns CRLF into LF', () => {
		const d = decode(fixture('utf16le-bom.srt'));
		expect(d.encoding).toBe('utf-16le');
		expect(d.text.startsWith('1\n00:00:01,000 --> 00:00:02,500\n')).toBe(true);
		expect(d.text).toContain(EXPECTED);
		expect(d.text).not.toContain('\r');
	});

	it('reads UTF-16 BE with a BOM, without the BOM in the text', () => {
		const d = decode(fixture('utf16be-bom.vtt'));
		expect(d.encoding).toBe('utf-16be');
		expect(d.text.startsWith('WEBVTT\n')).toBe(true);
		expect(d.text).toContain('Über den Fluss.');
	});

	it('reads UTF-16 LE without a BOM from its zero bytes', () => {
		const d = decode(Buffer.from('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nNo BOM here.\n', 'utf16le'));
		expect(d.encoding).toBe('utf-16le');
		expect(d.text).toContain('No BOM here.');
	});

	it('strips the UTF-8 BOM and CRLF', () => {
		const d = decode(fixture('utf8-bom-crlf.srt'));
		expect(d.encoding).toBe('utf-8');
		expect(d.text.charCodeAt(0)).toBe('1'.charCodeAt(0));
		expect(d.text.split('\n')[2]).toBe(EXPECTED);
	});

	it('turns lone CR line ends (old Mac files) into LF', () => {
		const d = decode(fixture('cr-only.vtt'));
		expect(d.text.split('\n').slice(0, 4)).toEqual(['WEBVTT', '', '00:00:01.000 --> 00:00:02.500', EXPECTED]);
	});

	it('reads invalid UTF-8 as Windows-1252 and says so', () => {
		const d = decode(fixture('windows-1252.srt'));
		expect(d.encoding).toBe('windows-1252');
		expect(d.text).toContain('Café crème \u2013 \u201cbien\u201d.');
		expect(d.warnings).toEqual(['the file is not valid UTF-8; read as Windows-1252']);
	});

	it('rejects mostly-binary data with the line where it shows', () => {
		expect(() => decode(fixture('garbage.bin'))).toThrow(TranscriptError);
		const bytes = Buffer.concat([Buffer.from('WEBVTT\n\nline two\n'), Buffer.alloc(200, 1), Buffer.from('binary')]);
		expect(() => decode(bytes)).toThrow('line 4: this is binary data, not a caption file.');
		expect(() => normalizeText('WEBVTT\n' + '\u0000'.repeat(100))).toThrow('line 2: this is binary data, not a caption file.');
	});

	it('rejects an empty or blank file', () => {
		expect(() => decode(new Uint8Array(0))).toThrow('The caption file is empty.');
		expect(() => decode(fixture('whitespace-only.srt'))).toThrow('The caption file is empty.');
	});
});

describe('normalizeText', () => {
	it('gives strings the same treatment as bytes', () => {
		expect(normalizeText('\ufeffWEBVTT\r\n\r\nx\ry')).toBe('WEBVTT\n\nx\ny');
	});
});

describe('TranscriptError', () => {
	it('is a MediaError the node adapters already explain', () => {
		const err = new TranscriptError('binary', 'this is binary data, not a caption file.', 4);
		expect(err).toBeInstanceOf(MediaError);
		expect([err.kind, err.retryable, err.code, err.line, err.message]).toEqual([
			'InvalidInput',
			false,
			'binary',
			4,
			'line 4: this is binary data, not a caption file.',
		]);
		expect(err.hint).toMatch(/^Give a caption file: WebVTT, SRT/);
		expect(new TranscriptError('not-found', 'The caption file "x.vtt" does not exist.').kind).toBe('NotFound');
		expect(err.toJSON()).toMatchObject({
			kind: 'InvalidInput',
			code: 'binary',
			line: 4,
			message: 'line 4: this is binary data, not a caption file.',
		});
	});
});
