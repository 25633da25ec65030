import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { downloadMedia, getContent, getTranscript, getTranscriptMarkdown } from '../../lib';
import { measureLoudness, probeMedia } from '../../lib/ffmpeg';
import { CAPTION_CUES } from '../fixtures';
import { withFixtures } from '../helpers/withFixtures';
import { createYtDlpSpy } from '../helpers/ytdlpSpy';

const fx = withFixtures('mdl-spec-');
// Several downloads per test, some normalised: slow on a busy machine, so generous.
jest.setTimeout(180_000);

/** Runs `fn` with some environment variables set, restoring them after. */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
	const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
	Object.assign(process.env, vars);
	try {
		return await fn();
	} finally {
		for (const [k, v] of Object.entries(saved)) {
			if (v === undefined) delete process.env[k];
			else process.env[k] = v;
		}
	}
}

describe('spec-style configs', () => {
	it('{ audioOnly: true, format } downloads audio in that format (format is the audio format when audio-only)', async () => {
		const [result] = await downloadMedia(fx.server.url('/media/audio.mp3'), { outputDir: fx.dir, audioOnly: true, format: 'flac' });
		expect(result.format).toBe('flac');
		const probe = await probeMedia(result.localPath!);
		expect(probe.streams.map((s) => [s.type, s.codec])).toEqual([['audio', 'flac']]);
	});

	it('getContent takes videoFormat, videoQuality and audioFormat for its parts', async () => {
		const content = await getContent(fx.server.url('/page/video.html'), { outputDir: fx.dir, includeTranscript: false, videoFormat: 'mkv', videoQuality: '360p', audioFormat: 'm4a' });
		expect([content.videoError, content.audioError]).toEqual([undefined, undefined]);
		const video = await probeMedia(content.videoFile!.localPath!);
		expect(video.formatName).toMatch(/matroska/);
		expect(video.streams.find((s) => s.type === 'video')!.height).toBe(360);
		const audio = await probeMedia(content.audioFile!.localPath!);
		expect([content.audioFile!.format, audio.streams.map((s) => s.type)]).toEqual(['m4a', ['audio']]);
	});

	it('getContent applies an audio preset to the audio part only: the video stays a video', async () => {
		const content = await getContent(fx.server.url('/page/video.html'), { outputDir: fx.dir, includeTranscript: false, preset: 'podcast' });
		expect([content.videoError, content.audioError]).toEqual([undefined, undefined]);
		expect(path.relative(fx.dir, content.audioFile!.localPath!)).toBe(path.join('Podcasts', 'Unknown Podcast', 'Fixture Video (Open Graph) (1).mp3'));
		expect(Math.abs((await measureLoudness(content.audioFile!.localPath!)).integratedLufs - -16)).toBeLessThanOrEqual(1);
		const video = await probeMedia(content.videoFile!.localPath!);
		expect([content.videoFile!.format, video.streams.find((s) => s.type === 'video')?.height]).toEqual(['mp4', 720]);
		expect(path.dirname(content.videoFile!.localPath!)).toBe(fx.dir);
	});

	it('getContent with videoPreset and audioPreset: one per part', async () => {
		const content = await getContent(fx.server.url('/page/video.html'), { outputDir: fx.dir, includeTranscript: false, videoPreset: 'videoArchive', audioPreset: 'music', subtitleLanguages: ['en'] });
		expect(path.relative(fx.dir, content.videoFile!.localPath!)).toBe(path.join('Archive', 'Unknown Uploader', 'undated - Fixture Video (Open Graph) (1).mkv'));
		expect(path.relative(fx.dir, content.audioFile!.localPath!)).toBe(path.join('Music', 'Unknown Artist', 'Unknown Album', 'Fixture Video (Open Graph) (1).mp3'));
	});
});

