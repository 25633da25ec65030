import { detectFormat } from '../../../lib/transcript/detect';
import { TranscriptError } from '../../../lib/transcript/errors';
import { fixture } from './helpers';

describe('detectFormat', () => {
	it.each([
		['speakers-voice.vtt', 'vtt'],
		['headerless.vtt', 'vtt'],
		['actually-srt.vtt', 'srt'],
		['speakers-labels.srt', 'srt'],
		['spans.ttml', 'ttml'],
		['legacy-ttaf1.dfxp', 'ttml'],
		['small.json3', 'json3'],
		['small.srv3', 'srv3'],
		['small-srv1.xml', 'srv1'],
	])('reads %s as %s from its content', (name, format) => {
		expect(detectFormat(fixture(name).toString('utf8'))).toBe(format);
	});

	it('takes DFXP (TTML with a prefix) for TTML', () => {
		expect(detectFormat('<?xml version="1.0"?>\n<!-- x -->\n<tt:tt xmlns:tt="http://www.w3.org/ns/ttml"></tt:tt>')).toBe('ttml');
	});

	it('takes headerless cues with dot milliseconds and numbers for SRT only when the decimal mark is a comma or ids are numbers', () => {
		expect(detectFormat('1\n00:00:01.000 --> 00:00:02.000\nHi\n')).toBe('srt');
		expect(detectFormat('00:00:01.000 --> 00:00:02.000\nHi\n')).toBe('vtt');
	});

	it('takes text without a cue timing line for plain text, also when it starts with a bracket or holds an arrow', () => {
		expect(detectFormat('Just some notes.\nNo timing here.')).toBe('txt');
		expect(detectFormat('[Music]\nJOHN: Hello.')).toBe('txt');
		expect(detectFormat('[00:01:05] Ann: Hi.')).toBe('txt');
		expect(detectFormat('[SPEAKER_00]: Hi.')).toBe('txt');
		expect(detectFormat('Step one --> step two.')).toBe('txt');
		expect(detectFormat('Intro\n00:00:0 --> 00:00:02.000\nHi')).toBe('vtt');
	});

	it('names what it found when the text is no caption format', () => {
		expect(() => detectFormat('... ?! ...\n--')).toThrow(TranscriptError);
		expect(() => detectFormat('... ?!')).toThrow(/^line 1: no cue timing line .* was found, and this does not read as prose either/);
		expect(() => detectFormat('[{"start": 1}]')).toThrow('line 1: this JSON is not YouTube json3 captions (it has no "events" list).');
		expect(() => detectFormat('[1, 2]')).toThrow(/this JSON is not YouTube json3/);
		expect(() => detectFormat('{"items": []}')).toThrow('line 1: this JSON is not YouTube json3 captions (it has no "events" list).');
		expect(() => detectFormat('<?xml version="1.0"?>\n<html><body/></html>')).toThrow(
			'line 2: this XML starts with <html>, not TTML/DFXP (<tt>) or YouTube timedtext (<timedtext>, <transcript>).',
		);
	});
});
