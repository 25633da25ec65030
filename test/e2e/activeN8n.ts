/**
 * A real `n8n start` on loopback ports for tests of trigger nodes: workflows are imported and published
 * (`n8n publish:workflow`, the 2.x way to activate) before it starts, it is ready when n8n answers
 * /healthz/readiness and its database says their triggers are activated, and stop() sends SIGTERM, n8n's graceful
 * shutdown (triggers' closeFunctions run), and reports how it ended.
 *
 *   await importWorkflow(n8n, workflow);          // n8n: the harness of the test file
 *   await publishWorkflow(n8n, workflow.id);
 *   const active = await startActiveN8n(n8n, { activeWorkflowIds: [workflow.id] });
 *   try { …; const end = await active.stop(); expect(end.exitCode).toBe(0); } finally { await active.kill(); }
 *
 * While it serves, harness.runWorkflow (`n8n import:workflow` + `n8n execute`) may use the same user folder:
 * n8n 2.40's SQLite database takes both processes. n8n 2.40 activates published workflows through its
 * publication service and logs that only at debug level, so activation is read from its database.
 * Processes are started with execa from argument arrays; n8n gets its own process group, so kill() also
 * ends its task runners.
 */
import { execa, type ResultPromise } from 'execa';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import { newWorkflowId, n8nScript, type N8nHarness, type WorkflowJson } from './n8nHarness';

type Env = Record<string, string | number | undefined>;

