import { analyzeParagraphs, paragraphsFromText } from '../../../lib/transcript/analyze';
import { extractKeywords } from '../../../lib/transcript/keywords';
import { detectLanguage } from '../../../lib/transcript/language';
import { stopWordsFor } from '../../../lib/transcript/stopwords';
import { findTopics } from '../../../lib/transcript/topics';

const TALK = [
	'The battery loses capacity when it is charged fast. Battery capacity matters for every phone.',
	'We measured battery capacity after five hundred cycles. The battery capacity dropped by twelve percent.',
	'Our garden needs water every morning. The garden tomatoes grow fast in summer sun.',
	'Water the garden before the sun is high, and the tomatoes will thank you.',
];

describe('stop words', () => {
	it('uses the Snowball list of the language, and none where no good list exists', () => {
		expect(stopWordsFor('en-US')?.has('the')).toBe(true);
		expect(stopWordsFor('es')?.has('que')).toBe(true);
		expect(stopWordsFor('de')?.has('über')).toBe(true);
		expect(stopWordsFor('ja')).toBeUndefined();
	});
});

describe('detectLanguage', () => {
	it.each([
		['The weather is nice and we are going to the market with the children.', 'en'],
		['Las mujeres éramos algo así como adornos que se llevaban a las fiestas para presumir de ellos.', 'es'],
		['Nous sommes allés au marché avec les enfants et nous avons acheté des pommes.', 'fr'],
		['空にある何かを見つめてたら、それは星だって君がおしえてくれた', 'ja'],
		['您独自一人走进房间寻找棋盘。', 'zh'],
		['이 동영상에서는 펄스 도플러 레이더를 소개합니다.', 'ko'],
		['مرحبًا بكم مرة أخرى في ما أصبح الآن الثاني قبل الأخير', 'ar'],
	])('%s → %s', (text, language) => {
		expect(detectLanguage(text)).toBe(language);
	});
});

describe('extractKeywords', () => {
	it('ranks content words and recurring phrases, without stop words; a word used mostly inside a phrase gives way', () => {
		const { keywords, stopWords } = extractKeywords(TALK, { language: 'en', limit: 6 });
		expect(stopWords).toBe(true);
		// "battery" occurs 4 times, 3 of them in "battery capacity": only the phrase is listed.
		expect(keywords.map((k) => [k.term, k.count, k.paragraphs])).toEqual([
			['battery capacity', 3, 2],
			['garden', 3, 2],
			['fast', 2, 2],
			['sun', 2, 2],
			['tomatoes', 2, 2],
			['water', 2, 2],
		]);
	});

	it('counts the vocabulary (the spec’s unique/total words and their ratio) over content words', () => {
		// Content words: cats chase mice cats sleep (stop words, the number and "to" are not).
		expect(extractKeywords(['The cats chase 42 mice.', 'Cats like to sleep.'], { language: 'en' })).toMatchObject({ uniqueWords: 4, totalWords: 5, vocabularyRichness: 0.8 });
		expect(extractKeywords(['Und die Katzen schlafen.'], { language: 'de' })).toMatchObject({ uniqueWords: 2, totalWords: 2, vocabularyRichness: 1 });
		expect(extractKeywords(['The and of.'], { language: 'en' })).toMatchObject({ uniqueWords: 0, totalWords: 0, vocabularyRichness: 0 });
		// battery ×4, capacity ×4, garden ×3, fast, water, sun, tomatoes ×2, 16 words once: 35 words, 23 distinct.
		const a = analyzeParagraphs(TALK.map((text) => ({ text })), 'keywords');
		expect(a).toMatchObject({ kind: 'keywords', language: 'en', stopWords: true, uniqueWords: 23, totalWords: 35, vocabularyRichness: 0.657 });
	});

	it('never builds a phrase across a sentence end', () => {
		const { keywords } = extractKeywords(['Charged fast. Battery lost.', 'Charged fast. Battery lost.'], { language: 'en' });
		expect(keywords.map((k) => k.term)).not.toContain('fast battery');
		expect(keywords.map((k) => k.term)).toContain('charged fast');
	});

	it('segments Japanese with the ICU segmenter and skips all-hiragana particles', () => {
		const { keywords, stopWords } = extractKeywords(['遥か遠く終わらないベテルギウス', '遥か遠く終わらないベテルギウス誰かに繋ぐ魔法'], {
			language: 'ja',
			limit: 3,
		});
		expect(stopWords).toBe(false);
		expect(keywords.map((k) => [k.term, k.count])).toEqual([
			['ベテルギウス', 2],
			['遠く', 2],
			['遥か', 2],
		]);
	});
});

