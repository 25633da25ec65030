/** One downloadable format, as yt-dlp lists it, in our own names. */
export interface FormatInfo {
	formatId: string;
	ext: string;
	protocol?: string;
	formatNote?: string;
	width?: number;
	height?: number;
	fps?: number;
	/** raw codec strings as the site reports them (avc1.64001F, opus …); undefined when unknown */
	vcodec?: string;
	acodec?: string;
	/** families: h264, hevc, vp9, av1, aac, opus, mp3 …; 'unknown' when the site does not say */
	videoCodec: string | null;
	audioCodec: string | null;
	hasVideo: boolean;
	hasAudio: boolean;
	/** kbit/s */
	tbr?: number;
	abr?: number;
	vbr?: number;
	asr?: number;
	filesize?: number;
	filesizeApprox?: number;
	language?: string;
	dynamicRange?: string;
	url?: string;
}

/** Family name of a codec string; undefined input means the site did not report one. */
export function codecFamily(codec: string | undefined | null): string | null {
	if (codec === undefined || codec === null || codec === '') return 'unknown';
	const c = codec.toLowerCase();
	if (c === 'none') return null;
	if (c.startsWith('avc') || c.startsWith('h264') || c === 'h.264') return 'h264';
	if (c.startsWith('hev') || c.startsWith('hvc') || c.startsWith('h265') || c === 'hevc') return 'hevc';
	if (c.startsWith('vp09') || c.startsWith('vp9')) return 'vp9';
	if (c.startsWith('vp8')) return 'vp8';
	if (c.startsWith('av01') || c === 'av1') return 'av1';
	if (c.startsWith('mp4a') || c.startsWith('aac')) return 'aac';
	if (c.startsWith('opus')) return 'opus';
	if (c.startsWith('vorbis')) return 'vorbis';
	if (c === 'mp3' || c.startsWith('mp4a.40.34') || c === 'mp4a.6b') return 'mp3';
	if (c.startsWith('flac')) return 'flac';
	if (c.startsWith('alac')) return 'alac';
	if (c.startsWith('ac-3') || c === 'ac3') return 'ac3';
	if (c.startsWith('ec-3') || c === 'eac3') return 'eac3';
	return c.split('.')[0];
}

const AUDIO_EXTS = new Set(['mp3', 'm4a', 'aac', 'opus', 'ogg', 'oga', 'flac', 'wav', 'weba', 'mka', 'alac']);

type Json = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const numOr = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Parses one entry of yt-dlp's `formats` (or a single-format info dict). */
export function parseFormat(raw: Json): FormatInfo {
	const ext = str(raw.ext) ?? 'unknown';
	const vcodec = str(raw.vcodec);
	const acodec = str(raw.acodec);
	const height = numOr(raw.height);
	let videoCodec = codecFamily(vcodec);
	// Direct files and HTML5 sources often report no codecs; an audio container has no video anyway.
	if (videoCodec === 'unknown' && height === undefined && (AUDIO_EXTS.has(ext) || str(raw.resolution) === 'audio only')) videoCodec = null;
	const audioCodec = codecFamily(acodec);
	return {
		formatId: str(raw.format_id) ?? '0',
		ext,
		protocol: str(raw.protocol),
		formatNote: str(raw.format_note),
		width: numOr(raw.width),
		height,
		fps: numOr(raw.fps),
		vcodec: vcodec === 'none' ? undefined : vcodec,
		acodec: acodec === 'none' ? undefined : acodec,
		videoCodec,
		audioCodec,
		hasVideo: videoCodec !== null,
		hasAudio: audioCodec !== null,
		tbr: numOr(raw.tbr),
		abr: numOr(raw.abr),
		vbr: numOr(raw.vbr),
		asr: numOr(raw.asr),
		filesize: numOr(raw.filesize),
		filesizeApprox: numOr(raw.filesize_approx),
		language: str(raw.language),
		dynamicRange: str(raw.dynamic_range),
		url: str(raw.url),
	};
}

/** Formats of an info dict; a single-format result (direct file) has no `formats` list. */
export function parseFormats(info: Json): FormatInfo[] {
	const list = Array.isArray(info.formats) ? (info.formats as Json[]) : info.url ? [info] : [];
	// Storyboards (mhtml images) are not media.
	return list.map(parseFormat).filter((f) => f.ext !== 'mhtml' && f.protocol !== 'mhtml');
}
