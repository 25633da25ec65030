/**
 * Our `usableAsTool` nodes as AI tools, without a language model: a running n8n 2.40.7 (`n8n start`) serves a
 * published workflow whose MCP Server Trigger has the `<name>Tool` variants n8n generates for our nodes on its
 * tool input, with parameters the model fills through `$fromAI()` as the editor writes them. An MCP client (the
 * SDK of n8n's own install) stands in for the agent: tools/list gives each tool's name, description and input
 * schema, and tools/call runs the node through n8n's tool wrapper (n8n-core's createNodeAsTool), as an AI Agent
 * node's tool call does, against the fixture server.
 */
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';

import { ConvertTranscript } from '../../nodes/ConvertTranscript/ConvertTranscript.node';
import { DownloadMedia } from '../../nodes/DownloadMedia/DownloadMedia.node';
import { ExtractTranscript } from '../../nodes/ExtractTranscript/ExtractTranscript.node';
import { MediaInfo } from '../../nodes/MediaInfo/MediaInfo.node';
import { MediaQueue } from '../../nodes/MediaQueue/MediaQueue.node';
import { CAPTION_CUES, SUBTITLE_FILES, sha256File } from '../fixtures';
import { importWorkflow, publishWorkflow, startActiveN8n, type ActiveN8n } from './activeN8n';
import { N8N_RUN_TIMEOUT_MS, type WorkflowJson } from './n8nHarness';
import { withN8nAndFixtures } from './withN8n';

const PACKAGE = 'n8n-nodes-media-downloader';
const MCP_PATH = 'media-tools';
const TRIGGER = 'MCP Server Trigger';
/** A tool call may download and convert: far above the SDK's 60 s default, for a busy machine. */
const CALL_TIMEOUT_MS = 150_000;

/** The parameter value the editor writes when "Let the model define this parameter" is chosen (n8n 2.40). */
const fromAI = (key: string, description: string, type: 'string' | 'number' = 'string') =>
	`={{ /*n8n-auto-generated-fromAI-override*/ $fromAI('${key}', \`${description}\`, '${type}') }}`;

/** Our tool nodes: name (the tool name is derived from it), node type, version and parameters. */
const TOOLS: Array<{ name: string; type: string; typeVersion: number; parameters: Record<string, unknown> }> = [
	{ name: 'Media Info', type: 'mediaInfoTool', typeVersion: 1.1, parameters: { operation: 'getInfo', url: fromAI('URL', 'Page or file URL of the video'), options: { maxRetries: 0 } } },
	// No Output parameter: as a tool, Download Media's default is File Path Only.
	{ name: 'Download Media', type: 'downloadMediaTool', typeVersion: 1.1, parameters: { operation: 'downloadVideo', url: fromAI('URL', 'Page or file URL of the video') } },
	{
		name: 'Extract Transcript',
		type: 'extractTranscriptTool',
		typeVersion: 1.1,
		parameters: { url: fromAI('URL', 'Page URL of the video'), languages: fromAI('Languages', 'Caption languages in priority order, comma-separated, e.g. en or de,en') },
	},
	{ name: 'Convert Transcript', type: 'convertTranscriptTool', typeVersion: 1, parameters: { operation: 'convert', text: fromAI('Captions', 'The WebVTT or SRT captions to convert'), outputFormat: 'text' } },
];

const QUEUE_TASK_DESCRIPTION = 'Read a queued download by the taskId that Media Queue returned';

/**
 * Two Media Queue tools on one queue file: add a download, then read the task back by the id the first returned.
 * The second has its description set by hand, as a user would for a node of many operations.
 */
const queueTools = (queueFile: string) => [
	{
		name: 'Media Queue',
		type: 'mediaQueueTool',
		typeVersion: 1.1,
		parameters: { operation: 'add', queueFile, queueName: 'agent', url: fromAI('URL', 'Page or file URL to download'), priority: fromAI('Priority', 'Higher numbers download first', 'number'), mediaType: 'audio' },
	},
	{
		name: 'Queue Task',
		type: 'mediaQueueTool',
		typeVersion: 1.1,
		parameters: {
			operation: 'getTask',
			descriptionType: 'manual',
			toolDescription: QUEUE_TASK_DESCRIPTION,
			queueFile,
			queueName: 'agent',
			taskId: fromAI('Task_ID', 'The taskId an add returned'),
		},
	},
];

