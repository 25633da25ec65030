import { getYtDlp, type ProgramPaths, type YtDlp } from './binaries';
import { toNetscapeCookies } from './cookies';
import { MediaError } from './errors';
import { runProgram, type RunOptions, type RunResult } from './process';
import { SecretFiles } from './secretFiles';

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
	/** Local files were allowed by the caller; yt-dlp needs --enable-file-urls for them. */
	enableFileUrls?: boolean;
}

export interface YtDlpRunResult extends RunResult {
	ytdlp: YtDlp;
}

/** Quotes one value for yt-dlp's config-file parser (POSIX shlex): the value stays one argument, whatever it holds. */
export function configQuote(value: string): string {
	return `'${value.replace(/'/g, `'"'"'`)}'`;
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
 * Secret options go into a 0600 config file given with --config-locations, never onto the command line,
 * where any local user could read them from the process list. --ignore-config still loads that file.
 */
async function authArgs(auth: SiteAuth, files: SecretFiles): Promise<string[]> {
	validateSiteAuth(auth);
	const args: string[] = [];
	const config: string[] = [];
	if (auth.cookies?.trim()) args.push('--cookies', await files.write('cookies.txt', toNetscapeCookies(auth.cookies)));
	if (auth.username) config.push(`--username ${configQuote(auth.username)}`);
	if (auth.password) config.push(`--password ${configQuote(auth.password)}`);
	if (auth.videoPassword) config.push(`--video-password ${configQuote(auth.videoPassword)}`);
	if (auth.proxy) config.push(`--proxy ${configQuote(auth.proxy)}`);
	for (const [name, value] of Object.entries(auth.headers ?? {})) {
		config.push(`--add-header ${configQuote(`${name}:${value}`)}`);
	}
	if (auth.userAgent) args.push('--user-agent', auth.userAgent);
	if (config.length > 0) args.push('--config-locations', await files.write('yt-dlp.conf', `${config.join('\n')}\n`));
	return args;
}

/**
 * The one way the library runs yt-dlp: --ignore-config (a user's config must not add options such as
 * --exec), the machine's runtime arguments, our own options, then `--` and the URLs, so no URL can be
 * read as an option.
 */
export async function runYtDlp(args: string[], urls: string[], options: YtDlpRunOptions = {}): Promise<YtDlpRunResult> {
	const auth = options.auth ?? {};
	const ytdlp = await getYtDlp(auth.paths);
	const files = new SecretFiles();
	try {
		const fileUrlArgs = options.enableFileUrls ? ['--enable-file-urls'] : [];
		const fullArgs = ['--ignore-config', ...ytdlp.baseArgs, ...(await authArgs(auth, files)), ...fileUrlArgs, ...args, '--', ...urls];
		const result = await runProgram(ytdlp.path, fullArgs, { ...options, secrets: secretValues(auth) });
		return { ...result, ytdlp };
	} finally {
		await files.dispose();
	}
}
