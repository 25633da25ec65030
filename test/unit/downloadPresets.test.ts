import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import type { INodeParameters, INodeProperties } from 'n8n-workflow';

import { AUDIO_PRESETS, DEFAULT_CONFIG, getVideo, locateProgram, OPTION_TABLE, PRESET_NAMES, PRESETS, resolveConfig, VIDEO_PRESETS, type ContentOptions, type PresetName } from '../../lib';
import { nodeOption, readDownloadOptions } from '../../nodes/DownloadMedia/actions/readOptions';
import { presetNoticeText } from '../../nodes/DownloadMedia/descriptions/presets';
import { SAMPLE_MEDIA, templateExample } from '../../nodes/DownloadMedia/descriptions/templateText';
import { DownloadMedia } from '../../nodes/DownloadMedia/DownloadMedia.node';
import { readNewTask } from '../../nodes/MediaQueue/actions/taskOperations';
import { MediaQueue } from '../../nodes/MediaQueue/MediaQueue.node';
import { addedValue, contextOf, shownParameters, stored } from './nodePanel';

const description = new DownloadMedia().description;
const property = (name: string) => description.properties.find((p) => p.name === name);
const choices = (p: INodeProperties | undefined) => (p?.options as Array<{ value: string }>).map((o) => o.value);

type Operation = 'downloadVideo' | 'downloadAudio' | 'downloadAll';

const read = (values: INodeParameters, typeVersion = 1): ContentOptions =>
	readDownloadOptions(contextOf(description, typeVersion, { url: 'https://example.com/v', outputDir: '/srv/media', ...values }), 0);

/** What the node's Download Video / Download Audio call resolves to (it passes audioOnly by operation). */
const nodeConfig = (operation: Operation, options: ContentOptions) => {
	const explicit = Object.fromEntries(Object.entries(options).filter(([key]) => key in DEFAULT_CONFIG));
	return resolveConfig({ ...explicit, audioOnly: operation === 'downloadAudio' }, options.preset, {});
};

describe.each([1, 1.1])('Download Media %s presets (one parameter per kind, each operation offers the presets that fit)', (typeVersion) => {
	it('has no shared "preset" parameter: videoPreset and audioPreset, each shown for its operations', () => {
		expect(property('preset')).toBeUndefined();
		expect(property('videoPreset')).toMatchObject({ type: 'options', default: 'none', displayOptions: { show: { operation: ['downloadVideo', 'downloadAll'] } } });
		expect(property('audioPreset')).toMatchObject({ type: 'options', default: 'none', displayOptions: { show: { operation: ['downloadAudio', 'downloadAll'] } } });
		expect(choices(property('videoPreset'))).toEqual(['none', 'videoArchive', 'socialMedia', 'liveStream']);
		expect(choices(property('audioPreset'))).toEqual(['none', 'podcast', 'music']);
		expect([...AUDIO_PRESETS, ...VIDEO_PRESETS].sort()).toEqual([...PRESET_NAMES].sort());
	});

	it('Download Video: the video preset is the preset; an audio preset saved in the other parameter is not kept', () => {
		expect(read({ operation: 'downloadVideo', videoPreset: 'socialMedia' }, typeVersion)).toMatchObject({ preset: 'socialMedia' });
		const options = read({ operation: 'downloadVideo', audioPreset: 'podcast' }, typeVersion);
		expect(options.preset).toBe('none');
		expect(options).not.toHaveProperty('audioPreset');
		expect(stored(description, typeVersion, { operation: 'downloadVideo', audioPreset: 'podcast', url: 'u' })).not.toHaveProperty('audioPreset');
	});

	it('Download Audio: the audio preset is the preset', () => {
		expect(read({ operation: 'downloadAudio', audioPreset: 'music' }, typeVersion)).toMatchObject({ preset: 'music' });
		expect(read({ operation: 'downloadAudio', videoPreset: 'liveStream' }, typeVersion).preset).toBe('none');
	});

	it('Download Everything: one preset per part', () => {
		const options = read({ operation: 'downloadAll', videoPreset: 'videoArchive', audioPreset: 'podcast' }, typeVersion);
		expect(options).toMatchObject({ videoPreset: 'videoArchive', audioPreset: 'podcast' });
		expect(options.preset).toBeUndefined();
	});

	it.each<[Operation, string]>([
		['downloadVideo', 'videoPreset'],
		['downloadAudio', 'audioPreset'],
	])('every preset %s offers gives what the operation downloads', (operation, parameter) => {
		for (const preset of choices(property(parameter))) {
			const config = nodeConfig(operation, read({ operation, [parameter]: preset }, typeVersion));
			expect({ preset, audioOnly: config.audioOnly }).toEqual({ preset, audioOnly: operation === 'downloadAudio' });
		}
	});
});

