import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { convertTranscriptToMarkdown } from '../../lib/transcript';
import { parseTranscript } from '../../lib/transcript/pipeline';
import { renderTranscript } from '../../lib/transcript/render';
import type { Transcript } from '../../lib/transcript/types';
import { expectations, type Expectation } from './expectations';
import { carriedLines, sourceCues, spokenText, stripLabel } from './sourceLines';

/**
 * The real caption files of the shared corpus, read in place (never copied into the project).
 * In CI the corpus sits beside the clone; CAPTION_CORPUS_DIR points elsewhere. A missing corpus fails.
 */
const CORPUS = process.env.CAPTION_CORPUS_DIR || resolve(__dirname, '../../../shared/corpus/captions');
/** A conversion slower than this is a hang: the largest file converts in well under a second. */
const HANG_MS = 10000;

interface Converted {
	markdown: string;
	transcript: Transcript;
	/** Paragraph texts joined by spaces: the spoken text without labels or Markdown escapes. */
	text: string;
	ms: number;
}

const cache = new Map<string, Converted>();
function convert(file: string): Converted {
	let hit = cache.get(file);
	if (!hit) {
		const bytes = readFileSync(resolve(CORPUS, file));
		const t0 = Date.now();
		const transcript = parseTranscript(bytes);
		const markdown = renderTranscript(transcript, 'markdown');
		hit = { markdown, transcript, text: transcript.paragraphs.map((p) => p.text).join(' '), ms: Date.now() - t0 };
		cache.set(file, hit);
	}
	return hit;
}

function count(haystack: string, needle: string): number {
	let n = 0;
	for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++;
	return n;
}

describe('caption corpus', () => {
	it(`is present at ${CORPUS}`, () => {
		expect(existsSync(resolve(CORPUS, 'SOURCES.md'))).toBe(true);
	});

	it('lists every corpus file here, with expectations', () => {
		const listed = readFileSync(resolve(CORPUS, 'SOURCES.md'), 'utf8').match(/^### `([^`]+)`/gm) ?? [];
		expect(listed.map((l) => l.slice(5, -1)).sort()).toEqual(expectations.map((e) => e.file).sort());
	});
});

describe.each(expectations.map((e): [string, Expectation] => [e.file, e]))('%s', (file, e) => {
	it('converts without a crash or a hang', () => {
		const { ms, transcript } = convert(file);
		expect(ms).toBeLessThan(HANG_MS);
		expect(transcript.paragraphs.length).toBeGreaterThan(0);
	});

	it('leaves no timestamps, tags, entities, cue settings or headers in the Markdown', () => {
		const { markdown } = convert(file);
		expect(markdown).not.toMatch(/\d+:\d\d:\d\d[.,]\d{3}|\d\d:\d\d[.,]\d{3}|-->/);
		expect(markdown).not.toMatch(/(?<!\\)<\/?[A-Za-z][^>\n]*>|(?<!\\)<\d\d:/);
		expect(markdown).not.toMatch(/(?<!\\)&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);/);
		expect(markdown).not.toMatch(/\b(?:align|position|line|size|region|vertical):[\w%.]/);
		expect(markdown).not.toMatch(/WEBVTT|^Kind:|Language:|X-TIMESTAMP-MAP|^NOTE\b|::cue|\{\\an\d\}/m);
	});

	it('writes the speaker labels the file carries, and no others', () => {
		const labels = new Set([...convert(file).markdown.matchAll(/\*\*([^*\n]+):\*\*/g)].map((m) => m[1]));
		expect([...labels].sort()).toEqual([...(e.speakers ?? [])].sort());
		for (const [name, turns] of Object.entries(e.turns ?? {}))
			expect([name, count(convert(file).markdown, `**${name}:**`)]).toEqual([name, turns]);
	});

	if (/\.(vtt|srt)$/.test(file)) {
		it(e.rolling ? 'has no caption line repeated the rolling way' : 'keeps the legitimately repeated consecutive lines', () => {
			const { text, transcript } = convert(file);
			expect(transcript.rolling).toBe(e.rolling);
			const cues = sourceCues(readFileSync(resolve(CORPUS, file), 'utf8'));
			const carried = carriedLines(cues);
			const doubled = (l: string, s: string) => s.includes(`${l} ${l}`) || s.includes(l + l);
			if (e.rolling) {
				// A doubled line is right only where the newly spoken (word-timed) lines say it twice.
				const spoken = spokenText(cues);
				expect(carried.length).toBeGreaterThan(0);
				expect(carried.filter((l) => l.split(' ').length >= 3 && doubled(l, text) && !doubled(l, spoken))).toEqual([]);
			} else {
				expect(carried.filter((l) => !doubled(stripLabel(l), text))).toEqual([]);
			}
		});
	}

	if (e.words) {
		it(`has ${e.words[0]}–${e.words[1]} words`, () => {
			const words = convert(file).transcript.paragraphs.reduce((n, p) => n + p.wordCount, 0);
			expect(words).toBeGreaterThanOrEqual(e.words?.[0] ?? 0);
			expect(words).toBeLessThanOrEqual(e.words?.[1] ?? Infinity);
		});
	}

	if (e.exact !== undefined) {
		it('converts to exactly the expected Markdown', () => {
			expect(convert(file).markdown).toBe(e.exact);
		});
	}

	if (e.once?.length) {
		it('has each spoken phrase exactly once', () => {
			const { text } = convert(file);
			expect(e.once?.map((p) => [p, count(text, p)])).toEqual(e.once?.map((p) => [p, 1]));
		});
	}

	if (e.counts?.length) {
		it('keeps legitimate repeats as often as they are spoken', () => {
			const { text } = convert(file);
			expect(e.counts?.map(([p]) => [p, count(text, p)])).toEqual(e.counts);
		});
	}

	if (e.absent?.length) {
		it('leaves out what is no speech', () => {
			const { markdown } = convert(file);
			for (const p of e.absent ?? []) expect([p, markdown.includes(p)]).toEqual([p, false]);
		});
	}

	if (e.check) {
		it(e.check.name, async () => {
			await e.check?.fn(convert(file).transcript, convert(file).markdown, resolve(CORPUS, file));
		});
	}
});

describe('the same talk as VTT and as SRT', () => {
	it('gives the same text from the auto-caption VTT and its SRT conversion', () => {
		expect(convert('srt/yt-auto-rolling-converted-mixed-eol.srt').text).toBe(convert('vtt/yt-auto-2018-color-fortnite.en.vtt').text);
	});
});

describe('convertTranscriptToMarkdown on the corpus', () => {
	it('reports stats for the longest real file', async () => {
		const result = await convertTranscriptToMarkdown(resolve(CORPUS, 'vtt/yt-auto-punct-vtuber-2h28m.en.vtt'), { outputFile: null });
		expect(result.paragraphCount).toBe(convert('vtt/yt-auto-punct-vtuber-2h28m.en.vtt').transcript.paragraphs.length);
		expect(result.averageWordsPerParagraph).toBeCloseTo(result.wordCount / result.paragraphCount, 1);
		// Three copies of every line, timing and tags gone: the Markdown is a small fraction of the VTT.
		expect(result.compressionRatio).toBeLessThan(0.15);
		expect(result.compressionRatio).toBeGreaterThan(0.05);
	});
});
