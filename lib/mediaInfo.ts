import { parseFormats, type FormatInfo } from './formats';

export interface Thumbnail {
	url: string;
	width?: number;
	height?: number;
	id?: string;
}

export interface Chapter {
	title: string;
	start: number;
	end: number;
}

export interface PlaylistEntry {
	index: number;
	id?: string;
	title?: string;
	url: string;
	duration?: number;
	uploader?: string;
}

export interface PlaylistInfo {
	/** total entries when the site says, else the number listed */
	count: number | null;
	entries: PlaylistEntry[];
	/** more entries exist than the limit let through */
	truncated: boolean;
}

/** Metadata of a video or a playlist, parsed once from yt-dlp's JSON; unknown fields are dropped. */
export interface MediaInfo {
	type: 'video' | 'playlist';
	/** the URL as the caller gave it */
	inputUrl: string;
	id: string;
	title: string;
	url: string;
	extractor: string;
	uploader?: string;
	uploaderId?: string;
	uploaderUrl?: string;
	channel?: string;
	channelId?: string;
	duration?: number;
	viewCount?: number;
	likeCount?: number;
	commentCount?: number;
	/** ISO date, YYYY-MM-DD */
	uploadDate?: string;
	timestamp?: number;
	description?: string;
	thumbnail?: string;
	thumbnails: Thumbnail[];
	chapters: Chapter[];
	tags: string[];
	categories: string[];
	isLive: boolean;
	liveStatus?: string;
	ageLimit?: number;
	width?: number;
	height?: number;
	fps?: number;
	ext?: string;
	formats: FormatInfo[];
	subtitleLanguages: string[];
	autoCaptionLanguages: string[];
	playlist?: PlaylistInfo;
}

type Json = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** yt-dlp dates are YYYYMMDD. */
export function isoDate(value: unknown): string | undefined {
	const text = str(value);
	const m = text && /^(\d{4})(\d{2})(\d{2})$/.exec(text);
	return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

function languages(value: unknown): string[] {
	if (!value || typeof value !== 'object') return [];
	// live_chat is a chat replay, not captions.
	return Object.keys(value as Json).filter((lang) => lang !== 'live_chat');
}

function thumbnails(raw: Json): Thumbnail[] {
	const list = Array.isArray(raw.thumbnails) ? (raw.thumbnails as Json[]) : [];
	const parsed = list
		.filter((t) => str(t.url))
		.map((t) => ({ url: t.url as string, width: num(t.width), height: num(t.height), id: str(t.id) }));
	if (parsed.length === 0 && str(raw.thumbnail)) parsed.push({ url: raw.thumbnail as string, width: undefined, height: undefined, id: undefined });
	return parsed;
}

function chapters(raw: Json): Chapter[] {
	const list = Array.isArray(raw.chapters) ? (raw.chapters as Json[]) : [];
	return list.map((c, i) => ({ title: str(c.title) ?? `Chapter ${i + 1}`, start: num(c.start_time) ?? 0, end: num(c.end_time) ?? 0 }));
}

/** yt-dlp smuggles extractor hints into entry URLs (#__youtubedl_smuggle=…); users need the plain URL. */
function unsmuggle(url: string): string {
	const at = url.indexOf('#__youtubedl_smuggle=');
	return at === -1 ? url : url.slice(0, at);
}

function entries(raw: Json, limit: number): PlaylistInfo {
	const list = Array.isArray(raw.entries) ? (raw.entries as Json[]) : [];
	const listed = list.filter((e) => e && (str(e.url) || str(e.webpage_url)));
	const kept = listed.slice(0, limit).map((e, i) => ({
		index: num(e.playlist_index) ?? i + 1,
		id: str(e.id),
		title: str(e.title),
		url: unsmuggle((str(e.webpage_url) ?? str(e.url)) as string),
		duration: num(e.duration),
		uploader: str(e.uploader),
	}));
	const total = num(raw.playlist_count) ?? null;
	return { count: total ?? kept.length, entries: kept, truncated: listed.length > limit || (total !== null && total > kept.length) };
}

/**
 * Maps one line of `yt-dlp -J` output. `playlistLimit` entries are kept; yt-dlp is asked for one more
 * so that `truncated` is known without listing everything.
 */
export function toMediaInfo(raw: Json, inputUrl: string, playlistLimit: number): MediaInfo {
	const isPlaylist = raw._type === 'playlist' || raw._type === 'multi_video';
	const info: MediaInfo = {
		type: isPlaylist ? 'playlist' : 'video',
		inputUrl,
		id: str(raw.id) ?? '',
		title: str(raw.title) ?? str(raw.fulltitle) ?? '',
		url: str(raw.webpage_url) ?? str(raw.original_url) ?? inputUrl,
		extractor: str(raw.extractor_key) ?? str(raw.extractor) ?? 'unknown',
		uploader: str(raw.uploader),
		uploaderId: str(raw.uploader_id),
		uploaderUrl: str(raw.uploader_url),
		channel: str(raw.channel),
		channelId: str(raw.channel_id),
		duration: num(raw.duration),
		viewCount: num(raw.view_count),
		likeCount: num(raw.like_count),
		commentCount: num(raw.comment_count),
		uploadDate: isoDate(raw.upload_date) ?? isoDate(raw.release_date),
		timestamp: num(raw.timestamp),
		description: str(raw.description),
		thumbnail: str(raw.thumbnail),
		thumbnails: thumbnails(raw),
		chapters: chapters(raw),
		tags: strings(raw.tags),
		categories: strings(raw.categories),
		isLive: raw.is_live === true,
		liveStatus: str(raw.live_status),
		ageLimit: num(raw.age_limit),
		width: num(raw.width),
		height: num(raw.height),
		fps: num(raw.fps),
		ext: str(raw.ext),
		formats: isPlaylist ? [] : parseFormats(raw),
		subtitleLanguages: languages(raw.subtitles),
		autoCaptionLanguages: languages(raw.automatic_captions),
	};
	if (isPlaylist) info.playlist = entries(raw, playlistLimit);
	return info;
}
