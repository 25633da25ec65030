import os from 'node:os';
import path from 'node:path';

/**
 * `~` and `~/…` name the home folder in every folder and file option, as in the spec's examples
 * (`~/Music`) and our placeholders; without this, `~/Music` would become `<cwd>/~/Music`. `~user` is
 * left as written (the library does not look up other users' homes).
 */
export function expandHome(value: string): string {
	// HOME first (what a shell would use, and what a test or a container sets), then the account's home.
	return value === '~' || value.startsWith('~/') ? path.join(process.env.HOME || os.homedir(), value.slice(1)) : value;
}
