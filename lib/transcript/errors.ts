import { MediaError, type ErrorKind } from '../errors';

/** What the user can do, by problem. */
const HINTS: Record<string, string> = {
	'not-found': 'Check the path: the caption file must exist on the machine that runs n8n.',
	'not-a-file': 'Give the path of a caption file, not a folder.',
	'no-access': 'Let the user that runs n8n read the file.',
	'too-large': 'Give a caption file (WebVTT, SRT, TTML/DFXP, YouTube json3/srv3) or a plain-text transcript, not a media file.',
	'no-times': 'Choose Markdown, plain text or JSON output for a plain-text transcript.',
};
const CAPTION_HINT =
	'Give a caption file: WebVTT, SRT, TTML/DFXP, YouTube json3/srv3/srv1 or a plain-text transcript. The format is read from the content, not the file name.';

/**
 * Input that cannot be read as captions. A MediaError like every library failure (kind `NotFound` for a
 * missing file, else `InvalidInput`, never retryable), with `code` for the exact problem and `line`,
 * the 1-based line of the decoded text where it is, when there is one; the message names it.
 */
export class TranscriptError extends MediaError {
	readonly code: string;
	readonly line?: number;

	constructor(code: string, message: string, line?: number) {
		const kind: ErrorKind = code === 'not-found' ? 'NotFound' : 'InvalidInput';
		super(kind, line === undefined ? message : `line ${line}: ${message}`, { hint: HINTS[code] ?? CAPTION_HINT });
		this.name = 'TranscriptError';
		this.code = code;
		this.line = line;
	}

	override toJSON() {
		return { ...super.toJSON(), code: this.code, line: this.line };
	}
}
