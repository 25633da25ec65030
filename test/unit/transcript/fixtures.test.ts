import { readdirSync, readFileSync } from 'node:fs';
import { rollingVtt } from '../../fixtures/captions/rollingVtt';
import { parseTranscript } from '../../../lib/transcript/pipeline';
import { renderTranscript } from '../../../lib/transcript/render';
import { fixture, FIXTURES, fixturePath, occurrences, paragraphs, toMarkdown } from './helpers';

const known = (name: string) => readFileSync(fixturePath(name), 'utf8').trim();

describe('synthetic YouTube auto-captions (rolling cues with word timing)', () => {
	it.each([
		['synthetic-rolling-punctuated.en', { secondsPerWord: 0.31 }],
		['synthetic-rolling-unpunctuated.en', { secondsPerWord: 0.35, colors: true, start: 3.5 }],
	])('%s.vtt is what the generator writes from its text', (name, opts) => {
		expect(readFileSync(fixturePath(`${name}.vtt`), 'utf8')).toBe(rollingVtt(known(`${name}.txt`), opts));
	});

	it.each(['synthetic-rolling-punctuated.en', 'synthetic-rolling-unpunctuated.en'])(
		'%s: the Markdown holds the known text exactly once, in order',
		(name) => {
			const text = known(`${name}.txt`);
			const vtt = fixture(`${name}.vtt`).toString('utf8');
			// Every caption line is written three times in the file (once between word-timing tags)…
			const secondLine = text.split(' ').slice(8, 16).join(' ');
			expect(occurrences(vtt.replace(/<[^>]*>/g, ''), secondLine)).toBe(3);
			const t = parseTranscript(vtt);
			expect(t.rolling).toBe(true);
			// …and once in the Markdown: the paragraphs, joined, are the text.
			expect(t.paragraphs.map((p) => p.text).join(' ')).toBe(text);
			const md = renderTranscript(t, 'markdown');
			expect(md.replace(/\n\n/g, ' ').trim()).toBe(text);
			expect(occurrences(md, secondLine)).toBe(1);
		},
	);

	it('cuts the punctuated one only at sentence ends, the unpunctuated one into readable paragraphs', () => {
		for (const p of paragraphs(fixture('synthetic-rolling-punctuated.en.vtt'))) expect(p).toMatch(/[.?!]$/);
		const words = parseTranscript(fixture('synthetic-rolling-unpunctuated.en.vtt'), { paragraphMinWords: 30 }).paragraphs.map(
			(p) => p.wordCount,
		);
		expect(words.length).toBeGreaterThan(2);
		for (const n of words.slice(0, -1)) expect(n).toBeGreaterThanOrEqual(30);
		for (const n of words) expect(n).toBeLessThanOrEqual(45);
	});

	it('dedupes word-timed captions written as SRT too (no <c> tags left to rely on)', () => {
		const t = parseTranscript(fixture('synthetic-rolling-punctuated.en.vtt'));
		const srt = renderTranscript(t, 'srt');
		const rolled = srt
			.split('\n\n')
			.flatMap((block, i, all) => (i + 1 < all.length ? [`${block}\n${all[i + 1].split('\n').slice(2).join('\n')}`] : [block]))
			.map((block, i) => block.replace(/^\d+/, String(i + 1)))
			.join('\n\n');
		expect(
			parseTranscript(rolled)
				.paragraphs.map((p) => p.text)
				.join(' '),
		).toBe(known('synthetic-rolling-punctuated.en.txt'));
	});
});

describe('manual captions keep their legitimate repeats', () => {
	it('two people saying "Good evening.", a chorus, a repeated cue and a repeated phrase', () => {
		const t = parseTranscript(fixture('manual-repeats.srt'));
		expect(t.rolling).toBe(false);
		const text = t.paragraphs.map((p) => p.text).join(' ');
		expect(occurrences(text, 'Good evening.')).toBe(2);
		expect(occurrences(text, 'the river runs to the sea')).toBe(3);
		expect(occurrences(text, 'Fire!')).toBe(2);
		expect(text).toContain('I said no, no, no, no.');
	});

	it('the DFXP-style repeat survives in TTML too', () => {
		const ttml =
			'<tt xmlns="http://www.w3.org/ns/ttml"><body><div><p begin="1s" end="2s">Good evening.</p><p begin="2s" end="3s">Good evening.</p><p begin="3s" end="4s">In this show...</p></div></body></tt>';
		expect(paragraphs(ttml)).toEqual(['Good evening. Good evening. In this show...']);
	});
});

describe('speaker labels', () => {
	it('VTT <v> voices, >> changes and NAME: labels become bold labels', () => {
		expect(toMarkdown(fixture('speakers-voice.vtt'))).toBe(
			"**Roger Bingham:** We are in New York City and we're going to talk about the sea.\n\n**Neil deGrasse Tyson:** Hi Roger, great to be here & thanks. The tide rises twice a day.\n\nIs that always true?\n\n**Neil deGrasse Tyson:** Nearly everywhere, yes.\n",
		);
	});

	it('SRT NAME:, >>, [Name] labels with tags around them', () => {
		expect(toMarkdown(fixture('speakers-labels.srt'))).toBe(
			'**JOHN:** Good morning, everyone. Today we look at the harbour.\n\n**MARY:** Thank you, John. It is a pleasure.\n\nCan we start with the boats?\n\n**Narrator:** The harbour opened in 1887.\n\n**JOHN:** Of course.\n',
		);
	});

	it('TTML agents', () => {
		expect(toMarkdown(fixture('spans.ttml'))).toBe(
			'**Anna Berg:** Welcome to the old harbour. Ships came here from every sea.\n\n**Tom Lind:** Fish & salt were traded \u2014 and stories. The lighthouse still works.\n',
		);
	});
});

