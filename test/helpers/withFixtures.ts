import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startFixtureServer, type FixtureServer } from '../fixtures';

/**
 * The fixture server for one test file (started once, closed after) and a fresh temp folder per test,
 * removed after it; the server's request log and fault counters are reset before each test.
 */
export function withFixtures(prefix: string): { readonly server: FixtureServer; readonly dir: string } {
	const env = {} as { server: FixtureServer; dir: string };
	beforeAll(async () => {
		env.server = await startFixtureServer();
	}, 300_000);
	afterAll(() => env.server?.close());
	beforeEach(() => {
		env.dir = mkdtempSync(path.join(os.tmpdir(), prefix));
		env.server.reset();
	});
	afterEach(() => rmSync(env.dir, { recursive: true, force: true }));
	return env;
}
