'use strict';
/**
 * 5. A worker killed (SIGKILL of its process group: n8n and its task runner) in the middle of a batch of feedback
 * submissions, whose workflow writes a CRM note per feedback (CRM Sales Data → Note → Create on the amoCRM fake,
 * "Skip If Already Written" keyed by the Feedback id), holds 4 s (Wait), and saves a Data Table row.
 *
 * What n8n 2.40.7 does, as this test records it (.n8n-e2e-queue/worker-kill.json):
 * - the jobs waiting in Redis are taken by the surviving worker: every execution that had not started on the killed
 *   worker succeeds;
 * - the killed worker's running jobs lose their Bull lock; Bull finds them stalled and, because n8n sets
 *   maxStalledCount 0, fails them instead of running them again: n8n retries nothing by itself. Main, which waits
 *   on every job it queued, marks those executions "error" ("This execution failed to be processed too many
 *   times…", n8n's MaxStalledCountError). (Had main been down meanwhile, its queue recovery would mark them
 *   "crashed" at its next start.)
 * - the user's Retry of such an execution runs nothing: failing the job left the execution no data to run from
 *   (an empty node stack, no trigger output), so the submission it carried is lost to n8n;
 * - re-sending those submissions (the sender, or an operator from the access log) keeps their Feedback ids, and a
 *   note written before the kill is found by its marker and not written a second time. Every feedback ends with
 *   exactly one note.
 */

const fs = require('node:fs');
const path = require('node:path');

const { connect, waitFor } = require('./support/deployment');
const { send, mapLimit } = require('../e2e/support/feedbackHostile');
const { startFakeCrms } = require('../e2e/support/fakeCrms');

const workflow = JSON.parse(fs.readFileSync(path.join(__dirname, 'workflows', 'feedback-note.workflow.json'), 'utf8'));
const SUBMISSIONS = 30;
const TABLE = 'Queue e2e notes';
const COLUMNS = ['feedbackId', 'noteId', 'skipped', 'executionId'];
const KILLED = 'worker-1';

let n8n;
let fakes;
let published = false;

beforeAll(async () => {
	n8n = await connect();
	fakes = await startFakeCrms();
	await n8n.pointCredentials(fakes.credentials);
	await n8n.createDataTable(TABLE, COLUMNS);
	await n8n.publish(workflow.id, { webhookPath: workflow.nodes[0].parameters.path });
	published = true;
});

afterAll(async () => {
	try {
		if (published && n8n.isRunning('main')) await n8n.unpublish(workflow.id);
	} finally {
		if (fakes) await fakes.close();
	}
});

/** Statuses of this workflow's executions, by id. */
async function statuses() {
	const { results } = await n8n.executionsOf(workflow.id);
	return Object.fromEntries(results.map((run) => [String(run.id), run.status]));
}

/** Executions a worker started but never logged as finished. */
function unfinishedOn(worker, ids) {
	const log = n8n.readLog(worker);
	return ids.filter((id) => log.includes(`Worker started execution ${id} `) && !log.includes(`Worker finished execution ${id} `));
}

const markerOf = (feedbackId) => `[sb:${feedbackId}]`;

