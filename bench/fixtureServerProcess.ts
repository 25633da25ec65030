import { ensureLargeMedia, startFixtureServer } from '../test/fixtures';

/**
 * The fixture server in its own process, for benchmarks: served bytes must not compete with the code
 * being measured for the same event loop (a real server is elsewhere too). Prints its base URL.
 */
async function main(): Promise<void> {
	for (const mib of process.argv.slice(2).map(Number)) await ensureLargeMedia(mib * 2 ** 20);
	const server = await startFixtureServer();
	process.stdout.write(`${JSON.stringify({ baseUrl: server.baseUrl })}\n`);
	process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

void main();