describe('scripts', () => {
	it('joins Chinese and Japanese lines without spaces', () => {
		expect(paragraphs(fixture('cjk.srt'))).toEqual(['你好，欢迎来到我们的频道。今天我们讨论天气。日本語の字幕もあります。']);
	});

	it('joins Korean lines with a space', () => {
		expect(paragraphs(fixture('korean.vtt'))).toEqual(['이 동영상에서는 레이더를 사용하여 거리와 속도를 판단합니다.']);
	});

	it('keeps right-to-left text, its marks and Latin runs, with entities decoded', () => {
		expect(paragraphs(fixture('rtl.srt'))).toEqual([
			'\u200fمرحبا بكم في "الدرس" سلسلة Lockdown Math الجديدة. שלום לכולם, זה השיעור הראשון.',
		]);
	});
});

describe('encodings and line ends', () => {
	it.each(['utf16le-bom.srt', 'utf16be-bom.vtt', 'utf8-bom-crlf.srt', 'cr-only.vtt'])('%s', (name) => {
		expect(paragraphs(fixture(name))).toEqual(['Café crème, s\u2019il vous plaît. Über den Fluss.']);
	});

	it('windows-1252.srt, with a warning', () => {
		const t = parseTranscript(fixture('windows-1252.srt'));
		expect(t.paragraphs.map((p) => p.text)).toEqual(['Café crème \u2013 \u201cbien\u201d.']);
		expect(t.warnings.map((w) => w.code)).toEqual(['encoding']);
	});
});

describe('formats by content', () => {
	it.each([
		['headerless.vtt', 'vtt', 'headerless captions still read by content'],
		['actually-srt.vtt', 'srt', 'The extension says VTT. The content says SRT.'],
		['small.srv3', 'srv3', "Does fast charging hurt? We didn't think so."],
		['small-srv1.xml', 'srv1', 'Hey, this is a test this is not the original & only'],
	])('%s is %s', (name, format, text) => {
		const t = parseTranscript(fixture(name));
		expect([t.format, t.paragraphs.map((p) => p.text).join(' ')]).toEqual([format, text]);
	});

	it('json3: a >> speaker change starts a paragraph, [music] can be dropped', () => {
		expect(paragraphs(fixture('small.json3'))).toEqual(['[music]', 'Hello and welcome. Hello and welcome again.']);
		expect(paragraphs(fixture('small.json3'), { keepSoundAnnotations: false })).toEqual(['Hello and welcome. Hello and welcome again.']);
	});
});

describe('sound annotations', () => {
	it('are kept by default and dropped on request; the profanity mask and music notes are speech', () => {
		expect(paragraphs(fixture('annotations.vtt'))).toEqual([
			'[Music] Welcome back. (APPLAUSE) Thank you all. That was a [ __ ] good game. [laughter] ♪ Sailing over the sea ♪ (quietly) The function (f of x) is linear.',
		]);
		expect(paragraphs(fixture('annotations.vtt'), { keepSoundAnnotations: false })).toEqual([
			'Welcome back. Thank you all. That was a [ __ ] good game. ♪ Sailing over the sea ♪ (quietly) The function (f of x) is linear.',
		]);
	});
});

describe('Markdown escaping', () => {
	it('keeps caption text from turning into lists, headings, emphasis, HTML or links', () => {
		expect(toMarkdown(fixture('markdown-special.srt'))).toBe(
			'\\- Yes, five * three equals fifteen. # is called a hash, and \\*this\\* is not bold. Type \\<b> or [link\\](http://example.com) or \\`code\\` or snake_case or \\_under\\_.\n',
		);
	});
});

describe('bad input', () => {
	it.each([
		['empty.vtt', 'The caption file is empty.'],
		['whitespace-only.srt', 'The caption file is empty.'],
		['garbage.bin', /^line \d+: this is binary data, not a caption file\.$/],
	])('%s → %s', (name, message) => {
		expect(() => parseTranscript(fixture(name))).toThrow(message);
	});

	it('a truncated cue is kept as far as it goes, a truncated timing line is reported', () => {
		expect(paragraphs(fixture('truncated.vtt'))).toEqual(['The first cue is complete. The second cue is cut off in the mid']);
		const t = parseTranscript(fixture('truncated-timing.vtt'));
		expect(t.paragraphs.map((p) => p.text)).toEqual(['Only this cue survives.']);
		expect(t.warnings).toEqual([
			{ code: 'bad-timing', line: 6, message: 'line 6: unreadable cue timing "00:00:03.000 --> 00:0"; that cue was skipped' },
		]);
	});

	it('wrong timestamps give warnings naming their lines, and text in file order', () => {
		const t = parseTranscript(fixture('wrong-timestamps.srt'));
		expect(t.paragraphs.map((p) => p.text)).toEqual(['The end comes before the start. Back in time, but kept in file order.']);
		expect(t.warnings.map((w) => w.line)).toEqual([2, 6, 10]);
	});
});

it('every fixture file is used by a test', () => {
	const source =
		readFileSync(__filename, 'utf8') +
		readdirSync(__dirname)
			.map((f) => readFileSync(`${__dirname}/${f}`, 'utf8'))
			.join('');
	const unused = readdirSync(FIXTURES).filter((f) => !/\.(js|ts|md)$/.test(f) && !source.includes(f.replace(/\.(vtt|txt)$/, '')));
	expect(unused).toEqual([]);
});
