import { MediaError } from './errors';

const HEADER = '# Netscape HTTP Cookie File';

interface JsonCookie {
	domain?: string;
	name?: string;
	value?: string;
	path?: string;
	secure?: boolean;
	expirationDate?: number;
	expires?: number;
	hostOnly?: boolean;
}

/**
 * Cookies as yt-dlp reads them (Netscape cookies.txt). Accepts that format with or without its header
 * line (yt-dlp refuses a file without it) and the JSON array browser extensions export.
 */
export function toNetscapeCookies(text: string): string {
	const trimmed = text.trim();
	if (trimmed.startsWith('[')) return fromJson(trimmed);
	const lines = trimmed.split(/\r?\n/);
	const body = lines.filter((line) => line.trim() !== '');
	const bad = body.findIndex((line) => !line.startsWith('#') && line.split('\t').length < 7);
	if (bad !== -1)
		throw new MediaError(
			'InvalidInput',
			`Cookie line ${lines.indexOf(body[bad]) + 1} is not in Netscape cookies.txt format (7 tab-separated fields). Export cookies with a "cookies.txt" browser extension, or paste the JSON export.`,
		);
	const hasHeader = /^# (Netscape )?HTTP Cookie File/.test(trimmed);
	return `${hasHeader ? '' : `${HEADER}\n`}${trimmed}\n`;
}

function fromJson(text: string): string {
	let cookies: JsonCookie[];
	try {
		cookies = JSON.parse(text) as JsonCookie[];
	} catch {
		throw new MediaError('InvalidInput', 'The cookies look like JSON but do not parse. Paste the exported JSON array or a cookies.txt file.');
	}
	const rows = cookies
		.filter((c) => c && c.domain && c.name !== undefined)
		.map((c) => {
			const domain = c.hostOnly === false && !c.domain!.startsWith('.') ? `.${c.domain}` : c.domain!;
			const expires = Math.trunc(c.expirationDate ?? c.expires ?? 0);
			return [domain, domain.startsWith('.') ? 'TRUE' : 'FALSE', c.path ?? '/', c.secure ? 'TRUE' : 'FALSE', String(expires), c.name, c.value ?? ''].join('\t');
		});
	return `${HEADER}\n${rows.join('\n')}\n`;
}
