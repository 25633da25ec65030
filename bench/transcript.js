'use strict';
/**
 * Transcript conversion speed, on the BUILT code (dist/lib/transcript; set TRANSCRIPT_DIST to use
 * another build). Converts a generated 10-hour YouTube auto-caption VTT (rolling cues, word timing,
 * ~5.8 MB) to Markdown and compares with the time the `subtitle` package needs only to parse it.
 * Then times the longest real file of the caption corpus. Run: `node bench/transcript.js`.
 */
const fs = require('node:fs');
const path = require('node:path');
const { parseSync } = require('subtitle');
const { rollingVtt, syntheticSpeech } = require('../test/fixtures/captions/rollingVtt.js');
const { median, timeRuns } = require('./transcript/timing.js');

const dist = process.env.TRANSCRIPT_DIST || path.resolve(__dirname, '../dist/lib/transcript');
const { parseTranscript, renderTranscript } = require(dist);
const corpus = process.env.CAPTION_CORPUS_DIR || path.resolve(__dirname, '../../shared/corpus/captions');
const runs = Number(process.env.BENCH_RUNS || 15);

const HOURS = 10;
const SECONDS_PER_WORD = 0.3;
const TARGET_MS = 100;
const TARGET_RATIO = 1.2;

function convert(bytes) {
	const transcript = parseTranscript(bytes);
	return { transcript, markdown: renderTranscript(transcript, 'markdown') };
}

/** Ours and parse-only alternate run by run, so a busy machine slows both alike. */
function bench(label, bytes) {
	const text = bytes.toString('utf8');
	const mb = bytes.length / 1048576;
	let parseFails;
	try {
		parseSync(text);
	} catch (err) {
		parseFails = err.message;
	}
	const [ours, parse] = timeRuns(runs, [() => convert(bytes), parseFails ? undefined : () => parseSync(text)]);
	const { transcript, markdown } = convert(bytes);
	const words = transcript.paragraphs.reduce((n, p) => n + p.wordCount, 0);
	console.log(
		`${label}: ${mb.toFixed(2)} MB, ${words} words, ${transcript.paragraphs.length} paragraphs, Markdown ${(markdown.length / 1048576).toFixed(2)} MB`,
	);
	console.log(`  convert to Markdown: ${fmt(ours, mb)}`);
	if (parseFails) console.log(`  subtitle parseSync fails on it: ${parseFails}`);
	else console.log(`  subtitle parseSync:  ${fmt(parse, mb)}; ratio ${(median(ours) / median(parse)).toFixed(2)}x`);
	return { ours: median(ours), parse: parseFails ? undefined : median(parse), transcript };
}

function fmt(times, mb) {
	const m = median(times);
	return `${m.toFixed(1)} ms median (${(mb / (m / 1000)).toFixed(1)} MB/s), best ${Math.min(...times).toFixed(1)} ms`;
}

const text = syntheticSpeech(Math.round((HOURS * 3600) / SECONDS_PER_WORD), 7);
const vtt = Buffer.from(rollingVtt(text, { secondsPerWord: SECONDS_PER_WORD }), 'utf8');
console.log(`node ${process.version}, ${runs} runs each after 3 warm-up runs; load average ${require('node:os').loadavg()[0].toFixed(2)}`);
const synthetic = bench(`synthetic ${HOURS} h auto-caption VTT`, vtt);
const roundTrip = synthetic.transcript.paragraphs.map((p) => p.text).join(' ') === text;
console.log(`  text recovered exactly once, in order: ${roundTrip ? 'yes' : 'NO'}`);
const okTime = synthetic.ours < TARGET_MS;
const okRatio = synthetic.parse !== undefined && synthetic.ours <= synthetic.parse * TARGET_RATIO;
console.log(
	`  target < ${TARGET_MS} ms: ${okTime ? 'met' : 'MISSED'}; target <= ${TARGET_RATIO}x parseSync: ${okRatio ? 'met' : 'MISSED'}`,
);

const longest = largestFile(corpus);
if (longest) bench(`corpus ${path.relative(corpus, longest)}`, fs.readFileSync(longest));
else console.log(`caption corpus not found at ${corpus}; set CAPTION_CORPUS_DIR`);

process.exitCode = okTime && okRatio && roundTrip ? 0 : 1;

function largestFile(dir) {
	if (!fs.existsSync(dir)) return undefined;
	let best;
	let size = -1;
	for (const sub of fs.readdirSync(dir, { withFileTypes: true })) {
		if (!sub.isDirectory()) continue;
		for (const f of fs.readdirSync(path.join(dir, sub.name))) {
			const file = path.join(dir, sub.name, f);
			const s = fs.statSync(file).size;
			if (s > size) [best, size] = [file, s];
		}
	}
	return best;
}
