import { parseSync } from 'subtitle';
import { parseSrt } from '../../../lib/transcript/parseSrt';
import { Warnings } from '../../../lib/transcript/warnings';
import { fixture } from './helpers';

function parse(text: string) {
	const warnings = new Warnings();
	return { ...parseSrt(text, warnings), warnings: warnings.list().map((w) => w.message) };
}

describe('parseSrt', () => {
	it('reads numbered cues with comma milliseconds, and a cue whose blank line is missing', () => {
		const { cues } = parse(fixture('speakers-labels.srt').toString('utf8'));
		expect(cues.map((c) => [c.start, c.end, c.text])).toEqual([
			[1, 3.5, '{\\an8}<font color="#ffff00">JOHN:</font> Good morning, everyone.'],
			[3.5, 6, '<i>Today we look at the harbour.</i>'],
			[6, 8.25, 'MARY: Thank you, John.\nIt is a pleasure.'],
			[8.25, 10, '>> Can we start with the boats?'],
			[10, 12, '[Narrator] The harbour opened in 1887.'],
			[12, 14, 'JOHN: Of course.'],
		]);
	});

	it('keeps text that a mixed CRLF/LF export put after a blank line', () => {
		// The rolling SRT of the corpus: CRLF after the first text line, so LF-normalised it gains a blank line.
		const { cues } = parse("1\n00:00:13,670 --> 00:00:16,640\n\ntoday's fire\n\n2\n00:00:16,640 --> 00:00:16,650\ntoday's fire\n \n");
		expect(cues.map((c) => c.text.trim())).toEqual(["today's fire", "today's fire"]);
	});

	it('fixes an end before the start, skips an unreadable timing and keeps file order', () => {
		const { cues, warnings } = parse(fixture('wrong-timestamps.srt').toString('utf8'));
		expect(cues.map((c) => [c.start, c.end, c.text])).toEqual([
			[5, 5, 'The end comes before the start.'],
			[1, 2, 'Back in time, but kept in file order.'],
		]);
		expect(warnings).toEqual([
			'line 2: a cue ends before it starts; its end was set to its start',
			'line 6: unreadable cue timing "00:00:0x,000 --> 00:00:07,000"; that cue was skipped',
			'line 10: cue times go back in time; the file order is kept',
		]);
	});

	it.each(['manual-repeats.srt', 'cjk.srt', 'rtl.srt'])('finds the same cues as subtitle parseSync in %s', (name) => {
		const text = fixture(name).toString('utf8');
		const theirs = parseSync(text).flatMap((n) => (n.type === 'cue' ? [n.data] : []));
		expect(parse(text).cues.map((c) => [Math.round(c.start * 1000), Math.round(c.end * 1000), c.text])).toEqual(
			theirs.map((c) => [c.start, c.end, c.text]),
		);
	});
});
