import { readdirSync, readFileSync } from 'node:fs';
import { analyzeTranscript } from '../../../lib/transcript/convert';
import { TranscriptError } from '../../../lib/transcript/errors';
import { parseTranscript } from '../../../lib/transcript/pipeline';
import { renderTranscript } from '../../../lib/transcript/render';
import type { OutputFormat } from '../../../lib/transcript/types';
import { FIXTURES } from './helpers';

/**
 * Random and mutated inputs: each must give a transcript or a TranscriptError (never another error),
 * within a time budget. The budgets only catch runaway work, never speed: a 10 MB case takes from
 * milliseconds to 25 s on a 2-core machine under load, while catastrophic backtracking or a quadratic
 * step on 10 MB takes hours, and exponential backtracking on a 2 KB input far more than seconds.
 */
const FORMATS: OutputFormat[] = ['markdown', 'text', 'srt', 'vtt', 'json'];
const SMALL_BUDGET_MS = 15_000;
const LARGE_BUDGET_MS = 80_000;
/** Jest's limit for a test that runs many cases: above the budgets, so a budget fails first and names the case. */
const TEST_TIMEOUT_MS = 300_000;

function xorshift(seed: number): () => number {
	let s = seed >>> 0 || 1;
	return () => {
		s ^= s << 13;
		s >>>= 0;
		s ^= s >>> 17;
		s ^= s << 5;
		s >>>= 0;
		return s / 4294967296;
	};
}

function survive(input: string | Uint8Array, budget: number, label: string): 'ok' | 'error' {
	const t0 = Date.now();
	let outcome: 'ok' | 'error' = 'ok';
	try {
		const t = parseTranscript(input);
		for (const to of FORMATS) {
			const out = renderTranscript(t, to);
			if (typeof out !== 'string') throw new Error(`${to} output is not text`);
		}
	} catch (err) {
		if (!(err instanceof TranscriptError)) throw new Error(`${label}: ${(err as Error).stack}`);
		expect(err.message.length).toBeGreaterThan(10);
		outcome = 'error';
	}
	const ms = Date.now() - t0;
	if (ms > budget) throw new Error(`${label}: took ${ms} ms (budget ${budget} ms)`);
	return outcome;
}

const TOKENS = [
	'-->',
	' --> ',
	'00:00:01.000',
	'00:00:0',
	'1\n',
	'\n',
	'\n\n',
	'WEBVTT',
	'NOTE ',
	'<',
	'>',
	'</',
	'<c>',
	'<v ',
	'<00:00:01.000>',
	'&',
	'&amp;',
	'&#',
	';',
	'[',
	']',
	'>>',
	':',
	'NAME: ',
	'{\\an8}',
	'<tt>',
	'<p begin="1s">',
	'</p>',
	'<br/>',
	'{"events":[',
	'"segs":',
	'。',
	'\u200f',
	' ',
	'word',
	'Word.',
	'?',
];

const fixtures = readdirSync(FIXTURES)
	.filter((f) => !/\.(js|ts|md)$/.test(f))
	.map((f) => readFileSync(`${FIXTURES}/${f}`));

