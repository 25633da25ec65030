import { incompleteRunReason, reportImportCrash, settleExitCrash, type ExecuteOutcome } from '../e2e/exitCrash';
import type { N8nRun } from '../e2e/n8nHarness';

/** What n8n 2.40.7 printed for Manual Trigger → Set before it died with SIGSEGV (trimmed to the fields read). */
function completeRun(): N8nRun {
	return {
		data: {
			resultData: {
				runData: {
					'Manual Trigger': [
						{ startTime: 1, executionIndex: 0, source: [], executionTime: 24, executionStatus: 'success', data: { main: [[{ json: {}, pairedItem: { item: 0 } }]] } },
					],
					Set: [
						{
							startTime: 2,
							executionIndex: 1,
							source: [{ previousNode: 'Manual Trigger', previousNodeOutput: 0, previousNodeRun: 0 }],
							executionTime: 438,
							executionStatus: 'success',
							data: { main: [[{ json: { greeting: 'hello 42' }, pairedItem: { item: 0 } }]] },
						},
					],
				},
				lastNodeExecuted: 'Set',
			},
			executionData: { contextData: {}, nodeExecutionStack: [], metadata: {}, waitingExecution: {}, waitingExecutionSource: {} },
		},
		mode: 'cli',
		startedAt: '2026-11-30T01:57:18.500Z',
		stoppedAt: '2026-11-30T01:57:19.049Z',
		status: 'success',
		finished: true,
	};
}

/** What scripts/n8n/client.js returns for a crash after a printed run with `finished` set. */
const flaggedCrash = (run: N8nRun | null): ExecuteOutcome => ({ crashedOnExit: true, exitCode: run?.status === 'success' ? 0 : 1, signal: 'SIGSEGV', timedOut: false, run });
/** What it returns for a crash it does not flag (a failed run has no `finished`, or no run was printed). */
const unflaggedCrash = (run: N8nRun | null, signal: NodeJS.Signals = 'SIGSEGV'): ExecuteOutcome => ({ crashedOnExit: false, exitCode: null, signal, timedOut: false, run });
const clean = (run: N8nRun | null, exitCode = 0): ExecuteOutcome => ({ crashedOnExit: false, exitCode, signal: null, timedOut: false, run });

describe('incompleteRunReason', () => {
	it('finds nothing wrong with a complete, successful run', () => {
		expect(incompleteRunReason(completeRun())).toBeUndefined();
	});

	it.each<[string, (run: N8nRun) => N8nRun | null, RegExp]>([
		['no parsed run', () => null, /no run JSON/],
		['status error', (r) => ({ ...r, status: 'error' }), /status is "error"/],
		['status missing', (r) => ({ ...r, status: undefined }), /status is undefined/],
		['not finished', (r) => ({ ...r, finished: false }), /not marked finished/],
		['no stoppedAt', (r) => ({ ...r, stoppedAt: undefined }), /no stoppedAt/],
		['no resultData', (r) => ({ ...r, data: {} as N8nRun['data'] }), /no resultData/],
		[
			'a workflow error',
			(r) => {
				r.data.resultData.error = { message: 'failed on purpose 7' };
				return r;
			},
			/holds an error: failed on purpose 7/,
		],
		[
			'no node ran',
			(r) => {
				r.data.resultData.runData = {};
				delete r.data.resultData.lastNodeExecuted;
				return r;
			},
			/no node ran/,
		],
		[
			'a node with an empty task list',
			(r) => {
				r.data.resultData.runData.Set = [];
				return r;
			},
			/node "Set" has no task data/,
		],
		[
			'a failed node',
			(r) => {
				(r.data.resultData.runData.Set[0] as unknown as Record<string, unknown>).error = { message: 'boom' };
				return r;
			},
			/node "Set" failed: boom/,
		],
		[
			'a node that did not end in success',
			(r) => {
				r.data.resultData.runData.Set[0].executionStatus = 'canceled';
				return r;
			},
			/node "Set" ended canceled/,
		],
		[
			'the last executed node without run data',
			(r) => {
				r.data.resultData.lastNodeExecuted = 'Write File';
				return r;
			},
			/no run data for executed node\(s\) "Write File"/,
		],
		[
			'a source node without run data',
			(r) => {
				delete (r.data.resultData.runData as Record<string, unknown>)['Manual Trigger'];
				return r;
			},
			/no run data for executed node\(s\) "Manual Trigger"/,
		],
		[
			'nodes still waiting to run',
			(r) => {
				(r.data.executionData as { nodeExecutionStack: unknown[] }).nodeExecutionStack.push({ node: { name: 'Next' } });
				return r;
			},
			/1 node\(s\) were still waiting/,
		],
	])('names %s', (_label, change, reason) => {
		expect(incompleteRunReason(change(completeRun()))).toMatch(reason);
	});
});

