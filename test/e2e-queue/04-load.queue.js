'use strict';
/**
 * 4. Load: 1,000 feedback submissions to the Sales Feedback Trigger's live webhook (published workflow), 20 in
 * flight at a time. Main answers each one (the trigger's webhook runs on main) and queues an execution; the
 * workers run Feedback Router → Data Table. Each submission must be processed exactly once: one Data Table row per
 * Feedback id, no more, no less. The response times and the throughput are measured and written to
 * .n8n-e2e-queue/load.json — figures for the README, not assertions.
 */

const fs = require('node:fs');
const path = require('node:path');

const { connect, waitFor } = require('./support/deployment');
const { send, mapLimit } = require('../e2e/support/feedbackHostile');

const workflow = JSON.parse(fs.readFileSync(path.join(__dirname, 'workflows', 'feedback-load.workflow.json'), 'utf8'));
const SUBMISSIONS = 1000;
const CONCURRENCY = 20;
const TABLE = 'Queue e2e feedback';
const COLUMNS = ['feedbackId', 'category', 'dealId', 'executionId'];
/**
 * Bounds, not expectations: alone on a 2-core machine the run takes about a minute; shared with other test runs
 * (load average 20) it took several.
 */
const TEST_TIMEOUT_MS = 600000;
const ROWS_TIMEOUT_MS = 420000;

let n8n;
let published = false;

beforeAll(async () => {
	n8n = await connect();
	await n8n.createDataTable(TABLE, COLUMNS);
	await n8n.publish(workflow.id, { webhookPath: workflow.nodes[0].parameters.path });
	published = true;
});

afterAll(async () => {
	if (published && n8n.isRunning('main')) await n8n.unpublish(workflow.id);
});

function percentile(sorted, p) {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

test(`${SUBMISSIONS} submissions, ${CONCURRENCY} at a time: each processed exactly once`, async () => {
	const url = `${n8n.baseUrl}/webhook/${workflow.nodes[0].parameters.path}`;
	const run = Date.now().toString(36);
	const bodies = Array.from({ length: SUBMISSIONS }, (_, i) => ({
		dealId: `L-${run}-${i}`,
		decision: i % 2 === 0 ? 'reject' : 'accept',
		reasonCode: i % 2 === 0 ? 'spam' : undefined,
		lead_quality: 1 + (i % 5),
		comment: `Load submission ${i}`,
	}));
	const before = n8n.executionsByWorker();
	const started = Date.now();
	const responses = await mapLimit(bodies, CONCURRENCY, async (body) => {
		const t0 = process.hrtime.bigint();
		const response = await send(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, 60000);
		return { ...response, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
	});
	const submittedMs = Date.now() - started;
	const statuses = {};
	for (const response of responses) statuses[response.status] = (statuses[response.status] || 0) + 1;
	expect(statuses).toEqual({ 200: SUBMISSIONS });
	const ids = responses.map((response) => JSON.parse(response.body).id);
	expect(new Set(ids).size).toBe(SUBMISSIONS);

	const rows = await waitFor(
		`${SUBMISSIONS} Data Table rows`,
		() => {
			const current = n8n.tableRows(TABLE, COLUMNS);
			return current.length >= SUBMISSIONS ? current : null;
		},
		ROWS_TIMEOUT_MS,
		1000,
	);
	const processedMs = Date.now() - started;
	// A moment more: a duplicate would show up now.
	await new Promise((resolve) => setTimeout(resolve, 3000));
	const finalRows = n8n.tableRows(TABLE, COLUMNS);
	const perId = new Map();
	for (const row of finalRows) perId.set(row.feedbackId, (perId.get(row.feedbackId) || 0) + 1);
	expect([...perId.keys()].sort()).toEqual([...ids].sort());
	expect([...perId.values()].every((count) => count === 1)).toBe(true);
	expect(finalRows).toHaveLength(SUBMISSIONS);
	expect(rows.filter((row) => row.category === 'leadVerdict')).toHaveLength(SUBMISSIONS);

	const executionIds = new Set(finalRows.map((row) => row.executionId));
	expect(executionIds.size).toBe(SUBMISSIONS);
	const after = n8n.executionsByWorker();
	const perWorker = Object.fromEntries(
		Object.keys(after).map((worker) => [worker, after[worker].filter((id) => !before[worker].includes(id) && executionIds.has(id)).length]),
	);
	expect(Object.values(perWorker).reduce((a, b) => a + b, 0)).toBe(SUBMISSIONS);

	const times = responses.map((response) => response.ms).sort((a, b) => a - b);
	const round = (x) => Math.round(x * 10) / 10;
	const figures = {
		measuredAt: new Date().toISOString(),
		submissions: SUBMISSIONS,
		concurrency: CONCURRENCY,
		workers: Object.keys(after).length,
		workerConcurrency: n8n.state().workerConcurrency,
		responseMs: { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), max: round(times[times.length - 1]) },
		submitSeconds: round(submittedMs / 1000),
		acceptedPerSecond: round(SUBMISSIONS / (submittedMs / 1000)),
		allProcessedSeconds: round(processedMs / 1000),
		processedPerSecond: round(SUBMISSIONS / (processedMs / 1000)),
		executionsPerWorker: perWorker,
		machine: { cpus: require('node:os').cpus().length, loadAverage1m: round(require('node:os').loadavg()[0]) },
	};
	const file = n8n.writeFigures('load.json', figures);
	console.log(`[e2e-queue load] ${path.basename(file)}\n${JSON.stringify(figures, null, 1)}`);
}, TEST_TIMEOUT_MS);
