'use strict';
/** Workflow files made ready for `n8n import:workflow`: every workflow needs an id to be updated or executed later. */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { log } = require('./project');

/** Stable 16-char id for a workflow file that has none (so repeated imports update instead of duplicating). */
function stableWorkflowId(seed) {
	return `md${crypto.createHash('sha1').update(seed).digest('hex').slice(0, 14)}`;
}

/** Copy every examples/*.json into tmpDir (one workflow per file, ids filled in). @returns number of workflows */
function stageExampleWorkflows(examplesDir, tmpDir) {
	if (!fs.existsSync(examplesDir) || !fs.statSync(examplesDir).isDirectory()) return 0;
	let count = 0;
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
			const staged = { ...wf, id: wf.id || stableWorkflowId(`${name}#${i}`), name: wf.name || path.basename(name, '.json') };
			fs.writeFileSync(path.join(tmpDir, `${String(count).padStart(3, '0')}-${staged.id}.json`), JSON.stringify(staged));
			count++;
		});
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

module.exports = { stableWorkflowId, stageExampleWorkflows, stageWorkflowFile };
