/**
 * Download Media's 1.1 panel inside a real n8n 2.40.7: a preset with options from Options and Advanced Options
 * (one overriding the preset, a cookie file, a user agent), the settings that moved under Options, and a version 1
 * node with the old groups giving the same download; Media Queue Add of both versions queueing the same.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { probeMedia } from '../../lib/ffmpeg';
import { N8N_RUN_TIMEOUT_MS, type WorkflowJson } from './n8nHarness';
import { withN8nAndFixtures } from './withN8n';

const TYPE = 'n8n-nodes-media-downloader.downloadMedia';

/** One workflow: a manual trigger feeding each Download Media node given. */
function workflow(name: string, nodes: Array<{ name: string; typeVersion: number; parameters: Record<string, unknown> }>): WorkflowJson {
	return {
		name,
		nodes: [
			{ id: 'f0000000-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			...nodes.map((node, i) => ({
				id: `f0000000-0000-4000-8000-0000000001${String(i).padStart(2, '0')}`,
				name: node.name,
				type: TYPE,
				typeVersion: node.typeVersion,
				position: [300, i * 160] as [number, number],
				parameters: node.parameters,
			})),
		],
		connections: { Start: { main: [nodes.map((n) => ({ node: n.name, type: 'main', index: 0 }))] } },
		settings: { executionOrder: 'v1' },
	};
}

const kbps = async (file: string) => {
	const probe = await probeMedia(file);
	return Math.round((probe.streams[0].bitRate ?? probe.bitRate!) / 1000);
};

