import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * How to reach a media site: cookies or a login, a proxy, headers, and where yt-dlp/ffmpeg live.
 * Secrets are handed to yt-dlp through 0600 temp files, never on its command line.
 */
export class MediaSiteAuth implements ICredentialType {
	name = 'mediaSiteAuth';

	displayName = 'Media Site';

	icon: Icon = { light: 'file:mediaSite.svg', dark: 'file:mediaSite.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-media-downloader/n8n-nodes-media-downloader#credential-media-site-mediasiteauth-optional';

	properties: INodeProperties[] = [
		{
			displayName:
				'Only for sites that need it: cookies or a login for private, members-only or age-restricted media, a proxy or headers to reach a site, and where yt-dlp and ffmpeg are installed when they are not on the PATH. Public media needs none of this.',
			name: 'purpose',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Cookies',
			name: 'cookies',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			default: '',
			description:
				'Cookies of a logged-in browser session, as a Netscape cookies.txt file or the JSON array a cookie-export extension produces. Needed for private, members-only or age-restricted media.',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			description: 'Account login for sites that yt-dlp can log in to',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Video Password',
			name: 'videoPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Password of a password-protected video (Vimeo and others)',
		},
		{
			displayName: 'Proxy URL',
			name: 'proxy',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'socks5://user:pass@127.0.0.1:1080',
			description: 'HTTP, HTTPS or SOCKS proxy for every request yt-dlp makes',
		},
		{
			displayName: 'User Agent',
			name: 'userAgent',
			type: 'string',
			default: '',
			description: 'Overrides the browser identity yt-dlp sends',
		},
		{
			displayName: 'Extra Headers',
			name: 'headers',
			type: 'json',
			default: '{}',
			description: 'HTTP headers sent with every request, as a JSON object, e.g. {"Referer": "https://example.com/"}',
		},
		{
			displayName: 'yt-dlp Path',
			name: 'ytdlpPath',
			type: 'string',
			default: '',
			placeholder: '/usr/local/bin/yt-dlp',
			description: 'Leave empty to use YTDLP_PATH or the yt-dlp on PATH',
		},
		{
			displayName: 'ffmpeg Path',
			name: 'ffmpegPath',
			type: 'string',
			default: '',
			description: 'Leave empty to use FFMPEG_PATH or the ffmpeg on PATH',
		},
		{
			displayName: 'ffprobe Path',
			name: 'ffprobePath',
			type: 'string',
			default: '',
			description: 'Leave empty to use FFPROBE_PATH or the ffprobe on PATH',
		},
	];
}