test('the other worker finishes the queue; the lost submissions, re-sent, write no second note', async () => {
	const url = `${n8n.baseUrl}/webhook/${workflow.nodes[0].parameters.path}`;
	const leads = fakes.amocrm.data.leads.slice(0, SUBMISSIONS);
	const bodies = leads.map((lead, i) =>
		JSON.stringify({ dealId: String(lead.id), decision: 'reject', reasonCode: 'spam', comment: `kill batch ${i}` }),
	);
	const responses = await mapLimit(bodies, 20, (body) =>
		send(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
	);
	expect(responses.map((response) => response.status)).toEqual(Array(SUBMISSIONS).fill(200));
	const feedbackIds = responses.map((response) => JSON.parse(response.body).id);

	const executionIds = await waitFor(
		`${SUBMISSIONS} executions`,
		async () => {
			const ids = Object.keys(await statuses());
			return ids.length >= SUBMISSIONS ? ids : null;
		},
		60000,
	);
	// Kill the worker once it has executions in flight and at least one of them has written its note (it is then
	// in the 4 s hold): the case a blind retry would turn into a duplicate note.
	await waitFor(
		`${KILLED} in the middle of the batch`,
		() => unfinishedOn(KILLED, executionIds).length > 0 && fakes.amocrm.notes.length >= 3,
		90000,
		100,
	);
	await n8n.stop(KILLED, 'SIGKILL');
	const killedAt = Date.now();
	const inFlight = unfinishedOn(KILLED, executionIds);
	expect(inFlight.length).toBeGreaterThan(0);
	const notesAtKill = fakes.amocrm.notes.length;

	// The surviving worker runs everything else.
	const others = executionIds.filter((id) => !inFlight.includes(id));
	const afterKill = await waitFor(
		'the other executions to succeed',
		async () => {
			const now = await statuses();
			return others.every((id) => now[id] === 'success') ? now : null;
		},
		180000,
		1000,
	);
	const inFlightStatusWhenOthersDone = [...new Set(inFlight.map((id) => afterKill[id]))];
	expect(inFlightStatusWhenOthersDone.every((status) => ['running', 'error'].includes(status))).toBe(true);

	// Bull notices the lapsed locks; with maxStalledCount 0 it fails those jobs instead of running them again, and
	// main, which waits on each job it queued, marks the executions "error" with n8n's MaxStalledCountError.
	const stalled = await waitFor(
		'the in-flight executions to fail as stalled',
		async () => {
			const now = await statuses();
			return inFlight.every((id) => now[id] === 'error') ? now : null;
		},
		120000,
		1000,
	);
	expect(inFlight.map((id) => stalled[id])).toEqual(inFlight.map(() => 'error'));
	const secondsFromKillToError = Math.round((Date.now() - killedAt) / 1000);
	const stalledError = (await n8n.rest.waitForExecution(inFlight[0], 10000)).data.resultData.error;
	expect(stalledError.message).toContain('This execution failed to be processed too many times');

	// The user retries each failed execution (the executions list's "Retry with original workflow"). n8n kept no
	// data to retry from: marking the job failed replaced the execution's data with an empty node stack, so the
	// retry "succeeds" at once and runs nothing. Recorded, not asserted: that is n8n's business.
	const rowsBeforeRetry = n8n.tableRows(TABLE, COLUMNS).length;
	const retries = [];
	for (const id of inFlight) {
		retries.push(await n8n.rest.expectOk('POST', `/rest/executions/${id}/retry`, { loadWorkflow: false }));
	}
	await new Promise((resolve) => setTimeout(resolve, 5000));
	const rowsWrittenByRetries = n8n.tableRows(TABLE, COLUMNS).length - rowsBeforeRetry;

	// So the submissions those executions carried are re-sent, as their sender would (or an operator from the access
	// log). A resubmission keeps its Feedback id; one whose note was written before the kill must not get a second.
	const saved = new Set(n8n.tableRows(TABLE, COLUMNS).map((row) => row.feedbackId));
	const lost = feedbackIds.map((id, i) => ({ id, i })).filter(({ id }) => !saved.has(id));
	expect(lost.length).toBeGreaterThan(0);
	const resent = await mapLimit(lost, 20, ({ i }) =>
		send(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: bodies[i],
		}),
	);
	expect(resent.map((response) => JSON.parse(response.body).id)).toEqual(lost.map(({ id }) => id));
	const rows = await waitFor(
		'a Data Table row per feedback',
		() => {
			const current = n8n.tableRows(TABLE, COLUMNS);
			return new Set(current.map((row) => row.feedbackId)).size >= SUBMISSIONS ? current : null;
		},
		120000,
		1000,
	);

	// Exactly one note per feedback on the CRM, however the executions went.
	const notesPerFeedback = feedbackIds.map(
		(id) => fakes.amocrm.notes.filter((note) => note.text.includes(markerOf(id))).length,
	);
	expect(notesPerFeedback).toEqual(Array(SUBMISSIONS).fill(1));
	expect(fakes.amocrm.notes).toHaveLength(SUBMISSIONS);
	const lostIds = new Set(lost.map(({ id }) => id));
	const resentRows = rows.filter((row) => lostIds.has(row.feedbackId));
	const skippedOnResend = resentRows.filter((row) => row.skipped === 'true').length;
	// At least one note was written before the kill by an execution that never finished: its resend skipped.
	expect(resentRows).toHaveLength(lost.length);

	const figures = {
		measuredAt: new Date().toISOString(),
		submissions: SUBMISSIONS,
		killedWorker: KILLED,
		inFlightAtKill: inFlight.length,
		notesWrittenAtKill: notesAtKill,
		finishedByOtherWorker: others.length,
		inFlightStatusWhenOthersDone,
		inFlightStatusAfterStall: 'error',
		inFlightError: stalledError.message,
		secondsFromKillToError,
		retriedWithN8n: retries.length,
		rowsWrittenByN8nRetries: rowsWrittenByRetries,
		resubmitted: lost.length,
		resubmissionsThatFoundTheirNote: skippedOnResend,
		resubmissionsThatWroteTheNote: lost.length - skippedOnResend,
		notesOnCrm: fakes.amocrm.notes.length,
		amoCrm429s: fakes.amocrm.stats.rateLimited,
	};
	const file = n8n.writeFigures('worker-kill.json', figures);
	console.log(`[e2e-queue worker kill] ${path.basename(file)}\n${JSON.stringify(figures, null, 1)}`);
});
