export { formatSelector, siteAuthFor, toYtDlpArgs, type ArgsContext, type SelectorStrictness } from './args';
export { DEFAULT_CONFIG, envDefaults, envMaxConcurrent } from './defaults';
export { PRESET_NAMES, PRESETS, type PresetName } from './presets';
export * from './types';
export { checkOutputTemplate, parseBitrate, parseSize, qualityHeight, resolveConfig, validateConfig } from './validate';
