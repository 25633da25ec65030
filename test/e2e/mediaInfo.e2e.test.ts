/**
 * Media Info inside a real n8n 2.40.7: the package is loaded as a community package and the node's
 * output is asserted from `n8n execute`. The fixture server runs in this process; n8n reaches it on 127.0.0.1.
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';

import { FEED_TITLE } from '../fixtures';
import { createYtDlpSpy } from '../helpers/ytdlpSpy';
import { N8N_RUN_TIMEOUT_MS, type WorkflowJson } from './n8nHarness';
import { withN8nAndFixtures } from './withN8n';

const TYPE = 'n8n-nodes-media-downloader.mediaInfo';

function workflow(name: string, urls: string[], infoNodes: Array<{ name: string; parameters: Record<string, unknown>; continueOnFail?: boolean }>): WorkflowJson {
	const nodes: WorkflowJson['nodes'] = [
		{ id: 'e0000000-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'e0000000-0000-4000-8000-000000000002',
			name: 'URLs',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 0],
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ urls }), options: {} },
		},
		{
			id: 'e0000000-0000-4000-8000-000000000003',
			name: 'Split',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [400, 0],
			parameters: { fieldToSplitOut: 'urls', options: {} },
		},
		...infoNodes.map((node, i) => ({
			id: `e0000000-0000-4000-8000-0000000001${String(i).padStart(2, '0')}`,
			name: node.name,
			type: TYPE,
			typeVersion: 1,
			position: [600, i * 160] as [number, number],
			parameters: { url: '={{ $json.urls }}', ...node.parameters },
			...(node.continueOnFail ? { onError: 'continueRegularOutput' } : {}),
		})),
	];
	return {
		name,
		nodes,
		connections: {
			Start: { main: [[{ node: 'URLs', type: 'main', index: 0 }]] },
			URLs: { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
			Split: { main: [infoNodes.map((n) => ({ node: n.name, type: 'main', index: 0 }))] },
		},
		settings: { executionOrder: 'v1' },
	};
}

describe('Media Info in a real n8n', () => {
	const env = withN8nAndFixtures();

	it(
		'runs all three operations over a mixed list, in batches, keeping pairedItem and error items',
		async () => {
			const hostile = '--exec=touch /tmp/mdl-e2e-pwned';
			const urls = [env.server.url('/page/video.html'), env.server.url('/fault/404/gone.mp4'), env.server.url('/feed.xml'), hostile, env.server.url('/hls/master.m3u8')];
			const spy = createYtDlpSpy();
			const result = await env.n8n.runWorkflow(
				workflow('e2e media info', urls, [
					{ name: 'Info', parameters: { operation: 'getInfo', options: { batchSize: 2, maxRetries: 0 } }, continueOnFail: true },
					{ name: 'Entries', parameters: { operation: 'getInfo', splitPlaylist: true, options: { playlistLimit: 2, maxRetries: 0 } }, continueOnFail: true },
					{ name: 'Formats', parameters: { operation: 'listFormats', options: { maxRetries: 0 } }, continueOnFail: true },
					{ name: 'Recommend', parameters: { operation: 'recommendFormat', platform: 'ios', contentType: 'video', options: { maxRetries: 0 } }, continueOnFail: true },
				]),
				{ YTDLP_PATH: spy.path },
			);
			const calls = spy.calls();
			spy.dispose();
			expect(result.exitCode).toBe(0);

			// Batch Size 2: the four valid URLs of "Info" went to yt-dlp in two processes of two, after `--`.
			const infoCalls = calls.filter((args) => args.includes('101') && !args.includes('--no-playlist'));
			expect(infoCalls.map((args) => args.slice(args.indexOf('--') + 1))).toEqual([
				[urls[0], urls[1]],
				[urls[2], urls[4]],
			]);
			// The other three nodes: one process each for all their URLs.
			expect(calls).toHaveLength(5);
			expect(calls.every((args) => args[0] === '--ignore-config' && !args.includes(hostile))).toBe(true);

			const info = result.outputOf('Info');
			expect(info.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
			expect(info[0].json).toMatchObject({ type: 'video', title: 'Fixture Video (Open Graph) (1)', subtitleLanguages: ['en', 'de'] });
			expect(info[0].json.formats).toBeUndefined();
			expect(info[1].json).toMatchObject({ kind: 'NotFound', url: urls[1], retryable: false });
			// the headline names the URL and what to do; yt-dlp's own line is in details, without "None:"
			expect(info[1].json.error).toBe(`The media at ${urls[1]} was not found. The media does not exist (any more). Check the URL, or remove the item.`);
			expect(String(info[1].json.details)).toMatch(/^(\S+: )?Unable to download webpage: HTTP Error 404/);
			expect(info[2].json).toMatchObject({ type: 'playlist', title: FEED_TITLE });
			expect((info[2].json.playlist as { entries: unknown[] }).entries).toHaveLength(3);
			expect(info[3].json).toMatchObject({ kind: 'InvalidInput', url: hostile });
			expect(info[4].json).toMatchObject({ id: 'master', type: 'video' });

			const entries = result.outputOf('Entries');
			const feedEntries = entries.filter((e) => e.json.playlistTitle === FEED_TITLE);
			expect(feedEntries.map((e) => e.json.title)).toEqual(['Episode 1: Sine 440 Hz', 'Episode 2: Sine 660 Hz']);
			expect(feedEntries.every((e) => (e.pairedItem as { item: number }).item === 2)).toBe(true);
			expect(feedEntries[0].json).toMatchObject({ playlistCount: 3, url: env.server.url('/media/episode-1.mp3') });

			const formats = result.outputOf('Formats');
			expect(formats[4].json.qualities).toEqual(['720p', '360p']);
			expect(formats[2].json.error).toBeUndefined();

			const recommend = result.outputOf('Recommend');
			expect(recommend[0].json).toMatchObject({ platform: 'ios', format: 'mp4' });
			expect(recommend[2].json).toMatchObject({ kind: 'InvalidInput' });
			expect(String(recommend[2].json.error)).toMatch(/is a playlist/);
			expect(recommend[4].json).toMatchObject({ quality: '720p', format: 'mp4' });
		},
		N8N_RUN_TIMEOUT_MS,
	);

	it(
		'fails the execution with an error naming the item when Continue On Fail is off',
		async () => {
			const urls = [env.server.url('/media/audio.mp3'), env.server.url('/fault/404/missing.mp3')];
			const result = await env.n8n.runWorkflow(workflow('e2e media info failure', urls, [{ name: 'Info', parameters: { operation: 'getInfo', options: { maxRetries: 0 } } }]));
			expect(result.exitCode).not.toBe(0);
			const error = result.run?.data.resultData.error;
			// the pop-up's headline: the item, what happened and what to do; yt-dlp's own line below it
			expect(error?.message).toBe(`Item 2: The media at ${urls[1]} was not found. The media does not exist (any more). Check the URL, or remove the item.`);
			expect(error?.description).toMatch(/^yt-dlp said: (\S+: )?Unable to download webpage: HTTP Error 404/);
			expect(error?.node?.name).toBe('Info');
		},
		N8N_RUN_TIMEOUT_MS,
	);

	it(
		'reads a local file inside the folder n8n allows when Allow Local Files is on, and refuses it when off',
		async () => {
			const inside = path.join(env.n8n.filesDir, 'clip.mp4');
			copyFileSync(env.server.media['video-360.mp4'].path, inside);
			const result = await env.n8n.runWorkflow(
				workflow('e2e media info local file', [inside], [
					{ name: 'Allowed', parameters: { operation: 'getInfo', options: { allowLocalFiles: true } } },
					{ name: 'Default', parameters: { operation: 'getInfo', options: {} }, continueOnFail: true },
				]),
			);
			expect(result.exitCode).toBe(0);
			expect(result.outputOf('Allowed')[0].json).toMatchObject({ id: 'clip', ext: 'mp4', inputUrl: inside });
			expect(String(result.outputOf('Default')[0].json.error)).toMatch(/Local files and file:\/\/ URLs are refused/);
		},
		N8N_RUN_TIMEOUT_MS,
	);

	it(
		'refuses a local file outside the folders n8n allows, even when local files are allowed',
		async () => {
			const result = await env.n8n.runWorkflow(
				workflow('e2e media info file access', [env.server.media['video-360.mp4'].path], [
					{ name: 'Info', parameters: { operation: 'getInfo', options: { allowLocalFiles: true, maxRetries: 0 } }, continueOnFail: true },
				]),
			);
			expect(result.exitCode).toBe(0);
			expect(result.outputOf('Info')[0].json).toMatchObject({ kind: 'InvalidInput' });
			expect(String(result.outputOf('Info')[0].json.error)).toMatch(/not allowed by this n8n instance's file access rules/);
		},
		N8N_RUN_TIMEOUT_MS,
	);
});
