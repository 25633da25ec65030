'use strict';
/**
 * The examples in examples/ name real media and the Docker image's files folder. For one n8n instance they are
 * localised (that folder → the instance's own), and for machines without internet an "(offline demo)" copy
 * points at the fixture server instead (test/fixtures/server.ts). `npm start` imports both; the e2e suite runs
 * the offline copies. This table is the one place that says which fixture stands in for which real URL.
 */
const crypto = require('node:crypto');

/** Real URL in examples/ → path on the fixture server serving a stand-in of the same kind. */
const OFFLINE_URLS = {
	// NPR's Planet Money feed → an RSS feed of three short MP3 episodes
	'https://feeds.npr.org/510289/podcast.xml': '/feed.xml',
	// Big Buck Bunny on YouTube → an HTML5 video page: an MP4 and a WebM source, English and German captions
	'https://www.youtube.com/watch?v=aqz-KE-bpKQ': '/page/video.html',
};

/** The files folder the examples use: n8n's default (~/.n8n-files) as the official Docker image has it. */
const EXAMPLE_FILES_DIR = '/home/node/.n8n-files';

const OFFLINE_SUFFIX = ' (offline demo)';
const WEBHOOK_TYPE = 'n8n-nodes-base.webhook';
const QUEUE_TYPES = ['n8n-nodes-media-downloader.mediaQueue', 'n8n-nodes-media-downloader.mediaQueueTrigger'];

/** Every string in `value` (deeply) passed through `fn`; objects and arrays are copied. */
function mapStrings(value, fn) {
	if (typeof value === 'string') return fn(value);
	if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
	if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
	return value;
}

/** `text` with each key of `table` replaced by its value (longest keys first, so no key is cut by a shorter one). */
function replaceAll(text, table) {
	let out = text;
	for (const key of Object.keys(table).sort((a, b) => b.length - a.length)) out = out.split(key).join(table[key]);
	return out;
}

/** A copy of `workflow` whose folders under /home/node/.n8n-files are under `filesDir` instead. */
function localiseWorkflow(workflow, { filesDir }) {
	const dir = String(filesDir).replace(/\/+$/, '');
	return { ...workflow, nodes: mapStrings(workflow.nodes, (s) => replaceAll(s, { [EXAMPLE_FILES_DIR]: dir })) };
}

/** A stable id (≤ 21 characters, as n8n wants) for the offline copy of workflow `id`. */
function offlineId(id) {
	return `mdo${crypto.createHash('sha1').update(`offline:${id}`).digest('hex').slice(0, 16)}`;
}

/**
 * The "(offline demo)" copy of an example: real URLs → `baseUrl` + the fixture path (OFFLINE_URLS), folders →
 * `filesDir`, its own id, and what must not clash with the original when both are published: webhook paths
 * (and the calls in its notes) and queue names get an `-offline-demo` suffix.
 * @param {object} workflow an examples/*.json workflow
 * @param {{baseUrl: string, filesDir: string}} options the fixture server's base URL; the folder standing in for /home/node/.n8n-files
 */
function offlineWorkflow(workflow, { baseUrl, filesDir }) {
	const base = String(baseUrl).replace(/\/+$/, '');
	const table = Object.fromEntries(Object.entries(OFFLINE_URLS).map(([real, fixture]) => [real, base + fixture]));
	for (const node of workflow.nodes) {
		if (node.type !== WEBHOOK_TYPE || !node.parameters?.path) continue;
		for (const prefix of ['/webhook/', '/webhook-test/']) table[prefix + node.parameters.path] = `${prefix}${node.parameters.path}-offline-demo`;
	}
	const localised = localiseWorkflow(workflow, { filesDir });
	const nodes = mapStrings(localised.nodes, (s) => replaceAll(s, table)).map((node) => {
		if (node.type === WEBHOOK_TYPE) {
			const parameters = { ...node.parameters, path: `${node.parameters.path}-offline-demo` };
			const webhookId = node.webhookId ? crypto.createHash('sha1').update(`offline:${node.webhookId}`).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5') : undefined;
			return { ...node, parameters, ...(webhookId ? { webhookId } : {}) };
		}
		if (QUEUE_TYPES.includes(node.type)) {
			return { ...node, parameters: { ...node.parameters, queueName: `${node.parameters.queueName || 'default'}-offline-demo` } };
		}
		return node;
	});
	return { ...localised, id: offlineId(workflow.id), name: `${workflow.name}${OFFLINE_SUFFIX}`, nodes };
}

/** The http(s) URLs a workflow's nodes would fetch (sticky notes are only text), for checking the table covers them. */
function fetchedUrls(workflow) {
	const found = new Set();
	for (const node of workflow.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote')) {
		mapStrings(node.parameters ?? {}, (s) => {
			for (const match of s.matchAll(/https?:\/\/[^\s"'`<>)}\]]+/g)) found.add(match[0]);
			return s;
		});
	}
	return [...found];
}

module.exports = { EXAMPLE_FILES_DIR, OFFLINE_SUFFIX, OFFLINE_URLS, fetchedUrls, localiseWorkflow, offlineId, offlineWorkflow };
