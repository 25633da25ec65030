/**
 * Jest harness around scripts/n8n/client.js: runs workflows in a real n8n 2.40.7 (`n8n import:workflow` +
 * `n8n execute --id --rawOutput`, Node 24, sqlite, offline) with this package linked as a community
 * package, so node types are `n8n-nodes-media-downloader.<name>` exactly as for npm users.
 *
 *   let n8n: N8nHarness;
 *   beforeAll(async () => { n8n = await startN8nHarness(); }, N8N_INSTALL_TIMEOUT_MS);
 *   afterAll(() => n8n?.cleanup());
 *   it('…', async () => {
 *     const res = await n8n.runWorkflow(workflowJson);
 *     expect(res.exitCode).toBe(0);
 *     expect(res.outputOf('Set').map((i) => i.json)).toEqual([...]);
 *   }, N8N_RUN_TIMEOUT_MS);
 *
 * The package is loaded from dist/ (run `npm run build` first; `npm test` does it in pretest).
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INodeExecutionData, IRunData } from 'n8n-workflow';

import { reportImportCrash, settleExitCrash } from './exitCrash';

/** ensureN8n may install n8n (about 3-6 min the first time): use this as the beforeAll timeout. */
export const N8N_INSTALL_TIMEOUT_MS = 15 * 60 * 1000;
/** Per-test timeout for one runWorkflow (import about 5 s + execute about 3 s on a warm machine). */
export const N8N_RUN_TIMEOUT_MS = 3 * 60 * 1000;

type Env = Record<string, string | number | undefined>;

interface ProcessResult {
	exitCode: number | null;
	signal: NodeJS.Signals | null;
	timedOut: boolean;
	stdout: string;
	stderr: string;
	durationMs: number;
}

/** The parsed `n8n execute --rawOutput` JSON (an IRun after JSON.stringify: dates are strings). */
export interface N8nRun {
	status?: string;
	finished?: boolean;
	mode?: string;
	startedAt?: string;
	stoppedAt?: string;
	data: {
		resultData: {
			runData: IRunData;
			lastNodeExecuted?: string;
			error?: { message?: string; description?: string; node?: { name?: string }; [key: string]: unknown };
		};
		[key: string]: unknown;
	};
	[key: string]: unknown;
}

