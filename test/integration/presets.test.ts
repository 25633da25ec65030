import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { downloadMedia, getVideo, MediaError, resolveConfig } from '../../lib';
import { tempFolderName } from '../../lib/download/tempFolder';
import { measureLoudness, probeMedia } from '../../lib/ffmpeg';
import { CAPTION_CUES, EPISODES, FEED_TITLE } from '../fixtures';
import { xxhash64Of } from '../fixtures/checksums';
import { startMetadataPages, type LdPage, type MetadataPages } from '../helpers/metadataPages';
import { withFixtures } from '../helpers/withFixtures';

const fx = withFixtures('mdl-preset-');
// Presets normalise loudness (two ffmpeg passes) and download twice: slow on a busy machine, so generous.
jest.setTimeout(180_000);

const bitrateKbps = async (file: string) => {
	const probe = await probeMedia(file);
	return (probe.streams.find((s) => s.type === 'audio')!.bitRate ?? probe.bitRate!) / 1000;
};

describe('presets (each asserted by its effect on the file)', () => {
	let pages: MetadataPages;
	beforeAll(async () => {
		pages = await startMetadataPages();
	});
	afterAll(() => pages?.close());
	/** A page whose media has an uploader (author), an artist and an upload date, as many sites report them. */
	const described = (over: Partial<LdPage> = {}) =>
		pages.url({ title: 'Described Clip', contentUrl: fx.server.url('/media/video-360.mp4'), duration: fx.server.media['video-360.mp4'].duration, author: 'Ann Author', uploadDate: '2024-03-05T10:00:00Z', ...over });
	const rel = (file: string | undefined) => path.relative(fx.dir, file!);
	/** yt-dlp's `epoch` is when it read the page: the UTC day at one end of the call or the other. */
	const utcDays = (since: number) => [new Date(since).toISOString().slice(0, 10), new Date().toISOString().slice(0, 10)];

	it('podcast: MP3 128k, loudness -16 LUFS, artwork, Podcasts/<show>/<title> (a readable folder without uploader) and podcast_archive.txt', async () => {
		const [result] = await downloadMedia(fx.server.url('/page/video.html'), { preset: 'podcast', outputDir: fx.dir });
		expect(rel(result.localPath)).toBe(path.join('Podcasts', 'Unknown Podcast', 'Fixture Video (Open Graph) (1).mp3'));
		const probe = await probeMedia(result.localPath!);
		expect(probe.streams.find((s) => s.type === 'audio')!.codec).toBe('mp3');
		expect(probe.streams.some((s) => s.isAttachedPic)).toBe(true);
		expect(Math.abs((await bitrateKbps(result.localPath!)) - 128)).toBeLessThan(20);
		expect(Math.abs((await measureLoudness(result.localPath!)).integratedLufs - -16)).toBeLessThanOrEqual(1);
		expect(readFileSync(path.join(fx.dir, 'podcast_archive.txt'), 'utf8').trim()).toBe('html5mediaembed video-1');
		const [again] = await downloadMedia(fx.server.url('/page/video.html'), { preset: 'podcast', outputDir: fx.dir });
		expect(again.skipped).toBe('archive');
	});

	it('podcast: a feed entry goes into a folder named after the show (the feed title)', async () => {
		const [episode] = await downloadMedia(fx.server.url('/feed.xml'), { preset: 'podcast', outputDir: fx.dir, playlist: true, endNumber: 1 });
		expect(path.dirname(rel(episode.localPath))).toBe(path.join('Podcasts', FEED_TITLE));
		expect((await probeMedia(episode.localPath!)).streams.find((s) => s.type === 'audio')!.codec).toBe('mp3');
		expect(readFileSync(path.join(fx.dir, 'podcast_archive.txt'), 'utf8')).toContain(EPISODES[0].guid);
	});

	it('music: MP3 320k with artwork, normalised, in Music/Unknown Artist/Unknown Album when the media has neither', async () => {
		const [result] = await downloadMedia(fx.server.url('/page/video.html'), { preset: 'music', outputDir: fx.dir });
		expect(rel(result.localPath)).toBe(path.join('Music', 'Unknown Artist', 'Unknown Album', 'Fixture Video (Open Graph) (1).mp3'));
		expect(result.format).toBe('mp3');
		expect(Math.abs((await bitrateKbps(result.localPath!)) - 320)).toBeLessThan(40);
		expect((await probeMedia(result.localPath!)).streams.some((s) => s.isAttachedPic)).toBe(true);
		expect(Math.abs((await measureLoudness(result.localPath!)).integratedLufs - -16)).toBeLessThanOrEqual(1);
	});

	it("music: Music/<artist>/<album>/<title>, the artist's name also embedded", async () => {
		const song = pages.url({ title: 'First Song', type: 'AudioObject', contentUrl: fx.server.url('/media/audio.mp3'), duration: fx.server.media['audio.mp3'].duration, artist: 'The Fixture Band' });
		const [result] = await downloadMedia(song, { preset: 'music', outputDir: fx.dir });
		expect(rel(result.localPath)).toBe(path.join('Music', 'The Fixture Band', 'Unknown Album', 'First Song.mp3'));
		expect((await probeMedia(result.localPath!)).tags).toMatchObject({ artist: 'The Fixture Band', title: 'First Song' });
	});

	it('video archive: MKV with embedded subtitles, metadata, info JSON and description, in Archive/Unknown Uploader/undated - <title>', async () => {
		const [result] = await downloadMedia(fx.server.url('/page/video.html'), { preset: 'videoArchive', outputDir: fx.dir, subtitleLanguages: ['en', 'de'] });
		expect(rel(result.localPath)).toBe(path.join('Archive', 'Unknown Uploader', 'undated - Fixture Video (Open Graph) (1).mkv'));
		const probe = await probeMedia(result.localPath!);
		expect(probe.formatName).toMatch(/matroska/);
		expect(probe.streams.filter((s) => s.type === 'subtitle').map((s) => s.language)).toEqual(['eng', 'deu']);
		expect(probe.tags.title).toBe('Fixture Video (Open Graph) (1)');
		expect(result.files.info).toBeDefined();
		expect(result.files.description).toBeDefined();
	});

	it('video archive: Archive/<uploader>/<YYYY-MM-DD> - <title>.mkv', async () => {
		const [result] = await downloadMedia(described(), { preset: 'videoArchive', outputDir: fx.dir });
		expect(rel(result.localPath)).toBe(path.join('Archive', 'Ann Author', '2024-03-05 - Described Clip.mkv'));
		expect((await probeMedia(result.localPath!)).formatName).toMatch(/matroska/);
		expect(JSON.parse(readFileSync(result.files.info!, 'utf8'))).toMatchObject({ uploader: 'Ann Author', upload_date: '20240305' });
	});

	it('social media: 720p MP4 under 100MB in SocialMedia/<extractor>/Unknown Uploader; bigger files are refused', async () => {
		const [result] = await downloadMedia(fx.server.url('/hls/master.m3u8'), { preset: 'socialMedia', outputDir: fx.dir });
		expect(rel(result.localPath)).toBe(path.join('SocialMedia', 'generic', 'Unknown Uploader', `${result.info.title}.mp4`));
		const video = (await probeMedia(result.localPath!)).streams.find((s) => s.type === 'video')!;
		expect([result.format, video.height]).toEqual(['mp4', 720]);
		await expect(downloadMedia(fx.server.url('/media/big.mp4'), { preset: 'socialMedia', outputDir: fx.dir, maxFileSize: '10MB' })).rejects.toMatchObject({ kind: 'Verification' });
	});

	it('social media: SocialMedia/<extractor>/<uploader>/<title>.mp4 with the metadata embedded', async () => {
		const [result] = await downloadMedia(described(), { preset: 'socialMedia', outputDir: fx.dir });
		expect(rel(result.localPath)).toBe(path.join('SocialMedia', 'generic', 'Ann Author', 'Described Clip.mp4'));
		expect((await probeMedia(result.localPath!)).tags).toMatchObject({ title: 'Described Clip', artist: 'Ann Author', date: '20240305' });
	});

	it('live stream: 720p MP4 with resume, its long timeout and retry settings in force, filed under the recording day', async () => {
		const k = `k${Date.now()}`;
		const since = Date.now();
		const [result] = await downloadMedia(fx.server.url(`/page/video.html?src=/fault/drop/50000/${k}/video-720.mp4`), { preset: 'liveStream', outputDir: fx.dir, retryDelay: 0.1 });
		expect(result.checksum).toEqual(await xxhash64Of(fx.server.media['video-720.mp4'].path));
		expect(fx.server.requests.some((r) => r.path.includes(k) && /^bytes=[1-9]/.test(String(r.headers.range)))).toBe(true);
		expect(utcDays(since).map((day) => path.join('Streams', 'Unknown Uploader', `${day} - Fixture Video (Open Graph) (1).mp4`))).toContain(rel(result.localPath));
		expect((await probeMedia(result.localPath!)).formatName).toMatch(/mp4/);
	});

	it('live stream: Streams/<uploader>/<upload day> - <title>.mp4', async () => {
		const [result] = await downloadMedia(described({ contentUrl: fx.server.url('/media/video-720.mp4'), duration: fx.server.media['video-720.mp4'].duration }), { preset: 'liveStream', outputDir: fx.dir });
		expect(rel(result.localPath)).toBe(path.join('Streams', 'Ann Author', '2024-03-05 - Described Clip.mp4'));
		expect((await probeMedia(result.localPath!)).streams.find((s) => s.type === 'video')!.height).toBe(720);
	});
});

