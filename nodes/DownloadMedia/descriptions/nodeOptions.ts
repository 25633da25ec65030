import type { INodeProperties } from 'n8n-workflow';

import { allowLocalFilesOption } from '../../shared/infoOptions';

/** Download settings of the node rather than the library's config: top-level in version 1, under Options since 1.1. */
export const downloadPlaylistOption: INodeProperties = {
	displayName: 'Download Playlist Entries',
	name: 'downloadPlaylist',
	type: 'boolean',
	default: false,
	description: 'Whether a URL naming both a video and a playlist downloads the playlist (one item per file); Playlist Start, Playlist End and Max Downloads limit it',
};

export const skipDownloadedOption: INodeProperties = {
	displayName: 'Skip Items Already Downloaded',
	name: 'skipDownloaded',
	type: 'boolean',
	default: false,
	description: 'Whether to skip media this node downloaded in an earlier execution; n8n remembers the media by its ID, and a failed download is tried again next time',
};

export const maxConcurrentOption: INodeProperties = {
	displayName: 'Max Concurrent Downloads',
	name: 'maxConcurrent',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 16 },
	default: 0,
	description: "How many items (and playlist entries) download at the same time; the output keeps the input order. 0 = this n8n's setting, 3 unless changed.",
};

export const downloadNodeOptions: INodeProperties[] = [downloadPlaylistOption, skipDownloadedOption, maxConcurrentOption, allowLocalFilesOption];
