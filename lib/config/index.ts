export { formatSelector, siteAuthFor, type RunPaths, type SelectorStrictness } from './args';
export { DEFAULT_CONFIG, envDefaults, envMaxConcurrent, envProfile, n8nDefaultOutputDir, OUR_USER_AGENT, PROFILE_NAMES, PROFILES, type ProfileName } from './defaults';
export { AUDIO_PRESETS, isAudioPreset, PRESET_NAMES, PRESETS, VIDEO_PRESETS, type PresetName } from './presets';
export * from './types';
export { audioQualityKbps, checkOutputTemplate, parseSize, qualityHeight, resolveConfig, validateConfig } from './validate';
export { NOT_IN_TABLE, OPTION_TABLE, type OptionGroup, type OptionSpec } from './optionTable';
