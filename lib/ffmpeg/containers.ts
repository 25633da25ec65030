import path from 'node:path';

/** The containers the download code can ask for (DownloadConfig format / convertFormat). */
export const CONTAINERS = ['mp4', 'mkv', 'webm', 'mp3', 'm4a', 'opus', 'ogg', 'flac', 'wav', 'mov'] as const;
export type Container = (typeof CONTAINERS)[number];

export interface ContainerSupport {
	container: Container;
	/** ffmpeg's muxer name, passed with -f so temp names need no extension. */
	muxer: string;
	audioOnly: boolean;
	/** Title, artist, date… tags. */
	metadata: boolean;
	/** The format can hold a cover picture (yt-dlp --embed-thumbnail). */
	artwork: boolean;
	/** ffmpeg 5.1 writes a copied cover stream into it, so conversion and normalisation keep artwork. */
	artworkByFfmpeg: boolean;
	chapters: boolean;
	/** Subtitle codecs stored as they are; empty: no subtitles at all. */
	subtitleCodecs: readonly string[];
	/** Text subtitles in other codecs are converted to this one; undefined: dropped. */
	subtitleEncoder?: string;
	/** Codecs kept by stream copy; anything else is re-encoded. */
	videoCodecs: readonly string[];
	audioCodecs: readonly string[];
	videoEncoder?: string;
	audioEncoder: string;
}

const MP4_VIDEO = ['h264', 'hevc', 'av1', 'mpeg4'];
const MKV_SUBTITLES = ['subrip', 'ass', 'ssa', 'webvtt', 'hdmv_pgs_subtitle', 'dvd_subtitle', 'dvb_subtitle'];
const PCM = ['pcm_s16le', 'pcm_s24le', 'pcm_s32le', 'pcm_f32le', 'pcm_u8'];
const AUDIO_ONLY = { audioOnly: true, videoCodecs: [], subtitleCodecs: [] } as const;

/*
 * Facts checked against ffmpeg 5.1 by writing each container and reading it back (see
 * test/unit/ffmpeg/containers.test.ts and the convert integration tests). Surprises worth keeping:
 * - ffmpeg can put VP9 and Opus into MP4, but Apple players and many TVs cannot play them; someone who
 *   asks for mp4 wants a file that plays everywhere, so those are re-encoded to H.264/AAC.
 * - ffmpeg drops a copied cover from MOV silently and cannot copy one into Matroska (it needs -attach)
 *   or Ogg; yt-dlp embeds covers there by other means (mutagen for Ogg/Opus/FLAC), so `artwork` stays true.
 * - ffmpeg writes chapters into Opus-in-Ogg and MP3 (ID3 CHAP) but not into FLAC or Vorbis-in-Ogg.
 */
