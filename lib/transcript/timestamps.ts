/**
 * Cue times. Written by hand rather than with `subtitle`'s parseTimestamp: that one reads `0:0:0.5` as
 * 5 ms (it takes the fraction as a millisecond count) and rejects Teams' unpadded `0:0:0.570`.
 */

/** `[h+:]m+:s+[.,fraction]` between `from` and `to` (fraction or hours required) → seconds, or NaN. */
export function parseClock(s: string, from = 0, to = s.length): number {
	if (to - from === 12) {
		// The usual "hh:mm:ss.mmm" read at fixed places: two thirds of the cost of a 10-hour file's timing lines.
		const fast = fixedClock(s, from);
		if (fast >= 0) return fast;
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

function fixedClock(s: string, at: number): number {
	const sep = s.charCodeAt(at + 8);
	if (s.charCodeAt(at + 2) !== 58 || s.charCodeAt(at + 5) !== 58 || (sep !== 46 && sep !== 44)) return -1;
	const h = digits2(s, at);
	const m = digits2(s, at + 3);
	const sec = digits2(s, at + 6);
	const ms = digits2(s, at + 9) * 10 + digit(s.charCodeAt(at + 11));
	if (h < 0 || m < 0 || sec < 0 || ms < 0) return -1;
	return h * 3600 + m * 60 + sec + ms / 1000;
}

function digits2(s: string, at: number): number {
	const a = digit(s.charCodeAt(at));
	const b = digit(s.charCodeAt(at + 1));
	return a < 0 || b < 0 ? -1 : a * 10 + b;
}

function digit(c: number): number {
	return c >= 48 && c <= 57 ? c - 48 : -1000;
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
	if (d < to && !isSpace(text.charCodeAt(d)) && !hasFraction(text, c, d)) return null;
	const start = parseClock(text, a, b);
	const end = parseClock(text, c, d);
	if (Number.isNaN(start) || Number.isNaN(end)) return null;
	return { start, end };
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
