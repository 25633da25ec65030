import { analyzeParagraphs } from '../../../lib/transcript/analyze';
import { inflectionStem, isInflectionOf, wordStem } from '../../../lib/transcript/inflection';
import { checkTopicLists, DEFAULT_TOPIC_LISTS, scoreTopics } from '../../../lib/transcript/topicScores';
import { MediaError } from '../../../lib/errors';

const TECH = [
	'Our software team writes code every day and the computer does the rest.',
	'Digital technology changed how we store data.',
	'Programming is what we teach first.',
];

describe('isInflectionOf: a listed word matches its plural, past and -ing forms, one way only', () => {
	it.each([
		['codes', 'code'],
		['coded', 'code'],
		['coding', 'code'],
		['studies', 'study'],
		['studied', 'study'],
		['studying', 'study'],
		['companies', 'company'],
		['technologies', 'technology'],
		['businesses', 'business'],
		['researches', 'research'],
		['revenues', 'revenue'],
		['programs', 'program'],
		['programming', 'program'],
		['stopped', 'stop'],
	])('%s is an inflection of %s', (token, word) => {
		expect(isInflectionOf(token, word)).toBe(true);
	});

	it.each([
		['decode', 'code'],
		['coder', 'code'],
		['program', 'programming'],
		['database', 'data'],
		['analyses', 'analysis'],
		['bus', 'business'],
		['researchers', 'research'],
	])('%s is not an inflection of %s', (token, word) => {
		expect(isInflectionOf(token, word)).toBe(false);
	});

	it('leaves short words and -ss/-us/-is endings alone', () => {
		expect(['bus', 'has', 'class', 'status', 'analysis', 'need'].map(inflectionStem)).toEqual(['bus', 'has', 'class', 'status', 'analysis', 'need']);
		expect(wordStem('call')).toBe('call');
	});
});

describe('scoreTopics (the spec’s topic_scores and dominant_topic)', () => {
	it('counts each list word once per paragraph it occurs in; tech words make technology dominant', () => {
		expect(scoreTopics(TECH, DEFAULT_TOPIC_LISTS, 'en')).toEqual({
			// software, code, computer | digital, technology, data | programming
			topicScores: { technology: 7, business: 0, science: 0 },
			dominantTopic: 'technology',
		});
		expect(scoreTopics(['code code code, more code'], DEFAULT_TOPIC_LISTS, 'en').topicScores.technology).toBe(1);
	});

	it('matches whole words and their inflections, not substrings: "decode", "database", "hardcoded" are no topic words', () => {
		// The spec's `kw in p.lower()` scores technology 2 here (code in decode/hardcoded, data in database).
		expect(scoreTopics(['We decode the database.', 'It was hardcoded.'], DEFAULT_TOPIC_LISTS, 'en').topicScores.technology).toBe(0);
		expect(scoreTopics(['Two companies grew their sales.', 'Coding studies.'], DEFAULT_TOPIC_LISTS, 'en').topicScores).toEqual({
			technology: 1,
			business: 2,
			science: 1,
		});
	});

	it('has no dominant topic when nothing matches or when two topics share the top score', () => {
		expect(scoreTopics(['The garden needs water.'], DEFAULT_TOPIC_LISTS, 'en')).toEqual({
			topicScores: { technology: 0, business: 0, science: 0 },
			dominantTopic: null,
		});
		expect(scoreTopics(['Software and revenue.'], DEFAULT_TOPIC_LISTS, 'en').dominantTopic).toBeNull();
		expect(scoreTopics([], DEFAULT_TOPIC_LISTS, 'en').dominantTopic).toBeNull();
	});

	it('takes caller lists: phrases match words in a row, a trailing * matches a prefix', () => {
		const lists = { ai: ['machine learning', 'neural'], hardware: ['comput*'] };
		expect(scoreTopics(['Machine learning on computers.', 'Learning a machine.', 'Computing power, neural nets.'], lists, 'en')).toEqual({
			topicScores: { ai: 2, hardware: 2 },
			dominantTopic: null,
		});
		expect(scoreTopics(['Neural machine learning.'], lists, 'en').dominantTopic).toBe('ai');
	});

	it('matches exact words only in other languages (inflection rules are English), prefixes still work', () => {
		const lists = { technik: ['daten', 'rechner*'], wirtschaft: ['markt'] };
		expect(scoreTopics(['Die Daten liegen im Rechnernetz.', 'Die Märkte und die Datens.'], lists, 'de').topicScores).toEqual({ technik: 2, wirtschaft: 0 });
	});
});

describe('checkTopicLists', () => {
	it('trims, lower-cases and de-duplicates words', () => {
		expect(checkTopicLists({ ' health ': [' Doctor', 'doctor', 'patient', ' '] })).toEqual({ health: ['doctor', 'patient'] });
	});

	it.each([
		[[], 'Topic lists must be an object of word lists.'],
		[{}, 'Topic lists are empty.'],
		[{ ' ': ['x'] }, 'A topic list has no name.'],
		[{ health: 'doctor' }, 'Topic list "health" must be a list of words.'],
		[{ health: [' ', ''] }, 'Topic list "health" has no words.'],
		[{ health: ['a'], ' health': ['b'] }, 'Topic list "health" is given twice.'],
	])('refuses %j', (lists, message) => {
		expect(() => checkTopicLists(lists)).toThrow(message);
		expect(() => checkTopicLists(lists)).toThrow(MediaError);
	});
});

describe('analyzeParagraphs: topics', () => {
	const paragraphs = TECH.map((text) => ({ text }));

	it('gives the spec’s scores, dominant topic, paragraph count and mean length besides the keyword clusters', () => {
		const a = analyzeParagraphs(paragraphs, 'topics');
		expect(a).toMatchObject({
			kind: 'topics',
			language: 'en',
			topicScores: { technology: 7, business: 0, science: 0 },
			dominantTopic: 'technology',
			paragraphs: 3,
			// (13 + 7 + 6) / 3
			averageParagraphWords: 8.7,
		});
		expect(Array.isArray(a.kind === 'topics' && a.topics)).toBe(true);
	});

	it('scores only the caller’s lists when given', () => {
		const a = analyzeParagraphs(paragraphs, 'topics', { topicLists: { teaching: ['teach'] } });
		expect(a).toMatchObject({ topicScores: { teaching: 1 }, dominantTopic: 'teaching' });
		const both = analyzeParagraphs(paragraphs, 'topics', { topicLists: { ...DEFAULT_TOPIC_LISTS, teaching: ['teach'] } });
		expect(both).toMatchObject({ topicScores: { technology: 7, business: 0, science: 0, teaching: 1 }, dominantTopic: 'technology' });
		expect(() => analyzeParagraphs(paragraphs, 'topics', { topicLists: { teaching: [] } })).toThrow('Topic list "teaching" has no words.');
	});
});
