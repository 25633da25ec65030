/**
 * Every workflow in examples/ in a real n8n 2.40.7, as `npm start` imports its "(offline demo)" copy: the real
 * URLs swapped for the fixture server's and /home/node/.n8n-files for a demo folder (scripts/n8n/offlineExamples.js),
 * that folder prepared as `npm start` prepares it (scripts/n8n/offlineDemo.js). Workflows with a Manual Trigger
 * run through `n8n execute`; the webhook, the Media Queue Trigger and the scheduled queue run in `n8n start`
 * with the workflow published. Outputs are asserted: files (codec, duration, loudness), HTTP answers, items.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import { analyzeTranscript, chooseOptimalFormat, DEFAULT_CONFIG, type KeywordAnalysis, type Platform } from '../../lib';
import { FFMPEG, FFPROBE, run, sha256File, SUBTITLE_FILES, type FixtureServer } from '../fixtures';
import { importWorkflow, publishWorkflow, startActiveN8n, type ActiveN8n } from './activeN8n';
import { N8N_RUN_TIMEOUT_MS, type N8nHarness, type WorkflowJson, type WorkflowRunResult } from './n8nHarness';
import { withN8nAndFixtures } from './withN8n';

interface OfflineExamples {
	offlineWorkflow(workflow: WorkflowJson, options: { baseUrl: string; filesDir: string }): WorkflowJson;
	OFFLINE_SUFFIX: string;
}
interface OfflineDemo {
	prepareDemoFolder(demoDir: string, workflows: WorkflowJson[]): string[];
}
/* eslint-disable @typescript-eslint/no-require-imports */
const offline: OfflineExamples = require('../../scripts/n8n/offlineExamples.js');
const demo: OfflineDemo = require('../../scripts/n8n/offlineDemo.js');
const { n8nCacheDir } = require('../../scripts/n8n/client.js') as { n8nCacheDir(): string };
/* eslint-enable @typescript-eslint/no-require-imports */

const EXAMPLES = path.resolve(__dirname, '../../examples');
const ALL_EXAMPLES = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));
const readExample = (file: string) => JSON.parse(readFileSync(path.join(EXAMPLES, file), 'utf8')) as WorkflowJson;

/** What `npm start` does for one n8n: the demo folder inside its files folder, and the offline copy of `file`. */
function offlineExample(file: string, server: FixtureServer, n8n: N8nHarness): { workflow: WorkflowJson; demoDir: string } {
	const demoDir = path.join(n8n.filesDir, 'offline-demo');
	demo.prepareDemoFolder(demoDir, ALL_EXAMPLES.map(readExample));
	return { workflow: offline.offlineWorkflow(readExample(file), { baseUrl: server.baseUrl, filesDir: demoDir }), demoDir };
}

/** The workflow with its RSS Feed Read node reading `feedPath` on the fixture server instead. */
function withFeed(workflow: WorkflowJson, server: FixtureServer, feedPath: string): WorkflowJson {
	const nodes = workflow.nodes.map((n) => (n.type === 'n8n-nodes-base.rssFeedRead' ? { ...n, parameters: { ...(n.parameters as object), url: server.url(feedPath) } } : n));
	return { ...workflow, nodes };
}

/** A node's items on one output, [] when the node did not run (n8n runs no node without input). */
function itemsOf(result: WorkflowRunResult, node: string, output = 0): Array<Record<string, unknown>> {
	if (!result.run?.data.resultData.runData[node]) return [];
	return result.outputOf(node, output).map((item) => item.json as Record<string, unknown>);
}

async function waitFor<T>(what: string, ms: number, check: () => T | undefined, details: () => string = () => ''): Promise<T> {
	for (const end = Date.now() + ms; ; await new Promise((resolve) => setTimeout(resolve, 1000))) {
		const value = check();
		if (value !== undefined) return value;
		if (Date.now() > end) throw new Error(`gave up waiting ${ms / 1000} s for ${what}\n${details()}`);
	}
}

interface AudioProbe {
	codec: string;
	duration: number;
	bitRate: number;
	title: string | undefined;
	loudness: number;
}

