import { parseSync } from 'subtitle';
import { parseVtt } from '../../../lib/transcript/parseVtt';
import { Warnings } from '../../../lib/transcript/warnings';
import { fixture } from './helpers';

function parse(text: string) {
	const warnings = new Warnings();
	const parsed = parseVtt(text, warnings);
	return { ...parsed, warnings: warnings.list().map((w) => w.message) };
}

describe('parseVtt', () => {
	it('reads the header, skips NOTE/STYLE/REGION blocks and cue ids, and drops cue settings', () => {
		const { cues, meta, warnings } = parse(fixture('speakers-voice.vtt').toString('utf8'));
		expect(meta).toEqual({ language: 'en-GB' });
		expect(cues.map((c) => [c.start, c.end, c.line])).toEqual([
			[1, 4, 14],
			[4, 6.5, 17],
			[6.5, 9, 21],
			[9, 12, 26],
			[12, 14, 28],
			[14, 17, 31],
		]);
		expect(cues[0].text).toBe('<v Roger Bingham>We are in New York City</v>');
		expect(cues[3].text).toBe('<v Neil deGrasse Tyson>The tide<00:00:10.000> rises<00:00:11.000> twice a day.');
		expect(warnings).toEqual([]);
	});

	it('reads a timing line right after text as the next cue (no blank line), as webvtt-py excerpts have', () => {
		const { cues } = parse('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nyeah\n<c.x>what</c>\n00:00:02.000 --> 00:00:03.000\nnext\n');
		expect(cues.map((c) => c.text)).toEqual(['yeah\n<c.x>what</c>', 'next']);
	});

	it('keeps text after whitespace-only and empty lines inside a cue, and takes a line before a timing line as id only after an empty line', () => {
		const { cues } = parse(
			'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n \n \nAnd\n\nid-2\n00:00:02.000 --> 00:00:03.000\n\nlate text\n\n00:00:03.000 --> 00:00:04.000\nx',
		);
		expect(cues.map((c) => c.text)).toEqual(['And', 'late text', 'x']);
	});

	it('reads YouTube headers with Style blocks and whitespace lines before the first cue', () => {
		const text =
			'WEBVTT\nKind: captions\nLanguage:  ko\nStyle:\n::cue(c.colorCCCCCC) { color: rgb(204,204,204);\n }\n##\n\n   \n\n1\n00:00:01.000 --> 00:00:02.000\nhello\n';
		const { cues, meta } = parse(text);
		expect(meta).toEqual({ kind: 'captions', language: 'ko' });
		expect(cues.map((c) => c.text)).toEqual(['hello']);
	});

	it('skips WEBVTT headers repeated mid-file by concatenated live segments', () => {
		const text =
			'00:00:01.000 --> 00:00:02.000\none\n\nWEBVTT\nX-TIMESTAMP-MAP=LOCAL:00:00.000,MPEGTS:336732000\nKind: captions\n\n00:00:00.000 --> 00:00:01.000\ntwo\n';
		const { cues, warnings } = parse(text);
		expect(cues.map((c) => [c.start, c.text])).toEqual([
			[1, 'one'],
			[0, 'two'],
		]);
		expect(warnings).toEqual(['line 8: cue times go back in time; the file order is kept']);
	});

	it('warns about an unreadable timing line with its line number and skips that cue with its id', () => {
		const { cues, warnings } = parse(
			'WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nok\n\n2\n00:00:0x.000 --> 00:00:03.000\nlost\n\n3\n00:00:04.000 --> 00:00:05.000\nalso ok\n',
		);
		expect(cues.map((c) => c.text)).toEqual(['ok', 'also ok']);
		expect(warnings).toEqual(['line 8: unreadable cue timing "00:00:0x.000 --> 00:00:03.000"; that cue was skipped']);
	});

	it('reports text outside any cue', () => {
		const { warnings } = parse('WEBVTT\n\nstray words\nmore stray words\n00:00:01.000 --> 00:00:02.000\nok\n');
		expect(warnings).toEqual(['line 3: text outside any cue was ignored']);
	});
});

describe('parseVtt against the subtitle package', () => {
	it('reads what subtitle parseSync throws on (a STYLE block)', () => {
		const text = fixture('speakers-voice.vtt').toString('utf8');
		expect(() => parseSync(text)).toThrow('expected timestamp at row 7');
		expect(parse(text).cues).toHaveLength(6);
	});

	// Where subtitle's strict parser accepts a file, both must find the same cues.
	it.each(['synthetic-rolling-punctuated.en.vtt', 'annotations.vtt', 'korean.vtt'])('agrees on %s', (name) => {
		const text = fixture(name).toString('utf8');
		const theirs = parseSync(text).flatMap((n) => (n.type === 'cue' ? [n.data] : []));
		const ours = parse(text).cues;
		expect(ours.map((c) => [Math.round(c.start * 1000), Math.round(c.end * 1000), c.text.trim()])).toEqual(
			theirs.map((c) => [c.start, c.end, c.text.trim()]),
		);
	});
});