describe('an option added under a preset', () => {
	it('version 1.1: starts at the preset’s value (Podcast: 128k, not the library’s 192k) and, changed, overrides it while the preset’s other values stay', () => {
		const values = { operation: 'downloadAudio', audioPreset: 'podcast' };
		expect(addedValue(description, 1.1, values, 'options', 'audioQuality')).toBe('128k');
		expect(addedValue(description, 1.1, { operation: 'downloadAudio', audioPreset: 'music' }, 'options', 'audioQuality')).toBe('320k');
		expect(addedValue(description, 1.1, { operation: 'downloadAudio' }, 'options', 'audioQuality')).toBe('192k');
		const unchanged = nodeConfig('downloadAudio', read({ ...values, options: { audioQuality: '128k' } }, 1.1));
		expect(unchanged).toEqual(nodeConfig('downloadAudio', read(values, 1.1)));
		const config = nodeConfig('downloadAudio', read({ ...values, options: { audioQuality: '96k' }, advancedOptions: { downloadArchive: '' } }, 1.1));
		expect(config).toMatchObject({ audioQuality: '96k', downloadArchive: '', normalizeAudio: true, embedArtwork: true, outputTemplate: PRESETS.podcast.outputTemplate });
	});

	it('version 1: the same override from the old Audio group', () => {
		const config = nodeConfig('downloadAudio', read({ operation: 'downloadAudio', audioPreset: 'podcast', audio: { audioQuality: '96k' } }, 1));
		expect(config).toMatchObject({ audioQuality: '96k', normalizeAudio: true, downloadArchive: 'podcast_archive.txt' });
	});

	it('version 1.1 reads nothing from version 1’s groups, and version 1 nothing from Options', () => {
		expect(nodeConfig('downloadAudio', read({ operation: 'downloadAudio', audio: { audioQuality: '96k' } }, 1.1)).audioQuality).toBe('192k');
		expect(nodeConfig('downloadAudio', read({ operation: 'downloadAudio', options: { audioQuality: '96k' } }, 1)).audioQuality).toBe('192k');
	});
});

describe('version 1.1 settings under Options', () => {
	it('Download Playlist Entries, Allow Local Files, Skip Items Already Downloaded and Max Concurrent Downloads are read from Options', () => {
		const options = { downloadPlaylist: true, allowLocalFiles: true, skipDownloaded: true, maxConcurrent: 5 };
		const ctx = contextOf(description, 1.1, { operation: 'downloadVideo', url: 'u', options });
		expect(readDownloadOptions(ctx, 0)).toMatchObject({ playlist: true, allowLocalFiles: true });
		expect([nodeOption(ctx, 'skipDownloaded', 0, false), nodeOption(ctx, 'maxConcurrent', 0, 0)]).toEqual([true, 5]);
		const v1 = contextOf(description, 1, { operation: 'downloadVideo', url: 'u', ...options });
		expect(readDownloadOptions(v1, 0)).toMatchObject({ playlist: true, allowLocalFiles: true });
		expect([nodeOption(v1, 'skipDownloaded', 0, false), nodeOption(v1, 'maxConcurrent', 0, 0)]).toEqual([true, 5]);
	});

	it('one Cookie File option: a path turns the library’s useCookies on, an empty one leaves cookies off', () => {
		expect(read({ operation: 'downloadVideo', options: { cookieFile: ' ~/cookies.txt ' } }, 1.1)).toMatchObject({ cookieFile: '~/cookies.txt', useCookies: true });
		expect(read({ operation: 'downloadVideo', options: { cookieFile: '' } }, 1.1)).toMatchObject({ cookieFile: '', useCookies: false });
		expect(read({ operation: 'downloadVideo' }, 1.1)).not.toHaveProperty('useCookies');
		// version 1: the two options as they were
		expect(read({ operation: 'downloadVideo', network: { cookieFile: '/c.txt' } }, 1)).not.toHaveProperty('useCookies');
		expect(read({ operation: 'downloadVideo', network: { cookieFile: '/c.txt', useCookies: true } }, 1)).toMatchObject({ cookieFile: '/c.txt', useCookies: true });
	});

	it('Media Queue Add 1.1 queues the same options (Options, Advanced Options, Cookie File, Download Playlist Entries)', async () => {
		const queue = new MediaQueue().description;
		const ctx = contextOf(queue, 1.1, {
			operation: 'add',
			url: 'https://example.com/v',
			mediaType: 'audio',
			audioPreset: 'podcast',
			outputDir: '/srv/media',
			options: { audioQuality: '96k', cookieFile: '/c.txt', downloadPlaylist: true },
			advancedOptions: { maxRetries: 1 },
		});
		(ctx as unknown as { helpers: object }).helpers = { resolvePath: async (p: string) => p, isFilePathBlocked: () => false };
		const task = await readNewTask(ctx, 0);
		expect(task).toMatchObject({ preset: 'podcast', config: { audioQuality: '96k', cookieFile: '/c.txt', useCookies: true, maxRetries: 1, playlist: true, audioOnly: true } });
		expect(addedValue(queue, 1.1, { operation: 'add', mediaType: 'audio', audioPreset: 'podcast' }, 'options', 'audioQuality')).toBe('128k');
	});
});

