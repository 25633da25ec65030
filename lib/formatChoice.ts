import { MediaError } from './errors';
import type { FormatInfo } from './formats';
import type { MediaInfo } from './mediaInfo';

export type Platform = 'mac' | 'windows' | 'linux' | 'ios' | 'android' | 'web';
export type ContentType = 'video' | 'audio';
export const PLATFORMS: Platform[] = ['mac', 'windows', 'linux', 'ios', 'android', 'web'];

export interface AvailableFormats {
	videoFormats: FormatInfo[];
	audioFormats: FormatInfo[];
	/** distinct heights, best first: ['1080p', '720p'] */
	qualities: string[];
	subtitleLanguages: string[];
	autoCaptionLanguages: string[];
	codecs: { video: string[]; audio: string[] };
	formats: FormatInfo[];
}

export interface OptimalFormat {
	/** container of the file the selector produces */
	format: string;
	/** '720p', or '160k' for audio */
	quality: string;
	/** 'h264+aac', 'opus' … */
	codec: string;
	/** yt-dlp format id(s) chosen now, e.g. '136+140' */
	formatId: string;
	/** a yt-dlp format selector that makes the same choice later, with fallbacks */
	selector: string;
	reason: string;
}

export function summarizeFormats(info: MediaInfo): AvailableFormats {
	const formats = info.formats;
	const videoFormats = formats.filter((f) => f.hasVideo);
	const audioFormats = formats.filter((f) => f.hasAudio && !f.hasVideo);
	const heights = [...new Set(videoFormats.map((f) => f.height).filter((h): h is number => !!h))].sort((a, b) => b - a);
	const distinct = (values: Array<string | null>) => [...new Set(values.filter((v): v is string => !!v && v !== 'unknown'))];
	return {
		videoFormats,
		audioFormats,
		qualities: heights.map((h) => `${h}p`),
		subtitleLanguages: info.subtitleLanguages,
		autoCaptionLanguages: info.autoCaptionLanguages,
		codecs: { video: distinct(videoFormats.map((f) => f.videoCodec)), audio: distinct(formats.map((f) => f.audioCodec)) },
		formats,
	};
}

interface Profile {
	/** acceptable video codecs, most preferred first */
	video: string[];
	/** acceptable audio codecs, most preferred first */
	audio: string[];
	/** containers playable when the codec is not reported */
	containers: string[];
	/** container for merged video + audio */
	merge: string;
	/** container for audio-only files, by codec */
	audioContainer: Record<string, string>;
	why: { video: string; audio: string };
}

const APPLE: Profile = {
	video: ['h264', 'hevc'],
	audio: ['aac', 'mp3', 'alac'],
	containers: ['mp4', 'm4a', 'mov', 'mp3'],
	merge: 'mp4',
	audioContainer: { aac: 'm4a', mp3: 'mp3', alac: 'm4a' },
	why: {
		video: 'QuickTime and iOS play H.264/HEVC video with AAC audio in MP4, not VP9/AV1/Opus in WebM',
		audio: 'Apple players (Music, QuickTime, iOS) play AAC in M4A natively; Opus/WebM is not supported',
	},
};

