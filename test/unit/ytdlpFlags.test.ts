import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';

import { resolveConfig, type DownloadConfig, type RunPaths, type SelectorStrictness } from '../../lib/config';
import { SecretFiles } from '../../lib/secretFiles';
import { runYtDlp, type SiteAuth } from '../../lib/ytdlp';
import {
	authFlags,
	captionFlags,
	downloadFlags,
	hasJsRuntimesFlag,
	helpFlags,
	infoFlags,
	jsRuntimeFlags,
	progressFlags,
	versionFlags,
	ytDlpArgv,
	type DownloadFlagsContext,
} from '../../lib/ytdlpFlags';
import { createYtDlpSpy, type YtDlpSpy } from '../helpers/ytdlpSpy';

/**
 * The argument vectors below were recorded from the code before the flags moved into lib/ytdlpFlags.ts
 * (a spy in front of the real yt-dlp, both versions). The one difference: `--no-playlist` now comes with
 * the playlist flags instead of the output flags; it is a switch, its position means nothing to yt-dlp.
 */
const PROGRESS = [
	'--newline',
	'--progress-template',
	'download:[mdl-progress] %(progress.status)s %(progress.downloaded_bytes)s %(progress.total_bytes)s %(progress.total_bytes_estimate)s %(progress.speed)s %(progress.eta)s %(progress.fragment_index)s %(progress.fragment_count)s',
];
const OUTPUT = ['--no-simulate', '--paths', '/srv/media', '--output', '%(title)s [%(id)s].%(ext)s'];
const RESULTS = ['--print-to-file', 'after_move:%()j', '/tmp/r%%/done.jsonl'];
const NETWORK = ['--socket-timeout', '30', '--retries', '3', '--fragment-retries', '3', '--retry-sleep', 'exp=2:16'];

const config = (over: Partial<DownloadConfig> & RunPaths = {}): DownloadConfig & RunPaths => {
	const { tempDir, ...options } = over;
	return { ...resolveConfig({ outputDir: '/srv/media', ...options }, 'none', {}), ...(tempDir ? { tempDir } : {}) };
};
const flags = (over: Partial<DownloadConfig> & RunPaths, ctx: Partial<DownloadFlagsContext> = {}) =>
	downloadFlags(config(over), { resultsFile: '/tmp/r%/done.jsonl', ...ctx });

