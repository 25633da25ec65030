import { scanCueBlocks } from './cueBlocks';
import type { ParsedCaptions, RawCue } from './types';
import type { Warnings } from './warnings';

/**
 * SubRip: numbered cues, comma (or dot) milliseconds, HTML-ish tags and `{\an8}` overrides in the text.
 * Missing or extra blank lines are tolerated (see cueBlocks.ts), which `subtitle`'s parseSync is not.
 */
export function parseSrt(text: string, warnings: Warnings, onCue?: (cue: RawCue) => void): ParsedCaptions {
	const { cues } = scanCueBlocks(text, false, warnings, onCue);
	return { format: 'srt', cues, meta: {} };
}
