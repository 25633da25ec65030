import { getYtDlp, programVersions, type ProgramName } from './binaries';
import { MediaError } from './errors';
import { validateSiteAuth, type SiteAuth } from './ytdlp';

/** A JSON object of strings (headers), given as JSON text or an object; empty input gives {}. */
export function parseJsonObject(value: unknown, label = 'The extra headers'): Record<string, string> {
	if (value === undefined || value === null || value === '') return {};
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			throw new MediaError('InvalidInput', `${label} are not valid JSON`, { hint: 'Write them as a JSON object, e.g. {"Referer": "https://example.com/"}' });
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new MediaError('InvalidInput', `${label} must be a JSON object`);
	return Object.fromEntries(Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

/** SiteAuth from flat fields (the Media Site credential's), empty ones left out. */
export function siteAuthFromFields(data: Record<string, unknown>): SiteAuth {
	const text = (key: string) => {
		const value = data[key];
		return typeof value === 'string' && value.trim() !== '' ? value : undefined;
	};
	return {
		cookies: text('cookies'),
		username: text('username'),
		password: text('password'),
		videoPassword: text('videoPassword'),
		proxy: text('proxy')?.trim(),
		userAgent: text('userAgent'),
		headers: parseJsonObject(data.headers),
		paths: { ytdlpPath: text('ytdlpPath'), ffmpegPath: text('ffmpegPath'), ffprobePath: text('ffprobePath') },
	};
}

/** What a credential test reports: the settings are well-formed and yt-dlp runs (ffmpeg/ffprobe may be missing). */
export async function checkSiteAuth(auth: SiteAuth): Promise<{ versions: Record<ProgramName, string | null> }> {
	validateSiteAuth(auth);
	await getYtDlp(auth.paths);
	return { versions: await programVersions(auth.paths) };
}