describe('downloadFlags: the argument vectors recorded before the move', () => {
	it('the defaults: a video to MP4, one URL, no overwriting', () => {
		expect(flags({})).toEqual([
			...PROGRESS,
			...OUTPUT,
			...RESULTS,
			'--no-overwrites',
			'--continue',
			'--format',
			'bv*+ba/b',
			'--format-sort',
			'ext:mp4',
			'--merge-output-format',
			'mp4',
			'--remux-video',
			'mp4',
			...NETWORK,
			'--concurrent-fragments',
			'4',
			'--no-playlist',
			'--abort-on-error',
		]);
	});

	it('audio only: extraction at the asked bitrate, the codec in the selector, cover art', () => {
		expect(flags({ audioOnly: true, audioFormat: 'm4a', audioQuality: '160k', audioCodec: 'opus', embedArtwork: true })).toEqual([
			...PROGRESS,
			...OUTPUT,
			...RESULTS,
			'--no-overwrites',
			'--continue',
			'--format',
			'ba[acodec^=?opus]/ba/b',
			'--extract-audio',
			'--audio-format',
			'm4a',
			'--audio-quality',
			'160K',
			'--embed-thumbnail',
			...NETWORK,
			'--concurrent-fragments',
			'4',
			'--no-playlist',
			'--abort-on-error',
		]);
	});

	it('WebM at 720p relaxed, subtitles and side files, rate limit and request delay, a prefixed template made plain', () => {
		const over: Partial<DownloadConfig> = {
			format: 'webm',
			quality: '720p',
			videoCodec: 'vp9',
			embedSubtitles: true,
			autoSubtitles: true,
			subtitleLanguages: ['en', 'de'],
			writeInfoJson: true,
			writeDescription: true,
			writeThumbnail: true,
			embedChapters: true,
			rateLimitMbps: 8,
			requestDelay: 2,
			concurrentFragments: 1,
			outputTemplate: 'infojson:x/%(id)s.%(ext)s',
		};
		expect(flags(over, { strictness: 'relaxed' as SelectorStrictness })).toEqual([
			...PROGRESS,
			'--no-simulate',
			'--paths',
			'/srv/media',
			'--output',
			'./infojson:x/%(id)s.%(ext)s',
			...RESULTS,
			'--no-overwrites',
			'--continue',
			'--format',
			'bv*[height<=?720]+ba/b[height<=?720]',
			'--format-sort',
			'res:720,ext:webm',
			'--merge-output-format',
			'webm',
			'--recode-video',
			'webm',
			'--write-subs',
			'--sub-langs',
			'en,de',
			'--write-auto-subs',
			'--embed-subs',
			'--embed-chapters',
			'--write-info-json',
			'--write-description',
			'--write-thumbnail',
			...NETWORK,
			'--limit-rate',
			'1000000',
			'--sleep-requests',
			'2',
			'--sleep-interval',
			'2',
			'--no-playlist',
			'--abort-on-error',
		]);
	});

	it('a playlist range with archive, size limits, overwriting and the download temp folder (also for the descriptions, the playlist\'s own included)', () => {
		const over = { startNumber: 2, endNumber: 9, maxDownloads: 3, downloadArchive: 'a.txt', ignoreErrors: true, minFileSize: '1MB', maxFileSize: '2GiB', overwriteExisting: true, tempDir: '/srv/media/.tmp' };
		expect(flags(over, { playlist: true })).toEqual([
			...PROGRESS,
			...OUTPUT,
			'--paths',
			'temp:/srv/media/.tmp',
			'--paths',
			'description:/srv/media/.tmp',
			'--paths',
			'pl_description:/srv/media/.tmp',
			'--paths',
			'pl_thumbnail:/srv/media/.tmp',
			...RESULTS,
			'--force-overwrites',
			'--no-continue',
			'--format',
			'bv*+ba/b',
			'--format-sort',
			'ext:mp4',
			'--merge-output-format',
			'mp4',
			'--remux-video',
			'mp4',
			...NETWORK,
			'--concurrent-fragments',
			'4',
			'--playlist-start',
			'2',
			'--playlist-end',
			'9',
			'--max-downloads',
			'3',
			'--download-archive',
			'/srv/media/a.txt',
			'--ignore-errors',
			'--min-filesize',
			'1000000',
			'--max-filesize',
			'2147483648',
		]);
	});

	it('one share of a parallel playlist download, worst quality to MOV, best-effort selector', () => {
		const over: Partial<DownloadConfig> = { resumeDownloads: false, quality: 'worst', format: 'mov', retryDelay: 3, maxRetries: 4, socketTimeout: 12 };
		expect(flags(over, { playlist: true, playlistItems: [2, 5, 8], strictness: 'best' })).toEqual([
			...PROGRESS,
			...OUTPUT,
			...RESULTS,
			'--no-overwrites',
			'--no-continue',
			'--format',
			'bv*+ba/b',
			'--format-sort',
			'ext:mp4',
			'--merge-output-format',
			'mov',
			'--remux-video',
			'mov',
			'--socket-timeout',
			'12',
			'--retries',
			'4',
			'--fragment-retries',
			'4',
			'--retry-sleep',
			'exp=3:24',
			'--concurrent-fragments',
			'4',
			'--playlist-items',
			'2,5,8',
			'--abort-on-error',
		]);
	});
});

