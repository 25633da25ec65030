import { randomInt } from 'node:crypto';

import { MediaError } from '../../lib/errors';
import { runProgram } from '../../lib/process';
import { processesMatching } from '../helpers/ytdlpSpy';

/**
 * runProgram's 'interrupt' time limit with small shell programs: they can ignore SIGINT or die of it, which the
 * real yt-dlp never does here (its live-recording path is tested in live.test.ts).
 */

/** A sleep whose command line no other process has, so the test can see whether it is still running. */
const uniqueSleep = () => `${90 + randomInt(1000)}.${randomInt(1_000_000)}`;

describe("runProgram onTimeout: 'interrupt'", () => {
	it('sends SIGINT at the limit and resolves with timedOut when the program then finishes by itself', async () => {
		const script = 'trap \'echo "saving what I have"; exit 0\' INT; while :; do sleep 0.2; done';
		const result = await runProgram('sh', ['-c', script], { timeoutMs: 500, onTimeout: 'interrupt', interruptGraceMs: 30_000 });
		expect(result).toMatchObject({ exitCode: 0, timedOut: true });
		expect(result.stdout).toContain('saving what I have');
	});

	it("the default ('kill') ends the same program without letting it finish, and throws Timeout", async () => {
		const script = 'trap \'echo "saving what I have"; exit 0\' INT; while :; do sleep 0.2; done';
		const error = await runProgram('sh', ['-c', script], { timeoutMs: 500 }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(MediaError);
		expect(error).toMatchObject({ kind: 'Timeout' });
		expect((error as MediaError).message).toMatch(/^sh did not finish within 1 s/);
	});

	it('a program that dies of the SIGINT saved nothing: Timeout, not a start failure', async () => {
		const error = await runProgram('sleep', [uniqueSleep()], { timeoutMs: 300, onTimeout: 'interrupt' }).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: 'Timeout' });
	});

	it('a program that ignores SIGINT is killed, with what it started, after the grace period: Timeout', async () => {
		const sleep = uniqueSleep();
		const error = await runProgram('sh', ['-c', `trap '' INT; sleep ${sleep}`], { timeoutMs: 300, onTimeout: 'interrupt', interruptGraceMs: 1500 }).catch(
			(e: unknown) => e,
		);
		expect(error).toMatchObject({ kind: 'Timeout' });
		expect(processesMatching(sleep)).toEqual([]);
	});

	it('cancelling while an interrupted program finishes stops it at once instead of waiting out the grace', async () => {
		const sleep = uniqueSleep();
		const controller = new AbortController();
		const run = runProgram('sh', ['-c', `trap '' INT; sleep ${sleep}`], {
			signal: controller.signal,
			timeoutMs: 300,
			onTimeout: 'interrupt',
			interruptGraceMs: 10 * 60_000,
		});
		setTimeout(() => controller.abort(), 1000);
		// The test's own timeout (60 s) is far below the 10 min grace: only the cancel can end this run in time.
		await expect(run).rejects.toMatchObject({ kind: 'Cancelled' });
		expect(processesMatching(sleep)).toEqual([]);
	});
});
