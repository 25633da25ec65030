import type { INodeParameters, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { AUDIO_PRESETS, DEFAULT_CONFIG, NOT_IN_TABLE, OPTION_TABLE, PRESETS, resolveConfig, VIDEO_PRESETS, type DownloadConfig, type PresetName } from '../../lib/config';
import { PLACEMENT } from '../../nodes/DownloadMedia/descriptions/optionsLayout';
import { DownloadMedia } from '../../nodes/DownloadMedia/DownloadMedia.node';
import { MediaQueue } from '../../nodes/MediaQueue/MediaQueue.node';
import { addedValue, shownOptions, shownParameters, stored } from './nodePanel';

const download = new DownloadMedia().description;
const queue = new MediaQueue().description;
const tableKeys = OPTION_TABLE.map((o) => o.key as string);
const libraryDefault = (key: string) => {
	const value = DEFAULT_CONFIG[key as keyof DownloadConfig];
	return Array.isArray(value) ? value.join(',') : typeof value === 'object' ? '{}' : value;
};

/** Library options deliberately not on the 1.1 panel, and why (the layout states the reason). */
const HIDDEN: Record<string, RegExp> = {
	writeAnnotations: /no effect/,
	useCookies: /Cookie File/,
	outputDir: /Output Folder/,
	audioOnly: /operation/,
	cookies: /credential/,
};
/** Options that shape only one kind of file. */
const VIDEO_ONLY = ['quality', 'format', 'videoCodec'];
const AUDIO_ONLY = ['audioFormat'];
const NODE_OPTIONS = ['downloadPlaylist', 'skipDownloaded', 'maxConcurrent', 'allowLocalFiles'];

type Operation = 'downloadVideo' | 'downloadAudio' | 'downloadAll';
const OPERATIONS: Operation[] = ['downloadVideo', 'downloadAudio', 'downloadAll'];
const presetsOf = (operation: Operation): Array<{ videoPreset?: string; audioPreset?: string }> => {
	const video = ['none', ...VIDEO_PRESETS];
	const audio = ['none', ...AUDIO_PRESETS];
	if (operation === 'downloadVideo') return video.map((videoPreset) => ({ videoPreset }));
	if (operation === 'downloadAudio') return audio.map((audioPreset) => ({ audioPreset }));
	return video.flatMap((videoPreset) => audio.map((audioPreset) => ({ videoPreset, audioPreset })));
};
/** Every panel situation of Download Media 1.1: each operation with each preset (pair) it offers. */
const SITUATIONS = OPERATIONS.flatMap((operation) => presetsOf(operation).map((presets) => ({ operation, ...presets }) as INodeParameters));

const collectionsOf = (description: INodeTypeDescription, typeVersion: number, values: INodeParameters) =>
	shownParameters(description, typeVersion, values).filter((p) => p.type === 'collection');

describe('Download Media parameters, version 1 (eight groups, kept for saved workflows)', () => {
	const collections = collectionsOf(download, 1, {});
	const shown = collections.flatMap((c) => (c.options as INodeProperties[]).map((o) => o.name));

	it('show every DownloadConfig option exactly once, taken from the library option table', () => {
		expect(collections.map((c) => c.displayName)).toEqual(['Quality & Format', 'Audio', 'Subtitles & Metadata', 'Playlist', 'Network', 'Post-Processing', 'Validation', 'Output']);
		expect([...tableKeys, ...NOT_IN_TABLE].sort()).toEqual(Object.keys(DEFAULT_CONFIG).sort());
		expect([...shown].sort()).toEqual([...tableKeys].sort());
		expect(new Set(shown).size).toBe(shown.length);
	});

	it('keep the four download settings at the top level', () => {
		const names = shownParameters(download, 1, {}).map((p) => p.name);
		for (const name of NODE_OPTIONS) expect(names).toContain(name);
		expect(names).not.toContain('options');
		expect(names).not.toContain('advancedOptions');
	});

	it('use the library defaults as parameter defaults, so a value a user adds means the same as in code', () => {
		for (const collection of collections) for (const option of collection.options as INodeProperties[]) expect(option.default).toEqual(libraryDefault(option.name));
	});
});

describe('Download Media parameters, version 1.1 (Options and Advanced Options)', () => {
	it.each(SITUATIONS)('%j: one Options and one Advanced Options collection, no empty groups, no display name twice', (values) => {
		const shown = shownParameters(download, 1.1, values);
		expect(shown.filter((p) => p.type === 'collection').map((p) => p.displayName)).toEqual(['Options', 'Advanced Options']);
		const names = shown.filter((p) => p.type !== 'notice').map((p) => p.displayName);
		expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
		for (const name of NODE_OPTIONS) expect(shown.map((p) => p.name)).not.toContain(name);
	});

	it.each(SITUATIONS)('%j: every option that fits the operation shows exactly once; the rest are hidden for a stated reason', (values) => {
		const operation = values.operation as Operation;
		const options = shownOptions(download, 1.1, values, 'options').map((o) => o.name);
		const advanced = shownOptions(download, 1.1, values, 'advancedOptions').map((o) => o.name);
		const all = [...options, ...advanced];
		expect(all.filter((n, i) => all.indexOf(n) !== i)).toEqual([]);
		const unfit = operation === 'downloadVideo' ? AUDIO_ONLY : operation === 'downloadAudio' ? VIDEO_ONLY : [];
		const expected = [...NODE_OPTIONS, ...tableKeys.filter((k) => !(k in HIDDEN) && !unfit.includes(k))];
		expect([...all].sort()).toEqual(expected.sort());
		expect(options.filter((n) => !NODE_OPTIONS.includes(n)).sort()).toEqual(tableKeys.filter((k) => PLACEMENT[k as keyof DownloadConfig] === 'options' && !unfit.includes(k)).sort());
	});

	it('lists each hidden library option with its reason, and nothing else', () => {
		const hidden = Object.entries(PLACEMENT).filter(([, p]) => typeof p === 'object') as Array<[string, { hidden: string }]>;
		expect(hidden.map(([k]) => k).sort()).toEqual(Object.keys(HIDDEN).sort());
		for (const [key, { hidden: reason }] of hidden) expect(reason).toMatch(HIDDEN[key]);
		expect(Object.keys(PLACEMENT).sort()).toEqual(Object.keys(DEFAULT_CONFIG).sort());
	});

	it.each(SITUATIONS)('%j: an added option starts at the library default, or at the chosen preset’s value and says it overrides the preset', (values) => {
		const operation = values.operation as Operation;
		// Where two presets set one option (Download Everything), the video part's value comes first.
		const chosen = [values.videoPreset, values.audioPreset].filter((p): p is PresetName => !!p && p !== 'none');
		for (const collection of ['options', 'advancedOptions'])
			for (const option of shownOptions(download, 1.1, values, collection)) {
				if (NODE_OPTIONS.includes(option.name)) continue;
				const key = option.name as keyof DownloadConfig;
				const setters = chosen.filter((p) => key in PRESETS[p]);
				const presetValue = setters.length > 0 ? PRESETS[setters[0]][key] : undefined;
				const expected = presetValue === undefined ? libraryDefault(key) : Array.isArray(presetValue) ? presetValue.join(',') : presetValue;
				expect({ operation, key, value: addedValue(download, 1.1, values, collection, key) }).toEqual({ operation, key, value: expected });
				expect({ key, says: (option.description ?? '').includes('Overrides the preset') }).toEqual({ key, says: setters.length > 0 });
			}
	});

	it('keeps every added option through a save whatever the preset: n8n drops values no variant shows', () => {
		const added = (where: string) => Object.fromEntries(tableKeys.filter((k) => PLACEMENT[k as keyof DownloadConfig] === where).map((k) => [k, libraryDefault(k)]));
		for (const values of SITUATIONS) {
			const unfit = values.operation === 'downloadVideo' ? AUDIO_ONLY : values.operation === 'downloadAudio' ? VIDEO_ONLY : [];
			const saved = stored(download, 1.1, { ...values, options: added('options'), advancedOptions: added('advanced') });
			for (const [collection, where] of [['options', 'options'], ['advancedOptions', 'advanced']])
				expect(Object.keys(saved[collection] as object).sort()).toEqual(Object.keys(added(where)).filter((k) => !unfit.includes(k)).sort());
		}
	});

	it('offers only values the library accepts', () => {
		for (const collection of ['options', 'advancedOptions'])
			for (const option of download.properties.find((p) => p.name === collection)!.options as INodeProperties[])
				if (option.type === 'options')
					for (const choice of option.options as Array<{ value: string }>) {
						if (choice.value === '') continue;
						expect(() => resolveConfig({ [option.name]: choice.value, outputDir: '/x' }, 'none', {})).not.toThrow();
					}
	});

	it('Download Everything has no Put Output File in Field (it always fills video, audio and transcript)', () => {
		expect(shownParameters(download, 1.1, { operation: 'downloadAll' }).map((p) => p.name)).not.toContain('binaryPropertyName');
		expect(shownParameters(download, 1.1, { operation: 'downloadVideo' }).map((p) => p.name)).toContain('binaryPropertyName');
	});

	it('speaks a user’s words: no environment variable names, queue mode, binary store or workers in what the panel shows', () => {
		const texts = (p: INodeProperties): string[] => [
			p.displayName,
			p.description ?? '',
			...((p.options ?? []) as Array<INodeProperties & { description?: string }>).flatMap((o) => ('type' in o ? texts(o) : [String(o.description ?? '')])),
		];
		for (const values of SITUATIONS)
			for (const text of shownParameters(download, 1.1, values).flatMap(texts)) expect(text).not.toMatch(/\b(DOWNLOAD_|N8N_)|queue mode|binary store|\bworkers?\b/i);
	});

	it('the network options say they override the credential, and the two timeouts say how they differ', () => {
		const option = (name: string) => (download.properties.find((p) => p.name === 'advancedOptions')!.options as INodeProperties[]).find((o) => o.name === name)!;
		for (const name of ['proxyUrl', 'userAgent']) expect(option(name).description).toMatch(/overrides the credential’s/);
		expect(option('headers').description).toMatch(/credential’s; a header named in both takes the value given here/);
		expect(option('timeout').description).toMatch(/whole download.*Idle Connection Timeout/);
		expect(option('socketTimeout').description).toMatch(/sends nothing.*never cut/);
	});
});

describe('Media Queue Add, version 1.1: the same Options and Advanced Options', () => {
	const SITUATIONS_ADD = [
		...['none', ...VIDEO_PRESETS].map((videoPreset) => ({ operation: 'add', mediaType: 'video', videoPreset })),
		...['none', ...AUDIO_PRESETS].map((audioPreset) => ({ operation: 'add', mediaType: 'audio', audioPreset })),
	];

	it.each(SITUATIONS_ADD)('%j: the options Download Media shows for that kind, once each, with the preset’s defaults', (values) => {
		const operation = values.mediaType === 'video' ? 'downloadVideo' : 'downloadAudio';
		const mirror = { operation, ...(values.mediaType === 'video' ? { videoPreset: values.videoPreset } : { audioPreset: values.audioPreset }) } as INodeParameters;
		expect(collectionsOf(queue, 1.1, values).map((c) => c.displayName)).toEqual(['Options', 'Advanced Options']);
		for (const collection of ['options', 'advancedOptions']) {
			const expected = shownOptions(download, 1.1, mirror, collection).filter((o) => !['skipDownloaded', 'maxConcurrent', 'allowLocalFiles'].includes(o.name));
			const shown = shownOptions(queue, 1.1, values, collection);
			expect(shown.map((o) => [o.name, o.default, o.description])).toEqual(expected.map((o) => [o.name, o.default, o.description]));
		}
	});

	it('version 1 keeps its eight groups and the top-level Download Playlist Entries', () => {
		expect(collectionsOf(queue, 1, { operation: 'add' }).map((c) => c.name)).toEqual(['qualityFormat', 'audio', 'subtitlesMetadata', 'playlist', 'network', 'postProcessing', 'validation', 'output']);
		expect(shownParameters(queue, 1, { operation: 'add' }).map((p) => p.name)).toContain('downloadPlaylist');
		expect(shownParameters(queue, 1.1, { operation: 'add' }).map((p) => p.name)).not.toContain('downloadPlaylist');
		expect(collectionsOf(queue, 1.1, { operation: 'process' })).toEqual([]);
	});
});