describe('infoFlags and captionFlags: the recorded vectors', () => {
	it('metadata: one JSON per URL, flat playlists one entry past the limit', () => {
		expect(infoFlags({ playlistLimit: 100, socketTimeout: 20 })).toEqual([
			'--dump-single-json',
			'--flat-playlist',
			'--playlist-end',
			'101',
			'--ignore-errors',
			'--no-progress',
			'--socket-timeout',
			'20',
		]);
		expect(infoFlags({ playlistLimit: 5, socketTimeout: 7, noPlaylist: true })).toEqual([
			'--dump-single-json',
			'--flat-playlist',
			'--playlist-end',
			'6',
			'--ignore-errors',
			'--no-progress',
			'--socket-timeout',
			'7',
			'--no-playlist',
		]);
	});

	it('captions: files only, under a stem of ours, printing the media id', () => {
		const common = { outputDir: '/srv/subs', stem: 'mdl-subs-1' };
		expect(captionFlags({ ...common, languages: ['en', 'de'], format: 'json3/srv3/vtt/srt/ttml/best' })).toEqual([
			'--skip-download',
			'--no-playlist',
			'--write-subs',
			'--sub-langs',
			'en,de',
			'--sub-format',
			'json3/srv3/vtt/srt/ttml/best',
			'--paths',
			'/srv/subs',
			'--output',
			'mdl-subs-1.%(ext)s',
			'--print',
			'%(id)s',
			'--no-simulate',
		]);
		expect(captionFlags({ ...common, languages: ['fr', 'e.*'], auto: true, format: 'vtt' }).slice(0, 6)).toEqual([
			'--skip-download',
			'--no-playlist',
			'--write-subs',
			'--write-auto-subs',
			'--sub-langs',
			'fr,e.*',
		]);
	});

	it('progress, probes and the JavaScript runtime', () => {
		expect(progressFlags()).toEqual(PROGRESS);
		expect(versionFlags()).toEqual(['--version']);
		expect(helpFlags()).toEqual(['--ignore-config', '--help']);
		expect(jsRuntimeFlags(true, undefined, '/opt/node')).toEqual(['--js-runtimes', 'node:/opt/node']);
		expect(hasJsRuntimesFlag('  --js-runtimes RUNTIMES   Additional JavaScript runtime to enable')).toBe(true);
		expect(hasJsRuntimesFlag('  --no-js-runtimes   Clear JavaScript runtimes to enable')).toBe(false);
	});

	it('every builder returns a fresh array: a caller appending to one never changes the next', () => {
		progressFlags().push('--exec');
		helpFlags().push('--exec');
		expect(progressFlags()).toEqual(PROGRESS);
		expect(helpFlags()).toEqual(['--ignore-config', '--help']);
	});
});

describe('ytDlpArgv: the command line around the flags', () => {
	it('--ignore-config first, then runtime, identity, file URLs, flags, and the URLs after --', () => {
		expect(ytDlpArgv({ runtime: ['R'], auth: ['A'], enableFileUrls: true, flags: ['F'], urls: ['-u', 'http://127.0.0.1/x'] })).toEqual([
			'--ignore-config',
			'R',
			'A',
			'--enable-file-urls',
			'F',
			'--',
			'-u',
			'http://127.0.0.1/x',
		]);
		expect(ytDlpArgv({ flags: [], urls: [] })).toEqual(['--ignore-config', '--']);
	});
});

const SITE: SiteAuth = {
	cookies: '.example.com\tTRUE\t/\tTRUE\t1893456000\tsid\tabc123',
	username: "u'ser",
	password: 'p w#d',
	videoPassword: 'vp-secret',
	proxy: 'http://proxyuser:proxypass@127.0.0.1:1',
	userAgent: 'UA/1.0',
	headers: { 'X-A': 'one', Referer: 'http://127.0.0.1/' },
};
const SECRETS = ['abc123', 'p w#d', 'vp-secret', 'proxypass', 'one'];

