/** Every failure the library reports, with what the user can do about it. */
export type ErrorKind =
	| 'UnsupportedUrl'
	| 'NotFound'
	| 'AccessDenied'
	| 'RateLimited'
	| 'Network'
	| 'Timeout'
	| 'Cancelled'
	| 'BinaryMissing'
	| 'InvalidInput'
	| 'Verification'
	| 'Postprocess'
	| 'Unknown';

const RETRYABLE: ReadonlySet<ErrorKind> = new Set(['RateLimited', 'Network', 'Timeout']);

const HINTS: Record<ErrorKind, string> = {
	UnsupportedUrl: 'Check the URL: yt-dlp found no media on that page. Use a direct page or file URL of a supported site.',
	NotFound: 'The media does not exist (any more). Check the URL, or remove the item.',
	AccessDenied:
		'The site refused access (login, private, age or region restriction). Add cookies or a login in the Media Site credential, or use a proxy in an allowed region.',
	RateLimited: 'The site is limiting requests. Wait, lower the request rate, or add a request delay.',
	Network: 'The connection failed. Check the network, proxy and the site; the request is retried automatically.',
	Timeout: 'The program took longer than the timeout. Raise the timeout or check the connection.',
	Cancelled: 'The execution was cancelled.',
	BinaryMissing:
		'Install it on the machine that runs n8n (Debian/Ubuntu: apt-get install yt-dlp ffmpeg; the n8n Docker image needs the README recipe), or set its path in the Media Site credential.',
	InvalidInput: 'Correct the input value.',
	Verification: 'The downloaded file did not pass verification. Retry, or turn verification off if the source is known to be odd.',
	Postprocess: 'ffmpeg could not process the file. Check that ffmpeg is installed and supports the requested format.',
	Unknown: 'See the program output in the error details.',
};

export interface MediaErrorOptions {
	url?: string;
	hint?: string;
	stderr?: string;
	retryAfterMs?: number;
	/** overrides the kind's default, e.g. for a failure the program already retried itself */
	retryable?: boolean;
	cause?: unknown;
}

/** Carries what is needed to explain a failure, and nothing secret (stderr is redacted by the caller). */
export class MediaError extends Error {
	readonly kind: ErrorKind;
	readonly retryable: boolean;
	readonly url?: string;
	readonly hint: string;
	/** Last lines the program printed on stderr, for diagnosis. */
	readonly stderr?: string;
	/** From a server's Retry-After header when one was seen. */
	readonly retryAfterMs?: number;

	constructor(kind: ErrorKind, message: string, options: MediaErrorOptions = {}) {
		super(message, options.cause === undefined ? undefined : { cause: options.cause });
		this.name = 'MediaError';
		this.kind = kind;
		this.retryable = options.retryable ?? RETRYABLE.has(kind);
		this.url = options.url;
		this.hint = options.hint ?? HINTS[kind];
		this.stderr = options.stderr;
		this.retryAfterMs = options.retryAfterMs;
	}

	toJSON() {
		return { kind: this.kind, message: this.message, retryable: this.retryable, url: this.url, hint: this.hint };
	}
}

export function isMediaError(error: unknown): error is MediaError {
	return error instanceof MediaError;
}

/** Ordered: the first pattern that matches decides. Texts from yt-dlp 2023.03 to 2026 releases. */
const PATTERNS: Array<[RegExp, ErrorKind]> = [
	[/Unsupported URL|is not a valid URL|No video formats found|no suitable InfoExtractor/i, 'UnsupportedUrl'],
	[/HTTP Error 429|Too Many Requests|rate[- ]limit/i, 'RateLimited'],
	[
		/Sign in to confirm|login required|requires? (authentication|login)|Private video|This video is private|members[- ]only|HTTP Error 40[13]|available in your country|geo[- ]?restrict|age[- ]restrict|inappropriate for some users|cookies.*(needed|required)/i,
		'AccessDenied',
	],
	[/HTTP Error 404|HTTP Error 410|Video unavailable|does not exist|has been removed|no longer available|not found/i, 'NotFound'],
	[/timed out|timeout/i, 'Timeout'],
	[
		/HTTP Error 5\d\d|Connection refused|Connection reset|Network is unreachable|Name or service not known|Temporary failure in name resolution|getaddrinfo|Remote end closed|IncompleteRead|ECONNRESET|ECONNREFUSED|EHOSTUNREACH|SSL|Unable to download (webpage|JSON)|Got error|Read timed out|Unable to connect/i,
		'Network',
	],
];

/** The ERROR: lines of a yt-dlp run, without the prefix. */
export function errorLines(stderr: string): string[] {
	return stderr
		.split(/\r?\n/)
		.filter((line) => line.startsWith('ERROR:'))
		.map((line) => line.slice('ERROR:'.length).trim());
}

export function classifyMessage(text: string): ErrorKind {
	for (const [pattern, kind] of PATTERNS) if (pattern.test(text)) return kind;
	return 'Unknown';
}

/** Turns a failed yt-dlp (or ffmpeg) run's text into a MediaError. */
export function classifyFailure(text: string, url?: string, stderr?: string): MediaError {
	const kind = classifyMessage(text);
	const message = text.replace(/^\[[\w:]+\]\s*/, '').trim() || 'The program failed without a message';
	return new MediaError(kind, message, { url, stderr });
}

/** Keeps the last lines of program output, which hold the cause. */
export function tail(text: string, lines = 15): string {
	const all = text.split(/\r?\n/).filter((l) => l.trim() !== '');
	return all.slice(-lines).join('\n');
}
