import { buildParagraphs } from '../../../lib/transcript/paragraphs';
import { isQuestion, sentenceEnds } from '../../../lib/transcript/sentences';
import type { TimedLine } from '../../../lib/transcript/types';
import { countWords, joinSeparator } from '../../../lib/transcript/words';

/** Lines two seconds apart unless a gap is given: [text, start?]. */
function timed(...items: (string | [string, number] | TimedLine)[]): TimedLine[] {
	let t = 0;
	return items.map((item, i) => {
		if (typeof item === 'object' && !Array.isArray(item)) return item;
		const [text, start] = typeof item === 'string' ? [item, t] : item;
		t = start + 2;
		return { text, start, end: start + 2, cue: i };
	});
}

const words = (n: number, w = 'word') => Array.from({ length: n }, () => w).join(' ');

describe('sentenceEnds', () => {
	it('ends at . ! ? and closing quotes, not at titles, initials, decimals or before lower case', () => {
		const text = 'Okay, Mr. Clerk, why not? Lesson 5.1. When J. R. R. Tolkien wrote "Go!" it was fine... and more. 你好。再见';
		const ends = sentenceEnds(text);
		const parts = ends.map((end, i) => text.slice(i === 0 ? 0 : ends[i - 1], end).trim());
		expect(parts).toEqual([
			'Okay, Mr. Clerk, why not?',
			'Lesson 5.1.',
			'When J. R. R. Tolkien wrote "Go!"',
			'it was fine... and more.',
			'你好。',
		]);
	});

	it('makes no sentence of punctuation alone', () => {
		const text = '. . . Hello. ... World. Yes';
		const ends = sentenceEnds(text);
		expect(ends.map((end, i) => text.slice(i === 0 ? 0 : ends[i - 1], end).trim())).toEqual(['. . . Hello.', '... World.']);
		expect(sentenceEnds('... ')).toEqual([]);
	});

	it('recognises questions in several scripts', () => {
		expect(['Why?', '¿Sí?', 'هل أنت هنا؟', '真的吗？', 'He asked "why?"', 'No.'].map(isQuestion)).toEqual([
			true,
			true,
			true,
			true,
			true,
			false,
		]);
	});
});

describe('words', () => {
	it('counts space-separated words, and each ideograph or kana as one', () => {
		expect(countWords('Hello, world — it’s 5 o’clock.')).toBe(5);
		expect(countWords('你好，欢迎。日本語です')).toBe(9);
		expect(countWords('안녕하세요 여러분')).toBe(2);
	});

	it('joins CJK lines without a space, others with one', () => {
		expect([
			'我们的' + joinSeparator('欢迎来到', '我们的'),
			joinSeparator('Brian입니다.', 'MATLAB'),
			joinSeparator('MATLAB', '에서'),
			joinSeparator('。', 'Next'),
		]).toEqual(['我们的', ' ', ' ', '']);
	});
});

describe('buildParagraphs', () => {
	const opts = { minWords: 10, pauseSeconds: 3 };

	it('reaches the minimum, then cuts at the next sentence end, never inside a sentence', () => {
		const { paragraphs, punctuated } = buildParagraphs(
			timed('One two three four five six.', 'Seven eight nine ten eleven twelve', 'thirteen fourteen. Next sentence here.'),
			opts,
		);
		expect(punctuated).toBe(true);
		expect(paragraphs.map((p) => p.text)).toEqual([
			'One two three four five six. Seven eight nine ten eleven twelve thirteen fourteen.',
			'Next sentence here.',
		]);
		expect(paragraphs.map((p) => [p.start, p.end, p.wordCount])).toEqual([
			[0, 6, 14],
			[4, 6, 3],
		]);
	});

	it('starts a paragraph at a long pause between sentences, even before the minimum', () => {
		const { paragraphs } = buildParagraphs(timed('Short one.', ['After a pause.', 10], 'Goes on here.'), opts);
		expect(paragraphs.map((p) => p.text)).toEqual(['Short one.', 'After a pause. Goes on here.']);
	});

	it('starts a paragraph at every speaker turn and marks it', () => {
		const { paragraphs } = buildParagraphs(
			timed(
				{ text: 'Hi.', start: 0, end: 1, cue: 0, speaker: 'A', turnStart: true },
				{ text: 'Hello.', start: 1, end: 2, cue: 1, speaker: 'B', turnStart: true },
				{ text: 'More.', start: 2, end: 3, cue: 2, speaker: 'B' },
				{ text: 'Anonymous.', start: 3, end: 4, cue: 3, turnStart: true },
			),
			opts,
		);
		expect(paragraphs.map((p) => [p.text, p.speaker, p.turnStart])).toEqual([
			['Hi.', 'A', true],
			['Hello. More.', 'B', true],
			['Anonymous.', undefined, true],
		]);
	});

	it('cuts unpunctuated captions between lines, at the longest pause within reach', () => {
		const lines = timed(words(6, 'a'), words(6, 'b'), [words(6, 'c'), 12.5], [words(6, 'd'), 15.5], words(6, 'e'), words(6, 'f'));
		const { paragraphs, punctuated } = buildParagraphs(lines, { minWords: 10, pauseSeconds: 60 });
		expect(punctuated).toBe(false);
		expect(paragraphs.map((p) => p.wordCount)).toEqual([12, 12, 12]);
		expect(paragraphs[1].text.startsWith('c c')).toBe(true);
	});

	it('cuts a sentence far longer than the minimum at line boundaries', () => {
		const lines = timed(...Array.from({ length: 10 }, (_, i) => words(5, `w${i}`)), 'End.');
		const { paragraphs } = buildParagraphs(lines, { minWords: 10, pauseSeconds: 60 });
		expect(paragraphs.length).toBeGreaterThan(2);
		expect(paragraphs.map((p) => p.text).join(' ')).toBe(lines.map((l) => l.text).join(' '));
	});

	it('joins Chinese lines without spaces', () => {
		const { paragraphs } = buildParagraphs(timed('64个方格中的每一个都有一个硬币坐位', '在它的上面。'), opts);
		expect(paragraphs.map((p) => p.text)).toEqual(['64个方格中的每一个都有一个硬币坐位在它的上面。']);
	});
});