describe('authFlags: secrets only in 0600 files', () => {
	let files: SecretFiles;
	beforeEach(() => {
		files = new SecretFiles();
	});
	afterEach(() => files.dispose());

	it('gives the cookie file and the config file of secrets, and only the user agent in plain', async () => {
		const list = await authFlags(SITE, files);
		expect(list.map((a) => (path.isAbsolute(a) ? path.basename(a) : a))).toEqual(['--cookies', 'cookies.txt', '--user-agent', 'UA/1.0', '--config-locations', 'yt-dlp.conf']);
		for (const secret of SECRETS) expect(list.join('\n')).not.toContain(secret);
		const cookies = list[1];
		const conf = list[5];
		expect(path.dirname(cookies)).toBe(path.dirname(conf));
		expect(statSync(path.dirname(conf)).mode & 0o777).toBe(0o700);
		for (const file of [cookies, conf]) expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(readFileSync(cookies, 'utf8')).toBe(`# Netscape HTTP Cookie File\n${SITE.cookies}\n`);
		expect(readFileSync(conf, 'utf8')).toBe(
			[
				`--username 'u'"'"'ser'`,
				`--password 'p w#d'`,
				`--video-password 'vp-secret'`,
				`--proxy 'http://proxyuser:proxypass@127.0.0.1:1'`,
				`--add-header 'X-A:one'`,
				`--add-header 'Referer:http://127.0.0.1/'`,
				'',
			].join('\n'),
		);
	});

	it('writes nothing without secrets', async () => {
		expect(await authFlags({ userAgent: 'only-ua' }, files)).toEqual(['--user-agent', 'only-ua']);
		expect(await authFlags({ headers: {} }, files)).toEqual([]);
	});
});

describe('runYtDlp: the whole vector the real yt-dlp receives', () => {
	let spy: YtDlpSpy;
	beforeEach(() => {
		spy = createYtDlpSpy();
	});
	afterEach(() => spy.dispose());

	it('is the recorded one: prefix, runtime, identity, file URLs, flags, --, URL; secret files gone afterwards', async () => {
		const url = 'http://127.0.0.1:1/media/audio.mp3';
		const result = await runYtDlp(['--simulate'], [url], { auth: { ...SITE, paths: { ytdlpPath: spy.path } }, enableFileUrls: true, timeoutMs: 120_000 });
		const [argv] = spy.calls();
		const secretDir = path.dirname(argv[argv.indexOf('--cookies') + 1]);
		expect(path.dirname(secretDir)).toBe(os.tmpdir());
		expect(argv.map((a) => a.split(secretDir).join('<secret>'))).toEqual([
			'--ignore-config',
			...result.ytdlp.baseArgs,
			'--cookies',
			'<secret>/cookies.txt',
			'--user-agent',
			'UA/1.0',
			'--config-locations',
			'<secret>/yt-dlp.conf',
			'--enable-file-urls',
			'--simulate',
			'--',
			url,
		]);
		for (const secret of SECRETS) expect(argv.join('\n')).not.toContain(secret);
		expect(existsSync(secretDir)).toBe(false);
	});

	it('refuses a header with a line break before writing any secret file or starting a download', async () => {
		const auth = { headers: { 'X-A': 'one\r\nX-Injected: 1' }, paths: { ytdlpPath: spy.path } };
		await expect(runYtDlp(['--simulate'], ['http://127.0.0.1:1/'], { auth })).rejects.toMatchObject({ kind: 'InvalidInput' });
		expect(spy.calls()).toEqual([]);
	});
});

/** String, template and regular-expression literals of a TypeScript file. */
function literals(file: string): string[] {
	const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
	const found: string[] = [];
	const visit = (node: ts.Node) => {
		if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || ts.isRegularExpressionLiteral(node)) found.push(node.text);
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

function tsFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const full = path.join(dir, e.name);
		if (e.isDirectory()) return tsFiles(full);
		return e.name.endsWith('.ts') ? [full] : [];
	});
}

describe('one module builds every yt-dlp flag', () => {
	it('no other file in lib/ or nodes/ holds a literal that starts a long option (ffmpeg files aside)', () => {
		const root = path.resolve(__dirname, '../..');
		const offenders = [...tsFiles(path.join(root, 'lib')), ...tsFiles(path.join(root, 'nodes'))]
			.filter((f) => f !== path.join(root, 'lib', 'ytdlpFlags.ts') && !f.startsWith(path.join(root, 'lib', 'ffmpeg') + path.sep))
			.flatMap((f) => literals(f).filter((text) => /^\/?--(?:[a-z]|$)/.test(text)).map((text) => `${path.relative(root, f)}: ${text}`));
		expect(offenders).toEqual([]);
		// The check sees what it is meant to see.
		expect(literals(path.join(root, 'lib', 'ytdlpFlags.ts'))).toEqual(expect.arrayContaining(['--ignore-config', '--', '/--js-runtimes\\b/']));
	});
});
