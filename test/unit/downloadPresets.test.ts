import { NodeHelpers, type IExecuteFunctions, type INodeParameters, type INodeProperties } from 'n8n-workflow';

import { AUDIO_PRESETS, getVideo, PRESET_NAMES, resolveConfig, VIDEO_PRESETS, type ContentOptions, type PresetName } from '../../lib';
import { readDownloadOptions } from '../../nodes/DownloadMedia/actions/readOptions';
import { DownloadMedia } from '../../nodes/DownloadMedia/DownloadMedia.node';

const description = new DownloadMedia().description;
const property = (name: string) => description.properties.find((p) => p.name === name);
const choices = (p: INodeProperties | undefined) => (p?.options as Array<{ value: string }>).map((o) => o.value);

type Operation = 'downloadVideo' | 'downloadAudio' | 'downloadAll';

/** The parameters n8n keeps for a node (hidden ones dropped, defaults filled), as getNodeParameter sees them. */
function stored(values: INodeParameters): INodeParameters {
	return NodeHelpers.getNodeParameters(description.properties, values, true, false, { typeVersion: 1 }, description)!;
}

function context(values: INodeParameters): IExecuteFunctions {
	const parameters = stored(values);
	return {
		getNodeParameter: (name: string, _item: number, fallback?: unknown) => {
			if (name in parameters) return parameters[name];
			if (fallback === undefined) throw new Error(`Could not get parameter "${name}"`);
			return fallback;
		},
	} as unknown as IExecuteFunctions;
}

const read = (values: INodeParameters): ContentOptions => readDownloadOptions(context({ url: 'https://example.com/v', outputDir: '/srv/media', ...values }), 0);

/** What the node's Download Video / Download Audio call resolves to (it passes audioOnly by operation). */
const nodeConfig = (operation: Operation, options: ContentOptions) => resolveConfig({ outputDir: options.outputDir, audioOnly: operation === 'downloadAudio' }, options.preset, {});

describe('Download Media presets (one parameter per kind, each operation offers the presets that fit)', () => {
	it('has no shared "preset" parameter: videoPreset and audioPreset, each shown for its operations', () => {
		expect(property('preset')).toBeUndefined();
		expect(property('videoPreset')).toMatchObject({ type: 'options', default: 'none', displayOptions: { show: { operation: ['downloadVideo', 'downloadAll'] } } });
		expect(property('audioPreset')).toMatchObject({ type: 'options', default: 'none', displayOptions: { show: { operation: ['downloadAudio', 'downloadAll'] } } });
		expect(choices(property('videoPreset'))).toEqual(['none', 'videoArchive', 'socialMedia', 'liveStream']);
		expect(choices(property('audioPreset'))).toEqual(['none', 'podcast', 'music']);
		expect([...AUDIO_PRESETS, ...VIDEO_PRESETS].sort()).toEqual([...PRESET_NAMES].sort());
	});

	it('Download Video: the video preset is the preset; an audio preset saved in the other parameter is not kept', () => {
		expect(read({ operation: 'downloadVideo', videoPreset: 'socialMedia' })).toMatchObject({ preset: 'socialMedia' });
		const options = read({ operation: 'downloadVideo', audioPreset: 'podcast' });
		expect(options.preset).toBe('none');
		expect(options).not.toHaveProperty('audioPreset');
		expect(stored({ operation: 'downloadVideo', audioPreset: 'podcast', url: 'u' })).not.toHaveProperty('audioPreset');
	});

	it('Download Audio: the audio preset is the preset', () => {
		expect(read({ operation: 'downloadAudio', audioPreset: 'music' })).toMatchObject({ preset: 'music' });
		expect(read({ operation: 'downloadAudio', videoPreset: 'liveStream' }).preset).toBe('none');
	});

	it('Download Everything: one preset per part', () => {
		const options = read({ operation: 'downloadAll', videoPreset: 'videoArchive', audioPreset: 'podcast' });
		expect(options).toMatchObject({ videoPreset: 'videoArchive', audioPreset: 'podcast' });
		expect(options.preset).toBeUndefined();
	});

	it.each<[Operation, string]>([
		['downloadVideo', 'videoPreset'],
		['downloadAudio', 'audioPreset'],
	])('every preset %s offers gives what the operation downloads', (operation, parameter) => {
		for (const preset of choices(property(parameter))) {
			const config = nodeConfig(operation, read({ operation, [parameter]: preset }));
			expect({ preset, audioOnly: config.audioOnly }).toEqual({ preset, audioOnly: operation === 'downloadAudio' });
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
