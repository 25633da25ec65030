import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { OPTION_TABLE, type DownloadConfig } from '../../../lib';
import { toProperty } from './configOptions';
import { presetVariants, type PresetScope } from './presetVariants';

type Placement = 'options' | 'advanced' | { hidden: string };

/**
 * Where each library option sits in the version 1.1 panel: everyday ones under Options, the rest under
 * Advanced Options, a few not at all (with the reason). Typed over every DownloadConfig key, so a new
 * library option does not compile until it has a place.
 */
export const PLACEMENT: Record<keyof DownloadConfig, Placement> = {
	quality: 'options',
	format: 'options',
	audioFormat: 'options',
	audioQuality: 'options',
	normalizeAudio: 'options',
	subtitleLanguages: 'options',
	writeSubtitles: 'options',
	embedSubtitles: 'options',
	autoSubtitles: 'options',
	embedMetadata: 'options',
	embedArtwork: 'options',
	embedChapters: 'options',
	cookieFile: 'options',
	outputTemplate: 'options',
	checksum: 'options',
	verifyDownload: 'options',

	videoCodec: 'advanced',
	audioCodec: 'advanced',
	loudnessTarget: 'advanced',
	writeInfoJson: 'advanced',
	writeDescription: 'advanced',
	writeThumbnail: 'advanced',
	startNumber: 'advanced',
	endNumber: 'advanced',
	maxDownloads: 'advanced',
	downloadArchive: 'advanced',
	ignoreErrors: 'advanced',
	timeout: 'advanced',
	socketTimeout: 'advanced',
	maxRetries: 'advanced',
	retryDelay: 'advanced',
	resumeDownloads: 'advanced',
	concurrentFragments: 'advanced',
	rateLimitMbps: 'advanced',
	requestDelay: 'advanced',
	respectRobotsTxt: 'advanced',
	userAgent: 'advanced',
	proxyUrl: 'advanced',
	headers: 'advanced',
	convertFormat: 'advanced',
	removeSourceFiles: 'advanced',
	minFileSize: 'advanced',
	maxFileSize: 'advanced',
	createDirectories: 'advanced',
	overwriteExisting: 'advanced',

	writeAnnotations: { hidden: 'has no effect (annotations no longer exist upstream); the library accepts it for the spec and warns' },
	useCookies: { hidden: 'part of Cookie File: a path given turns it on' },
	outputDir: { hidden: 'the top-level Output Folder' },
	audioOnly: { hidden: 'the operation (Download Audio) or Download: Audio' },
	cookies: { hidden: "the Media Site credential's cookies" },
};

/** The version 1.1 collections: Options (everyday) and Advanced Options, shown where `show` says. */
export function optionCollections(scopes: PresetScope[], nodeOptions: INodeProperties[], show: IDisplayOptions['show']): INodeProperties[] {
	const placed = (where: 'options' | 'advanced') =>
		OPTION_TABLE.filter((spec) => PLACEMENT[spec.key] === where)
			.map(toProperty)
			.flatMap((property) => presetVariants(property, scopes));
	const collection = (displayName: string, name: string, options: INodeProperties[]): INodeProperties => ({
		displayName,
		name,
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		// Stable sort: the variants of one option stay together in their order.
		options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	});
	return [collection('Options', 'options', [...nodeOptions, ...placed('options')]), collection('Advanced Options', 'advancedOptions', placed('advanced'))];
}
