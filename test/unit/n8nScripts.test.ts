import { execa } from 'execa';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * scripts/n8n.js runs npm and n8n through the built library's runProgram: without a build, or on a Node the
 * library does not support, it must say what to do instead of failing inside execa.
 */
const projectRoot = path.resolve(__dirname, '../..');

interface Outcome {
	exitCode: number | null;
	signal: string | null;
	timedOut: boolean;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const client = require('../../scripts/n8n/client.js') as {
	parseRawOutput(stdout: string): unknown;
	exitCodeBeforeCrash(res: Outcome, run: unknown): 0 | 1 | undefined;
};
const manualWorkflow = { nodes: [{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }], connections: {} };

let tmp: string;
let env: Record<string, string>;
let workflowFile: string;

beforeEach(() => {
	tmp = mkdtempSync(path.join(os.tmpdir(), 'mdl-n8n-scripts-'));
	// A cache folder that looks installed: n8n itself is never started, the runner refuses before that.
	const cacheDir = path.join(tmp, 'cache');
	mkdirSync(path.join(cacheDir, 'node_modules', 'n8n', 'bin'), { recursive: true });
	writeFileSync(path.join(cacheDir, 'node_modules', 'n8n', 'bin', 'n8n'), '');
	writeFileSync(path.join(cacheDir, '.n8n-install-complete.json'), '{}');
	workflowFile = path.join(tmp, 'workflow.json');
	writeFileSync(workflowFile, JSON.stringify(manualWorkflow));
	env = { N8N_CACHE_DIR: cacheDir, N8N_RESTRICT_FILE_ACCESS_TO: tmp };
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('node scripts/n8n.js', () => {
	it('without a build, says to run `npm run build` first', async () => {
		// A copy of the project without dist/ (node_modules linked for the project's Node 24).
		const root = path.join(tmp, 'project');
		mkdirSync(root);
		cpSync(path.join(projectRoot, 'scripts'), path.join(root, 'scripts'), { recursive: true });
		cpSync(path.join(projectRoot, 'package.json'), path.join(root, 'package.json'));
		symlinkSync(path.join(projectRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
		const res = await execa(process.execPath, [path.join(root, 'scripts', 'n8n.js'), 'execute', workflowFile], { env, reject: false });
		expect(res.exitCode).toBe(1);
		expect(res.stderr).toContain(`${path.join(root, 'dist', 'lib', 'process.js')} is missing: run \`npm run build\` first`);
	});

	it('on a Node older than package.json "engines", names the Node it needs', async () => {
		const preload = path.join(tmp, 'old-node.js');
		writeFileSync(preload, "Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '20.19.0' } });\n");
		const res = await execa(process.execPath, ['--require', preload, path.join(projectRoot, 'scripts', 'n8n.js'), 'execute', workflowFile], {
			env,
			reject: false,
		});
		expect(res.exitCode).toBe(1);
		expect(res.stderr).toContain('the n8n scripts need Node >=22.13');
		expect(res.stderr).toContain('this is Node 20.19.0');
	});

	it('without a command prints the usage and exits 0; an unknown one exits 2', async () => {
		const help = await execa(process.execPath, [path.join(projectRoot, 'scripts', 'n8n.js')], { env, reject: false });
		expect(help.exitCode).toBe(0);
		expect(help.stderr).toMatch(/^usage: node scripts\/n8n\.js <command>\n {2}ensure .*\n {2}start .*\n {2}execute <wf\.json>/);
		const unknown = await execa(process.execPath, [path.join(projectRoot, 'scripts', 'n8n.js'), 'nonsense'], { env, reject: false });
		expect(unknown.exitCode).toBe(2);
	});
});

/** `n8n execute --rawOutput` stdout as n8n 2.40.7 prints it: log lines, the run (JSON.stringify(run, null, 2)), then for a failed run its error. */
function printedRun(run: Record<string, unknown>, after = ''): string {
	return `n8n Task Broker ready on 127.0.0.1, port 39041\n[license SDK] Skipping renewal on init\n${JSON.stringify(run, null, 2)}\n${after}`;
}
const resultData = { runData: { 'Manual Trigger': [{ executionStatus: 'success', data: { main: [[{ json: {} }]] } }] }, lastNodeExecuted: 'Manual Trigger' };
const succeeded = { data: { resultData }, finished: true, mode: 'cli', startedAt: '2026-11-30T02:29:12.100Z', stoppedAt: '2026-11-30T02:29:12.644Z', status: 'success' };
// A failed run has no `finished` field at all.
const failed = {
	data: { resultData: { ...resultData, error: { message: 'failed on purpose' } } },
	mode: 'cli',
	startedAt: '2026-11-30T02:29:12.100Z',
	stoppedAt: '2026-11-30T02:29:12.644Z',
	status: 'error',
};
const segv: Outcome = { exitCode: null, signal: 'SIGSEGV', timedOut: false };

describe('scripts/n8n/client.js: n8n crashing in process.exit() after printing its run', () => {
	it('parses the printed run out of the log lines around it', () => {
		expect(client.parseRawOutput(printedRun(failed, 'Execution error:\n====================================\nfailed on purpose\n'))).toEqual(failed);
	});

	it('reports the exit code n8n was exiting with: 0 after a successful run, 1 after a failed one', () => {
		expect(client.exitCodeBeforeCrash(segv, client.parseRawOutput(printedRun(succeeded)))).toBe(0);
		expect(client.exitCodeBeforeCrash(segv, client.parseRawOutput(printedRun(failed, 'Execution error:\nfailed on purpose\n')))).toBe(1);
		expect(client.exitCodeBeforeCrash({ ...segv, signal: 'SIGABRT' }, failed)).toBe(1);
	});

	it('is no such crash without a whole printed run, after a clean exit, at our time limit or for another signal', () => {
		const cut = printedRun(succeeded).slice(0, -40);
		expect(client.parseRawOutput(cut)).toBeNull();
		expect(client.exitCodeBeforeCrash(segv, null)).toBeUndefined();
		expect(client.exitCodeBeforeCrash(segv, { ...succeeded, status: 'running', stoppedAt: undefined })).toBeUndefined();
		expect(client.exitCodeBeforeCrash(segv, { ...failed, stoppedAt: undefined })).toBeUndefined();
		expect(client.exitCodeBeforeCrash({ exitCode: 1, signal: null, timedOut: false }, failed)).toBeUndefined();
		expect(client.exitCodeBeforeCrash({ exitCode: null, signal: 'SIGTERM', timedOut: true }, succeeded)).toBeUndefined();
		expect(client.exitCodeBeforeCrash({ ...segv, signal: 'SIGKILL' }, succeeded)).toBeUndefined();
	});
});

interface StagedWorkflow {
	id: string;
	name: string;
	nodes: unknown[];
}
/* eslint-disable @typescript-eslint/no-require-imports */
const workflows = require('../../scripts/n8n/workflows.js') as {
	readExampleWorkflows(dir: string): StagedWorkflow[];
	stageExampleWorkflows(dir: string, tmpDir: string, options?: { filesDir?: string; offline?: { baseUrl: string; filesDir: string } }): number;
};
const offlineDemo = require('../../scripts/n8n/offlineDemo.js') as {
	n8nFilesDir(env: Record<string, string | undefined>): string;
	prepareDemoFolder(demoDir: string, workflows: StagedWorkflow[]): string[];
	startDemoMedia(options: { port: number }): Promise<{ baseUrl: string; close(): Promise<void> }>;
};
/* eslint-enable @typescript-eslint/no-require-imports */
const examplesDir = path.join(projectRoot, 'examples');
const stagedIn = (dir: string) => readdirSync(dir).sort().map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as StagedWorkflow);
const stageDir = () => {
	const dir = path.join(tmp, 'staged');
	mkdirSync(dir);
	return dir;
};

describe('`npm start`: the examples and their offline demo', () => {
	it('imports each example with its folders in this n8n\'s files folder, and next to it its "(offline demo)" copy', () => {
		const examples = workflows.readExampleWorkflows(examplesDir);
		const dir = stageDir();
		const count = workflows.stageExampleWorkflows(examplesDir, dir, { filesDir: '/home/me/.n8n-files', offline: { baseUrl: 'http://127.0.0.1:5680', filesDir: '/home/me/.n8n-files/offline-demo' } });
		const staged = stagedIn(dir);
		expect(count).toBe(2 * examples.length);
		expect(staged.map((w) => w.name)).toEqual(examples.flatMap((w) => [w.name, `${w.name} (offline demo)`]));
		expect(new Set(staged.map((w) => w.id)).size).toBe(staged.length);
		const text = JSON.stringify(staged);
		expect(text).not.toContain('/home/node/.n8n-files');
		expect(text).toContain('/home/me/.n8n-files/offline-demo/podcasts/');
		// the originals keep their real URLs
		expect(JSON.stringify(staged.filter((w) => !w.name.endsWith('(offline demo)')))).toContain('https://feeds.npr.org/510289/podcast.xml');
	});

	it('without the demo imports the examples alone', () => {
		const dir = stageDir();
		expect(workflows.stageExampleWorkflows(examplesDir, dir)).toBe(workflows.readExampleWorkflows(examplesDir).length);
		expect(stagedIn(dir).map((w) => w.name)).toEqual(workflows.readExampleWorkflows(examplesDir).map((w) => w.name));
		expect(JSON.stringify(stagedIn(dir))).toContain('/home/node/.n8n-files/podcasts/');
	});

	it("finds n8n's files folder as n8n does: the first of N8N_RESTRICT_FILE_ACCESS_TO, else ~/.n8n-files", () => {
		expect(offlineDemo.n8nFilesDir({ N8N_RESTRICT_FILE_ACCESS_TO: ' ~/media ; /srv/other' })).toBe(path.join(os.homedir(), 'media'));
		expect(offlineDemo.n8nFilesDir({})).toBe(path.join(os.homedir(), '.n8n-files'));
	});

	it('makes the folders the examples use and puts caption files into captions/, leaving files that are there', () => {
		const demoDir = path.join(tmp, 'offline-demo');
		mkdirSync(path.join(demoDir, 'captions'), { recursive: true });
		writeFileSync(path.join(demoDir, 'captions', 'clip.json3'), 'mine');
		expect(offlineDemo.prepareDemoFolder(demoDir, workflows.readExampleWorkflows(examplesDir))).toEqual(['captions', 'podcasts', 'transcripts']);
		expect(readdirSync(path.join(demoDir, 'captions')).sort()).toEqual(['clip.json3', 'lecture-speakers.vtt', 'podcast-interview.srt', 'youtube-auto-captions.en.vtt']);
		expect(readFileSync(path.join(demoDir, 'captions', 'clip.json3'), 'utf8')).toBe('mine');
		expect(readdirSync(path.join(demoDir, 'podcasts'))).toEqual([]);
	});

	it(
		'serves the demo media on the port asked for: the feed links its episodes there',
		async () => {
			const port = await freePort();
			const server = await offlineDemo.startDemoMedia({ port });
			try {
				expect(server.baseUrl).toBe(`http://127.0.0.1:${port}`);
				const feed = await (await fetch(`${server.baseUrl}/feed.xml`)).text();
				expect(feed).toContain(`<enclosure url="http://127.0.0.1:${port}/media/episode-1.mp3"`);
				expect((await fetch(`${server.baseUrl}/media/episode-1.mp3`)).status).toBe(200);
			} finally {
				await server.close();
			}
		},
		5 * 60_000,
	);
});

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}
