const UNITS = ['kB', 'MB', 'GB', 'TB'];

/** Decimal units, three significant digits: 999 bytes, 12.4 MB, 1.23 GB. */
export function formatBytes(bytes: number): string {
	if (bytes < 1000) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
	let value = bytes;
	let unit = -1;
	while (value >= 999.5 && unit < UNITS.length - 1) {
		value /= 1000;
		unit++;
	}
	return `${Number(value.toPrecision(3))} ${UNITS[unit]}`;
}

/** Two sizes for one message; exact byte counts are added when the rounded forms would read the same. */
export function formatBytePair(a: number, b: number): [string, string] {
	const [fa, fb] = [formatBytes(a), formatBytes(b)];
	return fa === fb && a !== b ? [`${fa} (${a} bytes)`, `${fb} (${b} bytes)`] : [fa, fb];
}
