import { parseTranscript } from '../../lib/transcript/pipeline';
import { renderTranscript } from '../../lib/transcript/render';
import type { Transcript } from '../../lib/transcript/types';
import { readFileSync } from 'node:fs';

export interface Expectation {
	file: string;
	/** The file shows the rolling pattern of auto-generated captions. */
	rolling: boolean;
	/** Speaker labels the file carries (rendered `**Name:**`). */
	speakers?: string[];
	/** Labels written, one per speaker turn. */
	turns?: Record<string, number>;
	/** Word count range, from SOURCES.md where it gives one. */
	words?: [number, number];
	exact?: string;
	/** Spoken phrases that must appear exactly once. */
	once?: string[];
	/** Phrases and how often they must appear. */
	counts?: [string, number][];
	/** What must not be in the Markdown. */
	absent?: string[];
	check?: { name: string; fn: (t: Transcript, markdown: string, path: string) => void | Promise<void> };
}

const around = (n: number): [number, number] => [Math.round(n * 0.97), Math.round(n * 1.03)];

/**
 * No paragraph break inside a sentence: every paragraph ends at a sentence end, unless a speaker turn
 * starts after it, or the "sentence" runs 150+ words without punctuation (then line breaks are used).
 */
function sentencesWhole(t: Transcript): void {
	const cut: string[] = [];
	const text = t.paragraphs.map((p) => p.text).join(' ');
	// "?" and "!" always end a sentence; "." only before a capital, as in "Okay. like" it does not.
	const endings = /[.…]+["')\]」』]*(?=\s+[^\p{Ll}]|$)|[!?。！？]+["')\]」』]*(?=\s|$)/gu;
	const ends = [0, ...[...text.matchAll(endings)].map((m) => (m.index ?? 0) + m[0].length), text.length];
	let at = 0;
	let e = 0;
	for (let i = 0; i + 1 < t.paragraphs.length; i++) {
		at += t.paragraphs[i].text.length;
		while (ends[e + 1] < at) e++;
		const atEnd = ends.includes(at);
		const words = text.slice(ends[e], ends[e + 1]).split(/\s+/).length;
		if (!atEnd && !t.paragraphs[i + 1].turnStart && words < 150) cut.push(`${text.slice(at - 50, at)} ‖ ${text.slice(at, at + 50)}`);
		at += 1;
	}
	expect(cut).toEqual([]);
}

export const expectations: Expectation[] = [
	{
		file: 'vtt/yt-auto-2019-session-intro.en.vtt',
		rolling: true,
		exact:
			'okay welcome to this session this is called the kinetic bunny need to meet the virtual bonnie emilio stop this is jana car who just to give a little bit of background information we come from a company called le code from finland and\n',
	},
	{
		file: 'vtt/yt-auto-2018-color-fortnite.en.vtt',
		rolling: true,
		once: [
			"today's fire income will tell details survivor rumor meets your explosion up many experts say",
			'tilted towers lives to see another day',
		],
		counts: [['[Music]', 2]],
		check: {
			name: 'drops [Music] on request and keeps the words',
			fn: (_t, _md, path) => {
				const dropped = parseTranscript(readFileSync(path), { keepSoundAnnotations: false });
				const text = dropped.paragraphs.map((p) => p.text).join(' ');
				expect(text).not.toContain('[Music]');
				expect(text).toContain('your beloved tour in towers now so yeah tilted towers');
			},
		},
	},
	{
		file: 'vtt/yt-auto-2018-color-talk-38min.en.vtt',
		rolling: true,
		words: around(6340),
		once: ['so yeah so my name is Travis cowlick what I', 'I like to think of myself as the wolf in Pulp Fiction'],
	},
	{
		file: 'vtt/yt-auto-minecraft-20min.en.vtt',
		rolling: true,
		once: ['welcome to a ctm map with Team Canada guys this is star blight desert'],
		counts: [['in the next episode in the next episode', 1]],
		check: {
			name: 'forms readable paragraphs from unpunctuated captions',
			fn: (t) => {
				expect(t.punctuated).toBe(false);
				const sizes = t.paragraphs.map((p) => p.wordCount);
				expect(Math.max(...sizes)).toBeLessThanOrEqual(75);
				expect(sizes.filter((n) => n < 50).length).toBeLessThanOrEqual(3);
			},
		},
	},
	{
		file: 'vtt/yt-auto-punct-claude-32min.en.vtt',
		rolling: true,
		words: around(7630),
		once: ["Today I'm going to show you guys how Claude can be a complete game changer for editing videos."],
		check: {
			name: 'never splits a sentence, and starts a paragraph at the >> speaker change',
			fn: (t) => {
				sentencesWhole(t);
				const turn = t.paragraphs.find((p) => p.text.startsWith('lesson 5.1. When and how to pitch an audit.'));
				expect(turn?.turnStart).toBe(true);
			},
		},
	},
	{
		file: 'vtt/yt-auto-punct-vtuber-2h28m.en.vtt',
		rolling: true,
		words: around(22700),
		once: ['Am I Audible? Not sponsored.', 'I am Audible. Not sponsored. Wonderful.'],
		counts: [
			['[ __ ]', 1],
			// Spoken once (a `>>` line carried over twice more).
			['[crying and gasps]', 1],
		],
		check: {
			name: 'never splits a sentence; drops annotations but not the profanity mask on request',
			fn: (t, _md, path) => {
				sentencesWhole(t);
				// 5 word-timed `>>` lines and 6 `>> [laughter]`-style annotation lines.
				expect(t.paragraphs.slice(1).filter((p) => p.turnStart).length).toBe(10);
				const dropped = parseTranscript(readFileSync(path), { keepSoundAnnotations: false })
					.paragraphs.map((p) => p.text)
					.join(' ');
				expect(dropped).not.toMatch(/\[(?:music|laughter|crying|gasps)/);
				expect(dropped).toContain('E in [ __ ] Japan.');
			},
		},
	},
	{
		file: 'vtt/yt-live-council-charlevel-noheader.en.vtt',
		rolling: true,
		words: around(7750),
		once: [
			"And there will be no roll call at this time. Or we can do a roll call. Okay, Mr. Clerk, why don't we open up?",
			'sporting and entertainment venues are exempted due to crime risk for food trucks and street vendors.',
		],
		check: {
			name: 'keeps file order and warns about the times going back',
			fn: (t) => {
				expect(t.warnings.map((w) => [w.code, w.count])).toEqual([['time-goes-back', 192]]);
				expect(t.paragraphs[0].text.startsWith('And there will be no roll call')).toBe(true);
			},
		},
	},
	{
		file: 'vtt/webvtt-py-youtube_dl-excerpt.vtt',
		rolling: true,
		exact: "yeah what this will happen is I'm telling\n",
	},
	{
		file: 'vtt/netflix-es-chicas-del-cable.vtt',
		rolling: false,
		speakers: [
			'Alba',
			'Beltrán',
			'Carlos',
			'Carlota',
			'Carmen',
			'Francisco',
			'Marga',
			'Miguel',
			'Pedro',
			'Ricardo',
			'Sara',
			'Victoria',
			'Ángeles',
		],
		counts: [['[teléfono]', 2]],
		once: ['En 1928, las mujeres éramos algo así como adornos que se llevaban a las fiestas para presumir de ellos.'],
		absent: ['SegmentIndex', 'Netflix', '[Alba]'],
	},
	{
		file: 'vtt/webvtt-py-captions_with_bom.vtt',
		rolling: false,
		exact: 'Caption text #1 Caption text #2 Caption text #3 Caption text #4\n',
	},
	{
		file: 'vtt/teams-voice-spans-short-timestamps.vtt',
		rolling: false,
		speakers: ['Yuri Bakulin', 'Adrian Petrescu'],
		exact: '**Yuri Bakulin:** There you go.\n\n**Adrian Petrescu:** Why hello there, Yuri.\n',
	},
	{
		file: 'vtt/zoom-name-colon-speakers.vtt',
		rolling: false,
		speakers: ['Andrew Knight', 'Paul McCartney', 'John Lennon', 'George Harrison', 'Ringo Starr'],
		turns: { 'Andrew Knight': 12, 'Paul McCartney': 10, 'John Lennon': 5, 'George Harrison': 2, 'Ringo Starr': 1 },
		once: ['rockets. APPLAUSE So thank you so much everyone'],
	},
	{
		file: 'vtt/crlf-names-without-colon.vtt',
		rolling: false,
		once: ['Tim Davis There are several things that make The UPS Store exceptional.', 'Micehlle Van-Slyke It is a brand'],
	},
	{
		file: 'vtt/manual-ko-matlab-radar.vtt',
		rolling: false,
		once: ['구체적으로 말해, 일련의 레이더 펄스를 사용하여 거리와 시선 속도를 판단하는 방법에 대해 설명하겠습니다.', '저는 Brian입니다.'],
	},
	{
		file: 'vtt/manual-ja-lyrics-repeats.vtt',
		rolling: false,
		counts: [
			['遥か遠く終わらないベテルギウス', 5],
			['誰かに繋ぐ魔法', 3],
			['空にある何かを見つめてたらそれは星だって君がおしえてくれた', 2],
			['輝くのだって\u3000二人だって', 3],
		],
		check: {
			name: 'joins Japanese lines without inserted spaces',
			fn: (t) => {
				for (const p of t.paragraphs) expect(p.text).not.toMatch(/[\u3040-\u9fff] [\u3040-\u9fff]/);
			},
		},
	},
	{
		file: 'vtt/youtube-dl-crashcourse-manual.vtt',
		rolling: false,
		once: [
			'Hi I\u2019m John Green and this is Crash Course European History.',
			'Last time, we looked at how the monarchs did--and didn\u2019t--incorporate the ideas of the Enlightenment into their domestic policies.',
			'[Intro] So, population was rising in 18th century Europe',
		],
	},
	{
		file: 'srt/3b1b-ldm-i-to-i-73min.en.srt',
		rolling: false,
		once: [
			"So we've been talking a lot about exponential functions and complex numbers and the interplay of the two of them, and I thought what might be a very nice culminating topic to help bring it all together and show really the full breadth of what exponential functions are and what they can be would be to talk about raising i to the power i.",
		],
		check: { name: 'rejoins sentences that every cue breaks', fn: sentencesWhole },
	},
	{
		file: 'srt/3b1b-ldm-i-to-i-73min.ar.srt',
		rolling: false,
		once: ['مرحبًا بكم مرة أخرى في ما أصبح الآن الثاني قبل الأخير في سلسلة Lockdown Math.'],
		counts: [['&quot;', 0]],
		check: {
			name: 'decodes the &quot; entities',
			fn: (t) => {
				expect(t.paragraphs.map((p) => p.text).join(' ')).toContain('"أنا"');
			},
		},
	},
	{
		file: 'srt/3b1b-chessboard-18min.zh.srt',
		rolling: false,
		once: ['64个方格中的每一个都有一个硬币坐位在它的上面。', '另一尝试可能看起来像是使用0 * coin0加1 * coin1 + 2 * coin2'],
		check: {
			name: 'joins Chinese lines without spaces and keeps the multiplication stars readable',
			fn: (t, markdown) => {
				for (const p of t.paragraphs) expect(p.text).not.toMatch(/[\u3400-\u9fff。，] [\u3400-\u9fff]/);
				expect(markdown).toContain('使用0 * coin0加1 * coin1 + 2 * coin2');
			},
		},
	},
	{
		file: 'srt/yt-auto-rolling-converted-mixed-eol.srt',
		rolling: true,
		once: ["today's fire income will tell details survivor rumor meets your explosion up many experts say"],
	},
	{
		file: 'srt/movie-bom-italics.srt',
		rolling: false,
		counts: [
			['Fire! Fire!', 1],
			['It has to be me. It has to be me.', 1],
			['I have to go. I have to go.', 1],
			['Green grow the rashes, O Green grow the rashes, O', 1],
			['I used to want to save the world.', 2],
		],
	},
	{
		file: 'srt/whisperx-speaker-ids-robotics.srt',
		rolling: false,
		speakers: ['SPEAKER_00', 'SPEAKER_01', 'SPEAKER_02', 'SPEAKER_03'],
		counts: [['no,', 112]],
		once: ["I remember at the beginning of the year, you were like, if you get an A, you're out."],
	},
	{
		file: 'ttml/w3c-ttml-example.ttml',
		rolling: false,
		exact:
			'It seems a paradox, does it not, that the image formed on the Retina should be inverted? It is puzzling, why is it we do not see things upside-down? You have never heard the Theory, then, that the Brain also is inverted? No indeed! What a beautiful fact! But how is it proved?\n\nThus: what we call the vertex of the Brain is really its base and what we call its base is really its vertex, it is simply a question of nomenclature. How truly delightful!\n',
		check: {
			name: 'takes the document title for the header',
			fn: async (_t, _md, path) => {
				const { convertTranscriptToMarkdown } = await import('../../lib/transcript');
				const result = await convertTranscriptToMarkdown(path, { outputFile: null });
				expect(result.markdown.split('\n')[0]).toBe('# Timed Text TTML Example');
			},
		},
	},
	{
		file: 'ttml/nbcu-imsc11-ja.ttml',
		rolling: false,
		once: ['他人は私をトレジャーハンターと呼ぶ', '私は錬金術の 歴史の研究者よ', 'あの石には\u2e3a歴史的価値がある'],
		check: {
			name: 'reads times past one hour at 23.976 fps',
			fn: (t) => {
				expect(t.paragraphs[0].start).toBeCloseTo(5161.16, 3);
				expect(renderTranscript(t, 'markdown', { timestamps: true }).startsWith('[01:26:01] カメラが先だ')).toBe(true);
			},
		},
	},
	{
		file: 'ttml/netflix-dfxp-bom-26min.dfxp',
		rolling: false,
		counts: [['Good evening. Good evening.', 1]],
		once: ['six strangers live together under one roof.', '-To say that I liked you. -Yeah.', 'Number 8: Karasumori High School.'],
	},
	{
		file: 'other/yt-auto-56min.en.json3',
		rolling: false,
		words: around(7860),
		once: ['Welcome [snorts] everyone and thank you for joining us today.'],
		counts: [['Okay. We can create a Okay. We can create a', 1]],
		check: {
			name: 'starts a paragraph at each isSpeakerChange',
			fn: (t) => {
				expect(t.paragraphs.slice(1).filter((p) => p.turnStart).length).toBe(14);
				sentencesWhole(t);
			},
		},
	},
	{
		file: 'other/yt-auto-fast-charging.srv3',
		rolling: false,
		once: ['Does fast charging hurt the battery? We tested for 167 days.', "The plants didn't survive, but the experiment did."],
		absent: ['  '],
	},
	{
		file: 'other/youtube-timedtext-srv1.xml',
		rolling: false,
		exact: 'Hey, this is just a test this is not the original transcript just something shorter, I made up for testing\n',
	},
];
