import { getYtDlp, type ProgramPaths, type YtDlp } from './binaries';
import { toNetscapeCookies } from './cookies';
import { MediaError } from './errors';
import { runProgram, type RunOptions, type RunResult } from './process';
import { SecretFiles } from './secretFiles';
import { authFlags, ytDlpArgv } from './ytdlpFlags';

/** What the Media Site credential (or a plain-Node caller) gives for a site. */
export interface SiteAuth {
	/** cookies.txt (Netscape) text or a JSON cookie export */
	cookies?: string;
	username?: string;
	password?: string;
	/** password of a protected video (Vimeo and others) */
	videoPassword?: string;
	proxy?: string;
	userAgent?: string;
	headers?: Record<string, string>;
	paths?: ProgramPaths;
}

export interface YtDlpRunOptions extends Omit<RunOptions, 'secrets'> {
	auth?: SiteAuth;
	/** Local files were allowed by the caller; yt-dlp needs a flag for them. */
	enableFileUrls?: boolean;
}

export interface YtDlpRunResult extends RunResult {
	ytdlp: YtDlp;
}

function secretValues(auth: SiteAuth): string[] {
	return [auth.password, auth.videoPassword, auth.proxy, auth.cookies, ...Object.values(auth.headers ?? {})].filter(
		(v): v is string => typeof v === 'string' && v !== '',
	);
}

function checkOptionText(name: string, value: string): void {
	// Header names and user agents go into arguments: newlines would smuggle extra header lines.
	if (/[\r\n\0]/.test(value)) throw new MediaError('InvalidInput', `${name} must be a single line.`);
}

/** Refuses what yt-dlp could misread: header names outside RFC 9110 tokens, multi-line values, a malformed proxy. */
export function validateSiteAuth(auth: SiteAuth): void {
	for (const [name, value] of Object.entries(auth.headers ?? {})) {
		if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) throw new MediaError('InvalidInput', `"${name}" is not a valid HTTP header name.`);
		checkOptionText(`Header ${name}`, value);
	}
	if (auth.userAgent) checkOptionText('User agent', auth.userAgent);
	if (auth.password && !auth.username) throw new MediaError('InvalidInput', 'A password needs a username: fill in both, or neither.');
	if (auth.proxy) {
		let scheme = '';
		try {
			scheme = new URL(auth.proxy).protocol;
		} catch {
			// reported below
		}
		if (!['http:', 'https:', 'socks4:', 'socks4a:', 'socks5:', 'socks5h:'].includes(scheme))
			throw new MediaError('InvalidInput', 'The proxy must be a URL such as http://host:3128 or socks5://user:pass@host:1080.');
	}
	if (auth.cookies?.trim()) toNetscapeCookies(auth.cookies);
}

/**
 * The one way the library runs yt-dlp, with the command line ytDlpArgv lays out (--ignore-config first,
 * the URLs after `--`). The site's settings are checked before any secret file is written.
 */
export async function runYtDlp(args: string[], urls: string[], options: YtDlpRunOptions = {}): Promise<YtDlpRunResult> {
	const auth = options.auth ?? {};
	const ytdlp = await getYtDlp(auth.paths);
	const files = new SecretFiles();
	try {
		validateSiteAuth(auth);
		const fullArgs = ytDlpArgv({ runtime: ytdlp.baseArgs, auth: await authFlags(auth, files), enableFileUrls: options.enableFileUrls, flags: args, urls });
		const result = await runProgram(ytdlp.path, fullArgs, { ...options, secrets: secretValues(auth) });
		return { ...result, ytdlp };
	} finally {
		await files.dispose();
	}
}