/** ffprobe's codec, duration, bit rate and title tag, and ffmpeg's integrated loudness (EBU R128, LUFS). */
async function probeAudio(file: string): Promise<AudioProbe> {
	const probe = await run(FFPROBE, ['-v', 'error', '-show_entries', 'format=duration,bit_rate:format_tags=title:stream=codec_name', '-of', 'json', file]);
	const json = JSON.parse(probe.stdout) as { streams: Array<{ codec_name: string }>; format: { duration: string; bit_rate: string; tags?: { title?: string } } };
	const r128 = await run(FFMPEG, ['-hide_banner', '-nostats', '-i', file, '-af', 'ebur128', '-f', 'null', '-']);
	const loudness = /^\s+I:\s+(-?[\d.]+) LUFS/m.exec(r128.stderr);
	return { codec: json.streams[0].codec_name, duration: Number(json.format.duration), bitRate: Number(json.format.bit_rate), title: json.format.tags?.title, loudness: Number(loudness?.[1]) };
}

/** The Podcast preset's MP3 of a fixture episode: its bit rate, the episode's length, the preset's loudness (the source is about 6 LU quieter). */
async function expectPodcastMp3(file: string, server: FixtureServer, episode: string): Promise<void> {
	const got = await probeAudio(file);
	const source = await probeAudio(server.media[episode].path);
	expect(got.codec).toBe('mp3');
	expect(Math.abs(got.duration - server.media[episode].duration)).toBeLessThan(0.1);
	expect(Math.abs(got.bitRate - 128_000)).toBeLessThan(4000);
	expect(Math.abs(got.loudness - DEFAULT_CONFIG.loudnessTarget)).toBeLessThan(1.5);
	expect(Math.abs(source.loudness - DEFAULT_CONFIG.loudnessTarget)).toBeGreaterThan(3);
	// --embed-metadata wrote yt-dlp's title (the file name for a bare MP3 URL)
	expect(got.title).toBe(path.parse(episode).name);
}

const EPISODE_FILES = ['Episode 1 Sine 440 Hz.mp3', 'Episode 2 Sine 660 Hz.mp3', 'Episode 3 Sine 880 Hz.mp3'];
const EPISODE_OF: Record<string, string> = Object.fromEntries(EPISODE_FILES.map((f, i) => [f, `episode-${i + 1}.mp3`]));

/** Executions n8n recorded for a workflow, their run data read with n8n's own flatted (how n8n stores it). */
function executionsOf(userFolder: string, workflowId: string): Array<{ status: string; mode: string; runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> } }>> }> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const flatted = require(path.join(n8nCacheDir(), 'node_modules', 'flatted')) as { parse(text: string): { resultData: { runData: never } } };
	const db = new DatabaseSync(path.join(userFolder, '.n8n', 'database.sqlite'), { readOnly: true });
	try {
		const rows = db
			.prepare('SELECT e.status, e.mode, d.data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId = ? ORDER BY e.id')
			.all(workflowId) as Array<{ status: string; mode: string; data: string }>;
		return rows.map((row) => ({ status: row.status, mode: row.mode, runData: flatted.parse(row.data).resultData.runData }));
	} finally {
		db.close();
	}
}

const outputItems = (runData: ReturnType<typeof executionsOf>[number]['runData'], node: string, output = 0) => runData[node]?.[0]?.data?.main[output]?.map((i) => i.json) ?? [];

it('every example is run by this file', () => {
	expect(ALL_EXAMPLES.sort()).toEqual(
		['caption-folder-to-markdown.json', 'formats-report.json', 'podcast-archiver.json', 'queue-consumer-trigger.json', 'queue-process-scheduled.json', 'queue-producer.json', 'video-notes-webhook.json'].sort(),
	);
});

