'use strict';
/**
 * The lead examples of issue 14, run in a real n8n with real deliveries (support/deliveries.js: the fake Telegram
 * Bot API that checks what Telegram checks):
 *
 * - "Lead rejection return path" + "Lead verdict buttons": both published. A new lead appears in the amoCRM fake;
 *   n8n's poller runs the CRM Sales Data Trigger, and the owner gets the lead with signed verdict buttons. A press
 *   is delivered to the Telegram Trigger's webhook the way Telegram delivers it (with the secret token the trigger
 *   registered through setWebhook): the press is answered, the verdict becomes a note in the amoCRM fake and a row
 *   in the data table "Lead verdicts", and marketing gets the alert. A forged press and a repeated press write
 *   nothing.
 * - "Speed-to-lead SLA watch" on the Demo CRM: the owner and manager escalations that arrive are exactly the leads
 *   in each band, and a second run sends none again.
 *
 * The shipped examples are not touched (examples.test.js runs them as shipped): each test publishes or runs a
 * wired copy, and the SLA watch copy logs to its own data table.
 */

const { nodeOutput } = require('../../scripts/lib/n8n');
const { connect, importedExamples } = require('./support/instance');
const { startDeliveries, TELEGRAM_TOKEN } = require('./support/deliveries');
const { startFakeCrms, CREDENTIAL_IDS } = require('./support/fakeCrms');
const { E2E_SIGNING_KEY, SIGNING_CREDENTIAL_ID } = require('./support/signingKey');
const { verifyVerdictCallback } = require('../../dist/nodes/shared/brief/signing');

const MANUAL = "When clicking 'Execute workflow'";
const OWNER_CHAT = '5550001';
const FALLBACK_CHAT = '-1001234567890';
const MARKETING_CHAT = '-1001234567891';
const LEAD_LIST_ROUTE = '/api/v4/leads';
/** Poll every 5 s (n8n refuses schedules under a minute, but takes several Poll Times: see trigger.test.js). */
const FAST_POLLS = {
	item: Array.from({ length: 12 }, (_, i) => ({
		mode: 'custom',
		cronExpression: `${i * 5} * * * * *`,
	})),
};

let n8n;
let fakes;
let deliveries;
const published = [];

const example = (name) => {
	const found = importedExamples().find((workflow) => workflow.name === name);
	if (!found) throw new Error(`the example "${name}" was not imported`);
	return JSON.parse(JSON.stringify(found));
};
const nodeOf = (workflow, name) => {
	const node = workflow.nodes.find((candidate) => candidate.name === name);
	if (!node) throw new Error(`no node "${name}" in ${workflow.name}`);
	return node;
};
const amoCredential = { amoCrmApi: { id: CREDENTIAL_IDS.amoCrmGood, name: 'E2E amoCRM (fake)' } };
const signingCredential = {
	salesBridgeSigningKeyApi: { id: SIGNING_CREDENTIAL_ID, name: 'E2E Sales Bridge Signing Key' },
};

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

async function executionsOf(workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const { results } = await n8n.rest.expectOk('GET', `/rest/executions?filter=${filter}`);
	return results;
}

/** The next finished execution of the workflow that is not in `known` (ids). */
async function nextExecution(workflowId, known, timeoutMs = 60000) {
	const summary = await waitFor(
		`a new execution of ${workflowId}`,
		async () => (await executionsOf(workflowId)).find((run) => !known.includes(run.id)),
		timeoutMs,
	);
	return n8n.rest.waitForExecution(summary.id, 60000);
}

/** Publishes as the editor's "Publish" button does. */
async function publish(saved) {
	const current = await n8n.rest.expectOk('GET', `/rest/workflows/${saved.id}`);
	const activated = await n8n.rest.expectOk('POST', `/rest/workflows/${saved.id}/activate`, {
		versionId: current.versionId,
	});
	published.push(saved.id);
	expect(activated.active).toBe(true);
}