function mcpWorkflow(queueFile: string): WorkflowJson {
	const tools = [...TOOLS, ...queueTools(queueFile)];
	return {
		name: 'e2e AI tools over MCP',
		nodes: [
			{ id: randomUUID(), name: TRIGGER, type: '@n8n/n8n-nodes-langchain.mcpTrigger', typeVersion: 2.1, position: [0, 0], webhookId: randomUUID(), parameters: { path: MCP_PATH } },
			...tools.map((tool, i) => ({ ...tool, id: randomUUID(), type: `${PACKAGE}.${tool.type}`, position: [i * 160, 240] })),
		],
		connections: Object.fromEntries(tools.map((tool) => [tool.name, { ai_tool: [[{ node: TRIGGER, type: 'ai_tool', index: 0 }]] }])),
		settings: { executionOrder: 'v1' },
	};
}

/** The parts of @modelcontextprotocol/sdk's client this test uses. */
interface McpTool {
	name: string;
	description?: string;
	inputSchema: { type: string; properties?: Record<string, { type?: string; description?: string }>; required?: string[]; additionalProperties?: unknown };
}
interface McpCallResult {
	content: Array<{ type: string; text?: string }>;
	isError?: boolean;
}
interface McpClient {
	connect(transport: unknown): Promise<void>;
	listTools(): Promise<{ tools: McpTool[] }>;
	callTool(params: { name: string; arguments: Record<string, unknown> }, resultSchema?: unknown, options?: { timeout?: number }): Promise<McpCallResult>;
	getServerVersion(): { name: string; version: string } | undefined;
	close(): Promise<void>;
}
interface McpSdk {
	Client: new (info: { name: string; version: string }) => McpClient;
	StreamableHTTPClientTransport: new (url: URL) => { terminateSession(): Promise<void> };
	SSEClientTransport: new (url: URL) => unknown;
}

/** The MCP SDK n8n itself ships (no dependency of ours): required by absolute path from the n8n install. */
function mcpSdk(): McpSdk {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { n8nCacheDir } = require('../../scripts/n8n/client.js') as { n8nCacheDir(): string };
	const dir = path.join(n8nCacheDir(), 'node_modules', '@modelcontextprotocol', 'sdk', 'dist', 'cjs', 'client');
	/* eslint-disable @typescript-eslint/no-require-imports */
	return {
		Client: require(path.join(dir, 'index.js')).Client,
		StreamableHTTPClientTransport: require(path.join(dir, 'streamableHttp.js')).StreamableHTTPClientTransport,
		SSEClientTransport: require(path.join(dir, 'sse.js')).SSEClientTransport,
	};
	/* eslint-enable @typescript-eslint/no-require-imports */
}

/**
 * An MCP session with the workflow. n8n registers a published workflow's webhooks after it reports ready, so the
 * first attempts may get a 404: retried until the deadline.
 */