/** The parts of scripts/n8n/client.js this module uses besides n8nHarness's. */
interface ClientExtras {
	runN8n(userFolder: string, args: string[], options?: { env?: Env; timeoutMs?: number }): Promise<{ exitCode: number | null; timedOut: boolean; stdout: string; stderr: string }>;
	nodeBin(): string;
	n8nBin(): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const client: ClientExtras = require('../../scripts/n8n/client.js');

/** How long `n8n start` may take until it serves and activated the workflows (about 15 s on an idle machine). */
export const N8N_START_TIMEOUT_MS = 120_000;

/** The environment every n8n process of `harness` gets (the harness's own default: its files folder is the allowed one). */
function harnessEnv(harness: N8nHarness, extra: Env = {}): Env {
	return { N8N_RESTRICT_FILE_ACCESS_TO: harness.filesDir, ...extra };
}

/** `n8n import:workflow` of one workflow (an id is set when missing); returns its id. */
export async function importWorkflow(harness: N8nHarness, workflow: WorkflowJson, env?: Env): Promise<string> {
	const id = workflow.id ?? newWorkflowId();
	const file = path.join(harness.rootDir, 'workflows', `${id}.json`);
	writeFileSync(file, JSON.stringify({ name: `e2e ${id}`, settings: { executionOrder: 'v1' }, ...workflow, id }, null, 2));
	await n8nScript.importWorkflows(harness.userFolder, file, { env: harnessEnv(harness, env) });
	return id;
}

/** `n8n import:credentials`: n8n encrypts each credential's `data` object with the instance key. */
export async function importCredentials(harness: N8nHarness, credentials: Array<{ id: string; name: string; type: string; data: Record<string, unknown> }>, env?: Env): Promise<void> {
	const file = path.join(harness.rootDir, 'workflows', `credentials-${credentials.map((c) => c.id).join('-')}.json`);
	writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
	await runCommand(harness, ['import:credentials', `--input=${file}`], /Successfully imported/, env);
}

/** `n8n publish:workflow --id`: the workflow is active from the next `n8n start` on. */
export async function publishWorkflow(harness: N8nHarness, id: string, env?: Env): Promise<void> {
	await runCommand(harness, ['publish:workflow', `--id=${id}`], /Publishing workflow with ID/, env);
}

/** `n8n unpublish:workflow --id`: the next `n8n start` leaves it inactive. */
export async function unpublishWorkflow(harness: N8nHarness, id: string, env?: Env): Promise<void> {
	await runCommand(harness, ['unpublish:workflow', `--id=${id}`], /Unpublishing workflow with ID/, env);
}

async function runCommand(harness: N8nHarness, args: string[], started: RegExp, env?: Env): Promise<void> {
	const res = await client.runN8n(harness.userFolder, args, { env: harnessEnv(harness, env), timeoutMs: 120_000 });
	// n8n may crash inside process.exit() after the work was done (see EXIT_CRASH_SIGNALS in client.js).
	const crashedAfterWork = res.exitCode === null && !res.timedOut && started.test(res.stdout) && !/Error/i.test(res.stdout);
	if (res.exitCode !== 0 && !crashedAfterWork) {
		throw new Error(`n8n ${args.join(' ')} failed (exit ${res.exitCode}):\n${res.stdout.slice(-3000)}\n${res.stderr.slice(-3000)}`);
	}
}

export interface N8nStopped {
	/** 0 after n8n's graceful shutdown; 1 when it crashed or its shutdown timed out */
	exitCode: number | null;
	/** set when it was killed */
	signal: string | null;
	/** how long the stop took (since the start when n8n exited by itself) */
	durationMs: number;
	/**
	 * n8n finished its graceful shutdown and then died in process.exit() (the isolated-vm race of EXIT_CRASH_SIGNALS in
	 * scripts/n8n/client.js): reported as exit 0 with the signal kept here, and written to the test log.
	 */
	crashedOnExit?: NodeJS.Signals;
}

const EXIT_CRASH_SIGNALS = ['SIGSEGV', 'SIGBUS', 'SIGABRT'];

export interface ActiveN8n {
	readonly port: number;
	readonly pid: number;
	/** n8n's output so far, stdout and stderr lines in order, each with the seconds since the start */
	log(): string;
	/** The processes below n8n now (pid → start time), to check none outlives it. */
	descendants(): Map<number, string>;
	/** SIGTERM and wait for n8n to exit (it gives up and kills after its own graceful-shutdown time plus 15 s). */
	stop(): Promise<N8nStopped>;
	/** For finally blocks: SIGKILL n8n's process group if it still runs, and every process that was below it and outlived it. */
	kill(): Promise<void>;
}

export interface StartActiveN8nOptions {
	/** ids of the published workflows whose activation to wait for */
	activeWorkflowIds: string[];
	/** extra env (over the harness's); N8N_GRACEFUL_SHUTDOWN_TIMEOUT defaults to 30 as in n8n */
	env?: Env;
	timeoutMs?: number;
}

/** Starts `n8n start` in the harness's user folder and waits until it serves and activated the workflows. */
export async function startActiveN8n(harness: N8nHarness, options: StartActiveN8nOptions): Promise<ActiveN8n> {
	const port = await n8nScript.getFreePort();
	let brokerPort: number;
	do brokerPort = await n8nScript.getFreePort();
	while (brokerPort === port);
	const env = n8nScript.n8nEnv(
		harness.userFolder,
		harnessEnv(harness, { N8N_PORT: port, N8N_RUNNERS_BROKER_PORT: brokerPort, N8N_LISTEN_ADDRESS: '127.0.0.1', ...options.env }),
	);
	const shutdownS = Number(env.N8N_GRACEFUL_SHUTDOWN_TIMEOUT) || 30;
	const lines: string[] = [];
	const child: ResultPromise = execa(client.nodeBin(), [client.n8nBin(), 'start'], {
		env,
		extendEnv: false,
		cwd: harness.userFolder,
		detached: true,
		reject: false,
		buffer: false,
		stdin: 'ignore',
	});
	const pid = child.pid!;
	const startedAt = Date.now();
	const onLine = (line: string) => {
		lines.push(`[${((Date.now() - startedAt) / 1000).toFixed(1)} s] ${line}`);
	};
	for (const stream of [child.stdout!, child.stderr!]) {
		let rest = '';
		stream.on('data', (chunk: Buffer) => {
			const parts = (rest + chunk.toString()).split(/\r?\n/);
			rest = parts.pop()!;
			parts.forEach(onLine);
		});
		stream.on('end', () => rest && onLine(rest));
	}
	let exited: N8nStopped | undefined;
	let stopAt: number | undefined;
	const exit = child.then((res) => (exited = { exitCode: res.exitCode ?? null, signal: res.signal ?? null, durationMs: Date.now() - (stopAt ?? startedAt) }));

	const log = () => lines.join('\n');
	const killGroup = (signal: NodeJS.Signals) => {
		try {
			process.kill(-pid, signal);
		} catch {
			// the group is gone
		}
	};
	// The processes below n8n when it was last asked to stop: once n8n is gone they are no longer its descendants.
	let family = new Map<number, string>();
	const active: ActiveN8n = {
		port,
		pid,
		log,
		descendants: () => descendantsOf(pid),
		async stop() {
			if (exited) return exited;
			family = descendantsOf(pid);
			// Only n8n itself: its graceful shutdown stops its task runners and our triggers.
			stopAt = Date.now();
			process.kill(pid, 'SIGTERM');
			const force = setTimeout(() => killGroup('SIGKILL'), (shutdownS + 15) * 1000);
			try {
				const end = await exit;
				// A crash is accepted only after a shutdown n8n began on our SIGTERM and that did not time out.
				const crash = end.exitCode === null && EXIT_CRASH_SIGNALS.includes(end.signal ?? '') && /Received SIGTERM\. Shutting down/.test(log()) && !/Shutdown timed out/.test(log());
				if (!crash) return end;
				process.stderr.write(`n8n (pid ${pid}) shut down and then crashed in process.exit() with ${end.signal}; counted as a clean stop\n`);
				return { exitCode: 0, signal: null, durationMs: end.durationMs, crashedOnExit: end.signal as NodeJS.Signals };
			} finally {
				clearTimeout(force);
			}
		},
		async kill() {
			if (!exited) {
				family = new Map([...family, ...descendantsOf(pid)]);
				killGroup('SIGKILL');
			}
			await exit;
			// Downloads run in process groups of their own: whatever of them outlived n8n goes too.
			for (const [child, started] of family) {
				try {
					if (processStartTime(child) === started) process.kill(child, 'SIGKILL');
				} catch {
					// ended meanwhile
				}
			}
		},
	};

	try {
		const deadline = Date.now() + (options.timeoutMs ?? N8N_START_TIMEOUT_MS);
		await waitForReadiness(port, deadline, () => exited, log);
		await waitForActivation(harness, options.activeWorkflowIds, deadline, () => exited, log);
	} catch (error) {
		await active.kill();
		throw error;
	}
	return active;
}

async function waitForReadiness(port: number, deadline: number, exited: () => N8nStopped | undefined, log: () => string): Promise<void> {
	while (Date.now() < deadline && !exited()) {
		try {
			const res = await fetch(`http://127.0.0.1:${port}/healthz/readiness`);
			if (res.status === 200) return;
		} catch {
			// not listening yet
		}
		await sleep(500);
	}
	throw new Error(`n8n was not ready on port ${port}${exited() ? ` (it exited: ${JSON.stringify(exited())})` : ''}\n${tail(log())}`);
}

interface TriggerStatus {
	workflowId: string;
	nodeId: string;
	status: string;
	errorMessage: string | null;
}

/**
 * n8n 2.40 activates published workflows through its publication service after startup, logging that only
 * at debug level; what it did is recorded per trigger node in its database, which is read here.
 */
export function triggerStatuses(harness: N8nHarness): TriggerStatus[] {
	const db = new DatabaseSync(path.join(harness.userFolder, '.n8n', 'database.sqlite'), { timeout: 5000 });
	try {
		return db.prepare('SELECT workflowId, nodeId, status, errorMessage FROM workflow_publication_trigger_status').all() as unknown as TriggerStatus[];
	} finally {
		db.close();
	}
}

async function waitForActivation(harness: N8nHarness, ids: string[], deadline: number, exited: () => N8nStopped | undefined, log: () => string): Promise<void> {
	let statuses: TriggerStatus[] = [];
	while (Date.now() < deadline && !exited()) {
		try {
			statuses = triggerStatuses(harness).filter((row) => ids.includes(row.workflowId));
		} catch {
			// the table is created by n8n's migrations, or the database is busy: ask again
		}
		const failed = statuses.find((row) => row.status !== 'activated' && row.errorMessage);
		if (failed) throw new Error(`n8n could not activate workflow ${failed.workflowId}: ${failed.errorMessage}\n${tail(log())}`);
		if (ids.every((id) => statuses.some((row) => row.workflowId === id)) && statuses.every((row) => row.status === 'activated')) return;
		await sleep(500);
	}
	throw new Error(`n8n did not activate ${ids.join(', ')} (trigger statuses: ${JSON.stringify(statuses)})${exited() ? `; it exited: ${JSON.stringify(exited())}` : ''}\n${tail(log())}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tail = (text: string) => text.split('\n').slice(-60).join('\n');

/** A process's start time (clock ticks since boot), so a reused pid is not taken for a survivor. */
export function processStartTime(pid: number): string | undefined {
	try {
		// The command name in field 2 may hold spaces: fields are counted after its closing parenthesis.
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
	} catch {
		return undefined;
	}
}

/** Every live descendant of `root` (pid → start time), from /proc; our downloads run in their own process groups but stay its children. */
export function descendantsOf(root: number): Map<number, string> {
	const parentOf = new Map<number, number>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
		} catch {
			// exited meanwhile
		}
	}
	const found = new Map<number, string>();
	const seen = new Set<number>();
	for (let added = true; added; ) {
		added = false;
		for (const [pid, ppid] of parentOf) {
			if (seen.has(pid) || (ppid !== root && !found.has(ppid))) continue;
			seen.add(pid);
			const started = processStartTime(pid);
			if (started) found.set(pid, started);
			added = true;
		}
	}
	return found;
}

/** A process's command line ('' when it is gone or a zombie). */
export function commandLine(pid: number): string {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
	} catch {
		return '';
	}
}

/** Live processes whose command line contains `text` (e.g. the fixture server's address in a yt-dlp call). */
export function processesWith(text: string): Array<{ pid: number; command: string }> {
	const found: Array<{ pid: number; command: string }> = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
		const command = commandLine(Number(entry));
		if (command.includes(text)) found.push({ pid: Number(entry), command });
	}
	return found;
}
