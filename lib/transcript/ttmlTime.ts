/** TTML time expressions (TTML2 §10.3.1): clock times with fractions or frames, and offsets in h/m/s/ms/f/t. */

export interface TtmlTimeParams {
	/** Effective frames per second (frameRate × frameRateMultiplier). */
	frameRate: number;
	subFrameRate: number;
	tickRate: number;
}

export function timeParams(attrs: (local: string) => string | undefined): TtmlTimeParams {
	const rate = positive(attrs('frameRate')) ?? 30;
	const [num, den] = (attrs('frameRateMultiplier') ?? '1 1').trim().split(/\s+/).map(Number);
	const frameRate = num > 0 && den > 0 ? (rate * num) / den : rate;
	const subFrameRate = positive(attrs('subFrameRate')) ?? 1;
	const explicitFrames = attrs('frameRate') !== undefined;
	const tickRate = positive(attrs('tickRate')) ?? (explicitFrames ? rate * subFrameRate : 1);
	return { frameRate, subFrameRate, tickRate };
}

/** Seconds, or NaN when the expression is not a TTML time. */
export function parseTtmlTime(value: string, p: TtmlTimeParams): number {
	const v = value.trim();
	const clock = /^(\d+):(\d{1,2}):(\d{1,2})(?:(\.\d+)|:(\d+)(?:\.(\d+))?)?$/.exec(v);
	if (clock) {
		const base = Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
		if (clock[4]) return base + Number(clock[4]);
		if (clock[5]) return base + (Number(clock[5]) + (clock[6] ? Number(clock[6]) / p.subFrameRate : 0)) / p.frameRate;
		return base;
	}
	const offset = /^(\d+(?:\.\d+)?)(h|ms|m|s|f|t)$/.exec(v);
	if (!offset) return NaN;
	const n = Number(offset[1]);
	switch (offset[2]) {
		case 'h':
			return n * 3600;
		case 'm':
			return n * 60;
		case 's':
			return n;
		case 'ms':
			return n / 1000;
		case 'f':
			return n / p.frameRate;
		default:
			return n / p.tickRate;
	}
}

function positive(s: string | undefined): number | undefined {
	const n = Number(s);
	return s !== undefined && n > 0 ? n : undefined;
}
