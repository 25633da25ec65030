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
	Timeout: 'The program took longer than the timeout, or the server sent nothing for the socket timeout. Raise the timeout, or check the connection and proxy.',
	Cancelled: 'The execution was cancelled.',
	BinaryMissing:
		'Install it on the machine that runs n8n (Debian/Ubuntu: apt-get install yt-dlp ffmpeg; the n8n Docker image needs the README recipe), or set its path in the Media Site credential.',
	InvalidInput: 'Correct the input value.',
	Verification: 'The downloaded file did not pass verification. Retry, or turn verification off if the source is known to be odd.',
	Postprocess: 'ffmpeg could not process the file. Check that ffmpeg is installed and supports the requested format.',
	Unknown: 'See the program output in the error details.',
};

/** What happened, in a user's words, for failures a program reported (its own text goes to `reported`). */
const HEADLINES: Record<ErrorKind, (where: string, reported: string) => string> = {
	UnsupportedUrl: (where) => `No media found at ${where}`,
	NotFound: (where) => `The media at ${where} was not found`,
	AccessDenied: (where) => `The site refused access to ${where}`,
	RateLimited: (where) => `The site is limiting requests for ${where}`,
	Network: (where) => `The connection for ${where} failed`,
	Timeout: (where) => `${where} took longer than the timeout`,
	Cancelled: () => 'The execution was cancelled',
	BinaryMissing: (_where, reported) => `A program is missing: ${reported.split(/\.\s/)[0].replace(/\.$/, '')}`,
	InvalidInput: (where) => `The input ${where} is not valid`,
	Verification: (where) => `The file downloaded from ${where} did not pass verification`,
	Postprocess: (where) => `Processing the file from ${where} failed`,
	Unknown: (where) => `yt-dlp failed on ${where}`,
};

export interface MediaErrorOptions {
	url?: string;
	/** the program's own error text, when the error was classified from it (see classifyFailure) */
	reported?: string;
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
	/** The program's own error line, when this error was classified from it. */
	readonly reported?: string;

	constructor(kind: ErrorKind, message: string, options: MediaErrorOptions = {}) {
		super(message, options.cause === undefined ? undefined : { cause: options.cause });
		this.name = 'MediaError';
		this.kind = kind;
		this.retryable = options.retryable ?? RETRYABLE.has(kind);
		this.url = options.url;
		this.hint = options.hint ?? HINTS[kind];
		this.stderr = options.stderr;
		this.retryAfterMs = options.retryAfterMs;
		this.reported = options.reported;
	}

	/**
	 * The sentence to lead with: for a failure classified from yt-dlp's text, what happened and what to
	 * do, naming the URL (yt-dlp's line is in `reported`); for our own errors, the message itself.
	 */
	get headline(): string {
		if (this.reported === undefined) return this.message;
		return `${HEADLINES[this.kind](this.url ?? 'this URL', this.reported)}. ${this.hint}`;
	}

	toJSON() {
		return { kind: this.kind, message: this.message, retryable: this.retryable, url: this.url, hint: this.hint };
	}
}

export function isMediaError(error: unknown): error is MediaError {
	return error instanceof MediaError;
}

export interface ClassifierRule {
	kind: ErrorKind;
	pattern: RegExp;
}

/**
 * yt-dlp's ERROR lines → kinds. Ordered: the first rule that matches decides, and each rule is there for
 * real lines that no earlier rule takes: test/unit/fixtures/ytdlp-stderr holds them (collected from
 * yt-dlp 2023.03.04 and 2026.08.19 against the fixture server's faults, or quoted from yt-dlp's source
 * for what only real sites say), and a test proves every rule reachable.
 */
export const CLASSIFIER_RULES: readonly ClassifierRule[] = [
	// First: "ffprobe and ffmpeg not found" must not read as missing media.
	{ kind: 'BinaryMissing', pattern: /\b(?:ffmpeg|ffprobe) not found\b|ffmpeg is not installed/i },
	{ kind: 'UnsupportedUrl', pattern: /Unsupported URL: |is not a valid URL|No video formats found/i },
	{ kind: 'RateLimited', pattern: /HTTP Error 429\b|rate-limited by/i },
	{ kind: 'AccessDenied', pattern: /HTTP Error 40[13]\b/ },
	{
		kind: 'AccessDenied',
		pattern:
			/only available for registered users|Sign in to confirm|Private video|This video is private|members-only content|not available from your location|available in your country|age-restricted|inappropriate for some users|Use --cookies/i,
	},
	{ kind: 'NotFound', pattern: /HTTP Error 4(?:04|10)\b/ },
	// "fragment N not found, unable to continue" lands here too: it follows the line that names the cause.
	{ kind: 'NotFound', pattern: /Video unavailable|does not exist|has been removed|no longer available|\bnot found\b/i },
	// A socket read timeout ("timed out", urllib3's "Read timed out.") is Timeout, not Network: what the user
	// can change is the (socket) timeout. Both kinds are retryable, so the choice changes only the hint.
	{ kind: 'Timeout', pattern: /\btimed out\b/i },
	{ kind: 'Network', pattern: /HTTP Error 5\d\d\b/ },
	{ kind: 'Network', pattern: /Connection refused|Connection reset|Network is unreachable|No route to host/i },
	{ kind: 'Network', pattern: /Name or service not known|Temporary failure in name resolution|Failed to resolve/i },
	// A transfer cut short: 2023.03.04 says "Downloaded N bytes, expected M bytes", 2026 "N bytes read, M more expected".
	{ kind: 'Network', pattern: /Downloaded \d+ bytes, expected \d+ bytes|\d+ bytes read, \d+ more expected/i },
	{ kind: 'Network', pattern: /\[SSL: /i },
];

/** The ERROR: lines of a yt-dlp run, without the prefix. */
export function errorLines(stderr: string): string[] {
	return stderr
		.split(/\r?\n/)
		.filter((line) => line.startsWith('ERROR:'))
		.map((line) => line.slice('ERROR:'.length).trim());
}

export function classifyMessage(text: string): ErrorKind {
	for (const { pattern, kind } of CLASSIFIER_RULES) if (pattern.test(text)) return kind;
	return 'Unknown';
}

/** Turns a failed yt-dlp (or ffmpeg) run's text into a MediaError. */
export function classifyFailure(text: string, url?: string, stderr?: string): MediaError {
	const kind = classifyMessage(text);
	// yt-dlp 2023.03.04 writes "None:" where a video id would stand when it found none.
	const message = text.replace(/^\[[\w:]+\]\s*/, '').replace(/^None:\s*/, '').trim() || 'The program failed without a message';
	return new MediaError(kind, message, { url, stderr, reported: message });
}

/** Keeps the last lines of program output, which hold the cause. */
export function tail(text: string, lines = 15): string {
	const all = text.split(/\r?\n/).filter((l) => l.trim() !== '');
	return all.slice(-lines).join('\n');
}
