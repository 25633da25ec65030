import { promises as fs } from 'node:fs';
import path from 'node:path';

import { MediaError } from '../errors';
import { containerSupport, CONTAINERS, type Container } from './containers';
import { probeNamed, type ProbeResult } from './probe';
import { runFfmpeg, type FfmpegOptions } from './run';
import { planStreams } from './streamPlan';
import { writeAtomically } from './tempFile';
import { checkOwnOutput } from './verify';

export interface ConvertSettings {
	container: Container;
	/** For audio that has to be re-encoded, e.g. "192k"; default: the source's bitrate. */
	audioBitrate?: string;
	/** Delete the input once the output exists and passed its check. */
	removeSource?: boolean;
}

export interface ConvertResult {
	output: string;
	/** Every stream was copied (-c copy): no quality lost, seconds instead of minutes. */
	remuxed: boolean;
	/** The written file, as ffprobe reads it. */
	probe: ProbeResult;
	/** What the container could not hold (artwork, subtitles…), in words. */
	warnings: string[];
}

/**
 * Puts `input` into another container: streams whose codec the container takes are copied, only the
 * others re-encoded. Tags and chapters are kept. The result is written under a temp name, checked
 * (streams present, duration within 2 s of the input), renamed, and only then is the source removed.
 */
export async function convertMedia(input: string, output: string, settings: ConvertSettings, opts: FfmpegOptions = {}): Promise<ConvertResult> {
	const target = containerSupport(settings.container);
	if (!target) throw new MediaError('InvalidInput', `"${settings.container}" is not a container to convert to: use one of ${CONTAINERS.join(', ')}`);
	const inName = path.basename(input);
	const outName = path.basename(output);
	const source = await probeNamed(input, inName, opts);
	const plan = planStreams(source, target, inName, { audioBitrate: settings.audioBitrate });
	const what = `Converting ${inName} to ${target.container}`;

	const probe = await writeAtomically(output, async (tmp) => {
		await runFfmpeg(['-i', path.resolve(input), ...plan.args, '-y', tmp], what, opts);
		return checkOwnOutput(tmp, outName, what, { expectVideo: plan.hasVideo, expectAudio: plan.hasAudio, expectedDurationSec: source.durationSec }, opts);
	});
	if (settings.removeSource && path.resolve(input) !== path.resolve(output)) await fs.rm(input, { force: true });
	return { output, remuxed: plan.remux, probe, warnings: plan.warnings };
}
