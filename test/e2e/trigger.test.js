'use strict';
/**
 * CRM Sales Data Trigger polled by n8n itself: the workflow is published (activated) as a user publishes
 * it, and n8n's own poller runs the trigger on its schedule against the fake amoCRM. Nothing here calls
 * the trigger's `poll` directly.
 *
 * n8n 2.40.7 refuses a poll schedule that fires more than once a minute ("The polling interval is too
 * short"), but it accepts several Poll Times, each a cron with one fixed second. The workflow lists
 * twelve (second 0, 5, …, 55), so n8n polls every 5 s and the test stays short.
 *
 * Between polls n8n keeps the trigger's static data (its cursor) in the workflow object of the
 * activation; it writes it to the database after activating and whenever a poll emits, not after a poll
 * that returns nothing (2.40's durable "poll cursor" path is off unless its scheduler flags are set).
 *
 * A poll is seen as one request to the fake's lead list (the trigger reads deals updated since its
 * cursor); a poll has certainly finished once the next one has asked. Every wait is bounded.
 */

const fs = require('node:fs');
const path = require('node:path');

const { nodeOutput } = require('../../scripts/lib/n8n');
const { WON_STATUS_ID, LOST_STATUS_ID } = require('../support/fakes/amocrm');
const { connect, WORKFLOWS_DIR } = require('./support/instance');
const { startFakeCrms } = require('./support/fakeCrms');
const { expectNormalizedDeals } = require('./support/expectations');

const workflow = JSON.parse(
	fs.readFileSync(path.join(WORKFLOWS_DIR, 'crm-sales-data-trigger-amocrm.workflow.json'), 'utf8'),
);
const TRIGGER = 'CRM Sales Data Trigger';
const LEAD_LIST_ROUTE = '/api/v4/leads';
const POLL_SECONDS = workflow.nodes
	.find((node) => node.name === TRIGGER)
	.parameters.pollTimes.item.map((item) => Number(item.cronExpression.split(' ')[0]));
/** The longest gap between two scheduled polls (seconds sorted, wrapping round the minute). */
const POLL_GAP_MS =
	1000 *
	Math.max(
		...[...POLL_SECONDS]
			.sort((a, b) => a - b)
			.map((second, i, all) => (all[i + 1] ?? all[0] + 60) - second),
	);
/** Room for a few polls, with slack for a busy 2-core machine. */
const WAIT_FOR_POLLS_MS = 3 * POLL_GAP_MS + 15000;
const DAY_S = 24 * 3600;

let n8n;
let fakes;
let published = false;

beforeAll(async () => {
	n8n = await connect();
	fakes = await startFakeCrms();
	await n8n.importCredentials(fakes.credentials);
});

afterAll(async () => {
	try {
		// Unpublish first, so that n8n stops polling before the fake goes away.
		if (published) await n8n.rest.expectOk('POST', `/rest/workflows/${workflow.id}/deactivate`, {});
	} finally {
		if (fakes) await fakes.close();
	}
});

/** Polls answered by the fake so far. */
function pollsSoFar() {
	return fakes.amocrm.stats.byRoute[LEAD_LIST_ROUTE] || 0;
}

/** Resolves with the first truthy value of `probe()`, checked every 250 ms, or fails after `timeoutMs`. */
async function waitFor(what, probe, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** Waits until `count` more polls have asked the fake for leads than `since`. */
function waitForPolls(since, count) {
	return waitFor(
		`${count} more poll(s) after poll #${since}`,
		() => pollsSoFar() >= since + count,
		WAIT_FOR_POLLS_MS,
	);
}

async function executionsOfWorkflow() {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: workflow.id }));
	const { results } = await n8n.rest.expectOk('GET', `/rest/executions?filter=${filter}`);
	return results;
}

test('published, the trigger emits nothing on its first polls, then exactly the changed deals once', async () => {
	expect(POLL_SECONDS).toHaveLength(12);
	expect(await executionsOfWorkflow()).toEqual([]);
	const before = pollsSoFar();

	// Publish as the editor's "Publish" button does: the saved version becomes the active one.
	const saved = await n8n.rest.expectOk('GET', `/rest/workflows/${workflow.id}`);
	const activated = await n8n.rest.expectOk('POST', `/rest/workflows/${workflow.id}/activate`, {
		versionId: saved.versionId,
	});
	published = true;
	expect(activated.active).toBe(true);

	// n8n polls once while activating; that poll only records where the feed starts, and n8n saves it.
	await waitForPolls(before, 1);
	const stored = await n8n.rest.expectOk('GET', `/rest/workflows/${workflow.id}`);
	const feed = Object.values(stored.staticData || {})
		.map((nodeData) => nodeData && nodeData.feed)
		.find(Boolean);
	expect(feed).toEqual({ cursor: expect.any(String), seen: expect.any(Object) });
	// n8n's scheduler takes over. (Whether these polls emitted anything is settled at the end: exactly one
	// execution in all.)
	await waitForPolls(pollsSoFar(), 1);
	expect(await executionsOfWorkflow()).toEqual([]);

	// A sales rep wins one lead and edits another (both old and open, so neither is "new").
	const nowS = Math.floor(Date.now() / 1000);
	const [wonLead, editedLead] = fakes.amocrm.data.leads.filter(
		(lead) =>
			lead.status_id !== WON_STATUS_ID &&
			lead.status_id !== LOST_STATUS_ID &&
			lead.created_at < nowS - DAY_S,
	);
	// Through the fake's test hook, both in one request, so that no poll sees only one of them.
	const touch = await fetch(`${fakes.amocrm.url}/__fake/touch`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify([{ id: wonLead.id, status: 'won' }, { id: editedLead.id }]),
	});
	expect(touch.status).toBe(200);
	expect((await touch.json()).map((lead) => [lead.id, lead.status_id])).toEqual([
		[wonLead.id, WON_STATUS_ID],
		[editedLead.id, editedLead.status_id],
	]);

	const [summary] = await waitFor(
		'an execution of the published workflow',
		async () => {
			const runs = await executionsOfWorkflow();
			return runs.length > 0 ? runs : null;
		},
		WAIT_FOR_POLLS_MS,
	);
	const execution = await n8n.rest.waitForExecution(summary.id, 60000);
	expect(execution.mode).toBe('trigger');
	expect(execution.status).toBe('success');
	const emitted = nodeOutput(execution, TRIGGER);
	expectNormalizedDeals(
		emitted.map(({ event, ...deal }) => deal),
		'amocrm',
	);
	expect(emitted.map((item) => [item.id, item.event]).sort()).toEqual(
		[
			[String(wonLead.id), 'won'],
			[String(editedLead.id), 'updated'],
		].sort(),
	);
	expect(emitted.find((item) => item.id === String(wonLead.id)).status).toBe('won');
	expect(emitted.find((item) => item.id === String(editedLead.id)).updatedAt).toBe(
		new Date(editedLead.updated_at * 1000).toISOString(),
	);
	expect(
		nodeOutput(execution, 'Changed deals')
			.map((item) => item.id)
			.sort(),
	).toEqual(emitted.map((item) => item.id).sort());

	// Later polls see the same two deals again (inside the overlap window) and emit nothing more: wait
	// until the poll after the one that emitted has finished, i.e. the one after it has asked.
	await waitForPolls(pollsSoFar(), 2);
	expect((await executionsOfWorkflow()).map((run) => run.id)).toEqual([summary.id]);
});
