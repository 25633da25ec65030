import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { downloadMedia, getVideo, MediaError } from '../../lib';
import { measureLoudness, probeMedia } from '../../lib/ffmpeg';
import { CAPTION_CUES } from '../fixtures';
import { withFixtures } from '../helpers/withFixtures';

const fx = withFixtures('mdl-preset-');

const bitrateKbps = async (file: string) => {
	const probe = await probeMedia(file);
	return (probe.streams.find((s) => s.type === 'audio')!.bitRate ?? probe.bitRate!) / 1000;
};

describe('presets (each asserted by its effect on the file)', () => {
	it('podcast: MP3 128k, loudness -16 LUFS, artwork, Podcasts/<uploader>/<title> and an archive', async () => {
		const [result] = await downloadMedia(fx.server.url('/page/video.html'), { preset: 'podcast', outputDir: fx.dir });
		expect(path.relative(fx.dir, result.localPath!)).toBe(path.join('Podcasts', 'NA', 'Fixture Video (Open Graph) (1).mp3'));
		const probe = await probeMedia(result.localPath!);
		expect(probe.streams.find((s) => s.type === 'audio')!.codec).toBe('mp3');
		expect(probe.streams.some((s) => s.isAttachedPic)).toBe(true);
		expect(Math.abs((await bitrateKbps(result.localPath!)) - 128)).toBeLessThan(20);
		expect(Math.abs((await measureLoudness(result.localPath!)).integratedLufs - -16)).toBeLessThanOrEqual(1);
		expect(readFileSync(path.join(fx.dir, 'podcast-archive.txt'), 'utf8').trim()).toBe('html5mediaembed video-1');
		const [again] = await downloadMedia(fx.server.url('/page/video.html'), { preset: 'podcast', outputDir: fx.dir });
		expect(again.skipped).toBe('archive');
	});

	it('music: MP3 320k with artwork, normalised', async () => {
		const [result] = await downloadMedia(fx.server.url('/page/video.html'), { preset: 'music', outputDir: fx.dir });
		expect(result.format).toBe('mp3');
		expect(Math.abs((await bitrateKbps(result.localPath!)) - 320)).toBeLessThan(40);
		expect((await probeMedia(result.localPath!)).streams.some((s) => s.isAttachedPic)).toBe(true);
		expect(Math.abs((await measureLoudness(result.localPath!)).integratedLufs - -16)).toBeLessThanOrEqual(1);
	});

	it('video archive: MKV with embedded subtitles, metadata, info JSON and description', async () => {
		const [result] = await downloadMedia(fx.server.url('/page/video.html'), { preset: 'videoArchive', outputDir: fx.dir, subtitleLanguages: ['en', 'de'] });
		const probe = await probeMedia(result.localPath!);
		expect(probe.formatName).toMatch(/matroska/);
		expect(probe.streams.filter((s) => s.type === 'subtitle').map((s) => s.language)).toEqual(['eng', 'deu']);
		expect(probe.tags.title).toBe('Fixture Video (Open Graph) (1)');
		expect(result.files.info).toBeDefined();
		expect(result.files.description).toBeDefined();
	});

	it('social media: 720p MP4 under 100MB; bigger files are refused', async () => {
		const [result] = await downloadMedia(fx.server.url('/hls/master.m3u8'), { preset: 'socialMedia', outputDir: fx.dir });
		const video = (await probeMedia(result.localPath!)).streams.find((s) => s.type === 'video')!;
		expect([result.format, video.height]).toEqual(['mp4', 720]);
		await expect(downloadMedia(fx.server.url('/media/big.mp4'), { preset: 'socialMedia', outputDir: fx.dir, maxFileSize: '10MB' })).rejects.toMatchObject({ kind: 'Verification' });
	});

	it('live stream: 720p with resume, and its long timeout and retry settings in force', async () => {
		const k = `k${Date.now()}`;
		const [result] = await downloadMedia(fx.server.url(`/page/video.html?src=/fault/drop/50000/${k}/video-720.mp4`), { preset: 'liveStream', outputDir: fx.dir, retryDelay: 0.1 });
		expect(result.sha256).toBe(fx.server.media['video-720.mp4'].sha256);
		expect(fx.server.requests.some((r) => r.path.includes(k) && /^bytes=[1-9]/.test(String(r.headers.range)))).toBe(true);
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
		const partial = () => writeFileSync(path.join(fx.dir, 'video-720 [video-720].mp4.part'), readFileSync(source.path).subarray(0, 40_000));
		const rangedFrom = () => fx.server.requests.filter((r) => r.path === '/media/video-720.mp4' && r.method === 'GET').map((r) => String(r.headers.range ?? 'none'));

		partial();
		const resumed = await getVideo(fx.server.url('/media/video-720.mp4'), { outputDir: fx.dir });
		expect(resumed.sha256).toBe(source.sha256);
		expect(rangedFrom()).toContain('bytes=40000-');

		rmSync(resumed.localPath!);
		fx.server.reset();
		partial();
		const restarted = await getVideo(fx.server.url('/media/video-720.mp4'), { outputDir: fx.dir, resumeDownloads: false });
		expect(restarted.sha256).toBe(source.sha256);
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
