import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

// Every rule switched off here is listed, with its reason, in the README ("Lint").
export default [
	...configWithoutCloudSupport,
	{ ignores: ['dist/**', 'node_modules/**', '.cache/**', 'coverage/**'] },
	{
		files: ['package.json'],
		rules: {
			// n8n installs `dependencies` of unverified packages; execa, p-retry, robots-parser and undici (the library's own requests through the user's proxy) are needed at run time.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{
		files: ['credentials/**/*.ts', 'nodes/**/*.ts'],
		rules: {
			// The credential is named by the design (MediaSiteAuth): it holds a site's cookies, login and proxy, not an API key.
			'n8n-nodes-base/cred-class-name-unsuffixed': 'off',
			'n8n-nodes-base/cred-class-field-name-unsuffixed': 'off',
			'n8n-nodes-base/cred-class-field-display-name-missing-api': 'off',
			'n8n-nodes-base/node-class-description-credentials-name-unsuffixed': 'off',
			// Cookies and proxy URLs carry session tokens and passwords: they stay masked.
			'@n8n/community-nodes/credential-unnecessary-password': 'off',
		},
	},
	{
		// lib/, tests, benchmarks and scripts are plain Node code, not n8n node code: they throw MediaError
		// (the node adapters turn it into NodeOperationError) and tests start programs themselves.
		files: ['lib/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
		rules: {
			'@n8n/community-nodes/require-node-api-error': 'off',
			'@n8n/community-nodes/no-dangerous-functions': 'off',
		},
	},
];
