import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
	AUDIO_PRESETS,
	checkOutputTemplate,
	DEFAULT_CONFIG,
	envDefaults,
	envProfile,
	formatSelector,
	OUR_USER_AGENT,
	audioQualityKbps,
	parseSize,
	PRESET_NAMES,
	PRESETS,
	PROFILES,
	resolveConfig,
	siteAuthFor,
	VIDEO_PRESETS,
	type DownloadConfig,
} from '../../lib/config';
import { downloadFlags } from '../../lib/ytdlpFlags';

const base = (over: Partial<DownloadConfig> = {}): DownloadConfig => resolveConfig({ outputDir: '/srv/media', ...over }, 'none', {});
const args = (over: Partial<DownloadConfig> = {}, playlist = false) => downloadFlags(base(over), { resultsFile: '/tmp/r%/done.jsonl', playlist });
/** The value after a flag, or undefined when the flag is absent. */
const valueOf = (list: string[], flag: string) => (list.includes(flag) ? list[list.indexOf(flag) + 1] : undefined);

describe('parseSize and audioQualityKbps', () => {
	it.each([
		['1MB', 1_000_000],
		['2GB', 2_000_000_000],
		['500KB', 500_000],
		['1.5MiB', 1_572_864],
		['100', 100],
		[' 3 gib ', 3 * 1024 ** 3],
	])('%s → %d bytes', (text, bytes) => expect(parseSize(text)).toBe(bytes));
	it('refuses sizes that are not sizes', () => {
		expect(() => parseSize('big', 'Max file size')).toThrow('Max file size "big" is not a size. Write it like 500KB, 50MB or 2GB.');
		expect(() => parseSize('-1MB')).toThrow(/is not a size/);
		expect(() => parseSize('10XB')).toThrow(/is not a size/);
	});
	it('reads bitrates and best', () => {
		expect(audioQualityKbps('192k')).toBe(192);
		expect(audioQualityKbps('320kbps')).toBe(320);
		expect(audioQualityKbps('best')).toBeNull();
		expect(() => audioQualityKbps('loud')).toThrow('audio quality "loud" is not a bitrate. Write it like 128k, 192k or 320k, or "best".');
		expect(() => audioQualityKbps('5000k')).toThrow(/is not a bitrate/);
	});
});

describe('checkOutputTemplate', () => {
	it.each(['%(title)s.%(ext)s', 'Podcasts/%(uploader)s/%(title)s.%(ext)s', '%(upload_date>%Y)s/%(id)s.%(ext)s'])('accepts %s', (t) =>
		expect(() => checkOutputTemplate(t)).not.toThrow(),
	);
	it.each(PRESET_NAMES)('accepts the %s preset layout (alternatives, defaults, dates)', (name) => expect(() => checkOutputTemplate(PRESETS[name].outputTemplate!)).not.toThrow());
	it.each([
		['/etc/%(title)s.%(ext)s', /must be relative/],
		['~/x/%(id)s.%(ext)s', /must be relative/],
		['../%(title)s.%(ext)s', /contains "\.\."/],
		['a/../../%(id)s', /contains "\.\."/],
		['a\\..\\%(id)s', /contains "\.\."/],
		['', /empty/],
	])('refuses %j', (t, message) => expect(() => checkOutputTemplate(t)).toThrow(message));
});

