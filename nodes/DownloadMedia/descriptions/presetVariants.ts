import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { PRESETS, type DownloadConfig, type PresetName } from '../../../lib';
import { presetName, PRESETS_OF, valueInWords, type PresetParameter } from './presets';

/**
 * One way a panel asks for presets: the root parameters that select it (Download Media's operation, Media
 * Queue's Download), the preset parameters in effect there (the first wins where two set one option) and
 * what it downloads.
 */
export interface PresetScope {
	when: Record<string, string[]>;
	presets: PresetParameter[];
	makes: 'video' | 'audio' | 'both';
}

/** Options that only shape one kind of file: not offered where that kind is not downloaded. */
const ONLY_FOR: Partial<Record<keyof DownloadConfig, 'video' | 'audio'>> = { quality: 'video', format: 'video', videoCodec: 'video', audioFormat: 'audio' };

export const fitsScope = (key: string, scope: PresetScope) => {
	const only = ONLY_FOR[key as keyof DownloadConfig];
	return !only || scope.makes === 'both' || scope.makes === only;
};

/** The value an option's parameter shows for a preset's value (lists are comma-separated text). */
const asDefault = (value: unknown) => (Array.isArray(value) ? value.join(',') : value) as INodeProperties['default'];

type Pick = { parameter: PresetParameter; preset: PresetName } | { parameter: PresetParameter; notOneOf: PresetName[] };

/** Every combination of one choice per list: [[a, b], [c]] → [[a, c], [b, c]]. */
const combinations = <T>(lists: T[][]): T[][] => lists.reduce<T[][]>((acc, list) => acc.flatMap((head) => list.map((x) => [...head, x])), [[]]);

/**
 * An option of the Options collections, once per preset situation, each shown by n8n only in its own (root
 * references with a leading slash reach the preset parameters from inside a collection): under a preset that
 * sets the option, its default is the preset's value and its description says the option overrides it.
 * Together the variants cover every situation exactly once, so n8n never drops a value a user added.
 */
export function presetVariants(base: INodeProperties, scopes: PresetScope[]): INodeProperties[] {
	const key = base.name as keyof DownloadConfig;
	const fitting = scopes.filter((scope) => fitsScope(key, scope));
	const setBySomePreset = fitting.some((scope) => scope.presets.some((parameter) => PRESETS_OF[parameter].some((preset) => key in PRESETS[preset])));
	// Shown everywhere with one default: the option as the table gives it.
	if (!setBySomePreset && fitting.length === scopes.length) return [base];
	const variants: INodeProperties[] = [];
	for (const scope of fitting) {
		const settingParameters = scope.presets
			.map((parameter) => ({ parameter, setters: PRESETS_OF[parameter].filter((preset) => key in PRESETS[preset]) }))
			.filter((p) => p.setters.length > 0);
		const picks = combinations<Pick>(
			settingParameters.map(({ parameter, setters }) => [...setters.map((preset) => ({ parameter, preset })), { parameter, notOneOf: setters }]),
		);
		for (const pick of picks) {
			const chosen = pick.filter((p): p is Extract<Pick, { preset: PresetName }> => 'preset' in p);
			const others = pick.filter((p): p is Extract<Pick, { notOneOf: PresetName[] }> => 'notOneOf' in p);
			const show: IDisplayOptions['show'] = { ...rooted(scope.when), ...Object.fromEntries(chosen.map((p) => [`/${p.parameter}`, [p.preset]])) };
			const hide: IDisplayOptions['hide'] = Object.fromEntries(others.map((p) => [`/${p.parameter}`, p.notOneOf]));
			const overrides = chosen.map(({ preset }) => `${presetName(preset)} sets ${valueInWords(key, PRESETS[preset][key], preset)}`);
			variants.push({
				...base,
				default: chosen.length > 0 ? asDefault(PRESETS[chosen[0].preset][key]) : base.default,
				description: overrides.length > 0 ? `${base.description}. Overrides the preset: ${overrides.join(', ')}.` : base.description,
				displayOptions: { show, ...(others.length > 0 ? { hide } : {}) },
			});
		}
	}
	return mergeScopes(variants);
}

const rooted = (when: Record<string, string[]>) => Object.fromEntries(Object.entries(when).map(([name, values]) => [`/${name}`, values]));

/** Variants that differ only in the scope they are for become one (e.g. Video Codec for two operations). */
function mergeScopes(variants: INodeProperties[]): INodeProperties[] {
	const merged = new Map<string, INodeProperties>();
	for (const variant of variants) {
		const { show = {}, hide } = variant.displayOptions!;
		const scopeKeys = Object.keys(show).filter((k) => !/^\/(video|audio)Preset$/.test(k));
		const rest = Object.fromEntries(Object.entries(show).filter(([k]) => !scopeKeys.includes(k)));
		const id = JSON.stringify([variant.default, variant.description, hide, rest, scopeKeys]);
		const seen = merged.get(id);
		// One scope parameter (operation, or Media Queue's Download): its values can simply be joined.
		if (!seen || scopeKeys.length !== 1) merged.set(seen ? `${id}#${merged.size}` : id, variant);
		else for (const k of scopeKeys) seen.displayOptions!.show![k] = [...seen.displayOptions!.show![k]!, ...show[k]!];
	}
	return [...merged.values()];
}
