import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import type { SiteAuth } from '../../lib';

interface MediaSiteCredential {
	cookies?: string;
	username?: string;
	password?: string;
	videoPassword?: string;
	proxy?: string;
	userAgent?: string;
	headers?: string | Record<string, unknown>;
	ytdlpPath?: string;
	ffmpegPath?: string;
	ffprobePath?: string;
}

function parseHeaders(ctx: IExecuteFunctions, value: MediaSiteCredential['headers']): Record<string, string> {
	if (value === undefined || value === '') return {};
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			throw new NodeOperationError(ctx.getNode(), 'The Extra Headers of the Media Site credential are not valid JSON', {
				description: 'Write them as a JSON object, e.g. {"Referer": "https://example.com/"}',
			});
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
		throw new NodeOperationError(ctx.getNode(), 'The Extra Headers of the Media Site credential must be a JSON object');
	return Object.fromEntries(Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

/** The optional Media Site credential as the library's SiteAuth; empty when none is selected. */
export async function getSiteAuth(ctx: IExecuteFunctions): Promise<SiteAuth> {
	let credential: MediaSiteCredential | undefined;
	try {
		credential = (await ctx.getCredentials('mediaSiteAuth')) as MediaSiteCredential;
	} catch {
		// No credential selected: public media needs none.
		return {};
	}
	const empty = (v?: string) => (v && v.trim() !== '' ? v : undefined);
	return {
		cookies: empty(credential.cookies),
		username: empty(credential.username),
		password: empty(credential.password),
		videoPassword: empty(credential.videoPassword),
		proxy: empty(credential.proxy),
		userAgent: empty(credential.userAgent),
		headers: parseHeaders(ctx, credential.headers),
		paths: { ytdlpPath: empty(credential.ytdlpPath), ffmpegPath: empty(credential.ffmpegPath), ffprobePath: empty(credential.ffprobePath) },
	};
}