describe('resolveConfig', () => {
	it('layers defaults < DOWNLOAD_* env < preset < explicit options, ignoring undefined', () => {
		const env = { DOWNLOAD_MAX_RETRIES: '7', DOWNLOAD_OUTPUT_DIR: '/data/dl', DOWNLOAD_USER_AGENT: 'EnvAgent', DOWNLOAD_IGNORE_ERRORS: 'true', DOWNLOAD_RATE_LIMIT: '4', DOWNLOAD_TIMEOUT: '99', DOWNLOAD_ARCHIVE: 'a.txt' };
		const config = resolveConfig({ maxRetries: undefined, timeout: 5 }, 'liveStream', env);
		expect(config.outputDir).toBe('/data/dl');
		expect(config.maxRetries).toBe(10); // preset over env
		expect(config.timeout).toBe(5); // explicit over preset
		expect(config.userAgent).toBe('EnvAgent');
		expect(config.ignoreErrors).toBe(true);
		expect(config.rateLimitMbps).toBe(4);
		expect(config.downloadArchive).toBe('a.txt');
		expect(resolveConfig({}, 'none', {}).maxRetries).toBe(DEFAULT_CONFIG.maxRetries);
		expect(envDefaults({ DOWNLOAD_MAX_RETRIES: '' })).toEqual({});
	});
	it('names the bad value and what a good one looks like', () => {
		expect(() => resolveConfig({ quality: '4k' as never }, 'none', {})).toThrow('Quality "4k" is not one of best, worst, 2160p');
		expect(() => resolveConfig({ maxFileSize: '10MB', minFileSize: '20MB' }, 'none', {})).toThrow('Min file size 20MB is larger than max file size 10MB.');
		expect(() => resolveConfig({}, 'none', { DOWNLOAD_MAX_RETRIES: 'many' })).toThrow('DOWNLOAD_MAX_RETRIES="many" is not a number');
		expect(() => resolveConfig({}, 'cinema' as never, {})).toThrow(/Preset "cinema" is not one of/);
		expect(() => resolveConfig({ subtitleLanguages: ['en', 'x y'] }, 'none', {})).toThrow(/Subtitle language "x y"/);
		expect(() => resolveConfig({ startNumber: 5, endNumber: 2 }, 'none', {})).toThrow('endNumber 2 is before startNumber 5.');
	});
	it('has the five presets of the spec, with its layouts and readable names for missing fields', () => {
		expect(PRESET_NAMES).toEqual(['podcast', 'music', 'videoArchive', 'socialMedia', 'liveStream']);
		expect(PRESETS.podcast).toEqual({
			audioOnly: true,
			audioFormat: 'mp3',
			audioQuality: '128k',
			normalizeAudio: true,
			embedMetadata: true,
			embedArtwork: true,
			outputTemplate: 'Podcasts/%(uploader,channel,playlist_title|Unknown Podcast)s/%(title)s.%(ext)s',
			downloadArchive: 'podcast_archive.txt',
		});
		expect(PRESETS.music).toEqual({
			audioOnly: true,
			audioFormat: 'mp3',
			audioQuality: '320k',
			embedMetadata: true,
			embedArtwork: true,
			normalizeAudio: true,
			outputTemplate: 'Music/%(artist,album_artist,creator,uploader|Unknown Artist)s/%(album|Unknown Album)s/%(title)s.%(ext)s',
		});
		expect(PRESETS.videoArchive).toEqual({
			quality: 'best',
			format: 'mkv',
			embedSubtitles: true,
			subtitleLanguages: ['en', 'es', 'fr'],
			embedMetadata: true,
			writeInfoJson: true,
			writeDescription: true,
			embedChapters: true,
			outputTemplate: 'Archive/%(uploader,channel|Unknown Uploader)s/%(upload_date>%Y-%m-%d|undated)s - %(title)s.%(ext)s',
		});
		expect(PRESETS.socialMedia).toEqual({
			quality: '720p',
			format: 'mp4',
			maxFileSize: '100MB',
			embedMetadata: true,
			outputTemplate: 'SocialMedia/%(extractor|unknown site)s/%(uploader,channel|Unknown Uploader)s/%(title)s.%(ext)s',
			ignoreErrors: true,
			requestDelay: 2,
		});
		expect(PRESETS.liveStream).toEqual({
			quality: '720p',
			format: 'mp4',
			timeout: 3600,
			maxRetries: 10,
			retryDelay: 30,
			resumeDownloads: true,
			outputTemplate: 'Streams/%(uploader,channel|Unknown Uploader)s/%(upload_date>%Y-%m-%d,epoch>%Y-%m-%d|undated)s - %(title)s.%(ext)s',
		});
		for (const name of PRESET_NAMES) expect(() => resolveConfig({}, name, {})).not.toThrow();
		for (const name of PRESET_NAMES) expect(PRESETS[name].outputTemplate).not.toMatch(/%\(platform\)/);
	});
	it('sorts the presets into audio (podcast, music) and video ones', () => {
		expect(AUDIO_PRESETS).toEqual(['podcast', 'music']);
		expect(VIDEO_PRESETS).toEqual(['videoArchive', 'socialMedia', 'liveStream']);
	});
	it('refuses an audio preset for a video download, and tells to use getAudio', () => {
		for (const name of AUDIO_PRESETS) {
			expect(() => resolveConfig({ audioOnly: false }, name, {})).toThrow(`The ${name} preset makes audio files, so it cannot be used for a video download. Use getAudio`);
			expect(resolveConfig({}, name, {}).audioOnly).toBe(true);
		}
		expect(resolveConfig({ audioOnly: false }, 'videoArchive', {}).format).toBe('mkv');
	});
	it('reads the spec\'s `format` as the audio format of audio-only downloads', () => {
		expect(resolveConfig({ audioOnly: true, format: 'mp3' }, 'none', {})).toMatchObject({ audioOnly: true, audioFormat: 'mp3', format: DEFAULT_CONFIG.format });
		expect(resolveConfig({ audioOnly: true, format: 'flac' }, 'videoArchive', {})).toMatchObject({ audioFormat: 'flac', format: 'mkv' });
		expect(resolveConfig({ format: 'opus' }, 'music', {})).toMatchObject({ audioFormat: 'opus', audioQuality: '320k' });
		expect(resolveConfig({ audioOnly: true, format: 'm4a', audioFormat: 'm4a' }, 'none', {}).audioFormat).toBe('m4a');
		expect(resolveConfig({ audioOnly: true, format: 'mkv' }, 'none', {})).toMatchObject({ format: 'mkv', audioFormat: 'mp3' });
		expect(() => resolveConfig({ format: 'mp3' }, 'none', {})).toThrow('Format "mp3" is an audio format: set audioOnly: true (or use getAudio) for audio, or choose a video container (mp4, mkv, webm, mov).');
		expect(() => resolveConfig({ audioOnly: true, format: 'mp3', audioFormat: 'flac' }, 'none', {})).toThrow('Format "mp3" and audio format "flac" disagree: give one of them.');
	});
});

