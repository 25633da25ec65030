import { cleanCues, type CueTable } from '../../../lib/transcript/clean';
import { dedupeRolling, findOverlaps, flattenCues, isRolling } from '../../../lib/transcript/rolling';

function cues(...texts: string[]): CueTable {
	return cleanCues(
		texts.map((text, i) => ({ start: i, end: i + 1, text, line: i + 1 })),
		'vtt',
	);
}

function dedupe(...texts: string[]): string[] {
	const list = cues(...texts);
	return dedupeRolling(list, findOverlaps(list)).map((l) => l.text);
}

describe('rolling caption detection', () => {
	it('sees the YouTube pattern: each cue repeats the last line before it and adds one', () => {
		const o = findOverlaps(cues(' \na b c', 'a b c\n ', 'a b c\nd e f', 'd e f\n ', 'd e f\ng h'));
		expect([o.carries, o.repeats, o.pairs]).toEqual([2, 2, 4]);
		expect(isRolling(o)).toBe(true);
	});

	it('does not see it in manual captions with legitimate repeats', () => {
		const o = findOverlaps(
			cues('Good evening.', 'Good evening.', 'Sing it:\nthe river', 'the river\nand the sea', 'Fire!', 'Fire!', 'Goodbye.', 'See you.'),
		);
		expect([o.carries, o.repeats, o.pairs]).toEqual([1, 2, 7]);
		expect(isRolling(o)).toBe(false);
	});
});

describe('dedupeRolling', () => {
	it('keeps every line once, in order', () => {
		expect(
			dedupe(' \nokay<00:00:01.310><c> welcome</c>', 'okay welcome\n ', 'okay welcome\ncalled<00:00:05.879><c> the</c>', 'called the\n '),
		).toEqual(['okay welcome', 'called the']);
	});

	it('handles three-line live captions whose bottom line grows, mid-word too', () => {
		expect(
			dedupe(
				'An<00:00:04.486><c>d</c>',
				'And<00:00:01.984><c> t</c><00:00:02.017><c>he</c><00:00:02.050><c>re will be no roll cal</',
				'And there will be no roll call\n ',
				'And there will be no roll call\nat',
				'And there will be no roll call\nat<00:00:00.582><c> t</c><00:00:00.615><c>his time. Or we can do</c>',
				'And there will be no roll call\nat this time. Or we can do a\n ',
				'And there will be no roll call\nat this time. Or we can do a\nroll call. Okay.',
				'at this time. Or we can do a\nroll call. Okay.\n ',
			),
		).toEqual(['And there will be no roll call', 'at this time. Or we can do a', 'roll call. Okay.']);
	});

	it('does not grow a short line into an unrelated one mid-word', () => {
		expect(dedupe('I\n ', 'It is late\n ', 'It is late\nso we go')).toEqual(['I', 'It is late', 'so we go']);
	});

	it('keeps a repeat inside one line', () => {
		expect(dedupe('in the next episode in the next episode\n ', 'in the next episode in the next episode\nbye')).toEqual([
			'in the next episode in the next episode',
			'bye',
		]);
	});
});

describe('flattenCues', () => {
	it('keeps every line of manual captions, repeats included', () => {
		expect(flattenCues(cues('Fire!', 'Fire!', 'a\nb')).map((l) => [l.text, l.cue])).toEqual([
			['Fire!', 0],
			['Fire!', 1],
			['a', 2],
			['b', 2],
		]);
	});
});
