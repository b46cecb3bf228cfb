'use strict';
/**
 * Build steps the n8n-node CLI does not do (`npm run build` = `n8n-node build && gulp build`):
 *
 * - validateWorkflows: every example in workflows/ must import and run as shipped — each node type is
 *   one of this package's built nodes or one of n8n's own (with a typeVersion that exists), every
 *   connection joins two nodes of the workflow, credentials are ours or n8n's, a sticky note explains
 *   it, nothing is pinned; it has a Manual Trigger, no Code node, no Telegram message with n8n's
 *   attribution footer, and every sender that needs an account (Telegram, Send Email, Slack, Teams,
 *   HTTP Request with a credential) ships disabled; and no Data Table name of one example contains
 *   another's (n8n finds tables by a case-insensitive part of the name). n8n's own types are checked
 *   against the provisioned n8n (scripts/provision.js) when it is there; otherwise only their package
 *   prefix is.
 * - writeWorkflowVariants: dist/workflows/*.json (installed-package prefix: what `npm start` and the
 *   e2e suite import, and what ships in the npm package) and dist/workflows/custom-prefix/*.json
 *   (`CUSTOM.` prefix, for a package loaded by `n8n-node dev`).
 */

const fs = require('node:fs');
const path = require('node:path');
const { series } = require('gulp');

const { readyRuntime } = require('./scripts/lib/runtime');
const {
	CUSTOM_PREFIX,
	INSTALLED_PREFIX,
	checkDataTableNames,
	n8nCatalog,
	packageCatalog,
	readWorkflowFiles,
	validateWorkflow,
	withNodeTypePrefix,
} = require('./scripts/lib/workflows');

const SOURCE_DIR = path.join(__dirname, 'workflows');
const OUTPUT_DIR = path.join(__dirname, 'dist', 'workflows');
const CUSTOM_OUTPUT_DIR = path.join(OUTPUT_DIR, 'custom-prefix');

async function validateWorkflows() {
	const files = readWorkflowFiles(SOURCE_DIR);
	if (files.length === 0) throw new Error('workflows/ holds no example workflow');
	const ours = packageCatalog(__dirname);
	const runtime = readyRuntime();
	const n8n = n8nCatalog(runtime ? runtime.n8nDir : null);
	if (!n8n) {
		console.log("n8n's own node types checked by prefix only (n8n is not provisioned yet: node scripts/provision.js)");
	}
	const report = [];
	for (const { file, workflow } of files) {
		for (const problem of validateWorkflow(workflow, { ours, n8n, example: true })) {
			report.push(`${path.relative(__dirname, file)}: ${problem}`);
		}
	}
	report.push(...checkDataTableNames(files).map((problem) => `workflows/: ${problem}`));
	if (report.length > 0) {
		throw new Error(`Example workflows need fixing:\n  ${report.join('\n  ')}`);
	}
	console.log(`${files.length} example workflow(s) valid${n8n ? ' against n8n\'s own node types' : ''}`);
}

async function writeWorkflowVariants() {
	fs.rmSync(OUTPUT_DIR, { recursive: true, force: true });
	fs.mkdirSync(CUSTOM_OUTPUT_DIR, { recursive: true });
	for (const { file, workflow } of readWorkflowFiles(SOURCE_DIR)) {
		const name = path.basename(file);
		const installed = withNodeTypePrefix(workflow, INSTALLED_PREFIX);
		const custom = withNodeTypePrefix(workflow, CUSTOM_PREFIX);
		fs.writeFileSync(path.join(OUTPUT_DIR, name), `${JSON.stringify(installed, null, 2)}\n`);
		fs.writeFileSync(path.join(CUSTOM_OUTPUT_DIR, name), `${JSON.stringify(custom, null, 2)}\n`);
	}
}

exports.validateWorkflows = validateWorkflows;
exports.writeWorkflowVariants = writeWorkflowVariants;
exports.build = series(validateWorkflows, writeWorkflowVariants);
exports.default = exports.build;
