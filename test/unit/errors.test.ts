import { readFileSync } from 'node:fs';
import path from 'node:path';

import { ALREADY_RETRIED } from '../../lib/download/run';
import { classifyFailure, classifyMessage, CLASSIFIER_RULES, errorLines, MediaError, type ErrorKind } from '../../lib/errors';

interface Collected {
	version: string;
	scenario: string;
	stream: 'error' | 'warning' | 'stdout';
	line: string;
	kind?: ErrorKind;
}
interface Quoted {
	from: string;
	line: string;
	kind: ErrorKind;
}

const dir = path.join(__dirname, 'fixtures', 'ytdlp-stderr');
/** Printed by yt-dlp 2023.03.04 and 2026.08.19 for the fixture server's faults (collect.ts). */
const collected = JSON.parse(readFileSync(path.join(dir, 'lines.json'), 'utf8')) as Collected[];
/** What only real sites make yt-dlp say, quoted from its source. */
const quoted = JSON.parse(readFileSync(path.join(dir, 'quoted.json'), 'utf8')) as Quoted[];

const errorRows = collected.filter((l) => l.stream === 'error');
const table = [
	...errorRows.map((l) => ({ source: `${l.version} ${l.scenario}`, line: l.line, kind: l.kind! })),
	...quoted.map((q) => ({ source: q.from, line: q.line, kind: q.kind })),
];
const firstRule = (line: string) => CLASSIFIER_RULES.findIndex((rule) => rule.pattern.test(line));

describe('classifyMessage over real yt-dlp stderr', () => {
	it('has collected lines of both yt-dlp families for the same faults', () => {
		const scenariosOf = (version: string) => new Set(errorRows.filter((l) => l.version === version).map((l) => l.scenario));
		expect([...new Set(errorRows.map((l) => l.version))].sort()).toEqual(['2023.03.04', '2026.08.19']);
		expect([...scenariosOf('2026.08.19')].sort()).toEqual([...scenariosOf('2023.03.04')].sort());
		expect(scenariosOf('2023.03.04').size).toBeGreaterThanOrEqual(20);
	});

	it.each(table)('$source → $kind', ({ line, kind }) => {
		expect(classifyMessage(line)).toBe(kind);
	});

	it('has no unreachable rule: each decides a table line that no earlier rule matches', () => {
		const unreached = CLASSIFIER_RULES.map((rule, index) => ({ index, rule: String(rule.pattern), lines: table.filter((t) => firstRule(t.line) === index).length })).filter(
			(r) => r.lines === 0,
		);
		expect(unreached).toEqual([]);
	});

	it('calls a missing ffmpeg BinaryMissing (both versions), not "the media does not exist"', () => {
		const lines = errorRows.filter((l) => l.scenario === 'ffmpeg missing');
		expect(lines.map((l) => l.version).sort()).toEqual(['2023.03.04', '2026.08.19']);
		for (const { line } of lines) {
			const error = classifyFailure(line);
			expect(error.kind).toBe('BinaryMissing');
			expect(error.hint).toMatch(/Install it/);
		}
	});

	it('calls a socket read timeout ("timed out", "Read timed out.") Timeout, which is retried', () => {
		const lines = errorRows.filter((l) => /socket timeout/.test(l.scenario));
		expect(lines.some((l) => /Read timed out/.test(l.line))).toBe(true);
		expect(lines.some((l) => /: timed out/.test(l.line))).toBe(true);
		for (const { line } of lines) expect(classifyFailure(line)).toMatchObject({ kind: 'Timeout', retryable: true });
	});

	it('leaves "Requested format is not available" Unknown, so the next format selector is tried', () => {
		for (const { line } of errorRows.filter((l) => l.scenario === 'format not available')) expect(firstRule(line)).toBe(-1);
	});

	it('says Unknown for what nobody has seen', () => {
		expect(classifyMessage('something nobody has seen before')).toBe('Unknown');
	});
});

