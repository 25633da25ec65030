import { formatClock, formatHms, parseClock, parseTimingLine } from '../../../lib/transcript/timestamps';
import { parseTtmlTime, timeParams } from '../../../lib/transcript/ttmlTime';

describe('parseClock', () => {
	it.each([
		['00:00:01.234', 1.234],
		['00:00:01,234', 1.234],
		['01:02:03.5', 3723.5],
		['0:0:0.570', 0.57],
		['12:34.567', 754.567],
		['27:16:56.170', 98216.17],
		['00:00:02', 2],
	])('reads %s as %f seconds', (text, seconds) => {
		expect(parseClock(text)).toBeCloseTo(seconds, 6);
	});

	it.each(['', '1.5', '00:0', 'aa:bb:cc', '00:00:0x,000', '00:00:01.2.3', '1:2:3:4.5'])('refuses %j', (text) => {
		expect(parseClock(text)).toBeNaN();
	});
});

describe('parseTimingLine', () => {
	it('drops cue settings and odd spacing', () => {
		expect(parseTimingLine('00:00:07.960 --> 00:00:09.480  position:50.00%,middle  align:middle size:80.00%  line:84.67% ')).toEqual({
			start: 7.96,
			end: 9.48,
		});
		expect(parseTimingLine('00:00:01,000-->00:00:02,000')).toEqual({ start: 1, end: 2 });
		expect(parseTimingLine('00:00:01,000 --> 00:0')).toBeNull();
	});
});

describe('formatting', () => {
	it('writes SRT and VTT clocks past 24 hours', () => {
		expect(formatClock(98216.17, '.')).toBe('27:16:56.170');
		expect(formatClock(1.0005, ',')).toBe('00:00:01,001');
		expect(formatHms(3723.9)).toBe('01:02:03');
	});
});

describe('parseTtmlTime', () => {
	const params = timeParams((k) => ({ frameRate: '24', frameRateMultiplier: '1000 1001', tickRate: '10000000' })[k]);
	it.each([
		['01:26:01.160', 5161.16],
		['0.76s', 0.76],
		['1.5m', 90],
		['2h', 7200],
		['250ms', 0.25],
		['10000000t', 1],
		['00:00:01:12', 1 + 12 / (24 * (1000 / 1001))],
		['48f', 48 / (24 * (1000 / 1001))],
	])('reads %s', (text, seconds) => {
		expect(parseTtmlTime(text, params)).toBeCloseTo(seconds, 6);
	});

	it('uses frame rate × sub-frame rate as the default tick rate only when a frame rate is given', () => {
		expect(
			parseTtmlTime(
				'30t',
				timeParams(() => undefined),
			),
		).toBe(30);
		expect(
			parseTtmlTime(
				'50t',
				timeParams((k) => (k === 'frameRate' ? '25' : undefined)),
			),
		).toBe(2);
		expect(parseTtmlTime('soon', params)).toBeNaN();
	});
});
