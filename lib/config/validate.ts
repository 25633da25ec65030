import path from 'node:path';

import { parseBitrate } from '../bitrate';
import { MediaError } from '../errors';
import { DEFAULT_CONFIG, envDefaults, envProfile, PROFILES } from './defaults';
import { isAudioPreset, PRESET_NAMES, PRESETS, type PresetName } from './presets';
import { AUDIO_CODECS, AUDIO_FORMATS, CHECKSUMS, QUALITIES, VIDEO_CODECS, VIDEO_CONTAINERS, type AudioFormat, type DownloadConfig, type DownloadOptions, type VideoContainer } from './types';

const UNITS: Record<string, number> = { '': 1, B: 1, K: 1e3, KB: 1e3, KIB: 1024, M: 1e6, MB: 1e6, MIB: 1024 ** 2, G: 1e9, GB: 1e9, GIB: 1024 ** 3, T: 1e12, TB: 1e12, TIB: 1024 ** 4 };

function invalid(message: string): MediaError {
	return new MediaError('InvalidInput', message);
}

/** "1MB" → 1,000,000; "1.5GiB" → 1,610,612,736 (SI units as yt-dlp reads them; KiB/MiB/GiB binary). */
export function parseSize(text: string, name = 'size'): number {
	const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
	const factor = m ? UNITS[m[2].toUpperCase()] : undefined;
	if (!m || factor === undefined) throw invalid(`${name} "${text}" is not a size. Write it like 500KB, 50MB or 2GB.`);
	return Math.round(Number(m[1]) * factor);
}

/** An audio quality in kbit/s: "192k" → 192; "best" (keep the source's quality) → null. */
export function audioQualityKbps(text: string, name = 'audio quality'): number | null {
	if (/^\s*best\s*$/i.test(text)) return null;
	try {
		return Math.round(parseBitrate(text, name) / 1000);
	} catch {
		throw invalid(`${name} "${text}" is not a bitrate. Write it like 128k, 192k or 320k, or "best".`);
	}
}

/** Height of a quality name, or null for best/worst. */
export function qualityHeight(quality: string): number | null {
	const m = /^(\d{3,4})p$/.exec(quality);
	return m ? Number(m[1]) : null;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
	if (!allowed.includes(value as T)) throw invalid(`${name} "${String(value)}" is not one of ${allowed.join(', ')}.`);
	return value as T;
}

function nonNegative(value: unknown, name: string): number {
	const n = Number(value);
	if (!Number.isFinite(n) || n < 0) throw invalid(`${name} must be a number ≥ 0, got "${String(value)}".`);
	return n;
}

/**
 * Refuses output templates that could put files outside the output folder: absolute paths, `..`
 * segments, home references. Field values themselves are sanitised by yt-dlp (a title's "/" becomes a
 * look-alike character); the download code also checks every final path.
 */