describe('settleExitCrash', () => {
	it('accepts a crash after a complete, successful run and logs it with the workflow name and signal', () => {
		const warn = jest.fn();
		expect(() => settleExitCrash(flaggedCrash(completeRun()), 'e2e smoke: Manual Trigger → Set', () => 'details', warn)).not.toThrow();
		expect(warn).toHaveBeenCalledTimes(1);
		expect(warn.mock.calls[0][0]).toBe(
			'[n8nHarness] accepted an n8n crash on exit: workflow "e2e smoke: Manual Trigger → Set" printed a complete, successful run, then n8n died with SIGSEGV',
		);
	});

	it('keeps a complete failed run a failure: it does not throw, and the crash is logged as such', () => {
		const warn = jest.fn();
		const run = completeRun();
		run.status = 'error';
		run.data.resultData.error = { message: 'failed on purpose 7' };
		expect(() => settleExitCrash({ ...flaggedCrash(run), signal: 'SIGBUS' }, 'e2e smoke: Stop and Error', () => 'exit 1 (SIGBUS)', warn)).not.toThrow();
		expect(warn.mock.calls).toEqual([
			[
				'[n8nHarness] an n8n crash on exit after a complete failed run: workflow "e2e smoke: Stop and Error" failed (its status is "error", not "success"), then n8n died with SIGBUS; the run counts as failed',
			],
		]);
	});

	it('fails with the crash when the printed run failed without saying why (no error, or not stopped)', () => {
		const warn = jest.fn();
		const noError = { ...completeRun(), status: 'error' };
		expect(() => settleExitCrash({ ...flaggedCrash(noError), signal: 'SIGBUS' }, 'e2e smoke: Stop and Error', () => 'exit 1 (SIGBUS)', warn)).toThrow(
			'n8n died with SIGBUS running workflow "e2e smoke: Stop and Error", and the run it printed is not complete and successful ' +
				'(its status is "error", not "success"); the crash fails the test.\nexit 1 (SIGBUS)',
		);
		const notStopped = completeRun();
		notStopped.status = 'error';
		notStopped.data.resultData.error = { message: 'x' };
		delete notStopped.stoppedAt;
		expect(() => settleExitCrash(flaggedCrash(notStopped), 'wf', undefined, warn)).toThrow(/the crash fails the test/);
		expect(warn).not.toHaveBeenCalled();
	});

	it('recognises by its signal a crash the script did not flag: after a failed run, or before any run', () => {
		const warn = jest.fn();
		const failed = { ...completeRun(), status: 'error', finished: undefined };
		expect(() => settleExitCrash(unflaggedCrash(failed), 'wf', undefined, warn)).toThrow(/^n8n died with SIGSEGV running workflow "wf".*\(its status is "error", not "success"\)/);
		expect(() => settleExitCrash(unflaggedCrash(null, 'SIGABRT'), 'wf', undefined, warn)).toThrow(/died with SIGABRT .*\(no run JSON could be parsed from its output\)/);
		expect(warn).not.toHaveBeenCalled();
		settleExitCrash(unflaggedCrash(completeRun(), 'SIGBUS'), 'wf', undefined, warn);
		expect(warn.mock.calls).toEqual([[expect.stringMatching(/workflow "wf" printed a complete, successful run, then n8n died with SIGBUS$/)]]);
	});

	it('leaves every other exit alone: clean, failed, timed out or killed', () => {
		const warn = jest.fn();
		const describe = jest.fn(() => 'details');
		settleExitCrash(clean(completeRun()), 'wf', describe, warn);
		settleExitCrash(clean({ ...completeRun(), status: 'error' }, 1), 'wf', describe, warn);
		settleExitCrash({ ...unflaggedCrash(null, 'SIGKILL') }, 'wf', describe, warn);
		settleExitCrash({ ...unflaggedCrash(null, 'SIGTERM'), timedOut: true }, 'wf', describe, warn);
		settleExitCrash({ ...unflaggedCrash(null, 'SIGSEGV'), timedOut: true }, 'wf', describe, warn);
		expect(warn).not.toHaveBeenCalled();
		expect(describe).not.toHaveBeenCalled();
	});
});

describe('reportImportCrash', () => {
	it('logs an accepted import crash with the workflow name and signal, and nothing for a clean import', () => {
		const warn = jest.fn();
		reportImportCrash({ signal: null }, 'wf', warn);
		reportImportCrash({ crashedOnExit: false, signal: null }, 'wf', warn);
		expect(warn).not.toHaveBeenCalled();
		reportImportCrash({ crashedOnExit: true, signal: 'SIGSEGV' }, 'e2e wf', warn);
		expect(warn.mock.calls).toEqual([
			['[n8nHarness] accepted an n8n crash on exit: import of workflow "e2e wf" had succeeded, then n8n died with SIGSEGV'],
		]);
	});
});
