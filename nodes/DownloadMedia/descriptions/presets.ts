import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { AUDIO_PRESETS, DEFAULT_CONFIG, isAudioPreset, OPTION_TABLE, PRESETS, VIDEO_PRESETS, type DownloadConfig, type OptionSpec, type PresetName } from '../../../lib';
import { choiceLabel } from './choices';
import { templateExample, templateInWords } from './templateText';

const PRESET_LABELS: Record<PresetName, string> = {
	podcast: 'Podcast (MP3 128k, Normalized, Artwork, Archive)',
	music: 'Music (MP3 320k, Normalized, Artwork)',
	videoArchive: 'Video Archive (Best, MKV, Subtitles, Metadata)',
	socialMedia: 'Social Media (720p MP4, Max 100MB)',
	liveStream: 'Live Stream (720p MP4, Long Timeout, Resume)',
};

/** "Podcast", "Video Archive": the preset's name without its summary. */
export const presetName = (name: PresetName) => PRESET_LABELS[name].replace(/ \(.*$/, '');

export const presetChoices = (names: readonly PresetName[]) => [{ name: 'None', value: 'none' }, ...names.map((name) => ({ name: PRESET_LABELS[name], value: name }))];

/** The two preset parameters: each offers only the presets that make what it is for. */
export type PresetParameter = 'videoPreset' | 'audioPreset';
export const PRESETS_OF: Record<PresetParameter, readonly PresetName[]> = { videoPreset: VIDEO_PRESETS, audioPreset: AUDIO_PRESETS };

export function presetParameter(name: PresetParameter, show: IDisplayOptions['show']): INodeProperties {
	const kind = name === 'videoPreset' ? 'video' : 'audio';
	return {
		displayName: name === 'videoPreset' ? 'Video Preset' : 'Audio Preset',
		name,
		type: 'options',
		default: 'none',
		displayOptions: { show },
		options: presetChoices(PRESETS_OF[name]),
		description: `Starting values for the ${kind} options and the folder layout; every option you add overrides the preset`,
	};
}

const SPEC = new Map<string, OptionSpec>(OPTION_TABLE.map((spec) => [spec.key, spec]));

/** The extension a preset's files get, for its template example. */
const extOf = (preset: PresetName) => (isAudioPreset(preset) ? (PRESETS[preset].audioFormat ?? DEFAULT_CONFIG.audioFormat) : (PRESETS[preset].format ?? DEFAULT_CONFIG.format));

/** One option value as a user reads it: "on", "MKV", "en, es, fr", a template with an example. */
export function valueInWords(key: keyof DownloadConfig, value: unknown, preset: PresetName): string {
	const spec = SPEC.get(key);
	if (key === 'outputTemplate') return `${templateInWords(String(value))} (e.g. ${templateExample(String(value), extOf(preset))})`;
	if (typeof value === 'boolean') return value ? 'on' : 'off';
	if (Array.isArray(value)) return value.join(', ');
	if (spec?.type === 'options') return choiceLabel(String(value));
	return String(value);
}

/** The options a preset sets, in its own order (audioOnly is the operation's, not an option). */
export const presetEntries = (preset: PresetName) =>
	(Object.entries(PRESETS[preset]) as Array<[keyof DownloadConfig, unknown]>).filter(([key]) => SPEC.has(key));

/** What a preset sets, in words, for the notice under the preset parameter. */
export function presetNoticeText(preset: PresetName): string {
	const values = presetEntries(preset).map(([key, value]) => `${SPEC.get(key)!.label}: ${valueInWords(key, value, preset)}`);
	return `${presetName(preset)} sets ${values.join('; ')}. An option you add replaces the preset's value.`;
}

/** One notice per preset, shown under its parameter while that preset is chosen. */
export function presetNotices(name: PresetParameter, show: IDisplayOptions['show']): INodeProperties[] {
	return PRESETS_OF[name].map((preset) => ({
		displayName: presetNoticeText(preset),
		name: `${preset}PresetNotice`,
		type: 'notice',
		default: '',
		displayOptions: { show: { ...show, [name]: [preset] } },
	}));
}