const PROFILES: Record<Platform, Profile> = {
	mac: APPLE,
	ios: APPLE,
	windows: {
		video: ['h264', 'hevc', 'vp9', 'av1'],
		audio: ['aac', 'mp3', 'opus'],
		containers: ['mp4', 'm4a', 'mp3', 'webm', 'mkv'],
		merge: 'mp4',
		audioContainer: { aac: 'm4a', mp3: 'mp3', opus: 'webm' },
		why: {
			video: 'Windows Media Player and Films & TV play H.264+AAC MP4 everywhere; HEVC needs an extension, VP9/AV1 only newer builds',
			audio: 'Windows players play AAC (M4A) and MP3 everywhere',
		},
	},
	linux: {
		video: ['av1', 'vp9', 'hevc', 'h264', 'vp8'],
		audio: ['opus', 'aac', 'vorbis', 'mp3', 'flac'],
		containers: ['mp4', 'webm', 'mkv', 'm4a', 'mp3', 'opus', 'ogg'],
		merge: 'mkv',
		audioContainer: { opus: 'opus', aac: 'm4a', vorbis: 'ogg', mp3: 'mp3', flac: 'flac' },
		why: {
			video: 'Linux players (VLC, mpv, GStreamer) play every common codec, so the best quality wins, in MKV',
			audio: 'Linux players play Opus, the most efficient codec sites offer',
		},
	},
	android: {
		video: ['h264', 'vp9', 'hevc', 'av1'],
		audio: ['aac', 'opus', 'mp3'],
		containers: ['mp4', 'webm', 'm4a', 'mp3', 'mkv'],
		merge: 'mp4',
		audioContainer: { aac: 'm4a', opus: 'webm', mp3: 'mp3' },
		why: {
			video: 'Android decodes H.264 and VP9 in hardware on every supported device; AV1 only on newer ones',
			audio: 'Android plays AAC and Opus natively',
		},
	},
	web: {
		video: ['h264', 'vp9', 'av1'],
		audio: ['aac', 'mp3', 'opus'],
		containers: ['mp4', 'm4a', 'mp3', 'webm'],
		merge: 'mp4',
		audioContainer: { aac: 'm4a', mp3: 'mp3', opus: 'webm' },
		why: {
			video: 'every browser plays H.264+AAC in MP4 (<video>), Safari included; VP9/AV1 WebM fails on older Safari',
			audio: 'every browser plays AAC (M4A) and MP3',
		},
	},
};

const SELECTOR_CODEC: Record<string, string> = { h264: 'avc1', hevc: 'hvc1', vp9: 'vp09', av1: 'av01', aac: 'mp4a', opus: 'opus', mp3: 'mp3', vorbis: 'vorbis', flac: 'flac' };

function rank<T>(list: T[], value: T): number {
	const i = list.indexOf(value);
	return i === -1 ? list.length : i;
}

function playable(codec: string | null, f: FormatInfo, codecs: string[], profile: Profile): boolean {
	if (codec === 'unknown') return profile.containers.includes(f.ext);
	return codec !== null && codecs.includes(codec);
}

const bitrate = (f: FormatInfo) => f.abr ?? f.tbr ?? 0;

function bestAudio(formats: FormatInfo[], profile: Profile): FormatInfo | undefined {
	return formats
		.filter((f) => f.hasAudio && !f.hasVideo && playable(f.audioCodec, f, profile.audio, profile))
		.sort((a, b) => rank(profile.audio, a.audioCodec) - rank(profile.audio, b.audioCodec) || bitrate(b) - bitrate(a))[0];
}

function codecLabel(f: FormatInfo, audio?: FormatInfo): string {
	const v = f.videoCodec && f.videoCodec !== 'unknown' ? f.videoCodec : `${f.ext} video`;
	const a = (audio ?? f).audioCodec;
	return a && a !== 'unknown' ? `${v}+${a}` : v;
}

function videoSelector(profile: Profile): string {
	// Every codec is playable in MKV: the best streams win.
	if (profile.merge === 'mkv') return 'bv*+ba/b';
	const [first, second] = profile.video.map((c) => SELECTOR_CODEC[c]);
	const audio = SELECTOR_CODEC[profile.audio[0]];
	const parts = [`bv*[vcodec^=${first}]+ba[acodec^=${audio}]`, `b[vcodec^=${first}]`];
	if (second) parts.push(`bv*[vcodec^=${second}]+ba[acodec^=${audio}]`);
	parts.push(`b[ext=${profile.merge}]`, 'bv*+ba', 'b');
	return parts.join('/');
}

/**
 * The format a platform plays without conversion, best quality first within what it plays. Codecs the
 * site does not report are judged by container. The selector repeats the choice for a later download.
 */
export function chooseOptimalFormat(formats: FormatInfo[], contentType: ContentType, platform: Platform): OptimalFormat {
	const profile = PROFILES[platform];
	if (!profile) throw new MediaError('InvalidInput', `Unknown platform "${platform}"; use one of ${PLATFORMS.join(', ')}`);
	if (formats.length === 0) throw new MediaError('InvalidInput', 'The media lists no formats');
	return contentType === 'audio' ? chooseAudio(formats, profile) : chooseVideo(formats, profile);
}

