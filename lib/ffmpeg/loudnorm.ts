import { MediaError } from '../errors';

/** One EBU R128 measurement, as loudnorm reports it. Silence measures -Infinity. */
export interface LoudnessMeasurement {
	integratedLufs: number;
	truePeakDb: number;
	lraLu: number;
	thresholdLufs: number;
}

export interface LoudnessTarget {
	/** Integrated loudness, LUFS (-70 … -5). */
	targetLufs: number;
	/** Maximum true peak, dBTP (-9 … 0). */
	truePeakDb: number;
	/** Loudness range, LU (1 … 50). */
	lra: number;
}

/** The JSON block loudnorm prints when it ends (print_format=json). */
export interface LoudnormReport {
	input: LoudnessMeasurement;
	output: LoudnessMeasurement;
	/** "linear" (one gain for the whole file) or "dynamic" (loudnorm's compressor). */
	normalizationType: string;
	/** Gain the second pass adds after its own processing, LU. */
	targetOffsetLu: number;
}

export const DEFAULT_TARGET: LoudnessTarget = { targetLufs: -16, truePeakDb: -1.5, lra: 11 };

/** loudnorm's option ranges in ffmpeg 5.1 (`ffmpeg -h filter=loudnorm`). */
const RANGES: Array<[keyof LoudnessTarget, number, number, string]> = [
	['targetLufs', -70, -5, 'LUFS'],
	['truePeakDb', -9, 0, 'dBTP'],
	['lra', 1, 50, 'LU'],
];

export function checkTarget(target: LoudnessTarget): LoudnessTarget {
	for (const [key, min, max, unit] of RANGES) {
		const value = target[key];
		if (!(value >= min && value <= max)) throw new MediaError('InvalidInput', `${key} must be between ${min} and ${max} ${unit}, not ${value}`);
	}
	return target;
}

function loudnormNumber(value: unknown, field: string): number {
	const text = String(value).trim();
	if (text === '-inf') return -Infinity;
	if (text === 'inf' || text === '+inf') return Infinity;
	const n = Number(text);
	if (text === '' || !Number.isFinite(n)) throw new MediaError('Postprocess', `ffmpeg's loudnorm reported "${text}" for ${field}`);
	return n;
}

/**
 * Reads the last loudnorm JSON block from ffmpeg's stderr, which reads
 * `[Parsed_loudnorm_0 @ 0x…] [info] \n{ "input_i" : "-22.25", … }` (the level tag only with
 * -loglevel level+…). The values are strings and may be "-inf".
 */
export function parseLoudnormReport(stderr: string): LoudnormReport {
	const blocks = [...stderr.matchAll(/\[Parsed_loudnorm_\d+ @ [^\]]*\](?:\s*\[\w+\])?\s*(\{[^{}]*\})/g)];
	const block = blocks.at(-1)?.[1];
	if (!block) throw new MediaError('Postprocess', "ffmpeg's loudnorm filter printed no measurement (does this ffmpeg have loudnorm?)");
	let raw: Record<string, unknown>;
	try {
		raw = JSON.parse(block) as Record<string, unknown>;
	} catch {
		throw new MediaError('Postprocess', "ffmpeg's loudnorm measurement could not be read");
	}
	const read = (prefix: 'input' | 'output'): LoudnessMeasurement => ({
		integratedLufs: loudnormNumber(raw[`${prefix}_i`], `${prefix}_i`),
		truePeakDb: loudnormNumber(raw[`${prefix}_tp`], `${prefix}_tp`),
		lraLu: loudnormNumber(raw[`${prefix}_lra`], `${prefix}_lra`),
		thresholdLufs: loudnormNumber(raw[`${prefix}_thresh`], `${prefix}_thresh`),
	});
	return {
		input: read('input'),
		output: read('output'),
		normalizationType: String(raw.normalization_type ?? 'unknown'),
		targetOffsetLu: loudnormNumber(raw.target_offset ?? 0, 'target_offset'),
	};
}

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));
const fixed = (n: number) => n.toFixed(2);

/** First pass: measure only. */
export function measureFilter(target: LoudnessTarget): string {
	return `loudnorm=I=${target.targetLufs}:TP=${target.truePeakDb}:LRA=${target.lra}:print_format=json`;
}

/**
 * Second pass: the first pass's figures plus linear=true, so loudnorm applies one gain to the whole file
 * when the true-peak limit allows. ffmpeg 5.1 takes measured_LRA=0 for "not measured" and then silently
 * compresses (dynamic mode); a steady tone or drone really measures 0 LU, so 0.01 is sent instead.
 */
export function normalizeFilter(target: LoudnessTarget, first: LoudnormReport): string {
	const m = first.input;
	return [
		`loudnorm=I=${target.targetLufs}:TP=${target.truePeakDb}:LRA=${target.lra}`,
		`measured_I=${fixed(clamp(m.integratedLufs, -99, 0))}`,
		`measured_TP=${fixed(clamp(m.truePeakDb, -99, 99))}`,
		`measured_LRA=${fixed(clamp(m.lraLu, 0.01, 99))}`,
		`measured_thresh=${fixed(clamp(m.thresholdLufs, -99, 0))}`,
		`offset=${fixed(clamp(first.targetOffsetLu, -99, 99))}`,
		'linear=true',
		'print_format=json',
	].join(':');
}
