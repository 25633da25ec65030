'use strict';
/** Workflow files made ready for `n8n import:workflow`: every workflow needs an id to be updated or executed later. */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { localiseWorkflow, offlineWorkflow } = require('./offlineExamples');
const { log } = require('./project');

/** Stable 16-char id for a workflow file that has none (so repeated imports update instead of duplicating). */
function stableWorkflowId(seed) {
	return `md${crypto.createHash('sha1').update(seed).digest('hex').slice(0, 14)}`;
}

/** The workflows of every examples/*.json (a file may hold one or a list), each with an id and a name. */
function readExampleWorkflows(examplesDir) {
	if (!fs.existsSync(examplesDir) || !fs.statSync(examplesDir).isDirectory()) return [];
	const found = [];
	for (const name of fs.readdirSync(examplesDir).sort()) {
		if (!name.endsWith('.json')) continue;
		let data;
		try {
			data = JSON.parse(fs.readFileSync(path.join(examplesDir, name), 'utf8'));
		} catch (error) {
			log(`skipping examples/${name}: ${error.message}`);
			continue;
		}
		const workflows = Array.isArray(data) ? data : [data];
		workflows.forEach((wf, i) => {
			if (!wf || typeof wf !== 'object' || !Array.isArray(wf.nodes)) {
				log(`skipping examples/${name}${workflows.length > 1 ? `[${i}]` : ''}: not a workflow (no "nodes")`);
				return;
			}
			found.push({ ...wf, id: wf.id || stableWorkflowId(`${name}#${i}`), name: wf.name || path.basename(name, '.json') });
		});
	}
	return found;
}

/**
 * Write every example into tmpDir for `n8n import:workflow --separate`, its folders moved to `filesDir` (the
 * instance's files folder) when given, and with `offline` ({baseUrl, filesDir}: the fixture server and the demo's
 * folder) its "(offline demo)" copy next to it. @returns number of workflows written
 */
function stageExampleWorkflows(examplesDir, tmpDir, { filesDir, offline } = {}) {
	let count = 0;
	const write = (workflow) => {
		fs.writeFileSync(path.join(tmpDir, `${String(count).padStart(3, '0')}-${workflow.id}.json`), JSON.stringify(workflow));
		count++;
	};
	for (const workflow of readExampleWorkflows(examplesDir)) {
		write(filesDir ? localiseWorkflow(workflow, { filesDir }) : workflow);
		if (offline) write(offlineWorkflow(workflow, offline));
	}
	return count;
}

/**
 * Write the one workflow in `file` to `dest` with an id (its own, else one derived from its path) and a name.
 * @returns {string} the workflow id
 */
function stageWorkflowFile(file, dest) {
	const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
	if (Array.isArray(workflow)) throw new Error(`${file} holds ${workflow.length} workflows; pass a file with one`);
	const id = workflow.id || stableWorkflowId(path.resolve(file));
	fs.writeFileSync(dest, JSON.stringify({ ...workflow, id, name: workflow.name || path.basename(file, '.json') }));
	return id;
}

module.exports = { readExampleWorkflows, stableWorkflowId, stageExampleWorkflows, stageWorkflowFile };