describe('environment profiles (ENVIRONMENT)', () => {
	const version = (JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { version: string }).version;

	it('production: 5 retries, 300 s timeout, archive.txt in the output folder, verification, robots.txt, our user agent', () => {
		const config = resolveConfig({ outputDir: '/srv/media' }, 'none', { ENVIRONMENT: 'production' });
		expect(OUR_USER_AGENT).toBe(`n8n-nodes-media-downloader/${version}`);
		expect(config).toMatchObject({
			maxRetries: 5,
			timeout: 300,
			rateLimitMbps: 0,
			downloadArchive: 'archive.txt',
			ignoreErrors: false,
			verifyDownload: true,
			respectRobotsTxt: true,
			userAgent: OUR_USER_AGENT,
		});
		expect(valueOf(downloadFlags(config, { resultsFile: '/tmp/r' }), '--download-archive')).toBe('/srv/media/archive.txt');
		expect(siteAuthFor(config).userAgent).toBe(OUR_USER_AGENT);
		// The output folder is DOWNLOAD_OUTPUT_DIR, as without a profile.
		expect(resolveConfig({}, 'none', { ENVIRONMENT: 'production', DOWNLOAD_OUTPUT_DIR: '/data/downloads' }).outputDir).toBe('/data/downloads');
		expect(resolveConfig({}, 'none', { ENVIRONMENT: 'production' }).outputDir).toBe(DEFAULT_CONFIG.outputDir);
	});

	it('development: ./downloads, 720p, at most 5 downloads, info JSON, ignore errors, 60 s timeout', () => {
		const config = resolveConfig({}, 'none', { ENVIRONMENT: 'development' });
		expect(config).toMatchObject({ outputDir: './downloads', quality: '720p', maxDownloads: 5, writeInfoJson: true, ignoreErrors: true, timeout: 60 });
		expect(PROFILES.development).toEqual({ outputDir: './downloads', quality: '720p', maxDownloads: 5, writeInfoJson: true, ignoreErrors: true, timeout: 60 });
		const a = downloadFlags({ ...config, outputDir: path.resolve(config.outputDir) }, { resultsFile: '/tmp/r' });
		expect(valueOf(a, '--paths')).toBe(path.resolve('downloads'));
		expect(valueOf(a, '--max-downloads')).toBe('5');
		expect(a).toEqual(expect.arrayContaining(['--write-info-json', '--ignore-errors']));
	});

	it('applies only when ENVIRONMENT names one (any case); unset or other values change nothing', () => {
		expect(envProfile({ ENVIRONMENT: 'Production ' })).toBe('production');
		expect(envProfile({ ENVIRONMENT: 'DEVELOPMENT' })).toBe('development');
		for (const env of [{}, { ENVIRONMENT: '' }, { ENVIRONMENT: 'staging' }]) {
			expect(envProfile(env)).toBeUndefined();
			expect(resolveConfig({}, 'none', env)).toEqual(resolveConfig({}, 'none', {}));
		}
		expect(resolveConfig({}, 'none', {})).toEqual(DEFAULT_CONFIG);
	});

	it('layers defaults < profile < DOWNLOAD_* environment < preset < explicit options', () => {
		const env = { ENVIRONMENT: 'production', DOWNLOAD_MAX_RETRIES: '7', DOWNLOAD_TIMEOUT: '120', DOWNLOAD_USER_AGENT: 'EnvAgent', DOWNLOAD_ARCHIVE: 'env.txt', DOWNLOAD_RETRY_DELAY: '4' };
		const noPreset = resolveConfig({}, 'none', env);
		expect(noPreset).toMatchObject({ maxRetries: 7, timeout: 120, userAgent: 'EnvAgent', downloadArchive: 'env.txt', retryDelay: 4, respectRobotsTxt: true });
		const live = resolveConfig({}, 'liveStream', env);
		expect(live).toMatchObject({ maxRetries: 10, timeout: 3600, retryDelay: 30, downloadArchive: 'env.txt' });
		const explicit = resolveConfig({ maxRetries: 1, timeout: 9, respectRobotsTxt: false, userAgent: 'Mine' }, 'liveStream', env);
		expect(explicit).toMatchObject({ maxRetries: 1, timeout: 9, respectRobotsTxt: false, userAgent: 'Mine' });
		// Development: DOWNLOAD_* beats the profile too (the spec's development config reads no variables).
		expect(resolveConfig({}, 'none', { ENVIRONMENT: 'development', DOWNLOAD_TIMEOUT: '15', DOWNLOAD_IGNORE_ERRORS: 'false' })).toMatchObject({ timeout: 15, ignoreErrors: false, quality: '720p' });
		expect(resolveConfig({}, 'videoArchive', { ENVIRONMENT: 'development' }).quality).toBe('best');
		expect(resolveConfig({ quality: '480p' }, 'socialMedia', { ENVIRONMENT: 'development' }).quality).toBe('480p');
	});

	it('reads DOWNLOAD_RETRY_DELAY (seconds) and refuses values that are not numbers', () => {
		expect(envDefaults({ DOWNLOAD_RETRY_DELAY: '2.5' })).toEqual({ retryDelay: 2.5 });
		expect(resolveConfig({}, 'none', { DOWNLOAD_RETRY_DELAY: '12' }).retryDelay).toBe(12);
		expect(() => resolveConfig({}, 'none', { DOWNLOAD_RETRY_DELAY: 'soon' })).toThrow('DOWNLOAD_RETRY_DELAY="soon" is not a number');
	});
});