describe('options not covered elsewhere', () => {
	it('verifyDownload refuses a file whose duration does not match the source, and lets it pass when off', async () => {
		const lying = fx.server.url('/page/jsonld.html?duration=60');
		const error = await getVideo(lying, { outputDir: fx.dir }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(MediaError);
		expect((error as MediaError).message).toMatch(/differs from the source's 60\.0 s/);
		expect(readdirSync(fx.dir).filter((f) => f.endsWith('.mp4'))).toEqual([]);
		const unchecked = await getVideo(lying, { outputDir: fx.dir, verifyDownload: false });
		expect(unchecked.fileSize).toBe(fx.server.media['video-360.mp4'].size);
	});

	it('resumeDownloads continues a partial file left by an earlier run; off, it starts over', async () => {
		const source = fx.server.media['video-720.mp4'];
		// An earlier run leaves its .part in that download's own temp folder (lib/download/tempFolder.ts).
		const partial = () => {
			const temp = path.join(fx.dir, tempFolderName(fx.server.url('/media/video-720.mp4'), resolveConfig({ outputDir: fx.dir }, 'none')));
			mkdirSync(temp, { recursive: true });
			writeFileSync(path.join(temp, 'video-720 [video-720].mp4.part'), readFileSync(source.path).subarray(0, 40_000));
		};
		const rangedFrom = () => fx.server.requests.filter((r) => r.path === '/media/video-720.mp4' && r.method === 'GET').map((r) => String(r.headers.range ?? 'none'));

		partial();
		const resumed = await getVideo(fx.server.url('/media/video-720.mp4'), { outputDir: fx.dir });
		expect(resumed.checksum).toEqual(await xxhash64Of(source.path));
		expect(rangedFrom()).toContain('bytes=40000-');

		rmSync(resumed.localPath!);
		fx.server.reset();
		partial();
		const restarted = await getVideo(fx.server.url('/media/video-720.mp4'), { outputDir: fx.dir, resumeDownloads: false });
		expect(restarted.checksum).toEqual(await xxhash64Of(source.path));
		expect(rangedFrom().some((range) => /^bytes=[1-9]/.test(range))).toBe(false);
	});

	it('timeout stops a download that takes too long, leaving no finished file', async () => {
		const error = await getVideo(fx.server.url('/fault/slow/20000/video-720.mp4'), { outputDir: fx.dir, timeout: 2, maxRetries: 0 }).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: 'Timeout' });
		expect(readdirSync(fx.dir).filter((f) => f.endsWith('.mp4'))).toEqual([]);
	});

	it('audioCodec prefers the requested source codec', async () => {
		const [opus] = await downloadMedia(fx.server.url('/page/audio.html'), { outputDir: fx.dir, audioOnly: true, audioFormat: 'opus', audioCodec: 'opus', audioQuality: 'best' });
		expect(opus.info).toMatchObject({ id: 'audio-1' });
		expect((await probeMedia(opus.localPath!)).streams[0].codec).toBe('opus');
	});

	it('embedChapters writes chapters from the source metadata; without it the MKV has none', async () => {
		const withChapters = await getVideo(fx.server.url('/media/video-chapters.mp4'), { outputDir: fx.dir, format: 'mkv', embedChapters: true, outputTemplate: 'with.%(ext)s' });
		expect((await probeMedia(withChapters.localPath!)).chapters.map((c) => c.title)).toEqual(['Intro', 'Main Part', 'Outro']);
	});

	it('titles with path separators, dots and look-alike characters stay one file name inside the folder', async () => {
		for (const title of ['../../etc/passwd', '..', '／etc／shadow', 'a/../../b', '\u202e3pm.exe']) {
			const result = await getVideo(fx.server.url(`/page/video.html?title=${encodeURIComponent(title)}`), { outputDir: fx.dir, outputTemplate: '%(title)s.%(ext)s', overwriteExisting: true });
			expect(path.dirname(result.localPath!)).toBe(fx.dir);
		}
		expect(readdirSync(fx.dir).every((f) => !f.includes('/'))).toBe(true);
	});

	it('the subtitles keep their text through embedding', async () => {
		const result = await getVideo(fx.server.url('/page/video.html'), { outputDir: fx.dir, writeSubtitles: true, subtitleLanguages: ['de'], outputTemplate: 'x.%(ext)s' });
		expect(readFileSync(result.files.subtitles[0], 'utf8')).toContain(CAPTION_CUES.de[1].text);
	});
});
