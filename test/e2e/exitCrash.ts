/**
 * n8n 2.40.7 sometimes dies (SIGSEGV in isolated-vm, see EXIT_CRASH_SIGNALS in scripts/n8n/client.js) inside
 * process.exit(), after it printed the run. The harness counts such a run as a success only when what n8n
 * printed is a complete, successful run. A complete failed run (n8n stopped it and printed its error) stays a
 * failure, so tests that expect a failing workflow read its error; anything partial fails the test with the
 * crash. Every accepted crash is written to the test log, so how often it happens stays visible.
 */
import type { N8nRun } from './n8nHarness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { EXIT_CRASH_SIGNALS } = require('../../scripts/n8n/client.js') as { EXIT_CRASH_SIGNALS: readonly string[] };

/** The parts of scripts/n8n/client.js executeWorkflow's result this rule reads. */
export interface ExecuteOutcome {
	/** scripts/n8n/client.js saw a crash signal after a printed, finished run. */
	crashedOnExit: boolean;
	exitCode: number | null;
	signal: NodeJS.Signals | null;
	timedOut: boolean;
	run: N8nRun | null;
}

/** The signals of that crash, as scripts/n8n/client.js knows them. */
const CRASH_SIGNALS = EXIT_CRASH_SIGNALS;

function crashed(outcome: ExecuteOutcome): boolean {
	if (outcome.crashedOnExit) return true;
	return outcome.exitCode === null && !outcome.timedOut && outcome.signal !== null && CRASH_SIGNALS.includes(outcome.signal);
}

type Warn = (message: string) => void;

/** Straight to the test log (jest shows a worker's stderr), one line per crash. */
const toTestLog: Warn = (message) => process.stderr.write(`${message}\n`);

/** Why `run` is not a complete, successful run; undefined when it is one. */
export function incompleteRunReason(run: N8nRun | null): string | undefined {
	if (!run) return 'no run JSON could be parsed from its output';
	if (run.status !== 'success') return `its status is ${JSON.stringify(run.status)}, not "success"`;
	if (run.finished !== true) return 'it is not marked finished';
	if (typeof run.stoppedAt !== 'string') return 'it has no stoppedAt';
	const resultData = run.data?.resultData;
	if (!resultData) return 'it has no resultData';
	if (resultData.error) return `it holds an error: ${resultData.error.message ?? JSON.stringify(resultData.error)}`;
	const runData = resultData.runData ?? {};
	const ran = Object.keys(runData);
	if (ran.length === 0) return 'no node ran';
	// Executed nodes are named by lastNodeExecuted and by every task's sources: each needs its own run data.
	const executed = new Set<string>(resultData.lastNodeExecuted ? [resultData.lastNodeExecuted] : []);
	for (const name of ran) {
		const tasks = runData[name];
		if (!Array.isArray(tasks) || tasks.length === 0) return `node "${name}" has no task data`;
		for (const task of tasks) {
			if (task.error) return `node "${name}" failed: ${task.error.message}`;
			if (task.executionStatus !== undefined && task.executionStatus !== 'success') return `node "${name}" ended ${task.executionStatus}`;
			for (const source of task.source ?? []) if (source?.previousNode) executed.add(source.previousNode);
		}
	}
	const missing = [...executed].filter((name) => !(name in runData));
	if (missing.length > 0) return `no run data for executed node(s) ${missing.map((n) => JSON.stringify(n)).join(', ')}`;
	const pending = (run.data.executionData as { nodeExecutionStack?: unknown[] } | undefined)?.nodeExecutionStack ?? [];
	if (pending.length > 0) return `${pending.length} node(s) were still waiting to run`;
	return undefined;
}

/** Whether `run` is a failed run n8n finished and printed whole: stopped, with the error that failed it. */
export function isCompleteFailedRun(run: N8nRun | null): boolean {
	if (!run || run.status !== 'error' || typeof run.stoppedAt !== 'string') return false;
	const resultData = run.data?.resultData;
	return Boolean(resultData?.error || Object.values(resultData?.runData ?? {}).some((tasks) => Array.isArray(tasks) && tasks.some((t) => t.error)));
}

/**
 * Decides on an `n8n execute` that crashed: returns quietly (and logs the crash) when the printed run is
 * complete and successful, throws otherwise. Any other exit (clean, failed, timed out, killed) is left alone.
 */
export function settleExitCrash(outcome: ExecuteOutcome, workflowName: string, describe: () => string = () => '', warn: Warn = toTestLog): void {
	if (!crashed(outcome)) return;
	const signal = outcome.signal ?? 'a crash signal';
	const reason = incompleteRunReason(outcome.run);
	if (reason && isCompleteFailedRun(outcome.run)) {
		warn(`[n8nHarness] an n8n crash on exit after a complete failed run: workflow "${workflowName}" failed (${reason}), then n8n died with ${signal}; the run counts as failed`);
		return;
	}
	if (reason) {
		const details = describe();
		throw new Error(
			`n8n died with ${signal} running workflow "${workflowName}", and the run it printed is not complete and successful (${reason}); ` +
				`the crash fails the test.${details ? `\n${details}` : ''}`,
		);
	}
	warn(`[n8nHarness] accepted an n8n crash on exit: workflow "${workflowName}" printed a complete, successful run, then n8n died with ${signal}`);
}

/** `n8n import:workflow` that printed "Successfully imported" and then crashed is accepted by scripts/n8n/client.js: log it. */
export function reportImportCrash(imported: { crashedOnExit?: boolean; signal: NodeJS.Signals | null }, workflowName: string, warn: Warn = toTestLog): void {
	if (!imported.crashedOnExit) return;
	warn(`[n8nHarness] accepted an n8n crash on exit: import of workflow "${workflowName}" had succeeded, then n8n died with ${imported.signal ?? 'a crash signal'}`);
}
