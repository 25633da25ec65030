/**
 * Cue times. Written by hand rather than with `subtitle`'s parseTimestamp: that one reads `0:0:0.5` as
 * 5 ms (it takes the fraction as a millisecond count) and rejects Teams' unpadded `0:0:0.570`.
 */

/** `[h+:]m+:s+[.,fraction]` between `from` and `to` (fraction or hours required) → seconds, or NaN. */
export function parseClock(s: string, from = 0, to = s.length): number {
	if (to - from === 12) {
		// The usual "hh:mm:ss.mmm" read at fixed places: two thirds of the cost of a 10-hour file's timing lines.
		const fast = fixedMillis(s, from);
		if (fast >= 0) return seconds(fast);
	}
	let groups = 0;
	let total = 0;
	let value = 0;
	let digits = 0;
	let i = from;
	for (; i < to; i++) {
		const c = s.charCodeAt(i);
		if (c >= 48 && c <= 57) {
			value = value * 10 + (c - 48);
			digits++;
		} else if (c === 58 /* : */) {
			if (digits === 0 || ++groups > 2) return NaN;
			total = total * 60 + value;
			value = 0;
			digits = 0;
		} else if (c === 46 /* . */ || c === 44 /* , */) {
			break;
		} else {
			return NaN;
		}
	}
	if (digits === 0 || groups === 0) return NaN;
	// A fraction or an hour field: "00:0" is a cut-off "00:01.000", not a time.
	if (i >= to && groups < 2) return NaN;
	total = total * 60 + value;
	if (i < to) {
		let fraction = 0;
		let scale = 1;
		for (i++; i < to; i++) {
			const c = s.charCodeAt(i);
			if (c < 48 || c > 57) return NaN;
			if (scale < 1e9) {
				fraction = fraction * 10 + (c - 48);
				scale *= 10;
			}
		}
		total += fraction / scale;
	}
	return total;
}

/**
 * "hh:mm:ss.mmm" at `at` → whole milliseconds, or -1. An integer, so no boxed number is made for
 * each of a 10-hour file's 60,000 times; seconds() turns it into the same double as reading it directly.
 */
function fixedMillis(s: string, at: number): number {
	if (s.charCodeAt(at + 2) !== 58 || s.charCodeAt(at + 5) !== 58) return -1;
	const sep = s.charCodeAt(at + 8);
	if (sep !== 46 && sep !== 44) return -1;
	const h1 = s.charCodeAt(at) - 48;
	const h2 = s.charCodeAt(at + 1) - 48;
	const m1 = s.charCodeAt(at + 3) - 48;
	const m2 = s.charCodeAt(at + 4) - 48;
	const s1 = s.charCodeAt(at + 6) - 48;
	const s2 = s.charCodeAt(at + 7) - 48;
	const f1 = s.charCodeAt(at + 9) - 48;
	const f2 = s.charCodeAt(at + 10) - 48;
	const f3 = s.charCodeAt(at + 11) - 48;
	// `>>> 0` turns a negative (a character below '0') into a large number: one test per digit.
	if (h1 >>> 0 > 9 || h2 >>> 0 > 9 || m1 >>> 0 > 9 || m2 >>> 0 > 9 || s1 >>> 0 > 9 || s2 >>> 0 > 9) return -1;
	if (f1 >>> 0 > 9 || f2 >>> 0 > 9 || f3 >>> 0 > 9) return -1;
	return ((h1 * 10 + h2) * 3600 + (m1 * 10 + m2) * 60 + (s1 * 10 + s2)) * 1000 + (f1 * 100 + f2 * 10 + f3);
}

/** Whole seconds plus the fraction, as the general parser adds them (so the same double, bit for bit). */
function seconds(millis: number): number {
	const fraction = millis % 1000;
	return (millis - fraction) / 1000 + fraction / 1000;
}

export interface Timing {
	start: number;
	end: number;
}

/** `start --> end [settings]`; settings are dropped. Null when either time is unreadable. */
export function parseTimingLine(line: string): Timing | null {
	const arrow = line.indexOf('-->');
	return arrow === -1 ? null : parseTimingRange(line, 0, line.length, arrow);
}

/** The same for the line text[from, to) whose `-->` is at `arrow`, without slicing the line out. */
export function parseTimingRange(text: string, from: number, to: number, arrow: number): Timing | null {
	const timing: Timing = { start: 0, end: 0 };
	return readTimingRange(text, from, to, arrow, timing) ? timing : null;
}

/** parseTimingRange into `out`, which the scanner reuses for every line: false when unreadable. */
export function readTimingRange(text: string, from: number, to: number, arrow: number, out: Timing): boolean {
	// `hh:mm:ss.mmm --> hh:mm:ss.mmm`, then the end of the line or a space before settings: read at
	// fixed places. Anything else (or a digit out of place) takes the general path below.
	if (arrow - from === 13 && text.charCodeAt(arrow - 1) === 0x20 && text.charCodeAt(arrow + 3) === 0x20) {
		const after = arrow + 16;
		const c = text.charCodeAt(after);
		if (after === to || (after < to && (c === 0x20 || c === 0x09))) {
			const start = fixedMillis(text, from);
			const end = fixedMillis(text, arrow + 4);
			if (start >= 0 && end >= 0) {
				out.start = seconds(start);
				out.end = seconds(end);
				return true;
			}
		}
	}
	let a = from;
	let b = arrow;
	while (a < b && isSpace(text.charCodeAt(a))) a++;
	while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
	let c = arrow + 3;
	while (c < to && isSpace(text.charCodeAt(c))) c++;
	// The end time stops where its digits do: the spec reads settings glued to it (`00:01.000line:40%`).
	let d = c;
	while (d < to && isClockChar(text.charCodeAt(d))) d++;
	// Glued settings only after a whole time with its fraction: `00:00:0x.000` stays unreadable.
	if (d < to && !isSpace(text.charCodeAt(d)) && !hasFraction(text, c, d)) return false;
	const start = parseClock(text, a, b);
	const end = parseClock(text, c, d);
	if (Number.isNaN(start) || Number.isNaN(end)) return false;
	out.start = start;
	out.end = end;
	return true;
}

function hasFraction(text: string, from: number, to: number): boolean {
	const mark = Math.max(text.lastIndexOf('.', to - 1), text.lastIndexOf(',', to - 1));
	return mark >= from && mark < to - 1;
}

function isClockChar(c: number): boolean {
	return (c >= 48 && c <= 57) || c === 58 /* : */ || c === 46 /* . */ || c === 44 /* , */;
}

function isSpace(c: number): boolean {
	return c === 0x20 || c === 0x09 || c === 0xa0;
}

/** `hh:mm:ss.mmm` (VTT) or `hh:mm:ss,mmm` (SRT); hours grow past 24 for long streams. */
export function formatClock(seconds: number, mark: '.' | ','): string {
	const ms = Math.max(0, Math.round(seconds * 1000));
	const h = Math.floor(ms / 3600000);
	const m = Math.floor(ms / 60000) % 60;
	const s = Math.floor(ms / 1000) % 60;
	return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${mark}${pad(ms % 1000, 3)}`;
}

/** `hh:mm:ss`, the paragraph timestamp. */
export function formatHms(seconds: number): string {
	const t = Math.max(0, Math.floor(seconds));
	return `${pad(Math.floor(t / 3600), 2)}:${pad(Math.floor(t / 60) % 60, 2)}:${pad(t % 60, 2)}`;
}

function pad(n: number, width: number): string {
	return String(n).padStart(width, '0');
}