describe('fuzzing the parsers', () => {
	it('survives random bytes, and never takes them for plain text', () => {
		const rnd = xorshift(1);
		const accepted: number[] = [];
		for (let i = 0; i < 300; i++) {
			const bytes = new Uint8Array(Math.floor(rnd() * 2000));
			for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(rnd() * 256);
			if (survive(bytes, SMALL_BUDGET_MS, `random bytes #${i}`) === 'ok') accepted.push(i);
		}
		expect(accepted).toEqual([]);
	}, TEST_TIMEOUT_MS);

	it('survives random caption-like token soup', () => {
		const rnd = xorshift(2);
		let parsed = 0;
		for (let i = 0; i < 500; i++) {
			let s = i % 3 === 0 ? 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n' : '';
			const n = Math.floor(rnd() * 200);
			for (let j = 0; j < n; j++) s += TOKENS[Math.floor(rnd() * TOKENS.length)];
			if (survive(s, SMALL_BUDGET_MS, `token soup #${i}: ${JSON.stringify(s.slice(0, 200))}`) === 'ok') parsed++;
		}
		expect(parsed).toBeGreaterThan(10);
	}, TEST_TIMEOUT_MS);

	it('survives mutated fixtures: flipped bytes, cuts, repeats, inserted tokens', () => {
		const rnd = xorshift(3);
		for (let i = 0; i < 600; i++) {
			const base = fixtures[i % fixtures.length];
			let bytes = Buffer.from(base);
			const kind = i % 4;
			if (kind === 0 && bytes.length > 0) {
				for (let k = 0; k < 1 + rnd() * 8; k++) bytes[Math.floor(rnd() * bytes.length)] = Math.floor(rnd() * 256);
			} else if (kind === 1) {
				bytes = bytes.subarray(0, Math.floor(rnd() * bytes.length));
			} else if (kind === 2 && bytes.length > 0) {
				const a = Math.floor(rnd() * bytes.length);
				const b = Math.min(bytes.length, a + Math.floor(rnd() * 300));
				bytes = Buffer.concat([bytes.subarray(0, b), bytes.subarray(a, b), bytes.subarray(a, b), bytes.subarray(b)]);
			} else {
				const at = Math.floor(rnd() * bytes.length);
				bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(TOKENS[Math.floor(rnd() * TOKENS.length)]), bytes.subarray(at)]);
			}
			survive(bytes, SMALL_BUDGET_MS, `mutation ${kind} of fixture #${i % fixtures.length}`);
		}
	}, TEST_TIMEOUT_MS);

	const TEN_MB = 10 * 1024 * 1024;
	const cue = 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n';
	it.each([
		['letters', 'a'.repeat(TEN_MB)],
		['words', 'word '.repeat(TEN_MB / 5)],
		['a cue with a 10 MB text line of words', cue + 'Word. '.repeat(TEN_MB / 6)],
		['a cue with a 10 MB line of "<"', cue + '<'.repeat(TEN_MB)],
		['a cue with a 10 MB line of "<c" without ">"', cue + '<c'.repeat(TEN_MB / 2)],
		['a cue with a 10 MB line of "&"', cue + '&'.repeat(TEN_MB) + ';'],
		['a cue with a 10 MB line of "[" and "("', cue + '[('.repeat(TEN_MB / 2)],
		['a cue with a 10 MB line of ">>"', cue + '>> '.repeat(TEN_MB / 3)],
		['an SRT cue with a 10 MB line of "{\\" and "<a "', '1\n00:00:01,000 --> 00:00:02,000\n' + '{\\<a '.repeat(TEN_MB / 5)],
		['a 10 MB timing line', '00:00:01.000 --> 00:00:02.000 ' + 'x'.repeat(TEN_MB)],
		['10 MB of "-->"', '-->'.repeat(TEN_MB / 3)],
		['10 MB of "." and spaces', cue + '. '.repeat(TEN_MB / 2)],
		['10 MB of "*_~" for the Markdown escaper', cue + '*_~ '.repeat(TEN_MB / 4)],
		['a 10 MB XML attribute', '<tt><body><p begin="1s" end="2s" x="' + 'y'.repeat(TEN_MB) + '">hi</p></body></tt>'],
		['a million unmatched XML tags', '<tt><body>' + '<span>'.repeat(500000) + '</b>'.repeat(500000) + '</body></tt>'],
		['deeply nested json3', '{"events":' + '['.repeat(TEN_MB / 2) + ']'.repeat(TEN_MB / 2) + '}'],
		['10 MB of plain-text lines with times and labels', '[00:01:05] **Ann Lee:** Hello, \\*you\\*.\nBOB: Hi.\n0:07\n'.repeat(TEN_MB / 48)],
		['a 10 MB plain-text line of "**" and ":"', 'Note ' + '**a:'.repeat(TEN_MB / 4)],
	])('handles %s within the budget', (label, text) => {
		survive(text, LARGE_BUDGET_MS, label);
	}, TEST_TIMEOUT_MS);

	it('analyses a 10 MB single line within the budget', () => {
		const t0 = Date.now();
		const result = analyzeTranscript('word '.repeat(2 * 1024 * 1024) + 'end.', 'keywords');
		expect(result.kind).toBe('keywords');
		expect(Date.now() - t0).toBeLessThan(LARGE_BUDGET_MS);
	}, TEST_TIMEOUT_MS);
});
