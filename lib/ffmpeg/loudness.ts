import path from 'node:path';

import { MediaError } from '../errors';
import { containerOfPath, CONTAINERS } from './containers';
import { encoderForCodec } from './encoders';
import { checkTarget, DEFAULT_TARGET, measureFilter, normalizeFilter, parseLoudnormReport, type LoudnessMeasurement, type LoudnormReport, type LoudnessTarget } from './loudnorm';
import { audioStreams, probeNamed } from './probe';
import { runFfmpeg, type FfmpegOptions } from './run';
import { planStreams } from './streamPlan';
import { writeAtomically } from './tempFile';
import { checkOwnOutput } from './verify';

export interface NormalizeSettings extends Partial<LoudnessTarget> {
	/** ffmpeg encoder for the normalised audio; default: the source's codec, else the container's usual one. */
	audioCodec?: string;
	/** e.g. "192k"; default: the source's bitrate. */
	audioBitrate?: string;
}

export interface NormalizeResult {
	output: string;
	before: LoudnessMeasurement;
	/** Measured on the written file, not taken from loudnorm's own estimate. */
	after: LoudnessMeasurement;
	/** "linear": one gain for the whole file; "dynamic": loudnorm had to compress (true peak would exceed the limit). */
	mode: string;
	warnings: string[];
}

/** One loudnorm pass that writes nothing: ffmpeg prints the measurement when the filter closes. */
async function analyse(file: string, name: string, target: LoudnessTarget, opts: FfmpegOptions): Promise<LoudnormReport> {
	const args = ['-i', path.resolve(file), '-map', '0:a:0', '-af', measureFilter(target), '-f', 'null', '-'];
	const run = await runFfmpeg(args, `Measuring the loudness of ${name}`, opts, 'info');
	return parseLoudnormReport(run.stderr);
}

async function requireAudio(file: string, name: string, opts: FfmpegOptions) {
	const probe = await probeNamed(file, name, opts);
	if (audioStreams(probe).length === 0) throw new MediaError('InvalidInput', `${name} has no audio stream to measure`);
	return probe;
}

/** EBU R128 loudness of the first audio stream (ffmpeg loudnorm, first pass). */
export async function measureLoudness(file: string, opts: FfmpegOptions = {}): Promise<LoudnessMeasurement> {
	const name = path.basename(file);
	await requireAudio(file, name, opts);
	return (await analyse(file, name, DEFAULT_TARGET, opts)).input;
}

/**
 * Two-pass EBU R128 normalisation of the first audio stream into `output` (may equal `input`; its
 * extension names the container). Video, cover art, subtitles, tags and chapters are copied where that
 * container takes them; only that audio is re-encoded.
 * The result is written under a temp name, checked and measured, and only then renamed to `output`.
 */
export async function normalizeLoudness(input: string, output: string, settings: NormalizeSettings = {}, opts: FfmpegOptions = {}): Promise<NormalizeResult> {
	const target = checkTarget({
		targetLufs: settings.targetLufs ?? DEFAULT_TARGET.targetLufs,
		truePeakDb: settings.truePeakDb ?? DEFAULT_TARGET.truePeakDb,
		lra: settings.lra ?? DEFAULT_TARGET.lra,
	});
	const container = containerOfPath(output);
	if (!container) throw new MediaError('InvalidInput', `Cannot write ${path.basename(output)}: use one of ${CONTAINERS.join(', ')}`);
	const inName = path.basename(input);
	const outName = path.basename(output);

	const source = await requireAudio(input, inName, opts);
	const first = await analyse(input, inName, target, opts);
	if (first.input.integratedLufs === -Infinity)
		throw new MediaError('Postprocess', `${inName} is silent (below -70 LUFS): there is no loudness to normalise`, {
			hint: 'Check the source, or turn audio normalisation off for it.',
		});

	const plan = planStreams(source, container, inName, {
		audioBitrate: settings.audioBitrate,
		// Codec names ("mp3") are accepted as well as encoder names ("libmp3lame").
		audioFilter: { filter: normalizeFilter(target, first), encoder: settings.audioCodec && (encoderForCodec(settings.audioCodec) ?? settings.audioCodec) },
	});
	const extraAudio = audioStreams(source).length - 1;
	const warnings = [...plan.warnings];
	if (extraAudio > 0 && !container.audioOnly) warnings.push(`only the first audio stream was normalised; ${extraAudio} other audio stream(s) kept their loudness`);

	return writeAtomically(output, async (tmp) => {
		const what = `Normalising the loudness of ${inName}`;
		const run = await runFfmpeg(['-i', path.resolve(input), ...plan.args, '-y', tmp], what, opts, 'info');
		const mode = parseLoudnormReport(run.stderr).normalizationType;
		await checkOwnOutput(tmp, outName, what, { expectAudio: true, expectVideo: plan.hasVideo, expectedDurationSec: source.durationSec }, opts);
		const after = await analyse(tmp, outName, target, opts);
		return { output, before: first.input, after: after.input, mode, warnings };
	});
}
