/**
 * Download Media inside a real n8n 2.40.7: binary output streamed into n8n's filesystem binary store
 * and written back by n8n's own Read/Write Files node; file-path output; n8n's record of processed items.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { probeMedia } from '../../lib/ffmpeg';
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
			const result = await env.n8n.runWorkflow(workflow('e2e download path', env.server.url('/media/video-360.mp4'), { operation: 'downloadVideo', outputMode: 'filePath' }));
			expect(result.exitCode).toBe(0);
			const [item] = result.outputOf('Download');
			expect(item.binary).toBeUndefined();
			expect(path.dirname(String(item.json.localPath))).toBe(path.join(env.n8n.filesDir, 'media-downloader'));
			expect(item.json.sha256).toBe(env.server.media['video-360.mp4'].sha256);
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
		'refuses an output folder outside the folders n8n allows',
		async () => {
			const result = await env.n8n.runWorkflow(workflow('e2e download refused', env.server.url('/media/audio.mp3'), { operation: 'downloadAudio', outputDir: '/tmp/mdl-not-allowed' }));
			expect(result.exitCode).not.toBe(0);
			expect(result.errorMessage()).toMatch(/^Item 1: Access to "\/tmp\/mdl-not-allowed" is not allowed/);
			expect(existsSync('/tmp/mdl-not-allowed')).toBe(false);
		},
		N8N_RUN_TIMEOUT_MS,
	);
});
