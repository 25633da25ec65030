/**
 * Cue times. Written by hand rather than with `subtitle`'s parseTimestamp: that one reads `0:0:0.5` as
 * 5 ms (it takes the fraction as a millisecond count) and rejects Teams' unpadded `0:0:0.570`.
 */

/** `[h+:]m+:s+[.,fraction]` between `from` and `to` → seconds, or NaN. */
export function parseClock(s: string, from = 0, to = s.length): number {
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

export interface Timing {
  start: number;
  end: number;
}

/** `start --> end [settings]`; settings are dropped. Null when either time is unreadable. */
export function parseTimingLine(line: string): Timing | null {
  const arrow = line.indexOf('-->');
  if (arrow === -1) return null;
  let a = 0;
  let b = arrow;
  while (a < b && isSpace(line.charCodeAt(a))) a++;
  while (b > a && isSpace(line.charCodeAt(b - 1))) b--;
  let c = arrow + 3;
  while (c < line.length && isSpace(line.charCodeAt(c))) c++;
  let d = c;
  while (d < line.length && !isSpace(line.charCodeAt(d))) d++;
  const start = parseClock(line, a, b);
  const end = parseClock(line, c, d);
  if (Number.isNaN(start) || Number.isNaN(end)) return null;
  return { start, end };
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