const TABLE: Record<Container, ContainerSupport> = {
	mp4: {
		container: 'mp4', muxer: 'mp4', audioOnly: false, metadata: true, artwork: true, artworkByFfmpeg: true, chapters: true,
		subtitleCodecs: ['mov_text'], subtitleEncoder: 'mov_text',
		videoCodecs: MP4_VIDEO, audioCodecs: ['aac', 'mp3', 'ac3', 'eac3', 'alac'], videoEncoder: 'libx264', audioEncoder: 'aac',
	},
	mov: {
		container: 'mov', muxer: 'mov', audioOnly: false, metadata: true, artwork: true, artworkByFfmpeg: false, chapters: true,
		subtitleCodecs: ['mov_text'], subtitleEncoder: 'mov_text',
		videoCodecs: ['h264', 'hevc', 'mpeg4', 'prores', 'mjpeg'], audioCodecs: ['aac', 'mp3', 'alac', 'ac3', 'pcm_s16le', 'pcm_s24le'],
		videoEncoder: 'libx264', audioEncoder: 'aac',
	},
	mkv: {
		container: 'mkv', muxer: 'matroska', audioOnly: false, metadata: true, artwork: true, artworkByFfmpeg: false, chapters: true,
		// "Any" subtitles, except that ffmpeg cannot copy MP4's mov_text into Matroska: text is converted to SRT.
		subtitleCodecs: MKV_SUBTITLES, subtitleEncoder: 'srt',
		videoCodecs: ['h264', 'hevc', 'vp8', 'vp9', 'av1', 'mpeg4', 'mpeg2video', 'theora', 'prores', 'ffv1'],
		audioCodecs: ['aac', 'mp3', 'opus', 'vorbis', 'flac', 'alac', 'ac3', 'eac3', 'dts', 'truehd', ...PCM],
		videoEncoder: 'libx264', audioEncoder: 'aac',
	},
	webm: {
		container: 'webm', muxer: 'webm', audioOnly: false, metadata: true, artwork: false, artworkByFfmpeg: false, chapters: true,
		subtitleCodecs: ['webvtt'], subtitleEncoder: 'webvtt',
		videoCodecs: ['vp8', 'vp9', 'av1'], audioCodecs: ['opus', 'vorbis'], videoEncoder: 'libvpx-vp9', audioEncoder: 'libopus',
	},
	mp3: { container: 'mp3', muxer: 'mp3', ...AUDIO_ONLY, metadata: true, artwork: true, artworkByFfmpeg: true, chapters: true, audioCodecs: ['mp3'], audioEncoder: 'libmp3lame' },
	m4a: { container: 'm4a', muxer: 'ipod', ...AUDIO_ONLY, metadata: true, artwork: true, artworkByFfmpeg: true, chapters: true, audioCodecs: ['aac', 'alac'], audioEncoder: 'aac' },
	opus: { container: 'opus', muxer: 'opus', ...AUDIO_ONLY, metadata: true, artwork: true, artworkByFfmpeg: false, chapters: true, audioCodecs: ['opus'], audioEncoder: 'libopus' },
	ogg: { container: 'ogg', muxer: 'ogg', ...AUDIO_ONLY, metadata: true, artwork: true, artworkByFfmpeg: false, chapters: false, audioCodecs: ['vorbis', 'opus', 'flac'], audioEncoder: 'libvorbis' },
	flac: { container: 'flac', muxer: 'flac', ...AUDIO_ONLY, metadata: true, artwork: true, artworkByFfmpeg: true, chapters: false, audioCodecs: ['flac'], audioEncoder: 'flac' },
	wav: { container: 'wav', muxer: 'wav', ...AUDIO_ONLY, metadata: true, artwork: false, artworkByFfmpeg: false, chapters: false, audioCodecs: PCM, audioEncoder: 'pcm_s16le' },
};

/** Extensions that are another name for a container above. */
const ALIASES: Record<string, Container> = { m4v: 'mp4', m4b: 'm4a', mka: 'mkv', oga: 'ogg' };

function normalizeExt(ext: string): string {
	return ext.trim().toLowerCase().replace(/^\./, '');
}

/** What a container supports, by extension ("mp4", ".MKV", "m4b"); undefined for one this package does not know. */
export function containerSupport(ext: string): ContainerSupport | undefined {
	const key = normalizeExt(ext);
	if (key in TABLE) return TABLE[key as Container];
	return ALIASES[key] ? TABLE[ALIASES[key]] : undefined;
}

/** The container a file name's extension names, if known. */
export function containerOfPath(file: string): ContainerSupport | undefined {
	return containerSupport(path.extname(file));
}

export interface EmbedRequest {
	metadata?: boolean;
	artwork?: boolean;
	chapters?: boolean;
	subtitles?: boolean;
}

const EMBED_NOUNS: Array<[keyof EmbedRequest, string, (c: ContainerSupport) => boolean]> = [
	['metadata', 'metadata', (c) => c.metadata],
	['artwork', 'artwork', (c) => c.artwork],
	['chapters', 'chapters', (c) => c.chapters],
	['subtitles', 'subtitles', (c) => c.subtitleCodecs.length > 0],
];

/** One warning per requested embed the container cannot hold, e.g. "webm cannot hold artwork; it was not embedded". */
export function unsupportedEmbeds(ext: string, wanted: EmbedRequest): string[] {
	const name = normalizeExt(ext);
	const support = containerSupport(name);
	const requested = EMBED_NOUNS.filter(([key]) => wanted[key]);
	if (!support) {
		if (requested.length === 0) return [];
		return [`${name || 'a file without extension'} is not a container this package knows; ${requested.map(([, noun]) => noun).join(', ')} may not be embedded`];
	}
	return requested
		.filter(([, , supported]) => !supported(support))
		.map(([, noun]) => `${name} cannot hold ${noun}; ${noun === 'artwork' || noun === 'metadata' ? 'it was' : 'they were'} not embedded`);
}
