import Sentiment from 'sentiment';

import { analyzeParagraphs } from '../../../lib/transcript/analyze';
import { analyzeSentiment } from '../../../lib/transcript/sentiment';

const score = (text: string) => analyzeSentiment([{ text }], 'en').paragraphs[0];
/** The library with its own English rules, to show what ours change. */
const plain = (text: string) => new Sentiment().analyze(text).score;

describe('analyzeSentiment', () => {
	it('labels paragraphs positive, negative or neutral by AFINN-165 score per word, with start times', () => {
		const result = analyzeSentiment(
			[
				{ text: 'I love this camera. The pictures are great!', start: 0 },
				{ text: 'The battery is terrible and I hate the charger.', start: 12.5 },
				{ text: 'The box is on the table.', start: 30 },
			],
			'en',
		);
		expect(result).toMatchObject({ supported: true, lexicon: 'AFINN-165' });
		// love +3, great +3 over 8 words | terrible -3, hate -3 over 9 words
		expect(result.paragraphs).toEqual([
			{ paragraph: 0, start: 0, score: 6, comparative: 0.75, label: 'positive' },
			{ paragraph: 1, start: 12.5, score: -6, comparative: -0.667, label: 'negative' },
			{ paragraph: 2, start: 30, score: 0, comparative: 0, label: 'neutral' },
		]);
		expect(result.overall).toEqual({
			score: 0,
			comparative: 0,
			label: 'neutral',
			positiveParagraphs: 1,
			negativeParagraphs: 1,
			neutralParagraphs: 1,
			positiveWords: [
				{ word: 'great', count: 1, score: 3 },
				{ word: 'love', count: 1, score: 3 },
			],
			negativeWords: [
				{ word: 'hate', count: 1, score: -3 },
				{ word: 'terrible', count: 1, score: -3 },
			],
		});
	});

	it('keeps a paragraph with one weak word (a lone "yeah") neutral: the band is ±0.05 per word', () => {
		const long = 'yeah so we went to the shop and then we walked back home along the river and talked about the weather';
		expect(score(long)).toMatchObject({ score: 1, label: 'neutral' });
		expect(score('yeah')).toMatchObject({ score: 1, comparative: 1, label: 'positive' });
	});

	it('does not score "like" as a filler or comparison, only as a verb', () => {
		expect(plain('it was like a box')).toBe(2);
		expect(score('it was like a box').score).toBe(0);
		expect(score('it looks like rain').score).toBe(0);
		expect(score('I like this').score).toBe(2);
		expect(score('they really like it').score).toBe(2);
	});

	it('does not score "kind of" or "pretty" before another word', () => {
		expect(plain('it is kind of big')).toBe(3);
		expect(score('it is kind of big').score).toBe(1);
		expect(score('she is kind').score).toBe(2);
		expect(score('pretty much done').score).toBe(0);
		expect(score('pretty good').score).toBe(3);
	});

	it('negates after the contractions speech uses, and over one unscored word', () => {
		expect(plain('I didn’t like it')).toBe(2);
		expect(score('I didn’t like it').score).toBe(-2);
		expect(score('it was never good').score).toBe(-3);
		expect(score('this is not very good').score).toBe(-3);
		expect(score('this is not good').score).toBe(-3);
		// "no problem": "no" negates instead of counting (-1 -2 in the library).
		expect(plain('no problem')).toBe(-3);
		expect(score('no problem').score).toBe(2);
		expect(score('no').score).toBe(-1);
	});

	it('scores each clause on its own: negation does not reach across punctuation', () => {
		expect(plain('We did not. Good.')).toBe(-3);
		expect(score('We did not. Good.').score).toBe(3);
		expect(score('I do not, sadly').score).toBe(-2);
	});

	it('refuses other languages with a reason instead of a misleading score', () => {
		const german = analyzeSentiment([{ text: 'Das ist ein gutes Beispiel.' }], 'de');
		expect(german).toEqual({
			supported: false,
			reason: 'Sentiment is scored for English only (AFINN-165 word list); this text is "de".',
			lexicon: 'AFINN-165',
			overall: null,
			paragraphs: [],
		});
		expect(analyzeSentiment([{ text: 'Good.' }], undefined)).toMatchObject({ supported: false, reason: expect.stringContaining('set the Language option to "en"') });
		expect(analyzeSentiment([{ text: 'Good.' }], 'en-GB').supported).toBe(true);
	});
});

describe('analyzeParagraphs: sentiment', () => {
	it('detects English and scores it; detects Spanish and refuses it', () => {
		const en = analyzeParagraphs([{ text: 'Thank you all for coming, it is a wonderful day and we are glad to be here.' }], 'sentiment');
		expect(en).toMatchObject({ kind: 'sentiment', language: 'en', supported: true, overall: { label: 'positive', positiveParagraphs: 1 } });
		const es = analyzeParagraphs([{ text: 'Las mujeres éramos algo así como adornos que se llevaban a las fiestas para presumir de ellos.' }], 'sentiment');
		expect(es).toMatchObject({ kind: 'sentiment', language: 'es', supported: false, overall: null, paragraphs: [] });
	});

	it('leaves the library’s own English rules as they were', () => {
		analyzeSentiment([{ text: 'like' }], 'en');
		expect(plain('it was like a box')).toBe(2);
	});
});
