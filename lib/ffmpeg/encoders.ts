import { parseBitrate } from '../bitrate';

/** The encoder that writes each codec again (normalisation re-encodes audio in its own codec when it can). */
const ENCODER_OF_CODEC: Record<string, string> = {
	aac: 'aac',
	mp3: 'libmp3lame',
	opus: 'libopus',
	vorbis: 'libvorbis',
	flac: 'flac',
	alac: 'alac',
	ac3: 'ac3',
	eac3: 'eac3',
	pcm_s16le: 'pcm_s16le',
	pcm_s24le: 'pcm_s24le',
	pcm_s32le: 'pcm_s32le',
	pcm_f32le: 'pcm_f32le',
	pcm_u8: 'pcm_u8',
};

const LOSSLESS: ReadonlySet<string> = new Set(['flac', 'alac', 'pcm_s16le', 'pcm_s24le', 'pcm_s32le', 'pcm_f32le', 'pcm_u8']);

/** Used when neither the caller nor the source says how many bits to spend. */
const DEFAULT_KBPS: Record<string, number> = { libopus: 128, ac3: 384, eac3: 384 };
const FALLBACK_KBPS = 192;

/** Common encoder bitrates: a source's measured 126.8 kb/s becomes 128k. */
const KBPS_LADDER = [32, 48, 64, 96, 112, 128, 160, 192, 224, 256, 320];

/*
 * Sample rates the encoders accept (`ffmpeg -h encoder=…`). loudnorm always outputs 192 kHz, so the
 * normalised stream must be resampled explicitly: to the source's rate when the encoder takes it.
 */
const SAMPLE_RATES: Record<string, readonly number[]> = {
	libopus: [48000, 24000, 16000, 12000, 8000],
	libmp3lame: [48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000],
	aac: [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350],
	ac3: [48000, 44100, 32000],
	eac3: [48000, 44100, 32000],
};

export function encoderForCodec(codec: string): string | undefined {
	return ENCODER_OF_CODEC[codec];
}

export function isLossless(encoder: string): boolean {
	return LOSSLESS.has(encoder);
}

function nearestLadderKbps(bps: number): number {
	const kbps = bps / 1000;
	return KBPS_LADDER.reduce((best, step) => (Math.abs(step - kbps) < Math.abs(best - kbps) ? step : best));
}

/** `-b` value for a lossy encoder: the caller's, else the source's (rounded to a common step), else a default. */
export function audioBitrateFor(encoder: string, sourceBps: number | undefined, requested?: string): string | undefined {
	if (isLossless(encoder)) return undefined;
	if (requested) return `${Math.round(parseBitrate(requested) / 1000)}k`;
	if (sourceBps) return `${nearestLadderKbps(sourceBps)}k`;
	return `${DEFAULT_KBPS[encoder] ?? FALLBACK_KBPS}k`;
}

/** The source's sample rate when the encoder accepts it, else 48 kHz (every encoder here accepts it). */
export function sampleRateFor(encoder: string, sourceRate: number | undefined): number {
	const rates = SAMPLE_RATES[encoder];
	if (!sourceRate) return 48000;
	if (!rates) return Math.min(sourceRate, 192000);
	return rates.includes(sourceRate) ? sourceRate : 48000;
}

/**
 * Per-stream options of the video encoders used when a stream does not fit its container. x264 veryfast
 * at CRF 20 keeps quality near the source at a few times real time; VP9 "good" with row threading is the
 * usual speed/quality middle. yuv420p: 10-bit or 4:4:4 sources would otherwise give files few players open.
 * x264 refuses 4:2:0 at an odd width or height (VP9 does not), so one pixel row or column is cropped then.
 */
export function videoEncoderArgs(encoder: string, out: number, size: { width?: number; height?: number } = {}): string[] {
	if (encoder === 'libx264') {
		const odd = (size.width ?? 0) % 2 === 1 || (size.height ?? 0) % 2 === 1;
		const crop = odd ? [`-filter:${out}`, 'crop=trunc(iw/2)*2:trunc(ih/2)*2'] : [];
		return [...crop, `-preset:${out}`, 'veryfast', `-crf:${out}`, '20', `-pix_fmt:${out}`, 'yuv420p'];
	}
	if (encoder === 'libvpx-vp9')
		return [`-crf:${out}`, '32', `-b:${out}`, '0', `-deadline:${out}`, 'good', `-cpu-used:${out}`, '4', `-row-mt:${out}`, '1', `-pix_fmt:${out}`, 'yuv420p'];
	return [];
}