export function checkOutputTemplate(template: string): void {
	if (template.trim() === '') throw invalid('The output template is empty.');
	if (path.isAbsolute(template) || template.startsWith('~')) throw invalid(`The output template "${template}" must be relative to the output folder.`);
	const literal = template.replace(/%\([^)]*\)[-#0+ ]*\d*(?:\.\d+)?[diouxXeEfFgGcrsjlqDSUBhp]/g, 'X');
	if (literal.split(/[\\/]/).some((segment) => segment.trim() === '..'))
		throw invalid(`The output template "${template}" contains "..": files must stay inside the output folder.`);
	if (/[\0\r\n]/.test(template)) throw invalid('The output template contains control characters.');
}

/** Checks a complete config; every message names the option and says what a valid value looks like. */
export function validateConfig(config: DownloadConfig): DownloadConfig {
	oneOf(config.quality, QUALITIES, 'Quality');
	oneOf(config.format, VIDEO_CONTAINERS, 'Format');
	oneOf(config.audioFormat, AUDIO_FORMATS, 'Audio format');
	oneOf(config.videoCodec, VIDEO_CODECS, 'Video codec');
	oneOf(config.audioCodec, AUDIO_CODECS, 'Audio codec');
	audioQualityKbps(config.audioQuality);
	oneOf(config.checksum, CHECKSUMS, 'Checksum');
	if (config.minFileSize) parseSize(config.minFileSize, 'Min file size');
	if (config.maxFileSize) parseSize(config.maxFileSize, 'Max file size');
	if (config.minFileSize && config.maxFileSize && parseSize(config.minFileSize) > parseSize(config.maxFileSize))
		throw invalid(`Min file size ${config.minFileSize} is larger than max file size ${config.maxFileSize}.`);
	for (const key of ['timeout', 'socketTimeout', 'maxRetries', 'retryDelay', 'rateLimitMbps', 'requestDelay', 'maxDownloads', 'endNumber'] as const)
		nonNegative(config[key], key);
	if (!Number.isInteger(config.concurrentFragments) || config.concurrentFragments < 1 || config.concurrentFragments > 32)
		throw invalid(`concurrentFragments must be a whole number from 1 to 32, got "${config.concurrentFragments}".`);
	if (!Number.isInteger(config.startNumber) || config.startNumber < 1) throw invalid(`startNumber must be a whole number ≥ 1, got "${config.startNumber}".`);
	if (config.endNumber && config.endNumber < config.startNumber) throw invalid(`endNumber ${config.endNumber} is before startNumber ${config.startNumber}.`);
	if (config.loudnessTarget > -5 || config.loudnessTarget < -70) throw invalid(`Loudness target ${config.loudnessTarget} LUFS is outside -70…-5.`);
	if (!config.outputDir) throw invalid('The output folder is empty.');
	checkOutputTemplate(config.outputTemplate);
	for (const lang of config.subtitleLanguages)
		if (!/^[A-Za-z0-9_.*+-]+$/.test(lang)) throw invalid(`Subtitle language "${lang}" is not a language code (en, de, pt-BR, or a pattern like en.*).`);
	if (config.convertFormat) oneOf(config.convertFormat, [...VIDEO_CONTAINERS, ...AUDIO_FORMATS], 'Convert format');
	return config;
}

/**
 * The spec writes `format` for the audio format of audio-only downloads (`{ audioOnly: true, format:
 * 'mp3' }`); here `format` is the video container, so an audio format given as `format` is moved to
 * audioFormat (and the container stays what the layers below gave).
 */
function moveAudioFormat(config: DownloadConfig, explicit: DownloadOptions, below: VideoContainer): DownloadConfig {
	const format = explicit.format as string | undefined;
	if (format === undefined || !(AUDIO_FORMATS as readonly string[]).includes(format)) return config;
	if (!config.audioOnly)
		throw invalid(`Format "${format}" is an audio format: set audioOnly: true (or use getAudio) for audio, or choose a video container (${VIDEO_CONTAINERS.join(', ')}).`);
	if (explicit.audioFormat !== undefined && explicit.audioFormat !== format)
		throw invalid(`Format "${format}" and audio format "${explicit.audioFormat}" disagree: give one of them.`);
	return { ...config, audioFormat: format as AudioFormat, format: below };
}

/**
 * Defaults < environment profile (ENVIRONMENT=production|development) < DOWNLOAD_* environment <
 * preset < explicit options. Explicit `undefined` values do not override (so a node can pass every
 * parameter it has). An audio preset with `audioOnly: false` (a video download) is refused: it would
 * give a video with the audio settings, not what the preset promises.
 */
export function resolveConfig(options: DownloadOptions = {}, preset?: PresetName | 'none', env: NodeJS.ProcessEnv = process.env): DownloadConfig {
	if (preset && preset !== 'none' && !PRESET_NAMES.includes(preset)) throw invalid(`Preset "${preset}" is not one of ${PRESET_NAMES.join(', ')}.`);
	const explicit = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as DownloadOptions;
	if (isAudioPreset(preset) && explicit.audioOnly === false)
		throw invalid(`The ${preset} preset makes audio files, so it cannot be used for a video download. Use getAudio (Download Audio in n8n), or a video preset.`);
	let fromEnv: Partial<DownloadConfig>;
	try {
		fromEnv = envDefaults(env);
	} catch (error) {
		throw invalid((error as Error).message);
	}
	const profileName = envProfile(env);
	const profile = profileName ? PROFILES[profileName] : {};
	const below = { ...DEFAULT_CONFIG, ...profile, ...fromEnv, ...(preset && preset !== 'none' ? PRESETS[preset] : {}) } as DownloadConfig;
	return validateConfig(moveAudioFormat({ ...below, ...explicit } as DownloadConfig, explicit, below.format));
}
