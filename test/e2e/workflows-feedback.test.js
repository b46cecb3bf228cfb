'use strict';
/**
 * The two feedback example workflows on a real n8n 2.40.7 with real deliveries (issue 14): copies of
 * workflows/sales-feedback-loop.json and workflows/voice-of-sales-digest.json wired to the fake Telegram Bot API and the
 * SMTP sink (support/deliveries.js), the loop published and driven through the Sales Feedback Trigger's LIVE webhook —
 * one submission per kind — and the digest run after it over the rows the loop stored.
 *
 * Asserted: the Demo CRM notes the loop wrote, the rows in each Data Table (read through n8n's REST API, as the
 * editor's data table view reads them), the marketing alert and the question as they arrived in the fake Telegram
 * (HTML checked there the way Telegram parses it, no n8n footer), and the digest's counts and reasons in the messages
 * and e-mails that arrive.
 */
const { nodeOutput } = require('../../scripts/lib/n8n');
const { connect, importedExamples } = require('./support/instance');
const { startDeliveries } = require('./support/deliveries');
const { send } = require('./support/feedbackHostile');
const { signLink } = require('../../dist/nodes/shared/brief/signing');

const SIGNING_KEY = 'e2e-feedback-loop-key-0123456789-abcdefgh';
const SIGNING_CREDENTIAL = { id: 'e2eSigningKeyWfb1', name: 'E2E feedback loop signing key' };
const PATH = 'e2e-feedback-loop';
const MANUAL = "When clicking 'Execute workflow'";
const MARKETING_CHAT = '-1001234567890';
const TABLES = ['Lead verdicts', 'Customer voice', 'Brief acknowledgements', 'Questions from sales'];
/** n8n's attribution footer ("This message / email was sent automatically with <a…>n8n</a>"), what appendAttribution adds (n8n-nodes-base Telegram/GenericFunctions.js, EmailSend/v2/send.operation.js). */
const FOOTER = /(message|email) was sent automatically with/i;

let n8n;
let deliveries;
let loop;
let digest;
let published = false;

const example = (name) => {
	const workflow = importedExamples().find((candidate) => candidate.name === name);
	if (!workflow) throw new Error(`example "${name}" was not imported`);
	return workflow;
};

beforeAll(async () => {
	n8n = await connect().catch(() => connect());
	deliveries = await startDeliveries(n8n);
	await n8n.importCredentials([
		{ ...SIGNING_CREDENTIAL, type: 'salesBridgeSigningKeyApi', data: { secret: SIGNING_KEY } },
	]);
	// As the loop's sticky note says for production: the form on its own path, signed brief links verified.
	const shipped = JSON.parse(JSON.stringify(example('Sales feedback loop')));
	const trigger = shipped.nodes.find((node) => node.name === 'Sales Feedback Trigger');
	trigger.parameters.path = PATH;
	trigger.parameters.verifyBriefLinks = true;
	trigger.credentials = { salesBridgeSigningKeyApi: SIGNING_CREDENTIAL };
	loop = await deliveries.importWired(shipped, { enable: ['Sales Feedback Trigger'] });
	digest = await deliveries.importWired(example('Voice-of-sales digest'));
}, 120000);

afterAll(async () => {
	if (published) await n8n.rest.expectOk('POST', `/rest/workflows/${loop.id}/deactivate`, {});
	if (deliveries) await deliveries.close();
});

/** The data tables of the instance by name: { id, projectId }. */
async function dataTables() {
	const listed = await n8n.rest.expectOk('GET', '/rest/data-tables-global?take=100');
	return new Map((listed.data ?? listed).map((table) => [table.name, table]));
}

async function rowsOf(name) {
	const table = (await dataTables()).get(name);
	if (!table) throw new Error(`no data table "${name}"`);
	const page = await n8n.rest.expectOk(
		'GET',
		`/rest/projects/${table.projectId}/data-tables/${table.id}/rows?take=100`,
	);
	return page.data;
}

