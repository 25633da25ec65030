/**
 * The Media Site credential in a real n8n 2.40.7: imported with `n8n import:credentials` (n8n encrypts it), then
 * Media Info nodes of both versions read the fixture server; its request log shows which user agent each used.
 */
import { importCredentials } from './activeN8n';
import { N8N_RUN_TIMEOUT_MS, type WorkflowJson } from './n8nHarness';
import { withN8nAndFixtures } from './withN8n';

const AGENT = 'mdl-e2e-site-account/1.0';
const credential = { id: 'mdlSiteCred000001', name: 'Fixture site account', type: 'mediaSiteAuth', data: { userAgent: AGENT } };
const attached = { mediaSiteAuth: { id: credential.id, name: credential.name } };

describe('Authentication choice and the Media Site credential in a real n8n', () => {
	const env = withN8nAndFixtures();

	it(
		'uses the credential for "Media Site Account" and on version 1 nodes, never for None, and fails clearly when the account has no credential',
		async () => {
			await importCredentials(env.n8n, [credential]);
			const page = (label: string) => env.server.url(`/page/video.html?case=${label}`);
			const info = (name: string, typeVersion: number, parameters: Record<string, unknown>, credentials?: object, y = 0) => ({
				id: `e0000000-0000-4000-8000-0000000002${String(y).padStart(2, '0')}`,
				name,
				type: 'n8n-nodes-media-downloader.mediaInfo',
				typeVersion,
				position: [300, y * 160] as [number, number],
				parameters: { operation: 'getInfo', options: { maxRetries: 0 }, ...parameters },
				...(credentials ? { credentials } : {}),
				continueOnFail: true,
			});
			const nodes = [
				info('Account', 1.1, { url: page('account'), authentication: 'mediaSiteAuth' }, attached, 0),
				info('None', 1.1, { url: page('none') }, attached, 1),
				info('Version 1', 1, { url: page('v1') }, attached, 2),
			];
			const workflow = (name: string, infoNodes: typeof nodes): WorkflowJson => ({
				name,
				nodes: [{ id: 'e0000000-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }, ...infoNodes],
				connections: { Start: { main: [infoNodes.map((n) => ({ node: n.name, type: 'main', index: 0 }))] } },
			});
			const result = await env.n8n.runWorkflow(workflow('e2e site authentication', nodes));
			expect(result.errorMessage()).toBeUndefined();
			const agentsOf = (label: string) => [...new Set(env.server.requests.filter((r) => r.path.includes(`case=${label}`)).map((r) => r.headers['user-agent']))];

			expect(result.outputOf('Account')[0].json).toMatchObject({ title: 'Fixture Video (Open Graph) (1)' });
			expect(agentsOf('account')).toEqual([AGENT]);
			expect(agentsOf('v1')).toEqual([AGENT]);
			expect(agentsOf('none')).toHaveLength(1);
			expect(agentsOf('none')[0]).not.toBe(AGENT);
			expect(result.outputOf('None')[0].json).toMatchObject({ title: 'Fixture Video (Open Graph) (1)' });

			// a node-level setting, not an item's: the node fails before reading any URL
			const missing = await env.n8n.runWorkflow(
				workflow('e2e site account without credential', [{ ...info('Account Without Credential', 1.1, { url: page('missing'), authentication: 'mediaSiteAuth' }), continueOnFail: false }]),
			);
			expect(missing.exitCode).not.toBe(0);
			expect(missing.errorMessage()).toBe('Authentication is "Media Site Account", but no Media Site credential is selected');
			expect(agentsOf('missing')).toEqual([]);
		},
		N8N_RUN_TIMEOUT_MS,
	);
});