/** Shape of scripts/n8n/client.js (plain CommonJS, so typed here). */
export interface N8nScript {
	N8N_VERSION: string;
	PACKAGE_NAME: string;
	PROJECT_ROOT: string;
	ensureN8n(): Promise<{ cacheDir: string; n8nBin: string; installed: boolean; durationMs: number }>;
	prepareUserFolder(userFolder: string): { userFolder: string; nodesDir: string; linkPath: string };
	n8nEnv(userFolder: string, extra?: Env): NodeJS.ProcessEnv;
	importWorkflows(userFolder: string, fileOrDir: string, options?: { env?: Env; timeoutMs?: number }): Promise<ProcessResult & { crashedOnExit?: boolean }>;
	executeWorkflow(
		userFolder: string,
		id: string,
		options?: { env?: Env; timeoutMs?: number },
	): Promise<ProcessResult & { run: N8nRun | null; crashedOnExit: boolean }>;
	parseRawOutput(stdout: string): N8nRun | null;
	getFreePort(): Promise<number>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const n8nScript: N8nScript = require('../../scripts/n8n/client.js');

/** Minimal workflow JSON as accepted by `n8n import:workflow`. */
export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: Array<Record<string, unknown> & { name: string; type: string }>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface WorkflowRunResult {
	/** 0 = success, 1 = the workflow failed, null = n8n was killed (see signal / timedOut). */
	exitCode: number | null;
	signal: NodeJS.Signals | null;
	timedOut: boolean;
	/**
	 * n8n printed a finished run and then crashed in process.exit() (isolated-vm race, see EXIT_CRASH_SIGNALS
	 * in scripts/n8n/client.js). runWorkflow returns such a run only when it is complete and successful (exitCode
	 * 0; the crash is logged), and otherwise rejects with the crash (see exitCrash.ts).
	 */
	crashedOnExit: boolean;
	/** Parsed run data, null when n8n printed none (crash before the run, timeout). */
	run: N8nRun | null;
	workflowId: string;
	/** n8n's raw stdout (log lines + JSON) and stderr, for diagnostics. */
	stdout: string;
	stderr: string;
	importMs: number;
	executeMs: number;
	/** Items of `nodeName`'s output (default: first output of the first run). Throws when the node did not run. */
	outputOf(nodeName: string, outputIndex?: number, runIndex?: number): INodeExecutionData[];
	/** The workflow error (run.data.resultData.error.message), else the error n8n printed (e.g. "Unrecognized node type: …"). */
	errorMessage(): string | undefined;
}

export interface N8nHarness {
	/** Temp root: userFolder, filesDir and the written workflow files live below it. */
	rootDir: string;
	/** N8N_USER_FOLDER of this harness (`.n8n/` with database, storage and the linked package). */
	userFolder: string;
	/** Default N8N_RESTRICT_FILE_ACCESS_TO: the folder n8n's file nodes (and ours) may use. */
	filesDir: string;
	/** Where the project is linked: <userFolder>/.n8n/nodes/node_modules/n8n-nodes-media-downloader. */
	packageLink: string;
	/** Import + execute a workflow (an id ≤ 21 chars is set when missing). Runs are serialised per harness. */
	runWorkflow(workflow: WorkflowJson, env?: Env, options?: { timeoutMs?: number }): Promise<WorkflowRunResult>;
	/** Remove the temp folder (kept when N8N_E2E_KEEP=1). */
	cleanup(): Promise<void>;
}

export interface StartN8nHarnessOptions {
	/** Extra env for every n8n process of this harness (runWorkflow's env wins). */
	env?: Env;
	/** Keep the temp folder after cleanup() (also N8N_E2E_KEEP=1). */
	keep?: boolean;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A fresh 16-char alphanumeric workflow id (n8n accepts ≤ 21 chars). */
export function newWorkflowId(): string {
	const bytes = crypto.randomBytes(13);
	let id = 'e2e';
	for (const b of bytes) id += ID_ALPHABET[b % ID_ALPHABET.length];
	return id;
}

function describeRun(res: { exitCode: number | null; signal: string | null; timedOut: boolean; run: N8nRun | null; stdout: string; stderr: string }): string {
	const ran = res.run ? Object.keys(res.run.data?.resultData?.runData ?? {}) : [];
	const error = res.run?.data?.resultData?.error;
	return [
		`exit ${res.exitCode}${res.signal ? ` (${res.signal})` : ''}${res.timedOut ? ' (timed out)' : ''}`,
		`status: ${res.run?.status ?? 'no run data'}; nodes that ran: ${ran.length ? ran.map((n) => JSON.stringify(n)).join(', ') : 'none'}`,
		error ? `workflow error: ${error.message ?? JSON.stringify(error)}${error.description ? ` (${error.description})` : ''}` : '',
		res.run ? '' : `--- n8n stdout (tail) ---\n${res.stdout.slice(-4000)}\n--- n8n stderr (tail) ---\n${res.stderr.slice(-4000)}`,
	]
		.filter(Boolean)
		.join('\n');
}

/**
 * Errors outside the run (unknown node type, missing trigger, unknown id) come without run data;
 * n8n prints them after "Execution error:" / "====" on stdout.
 */
function cliErrorMessage(stdout: string, exitCode: number | null): string | undefined {
	if (exitCode === 0) return undefined;
	const lines = stdout.split(/\r?\n/);
	for (let i = lines.length - 1; i > 0; i--) {
		if (/^={10,}$/.test(lines[i].trim()) && /Execution error:/.test(lines[i - 1])) {
			const message = lines.slice(i + 1).find((l) => l.trim() !== '');
			if (message) return message.trim();
		}
	}
	const notFound = lines.find((l) => /^The workflow with the id ".*" does not exist\./.test(l));
	return notFound?.trim();
}

/**
 * Install n8n if needed (call from beforeAll with N8N_INSTALL_TIMEOUT_MS), make a temp user folder
 * and link this package into it.
 */
export async function startN8nHarness(options: StartN8nHarnessOptions = {}): Promise<N8nHarness> {
	await n8nScript.ensureN8n();
	const rootDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
	const userFolder = path.join(rootDir, 'user');
	const filesDir = path.join(rootDir, 'files');
	const workflowsDir = path.join(rootDir, 'workflows');
	fs.mkdirSync(filesDir, { recursive: true });
	fs.mkdirSync(workflowsDir, { recursive: true });
	const { linkPath } = n8nScript.prepareUserFolder(userFolder);
	const baseEnv: Env = { N8N_RESTRICT_FILE_ACCESS_TO: filesDir, ...options.env };
	let queue: Promise<unknown> = Promise.resolve();
	let cleanedUp = false;

	async function runOnce(workflow: WorkflowJson, env: Env | undefined, timeoutMs: number | undefined): Promise<WorkflowRunResult> {
		if (cleanedUp) throw new Error('runWorkflow after cleanup()');
		const workflowId = workflow.id ?? newWorkflowId();
		if (workflowId.length > 21) throw new Error(`workflow id "${workflowId}" is longer than 21 characters`);
		const file = path.join(workflowsDir, `${workflowId}.json`);
		const data = { name: `e2e ${workflowId}`, settings: { executionOrder: 'v1' }, ...workflow, id: workflowId };
		fs.writeFileSync(file, JSON.stringify(data, null, 2));
		const mergedEnv = { ...baseEnv, ...env };
		const imported = await n8nScript.importWorkflows(userFolder, file, { env: mergedEnv, timeoutMs });
		reportImportCrash(imported, data.name);
		const res = await n8nScript.executeWorkflow(userFolder, workflowId, { env: mergedEnv, timeoutMs });
		settleExitCrash(res, data.name, () => describeRun(res));
		const result: WorkflowRunResult = {
			exitCode: res.exitCode,
			signal: res.signal,
			timedOut: res.timedOut,
			crashedOnExit: res.crashedOnExit,
			run: res.run,
			workflowId,
			stdout: res.stdout,
			stderr: res.stderr,
			importMs: imported.durationMs,
			executeMs: res.durationMs,
			outputOf(nodeName: string, outputIndex = 0, runIndex = 0): INodeExecutionData[] {
				const runs = res.run?.data?.resultData?.runData?.[nodeName];
				if (!runs) throw new Error(`node "${nodeName}" did not run in workflow ${workflowId}\n${describeRun(res)}`);
				const taskData = runs[runIndex];
				if (!taskData) throw new Error(`node "${nodeName}" has no run #${runIndex} (it ran ${runs.length} time(s))`);
				if (taskData.error) {
					throw new Error(`node "${nodeName}" failed: ${taskData.error.message}\n${describeRun(res)}`);
				}
				const main = taskData.data?.main;
				if (!main || outputIndex >= main.length) {
					throw new Error(`node "${nodeName}" has no output #${outputIndex} (it has ${main?.length ?? 0})`);
				}
				return (main[outputIndex] ?? []) as INodeExecutionData[];
			},
			errorMessage(): string | undefined {
				return res.run?.data?.resultData?.error?.message ?? cliErrorMessage(res.stdout, res.exitCode);
			},
		};
		return result;
	}

	return {
		rootDir,
		userFolder,
		filesDir,
		packageLink: linkPath,
		runWorkflow(workflow, env, runOptions = {}) {
			// One n8n process at a time per user folder: they share one sqlite database.
			const next = queue.then(() => runOnce(workflow, env, runOptions.timeoutMs));
			queue = next.catch(() => undefined);
			return next;
		},
		async cleanup() {
			if (cleanedUp) return;
			cleanedUp = true;
			await queue;
			if (options.keep || process.env.N8N_E2E_KEEP === '1') {
				process.stderr.write(`[n8nHarness] kept ${rootDir}\n`);
				return;
			}
			fs.rmSync(rootDir, { recursive: true, force: true });
		},
	};
}
