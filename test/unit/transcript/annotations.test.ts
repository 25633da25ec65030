import { handleAnnotations, removeAnnotations } from '../../../lib/transcript/annotations';
import type { TimedLine } from '../../../lib/transcript/types';

const line = (text: string, i: number, turnStart = false): TimedLine => ({
	text,
	start: i,
	end: i + 1,
	cue: i,
	...(turnStart ? { turnStart } : {}),
});

describe('removeAnnotations', () => {
	it.each([
		['[Music]', ''],
		['Welcome back. (APPLAUSE) Thank you all.', 'Welcome back. Thank you all.'],
		['That was a [ __ ] good game. [laughter]', 'That was a [ __ ] good game.'],
		['were very thirsty. [music] The last boot', 'were very thirsty. The last boot'],
		['(laughs nervously) Okay.', 'Okay.'],
		['The function (f of x) is linear.', 'The function (f of x) is linear.'],
		['♪ Sailing over the sea ♪', '♪ Sailing over the sea ♪'],
	])('%j → %j', (input, output) => {
		expect(removeAnnotations(input)).toBe(output);
	});
});

describe('handleAnnotations', () => {
	it('keeps annotations but collapses runs of the same annotation-only line', () => {
		const out = handleAnnotations([line('[music]', 0), line('[Music]', 1), line('Hello.', 2), line('[music]', 3)], true, true);
		expect(out.map((l) => [l.text, l.end])).toEqual([
			['[music]', 2],
			['Hello.', 3],
			['[music]', 4],
		]);
	});

	it('keeps repeated annotations of manual captions: a phone that rings twice', () => {
		const out = handleAnnotations([line('[teléfono]', 0), line('[teléfono]', 1)], true, false);
		expect(out.map((l) => l.text)).toEqual(['[teléfono]', '[teléfono]']);
	});

	it('drops them, passing the turn start of an emptied line on', () => {
		const out = handleAnnotations([line('Hi.', 0), line('[laughter]', 1, true), line('Yes.', 2)], false, false);
		expect(out.map((l) => [l.text, l.turnStart === true])).toEqual([
			['Hi.', false],
			['Yes.', true],
		]);
	});
});
