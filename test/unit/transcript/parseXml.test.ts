import { parseSrv1 } from '../../../lib/transcript/parseSrv1';
import { parseSrv3 } from '../../../lib/transcript/parseSrv3';
import { parseTtml } from '../../../lib/transcript/parseTtml';
import { Warnings } from '../../../lib/transcript/warnings';
import { fixture } from './helpers';

describe('parseTtml', () => {
	it('reads nested spans, <br/>, agents, the title, and clock, frame, tick and offset times inside a timed div', () => {
		const w = new Warnings();
		const { cues, meta } = parseTtml(fixture('spans.ttml').toString('utf8'), w);
		expect(meta).toEqual({ language: 'en', title: 'Harbour tour' });
		expect(cues.map((c) => [c.start, Number(c.end.toFixed(3)), c.text, c.speaker])).toEqual([
			[11, 13, 'Welcome to the old harbour.', 'Anna Berg'],
			[13, 15.48, 'Ships came here\nfrom every sea.', undefined],
			[18, 20, 'Fish & salt were traded \u2014 and stories.', 'Tom Lind'],
			[20.5, 22.5, 'The lighthouse still works.', undefined],
		]);
		expect(w.list()).toEqual([]);
	});

	it('reads legacy DFXP (the 2006 ttaf1 namespace, prefixed elements)', () => {
		const { cues, meta } = parseTtml(fixture('legacy-ttaf1.dfxp').toString('utf8'), new Warnings());
		expect(meta).toEqual({ language: 'de' });
		expect(cues.map((c) => [c.start, c.end, c.text])).toEqual([
			[1, 2.5, 'Guten Abend,\nmeine Damen und Herren.'],
			[2.5, 4, 'Willkommen zur Sendung.'],
		]);
	});

	it('takes the times of karaoke spans when the <p> has none', () => {
		const xml =
			'<tt xmlns="http://www.w3.org/ns/ttml"><body><div><p><span begin="1s" end="2s">one</span> <span begin="2s" end="3.5s">two</span></p></div></body></tt>';
		expect(parseTtml(xml, new Warnings()).cues).toEqual([{ start: 1, end: 3.5, text: 'one two', line: 1 }]);
	});

	it('keeps what came before a truncation and warns', () => {
		const w = new Warnings();
		const xml =
			'<tt xmlns="http://www.w3.org/ns/ttml"><body><div>\n<p begin="1s" end="2s">complete</p>\n<p begin="2s" end="3s">cut <span tts:color="whi';
		expect(parseTtml(xml, w).cues.map((c) => c.text)).toEqual(['complete', 'cut']);
		expect(w.list().map((x) => x.message)).toEqual(['line 3: the XML ends inside a tag; the rest was ignored']);
	});
});

describe('parseSrv3', () => {
	it('joins <s> word segments as written, skips append-only paragraphs and decodes entities', () => {
		const { cues } = parseSrv3(fixture('small.srv3').toString('utf8'), new Warnings());
		expect(cues.map((c) => [c.start, c.end, c.text])).toEqual([
			[0.24, 3.24, 'Does fast charging hurt?'],
			[3.25, 6.25, "We didn't think so."],
		]);
	});
});

describe('parseSrv1', () => {
	it('reads <text start dur> and leaves the twice-escaped HTML for cleaning', () => {
		const { cues } = parseSrv1(fixture('small-srv1.xml').toString('utf8'), new Warnings());
		expect(cues.map((c) => [c.start, c.end, c.text])).toEqual([
			[0, 1.5, 'Hey, this is a test'],
			[1.5, 5.5, 'this is <i>not</i> the original &amp; only'],
		]);
	});
});
