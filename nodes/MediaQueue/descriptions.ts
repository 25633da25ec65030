import type { INodeProperties } from 'n8n-workflow';

import { configCollections } from '../DownloadMedia/descriptions/configOptions';
import { downloadPlaylistOption } from '../DownloadMedia/descriptions/nodeOptions';
import { optionCollections } from '../DownloadMedia/descriptions/optionsLayout';
import { presetNotices, presetParameter } from '../DownloadMedia/descriptions/presets';
import type { PresetScope } from '../DownloadMedia/descriptions/presetVariants';
import { FROM_OPTIONS_LAYOUT, ONLY_V1 } from '../DownloadMedia/descriptions/versions';
import { authenticationProperties } from '../shared/authentication';
import { urlProperty } from '../shared/commonProperties';
import { queueStorageProperties } from '../shared/queueStorage';

export type QueueOperation =
	| 'add'
	| 'getStatus'
	| 'listTasks'
	| 'getTask'
	| 'cancel'
	| 'retry'
	| 'retryAllFailed'
	| 'pause'
	| 'resume'
	| 'clearCompleted'
	| 'exportSummary'
	| 'backup'
	| 'restore'
	| 'process';

const show = (...operation: QueueOperation[]) => ({ show: { operation } });

const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	default: 'add',
	options: [
		{ name: 'Add', value: 'add', action: 'Add a download to the queue', description: 'Queue one download per item; an equal task already waiting is returned instead' },
		{ name: 'Backup', value: 'backup', action: 'Back up the queue', description: 'Write a timestamped JSON backup of every task' },
		{ name: 'Cancel', value: 'cancel', action: 'Cancel a task', description: 'Stop a queued or running task; its partial files are removed' },
		{ name: 'Clear Completed', value: 'clearCompleted', action: 'Clear completed tasks', description: 'Remove finished tasks from the queue (files stay)' },
		{ name: 'Export Summary', value: 'exportSummary', action: 'Export a queue summary', description: 'Totals by status and source, bytes, and every task, as a JSON file' },
		{ name: 'Get Status', value: 'getStatus', action: 'Get the queue status', description: 'Counts by status, running downloads with progress, an estimate of the time left' },
		{ name: 'Get Task', value: 'getTask', action: 'Get a task', description: 'One task by its ID' },
		{ name: 'List Tasks', value: 'listTasks', action: 'List tasks', description: 'Tasks of one status or all' },
		{ name: 'Pause', value: 'pause', action: 'Pause the queue', description: 'No new downloads start anywhere until resumed; running ones finish' },
		{ name: 'Process', value: 'process', action: 'Process queued downloads', description: 'Download up to N queued tasks now, in this execution (for workflows run on a schedule)' },
		{ name: 'Restore', value: 'restore', action: 'Restore the queue from a backup', description: 'Put back the tasks of a backup' },
		{ name: 'Resume', value: 'resume', action: 'Resume the queue' },
		{ name: 'Retry', value: 'retry', action: 'Retry a task', description: 'Queue a failed or cancelled task again' },
		{ name: 'Retry All Failed', value: 'retryAllFailed', action: 'Retry all failed tasks' },
	],
};

/** Which preset parameter each kind of download uses, for the options that show a preset's values. */
const ADD_SCOPES: PresetScope[] = [
	{ when: { mediaType: ['video'] }, presets: ['videoPreset'], makes: 'video' },
	{ when: { mediaType: ['audio'] }, presets: ['audioPreset'], makes: 'audio' },
];

