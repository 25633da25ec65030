import { readFileSync } from 'node:fs';
import path from 'node:path';

import { chooseCaptions, extractTranscript, getTranscript, getTranscriptMarkdown, noCaptionsError } from '../../lib';
import { CAPTION_CUES } from '../fixtures';
import { withFixtures } from '../helpers/withFixtures';

describe('chooseCaptions', () => {
	const info = { subtitleLanguages: ['de', 'fr-CA'], autoCaptionLanguages: ['en', 'de', 'es'] };
	it("follows the user's language order: per language manual captions, then automatic ones (the spec's \"try English first\")", () => {
		expect(chooseCaptions(info, ['en', 'de'], true)).toEqual({ language: 'en', automatic: true });
		expect(chooseCaptions(info, ['de', 'en'], true)).toEqual({ language: 'de', automatic: false });
		expect(chooseCaptions(info, ['en', 'de'], false)).toEqual({ language: 'de', automatic: false });
		expect(chooseCaptions(info, ['en'], false)).toBeUndefined();
		// the case: only automatic English and manual Spanish
		const spanish = { subtitleLanguages: ['es'], autoCaptionLanguages: ['en'] };
		expect(chooseCaptions(spanish, ['en', 'es'], true)).toEqual({ language: 'en', automatic: true });
		expect(chooseCaptions(spanish, ['en', 'es'], true, 'language')).toEqual({ language: 'en', automatic: true });
	});
	it("with priority 'manual' takes manual captions in any listed language before automatic ones", () => {
		expect(chooseCaptions(info, ['en', 'de'], true, 'manual')).toEqual({ language: 'de', automatic: false });
		expect(chooseCaptions(info, ['en', 'es'], true, 'manual')).toEqual({ language: 'en', automatic: true });
		expect(chooseCaptions({ subtitleLanguages: ['es'], autoCaptionLanguages: ['en'] }, ['en', 'es'], true, 'manual')).toEqual({ language: 'es', automatic: false });
	});
	it('matches regions and patterns', () => {
		expect(chooseCaptions(info, ['fr'], false)).toEqual({ language: 'fr-CA', automatic: false });
		expect(chooseCaptions(info, ['e.*'], true)).toEqual({ language: 'en', automatic: true });
	});
	it('says what is available when nothing matches', () => {
		expect(noCaptionsError({ ...info, inputUrl: 'u' }, ['ja'], false).message).toBe('No captions in ja (manual only); available: de, fr-CA (automatic: en, de, es)');
		expect(noCaptionsError({ subtitleLanguages: [], autoCaptionLanguages: [], inputUrl: 'u' }, ['en'], true).message).toBe('No captions in en; available: none');
	});
});

describe('getTranscript on the fixture server (real yt-dlp)', () => {
	const fx = withFixtures('mdl-cap-');

	it('fetches the first available language of the priority list as a caption file', async () => {
		const result = await getTranscript(fx.server.url('/page/video.html'), { outputDir: fx.dir, languages: ['fr', 'de', 'en'] });
		expect(result).toMatchObject({ language: 'de', automatic: false, format: 'vtt', transcriptFile: path.join(fx.dir, 'video-1.de.vtt') });
		expect(readFileSync(result.transcriptFile, 'utf8')).toContain(CAPTION_CUES.de[0].text);
	});

	it('converts to Markdown with the media title and writes it beside the captions', async () => {
		const result = await getTranscriptMarkdown(fx.server.url('/page/video.html'), { outputDir: fx.dir, languages: ['en'] });
		expect(result.markdownFile).toBe(path.join(fx.dir, 'video-1.en.md'));
		expect(result.markdown.startsWith('# Fixture Video (Open Graph) (1)\n')).toBe(true);
		for (const cue of CAPTION_CUES.en) expect(result.markdown.split(cue.text.replace(/\s+/g, ' ')).length - 1).toBe(1);
		expect(result.markdown).not.toMatch(/-->|WEBVTT|<\/?\w+>/);
		expect(readFileSync(result.markdownFile, 'utf8')).toBe(result.markdown);
		expect(result.wordCount).toBe(CAPTION_CUES.en.map((c) => c.text.split(/\s+/).length).reduce((a, b) => a + b, 0));
	});

	it('renders other output formats and fails clearly without captions', async () => {
		const srt = await extractTranscript(fx.server.url('/page/video.html'), { outputDir: fx.dir, languages: ['en'], to: 'srt' });
		expect(srt.content).toMatch(/^1\n00:00:0\d,\d{3} --> /);
		await expect(getTranscript(fx.server.url('/page/nocaptions.html'), { outputDir: fx.dir, languages: ['en'] })).rejects.toMatchObject({
			kind: 'NotFound',
			message: 'No captions in en; available: none',
		});
	});
});