/** Empties a table through the REST API (a delete needs a filter: every row has a feedbackId). */
async function clear(name) {
	const table = (await dataTables()).get(name);
	const filter = JSON.stringify({
		type: 'and',
		filters: [{ columnName: 'feedbackId', condition: 'isNotEmpty', value: null }],
	});
	await n8n.rest.expectOk(
		'DELETE',
		`/rest/projects/${table.projectId}/data-tables/${table.id}/rows?filter=${encodeURIComponent(filter)}`,
	);
}

async function executionsOf(workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	return (await n8n.rest.expectOk('GET', `/rest/executions?filter=${filter}&limit=100`)).results;
}

async function waitForExecutions(workflowId, count, timeoutMs = 90000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const results = await executionsOf(workflowId);
		if (results.length >= count && results.every((run) => run.stoppedAt)) {
			return Promise.all(results.map((run) => n8n.rest.waitForExecution(run.id, 60000)));
		}
		if (Date.now() > deadline) throw new Error(`waited for ${count} executions, have ${results.length}`);
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
}

const marketingMessages = () =>
	deliveries.telegram.messages.filter((message) => String(message.chatId) === MARKETING_CHAT);

function expectCleanTelegram() {
	expect(deliveries.telegram.rejected).toEqual([]);
	for (const message of deliveries.telegram.messages) {
		expect(message.parseMode).toBe('HTML');
		expect(message.text).not.toMatch(FOOTER);
	}
}

test('Execute workflow runs the example feedback through the whole loop: Demo CRM notes, four tables, alert and question in Telegram', async () => {
	deliveries.telegram.reset();
	const execution = await n8n.rest.execute(loop.id, MANUAL);
	expect(execution.status).toBe('success');
	const notes = nodeOutput(execution, 'Write verdict as a CRM note');
	expect(notes.map((note) => [note.crm, note.dealId])).toEqual([
		['demo', '100231'],
		['demo', '100232'],
	]);
	expect(notes[0].text).toBe(
		'Lead rejected by Anna: not our target customer (lead quality), lead quality 1/5. Comment: Was looking for a job, not for our service.',
	);
	expectCleanTelegram();
	expect(marketingMessages().map((message) => message.text)).toEqual([
		'<b>Lead verdict</b> · deal 100231 · from Anna\n' +
			'Lead rejected by Anna: not our target customer (lead quality), lead quality 1/5. Comment: Was looking for a job, not for our service.',
		'<b>Question from sales</b> · from Olga · brief winterSale01, version 2\n' +
			'Which price list applies to the winter campaign?',
	]);
	const tables = await dataTables();
	for (const name of TABLES) expect(tables.has(name)).toBe(true);
	expect((await rowsOf('Lead verdicts')).map((row) => row.feedbackId).sort()).toEqual(
		expect.arrayContaining(['fb_example_verdict_accept', 'fb_example_verdict_reject']),
	);
});

