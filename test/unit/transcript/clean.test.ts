import { cleanCue } from '../../../lib/transcript/clean';
import { decodeEntities } from '../../../lib/transcript/entities';
import type { Markup } from '../../../lib/transcript/types';

function clean(text: string, markup: Markup = 'vtt') {
	const c = cleanCue({ start: 0, end: 1, text, line: 1 }, markup);
	return c.speakers ? c.lines.map((l, i) => [l, c.speakers?.[i]]) : c.lines;
}

describe('cleanCue', () => {
	it('strips YouTube word timing and colour classes, leaving whitespace-only lines out', () => {
		expect(clean(' \nokay<00:00:01.310><c> welcome</c><00:00:02.310><c> to</c>\n')).toEqual(['okay welcome to']);
		expect(clean("today's<c.colorCCCCCC> fire income</c><c.colorE5E5E5> details\n </c>")).toEqual(["today's fire income details"]);
	});

	it('joins sub-word chunks without spaces and drops tags cut off at the end of a line', () => {
		expect(clean('And<00:00:01.984><c> t</c><00:00:02.017><c>he</c><00:00:02.050><c>re</c><00:00:04.318><c>al</')).toEqual(['And thereal']);
		expect(clean('st<00:00:03.101><c>re</c><00:00:03.134><c>et</c><00:00:03.702><')).toEqual(['street']);
		expect(clean('crime<00:00:01.200><c> r</c><00:00:02.03')).toEqual(['crime r']);
	});

	it('takes the speaker from <v> and <v.class> spans, across lines of one cue', () => {
		expect(clean('<v.loud Esme Smith>Hello <i>there</i>\nsecond line</v>\nafter')).toEqual([
			['Hello there', 'Esme Smith'],
			['second line', 'Esme Smith'],
			['after', undefined],
		]);
	});

	it('drops ruby readings, which would repeat the text', () => {
		expect(clean('<ruby>漢字<rt>かんじ</rt></ruby>です')).toEqual(['漢字です']);
	});

	it('decodes entities after stripping tags, so escaped angle brackets stay text', () => {
		expect(clean('&lt;b&gt; is bold &amp; &quot;loud&quot;&nbsp;&nbsp;here')).toEqual(['<b> is bold & "loud" here']);
	});

	it('reads SRT markup: HTML-ish tags and {\\an8} overrides go, a lone < stays', () => {
		expect(clean('{\\an8}<font color="#ff0">Top</font> <i>line</i>: 3 < 5', 'srt')).toEqual(['Top line: 3 < 5']);
		expect(clean('<b>bold</b> and <u>under</u>\n{\\pos(10,20)}placed', 'srt')).toEqual(['bold and under', 'placed']);
	});

	it('leaves plain text (TTML, json3) alone apart from whitespace', () => {
		expect(clean('  <not a tag> &amp;  ', 'plain')).toEqual(['<not a tag> &amp;']);
	});

	it('keeps an ideographic space inside a line and trims it at the end', () => {
		expect(clean('輝くのだって\u3000二人だって\u3000')).toEqual(['輝くのだって\u3000二人だって']);
	});
});

describe('decodeEntities', () => {
	it('decodes named, decimal and hex references and leaves unknown ones', () => {
		expect(decodeEntities('&#39;&#x2E3A;&eacute;&hellip;&rlm;&bogus;&#0;&amp')).toBe("'\u2e3aé\u2026\u200f&bogus;\ufffd&amp");
	});

	it('stays linear on a long run of ampersands', () => {
		const s = '&'.repeat(200000) + ';';
		const t0 = Date.now();
		expect(decodeEntities(s)).toBe(s);
		expect(Date.now() - t0).toBeLessThan(500);
	});
});
