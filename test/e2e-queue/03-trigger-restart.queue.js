'use strict';
/**
 * 3. CRM Sales Data Trigger in queue mode: the published workflow is polled by main (polls stop while main is down
 * although both workers keep running), its executions run on workers, and its cursor — the trigger's static data,
 * kept in PostgreSQL — survives a restart of main: a deal won before the restart fires once, a deal changed while
 * main was down fires once after it, and nothing fires twice.
 *
 * The workflow is the regular-mode e2e's (test/e2e/workflows/crm-sales-data-trigger-amocrm.workflow.json): twelve
 * Poll Times, so n8n polls every 5 s. A poll is one request to the fake's lead list.
 */

const fs = require('node:fs');
const path = require('node:path');

const { nodeOutput } = require('../../scripts/lib/n8n');
const { WON_STATUS_ID, LOST_STATUS_ID } = require('../support/fakes/amocrm');
const { connect, waitFor } = require('./support/deployment');
const { startFakeCrms } = require('../e2e/support/fakeCrms');

const workflow = JSON.parse(
	fs.readFileSync(path.join(__dirname, '..', 'e2e', 'workflows', 'crm-sales-data-trigger-amocrm.workflow.json'), 'utf8'),
);
const TRIGGER = 'CRM Sales Data Trigger';
const LEAD_LIST_ROUTE = '/api/v4/leads';
/** Polls every 5 s; room for a few of them on a busy machine. */
const POLLS_MS = 60000;
const DAY_S = 24 * 3600;

let n8n;
let fakes;
let published = false;

beforeAll(async () => {
	n8n = await connect();
	fakes = await startFakeCrms();
	await n8n.pointCredentials(fakes.credentials);
});

afterAll(async () => {
	try {
		if (published && n8n.isRunning('main')) await n8n.unpublish(workflow.id);
	} finally {
		if (fakes) await fakes.close();
	}
});

const polls = () => fakes.amocrm.stats.byRoute[LEAD_LIST_ROUTE] || 0;
const waitForPolls = (since, count) => waitFor(`${count} poll(s) after #${since}`, () => polls() >= since + count, POLLS_MS, 250);

/**
 * Finished executions that ran the workflow. A poll that fails (e.g. the CRM unreachable for a moment) is saved by
 * n8n as an execution with status "error" and nothing emitted; those are counted apart.
 */
async function finishedExecutions() {
	const { results } = await n8n.executionsOf(workflow.id);
	return results.filter((run) => run.stoppedAt && run.status !== 'error');
}

async function failedPolls() {
	const { results } = await n8n.executionsOf(workflow.id);
	return results.filter((run) => run.status === 'error');
}

/** The trigger's static data as stored in PostgreSQL (workflow_entity."staticData"). */
function storedFeed() {
	const [[json]] = n8n.query(`SELECT "staticData" FROM workflow_entity WHERE id = '${workflow.id}'`);
	const staticData = JSON.parse(json || '{}');
	return Object.values(staticData).map((nodeData) => nodeData && nodeData.feed).find(Boolean) || null;
}

async function touch(changes) {
	const response = await fetch(`${fakes.amocrm.url}/__fake/touch`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(changes),
	});
	expect(response.status).toBe(200);
}

async function emittedIds(summary) {
	const execution = await n8n.rest.waitForExecution(summary.id, 60000);
	expect(execution.status).toBe('success');
	return nodeOutput(execution, TRIGGER).map((item) => `${item.id}:${item.event}`);
}

test('polled by main, cursor in PostgreSQL across a restart of main, no event twice', async () => {
	const nowS = Math.floor(Date.now() / 1000);
	const [wonBefore, changedWhileDown] = fakes.amocrm.data.leads.filter(
		(lead) => lead.status_id !== WON_STATUS_ID && lead.status_id !== LOST_STATUS_ID && lead.created_at < nowS - DAY_S,
	);
	expect(await finishedExecutions()).toEqual([]);

	await n8n.publish(workflow.id);
	published = true;
	// The activation poll records where the feed starts; n8n stores it in PostgreSQL.
	await waitForPolls(0, 2);
	const firstFeed = storedFeed();
	expect(firstFeed).toEqual({ cursor: expect.any(String), seen: expect.any(Object) });
	expect(await finishedExecutions()).toEqual([]);

	await touch([{ id: wonBefore.id, status: 'won' }]);
	const first = await waitFor('the first execution', async () => (await finishedExecutions())[0], POLLS_MS);
	expect(await emittedIds(first)).toEqual([`${wonBefore.id}:won`]);
	const ranOn = Object.entries(n8n.executionsByWorker()).filter(([, ids]) => ids.includes(String(first.id)));
	expect(ranOn).toHaveLength(1);
	// The poll that emitted saved the cursor.
	await waitFor('the cursor saved after the emitting poll', () => storedFeed().cursor !== firstFeed.cursor || Object.keys(storedFeed().seen).length > 0, 20000);

	// Main goes down (graceful stop, as on a redeploy); the workers keep running, and nobody polls.
	await n8n.stop('main');
	const pollsWhileDown = polls();
	await touch([{ id: changedWhileDown.id }]);
	await new Promise((resolve) => setTimeout(resolve, 12000));
	expect(polls()).toBe(pollsWhileDown);
	expect(n8n.isRunning('worker-1') && n8n.isRunning('worker-2')).toBe(true);

	await n8n.start('main');
	// Main re-activates the workflow from PostgreSQL and polls on from the stored cursor.
	const [second] = await waitFor(
		'an execution after the restart',
		async () => {
			const done = await finishedExecutions();
			return done.length >= 2 ? done : null;
		},
		POLLS_MS + 60000,
	);
	expect(await emittedIds(second)).toEqual([`${changedWhileDown.id}:updated`]);
	// Two more polls after that: nothing fires again, neither the deal won before the restart nor the other one.
	await waitForPolls(polls(), 3);
	const all = await finishedExecutions();
	expect(all.map((run) => run.id).sort()).toEqual([first.id, second.id].sort());
	const errors = await failedPolls();
	if (errors.length > 0) {
		const messages = await Promise.all(
			errors.map(async (run) => (await n8n.rest.waitForExecution(run.id, 10000)).data.resultData.error?.message),
		);
		console.log(`[e2e-queue trigger] ${errors.length} poll(s) failed and emitted nothing: ${JSON.stringify(messages)}`);
	}
});