/** Rows of a data table, read through n8n's REST API (what the editor's Data tables page shows). */
async function tableRows(tableName) {
	const project = await n8n.rest.expectOk('GET', '/rest/projects/personal');
	const listed = await n8n.rest.expectOk(
		'GET',
		`/rest/projects/${project.id}/data-tables?take=100`,
	);
	const tables = Array.isArray(listed) ? listed : listed.data;
	const table = tables.find((candidate) => candidate.name === tableName);
	if (!table) return null;
	const rows = await n8n.rest.expectOk(
		'GET',
		`/rest/projects/${project.id}/data-tables/${table.id}/rows?take=250`,
	);
	return Array.isArray(rows) ? rows : rows.data;
}

beforeAll(async () => {
	n8n = await connect();
	fakes = await startFakeCrms();
	await n8n.importCredentials(fakes.credentials);
	deliveries = await startDeliveries(n8n);
});

afterAll(async () => {
	try {
		for (const id of published)
			await n8n.rest.expectOk('POST', `/rest/workflows/${id}/deactivate`, {});
	} finally {
		if (deliveries) await deliveries.close();
		if (fakes) await fakes.close();
	}
});

describe('Lead rejection return path + Lead verdict buttons, published', () => {
	const telegram = () => deliveries.telegram;
	let lead;
	let ownerMessage;
	let buttonsOutput;
	let verdictsWorkflow;

	test('a new lead in the CRM reaches its owner in Telegram with signed verdict buttons', async () => {
		// The sending workflow on the amoCRM fake: trigger and buttons switched on as the sticky note says.
		const sending = example('Lead rejection return path');
		const trigger = nodeOf(sending, 'New leads in the CRM');
		trigger.parameters = { ...trigger.parameters, crm: 'amocrm', pollTimes: FAST_POLLS };
		trigger.credentials = amoCredential;
		nodeOf(sending, 'Verdict buttons').credentials = signingCredential;
		const model = fakes.amocrm.data.leads[0];
		const ownerId = String(model.responsible_user_id);
		const chats = nodeOf(sending, 'Owner chats').parameters.assignments.assignments.find(
			(assignment) => assignment.name === 'ownerChatIds',
		);
		chats.value = JSON.stringify({ [ownerId]: OWNER_CHAT });
		const saved = await deliveries.importWired(sending, {
			enable: ['New leads in the CRM', 'Verdict buttons'],
		});
		const polls = () => fakes.amocrm.stats.byRoute[LEAD_LIST_ROUTE] || 0;
		const before = polls();
		await publish(saved);
		// The first poll only records where the feed starts; a lead added after the next one has asked is new.
		await waitFor('two polls', () => polls() >= before + 2, 60000);
		const known = (await executionsOf(saved.id)).map((run) => run.id);
		lead = fakes.amocrm.addLead({ name: 'Website form: Harbor & Sons <B2B>' });

		const execution = await nextExecution(saved.id, known);
		expect(execution.status).toBe('success');
		expect(
			nodeOutput(execution, 'New leads in the CRM').map((deal) => [deal.id, deal.event]),
		).toEqual([[String(lead.id), 'new']]);
		buttonsOutput = nodeOutput(execution, 'Verdict buttons')[0].verdictButtons;

		expect(telegram().rejected).toEqual([]);
		const toOwner = telegram().messages.filter((message) => message.chatId === OWNER_CHAT);
		expect(toOwner).toHaveLength(1);
		[ownerMessage] = toOwner;
		expect(ownerMessage.parseMode).toBe('HTML');
		// The title is escaped for Telegram HTML and links to the deal in the CRM; no n8n attribution line.
		expect(ownerMessage.text).toContain('Website form: Harbor &amp; Sons &lt;B2B&gt;</a>');
		expect(ownerMessage.text).toContain(`/leads/detail/${lead.id}`);
		expect(ownerMessage.text).not.toMatch(/n8n/i);

		// The keyboard is the one Build Verdict Buttons made: 5 scores, then the six reasons two to a row.
		const keyboard = ownerMessage.replyMarkup.inline_keyboard;
		expect(keyboard).toEqual(buttonsOutput.replyMarkup.inline_keyboard);
		expect(keyboard.map((row) => row.length)).toEqual([5, 2, 2, 2]);
		const claims = keyboard.flat().map((button) => {
			expect(Buffer.byteLength(button.callback_data, 'utf8')).toBeLessThanOrEqual(64);
			const checked = verifyVerdictCallback(button.callback_data, E2E_SIGNING_KEY);
			expect(checked.ok).toBe(true);
			return checked.claims;
		});
		expect(
			claims.every((claim) => claim.crm === 'amocrm' && claim.dealId === String(lead.id)),
		).toBe(true);
		expect(claims.slice(0, 5).map((claim) => [claim.decision, claim.quality])).toEqual(
			[1, 2, 3, 4, 5].map((quality) => ['accept', quality]),
		);
		expect(claims.slice(5).map((claim) => claim.reasonCode)).toEqual([
			'not_target',
			'no_need',
			'no_budget',
			'wrong_contact',
			'duplicate',
			'not_reached',
		]);
	});

	/** Presses a button of the owner's message and returns the execution of the verdict workflow it started. */
	async function press(data, fromId = Number(OWNER_CHAT)) {
		const known = (await executionsOf(verdictsWorkflow.id)).map((run) => run.id);
		const update = telegram().callbackQueryUpdate({
			data,
			chatId: fromId,
			fromId,
			messageId: ownerMessage.messageId,
			text: 'New lead',
		});
		const delivered = await telegram().deliverUpdate(update, TELEGRAM_TOKEN);
		expect(delivered.status).toBe(200);
		const execution = await nextExecution(verdictsWorkflow.id, known);
		expect(execution.status).toBe('success');
		return { update, execution };
	}

	test('a reject press is answered, written to the CRM and to "Lead verdicts", and marketing is alerted', async () => {
		expect(ownerMessage).toBeDefined();
		const receiving = example('Lead verdict buttons');
		nodeOf(receiving, 'Feedback Router').credentials = signingCredential;
		for (const name of ['Write the verdict to the CRM', 'The deal']) {
			const node = nodeOf(receiving, name);
			node.parameters.crm = 'amocrm';
			node.credentials = amoCredential;
		}
		verdictsWorkflow = await deliveries.importWired(receiving);
		await publish(verdictsWorkflow);
		const hook = await telegram().waitForWebhook(TELEGRAM_TOKEN);
		expect(hook.url).toContain('/webhook/');
		expect(hook.secretToken).toEqual(expect.stringMatching(/^[A-Za-z0-9_-]+$/));
		expect(hook.allowedUpdates).toContain('callback_query');

		const rejectButton = ownerMessage.replyMarkup.inline_keyboard[1][0];
		expect(rejectButton.text).toBe('❌ Not our target customer');
		const notesBefore = fakes.amocrm.notes.length;
		const messagesBefore = telegram().messages.length;
		const { update, execution } = await press(rejectButton.callback_data);

		const [verdict] = nodeOutput(execution, 'Feedback Router');
		expect(verdict).toEqual(
			expect.objectContaining({
				category: 'leadVerdict',
				signature: 'valid',
				crm: 'amocrm',
				dealId: String(lead.id),
				decision: 'reject',
				reasonCode: 'not_target',
				reasonClass: 'leadQuality',
			}),
		);
		expect(telegram().callbackAnswers).toEqual([
			expect.objectContaining({
				callbackQueryId: update.callback_query.id,
				text: expect.stringMatching(/^Rejected/),
			}),
		]);

		const notes = fakes.amocrm.notes.slice(notesBefore);
		expect(notes.map((note) => [note.entity_id, note.text])).toEqual([[lead.id, verdict.noteText]]);

		const rows = await tableRows('Lead verdicts');
		expect(rows.filter((row) => row.feedbackId === verdict.id)).toEqual([
			expect.objectContaining({
				crm: 'amocrm',
				dealId: String(lead.id),
				decision: 'reject',
				reasonCode: 'not_target',
				reasonClass: 'leadQuality',
				source: 'telegram',
			}),
		]);

		const alerts = telegram().messages.slice(messagesBefore);
		expect(alerts.map((message) => message.chatId)).toEqual([MARKETING_CHAT]);
		expect(alerts[0].text).toContain('Lead rejected by sales');
		expect(alerts[0].text).toContain('Harbor &amp; Sons');
		expect(alerts[0].text).toContain("On marketing's side (lead quality).");
		expect(telegram().rejected).toEqual([]);
	});

	test('the same press again is answered but writes nothing twice', async () => {
		expect(verdictsWorkflow).toBeDefined();
		const rejectButton = ownerMessage.replyMarkup.inline_keyboard[1][0];
		const notesBefore = fakes.amocrm.notes.length;
		const messagesBefore = telegram().messages.length;
		const answersBefore = telegram().callbackAnswers.length;
		const rowsBefore = (await tableRows('Lead verdicts')).length;
		const { update, execution } = await press(rejectButton.callback_data);
		expect(
			telegram()
				.callbackAnswers.slice(answersBefore)
				.map((answer) => answer.callbackQueryId),
		).toEqual([update.callback_query.id]);
		expect(nodeOutput(execution, 'Not recorded yet?')).toEqual([]);
		expect(fakes.amocrm.notes.length).toBe(notesBefore);
		expect((await tableRows('Lead verdicts')).length).toBe(rowsBefore);
		expect(telegram().messages.length).toBe(messagesBefore);
	});

	test('a press with a forged signature is told "not valid" and writes nothing', async () => {
		expect(verdictsWorkflow).toBeDefined();
		// Accept with score 5, its signature altered in one character (claims unchanged).
		const genuine = ownerMessage.replyMarkup.inline_keyboard[0][4].callback_data;
		const at = 4;
		const forged = genuine.slice(0, at) + (genuine[at] === 'A' ? 'B' : 'A') + genuine.slice(at + 1);
		expect(verifyVerdictCallback(forged, E2E_SIGNING_KEY)).toEqual({
			ok: false,
			reason: 'bad-signature',
		});
		const notesBefore = fakes.amocrm.notes.length;
		const messagesBefore = telegram().messages.length;
		const answersBefore = telegram().callbackAnswers.length;
		const rowsBefore = (await tableRows('Lead verdicts')).length;

		const { update, execution } = await press(forged);
		expect(nodeOutput(execution, 'Feedback Router', 4)).toEqual([
			expect.objectContaining({
				category: 'other',
				signature: 'invalid',
				signatureProblem: 'bad-signature',
			}),
		]);
		expect(nodeOutput(execution, 'Feedback Router', 0)).toEqual([]);
		expect(telegram().callbackAnswers.slice(answersBefore)).toEqual([
			expect.objectContaining({
				callbackQueryId: update.callback_query.id,
				text: 'This button is not valid.',
			}),
		]);
		expect(fakes.amocrm.notes.length).toBe(notesBefore);
		expect((await tableRows('Lead verdicts')).length).toBe(rowsBefore);
		expect(telegram().messages.length).toBe(messagesBefore);
	});
});

