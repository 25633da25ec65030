import { startFixtureServer, type FixtureServer } from '../fixtures';
import { N8N_INSTALL_TIMEOUT_MS, startN8nHarness, type N8nHarness } from './n8nHarness';

/** A real n8n and the fixture server for one describe block: started before its tests, removed after. */
export function withN8nAndFixtures(): { readonly n8n: N8nHarness; readonly server: FixtureServer } {
	const env = {} as { n8n: N8nHarness; server: FixtureServer };
	beforeAll(async () => {
		env.server = await startFixtureServer();
		env.n8n = await startN8nHarness();
	}, N8N_INSTALL_TIMEOUT_MS);
	afterAll(async () => {
		await env.n8n?.cleanup();
		await env.server?.close();
	});
	return env;
}
