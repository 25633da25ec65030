import { assignSpeakers } from '../../../lib/transcript/speakers';
import type { TimedLine } from '../../../lib/transcript/types';

function lines(...texts: (string | [string, string])[]): TimedLine[] {
	return texts.map((t, i) => {
		const [text, speaker] = typeof t === 'string' ? [t, undefined] : t;
		return { text, start: i, end: i + 1, cue: i, ...(speaker ? { speaker } : {}) };
	});
}

function turns(input: TimedLine[]): [string, string | undefined, boolean][] {
	return assignSpeakers(input).map((l) => [l.text, l.speaker, l.turnStart === true]);
}

describe('assignSpeakers', () => {
	it('reads NAME: labels, and lines without one continue the turn', () => {
		expect(
			turns(lines('Andrew Knight: Okay, so we are recording.', 'We are streaming.', 'Paul McCartney: She just got back.', 'And that')),
		).toEqual([
			['Okay, so we are recording.', 'Andrew Knight', true],
			['We are streaming.', 'Andrew Knight', false],
			['She just got back.', 'Paul McCartney', true],
			['And that', 'Paul McCartney', false],
		]);
	});

	it('reads [SPEAKER_00]: and Netflix [Name] labels, but not sound annotations or lowercase descriptions', () => {
		expect(
			turns(lines('[SPEAKER_03]: Go at the same time.', '[Alba] En 1928,', '[Music] so today', '[Ángeles ríe]', '[tartamudea] Lo siento.')),
		).toEqual([
			['Go at the same time.', 'SPEAKER_03', true],
			['En 1928,', 'Alba', true],
			['[Music] so today', 'Alba', false],
			['[Ángeles ríe]', 'Alba', false],
			['[tartamudea] Lo siento.', 'Alba', false],
		]);
	});

	it('reads a label after a dialogue dash', () => {
		expect(turns(lines('- [Ángeles] No, no puede...', '- JOHN SMITH: Hi.', '-To say that I liked you.'))).toEqual([
			['No, no puede...', 'Ángeles', true],
			['Hi.', 'JOHN SMITH', true],
			['-To say that I liked you.', 'JOHN SMITH', false],
		]);
	});

	it('starts an anonymous turn at >>, also in the middle of a wrapped line', () => {
		expect(turns(lines(['Hi there.', 'Yuri'], 'pitch an audit. >> lesson 5.1. When', '>> JOHN: Next question.'))).toEqual([
			['Hi there.', 'Yuri', true],
			['pitch an audit.', 'Yuri', false],
			['lesson 5.1. When', undefined, true],
			['Next question.', 'JOHN', true],
		]);
	});

	it('reads generic numbered speakers', () => {
		expect(turns(lines('Speaker 2: Hi.', 'Guest 10: Hello.'))).toEqual([
			['Hi.', 'Speaker 2', true],
			['Hello.', 'Guest 10', true],
		]);
	});

	it('lets a label alone on its line name the next lines', () => {
		expect(turns(lines('INTERVIEWER:', 'Where were you born?'))).toEqual([['Where were you born?', 'INTERVIEWER', true]]);
	});

	it('keeps names without a colon, explanations and times as text', () => {
		const input = lines(
			'Tim Davis There are several things.',
			'Note: this is not a name.',
			'It starts at 10:30 today.',
			'http://example.com/x',
			'So: we begin.',
			'Number 8: Karasumori High School.',
		);
		expect(turns(input).map(([text, speaker]) => [text, speaker])).toEqual(input.map((l) => [l.text, undefined]));
	});

	it('trusts a one-word Title-case label only when it recurs', () => {
		expect(turns(lines('Alice: Hello.', 'Bob: Hi.', 'Alice: How are you?')).map(([t, s]) => [t, s])).toEqual([
			['Hello.', 'Alice'],
			['Bob: Hi.', 'Alice'],
			['How are you?', 'Alice'],
		]);
	});
});
