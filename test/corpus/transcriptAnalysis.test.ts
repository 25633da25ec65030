import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { TranscriptConverter } from '../../lib/transcript';

/** The analyses over the real caption files of the shared corpus, read in place (see corpus.test.ts). */
const CORPUS = process.env.CAPTION_CORPUS_DIR || resolve(__dirname, '../../../shared/corpus/captions');
const FILES = readdirSync(CORPUS, { withFileTypes: true })
	.filter((d) => d.isDirectory())
	.flatMap((d) => readdirSync(join(CORPUS, d.name)).map((f) => `${d.name}/${f}`))
	.filter((f) => !f.endsWith('.md'));
const converter = new TranscriptConverter();
const read = (file: string) => readFileSync(resolve(CORPUS, file));

describe('analyses of the corpus', () => {
	it('finds the corpus', () => {
		expect(FILES.length).toBeGreaterThanOrEqual(20);
	});

	it.each(FILES)('%s: every analysis is consistent with itself', (file) => {
		const bytes = read(file);
		const t0 = Date.now();
		const keywords = converter.analyze(bytes, 'keywords');
		const topics = converter.analyze(bytes, 'topics');
		const structure = converter.analyze(bytes, 'structure');
		const sentiment = converter.analyze(bytes, 'sentiment');
		expect(Date.now() - t0).toBeLessThan(10000);

		expect(keywords.uniqueWords).toBeLessThanOrEqual(keywords.totalWords);
		expect(keywords.vocabularyRichness).toBeCloseTo(keywords.totalWords ? keywords.uniqueWords / keywords.totalWords : 0, 3);

		const scores = Object.values(topics.topicScores);
		const top = Math.max(...scores);
		if (topics.dominantTopic === null) expect(top === 0 || scores.filter((s) => s === top).length > 1).toBe(true);
		else expect(topics.topicScores[topics.dominantTopic]).toBe(top);
		expect(topics.paragraphs).toBe(structure.paragraphs);

		expect(structure.questionParagraphs).toBeLessThanOrEqual(Math.min(structure.questions, structure.paragraphs));
		expect(structure.contentStyle).toBe(structure.questionParagraphs > structure.paragraphs * 0.1 ? 'conversational' : 'formal');

		expect(sentiment.supported).toBe(sentiment.language === 'en');
		if (sentiment.overall) {
			expect(sentiment.paragraphs).toHaveLength(structure.paragraphs);
			const o = sentiment.overall;
			expect(o.positiveParagraphs + o.negativeParagraphs + o.neutralParagraphs).toBe(structure.paragraphs);
			expect(o.score).toBe(sentiment.paragraphs.reduce((s, p) => s + p.score, 0));
		} else expect(sentiment.reason).toMatch(/English only/);
	});

	it('a 32-minute talk about an AI coding tool: technology dominates, it asks questions, its tone is positive', () => {
		const bytes = read('vtt/yt-auto-punct-claude-32min.en.vtt');
		const topics = converter.analyze(bytes, 'topics');
		expect(topics.dominantTopic).toBe('technology');
		expect(topics.topicScores.technology).toBeGreaterThan(3 * topics.topicScores.business);
		expect(converter.analyze(bytes, 'structure').contentStyle).toBe('conversational');

		const sentiment = converter.analyze(bytes, 'sentiment');
		const o = sentiment.overall!;
		expect(o.positiveParagraphs).toBeGreaterThan(3 * o.negativeParagraphs);
		// Filler "like" (164 AFINN points here with the library's own rules) no longer leads.
		expect(o.positiveWords[0].word).toBe('good');
		expect(sentiment.paragraphs.every((p) => typeof p.start === 'number')).toBe(true);
	});

	it('a council meeting’s "programs" are no programming, its "businesses" are business', () => {
		const topics = converter.analyze(read('vtt/yt-live-council-charlevel-noheader.en.vtt'), 'topics', { topicLists: { technology: ['programming'], business: ['business'] } });
		expect(topics.topicScores.technology).toBe(0);
		expect(topics.topicScores.business).toBeGreaterThan(5);
	});

	it('unpunctuated automatic captions of a talk ask no questions, so they read as formal', () => {
		const s = converter.analyze(read('vtt/yt-auto-2018-color-talk-38min.en.vtt'), 'structure');
		expect(s).toMatchObject({ questions: 0, questionParagraphs: 0, contentStyle: 'formal' });
	});

	it('Spanish drama: conversational, and no English sentiment score', () => {
		const bytes = read('vtt/netflix-es-chicas-del-cable.vtt');
		expect(converter.analyze(bytes, 'structure')).toMatchObject({ language: 'es', contentStyle: 'conversational' });
		expect(converter.analyze(bytes, 'sentiment')).toMatchObject({ supported: false, overall: null, paragraphs: [] });
	});
});
