import { TranscriptError } from '../../../lib/transcript/errors';
import { parseJson3 } from '../../../lib/transcript/parseJson3';
import { Warnings } from '../../../lib/transcript/warnings';
import { fixture } from './helpers';

describe('parseJson3', () => {
	it('reads events with segs, skips window setup and append-only newline events', () => {
		const { cues } = parseJson3(fixture('small.json3').toString('utf8'), new Warnings());
		expect(cues.map((c) => [c.start, c.end, c.text])).toEqual([
			[1, 3.5, '[music]'],
			[3.51, 6.51, '>> Hello and welcome.'],
			[6.52, 9.52, 'Hello and welcome again.'],
		]);
	});

	it('names the line of broken JSON', () => {
		const broken = '{\n  "events": [\n    { "tStartMs": 1, }\n  ]\n}';
		expect(() => parseJson3(broken, new Warnings())).toThrow(TranscriptError);
		try {
			parseJson3(broken, new Warnings());
		} catch (err) {
			expect((err as TranscriptError).line).toBe(3);
			expect((err as TranscriptError).message).toMatch(/^line 3: this is not valid JSON/);
		}
	});

	it('refuses JSON without events', () => {
		expect(() => parseJson3('{"events": 3}', new Warnings())).toThrow(
			'line 1: this JSON has no "events" list, so it is not YouTube json3.',
		);
	});
});
