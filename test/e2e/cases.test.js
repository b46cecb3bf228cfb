'use strict';
/**
 * Runs every case in cases/ against the real n8n: a case is `<name>.workflow.json` (imported by
 * globalSetup; nodes typed with the installed-package prefix; starts from a Manual Trigger) plus
 * `<name>.case.js` exporting `{ title, workflow, check(context) }`. `check` gets the finished
 * execution, `output(node)` (items of the node's first output, as JSON), `error(node)`, and the fake
 * CRMs the case credentials point at (`fakes.amocrm`, `.bitrix24`, `.hubspot`, `.pipedrive`: their
 * `data`, `notes` and `stats`).
 * Adding a case = adding those two files.
 */

const fs = require('node:fs');
const path = require('node:path');

const { nodeError, nodeOutput } = require('../../scripts/lib/n8n');
const { connect, CASES_DIR } = require('./support/instance');
const { startFakeCrms } = require('./support/fakeCrms');

const cases = fs
	.readdirSync(CASES_DIR)
	.filter((name) => name.endsWith('.case.js'))
	.sort()
	.map((name) => require(path.join(CASES_DIR, name)));

let n8n;
let fakes;

beforeAll(async () => {
	n8n = await connect();
	fakes = await startFakeCrms();
	await n8n.importCredentials(fakes.credentials);
});

afterAll(async () => {
	if (fakes) await fakes.close();
});

test('there are cases to run', () => {
	expect(cases.length).toBeGreaterThan(0);
});

test.each(cases.map((testCase) => [testCase.title, testCase]))('%s', async (_title, testCase) => {
	const workflow = JSON.parse(fs.readFileSync(path.join(CASES_DIR, testCase.workflow), 'utf8'));
	const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	const execution = await n8n.rest.execute(workflow.id, trigger.name);
	await testCase.check({
		execution,
		output: (nodeName) => nodeOutput(execution, nodeName),
		error: (nodeName) => nodeError(execution, nodeName),
		fakes,
		n8n,
	});
});