async function connect(sdk: McpSdk, url: URL, transport: 'streamable' | 'sse', deadlineMs = 60_000): Promise<McpClient> {
	const end = Date.now() + deadlineMs;
	for (;;) {
		const client = new sdk.Client({ name: 'media-downloader-e2e', version: '1.0.0' });
		try {
			await client.connect(transport === 'sse' ? new sdk.SSEClientTransport(url) : new sdk.StreamableHTTPClientTransport(url));
			return client;
		} catch (error) {
			await client.close().catch(() => undefined);
			if (Date.now() > end) throw error;
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
	}
}

/** A tool's result: n8n returns the node's output items' JSON as one text part. */
function parsed(result: McpCallResult): Array<Record<string, unknown>> {
	expect(result.isError).toBeFalsy();
	expect(result.content).toHaveLength(1);
	return JSON.parse(String(result.content[0].text)) as Array<Record<string, unknown>>;
}

describe('our usableAsTool nodes as AI tools in a running n8n (MCP Server Trigger)', () => {
	const env = withN8nAndFixtures();

	// Nested, so that n8n is stopped (afterAll below) before withN8nAndFixtures removes its folder.
	describe('served over MCP', () => {
		const sdk = mcpSdk();
		let n8n: ActiveN8n | undefined;
		let mcp: McpClient;
		const queueFile = () => path.join(env.n8n.filesDir, 'queue', 'agent.sqlite');

		beforeAll(async () => {
			const id = await importWorkflow(env.n8n, mcpWorkflow(queueFile()));
			await publishWorkflow(env.n8n, id);
			// A webhook trigger has no row in n8n's trigger status table: readiness, then connect() retries.
			n8n = await startActiveN8n(env.n8n, { activeWorkflowIds: [] });
			mcp = await connect(sdk, new URL(`http://127.0.0.1:${n8n.port}/mcp/${MCP_PATH}`), 'streamable');
		}, 5 * 60_000);

		afterAll(async () => {
			await mcp?.close().catch(() => undefined);
			if (!n8n) return;
			try {
				const end = await n8n.stop();
				expect(end.exitCode).toBe(0);
			} finally {
				await n8n.kill();
			}
		}, 2 * 60_000);

		it('tools/list gives every tool with its description and the $fromAI arguments as its input schema', async () => {
			const { tools } = await mcp.listTools();
			const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
			expect(Object.keys(byName).sort()).toEqual(['Convert_Transcript', 'Download_Media', 'Extract_Transcript', 'Media_Info', 'Media_Queue', 'Queue_Task']);
			// Tool Description "Set Automatically": n8n names an operation's action only for nodes with a resource
			// parameter; ours have none, so an agent reads the node's description. "Set Manually" reaches it as written.
			expect(byName.Media_Info.description).toBe(new MediaInfo().description.description);
			expect(byName.Download_Media.description).toBe(new DownloadMedia().description.description);
			expect(byName.Extract_Transcript.description).toBe(new ExtractTranscript().description.description);
			expect(byName.Convert_Transcript.description).toBe(new ConvertTranscript().description.description);
			expect(byName.Media_Queue.description).toBe(new MediaQueue().description.description);
			expect(byName.Queue_Task.description).toBe(QUEUE_TASK_DESCRIPTION);

			expect(byName.Media_Info.inputSchema).toMatchObject({
				type: 'object',
				properties: { URL: { type: 'string', description: 'Page or file URL of the video' } },
				required: ['URL'],
			});
			expect(Object.keys(byName.Download_Media.inputSchema.properties!)).toEqual(['URL']);
			expect(byName.Extract_Transcript.inputSchema).toMatchObject({
				properties: { URL: { type: 'string' }, Languages: { type: 'string', description: 'Caption languages in priority order, comma-separated, e.g. en or de,en' } },
			});
			expect(byName.Extract_Transcript.inputSchema.required!.sort()).toEqual(['Languages', 'URL']);
			expect(byName.Convert_Transcript.inputSchema).toMatchObject({ properties: { Captions: { type: 'string' } }, required: ['Captions'] });
			expect(byName.Media_Queue.inputSchema).toMatchObject({ properties: { URL: { type: 'string' }, Priority: { type: 'number' } } });
			expect(byName.Queue_Task.inputSchema).toMatchObject({ properties: { Task_ID: { type: 'string' } }, required: ['Task_ID'] });
		});

		it(
			'Media Info reads the fixture page; a missing page comes back as a tool error the agent can read',
			async () => {
				const [info] = parsed(await mcp.callTool({ name: 'Media_Info', arguments: { URL: env.server.url('/page/video.html') } }, undefined, { timeout: CALL_TIMEOUT_MS }));
				expect(info).toMatchObject({ type: 'video', title: 'Fixture Video (Open Graph) (1)', subtitleLanguages: ['en', 'de'] });

				const missing = env.server.url('/fault/404/gone.mp4');
				const failed = await mcp.callTool({ name: 'Media_Info', arguments: { URL: missing } }, undefined, { timeout: CALL_TIMEOUT_MS });
				expect(failed.isError).toBe(true);
				expect(failed.content[0].text).toContain(`The media at ${missing} was not found.`);
			},
			N8N_RUN_TIMEOUT_MS,
		);

		it(
			'Download Media gives the file path (its default as a tool) inside the folder n8n allows, with the bytes of the source',
			async () => {
				const source = env.server.media['video-360.mp4'];
				const [item] = parsed(await mcp.callTool({ name: 'Download_Media', arguments: { URL: env.server.url('/media/video-360.mp4') } }, undefined, { timeout: CALL_TIMEOUT_MS }));
				const localPath = String(item.localPath);
				expect(path.dirname(localPath)).toBe(path.join(env.n8n.filesDir, 'media-downloader'));
				expect(item.fileSize).toBe(source.size);
				expect(statSync(localPath).size).toBe(source.size);
				expect(await sha256File(localPath)).toBe(source.sha256);
				// File Path Only: no binary data that n8n would have to drop (it logs when a tool returns some).
				expect(n8n!.log()).not.toMatch(/Response from Tool 'Download Media' included binary data/);
			},
			N8N_RUN_TIMEOUT_MS,
		);

		it(
			'Extract Transcript returns Markdown with the captions of the language the model asked for',
			async () => {
				const [transcript] = parsed(
					await mcp.callTool({ name: 'Extract_Transcript', arguments: { URL: env.server.url('/page/video.html'), Languages: 'de' } }, undefined, { timeout: CALL_TIMEOUT_MS }),
				);
				expect(transcript).toMatchObject({ language: 'de', to: 'markdown' });
				const content = String(transcript.content);
				expect(content.startsWith('# Fixture Video (Open Graph) (1)')).toBe(true);
				for (const cue of CAPTION_CUES.de) expect(content).toContain(cue.text);
				// As a tool it attaches no caption file, which n8n would leave out of the answer with a warning.
				expect(n8n!.log()).not.toMatch(/Response from Tool 'Extract Transcript' included binary data/);
			},
			N8N_RUN_TIMEOUT_MS,
		);

		it(
			'Convert Transcript turns captions the model passes as text into clean text',
			async () => {
				const [converted] = parsed(await mcp.callTool({ name: 'Convert_Transcript', arguments: { Captions: SUBTITLE_FILES['captions.en.srt'] } }, undefined, { timeout: CALL_TIMEOUT_MS }));
				expect(converted).toMatchObject({ format: 'srt' });
				const content = String(converted.content);
				for (const cue of CAPTION_CUES.en) expect(content).toContain(cue.text);
				expect(content).not.toMatch(/-->|^\d+$/m);
			},
			N8N_RUN_TIMEOUT_MS,
		);

		it(
			'Media Queue adds a download with the priority the model chose, and a second tool reads the task back by its id',
			async () => {
				const url = env.server.url('/media/audio.mp3');
				const [added] = parsed(await mcp.callTool({ name: 'Media_Queue', arguments: { URL: url, Priority: 7 } }, undefined, { timeout: CALL_TIMEOUT_MS }));
				expect(added).toMatchObject({ url, status: 'queued', priority: 7, queue: 'agent' });
				const [task] = parsed(await mcp.callTool({ name: 'Queue_Task', arguments: { Task_ID: added.taskId } }, undefined, { timeout: CALL_TIMEOUT_MS }));
				expect(task).toMatchObject({ taskId: added.taskId, url, priority: 7 });
				expect(statSync(queueFile()).size).toBeGreaterThan(0);
			},
			N8N_RUN_TIMEOUT_MS,
		);

		it('an MCP client on the SSE transport sees the same tools', async () => {
			const sse = await connect(sdk, new URL(`http://127.0.0.1:${n8n!.port}/mcp/${MCP_PATH}`), 'sse', 10_000);
			try {
				const { tools } = await sse.listTools();
				expect(tools.map((tool) => tool.name).sort()).toEqual(['Convert_Transcript', 'Download_Media', 'Extract_Transcript', 'Media_Info', 'Media_Queue', 'Queue_Task']);
			} finally {
				await sse.close();
			}
		});
	});
});
