'use strict';
/**
 * 2. Twenty executions of the report-demo case started at once (the editor's "Execute workflow", offloaded to the
 * workers): n8n spreads them over both workers (each worker logs "Worker started execution <id>"), every one
 * succeeds, and every one gives the same report (timestamps aside: each execution reads its own clock).
 */

const fs = require('node:fs');
const path = require('node:path');

const { connect, E2E_CASES_DIR } = require('./support/deployment');

const RUNS = 20;
const workflow = JSON.parse(fs.readFileSync(path.join(E2E_CASES_DIR, 'report-demo.workflow.json'), 'utf8'));
const TRIGGER = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger').name;
const REPORT_NODES = workflow.nodes.filter((node) => node.type.endsWith('.salesMarketingReport')).map((node) => node.name);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The report nodes' outputs with every ISO timestamp replaced (they carry the execution's own "now"). */
function reportsOf(execution) {
	const out = {};
	for (const name of REPORT_NODES) {
		const runs = execution.data.resultData.runData[name];
		out[name] = runs[0].data.main.map((items) => items.map((item) => item.json));
	}
	return JSON.parse(JSON.stringify(out), (key, value) => (typeof value === 'string' && ISO_TIME.test(value) ? '<time>' : value));
}

let n8n;

beforeAll(async () => {
	n8n = await connect();
});

test(`${RUNS} report executions started at once run on both workers, all succeed, all alike`, async () => {
	expect(REPORT_NODES.length).toBeGreaterThan(0);
	const before = n8n.executionsByWorker();
	const ids = await Promise.all(Array.from({ length: RUNS }, () => n8n.rest.runWorkflow(workflow.id, TRIGGER)));
	expect(new Set(ids).size).toBe(RUNS);
	const executions = await Promise.all(ids.map((id) => n8n.rest.waitForExecution(id, 200000)));
	expect(executions.map((execution) => execution.status)).toEqual(Array(RUNS).fill('success'));

	const after = n8n.executionsByWorker();
	const ranBy = Object.fromEntries(
		Object.keys(after).map((worker) => [worker, after[worker].filter((id) => !before[worker].includes(id) && ids.includes(id))]),
	);
	console.log(`[e2e-queue spread] ${JSON.stringify(Object.fromEntries(Object.entries(ranBy).map(([w, list]) => [w, list.length])))}`);
	// Every execution on exactly one worker, and both workers took a share.
	expect(Object.values(ranBy).flat().sort()).toEqual([...ids].map(String).sort());
	for (const list of Object.values(ranBy)) expect(list.length).toBeGreaterThan(0);

	const reports = executions.map(reportsOf);
	for (const report of reports.slice(1)) expect(report).toEqual(reports[0]);
	expect(reports[0][REPORT_NODES[0]][0]).toHaveLength(1);
});