describe('Download Media 1.1 panel in a real n8n', () => {
	const env = withN8nAndFixtures();

	it(
		'a preset with an option from Options overrides only that value; Cookie File and User Agent apply; a version 1 node with the old groups does the same',
		async () => {
			const cookies = path.join(env.n8n.filesDir, 'cookies.txt');
			const cookieText = '# Netscape HTTP Cookie File\n127.0.0.1\tFALSE\t/\tFALSE\t0\tpanel\tyes\n';
			writeFileSync(cookies, cookieText);
			const folder = (name: string) => path.join(env.n8n.filesDir, 'panel', name);
			const source = (label: string) => env.server.url(`/media/audio.m4a?case=${label}`);
			const common = { operation: 'downloadAudio', audioPreset: 'podcast', outputMode: 'filePath' };
			const result = await env.n8n.runWorkflow(
				workflow('e2e download panel', [
					{
						name: 'Podcast With Options',
						typeVersion: 1.1,
						parameters: { ...common, url: source('v11'), outputDir: folder('v11'), options: { audioQuality: '96k', cookieFile: cookies }, advancedOptions: { userAgent: 'mdl-panel/1.1' } },
					},
					{ name: 'Podcast Only', typeVersion: 1.1, parameters: { ...common, url: source('preset'), outputDir: folder('preset') } },
					{
						name: 'Version 1',
						typeVersion: 1,
						parameters: { ...common, url: source('v1'), outputDir: folder('v1'), audio: { audioQuality: '96k' }, network: { useCookies: true, cookieFile: cookies, userAgent: 'mdl-panel/1' } },
					},
				]),
			);
			expect(result.errorMessage()).toBeUndefined();
			const [withOptions] = result.outputOf('Podcast With Options');
			const [presetOnly] = result.outputOf('Podcast Only');
			const [v1] = result.outputOf('Version 1');
			for (const [item, label] of [[withOptions, 'v11'], [presetOnly, 'preset'], [v1, 'v1']] as const) {
				// the preset's folder layout and archive: files go to Podcasts/<show>/, the archive lists them
				expect(item.json).toMatchObject({ format: 'mp3' });
				expect(path.relative(folder(label), String(item.json.localPath))).toBe(path.join('Podcasts', 'Unknown Podcast', 'audio.mp3'));
				expect(readFileSync(path.join(folder(label), 'podcast_archive.txt'), 'utf8')).toMatch(/^generic audio$/im);
			}
			expect(await kbps(String(withOptions.json.localPath))).toBe(96);
			expect(await kbps(String(v1.json.localPath))).toBe(96);
			expect(await kbps(String(presetOnly.json.localPath))).toBe(128);

			const requests = (label: string) => env.server.requests.filter((r) => r.path === `/media/audio.m4a?case=${label}` && r.method === 'GET');
			expect(requests('v11').map((r) => [r.headers.cookie, r.headers['user-agent']])).toContainEqual(['panel=yes', 'mdl-panel/1.1']);
			expect(requests('v1').map((r) => [r.headers.cookie, r.headers['user-agent']])).toContainEqual(['panel=yes', 'mdl-panel/1']);
			expect(requests('preset').every((r) => r.headers.cookie === undefined)).toBe(true);
			expect(readFileSync(cookies, 'utf8')).toBe(cookieText);
		},
		N8N_RUN_TIMEOUT_MS,
	);

	it(
		'reads the settings that moved under Options: Skip Items Already Downloaded, Max Concurrent Downloads, Checksum, binary output into its field',
		async () => {
			const outDir = path.join(env.n8n.filesDir, 'panel-dedupe');
			mkdirSync(outDir, { recursive: true });
			const wf = {
				...workflow('e2e download panel dedupe', [
					{
						name: 'Video',
						typeVersion: 1.1,
						parameters: {
							operation: 'downloadVideo',
							url: env.server.url('/media/video-360.mp4'),
							outputDir: outDir,
							binaryPropertyName: 'clip',
							options: { skipDownloaded: true, maxConcurrent: 2, checksum: 'sha256' },
						},
					},
				]),
				id: 'mdlPanelDedupe0001',
			};
			const first = await env.n8n.runWorkflow(wf);
			expect(first.errorMessage()).toBeUndefined();
			const [item] = first.outputOf('Video');
			expect(item.json.sha256).toBe(env.server.media['video-360.mp4'].sha256);
			expect(item.binary!.clip).toMatchObject({ mimeType: 'video/mp4' });
			expect(existsSync(String(item.json.localPath))).toBe(true);
			const second = await env.n8n.runWorkflow(wf);
			expect(second.outputOf('Video')[0].json).toMatchObject({ skipped: 'alreadyDownloaded' });
		},
		N8N_RUN_TIMEOUT_MS,
	);

	it(
		'Media Queue Add 1.1 queues a preset with an option from Options, as version 1 does from the Audio group; Process downloads both',
		async () => {
			const queueFile = path.join(env.n8n.filesDir, 'panel-queue', 'queue.sqlite');
			const outDir = (label: string) => path.join(env.n8n.filesDir, 'panel-queue', label);
			const queue = (name: string, typeVersion: number, parameters: Record<string, unknown>, y: number) => ({
				id: `f1000000-0000-4000-8000-0000000000${String(y).padStart(2, '0')}`,
				name,
				type: 'n8n-nodes-media-downloader.mediaQueue',
				typeVersion,
				position: [300 * y, 0] as [number, number],
				parameters: { storage: 'local', queueFile, queueName: 'panel', ...parameters },
			});
			const add = (label: string, typeVersion: number, extra: Record<string, unknown>, y: number) =>
				queue(`Add ${label}`, typeVersion, { operation: 'add', url: env.server.url(`/media/audio.m4a?case=queue-${label}`), mediaType: 'audio', audioPreset: 'podcast', outputDir: outDir(label), ...extra }, y);
			const nodes = [
				{ id: 'f1000000-0000-4000-8000-000000000000', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} },
				add('v11', 1.1, { options: { audioQuality: '96k' }, advancedOptions: { downloadArchive: '' } }, 1),
				add('v1', 1, { audio: { audioQuality: '96k' }, playlist: { downloadArchive: '' } }, 2),
				queue('Process', 1.1, { operation: 'process', maxTasks: 5, maxConcurrent: 1 }, 3),
			];
			const chained = nodes.slice(0, -1).map((node, i) => [node.name, { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] }]);
			const result = await env.n8n.runWorkflow({ name: 'e2e queue panel', nodes, connections: Object.fromEntries(chained), settings: { executionOrder: 'v1' } });
			expect(result.errorMessage()).toBeUndefined();
			const done = result.outputOf('Process').map((item) => item.json as { url: string; status: string; localPath: string });
			expect(done.map((task) => task.status)).toEqual(['completed', 'completed']);
			for (const label of ['v11', 'v1']) {
				const task = done.find((t) => t.url.endsWith(`case=queue-${label}`))!;
				expect(path.relative(outDir(label), task.localPath)).toBe(path.join('Podcasts', 'Unknown Podcast', 'audio.mp3'));
				expect(await kbps(task.localPath)).toBe(96);
				expect(existsSync(path.join(outDir(label), 'podcast_archive.txt'))).toBe(false);
			}
		},
		N8N_RUN_TIMEOUT_MS,
	);
});
