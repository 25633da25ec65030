import type { INodeProperties } from 'n8n-workflow';

/** Node versions: 1.1 puts the Media Site credential behind an Authentication choice (None by default). */
export const SITE_AUTH_VERSIONS = [1, 1.1];
export const SITE_AUTH_DEFAULT_VERSION = 1.1;

/**
 * The Authentication choice, the way n8n's HTTP Request asks it: None, or a Media Site account (cookies, a login
 * or a proxy for sites that need them). n8n's editor shows a parameter named `authentication` in the credential
 * section and hides every parameter its display conditions name, so it has no conditions but the node version:
 * on the queue nodes it shows for every operation (only downloads use it). Version 1 nodes have no such parameter
 * and offer the credential as before, so saved workflows keep it: the nodes hide the credential only for "None"
 * (`hide: { authentication: ['none'] }`).
 */
export function authenticationProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			default: 'none',
			options: [
				{ name: 'None', value: 'none', description: 'Public media: no login, no cookies' },
				{ name: 'Media Site Account', value: 'mediaSiteAuth', description: 'Cookies or a login for sites that need them, or a proxy (used where media is downloaded or read)' },
			],
			displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
		},
	];
}

