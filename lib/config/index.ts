export { formatSelector, siteAuthFor, toYtDlpArgs, type ArgsContext, type SelectorStrictness } from './args';
export { DEFAULT_CONFIG, envDefaults, envMaxConcurrent, n8nDefaultOutputDir } from './defaults';
export { PRESET_NAMES, PRESETS, type PresetName } from './presets';
export * from './types';
export { checkOutputTemplate, parseBitrate, parseSize, qualityHeight, resolveConfig, validateConfig } from './validate';
export { NOT_IN_TABLE, OPTION_TABLE, type OptionGroup, type OptionSpec } from './optionTable';