describe('ALREADY_RETRIED (download/run.ts): failures yt-dlp already retried itself', () => {
	/** Scenarios in which yt-dlp spent its --retries/--fragment-retries (1 in collect.ts) before the error. */
	const RETRIED_BY_YTDLP = new Set(['download 500', 'download hang (socket timeout)', 'HLS fragment 404 with --abort-on-unavailable-fragments']);

	it.each(errorRows.filter((l) => classifyFailure(l.line).retryable).map((l) => ({ ...l, retried: RETRIED_BY_YTDLP.has(l.scenario) })))(
		'$version $scenario: already retried = $retried',
		({ line, retried }) => {
			expect(ALREADY_RETRIED.test(line)).toBe(retried);
		},
	);

	it('lets us retry a 429 met while downloading: yt-dlp does not retry 4xx answers itself', () => {
		const lines = errorRows.filter((l) => l.scenario === 'download 429');
		expect(lines.map((l) => l.line)).toEqual(['unable to download video data: HTTP Error 429: Too Many Requests', 'unable to download video data: HTTP Error 429: Too Many Requests']);
		for (const { line } of lines) expect(ALREADY_RETRIED.test(line)).toBe(false);
	});

	it('has no rule for "fragment N not found": by default yt-dlp skips a missing HLS fragment without an ERROR line', () => {
		for (const scenario of ['HLS middle fragment 404 (default: skipped)', 'HLS first fragment 404']) {
			expect(errorRows.filter((l) => l.scenario === scenario)).toEqual([]);
			expect(collected.filter((l) => l.scenario === scenario && /Skipping fragment \d+/.test(l.line))).toHaveLength(2);
		}
		// Only with --abort-on-unavailable-fragments (which the library does not pass) does it print the line, after the
		// "Giving up" line that carries the cause and already counts as retried.
		const abort = errorRows.filter((l) => l.scenario === 'HLS fragment 404 with --abort-on-unavailable-fragments');
		for (const version of ['2023.03.04', '2026.08.19'])
			expect(abort.filter((l) => l.version === version).map((l) => l.line)).toEqual(['[download] Got error: HTTP Error 404: Not Found. Giving up after 1 retries', 'fragment 2 not found, unable to continue']);
	});
});

describe('MediaError', () => {
	it('marks only network, rate-limit and timeout failures retryable', () => {
		expect(new MediaError('Network', 'x').retryable).toBe(true);
		expect(new MediaError('RateLimited', 'x').retryable).toBe(true);
		expect(new MediaError('Timeout', 'x').retryable).toBe(true);
		for (const kind of ['NotFound', 'AccessDenied', 'UnsupportedUrl', 'InvalidInput', 'Cancelled', 'BinaryMissing'] as const)
			expect(new MediaError(kind, 'x').retryable).toBe(false);
	});

	it('takes the ERROR lines of stderr and strips the extractor tag', () => {
		const stderr = 'WARNING: something\nERROR: [generic] None: Unable to download webpage: HTTP Error 404: Not Found\n';
		expect(errorLines(stderr)).toEqual(['[generic] None: Unable to download webpage: HTTP Error 404: Not Found']);
		const error = classifyFailure(errorLines(stderr)[0], 'http://x/');
		expect(error.message).toBe('Unable to download webpage: HTTP Error 404: Not Found');
		expect(error.kind).toBe('NotFound');
		expect(error.url).toBe('http://x/');
		expect(error.hint).toMatch(/does not exist/);
	});

	it('leads with what happened and what to do, naming the URL; yt-dlp\'s own line is kept in `reported`, never "None"', () => {
		const line = '[generic] None: Unable to download webpage: <urlopen error [Errno -2] Name or service not known> (caused by URLError(gaierror(-2, \'Name or service not known\')))';
		const error = classifyFailure(line, 'https://media.invalid/v');
		expect(error.kind).toBe('Network');
		expect(error.headline).toBe('The connection for https://media.invalid/v failed. ' + error.hint);
		expect(error.headline).not.toMatch(/None|urlopen/);
		expect(error.reported).toMatch(/^Unable to download webpage: <urlopen error/);
		const missing = classifyFailure('ffprobe and ffmpeg not found. Please install or provide the path using --ffmpeg-location', 'http://x/');
		expect(missing.headline).toMatch(/^A program is missing: ffprobe and ffmpeg not found\. Install it/);
	});

	it('keeps our own messages as the headline (they already say what to do)', () => {
		const own = new MediaError('InvalidInput', 'Local files and file:// URLs are refused', { url: '/etc/passwd' });
		expect(own.headline).toBe('Local files and file:// URLs are refused');
		expect(own.reported).toBeUndefined();
	});
});