describe('published, through the live webhook', () => {
	const url = () => `${n8n.state.baseUrl}/webhook/${PATH}`;
	const postJson = (body) =>
		send(url(), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
	const postSigned = (action, recipientId, extra = '') =>
		send(url(), {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body:
				new URLSearchParams(
					signLink({ briefId: 'winterSale02', version: 3, recipientId, action }, SIGNING_KEY),
				).toString() + extra,
		});

	const submitted = {};
	let runs;

	beforeAll(async () => {
		// Only what this test submits is in the tables: the example rows of the first test (and of examples.test.js,
		// which shares this n8n) are removed.
		for (const name of TABLES) await clear(name);
		for (const name of TABLES) expect(await rowsOf(name)).toEqual([]);
		const saved = await n8n.rest.expectOk('GET', `/rest/workflows/${loop.id}`);
		const activated = await n8n.rest.expectOk('POST', `/rest/workflows/${loop.id}/activate`, {
			versionId: saved.versionId,
		});
		expect(activated.active).toBe(true);
		published = true;
		// n8n 2.40.7 answers the activation first and registers the webhooks just after: wait for the form.
		for (let attempt = 0; ; attempt += 1) {
			const form = await send(url(), { method: 'GET', headers: {} });
			if (form.status === 200) break;
			if (attempt >= 120) throw new Error(`the form never came up (${form.status})`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		const before = (await executionsOf(loop.id)).length;
		deliveries.telegram.reset();

		const answers = [
			[
				'reject',
				() =>
					postJson({
						deal_id: '100240',
						verdict: 'reject',
						reason: 'no_budget',
						lead_quality: 2,
						rep: 'Anna',
						comment: 'Needs it <next year> & cheaper',
						utm_source: 'vk_ads',
					}),
			],
			[
				'accept',
				() =>
					postJson({
						deal_id: '100241',
						verdict: 'accept',
						lead_quality: 5,
						rep: 'Boris',
						first_words: 'Do you deliver on Sundays?',
						why_buy: 'To stop running their own warehouse',
						utm_source: 'google',
					}),
			],
			[
				'voice',
				() =>
					postJson({
						first_words: 'How fast can you deliver to the regions?',
						what_matters: 'Delivery within a day',
						objections: 'More expensive than the marketplace',
						rep: 'Anna',
						utm_source: 'vk_ads',
					}),
			],
			['acknowledgement', () => postSigned('ack', 'ivan')],
			[
				'question',
				() => postSigned('question', 'olga', '&question=Is+the+%3Cwinter%3E+price+list+final%3F'),
			],
		];
		for (const [kind, post] of answers) {
			const response = await post();
			expect([kind, response.status]).toEqual([kind, 200]);
			if (response.headers['content-type']?.includes('json')) {
				submitted[kind] = JSON.parse(response.body).id;
			}
		}
		runs = await waitForExecutions(loop.id, before + answers.length);
		runs = runs.slice(0, answers.length);
	}, 240000);

	const routed = (output) =>
		runs.flatMap((execution) => nodeOutput(execution, 'Sort feedback', output) ?? []);

	test('every submission ran the loop to the end', () => {
		expect(runs.map((execution) => execution.status)).toEqual(runs.map(() => 'success'));
		expect(routed(0).map((item) => item.dealId).sort()).toEqual(['100240', '100241']);
		expect(routed(1).map((item) => item.rep).sort()).toEqual(['Anna', 'Boris']);
		expect(routed(2).map((item) => [item.type, item.rep])).toEqual([['acknowledgement', 'ivan']]);
		expect(routed(3).map((item) => [item.type, item.text])).toEqual([
			['question', 'Is the <winter> price list final?'],
		]);
		expect(routed(4)).toEqual([]);
	});

	test('the lead verdicts are notes on the Demo CRM deals', () => {
		const notes = runs.flatMap(
			(execution) => nodeOutput(execution, 'Write verdict as a CRM note') ?? [],
		);
		expect(notes.map((note) => [note.crm, note.dealId, note.text]).sort()).toEqual([
			[
				'demo',
				'100240',
				'Lead rejected by Anna: no budget (lead quality), lead quality 2/5. Comment: Needs it <next year> & cheaper.',
			],
			['demo', '100241', 'Lead accepted by Boris, lead quality 5/5.'],
		]);
		for (const note of notes) expect(note.id).toMatch(/^demo-note-\d+$/);
	});

	test('each kind is one row in its data table, with the router row columns', async () => {
		const verdicts = await rowsOf('Lead verdicts');
		expect(
			verdicts
				.map((row) => [row.feedbackId, row.dealId, row.decision, row.reasonCode, row.quality, row.utmSource])
				.sort(),
		).toEqual(
			[
				[submitted.accept, '100241', 'accept', null, 5, 'google'],
				[submitted.reject, '100240', 'reject', 'no_budget', 2, 'vk_ads'],
			].sort(),
		);
		expect(verdicts.find((row) => row.decision === 'reject')).toMatchObject({
			rep: 'Anna',
			reasonClass: 'leadQuality',
			text: 'Needs it <next year> & cheaper',
			type: 'form',
			source: 'feedback',
		});
		const voice = await rowsOf('Customer voice');
		expect(voice.map((row) => [row.feedbackId, row.firstWords, row.utmSource]).sort()).toEqual(
			[
				[submitted.accept, 'Do you deliver on Sundays?', 'google'],
				[submitted.voice, 'How fast can you deliver to the regions?', 'vk_ads'],
			].sort(),
		);
		expect(voice.find((row) => row.feedbackId === submitted.accept).purchasePurpose).toBe(
			'To stop running their own warehouse',
		);
		const acks = await rowsOf('Brief acknowledgements');
		expect(acks.map((row) => [row.rep, row.briefId, row.briefVersion, row.type])).toEqual([
			['ivan', 'winterSale02', 3, 'acknowledgement'],
		]);
		const questions = await rowsOf('Questions from sales');
		expect(questions.map((row) => [row.rep, row.briefId, row.text])).toEqual([
			['olga', 'winterSale02', 'Is the <winter> price list final?'],
		]);
	});

	test('marketing gets the rejected lead and the question in Telegram, escaped, without the n8n footer', () => {
		expectCleanTelegram();
		expect(marketingMessages().map((message) => message.text).sort()).toEqual([
			'<b>Lead verdict</b> · deal 100240 · from Anna\n' +
				'Lead rejected by Anna: no budget (lead quality), lead quality 2/5. Comment: Needs it &lt;next year&gt; &amp; cheaper.',
			'<b>Question from sales</b> · from olga · brief winterSale02, version 3\n' +
				'Is the &lt;winter&gt; price list final?',
		]);
	});

	test('the voice-of-sales digest reports what was submitted, in Telegram and by e-mail', async () => {
		deliveries.telegram.reset();
		const mailsBefore = deliveries.smtp.mails.length;
		const execution = await n8n.rest.execute(digest.id, MANUAL);
		expect(execution.status).toBe('success');
		expectCleanTelegram();
		const texts = marketingMessages().map((message) => message.text);
		const acceptance = texts.filter((text) => text.startsWith('<b>Lead acceptance')).join('\n');
		expect(acceptance).toContain('2 feedback items');
		expect(acceptance).toContain('<b>Verdicts</b>: 2\n<b>Accepted</b>: 1 (50%)\n<b>Target</b>: 80%');
		expect(acceptance).toContain('<b>No budget</b> — 1 (100%) · lead quality');
		expect(acceptance).toContain('<b>vk_ads</b> — Verdicts: 1 · Acceptance: 0%');
		const voice = texts.filter((text) => text.startsWith('<b>Voice of sales')).join('\n');
		expect(voice).toContain('<b>What clients say first (2)</b>');
		// Both answers to "what clients say first" mention delivery; which one is quoted depends on the row order.
		expect(voice).toContain('• <b>deliver</b> — 2 of 2');
		expect(voice).toContain('<b>google</b> — What clients say first: deliver (1), sundays (1)');
		expect(voice).toContain('“To stop running their own warehouse”');
		expect(voice).toContain('“More expensive than the marketplace”');

		const mails = deliveries.smtp.mails.slice(mailsBefore);
		expect(mails.map((mail) => mail.subject).sort()).toEqual([
			'Lead acceptance (by channel)',
			'Voice of sales (by channel)',
		]);
		for (const mail of mails) {
			expect(mail.to).toEqual(['marketing@example.com']);
			expect(mail.text).not.toMatch(FOOTER);
			expect(mail.html).not.toMatch(FOOTER);
		}
		const acceptanceMail = mails.find((mail) => mail.subject.startsWith('Lead acceptance'));
		expect(acceptanceMail.text).toContain('No budget');
		expect(acceptanceMail.text).toContain('1 (50%)');
		const voiceMail = mails.find((mail) => mail.subject.startsWith('Voice of sales'));
		expect(voiceMail.html).toContain('More expensive than the marketplace');
	});
});
