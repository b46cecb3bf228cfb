'use strict';
/**
 * 1. The same CRM pull + report in queue mode as in the regular-mode e2e: the case workflows report-demo (Demo CRM)
 * and report-pull (the Pipedrive fake) run from the editor's "Execute workflow" on main, are offloaded to a worker
 * (OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS), and must pass the very checks of test/e2e/cases/<name>.case.js.
 */

const fs = require('node:fs');
const path = require('node:path');

const { nodeError, nodeOutput } = require('../../scripts/lib/n8n');
const { connect, E2E_CASES_DIR } = require('./support/deployment');
const { startFakeCrms } = require('../e2e/support/fakeCrms');

let n8n;
let fakes;

beforeAll(async () => {
	n8n = await connect();
	fakes = await startFakeCrms();
	await n8n.pointCredentials(fakes.credentials);
});

afterAll(async () => {
	if (fakes) await fakes.close();
});

test.each([['report-demo'], ['report-pull']])('case %s gives the regular-mode results on a worker', async (name) => {
	const testCase = require(path.join(E2E_CASES_DIR, `${name}.case.js`));
	const workflow = JSON.parse(fs.readFileSync(path.join(E2E_CASES_DIR, testCase.workflow), 'utf8'));
	const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	const execution = await n8n.rest.execute(workflow.id, trigger.name, 180000);
	await testCase.check({
		execution,
		output: (nodeName) => nodeOutput(execution, nodeName),
		error: (nodeName) => nodeError(execution, nodeName),
		fakes,
		n8n,
	});
	// Run by a worker, not by main.
	const ranOn = Object.entries(n8n.executionsByWorker())
		.filter(([, ids]) => ids.includes(String(execution.id)))
		.map(([worker]) => worker);
	expect(ranOn).toHaveLength(1);
	expect(n8n.readLog('main')).not.toMatch(new RegExp(`Worker started execution ${execution.id} `));
});
