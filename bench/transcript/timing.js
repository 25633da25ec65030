'use strict';
/**
 * Timing helpers for bench/transcript.js. Warm-up runs come first, so V8 has optimised the code that
 * is measured; the functions being compared take turns run by run, and which goes first alternates,
 * so load on a shared machine and the garbage one leaves for the next hit them alike. Returns one
 * list of milliseconds per function (empty for a missing one).
 */
async function timeRuns(runs, fns, warmups = 3) {
	const times = fns.map(() => []);
	for (let i = 0; i < runs + warmups; i++) {
		const order = fns.map((_, k) => k);
		if (i % 2 === 1) order.reverse();
		for (const k of order) {
			if (!fns[k]) continue;
			const t0 = process.hrtime.bigint();
			await fns[k]();
			if (i >= warmups) times[k].push(Number(process.hrtime.bigint() - t0) / 1e6);
		}
	}
	return times;
}

function median(values) {
	const s = [...values].sort((a, b) => a - b);
	const mid = s.length >> 1;
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

module.exports = { timeRuns, median };
