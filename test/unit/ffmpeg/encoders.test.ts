import { formatBytePair, formatBytes } from '../../../lib/ffmpeg/bytes';
import { parseBitrate } from '../../../lib/bitrate';
import { audioBitrateFor, sampleRateFor } from '../../../lib/ffmpeg/encoders';

describe('parseBitrate', () => {
	it.each([
		['192k', 192_000],
		['192K', 192_000],
		['128kbps', 128_000],
		['0.32M', 320_000],
		['96000', 96_000],
	])('%s → %d bits/s', (text, bps) => expect(parseBitrate(text)).toBe(bps));

	it.each(['', 'fast', '-128k', '5k', '2M'])('refuses %p', (text) => expect(() => parseBitrate(text)).toThrow(/not an audio bitrate/));
});

describe('audioBitrateFor', () => {
	it('prefers the caller, then the source rounded to a common step, then a default', () => {
		expect(audioBitrateFor('libmp3lame', 126_763, '256K')).toBe('256k');
		expect(audioBitrateFor('libmp3lame', 126_763)).toBe('128k');
		expect(audioBitrateFor('aac', 190_001)).toBe('192k');
		expect(audioBitrateFor('libopus', undefined)).toBe('128k');
		expect(audioBitrateFor('aac', undefined)).toBe('192k');
	});

	it('gives lossless encoders no bitrate', () => {
		expect(audioBitrateFor('flac', 900_000, '192k')).toBeUndefined();
		expect(audioBitrateFor('pcm_s16le', 1_536_000)).toBeUndefined();
	});
});

describe('sampleRateFor', () => {
	it('keeps the source rate when the encoder takes it, else 48 kHz', () => {
		expect(sampleRateFor('libmp3lame', 44100)).toBe(44100);
		expect(sampleRateFor('libopus', 44100)).toBe(48000);
		expect(sampleRateFor('libmp3lame', 96000)).toBe(48000);
		expect(sampleRateFor('flac', 96000)).toBe(96000);
		expect(sampleRateFor('aac', undefined)).toBe(48000);
	});
});

describe('formatBytes', () => {
	it.each([
		[0, '0 bytes'],
		[1, '1 byte'],
		[999, '999 bytes'],
		[1000, '1 kB'],
		[12_400_000, '12.4 MB'],
		[10_000_000, '10 MB'],
		[999_600, '1 MB'],
		[1_234_567_890, '1.23 GB'],
	])('%d → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));

	it('adds exact counts when two different sizes would read the same', () => {
		expect(formatBytePair(10_000_001, 10_000_000)).toEqual(['10 MB (10000001 bytes)', '10 MB (10000000 bytes)']);
		expect(formatBytePair(12_000_000, 10_000_000)).toEqual(['12 MB', '10 MB']);
	});
});