describe('formatSelector', () => {
	it('builds requested → relaxed → best selectors; unknown height/codec pass with "?"', () => {
		const c = base({ quality: '720p', videoCodec: 'h264', audioCodec: 'aac' });
		expect(formatSelector(c, 'requested')).toBe('bv*[height<=?720][vcodec^=?avc1]+ba[acodec^=?mp4a]/b[height<=?720][vcodec^=?avc1]');
		expect(formatSelector(c, 'relaxed')).toBe('bv*[height<=?720]+ba/b[height<=?720]');
		expect(formatSelector(c, 'best')).toBe('bv*+ba/b');
		expect(formatSelector(base({ audioOnly: true, audioCodec: 'opus' }), 'requested')).toBe('ba[acodec^=?opus]/ba/b');
		expect(formatSelector(base({ quality: 'worst' }))).toBe('wv*+wa/w');
	});
});

describe('downloadFlags', () => {
	it('always reports progress, prints finished files, keeps files in the output folder and never overwrites by default', () => {
		const a = args();
		expect(a.slice(0, 2)).toEqual(['--newline', '--progress-template']);
		expect(valueOf(a, '--paths')).toBe('/srv/media');
		expect(valueOf(a, '--output')).toBe('%(title)s [%(id)s].%(ext)s');
		expect(valueOf(a, '--print-to-file')).toBe('after_move:%()j');
		expect(a[a.indexOf('--print-to-file') + 2]).toBe('/tmp/r%%/done.jsonl');
		expect(a).toContain('--no-overwrites');
		expect(a).toContain('--continue');
		expect(a).toContain('--no-playlist');
		expect(a).toContain('--abort-on-error');
	});
	it.each<[Partial<DownloadConfig>, string, string | true]>([
		[{ overwriteExisting: true }, '--force-overwrites', true],
		[{ resumeDownloads: false }, '--no-continue', true],
		[{ format: 'mkv' }, '--merge-output-format', 'mkv'],
		[{ format: 'mkv' }, '--remux-video', 'mkv'],
		[{ format: 'webm' }, '--recode-video', 'webm'],
		[{ quality: '480p' }, '--format-sort', 'res:480,ext:mp4'],
		[{ audioOnly: true, audioFormat: 'm4a', audioQuality: '160k' }, '--audio-quality', '160K'],
		[{ audioOnly: true, audioFormat: 'opus', audioQuality: 'best' }, '--audio-quality', '0'],
		[{ audioOnly: true, audioFormat: 'flac' }, '--audio-format', 'flac'],
		[{ embedSubtitles: true, subtitleLanguages: ['en', 'de'] }, '--sub-langs', 'en,de'],
		[{ embedSubtitles: true }, '--embed-subs', true],
		[{ autoSubtitles: true }, '--write-auto-subs', true],
		[{ writeSubtitles: true }, '--write-subs', true],
		[{ embedMetadata: true }, '--embed-metadata', true],
		[{ embedArtwork: true }, '--embed-thumbnail', true],
		[{ embedChapters: true }, '--embed-chapters', true],
		[{ writeInfoJson: true }, '--write-info-json', true],
		[{ writeDescription: true }, '--write-description', true],
		[{ writeThumbnail: true }, '--write-thumbnail', true],
		[{ socketTimeout: 12 }, '--socket-timeout', '12'],
		[{ maxRetries: 4 }, '--retries', '4'],
		[{ maxRetries: 4 }, '--fragment-retries', '4'],
		[{ retryDelay: 3 }, '--retry-sleep', 'exp=3:24'],
		[{ rateLimitMbps: 8 }, '--limit-rate', '1000000'],
		[{ requestDelay: 2 }, '--sleep-requests', '2'],
		[{ requestDelay: 2 }, '--sleep-interval', '2'],
		[{ maxDownloads: 3 }, '--max-downloads', '3'],
		[{ downloadArchive: 'archive.txt' }, '--download-archive', '/srv/media/archive.txt'],
		[{ downloadArchive: '/srv/media/lists/archive.txt' }, '--download-archive', '/srv/media/lists/archive.txt'],
		[{ ignoreErrors: true }, '--ignore-errors', true],
		[{ minFileSize: '1MB' }, '--min-filesize', '1000000'],
		[{ maxFileSize: '2GiB' }, '--max-filesize', String(2 * 1024 ** 3)],
	])('%j → %s', (over, flag, value) => {
		const a = args(over);
		if (value === true) expect(a).toContain(flag);
		else expect(valueOf(a, flag)).toBe(value);
	});
	it('applies the playlist range only to playlists', () => {
		expect(valueOf(args({ startNumber: 2, endNumber: 4 }, true), '--playlist-start')).toBe('2');
		expect(valueOf(args({ startNumber: 2, endNumber: 4 }, true), '--playlist-end')).toBe('4');
		expect(args({ startNumber: 2 }, true)).not.toContain('--no-playlist');
		expect(args({ startNumber: 2 })).not.toContain('--playlist-start');
	});
	it('leaves out what is off', () => {
		const a = args({ embedMetadata: false });
		for (const flag of ['--embed-subs', '--write-subs', '--embed-metadata', '--embed-thumbnail', '--limit-rate', '--sleep-requests', '--max-downloads', '--download-archive', '--min-filesize', '--extract-audio'])
			expect(a).not.toContain(flag);
	});
	it('never carries secrets: user agent, proxy, headers and cookies go to SiteAuth', () => {
		const config = base({ userAgent: 'UA', proxyUrl: 'http://u:p@proxy:3128', headers: { 'X-A': '1' }, cookies: 'c' });
		expect(downloadFlags(config, { resultsFile: '/tmp/x' }).join(' ')).not.toMatch(/proxy:3128|X-A|UA/);
		expect(siteAuthFor(config, { headers: { 'X-B': '2' }, userAgent: 'cred' })).toMatchObject({ userAgent: 'UA', proxy: 'http://u:p@proxy:3128', headers: { 'X-A': '1', 'X-B': '2' }, cookies: 'c' });
	});
});

