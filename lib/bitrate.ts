import { MediaError } from './errors';

/**
 * The one bitrate parser: "192k", "192K", "192kbps", "0.32M" or "192000" → bits per second. Audio
 * bitrates only (8k to 1536k, the range of the encoders we drive), so a typo such as "2M" is refused.
 */
export function parseBitrate(text: string, name = 'audio bitrate'): number {
	const match = /^(\d+(?:\.\d+)?)\s*([km]?)(?:bps|b\/s|b|bit\/s)?$/i.exec(text.trim());
	const bps = match ? Number(match[1]) * ({ '': 1, k: 1e3, m: 1e6 } as Record<string, number>)[match[2].toLowerCase()] : NaN;
	if (!(bps >= 8000 && bps <= 1_536_000))
		throw new MediaError('InvalidInput', `${name} "${text}" is not an audio bitrate between 8k and 1536k. Write it like 128k, 192k or 320k.`);
	return bps;
}
