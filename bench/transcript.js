'use strict';
/**
 * Transcript conversion speed, on the BUILT code (dist/lib/transcript; set TRANSCRIPT_DIST to use
 * another build). A generated 10-hour YouTube auto-caption VTT (rolling cues, word timing, ~5.8 MB)
 * is written to a temporary file and converted through the public call, convertTranscriptToMarkdown(file):
 * file read, parsed, Markdown written. That is compared with what the `subtitle` package needs only
 * to read the same file and parse it: readFileSync as UTF-8, then parseSync on the string (its fastest
 * way: its stream parser is slower, and an asynchronous read would add thread-pool waits that our
 * call, which reads synchronously, does not have). The same pair in memory (bytes in, Markdown string
 * out; parseSync on the string) is shown too. Then the longest real file of the caption corpus.
 * Run: `node bench/transcript.js`.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseSync } = require('subtitle');
const { rollingVtt, syntheticSpeech } = require('../test/fixtures/captions/rollingVtt.js');
const { median, timeRuns } = require('./transcript/timing.js');

const dist = process.env.TRANSCRIPT_DIST || path.resolve(__dirname, '../dist/lib/transcript');
const { convertTranscriptToMarkdown, parseTranscript, renderTranscript } = require(dist);
const corpus = process.env.CAPTION_CORPUS_DIR || path.resolve(__dirname, '../../shared/corpus/captions');
const runs = Number(process.env.BENCH_RUNS || 15);

const HOURS = 10;
const SECONDS_PER_WORD = 0.3;
const TARGET_MS = 100;
/** The public call, file to Markdown file, against `subtitle`'s read + parse of the same file. */
const TARGET_RATIO = 0.8;

function convertInMemory(bytes) {
	return renderTranscript(parseTranscript(bytes), 'markdown');
}

async function bench(label, file, outDir) {
	const bytes = fs.readFileSync(file);
	const text = bytes.toString('utf8');
	const mb = bytes.length / 1048576;
	let cues;
	let parseFails;
	try {
		cues = parseSync(text).filter((node) => node.type === 'cue').length;
	} catch (err) {
		parseFails = err.message;
	}
	const outputFile = path.join(outDir, `${path.basename(file)}.md`);
	const [ours, parse] = await timeRuns(runs, [
		() => convertTranscriptToMarkdown(file, { outputFile }),
		parseFails ? undefined : () => parseSync(fs.readFileSync(file, 'utf8')),
	]);
	const [oursMem, parseMem] = await timeRuns(runs, [() => convertInMemory(bytes), parseFails ? undefined : () => parseSync(text)]);
	const transcript = parseTranscript(bytes);
	const result = await convertTranscriptToMarkdown(file, { outputFile });
	console.log(
		`${label}: ${mb.toFixed(2)} MB, ${cues ?? '?'} cues, ${result.wordCount} words, ${result.paragraphCount} paragraphs, Markdown ${(fs.statSync(outputFile).size / 1048576).toFixed(2)} MB`,
	);
	console.log(`  convertTranscriptToMarkdown(file), read + Markdown written: ${fmt(ours, mb)}`);
	const ratio = parseFails ? undefined : median(ours) / median(parse);
	if (parseFails) console.log(`  subtitle parseSync fails on it: ${parseFails}`);
	else console.log(`  subtitle, file read + parseSync:  ${fmt(parse, mb)}; ratio ${ratio.toFixed(2)}x`);
	const memRatio = parseFails ? '' : `; ratio ${(median(oursMem) / median(parseMem)).toFixed(2)}x`;
	console.log(
		`  in memory: parseTranscript + renderTranscript ${median(oursMem).toFixed(1)} ms` +
			(parseFails ? '' : `, parseSync on the string ${median(parseMem).toFixed(1)} ms${memRatio}`),
	);
	return { ours: median(ours), ratio, transcript };
}

function fmt(times, mb) {
	const m = median(times);
	return `${m.toFixed(1)} ms median (${(mb / (m / 1000)).toFixed(1)} MB/s), best ${Math.min(...times).toFixed(1)} ms`;
}

async function main() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'transcript-bench-'));
	try {
		const text = syntheticSpeech(Math.round((HOURS * 3600) / SECONDS_PER_WORD), 7);
		const file = path.join(dir, `synthetic-${HOURS}h.en.vtt`);
		fs.writeFileSync(file, rollingVtt(text, { secondsPerWord: SECONDS_PER_WORD }));
		const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
		console.log(
			`node ${process.version}, ${cpu} x${os.cpus().length}, ${runs} runs each after 3 warm-up runs, order alternating; load average ${os.loadavg()[0].toFixed(2)}`,
		);
		const synthetic = await bench(`synthetic ${HOURS} h auto-caption VTT`, file, dir);
		const roundTrip = synthetic.transcript.paragraphs.map((p) => p.text).join(' ') === text;
		console.log(`  text recovered exactly once, in order: ${roundTrip ? 'yes' : 'NO'}`);
		const okTime = synthetic.ours < TARGET_MS;
		const okRatio = synthetic.ratio !== undefined && synthetic.ratio <= TARGET_RATIO;
		console.log(
			`  target < ${TARGET_MS} ms: ${okTime ? 'met' : 'MISSED'}; target <= ${TARGET_RATIO}x subtitle's read + parse: ${okRatio ? 'met' : 'MISSED'}`,
		);

		const longest = largestFile(corpus);
		if (longest) await bench(`corpus ${path.relative(corpus, longest)}`, longest, dir);
		else console.log(`caption corpus not found at ${corpus}; set CAPTION_CORPUS_DIR`);
		process.exitCode = okTime && okRatio && roundTrip ? 0 : 1;
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

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

main().catch((err) => {
	process.stderr.write(`${err.stack ?? err}\n`);
	process.exitCode = 1;
});
