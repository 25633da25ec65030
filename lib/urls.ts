import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { MediaError } from './errors';
import { expandHome } from './home';

export interface UrlPolicy {
	/** file:// URLs and local paths are refused unless this is set. */
	allowLocalFiles?: boolean;
	/** Called with the absolute path of every local file before use (n8n's file-access rules); throws to refuse. */
	checkLocalPath?: (absolutePath: string) => void | Promise<void>;
}

export interface MediaUrl {
	/** What yt-dlp receives, after `--`. */
	url: string;
	/** Set for file:// URLs and plain paths (only when allowed). */
	localPath?: string;
}

function invalid(message: string, input: string): MediaError {
	return new MediaError('InvalidInput', message, { url: input.slice(0, 200) });
}

/** Validates one user-supplied URL (the local-path check is separate, since n8n's is asynchronous). */
export function validateMediaUrl(input: unknown, policy: UrlPolicy = {}): MediaUrl {
	if (input === undefined || input === null || (typeof input === 'string' && input.trim() === ''))
		throw invalid('The URL is empty. Give an http(s) URL of a media page or file.', '');
	if (typeof input !== 'string') throw invalid(`The URL must be text, not ${Array.isArray(input) ? 'a list' : typeof input}.`, JSON.stringify(input) ?? '');
	const value = input.trim();
	if (value.startsWith('-'))
		throw invalid(`"${value.slice(0, 60)}" is not a URL: values starting with "-" are refused so they can never become program options.`, value);
	const local = toLocalPath(value);
	if (local !== undefined) {
		if (hasControlCharacter(value, false)) throw invalid('The path contains control characters.', value);
		if (!policy.allowLocalFiles)
			throw invalid('Local files and file:// URLs are refused. Turn on "Allow Local Files" to read media from this machine.', value);
		return { url: pathToFileURL(local).href, localPath: local };
	}

	// Control characters and whitespace inside a URL are always a mistake or an attack.
	if (hasControlCharacter(value, true)) throw invalid('The URL contains spaces or control characters. Encode them or check the input.', value);
	let parsed: URL;
	try {
		parsed = new URL(value);
	} catch {
		throw invalid(`"${value.slice(0, 100)}" is not a valid URL. Give a full http(s) URL, e.g. https://example.com/watch?v=…`, value);
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
		throw invalid(`The URL scheme "${parsed.protocol}" is not supported. Use http or https.`, value);
	if (!parsed.hostname) throw invalid('The URL has no host name.', value);
	return { url: parsed.href };
}

/** Absolute local path for file:// URLs and plain paths; undefined for anything else. */
function toLocalPath(value: string): string | undefined {
	if (/^file:/i.test(value)) {
		try {
			return decodeURIComponent(new URL(value).pathname);
		} catch {
			throw invalid('The file:// URL is malformed.', value);
		}
	}
	if (value.startsWith('/') || value.startsWith('./') || value.startsWith('../') || value.startsWith('~')) {
		return path.resolve(expandHome(value));
	}
	return undefined;
}

/** validateMediaUrl plus the caller's file-access check for local files. */
export async function checkMediaUrl(input: unknown, policy: UrlPolicy = {}): Promise<MediaUrl> {
	const media = validateMediaUrl(input, policy);
	if (media.localPath && policy.checkLocalPath) {
		await runPathCheck(policy.checkLocalPath, media.localPath, String(input));
	}
	return media;
}

function hasControlCharacter(value: string, spaceToo: boolean): boolean {
	for (let i = 0; i < value.length; i++) {
		const code = value.charCodeAt(i);
		if (code < 0x20 || code === 0x7f || (spaceToo && code === 0x20)) return true;
	}
	return false;
}

/** Runs a caller's path check (n8n's file-access rules); whatever it throws becomes an InvalidInput MediaError. */
export async function runPathCheck(check: ((p: string) => void | Promise<void>) | undefined, absolutePath: string, url?: string): Promise<void> {
	if (!check) return;
	try {
		await check(absolutePath);
	} catch (error) {
		if (error instanceof MediaError) throw error;
		const hint = (error as { description?: string }).description;
		throw new MediaError('InvalidInput', (error as Error).message, { url, ...(hint ? { hint } : {}) });
	}
}