describe('findTopics', () => {
	it('clusters keywords that occur together into topics, with their paragraphs', () => {
		const topics = findTopics(TALK, { language: 'en' });
		const battery = topics.find((t) => t.keywords.includes('battery capacity'));
		const garden = topics.find((t) => t.keywords.includes('garden'));
		expect(topics.map((t) => [t.label, t.keywords, t.paragraphs])).toEqual([
			['garden, sun, tomatoes', ['garden', 'sun', 'tomatoes', 'water'], [2, 3]],
			['battery capacity, fast', ['battery capacity', 'fast'], [0, 1]],
		]);
		expect(battery).toBe(topics[1]);
		expect(garden).toBe(topics[0]);
	});
});

describe('analyzeParagraphs: structure', () => {
	it('measures paragraphs, sentences, questions, reading and speaking time, speakers', () => {
		const s = analyzeParagraphs(
			[
				{ text: 'Is it on? Yes, it is on.', start: 0, end: 30, speaker: 'Ann', turnStart: true },
				{ text: 'Good. Then we start now with the first real topic of the day.', start: 30, end: 60, speaker: 'Ann', turnStart: false },
				{ text: 'Why now?', start: 60, end: 120, speaker: 'Bob', turnStart: true },
			],
			'structure',
		);
		expect(s).toMatchObject({
			kind: 'structure',
			language: 'en',
			words: 22,
			paragraphs: 3,
			sentences: 5,
			paragraphWords: [7, 13, 2],
			paragraphWordStats: { min: 2, max: 13, mean: 7.3, median: 7 },
			questions: 2,
			questionSamples: ['Is it on?', 'Why now?'],
			questionParagraphs: 2,
			exclamationParagraphs: 0,
			contentStyle: 'conversational',
			readingMinutes: 0.1,
			speakingMinutes: 2,
			wordsPerMinute: 11,
			speakers: [
				{ name: 'Ann', words: 20, turns: 1 },
				{ name: 'Bob', words: 2, turns: 1 },
			],
		});
	});
});

describe('analyzeParagraphs: structure, the spec’s content style', () => {
	const plain = 'We start with the plan for the day.';
	const paragraphs = (texts: string[]) => texts.map((text) => ({ text }));

	it('is conversational when more than 10 % of the paragraphs ask a question (2 of 10), formal at 10 % (1 of 10)', () => {
		const two = paragraphs(['Is it on? Yes.', plain, 'Ready now?', ...Array(7).fill(plain)]);
		expect(analyzeParagraphs(two, 'structure')).toMatchObject({ paragraphs: 10, questions: 2, questionParagraphs: 2, contentStyle: 'conversational' });
		const one = paragraphs(['Is it on? Is it? Yes.', ...Array(9).fill(plain)]);
		expect(analyzeParagraphs(one, 'structure')).toMatchObject({ paragraphs: 10, questions: 2, questionParagraphs: 1, contentStyle: 'formal' });
	});

	it('counts paragraphs with an exclamation, and full-width marks; a ? or ! inside a word or link is no sentence end', () => {
		const s = analyzeParagraphs(
			paragraphs(['What a day! We won.', '本当に？', 'すごい！', 'Open youtube.com/watch?v=abc and Yahoo!Mail now.', plain]),
			'structure',
		);
		expect(s).toMatchObject({ questionParagraphs: 1, exclamationParagraphs: 2, contentStyle: 'conversational' });
	});
});

describe('paragraphsFromText', () => {
	it('reads back our own Markdown: headings skipped, timestamps and speaker labels parsed, escapes removed', () => {
		expect(paragraphsFromText('# Title\n\n**Source:** x\n\n[00:01:05] **Ann:** \\- Hi *there*.\n\nMore from Ann.\n')).toEqual([
			{ text: '- Hi *there*.', start: 65, speaker: 'Ann', turnStart: true },
			{ text: 'More from Ann.', speaker: 'Ann', turnStart: false },
		]);
	});
});
