/**
 * Download Media inside a real n8n 2.40.7: binary output streamed into n8n's filesystem binary store
 * and written back by n8n's own Read/Write Files node; file-path output; n8n's record of processed items.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { probeMedia } from '../../lib/ffmpeg';
import { xxhash64Of } from '../fixtures/checksums';
import { N8N_RUN_TIMEOUT_MS, type WorkflowJson } from './n8nHarness';
import { withN8nAndFixtures } from './withN8n';

const TYPE = 'n8n-nodes-media-downloader.downloadMedia';

function workflow(name: string, url: string, parameters: Record<string, unknown>, writeTo?: string): WorkflowJson {
	const nodes: WorkflowJson['nodes'] = [
		{ id: 'd0000000-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'd0000000-0000-4000-8000-000000000002',
			name: 'Download',
			type: TYPE,
			typeVersion: 1,
			position: [200, 0],
			parameters: { url, ...parameters },
		},
	];
	const connections: WorkflowJson['connections'] = { Start: { main: [[{ node: 'Download', type: 'main', index: 0 }]] } };
	if (writeTo) {
		nodes.push({
			id: 'd0000000-0000-4000-8000-000000000003',
			name: 'Write',
			type: 'n8n-nodes-base.readWriteFile',
			typeVersion: 1,
			position: [400, 0],
			parameters: { operation: 'write', fileName: writeTo, dataPropertyName: 'data', options: {} },
		});
		connections.Download = { main: [[{ node: 'Write', type: 'main', index: 0 }]] };
	}
	return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

describe('Download Media in a real n8n', () => {
	const env = withN8nAndFixtures();

	it(
		"downloads audio as MP3 binary data that n8n's own Read/Write Files node writes to disk",
		async () => {
			const outDir = path.join(env.n8n.filesDir, 'downloads');
			const written = path.join(env.n8n.filesDir, 'copy.mp3');
			const result = await env.n8n.runWorkflow(
				workflow('e2e download audio', env.server.url('/page/video.html'), { operation: 'downloadAudio', outputDir: outDir, keepFile: false, audio: { audioFormat: 'mp3', audioQuality: '160k' } }, written),
			);
			expect(result.exitCode).toBe(0);
			const [item] = result.outputOf('Download');
			expect(item.json).toMatchObject({ format: 'mp3', strategyUsed: 'requested', id: 'video-1' });
			expect(item.binary!.data).toMatchObject({ mimeType: 'audio/mpeg', fileName: path.basename(String(item.json.localPath)) });
			// The binary went into n8n's filesystem store, not into the execution data.
			expect(String(item.binary!.data.id)).toMatch(/^filesystem-v2:/);
			expect(existsSync(String(item.json.localPath))).toBe(false);
			expect(statSync(written).size).toBe(item.json.fileSize);
			const probe = await probeMedia(written);
			expect(probe.streams.map((s) => s.codec)).toEqual(['mp3']);
			expect(probe.durationSec).toBeCloseTo(5, 0);
		},
		N8N_RUN_TIMEOUT_MS,
	);

	it(
		'gives only the file path in File Path Only mode, inside the default folder n8n allows',
		async () => {
			const result = await env.n8n.runWorkflow(workflow('e2e download path', env.server.url('/media/video-360.mp4'), { operation: 'downloadVideo', outputMode: 'filePath', validation: { checksum: 'sha256' } }));
			expect(result.exitCode).toBe(0);
			const [item] = result.outputOf('Download');
			expect(item.binary).toBeUndefined();
			expect(path.dirname(String(item.json.localPath))).toBe(path.join(env.n8n.filesDir, 'media-downloader'));
			// The Checksum option: sha256 asked for, so the digest is also under sha256.
			expect(item.json.sha256).toBe(env.server.media['video-360.mp4'].sha256);
			expect(item.json.checksum).toEqual({ algorithm: 'sha256', digest: env.server.media['video-360.mp4'].sha256 });
		},
		N8N_RUN_TIMEOUT_MS,
	);

	it(
		"skips media it already downloaded using n8n's record of processed items",
		async () => {
			const outDir = path.join(env.n8n.filesDir, 'dedupe');
			const wf = workflow('e2e download dedupe', env.server.url('/media/audio.m4a'), { operation: 'downloadAudio', outputMode: 'filePath', outputDir: outDir, skipDownloaded: true, audio: { audioFormat: 'm4a' } });
			const first = await env.n8n.runWorkflow({ ...wf, id: 'mdlDedupeWorkflow01' });
			expect(first.exitCode).toBe(0);
			expect(first.outputOf('Download')[0].json).toMatchObject({ format: 'm4a' });
			const second = await env.n8n.runWorkflow({ ...wf, id: 'mdlDedupeWorkflow01' });
			expect(second.exitCode).toBe(0);
			expect(second.outputOf('Download')[0].json).toMatchObject({ skipped: 'alreadyDownloaded', dedupeKey: 'Generic:audio' });
			expect(readdirSync(outDir)).toEqual(['audio [audio].m4a']);
		},
		N8N_RUN_TIMEOUT_MS,
	);

	it(
		'downloads items in parallel, keeps input order and pairedItem, fails only the item whose expression breaks, and skips an in-run duplicate exactly',
		async () => {
			const outDir = path.join(env.n8n.filesDir, 'parallel');
			// Each throttled file takes about 3 s: one after another the three would need 9 s or more.
			const slow = (name: string) => env.server.url(`/fault/slow/70000/${name}`);
			const rows = [
				{ url: slow('video-360.mp4') },
				{ url: slow('audio.m4a'), broken: true },
				{ url: slow('video-720.mp4') },
				{ url: slow('video-360.mp4') },
				{ url: slow('video-chapters.mp4') },
			];
			const wf: WorkflowJson = {
				name: 'e2e download parallel',
				nodes: [
					{ id: 'd1000000-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
					{ id: 'd1000000-0000-4000-8000-000000000002', name: 'Rows', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [100, 0], parameters: { mode: 'raw', jsonOutput: JSON.stringify({ rows }), options: {} } },
					{ id: 'd1000000-0000-4000-8000-000000000003', name: 'Split', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [200, 0], parameters: { fieldToSplitOut: 'rows', options: {} } },
					{
						id: 'd1000000-0000-4000-8000-000000000004',
						name: 'Download',
						type: TYPE,
						typeVersion: 1,
						position: [300, 0],
						onError: 'continueRegularOutput',
						// The second row's expression throws (it names a node that does not exist): only that item may fail.
						parameters: { operation: 'downloadVideo', url: '={{ $json.broken ? $("No Such Node").item.json.url : $json.url }}', outputMode: 'filePath', outputDir: outDir, skipDownloaded: true, maxConcurrent: 3 },
					},
				],
				connections: {
					Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
					Rows: { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
					Split: { main: [[{ node: 'Download', type: 'main', index: 0 }]] },
				},
				settings: { executionOrder: 'v1' },
			};
			const result = await env.n8n.runWorkflow(wf);
			expect(result.exitCode).toBe(0);
			const out = result.outputOf('Download');
			expect(out.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
			expect(out[0].json).toMatchObject({ checksum: await xxhash64Of(env.server.media['video-360.mp4'].path) });
			expect(out[1].json).toMatchObject({ error: "Referenced node doesn't exist" });
			expect(out[2].json).toMatchObject({ checksum: await xxhash64Of(env.server.media['video-720.mp4'].path) });
			expect(out[3].json).toMatchObject({ skipped: 'alreadyDownloaded', dedupeKey: 'Generic:video-360' });
			expect(out[4].json).toMatchObject({ checksum: await xxhash64Of(env.server.media['video-chapters.mp4'].path) });
			// The three distinct slow files were downloaded at the same time, not one after another (the last
			// request of each is its download; the first ones come from the batched info call that finds the ids).
			const lastRequest = (name: string) => env.server.requests.filter((r) => r.path.endsWith(`/${name}`) && r.method === 'GET').at(-1)!.at;
			const starts = ['video-360.mp4', 'video-720.mp4', 'video-chapters.mp4'].map(lastRequest);
			expect(Math.max(...starts) - Math.min(...starts)).toBeLessThan(2500);
		},
		N8N_RUN_TIMEOUT_MS,
	);

	it(
		'a preset gives what it says: Download Audio offers audio presets (Podcast → MP3 in Podcasts/<show>/), Download Video video presets (Video Archive → MKV)',
		async () => {
			const outDir = path.join(env.n8n.filesDir, 'presets');
			const node = (name: string, y: number, parameters: Record<string, unknown>) => ({
				id: `d2000000-0000-4000-8000-00000000000${y}`,
				name,
				type: TYPE,
				typeVersion: 1,
				position: [200, y * 100] as [number, number],
				parameters: { url: env.server.url('/page/video.html'), outputMode: 'filePath', outputDir: outDir, ...parameters },
			});
			const wf: WorkflowJson = {
				name: 'e2e download presets',
				nodes: [
					{ id: 'd2000000-0000-4000-8000-000000000009', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
					node('Audio', 1, { operation: 'downloadAudio', audioPreset: 'podcast' }),
					// An audio preset saved under Download Video is not a parameter of that operation: n8n drops it.
					node('Video', 2, { operation: 'downloadVideo', videoPreset: 'videoArchive', audioPreset: 'podcast', subtitlesMetadata: { subtitleLanguages: 'en,de' } }),
				],
				connections: { Start: { main: [[{ node: 'Audio', type: 'main', index: 0 }, { node: 'Video', type: 'main', index: 0 }]] } },
				settings: { executionOrder: 'v1' },
			};
			const result = await env.n8n.runWorkflow(wf);
			expect(result.exitCode).toBe(0);
			const [audio] = result.outputOf('Audio');
			expect(audio.json).toMatchObject({ format: 'mp3' });
			expect(path.relative(outDir, String(audio.json.localPath)).split(path.sep).slice(0, 2)).toEqual(['Podcasts', 'Unknown Podcast']);
			expect((await probeMedia(String(audio.json.localPath))).streams.filter((s) => !s.isAttachedPic).map((s) => s.codec)).toEqual(['mp3']);
			const [video] = result.outputOf('Video');
			expect(video.json).toMatchObject({ format: 'mkv' });
			expect(String(video.json.localPath).startsWith(path.join(outDir, 'Archive') + path.sep)).toBe(true);
			const streams = (await probeMedia(String(video.json.localPath))).streams.map((s) => s.type);
			expect(streams).toEqual(expect.arrayContaining(['video', 'audio', 'subtitle']));
		},
		N8N_RUN_TIMEOUT_MS,
	);

	it(
		'refuses an output folder outside the folders n8n allows',
		async () => {
			const result = await env.n8n.runWorkflow(workflow('e2e download refused', env.server.url('/media/audio.mp3'), { operation: 'downloadAudio', outputDir: '/tmp/mdl-not-allowed' }));
			expect(result.exitCode).not.toBe(0);
			expect(result.errorMessage()).toMatch(/^Item 1: (outputDir: )?Access to "\/tmp\/mdl-not-allowed" is not allowed/);
			expect(existsSync('/tmp/mdl-not-allowed')).toBe(false);
		},
		N8N_RUN_TIMEOUT_MS,
	);
});
