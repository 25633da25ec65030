import { chooseOptimalFormat, summarizeFormats } from '../../lib/formatChoice';
import { codecFamily, parseFormat, parseFormats } from '../../lib/formats';
import { toMediaInfo } from '../../lib/mediaInfo';

/** A YouTube-like list: split video/audio streams in several codecs, plus one muxed 360p mp4. */
const rawYoutube = [
	{ format_id: '18', ext: 'mp4', vcodec: 'avc1.42001E', acodec: 'mp4a.40.2', height: 360, width: 640, tbr: 500 },
	{ format_id: '140', ext: 'm4a', vcodec: 'none', acodec: 'mp4a.40.2', abr: 129.5, resolution: 'audio only' },
	{ format_id: '251', ext: 'webm', vcodec: 'none', acodec: 'opus', abr: 135.2, resolution: 'audio only' },
	{ format_id: '136', ext: 'mp4', vcodec: 'avc1.4d401f', acodec: 'none', height: 720, width: 1280, tbr: 1200 },
	{ format_id: '247', ext: 'webm', vcodec: 'vp9', acodec: 'none', height: 720, width: 1280, tbr: 900 },
	{ format_id: '137', ext: 'mp4', vcodec: 'avc1.640028', acodec: 'none', height: 1080, width: 1920, tbr: 4000 },
	{ format_id: '248', ext: 'webm', vcodec: 'vp9', acodec: 'none', height: 1080, width: 1920, tbr: 2600 },
	{ format_id: '313', ext: 'webm', vcodec: 'vp9', acodec: 'none', height: 2160, width: 3840, tbr: 17000 },
	{ format_id: '401', ext: 'mp4', vcodec: 'av01.0.12M.08', acodec: 'none', height: 2160, width: 3840, tbr: 12000 },
	{ format_id: 'sb0', ext: 'mhtml', vcodec: 'none', acodec: 'none', protocol: 'mhtml' },
];
const youtube = rawYoutube.map((f) => parseFormat(f));

describe('codecFamily', () => {
	it.each([
		['avc1.640028', 'h264'],
		['hvc1.1.6.L93.B0', 'hevc'],
		['vp09.00.40.08', 'vp9'],
		['av01.0.12M.08', 'av1'],
		['mp4a.40.2', 'aac'],
		['opus', 'opus'],
		['none', null],
		[undefined, 'unknown'],
	])('%s → %s', (codec, family) => expect(codecFamily(codec as string | undefined)).toBe(family));
});

describe('chooseOptimalFormat', () => {
	it('gives iOS and macOS the best H.264 + AAC in MP4, never VP9/AV1/Opus', () => {
		for (const platform of ['ios', 'mac'] as const) {
			const choice = chooseOptimalFormat(youtube, 'video', platform);
			expect(choice).toMatchObject({ format: 'mp4', quality: '1080p', codec: 'h264+aac', formatId: '137+140' });
			expect(choice.selector.startsWith('bv*[vcodec^=avc1]+ba[acodec^=mp4a]/')).toBe(true);
			expect(choice.reason).toMatch(/QuickTime and iOS play H.264\/HEVC/);
			expect(choice.reason).toMatch(/skipped vp9\/av1 formats/);
		}
	});

	it('gives Linux the highest resolution whatever the codec, AV1 before VP9 at equal height', () => {
		const choice = chooseOptimalFormat(youtube, 'video', 'linux');
		expect(choice).toMatchObject({ format: 'mkv', quality: '2160p', codec: 'av1+opus', formatId: '401+251', selector: 'bv*+ba/b' });
	});

	it('gives Android 2160p VP9 (hardware-decoded) with AAC', () => {
		expect(chooseOptimalFormat(youtube, 'video', 'android')).toMatchObject({ quality: '2160p', codec: 'vp9+aac', formatId: '313+140', format: 'mp4' });
	});

	it('prefers H.264 at equal height for Windows and the web', () => {
		const only1080 = youtube.filter((f) => (f.height ?? 0) <= 1080);
		expect(chooseOptimalFormat(only1080, 'video', 'windows')).toMatchObject({ formatId: '137+140', codec: 'h264+aac' });
		expect(chooseOptimalFormat(only1080, 'video', 'web')).toMatchObject({ formatId: '137+140', codec: 'h264+aac' });
	});

	it('picks AAC audio (M4A) for Apple and Opus for Linux', () => {
		expect(chooseOptimalFormat(youtube, 'audio', 'ios')).toMatchObject({ format: 'm4a', codec: 'aac', formatId: '140', quality: '130k' });
		expect(chooseOptimalFormat(youtube, 'audio', 'linux')).toMatchObject({ format: 'opus', codec: 'opus', formatId: '251', quality: '135k' });
	});

	it('extracts audio from a muxed file when no audio-only format exists', () => {
		const muxed = [parseFormat({ format_id: 'mp4', ext: 'mp4', url: 'http://x/a.mp4' })];
		const choice = chooseOptimalFormat(muxed, 'audio', 'ios');
		expect(choice.formatId).toBe('mp4');
		expect(choice.reason).toMatch(/no audio-only format is offered/);
	});

	it('judges direct files without codec information by container', () => {
		const direct = [parseFormat({ format_id: 'webm', ext: 'webm', url: 'http://x/a.webm' })];
		expect(chooseOptimalFormat(direct, 'video', 'ios').reason).toMatch(/No format plays natively/);
		expect(chooseOptimalFormat(direct, 'video', 'linux').formatId).toBe('webm');
	});

	it('refuses an empty list and an unknown platform', () => {
		expect(() => chooseOptimalFormat([], 'video', 'web')).toThrow('The media lists no formats');
		expect(() => chooseOptimalFormat(youtube, 'video', 'amiga' as never)).toThrow(/Unknown platform "amiga"/);
	});
});

describe('summarizeFormats', () => {
	it('groups formats, qualities and codec families and drops storyboards', () => {
		const info = toMediaInfo({ id: 'x', title: 'X', formats: rawYoutube, subtitles: { en: [], live_chat: [] } }, 'u', 10);
		const summary = summarizeFormats(info);
		expect(summary.qualities).toEqual(['2160p', '1080p', '720p', '360p']);
		expect(summary.codecs).toEqual({ video: ['h264', 'vp9', 'av1'], audio: ['aac', 'opus'] });
		expect(summary.audioFormats.map((f) => f.formatId)).toEqual(['140', '251']);
		expect(summary.videoFormats).toHaveLength(7);
		expect(summary.subtitleLanguages).toEqual(['en']);
		expect(parseFormats({ formats: [{ format_id: 'sb0', ext: 'mhtml' }, { format_id: '18', ext: 'mp4' }] }).map((f) => f.formatId)).toEqual(['18']);
	});
});
