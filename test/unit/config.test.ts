import {
	checkOutputTemplate,
	DEFAULT_CONFIG,
	envDefaults,
	formatSelector,
	parseBitrate,
	parseSize,
	PRESET_NAMES,
	PRESETS,
	resolveConfig,
	siteAuthFor,
	toYtDlpArgs,
	type DownloadConfig,
} from '../../lib/config';

const base = (over: Partial<DownloadConfig> = {}): DownloadConfig => resolveConfig({ outputDir: '/srv/media', ...over }, 'none', {});
const args = (over: Partial<DownloadConfig> = {}, playlist = false) => toYtDlpArgs(base(over), { resultsFile: '/tmp/r%/done.jsonl', playlist });
/** The value after a flag, or undefined when the flag is absent. */
const valueOf = (list: string[], flag: string) => (list.includes(flag) ? list[list.indexOf(flag) + 1] : undefined);

describe('parseSize and parseBitrate', () => {
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
		expect(parseBitrate('192k')).toBe(192);
		expect(parseBitrate('320kbps')).toBe(320);
		expect(parseBitrate('best')).toBeNull();
		expect(() => parseBitrate('loud')).toThrow('audio quality "loud" is not a bitrate. Write it like 128k, 192k or 320k, or "best".');
		expect(() => parseBitrate('5000k')).toThrow(/is not a bitrate/);
	});
});

describe('checkOutputTemplate', () => {
	it.each(['%(title)s.%(ext)s', 'Podcasts/%(uploader)s/%(title)s.%(ext)s', '%(upload_date>%Y)s/%(id)s.%(ext)s'])('accepts %s', (t) =>
		expect(() => checkOutputTemplate(t)).not.toThrow(),
	);
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
	it('has the five presets of the spec', () => {
		expect(PRESET_NAMES).toEqual(['podcast', 'music', 'videoArchive', 'socialMedia', 'liveStream']);
		expect(PRESETS.podcast).toMatchObject({ audioFormat: 'mp3', audioQuality: '128k', normalizeAudio: true, outputTemplate: 'Podcasts/%(uploader)s/%(title)s.%(ext)s' });
		expect(PRESETS.socialMedia).toMatchObject({ quality: '720p', maxFileSize: '100MB', requestDelay: 2, ignoreErrors: true });
		for (const name of PRESET_NAMES) expect(() => resolveConfig({}, name, {})).not.toThrow();
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

describe('toYtDlpArgs', () => {
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
		[{ downloadArchive: '/var/lib/archive.txt' }, '--download-archive', '/var/lib/archive.txt'],
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
		expect(toYtDlpArgs(config, { resultsFile: '/tmp/x' }).join(' ')).not.toMatch(/proxy:3128|X-A|UA/);
		expect(siteAuthFor(config, { headers: { 'X-B': '2' }, userAgent: 'cred' })).toMatchObject({ userAgent: 'UA', proxy: 'http://u:p@proxy:3128', headers: { 'X-A': '1', 'X-B': '2' }, cookies: 'c' });
	});
});
