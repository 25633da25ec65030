import { stat, unlink } from 'node:fs/promises';
import path from 'node:path';

import type { DownloadConfig } from '../config';
import { parseSize } from '../config';
import { audioStreams, checkMediaFile, convertMedia, hashFile, normalizeLoudness, probeMedia, unsupportedEmbeds, type Checksum, type FfmpegOptions, type ProbeResult } from '../ffmpeg';
import { digestFields } from './results';
import type { DownloadResult } from './types';

export type ProcessedFile = Pick<DownloadResult, 'fileSize' | 'format' | 'duration' | 'checksum' | 'sha256' | 'warnings'> & { localPath: string };

const AUDIO_ONLY_EXTS = new Set(['mp3', 'm4a', 'opus', 'ogg', 'flac', 'wav', 'aac']);

/**
 * Our own steps after yt-dlp: loudness normalisation, conversion (the original is removed only after
 * the new file is verified), then verification and hashing. A file that fails is deleted: it is never
 * presented as done.
 */
export async function postProcess(
	filepath: string,
	config: DownloadConfig,
	source: { durationSec: number | null; hasVideo: boolean },
	ffmpeg: FfmpegOptions,
	/** checksum and probe made while yt-dlp finished the file; dropped when our own steps rewrite it */
	known: { checksum?: Checksum; probe?: ProbeResult } = {},
): Promise<ProcessedFile> {
	let file = filepath;
	const warnings: string[] = [];
	try {
		let { checksum, probe: knownProbe } = known;
		if (config.normalizeAudio) {
			checksum = undefined;
			knownProbe = undefined;
			const probe = await probeMedia(file, ffmpeg);
			if (audioStreams(probe).length > 0) warnings.push(...(await normalizeLoudness(file, file, { targetLufs: config.loudnessTarget }, ffmpeg)).warnings);
			else warnings.push('normalizeAudio: the file has no audio track');
		}
		const ext = path.extname(file).slice(1).toLowerCase();
		if (config.convertFormat && config.convertFormat !== ext) {
			const target = path.join(path.dirname(file), `${path.parse(file).name}.${config.convertFormat}`);
			const converted = await convertMedia(
				file,
				target,
				{ container: config.convertFormat as never, audioBitrate: config.audioQuality === 'best' ? undefined : config.audioQuality, removeSource: config.removeSourceFiles },
				ffmpeg,
			);
			file = converted.output;
			checksum = undefined;
			knownProbe = undefined;
			warnings.push(...converted.warnings);
		}
		const format = path.extname(file).slice(1).toLowerCase();
		warnings.push(
			...unsupportedEmbeds(format, {
				metadata: config.embedMetadata,
				artwork: config.embedArtwork,
				chapters: config.embedChapters,
				subtitles: config.embedSubtitles && !config.audioOnly,
			}),
		);
		// The live checksum is used only when it is of the algorithm asked for (and of this very file).
		const algorithm = config.checksum;
		const live = checksum?.algorithm === algorithm ? checksum : undefined;
		const hashing = algorithm === 'none' ? Promise.resolve(undefined) : live ? Promise.resolve(live) : hashFile(file, algorithm, { signal: ffmpeg.signal });
		if (config.verifyDownload) {
			const expectations = {
				expectAudio: true,
				expectVideo: source.hasVideo && !config.audioOnly && !AUDIO_ONLY_EXTS.has(format),
				expectedDurationSec: source.durationSec ?? undefined,
				minBytes: config.minFileSize ? parseSize(config.minFileSize) : 1,
				maxBytes: config.maxFileSize ? parseSize(config.maxFileSize) : undefined,
				probe: knownProbe,
			};
			const [probe, digest] = await Promise.all([checkMediaFile(file, path.basename(file), expectations, ffmpeg), hashing]);
			return { localPath: file, fileSize: probe.sizeBytes, format, duration: probe.durationSec, ...digestFields(digest), warnings };
		}
		// Unverified: no ffprobe run; the duration is the source's as the site reported it.
		const [{ size }, digest] = await Promise.all([stat(file), hashing]);
		return { localPath: file, fileSize: size, format, duration: source.durationSec, ...digestFields(digest), warnings };
	} catch (error) {
		await unlink(file).catch(() => undefined);
		throw error;
	}
}