describe('examples run with `n8n execute`', () => {
	const env = withN8nAndFixtures();

	it(
		'podcast archiver: the feed\'s episodes as Podcast-preset MP3s named by their titles; a second run downloads nothing; a broken episode goes to Failed Episodes',
		async () => {
			const { workflow, demoDir } = offlineExample('podcast-archiver.json', env.server, env.n8n);
			const library = path.join(demoDir, 'podcasts');
			expect(workflow.name).toMatch(/ \(offline demo\)$/);

			const first = await env.n8n.runWorkflow(workflow);
			expect(first.exitCode).toBe(0);
			expect(itemsOf(first, 'Read Feed').map((i) => i.title)).toEqual(['Episode 1: Sine 440 Hz', 'Episode 2: Sine 660 Hz', 'Episode 3: Sine 880 Hz']);
			expect(itemsOf(first, 'Write to Podcasts Folder')).toHaveLength(3);
			expect(itemsOf(first, 'Already Downloaded')).toEqual([]);
			expect(itemsOf(first, 'Failed Episodes')).toEqual([]);
			expect(readdirSync(library).sort()).toEqual(EPISODE_FILES);
			for (const file of EPISODE_FILES) await expectPodcastMp3(path.join(library, file), env.server, EPISODE_OF[file]);
			const written = Object.fromEntries(await Promise.all(EPISODE_FILES.map(async (f) => [f, { sha: await sha256File(path.join(library, f)), mtime: statSync(path.join(library, f)).mtimeMs }])));

			const second = await env.n8n.runWorkflow(workflow);
			expect(second.exitCode).toBe(0);
			expect(itemsOf(second, 'Download Episode').map((i) => i.skipped)).toEqual(['archive', 'archive', 'archive']);
			expect(itemsOf(second, 'Already Downloaded').map((i) => i.url)).toEqual([1, 2, 3].map((n) => env.server.url(`/media/episode-${n}.mp3`)));
			expect(itemsOf(second, 'Write to Podcasts Folder')).toEqual([]);
			for (const file of EPISODE_FILES) expect({ sha: await sha256File(path.join(library, file)), mtime: statSync(path.join(library, file)).mtimeMs }).toEqual(written[file]);

			// A feed whose second enclosure answers 404, into a fresh download folder (so no archive): the others carry on.
			const broken = await env.n8n.runWorkflow({ ...withFeed(workflow, env.server, '/feed.xml?bad=2'), id: 'mdlExPodcastBroken1' }, { DOWNLOAD_OUTPUT_DIR: path.join(env.n8n.filesDir, 'fresh') });
			expect(broken.exitCode).toBe(0);
			expect(itemsOf(broken, 'Write to Podcasts Folder').map((i) => i.url)).toEqual([1, 3].map((n) => env.server.url(`/media/episode-${n}.mp3`)));
			const failed = itemsOf(broken, 'Failed Episodes');
			expect(failed).toEqual([
				expect.objectContaining({
					title: 'Episode 2: Sine 660 Hz',
					error: expect.stringMatching(/does not exist|404/i),
					details: expect.objectContaining({ kind: 'NotFound', url: env.server.url('/fault/404/episode-2.mp3') }),
				}),
			]);
		},
		3 * N8N_RUN_TIMEOUT_MS,
	);

	it(
		'formats report: one item with the formats and, per platform, the format the library recommends for them',
		async () => {
			const { workflow } = offlineExample('formats-report.json', env.server, env.n8n);
			const result = await env.n8n.runWorkflow(workflow);
			expect(result.exitCode).toBe(0);
			const listed = itemsOf(result, 'List Formats')[0] as { formats: Parameters<typeof chooseOptimalFormat>[0] };
			expect(listed.formats.map((f) => f.url)).toEqual(expect.arrayContaining([env.server.url('/media/video-720.mp4'), env.server.url('/media/video-360.webm')]));
			const report = itemsOf(result, 'Report');
			expect(report).toHaveLength(1);
			const recommended = (platform: Platform) => {
				const { format, quality, codec, formatId, selector, reason } = chooseOptimalFormat(listed.formats, 'video', platform);
				return { format, quality, codec, formatId, selector, reason };
			};
			expect(report[0]).toEqual({
				url: env.server.url('/page/video.html'),
				title: expect.stringContaining('Fixture Video (Open Graph)'),
				formatCount: 2,
				qualities: expect.any(Array),
				codecs: expect.objectContaining({ video: expect.any(Array), audio: expect.any(Array) }),
				subtitleLanguages: ['en', 'de'],
				recommended: { mac: recommended('mac'), windows: recommended('windows'), ios: recommended('ios') },
			});
			// The MP4 (H.264/AAC) for Apple's players
			expect((report[0].recommended as Record<string, { formatId: string; format: string }>).ios).toMatchObject({ format: 'mp4', formatId: listed.formats.find((f) => f.ext === 'mp4')!.formatId });
		},
		N8N_RUN_TIMEOUT_MS,
	);

	it(
		'caption folder: the demo\'s caption files as Markdown files and a report',
		async () => {
			const { workflow, demoDir } = offlineExample('caption-folder-to-markdown.json', env.server, env.n8n);
			const captions = readdirSync(path.join(demoDir, 'captions')).sort();
			expect(captions.length).toBeGreaterThanOrEqual(3);
			const result = await env.n8n.runWorkflow(workflow);
			expect(result.exitCode).toBe(0);
			const out = path.join(demoDir, 'transcripts');
			const markdown = captions.map((name) => name.replace(/\.[^.]+$/, '.md')).sort();
			expect(readdirSync(out).sort()).toEqual([...markdown, 'conversion-report.json'].sort());
			for (const md of markdown) expect(readFileSync(path.join(out, md), 'utf8').trim().length).toBeGreaterThan(20);
			expect(JSON.parse(readFileSync(path.join(out, 'conversion-report.json'), 'utf8'))).toMatchObject({ summary: true, files: captions.length, succeeded: captions.length, failed: 0 });
		},
		N8N_RUN_TIMEOUT_MS,
	);
});

