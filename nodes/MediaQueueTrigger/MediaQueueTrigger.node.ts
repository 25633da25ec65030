import { createReadStream } from 'node:fs';
import path from 'node:path';

import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type ITriggerFunctions,
	type ITriggerResponse,
} from 'n8n-workflow';

import { DownloadManager, envMaxConcurrent, type Task } from '../../lib';
import { taskJson } from '../MediaQueue/actions/taskJson';
import { authenticationProperties, SITE_AUTH_DEFAULT_VERSION, SITE_AUTH_VERSIONS } from '../shared/authentication';
import { mediaQueueMethods } from '../shared/commonProperties';
import { envPathCheck } from '../shared/envFileRules';
import { mimeTypeOf } from '../shared/mime';
import { queueLocation, queueStorageProperties } from '../shared/queueStorage';
import { getSiteAuth } from '../shared/siteAuth';
import { triggerProperties, type FinishedEvent } from './descriptions';

/** How often "report finished tasks" asks the store for tasks that finished since it last looked. */
const REPORT_POLL_MS = 2000;

export class MediaQueueTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Media Queue Trigger',
		name: 'mediaQueueTrigger',
		icon: { light: 'file:mediaQueueTrigger.svg', dark: 'file:mediaQueueTrigger.dark.svg' },
		group: ['trigger'],
		version: SITE_AUTH_VERSIONS,
		defaultVersion: SITE_AUTH_DEFAULT_VERSION,
		subtitle: '={{ $parameter["mode"] === "runHere" ? "Run downloads here" : "Report finished tasks" }}',
		description: 'Starts a workflow for every download of a Media Queue that completes (or fails)',
		defaults: { name: 'Media Queue Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'mediaQueueRedis', required: true, testedBy: 'mediaQueueRedisTest', displayOptions: { show: { storage: ['redis'] } } },
			{ name: 'mediaSiteAuth', required: false, testedBy: 'mediaSiteAuthTest', displayOptions: { show: { mode: ['runHere'] }, hide: { authentication: ['none'] } } },
		],
		properties: [...queueStorageProperties, triggerProperties[0], ...authenticationProperties(), ...triggerProperties.slice(1)],
	};

	methods = mediaQueueMethods;

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const storage = this.getNodeParameter('storage', 'local');
		const redis = storage === 'redis' ? await this.getCredentials('mediaQueueRedis') : undefined;
		const { spec, userFile } = queueLocation((name, fallback) => this.getNodeParameter(name, fallback), redis);
		const checkPath = envPathCheck();
		if (userFile) await checkPath(userFile);
		const mode = this.getNodeParameter('mode', 'runHere') as 'runHere' | 'report';
		const events = this.getNodeParameter('events', ['completed']) as FinishedEvent[];
		const includeBinary = this.getNodeParameter('includeBinary', false) as boolean;
		const binaryPropertyName = this.getNodeParameter('binaryPropertyName', 'data') as string;

		const emitTask = async (task: Task, event: FinishedEvent) => {
			if (!events.includes(event)) return;
			const item: INodeExecutionData = { json: taskJson(task, { event }) };
			const file = task.result?.files[0]?.localPath;
			if (includeBinary && event === 'completed' && file) {
				try {
					await checkPath(file);
					const binary = await this.helpers.prepareBinaryData(createReadStream(file), path.basename(file), mimeTypeOf(file));
					item.binary = { [binaryPropertyName]: binary };
				} catch (error) {
					item.json.binaryError = (error as Error).message;
				}
			}
			this.emit([[item]]);
		};

		if (mode === 'report') {
			const manager = new DownloadManager({ store: spec });
			let since = Date.now();
			const seen = new Set<string>();
			let stopped = false;
			const poll = async () => {
				const finished = (await (await manager.getStore()).finishedSince(since)).filter((t) => t.status !== 'cancelled');
				for (const task of finished) {
					const key = `${task.taskId}:${task.completedAt}`;
					if (seen.has(key)) continue;
					seen.add(key);
					await emitTask(task, task.status === 'completed' ? 'completed' : 'failed');
				}
				// Tasks finishing in the same millisecond as the newest one seen are asked for again, deduplicated by `seen`.
				const newest = Math.max(since, ...finished.map((t) => t.completedAt ?? 0));
				if (newest > since) {
					for (const key of seen) if (Number(key.split(':')[1]) < newest) seen.delete(key);
					since = newest;
				}
			};
			const loop = async () => {
				while (!stopped) {
					await poll().catch((error: Error) => this.logger.warn(`Media Queue Trigger: reading the queue failed: ${error.message}`));
					await new Promise((resolve) => setTimeout(resolve, REPORT_POLL_MS));
				}
			};
			void loop();
			return {
				closeFunction: async () => {
					stopped = true;
					await manager.close();
				},
			};
		}

		const maxConcurrent = (this.getNodeParameter('maxConcurrent', 0) as number) || envMaxConcurrent();
		// n8n kills itself when its own shutdown outlasts N8N_GRACEFUL_SHUTDOWN_TIMEOUT: returning the tasks must fit in it.
		const shutdownSeconds = Number(process.env.N8N_GRACEFUL_SHUTDOWN_TIMEOUT) || 30;
		const stopTimeout = Math.max(0, Math.min(this.getNodeParameter('stopTimeout', 20) as number, shutdownSeconds - 5));
		const manager = new DownloadManager({
			store: spec,
			maxConcurrent,
			downloadOptions: { auth: await getSiteAuth(this), checkOutputPath: checkPath, checkLocalPath: checkPath },
		});
		manager.on('completed', (_id: string, _result: unknown, task: Task) => void emitTask(task, 'completed'));
		manager.on('failed', (_id: string, _error: unknown, task: Task) => void emitTask(task, 'failed'));
		// The worker carries on after a store hiccup (a lost lease comes back to the queue): say so in n8n's log.
		manager.on('workerError', (error: Error) => this.logger.warn(`Media Queue Trigger: ${error.message}`));
		await manager.startQueue();
		return {
			// Deactivation stops gracefully: no new task starts, running ones get stopTimeout seconds, then go back to the queue.
			closeFunction: async () => {
				await manager.stopQueue({ wait: true, timeout: stopTimeout });
				await manager.close();
			},
		};
	}
}
