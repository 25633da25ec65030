import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LdPage {
	title: string;
	/** absolute URL of the media (the fixture server's) */
	contentUrl: string;
	/** schema.org `author` → yt-dlp's uploader */
	author?: string;
	/** schema.org `byArtist` → yt-dlp's artist */
	artist?: string;
	/** ISO date → yt-dlp's upload_date */
	uploadDate?: string;
	/** seconds; yt-dlp reports it, and verification compares the file with it */
	duration?: number;
	type?: 'VideoObject' | 'AudioObject';
}

export interface MetadataPages {
	/** URL of a page describing `page` in JSON-LD, which yt-dlp's generic extractor reads in every version */
	url(page: LdPage): string;
	close(): Promise<void>;
}

/**
 * Pages whose metadata (uploader, artist, upload date) the fixture server's pages do not carry, on
 * 127.0.0.1: the page is encoded in its own URL, the media stay on the fixture server.
 */
export async function startMetadataPages(): Promise<MetadataPages> {
	const server = http.createServer((req, res) => {
		const encoded = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('p');
		if (!encoded) return void res.writeHead(404).end();
		const page = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as LdPage;
		const ld = {
			'@context': 'https://schema.org',
			'@type': page.type ?? 'VideoObject',
			name: page.title,
			contentUrl: page.contentUrl,
			...(page.duration ? { duration: `PT${page.duration}S` } : {}),
			...(page.author ? { author: { '@type': 'Person', name: page.author } } : {}),
			...(page.artist ? { byArtist: { '@type': 'MusicGroup', name: page.artist } } : {}),
			...(page.uploadDate ? { uploadDate: page.uploadDate } : {}),
		};
		const body = `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${page.title}</title>\n<script type="application/ld+json">${JSON.stringify(ld)}</script>\n</head><body><p>No player here.</p></body></html>\n`;
		res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body) }).end(body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url: (page) => `${base}/page.html?p=${Buffer.from(JSON.stringify(page)).toString('base64url')}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
