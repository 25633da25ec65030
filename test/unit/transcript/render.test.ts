import { escapeMarkdown } from '../../../lib/transcript/markdownEscape';
import { parseTranscript } from '../../../lib/transcript/pipeline';
import { renderTranscript } from '../../../lib/transcript/render';
import { computeStats } from '../../../lib/transcript/stats';
import { fixture } from './helpers';

const voices = () => parseTranscript(fixture('speakers-voice.vtt'));

describe('renderTranscript: markdown', () => {
	it('writes the title and source header, timestamps and bold speakers at each turn', () => {
		expect(renderTranscript(voices(), 'markdown', { title: 'Tides', source: 'https://example.com/v?id=1', timestamps: true })).toBe(
			[
				'# Tides',
				'',
				'**Source:** https://example.com/v?id=1',
				'',
				"[00:00:01] **Roger Bingham:** We are in New York City and we're going to talk about the sea.",
				'',
				'[00:00:06] **Neil deGrasse Tyson:** Hi Roger, great to be here & thanks. The tide rises twice a day.',
				'',
				'[00:00:12] Is that always true?',
				'',
				'[00:00:14] **Neil deGrasse Tyson:** Nearly everywhere, yes.',
				'',
			].join('\n'),
		);
	});

	it('removes speaker labels when asked, keeping the paragraph breaks', () => {
		expect(renderTranscript(voices(), 'markdown', { preserveSpeakerLabels: false })).toBe(
			"We are in New York City and we're going to talk about the sea.\n\nHi Roger, great to be here & thanks. The tide rises twice a day.\n\nIs that always true?\n\nNearly everywhere, yes.\n",
		);
	});

	it('writes the speaker once per turn, not on every paragraph of it', () => {
		const srt = [
			'1\n00:00:01,000 --> 00:00:02,000\nANNA: One two three four five.',
			'2\n00:00:02,000 --> 00:00:03,000\nSix seven eight nine ten.',
			'3\n00:00:03,000 --> 00:00:04,000\nEleven twelve.',
		].join('\n\n');
		expect(renderTranscript(parseTranscript(srt, { paragraphMinWords: 5 }), 'markdown')).toBe(
			'**ANNA:** One two three four five.\n\nSix seven eight nine ten.\n\nEleven twelve.\n',
		);
	});
});

describe('escapeMarkdown', () => {
	it.each([
		['- Yes, five * three.', '\\- Yes, five * three.'],
		['* item', '\\* item'],
		['# hash', '\\# hash'],
		['1. first', '1\\. first'],
		['> quote', '\\> quote'],
		['*this* and __that__ and snake_case and [ __ ]', '\\*this\\* and \\_\\_that\\_\\_ and snake_case and [ __ ]'],
		['<b> &amp; `x` [a](b) ~~s~~ a\\b', '\\<b> \\&amp; \\`x\\` [a\\](b) \\~\\~s\\~\\~ a\\\\b'],
		['3 < 5 & 6 > 2 [Music]', '3 < 5 & 6 > 2 [Music]'],
	])('%j → %j', (input, output) => {
		expect(escapeMarkdown(input)).toBe(output);
	});
});

describe('renderTranscript: other formats', () => {
	it('writes plain text with Name: labels', () => {
		expect(renderTranscript(voices(), 'text', { timestamps: true }).split('\n\n')[0]).toBe(
			"[00:00:01] Roger Bingham: We are in New York City and we're going to talk about the sea.",
		);
	});

	it('writes clean SRT, naming a speaker where it changes', () => {
		const srt = renderTranscript(parseTranscript(fixture('speakers-labels.srt')), 'srt');
		expect(srt.split('\n\n').slice(0, 4)).toEqual([
			'1\n00:00:01,000 --> 00:00:03,500\nJOHN: Good morning, everyone.',
			'2\n00:00:03,500 --> 00:00:06,000\nToday we look at the harbour.',
			'3\n00:00:06,000 --> 00:00:08,250\nMARY: Thank you, John.\nIt is a pleasure.',
			'4\n00:00:08,250 --> 00:00:10,000\nCan we start with the boats?',
		]);
	});

	it('writes VTT with <v> voices and escaped text, one cue per rolling line', () => {
		const vtt = renderTranscript(parseTranscript('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>1 &lt; 2 &amp; more</v>\n'), 'vtt');
		expect(vtt).toBe('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>1 &lt; 2 &amp; more\n');
		const rolling = parseTranscript(fixture('synthetic-rolling-punctuated.en.vtt'));
		const cues = renderTranscript(rolling, 'vtt').split('\n\n');
		expect(cues[0]).toBe('WEBVTT\nLanguage: en');
		expect(cues[1]).toBe('00:00:00.160 --> 00:00:02.640\nWelcome back to the workshop. Today we are');
		expect(cues[2]).toBe('00:00:02.650 --> 00:00:05.130\ngoing to build a small weather station from');
	});

	it('writes JSON segments { start, end, speaker, text }', () => {
		const json = JSON.parse(renderTranscript(parseTranscript(fixture('cjk.srt')), 'json'));
		expect(json).toEqual([
			{ start: 1, end: 4, speaker: null, text: '你好，欢迎来到我们的频道。' },
			{ start: 4, end: 7, speaker: null, text: '今天我们讨论天气。' },
			{ start: 7, end: 10, speaker: null, text: '日本語の字幕もあります。' },
		]);
		expect(JSON.parse(renderTranscript(voices(), 'json'))[0]).toEqual({
			start: 1,
			end: 4,
			speaker: 'Roger Bingham',
			text: 'We are in New York City',
		});
	});
});

describe('computeStats', () => {
	it('counts words and paragraphs and compares output to input size', () => {
		const t = parseTranscript(fixture('speakers-voice.vtt'));
		const md = renderTranscript(t, 'markdown');
		expect(computeStats(t, md)).toEqual({
			wordCount: 34,
			paragraphCount: 4,
			averageWordsPerParagraph: 8.5,
			compressionRatio: Math.round((Buffer.byteLength(md) / fixture('speakers-voice.vtt').length) * 10000) / 10000,
		});
		expect(computeStats(t, md).compressionRatio).toBeLessThan(0.5);
	});
});