describe('siteAuthFor: whose user agent and proxy win', () => {
	const production = resolveConfig({}, 'none', { ENVIRONMENT: 'production' });

	it('the credential beats the profile and the environment, options given for the call beat the credential', () => {
		const credential = { userAgent: 'Credential/1.0', proxy: 'http://127.0.0.1:3128' };
		expect(siteAuthFor(production, credential, {})).toMatchObject(credential);
		expect(siteAuthFor(resolveConfig({}, 'none', { DOWNLOAD_USER_AGENT: 'Env/2.0' }), credential, {}).userAgent).toBe('Credential/1.0');
		const explicit = { userAgent: 'Call/3.0', proxyUrl: 'socks5://127.0.0.1:1080' };
		expect(siteAuthFor(resolveConfig(explicit, 'none', { ENVIRONMENT: 'production' }), credential, explicit)).toMatchObject({ userAgent: 'Call/3.0', proxy: 'socks5://127.0.0.1:1080' });
	});

	it('without a credential the profile’s user agent applies', () => {
		expect(siteAuthFor(production, {}, {}).userAgent).toBe(OUR_USER_AGENT);
		expect(siteAuthFor(resolveConfig({}, 'none', {}), {}, {}).userAgent).toBeUndefined();
	});
});

describe('concurrent fragments and playlist shares', () => {
	it('asks yt-dlp for 4 fragments at once by default, one at a time with 1, and refuses what is not 1…32', () => {
		expect(valueOf(args(), '--concurrent-fragments')).toBe('4');
		expect(args({ concurrentFragments: 1 })).not.toContain('--concurrent-fragments');
		expect(valueOf(args({ concurrentFragments: 8 }), '--concurrent-fragments')).toBe('8');
		for (const bad of [0, 33, 2.5]) expect(() => base({ concurrentFragments: bad })).toThrow(/concurrentFragments must be a whole number from 1 to 32/);
	});

	it('a share of a playlist names its entries instead of the start/end range', () => {
		const share = downloadFlags(base({ startNumber: 2, endNumber: 9 }), { resultsFile: '/tmp/r.jsonl', playlist: true, playlistItems: [2, 5, 8] });
		expect(valueOf(share, '--playlist-items')).toBe('2,5,8');
		expect(share).not.toContain('--playlist-start');
		expect(share).not.toContain('--playlist-end');
		expect(valueOf(args({ startNumber: 2, endNumber: 9 }, true), '--playlist-start')).toBe('2');
	});
});