describe('video → notes over HTTP in a running n8n', () => {
	const env = withN8nAndFixtures();
	let n8n: ActiveN8n | undefined;

	it(
		'answers a POST with the captions as Markdown and their keywords, another language on request, and a video without captions with 422',
		async () => {
			const { workflow } = offlineExample('video-notes-webhook.json', env.server, env.n8n);
			const id = await importWorkflow(env.n8n, workflow);
			await publishWorkflow(env.n8n, id);
			try {
				n8n = await startActiveN8n(env.n8n, { activeWorkflowIds: [id] });
				const post = (body: unknown) =>
					fetch(`http://127.0.0.1:${n8n!.port}/webhook/video-notes-offline-demo`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

				const page = env.server.url('/page/video.html');
				const res = await post({ url: page });
				const text = await res.text();
				expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/markdown; charset=utf-8']);
				const keywords = (analyzeTranscript(SUBTITLE_FILES['captions.en.vtt'], 'keywords', { limit: 10 }) as KeywordAnalysis).keywords;
				expect(keywords.length).toBeGreaterThan(3);
				const [notes, keywordList] = text.split('\n## Keywords\n\n');
				expect(notes).toMatch(/^# Fixture Video \(Open Graph\)/);
				expect(notes).toContain(`**Source:** ${page}`);
				expect(notes).toContain('[00:00:00] Hello from the fixture server. The quick brown fox jumps over the lazy dog.');
				expect(keywordList).toBe(`${keywords.map((k) => `- ${k.term} (${k.count})`).join('\n')}\n`);

				const german = await post({ url: page, language: 'de' });
				expect(german.status).toBe(200);
				expect(await german.text()).toContain('Hallo vom Testserver. Über den Wolken: Größe, Maß und Fuß.');

				const none = await post({ url: env.server.url('/page/nocaptions.html') });
				expect(none.status).toBe(422);
				expect(await none.json()).toEqual({ error: expect.stringMatching(/^No captions in en/), hint: expect.any(String), url: env.server.url('/page/nocaptions.html') });

				const stopped = await n8n.stop();
				expect(stopped).toMatchObject({ exitCode: 0, signal: null });
			} finally {
				await n8n?.kill();
			}
		},
		10 * 60_000,
	);
});

describe('queue producer and Media Queue Trigger consumer', () => {
	const env = withN8nAndFixtures();
	let n8n: ActiveN8n | undefined;

	it(
		'the producer queues the feed\'s episodes; the published trigger downloads them, writes the finished ones and routes the failed one to its branch',
		async () => {
			const producer = withFeed(offlineExample('queue-producer.json', env.server, env.n8n).workflow, env.server, '/feed.xml?bad=2');
			const queued = await env.n8n.runWorkflow(producer);
			expect(queued.exitCode).toBe(0);
			expect(itemsOf(queued, 'Queued').map((t) => [t.url, t.status, t.queue, t.preset])).toEqual(
				['/media/episode-1.mp3', '/fault/404/episode-2.mp3', '/media/episode-3.mp3'].map((p) => [env.server.url(p), 'queued', 'podcasts-offline-demo', 'podcast']),
			);
			expect(itemsOf(queued, 'Not Queued')).toEqual([]);

			const { workflow: consumer, demoDir } = offlineExample('queue-consumer-trigger.json', env.server, env.n8n);
			const library = path.join(demoDir, 'podcasts');
			const id = await importWorkflow(env.n8n, consumer);
			await publishWorkflow(env.n8n, id);
			try {
				n8n = await startActiveN8n(env.n8n, { activeWorkflowIds: [id] });
				await waitFor(
					'3 trigger executions',
					180_000,
					() => (executionsOf(env.n8n.userFolder, id).length >= 3 ? true : undefined),
					() => `${readdirSync(library).join(', ')}\n${n8n!.log().split('\n').slice(-40).join('\n')}`,
				);
				const stopped = await n8n.stop();
				expect(stopped).toMatchObject({ exitCode: 0, signal: null });
			} finally {
				await n8n?.kill();
			}
			expect(readdirSync(library).sort()).toEqual(['episode-1.mp3', 'episode-3.mp3']);
			for (const file of readdirSync(library)) await expectPodcastMp3(path.join(library, file), env.server, file);
			const executions = executionsOf(env.n8n.userFolder, id);
			expect(executions.map((e) => [e.status, e.mode])).toEqual([0, 1, 2].map(() => ['success', 'trigger']));
			const failed = executions.flatMap((e) => outputItems(e.runData, 'Failed or Skipped'));
			expect(failed).toEqual([expect.objectContaining({ status: 'failed', url: env.server.url('/fault/404/episode-2.mp3'), error: expect.stringMatching(/404/) })]);
			expect(executions.flatMap((e) => outputItems(e.runData, 'Write to Podcasts Folder')).map((i) => i.url).sort()).toEqual([1, 3].map((n) => env.server.url(`/media/episode-${n}.mp3`)));
		},
		10 * 60_000,
	);
});

describe('queue-mode variant: a schedule fires Media Queue Process', () => {
	const env = withN8nAndFixtures();
	let n8n: ActiveN8n | undefined;

	it(
		'within a minute of publishing, the scheduled workflow downloads the queued episodes and copies them to the folder',
		async () => {
			const queued = await env.n8n.runWorkflow(offlineExample('queue-producer.json', env.server, env.n8n).workflow);
			expect(queued.exitCode).toBe(0);
			expect(itemsOf(queued, 'Queued')).toHaveLength(3);

			const { workflow, demoDir } = offlineExample('queue-process-scheduled.json', env.server, env.n8n);
			const library = path.join(demoDir, 'podcasts');
			mkdirSync(library, { recursive: true });
			const id = await importWorkflow(env.n8n, workflow);
			await publishWorkflow(env.n8n, id);
			try {
				n8n = await startActiveN8n(env.n8n, { activeWorkflowIds: [id] });
				// The schedule fires at a second of every minute that n8n picks: at most about 60 s, and the downloads.
				await waitFor(
					'the scheduled run to copy 3 episodes',
					150_000,
					() => (readdirSync(library).length === 3 && executionsOf(env.n8n.userFolder, id).length >= 1 ? true : undefined),
					() => `${readdirSync(library).join(', ')}\n${n8n!.log().split('\n').slice(-40).join('\n')}`,
				);
				const stopped = await n8n.stop();
				expect(stopped).toMatchObject({ exitCode: 0, signal: null });
			} finally {
				await n8n?.kill();
			}
			const files = readdirSync(library).sort();
			expect(files).toEqual(['episode-1.mp3', 'episode-2.mp3', 'episode-3.mp3']);
			for (const file of files) await expectPodcastMp3(path.join(library, file), env.server, file);
			const [firstRun] = executionsOf(env.n8n.userFolder, id);
			expect([firstRun.status, firstRun.mode]).toEqual(['success', 'trigger']);
			expect(outputItems(firstRun.runData, 'Download Queued').map((t) => [t.status, t.queue])).toEqual([0, 1, 2].map(() => ['completed', 'podcasts-offline-demo']));
			expect(outputItems(firstRun.runData, 'Failed or Skipped')).toEqual([]);
		},
		10 * 60_000,
	);
});
