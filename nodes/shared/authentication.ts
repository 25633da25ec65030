import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** Node versions: 1.1 puts the Media Site credential behind an Authentication choice (None by default). */
export const SITE_AUTH_VERSIONS = [1, 1.1];
export const SITE_AUTH_DEFAULT_VERSION = 1.1;

/**
 * The Authentication choice, the way n8n's HTTP Request asks it: None, or a Media Site account (cookies,
 * a login or a proxy for sites that need them). Version 1 nodes had the credential always on offer; a hidden
 * parameter keeps it so there, so their saved workflows keep using the credential they chose.
 * `show` adds the conditions under which the choice applies (e.g. only the Process operation).
 */
export function authenticationProperties(show: IDisplayOptions['show'] = {}): INodeProperties[] {
	return [
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'mediaSiteAuth',
			displayOptions: { show: { '@version': [1] } },
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			default: 'none',
			options: [
				{ name: 'None', value: 'none', description: 'Public media: no login, no cookies' },
				{ name: 'Media Site Account', value: 'mediaSiteAuth', description: 'Cookies or a login for sites that need them, or a proxy' },
			],
			displayOptions: { show: { ...show, '@version': [{ _cnd: { gte: 1.1 } }] } },
		},
	];
}
