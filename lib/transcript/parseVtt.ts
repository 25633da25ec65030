import { scanCueBlocks } from './cueBlocks';
import type { CaptionMeta, ParsedCaptions, RawCue } from './types';
import type { Warnings } from './warnings';

/**
 * WebVTT: header (with YouTube's `Kind:`/`Language:`/`Style:` lines), NOTE/STYLE/REGION blocks, cue ids,
 * cue settings, and headers repeated mid-file by concatenated live-stream segments. Cue text keeps its
 * markup (`<v>`, `<c.class>`, `<i>`, `<00:00:01.234>`) for clean.ts. Not `subtitle`'s parseSync: it
 * throws on a timing line right after text, on whitespace-only lines before the first cue, on
 * unpadded Teams times, and on files without the `WEBVTT` line.
 */
export function parseVtt(text: string, warnings: Warnings, onCue?: (cue: RawCue) => void): ParsedCaptions {
	const { cues, header } = scanCueBlocks(text, true, warnings, onCue);
	return { format: 'vtt', cues, meta: headerMeta(header) };
}

function headerMeta(header: string[]): CaptionMeta {
	const meta: CaptionMeta = {};
	for (const line of header) {
		const colon = line.indexOf(':');
		if (colon === -1) continue;
		const key = line.slice(0, colon).trim().toLowerCase();
		const value = line.slice(colon + 1).trim();
		if (key === 'language' && value) meta.language = value;
		else if (key === 'kind' && value) meta.kind = value;
	}
	return meta;
}
