'use strict';
/**
 * Timing helpers for bench/transcript.js. Warm-up runs come first, so V8 has optimised the code that
 * is measured; the functions being compared alternate run by run, so load on a shared machine hits
 * them alike. Returns one list of milliseconds per function (empty for a missing one).
 */
function timeRuns(runs, fns) {
	const times = fns.map(() => []);
	for (let i = 0; i < runs + 3; i++) {
		fns.forEach((fn, k) => {
			if (!fn) return;
			const t0 = process.hrtime.bigint();
			fn();
			if (i >= 3) times[k].push(Number(process.hrtime.bigint() - t0) / 1e6);
		});
	}
	return times;
}

function median(values) {
	const s = [...values].sort((a, b) => a - b);
	const mid = s.length >> 1;
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

module.exports = { timeRuns, median };
