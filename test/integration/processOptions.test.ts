import { MediaError } from '../../lib/errors';
import { runProgram } from '../../lib/process';

/**
 * runProgram's extendEnv and resolveOnCrash, with small shell programs: a program that crashes with SIGSEGV
 * after printing is what n8n 2.40.7 sometimes does (scripts/n8n/client.js), and no real program here does it
 * on demand.
 */
describe('runProgram extendEnv: false', () => {
	const name = 'MDL_PROCESS_OPTIONS_TEST_VAR';
	beforeAll(() => {
		process.env[name] = 'from the parent';
	});
	afterAll(() => {
		delete process.env[name];
	});
	const printVar = ['-c', `printf '%s' "\${${name}-unset}"`];

	it('by default the child also gets the parent environment', async () => {
		const result = await runProgram('sh', printVar, { env: { OTHER: '1' } });
		expect(result.stdout).toBe('from the parent');
	});

	it('with extendEnv false, env is the whole environment: a variable left out of it is unset', async () => {
		const env = { ...process.env, PATH: process.env.PATH ?? '' } as Record<string, string>;
		delete env[name];
		const result = await runProgram('sh', printVar, { env, extendEnv: false });
		expect(result).toMatchObject({ exitCode: 0, stdout: 'unset' });
	});
});

describe('runProgram resolveOnCrash', () => {
	const crash = ['-c', 'ulimit -c 0; echo "printed before the crash"; echo "on stderr" >&2; kill -SEGV $$'];

	it('resolves a run that died of SIGSEGV with the signal and what it printed', async () => {
		const lines: string[] = [];
		const result = await runProgram('sh', crash, { resolveOnCrash: true, onStdoutLine: (line) => lines.push(line) });
		expect(result).toMatchObject({ exitCode: 1, signal: 'SIGSEGV', timedOut: false, stdout: 'printed before the crash\n', stderr: 'on stderr\n' });
		expect(lines).toEqual(['printed before the crash']);
	});

	it('without it, such a run still throws (the library default is unchanged)', async () => {
		const error = await runProgram('sh', crash).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(MediaError);
		expect(error).toMatchObject({ kind: 'Unknown' });
	});

	it('a clean exit has no signal', async () => {
		const result = await runProgram('sh', ['-c', 'exit 3'], { resolveOnCrash: true });
		expect(result.exitCode).toBe(3);
		expect(result.signal).toBeUndefined();
	});
});