const addProperties: INodeProperties[] = [
	{ ...urlProperty, displayOptions: show('add') },
	{
		displayName: 'Download',
		name: 'mediaType',
		type: 'options',
		default: 'video',
		displayOptions: show('add'),
		options: [
			{ name: 'Video', value: 'video' },
			{ name: 'Audio', value: 'audio', description: 'Audio only, converted to MP3, M4A, Opus…' },
		],
	},
	presetParameter('videoPreset', { operation: ['add'], mediaType: ['video'] }),
	...presetNotices('videoPreset', { operation: ['add'], mediaType: ['video'], ...FROM_OPTIONS_LAYOUT }),
	presetParameter('audioPreset', { operation: ['add'], mediaType: ['audio'] }),
	...presetNotices('audioPreset', { operation: ['add'], mediaType: ['audio'], ...FROM_OPTIONS_LAYOUT }),
	{
		displayName: 'Priority',
		name: 'priority',
		type: 'number',
		default: 0,
		displayOptions: show('add'),
		description: 'Higher numbers download first; equal priorities in the order added',
	},
	{
		displayName: 'Output Folder',
		name: 'outputDir',
		type: 'string',
		default: '',
		placeholder: '~/.n8n-files/media-downloader',
		displayOptions: show('add'),
		description:
			"Folder for the downloaded files. Empty: this n8n's download folder, by default media-downloader inside the folder n8n's file nodes use. Checked against n8n's file access rules when added and again when downloaded.",
	},
	{ ...downloadPlaylistOption, displayOptions: { show: { operation: ['add'], ...ONLY_V1 } } },
	...configCollections({ operation: ['add'] }),
	...optionCollections(ADD_SCOPES, [downloadPlaylistOption], { operation: ['add'], ...FROM_OPTIONS_LAYOUT }),
];

const taskIdProperty: INodeProperties = {
	displayName: 'Task ID',
	name: 'taskId',
	type: 'string',
	required: true,
	default: '',
	displayOptions: show('getTask', 'cancel', 'retry'),
	description: 'The taskId an Add returned',
};

const listProperties: INodeProperties[] = [
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: 'all',
		displayOptions: show('listTasks'),
		options: [
			{ name: 'Active', value: 'active' },
			{ name: 'All', value: 'all' },
			{ name: 'Cancelled', value: 'cancelled' },
			{ name: 'Completed', value: 'completed' },
			{ name: 'Failed', value: 'failed' },
			{ name: 'Queued', value: 'queued' },
		],
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		displayOptions: show('listTasks'),
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		displayOptions: { show: { operation: ['listTasks'], returnAll: [false] } },
		description: 'Max number of results to return',
	},
];

const fileProperties: INodeProperties[] = [
	{
		displayName: 'Summary File',
		name: 'summaryFile',
		type: 'string',
		required: true,
		default: '',
		placeholder: '~/.n8n-files/media-downloader/queue_summary.json',
		displayOptions: show('exportSummary'),
		description: "Where the JSON summary is written; n8n's file access rules apply",
	},
	{
		displayName: 'Backup File',
		name: 'backupFile',
		type: 'string',
		default: '',
		displayOptions: show('restore'),
		description: 'A backup the Backup operation wrote; empty: the latest one',
	},
	{
		displayName: 'Remove Tasks Not in the Backup',
		name: 'replace',
		type: 'boolean',
		default: false,
		displayOptions: show('restore'),
		description: 'Whether tasks added after the backup are removed. Off: they are kept, and the output counts them.',
	},
];

const processProperties: INodeProperties[] = [
	{
		displayName: 'Max Tasks',
		name: 'maxTasks',
		type: 'number',
		default: 10,
		typeOptions: { minValue: 1 },
		displayOptions: show('process'),
		description: 'How many queued tasks this execution downloads at most (highest priority first)',
	},
	{
		displayName: 'Max Concurrent Downloads',
		name: 'maxConcurrent',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, maxValue: 16 },
		displayOptions: show('process'),
		description: "How many of them download at the same time. 0 = this n8n's setting, 3 unless changed.",
	},
];

export const mediaQueueProperties: INodeProperties[] = [
	...queueStorageProperties,
	operationProperty,
	...authenticationProperties(),
	...addProperties,
	taskIdProperty,
	...listProperties,
	...fileProperties,
	...processProperties,
];