describe('preset notices (version 1.1)', () => {
	const label = new Map(OPTION_TABLE.map((o) => [o.key as string, o.label]));

	it.each(PRESET_NAMES)('%s: a notice under the preset lists every value the preset sets, by option name', (preset: PresetName) => {
		const text = presetNoticeText(preset);
		for (const [key, value] of Object.entries(PRESETS[preset])) {
			if (key === 'audioOnly') continue;
			expect(text).toContain(`${label.get(key)}: `);
			if (typeof value === 'number' || (typeof value === 'string' && key !== 'outputTemplate')) expect(text).toMatch(new RegExp(`${label.get(key)!.replace(/[()]/g, '\\$&')}: ${String(value)}`, 'i'));
		}
		const parameter = AUDIO_PRESETS.includes(preset) ? 'audioPreset' : 'videoPreset';
		const operation = parameter === 'audioPreset' ? 'downloadAudio' : 'downloadVideo';
		const notices = (typeVersion: number, chosen: string) =>
			shownParameters(description, typeVersion, { operation, [parameter]: chosen })
				.filter((p) => p.type === 'notice')
				.map((p) => p.displayName);
		expect(notices(1.1, preset)).toEqual([text]);
		expect(notices(1.1, 'none')).toEqual([]);
		expect(notices(1, preset)).toEqual([]);
	});

	it('say the values in words', () => {
		expect(presetNoticeText('podcast')).toBe(
			'Podcast sets Audio Format: MP3; Audio Quality: 128k; Normalize Loudness: on; Embed Metadata: on; Embed Artwork: on; Output Template: Podcasts/{uploader, channel or playlist title}/{title}.{ext} (e.g. Podcasts/Jane Doe/My Talk.mp3); Download Archive File: podcast_archive.txt. An option you add replaces the preset\'s value.',
		);
		expect(presetNoticeText('videoArchive')).toContain('Subtitle Languages: en, es, fr; ');
	});

	it('hold no angle brackets: n8n renders notices and descriptions as HTML, where "<title>" vanishes', () => {
		const texts = (props: INodeProperties[]): string[] =>
			props.flatMap((p) => [p.type === 'notice' ? p.displayName : '', p.description ?? '', ...(Array.isArray(p.options) ? texts(p.options.filter((o): o is INodeProperties => 'displayName' in o)) : [])]);
		for (const node of [new DownloadMedia(), new MediaQueue()]) expect(texts(node.description.properties).filter((t) => /<[a-z{]/i.test(t))).toEqual([]);
	});
});

describe('output template examples are what yt-dlp makes of the sample media', () => {
	const run = promisify(execFile);
	// The yt-dlp the library finds (YTDLP_PATH, else PATH): run the suite with both versions.
	const program = locateProgram('yt-dlp');
	const template = OPTION_TABLE.find((o) => o.key === 'outputTemplate')!;
	const fromDescription = [...template.description.matchAll(/(?:: |, )([^:,]+?) → (.+?\.\w+)(?=,| \(|$)/g)].map((m) => [m[1], m[2]] as const);
	const fromPresets = PRESET_NAMES.map((p) => [PRESETS[p].outputTemplate!, templateExample(PRESETS[p].outputTemplate!, AUDIO_PRESETS.includes(p) ? 'mp3' : PRESETS[p].format ?? 'mp4')] as const);
	let dir: string;
	beforeAll(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'mdl-template-'))));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('the Output Template description shows two examples', () => {
		expect(fromDescription).toEqual([
			['%(title)s [%(id)s].%(ext)s', 'My Talk [abc123].mp4'],
			['%(uploader)s/%(title)s.%(ext)s', 'Jane Doe/My Talk.mp4'],
		]);
	});

	it('yt-dlp agrees with every example', async () => {
		for (const [tpl, example] of [...fromDescription, ...fromPresets]) {
			const ext = path.extname(example).slice(1);
			const info = path.join(dir, `${ext}.info.json`);
			writeFileSync(info, JSON.stringify({ ...SAMPLE_MEDIA, extractor_key: 'Youtube', webpage_url: 'http://127.0.0.1:9/v', ext, url: `http://127.0.0.1:9/v.${ext}`, _type: 'video' }));
			const { stdout } = await run(program, ['--ignore-config', '--load-info-json', info, '-O', tpl]);
			expect({ tpl, out: stdout.trim() }).toEqual({ tpl, out: example });
		}
	});
});

describe('getVideo with an audio preset', () => {
	it.each(AUDIO_PRESETS)('%s: refused before anything runs, with a pointer to getAudio', async (preset: PresetName) => {
		// Port 9 (discard) on 127.0.0.1: nothing is contacted, the config is refused first.
		await expect(getVideo('http://127.0.0.1:9/v.mp4', { preset, outputDir: '/nonexistent/mdl' })).rejects.toMatchObject({
			kind: 'InvalidInput',
			message: expect.stringContaining('Use getAudio (Download Audio in n8n)'),
		});
	});
});
