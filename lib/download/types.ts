import type { MediaError } from '../errors';
import type { Checksum } from '../ffmpeg';
import type { MediaInfo } from '../mediaInfo';

export type Strategy = 'requested' | 'relaxed' | 'best' | 'direct';

export interface FallbackAttempt {
	strategy: Strategy;
	/** the format selector tried (or the URL for a direct download) */
	selector: string;
	error: string;
	kind: MediaError['kind'];
}

export interface SideFiles {
	info?: string;
	description?: string;
	subtitles: string[];
	thumbnail?: string;
}

/** One downloaded (or skipped) file, as the spec's DownloadResult. */
export interface DownloadResult {
	/** absolute path; for `skipped: 'archive'` undefined (nothing was written) */
	localPath?: string;
	fileSize: number;
	/** container/extension of the file */
	format: string;
	/** seconds, read back from the file with ffprobe when verified */
	duration: number | null;
	/** the file's digest and its algorithm (the `checksum` option, xxhash64 by default); absent with `none` */
	checksum?: Checksum;
	/** the same digest when the algorithm is sha256, the spec's field */
	sha256?: string;
	strategyUsed: Strategy;
	fallbackAttempts: FallbackAttempt[];
	/** `playlistIndex`: the entry's position when it came from a playlist */
	info: Partial<MediaInfo> & { id: string; title: string; url: string; playlistIndex?: number };
	files: SideFiles;
	skipped?: 'archive' | 'exists';
	/** things the user asked for that could not apply (e.g. artwork in WebM), and notes */
	warnings: string[];
}