describe("getContent's transcript part uses the resolved config", () => {
	const transcriptOnly = { includeVideo: false, includeAudio: false } as const;

	it('sends the cookies of the cookie file (and the user agent) with the caption request', async () => {
		const cookieFile = path.join(fx.dir, 'cookies.txt');
		writeFileSync(cookieFile, '# Netscape HTTP Cookie File\n127.0.0.1\tFALSE\t/\tFALSE\t0\tcaptions\tfrom-file\n');
		const content = await getContent(fx.server.url('/page/video.html'), { ...transcriptOnly, outputDir: fx.dir, transcriptLanguages: ['en'], useCookies: true, cookieFile, userAgent: 'SpecAgent/1' });
		expect(content.transcriptError).toBeUndefined();
		const captions = fx.server.requests.find((r) => r.path === '/subs/captions.en.vtt');
		expect(captions?.headers).toMatchObject({ cookie: 'captions=from-file', 'user-agent': 'SpecAgent/1' });
	});

	it('a hanging site ends the part with a Timeout after the given timeout; maxRetries sets how often it is tried', async () => {
		// The spy runs the real yt-dlp and records each run (yt-dlp may be stopped before its first request).
		const spy = createYtDlpSpy();
		try {
			const auth = { paths: { ytdlpPath: spy.path } };
			const runs = () => spy.calls().filter((args) => args.includes('--skip-download')).length;
			const once = await getContent(fx.server.url('/fault/hang/once/x'), { ...transcriptOnly, outputDir: fx.dir, auth, timeout: 2, maxRetries: 0 });
			expect(once.transcriptError).toMatchObject({ kind: 'Timeout', message: expect.stringContaining('did not finish within 2 s') });
			expect(runs()).toBe(1);
			const twice = await getContent(fx.server.url('/fault/hang/twice/x'), { ...transcriptOnly, outputDir: fx.dir, auth, timeout: 2, maxRetries: 1 });
			expect(twice.transcriptError).toMatchObject({ kind: 'Timeout', message: expect.stringContaining('did not finish within 2 s') });
			expect(runs()).toBe(1 + 2);
		} finally {
			spy.dispose();
		}
	}, 120_000);
});

describe('getTranscriptMarkdown and getTranscript without an output folder, or a temporary one', () => {
	let tmp: string;
	beforeEach(() => {
		tmp = mkdtempSync(path.join(os.tmpdir(), 'mdl-spec-tmp-'));
	});
	afterEach(() => rmSync(tmp, { recursive: true, force: true }));

	it('getTranscriptMarkdown(url, { timeout }) keeps both files in the download folder and returns markdownFile, as the spec reads it', async () => {
		const result = await withEnv({ TMPDIR: tmp, DOWNLOAD_OUTPUT_DIR: fx.dir }, () => getTranscriptMarkdown(fx.server.url('/page/video.html'), { timeout: 60, languages: ['en'] }));
		expect(result.markdown.startsWith('# Fixture Video (Open Graph) (1)\n')).toBe(true);
		for (const cue of CAPTION_CUES.en) expect(result.markdown).toContain(cue.text.replace(/\s+/g, ' '));
		expect(result.transcriptFile).toBe(path.join(fx.dir, 'video-1.en.vtt'));
		expect(result.markdownFile).toBe(path.join(fx.dir, 'video-1.en.md'));
		expect(readFileSync(result.markdownFile, 'utf8')).toBe(result.markdown);
		expect(readdirSync(tmp)).toEqual([]);
	});

	it('getTranscriptMarkdown(url, { outputDir: null }) works in a temporary folder that is gone afterwards', async () => {
		const result = await withEnv({ TMPDIR: tmp }, () => getTranscriptMarkdown(fx.server.url('/page/video.html'), { timeout: 60, languages: ['en'], outputDir: null }));
		for (const cue of CAPTION_CUES.en) expect(result.markdown).toContain(cue.text.replace(/\s+/g, ' '));
		expect([result.transcriptFile, result.markdownFile]).toEqual([undefined, undefined]);
		expect(readdirSync(tmp)).toEqual([]);
	});

	it('its timeout stops a hanging site, and the temporary folder is removed on failure too', async () => {
		const error = await withEnv({ TMPDIR: tmp }, () => getTranscriptMarkdown(fx.server.url('/fault/hang/md/x'), { timeout: 2, maxRetries: 0, outputDir: null })).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: 'Timeout', message: expect.stringContaining('did not finish within 2 s') });
		expect(readdirSync(tmp)).toEqual([]);
	});

	it('getTranscript without outputDir writes into the download folder (DOWNLOAD_OUTPUT_DIR)', async () => {
		const result = await withEnv({ DOWNLOAD_OUTPUT_DIR: fx.dir }, () => getTranscript(fx.server.url('/page/video.html'), { languages: ['de'], timeout: 60 }));
		expect(result.transcriptFile).toBe(path.join(fx.dir, 'video-1.de.vtt'));
	});
});