describe('Speed-to-lead SLA watch on the Demo CRM', () => {
	const LOG_TABLE = 'E2E escalation log';

	test('the owner is told at 80 % and the manager at 100 % of the SLA, each lead once', async () => {
		const watch = example('Speed-to-lead SLA watch');
		// Its own log table, so that this run does not stop the shipped example's escalations in examples.test.js.
		for (const node of watch.nodes) {
			if (node.type !== 'n8n-nodes-base.dataTable') continue;
			if (node.parameters.tableName) node.parameters.tableName = LOG_TABLE;
			if (node.parameters.dataTableId) node.parameters.dataTableId.value = LOG_TABLE;
		}
		const settings = Object.fromEntries(
			nodeOf(watch, 'SLA settings').parameters.assignments.assignments.map((a) => [
				a.name,
				a.value,
			]),
		);
		const ownerChats = JSON.parse(settings.ownerChatIds);
		const saved = await deliveries.importWired(watch);
		deliveries.telegram.reset();

		const first = await n8n.rest.execute(saved.id, MANUAL);
		expect(first.status).toBe('success');
		const deals = nodeOutput(first, 'Open leads with First Contact');
		expect(deals.length).toBeGreaterThan(0);
		const startedAt = Date.parse(first.startedAt);
		const stoppedAt = Date.parse(first.stoppedAt);
		expect(deals.every((deal) => deal.status === 'open')).toBe(true);
		expect(
			deals.every(
				(deal) => Date.parse(deal.createdAt) >= startedAt - settings.watchHours * 3600000 - 60000,
			),
		).toBe(true);

		// The bands computed here from the deals: minutes from creation to the first contact, or to now when none.
		const band = (deal, now) => {
			const end = deal.firstContactAt ? Date.parse(deal.firstContactAt) : now;
			const percent = ((end - Date.parse(deal.createdAt)) / 60000 / settings.slaMinutes) * 100;
			return percent >= 100 ? 'manager' : percent >= settings.ownerWarningPercent ? 'owner' : null;
		};
		// A waiting lead that crossed a threshold while the run ran could go either way: leave such leads out.
		const settled = deals.filter((deal) => band(deal, startedAt) === band(deal, stoppedAt));
		const expected = (level) =>
			settled
				.filter((deal) => band(deal, startedAt) === level)
				.map((deal) => deal.id)
				.sort();
		const dealIn = (message) =>
			deals.find((deal) => message.text.includes(`href="${deal.url}"`)).id;
		const messages = deliveries.telegram.messages;
		expect(deliveries.telegram.rejected).toEqual([]);
		const toManager = messages.filter((message) => message.text.includes('SLA breached'));
		const toOwners = messages.filter((message) => message.text.includes('close to the SLA'));
		expect(toManager.length + toOwners.length).toBe(messages.length);

		// The Demo CRM has leads in both bands (the example shows both escalations).
		expect(expected('manager').length).toBeGreaterThan(0);
		expect(expected('owner').length).toBeGreaterThan(0);
		const managerIds = toManager.map(dealIn).sort();
		const ownerIds = toOwners.map(dealIn).sort();
		expect(managerIds).toEqual(expect.arrayContaining(expected('manager')));
		expect(ownerIds).toEqual(expect.arrayContaining(expected('owner')));
		expect(new Set(managerIds).size).toBe(managerIds.length);
		expect(new Set(ownerIds).size).toBe(ownerIds.length);
		const unsettled = deals.filter((deal) => !settled.includes(deal)).map((deal) => deal.id);
		expect(
			managerIds.filter((id) => !expected('manager').includes(id) && !unsettled.includes(id)),
		).toEqual([]);
		expect(
			ownerIds.filter((id) => !expected('owner').includes(id) && !unsettled.includes(id)),
		).toEqual([]);

		// Who gets what: the manager's chat, the owner's own chat; the manager also reads the report's headline.
		expect(new Set(toManager.map((message) => message.chatId))).toEqual(
			new Set([settings.managerChatId]),
		);
		const headline = nodeOutput(first, 'Speed to lead report')[0].headline;
		expect(
			toManager.every((message) => message.text.includes(headline.replace(/&/g, '&amp;'))),
		).toBe(true);
		for (const message of toOwners) {
			const deal = deals.find((candidate) => candidate.id === dealIn(message));
			expect(message.chatId).toBe(
				ownerChats[deal.owner && deal.owner.id] ?? settings.fallbackChatId,
			);
			expect(message.text).toMatch(/\d+ % of the 15-minute SLA/);
		}
		expect(
			messages.every((message) => message.parseMode === 'HTML' && !/n8n/i.test(message.text)),
		).toBe(true);
		const sentOnFirstRun = messages.length;

		// The next run (e.g. 15 minutes later) sends nothing that was sent already.
		const second = await n8n.rest.execute(saved.id, MANUAL);
		expect(second.status).toBe('success');
		expect(nodeOutput(second, 'Which escalation?', 0).length).toBeGreaterThanOrEqual(
			managerIds.length,
		);
		expect(nodeOutput(second, 'Manager not told yet?') || []).toEqual([]);
		expect(nodeOutput(second, 'Owner not told yet?') || []).toEqual([]);
		expect(deliveries.telegram.messages.length).toBe(sentOnFirstRun);
		const logged = await tableRows(LOG_TABLE);
		expect(logged.map((row) => row.escalationKey).sort()).toEqual(
			[
				...managerIds.map((id) => `demo:${id}:manager`),
				...ownerIds.map((id) => `demo:${id}:owner`),
			].sort(),
		);
	});
});