function chooseVideo(formats: FormatInfo[], profile: Profile): OptimalFormat {
	const video = formats.filter((f) => f.hasVideo && playable(f.videoCodec, f, profile.video, profile));
	const skipped = formats.filter((f) => f.hasVideo && !video.includes(f));
	const skippedNote = skipped.length
		? `; skipped ${[...new Set(skipped.map((f) => `${f.videoCodec === 'unknown' ? f.ext : f.videoCodec}`))].join('/')} formats`
		: '';
	const sorted = video.sort(
		(a, b) => (b.height ?? 0) - (a.height ?? 0) || rank(profile.video, a.videoCodec) - rank(profile.video, b.videoCodec) || (b.tbr ?? 0) - (a.tbr ?? 0),
	);
	const pick = sorted[0];
	if (!pick) {
		const fallback = [...formats].sort((a, b) => (b.height ?? 0) - (a.height ?? 0))[0];
		return {
			format: profile.merge,
			quality: fallback.height ? `${fallback.height}p` : 'best',
			codec: codecLabel(fallback),
			formatId: fallback.formatId,
			selector: videoSelector(profile),
			reason: `No format plays natively (${profile.why.video}); download ${fallback.formatId} and convert it to ${profile.merge} with H.264/AAC`,
		};
	}
	const quality = pick.height ? `${pick.height}p` : 'best';
	const audio = pick.hasAudio && pick.audioCodec !== null ? undefined : bestAudio(formats, profile);
	const formatId = audio ? `${pick.formatId}+${audio.formatId}` : pick.formatId;
	return {
		format: audio ? profile.merge : pick.ext,
		quality,
		codec: codecLabel(pick, audio),
		formatId,
		selector: videoSelector(profile),
		reason: `${profile.why.video}: ${quality} ${codecLabel(pick, audio)} (${formatId})${skippedNote}`,
	};
}

function chooseAudio(formats: FormatInfo[], profile: Profile): OptimalFormat {
	const audio = bestAudio(formats, profile);
	const audioSelector = `${profile.audio
		.slice(0, 2)
		.map((c) => `ba[acodec^=${SELECTOR_CODEC[c]}]`)
		.join('/')}/ba/b`;
	if (audio) {
		const codec = audio.audioCodec === 'unknown' ? audio.ext : audio.audioCodec!;
		return {
			format: profile.audioContainer[codec] ?? audio.ext,
			quality: bitrate(audio) ? `${Math.round(bitrate(audio))}k` : 'best',
			codec,
			formatId: audio.formatId,
			selector: audioSelector,
			reason: `${profile.why.audio}: ${codec} ${bitrate(audio) ? `${Math.round(bitrate(audio))} kbit/s ` : ''}(${audio.formatId})`,
		};
	}
	// Only muxed files: take the smallest playable one and extract its audio track.
	const muxed = formats
		.filter((f) => f.hasAudio)
		.sort((a, b) => rank(profile.audio, a.audioCodec) - rank(profile.audio, b.audioCodec) || (a.height ?? 0) - (b.height ?? 0))[0];
	if (!muxed) throw new MediaError('InvalidInput', 'The media has no audio track');
	const codec = muxed.audioCodec && muxed.audioCodec !== 'unknown' ? muxed.audioCodec : 'aac';
	const playableCodec = profile.audio.includes(codec);
	return {
		format: playableCodec ? (profile.audioContainer[codec] ?? 'm4a') : (profile.audioContainer[profile.audio[0]] ?? 'm4a'),
		quality: 'best',
		codec: playableCodec ? codec : profile.audio[0],
		formatId: muxed.formatId,
		selector: audioSelector,
		reason: `${profile.why.audio}: no audio-only format is offered, so the audio of ${muxed.formatId} (${muxed.ext}) is extracted${playableCodec ? '' : ` and converted to ${profile.audio[0]}`}`,
	};
}
