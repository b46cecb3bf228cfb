'use strict';
/**
 * Three example workflows with their senders switched on, as the sticky notes tell a user to do, in the real n8n:
 * a copy of each shipped example (dist/workflows, as globalSetup imported it) is wired to the fake Telegram Bot API
 * and the SMTP sink (support/deliveries.js) and run; the test reads what arrived there and what the workflow left in
 * its Data Table (n8n's REST API: /rest/data-tables-global and /rest/projects/:projectId/data-tables/:id/rows, from
 * n8n 2.40.7's dist/modules/data-table/*.controller.js).
 *
 *   - Weekly lead-quality digest: the verdict, the lost-reasons table and the Team wins thank-yous, as the report
 *     node wrote them, without n8n's footer.
 *   - New script rollout: from "Execute workflow" (its example brief) and once through the Form Trigger's live form
 *     (published, GET /form/<path>, then the multipart POST the form page sends — n8n-nodes-base Form/utils
 *     prepareFormReturnItem wants multipart/form-data with fields field-0, field-1, … in the form's order): the brief
 *     in the sales chat with its two buttons, signed for that chat, one e-mail per recipient with their own signed
 *     links, and one "Briefs sent" row per brief.
 *   - Brief impact review: the Demo CRM's planted release found as a rise, told to both departments, the row marked
 *     reviewed — and a second due brief in the table reviewed in the same run (the loop).
 *
 * The digest Telegram message and one brief e-mail, as delivered, are saved to .n8n-e2e/deliveries/ for the README.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { failedNodes, nodeOutput } = require('../../scripts/lib/n8n');
const { PROJECT_DIR } = require('../../scripts/lib/workflows');
const { connect, importedExamples } = require('./support/instance');
const { startDeliveries } = require('./support/deliveries');
const { checkTelegramHtml } = require('../support/telegramHtml');

const DIST = path.join(PROJECT_DIR, 'dist');
const { verifyLink } = require(path.join(DIST, 'nodes/shared/brief/signing'));
const { briefId } = require(path.join(DIST, 'nodes/shared/brief/id'));

const MANUAL = "When clicking 'Execute workflow'";
const FORM = 'Marketing fills in the brief';
const TABLE = 'Briefs sent';
const MARKETING_AND_SALES_CHAT = '-1001234567890';
const SALES_CHAT = '-1001234567891';
const SIGNING_KEY = `wfa-${crypto.randomBytes(24).toString('base64url')}`;
const SAVE_DIR = path.join(PROJECT_DIR, '.n8n-e2e', 'deliveries');
/** n8n's footers: Telegram (GenericFunctions addAdditionalFields) and Send Email ("sent automatically with n8n"). */
const ATTRIBUTION = /sent automatically with|n8n\.io/i;
/** A how-to step long enough that 35 of them (3,700 characters, under the field limit of 4,000) do not fit one Telegram message. */
const LONG_STEP =
	'Open the offer page the client came from, read its first line aloud and ask what made them click, step';

let n8n;
let deliveries;
const published = [];

const example = (name) => {
	const found = importedExamples().find((workflow) => workflow.name === name);
	if (!found) throw new Error(`example "${name}" was not imported`);
	return found;
};

beforeAll(async () => {
	n8n = await connect().catch(() => connect());
	deliveries = await startDeliveries(n8n);
	await n8n.importCredentials([
		{
			id: 'wfaSigningKey001',
			name: 'E2E rollout signing key',
			type: 'salesBridgeSigningKeyApi',
			data: { secret: SIGNING_KEY },
		},
	]);
	fs.mkdirSync(SAVE_DIR, { recursive: true });
});

afterAll(async () => {
	for (const id of published) {
		await n8n.rest.request('POST', `/rest/workflows/${id}/deactivate`, {});
	}
	if (deliveries) await deliveries.close();
});

/** The Sales Brief nodes of a workflow get the suite's signing key, as a user adds the credential. */
function withSigningKey(workflow) {
	const copy = JSON.parse(JSON.stringify(workflow));
	for (const node of copy.nodes) {
		if (node.type.endsWith('.salesBrief')) {
			node.credentials = {
				salesBridgeSigningKeyApi: { id: 'wfaSigningKey001', name: 'E2E rollout signing key' },
			};
		}
	}
	return copy;
}

/** Deliveries that arrived while `run` ran. */
async function delivered(run) {
	const telegramBefore = deliveries.telegram.messages.length;
	const rejectedBefore = deliveries.telegram.rejected.length;
	const mailsBefore = deliveries.smtp.mails.length;
	const result = await run();
	return {
		result,
		messages: deliveries.telegram.messages.slice(telegramBefore),
		rejected: deliveries.telegram.rejected.slice(rejectedBefore),
		mails: deliveries.smtp.mails.slice(mailsBefore),
	};
}

function expectSucceeded(execution) {
	expect(failedNodes(execution)).toEqual([]);
	expect(execution.status).toBe('success');
}

async function tableRows(name) {
	const { data: tables } = await n8n.rest.expectOk('GET', '/rest/data-tables-global?take=100');
	const table = tables.find((candidate) => candidate.name === name);
	if (!table) return [];
	const { data } = await n8n.rest.expectOk(
		'GET',
		`/rest/projects/${table.projectId}/data-tables/${table.id}/rows?take=100`,
	);
	return data;
}

const queryOf = (url) => Object.fromEntries(new URL(url).searchParams.entries());
const dayOf = (value) =>
	value === null || value === undefined ? null : new Date(value).toISOString().slice(0, 10);

/** Links in an HTML e-mail (href attributes, entities decoded). */
function hrefs(html) {
	return [...html.matchAll(/href="([^"]+)"/g)].map((match) => match[1].replace(/&amp;/g, '&'));
}

describe('Weekly lead-quality digest, senders on', () => {
	test('the verdict and the lost-reasons table reach sales and marketing, the thank-yous the sales chat, without footers', async () => {
		const saved = await deliveries.importWired(example('Weekly lead-quality digest'));
		const {
			result: execution,
			messages,
			rejected,
			mails,
		} = await delivered(() => n8n.rest.execute(saved.id, MANUAL));
		expectSucceeded(execution);
		expect(rejected).toEqual([]);

		const verdict = nodeOutput(execution, 'Verdict by channel')[0];
		const lostReasons = nodeOutput(execution, 'Lost reasons by channel')[0];
		const teamWins = nodeOutput(execution, 'Team wins of the last 7 days')[0];
		const toChat = (chat) =>
			messages.filter((message) => String(message.chatId) === chat).map((m) => m.text);
		// In order, exactly the report's parts: nothing appended (no n8n footer), nothing lost.
		expect(toChat(MARKETING_AND_SALES_CHAT)).toEqual([
			...verdict.telegram,
			...lostReasons.telegram,
		]);
		expect(toChat(SALES_CHAT)).toEqual(teamWins.telegram);
		for (const message of messages) {
			expect(message.parseMode).toBe('HTML');
			expect(message.text).not.toMatch(ATTRIBUTION);
			expect(checkTelegramHtml(message.text).problems).toEqual([]);
		}

		const digest = verdict.telegram.join('\n');
		// The Demo CRM's channel with bad leads, and the verdict named per channel.
		expect(digest).toContain('vk_ads');
		expect(digest).toMatch(/lead quality/i);
		expect(digest).toMatch(/handling/i);
		const lost = lostReasons.telegram.join('\n');
		expect(lost).toContain('Not target audience');
		expect(lost).toMatch(/lead quality/i);

		// Team wins: every rep with a marketing win this week is thanked by name in the sales chat.
		const thanks = teamWins.details.thankYous;
		expect(thanks.length).toBeGreaterThan(0);
		const salesChat = toChat(SALES_CHAT).join('\n');
		for (const rep of thanks) {
			expect(rep.wins).toBeGreaterThan(0);
			expect(salesChat).toContain(rep.owner);
		}
		expect(salesChat).toMatch(/thank you/i);

		// E-mail: the verdict and the lost reasons to both departments.
		expect(mails.map((mail) => mail.subject).sort()).toEqual(
			[verdict.email.subject, lostReasons.email.subject].sort(),
		);
		for (const mail of mails) {
			expect(mail.to.sort()).toEqual(['marketing@example.com', 'sales@example.com']);
			expect(mail.from).toBe('reports@example.com');
			expect(`${mail.text}\n${mail.html}`).not.toMatch(ATTRIBUTION);
		}

		const first = messages.find((message) => String(message.chatId) === MARKETING_AND_SALES_CHAT);
		fs.writeFileSync(
			path.join(SAVE_DIR, 'digest-telegram.json'),
			`${JSON.stringify({ chatId: first.chatId, parseMode: first.parseMode, text: first.text, body: first.body }, null, 2)}\n`,
		);
	});
});

describe('New script rollout, senders on', () => {
	const expected = (execution) => nodeOutput(execution, 'Sales Brief');

	/** The chat gets every Telegram part of the brief, in order, each with the two buttons signed for the chat. */
	function expectChatBrief(messages, item) {
		const { brief } = item;
		expect(messages.map((message) => message.text)).toEqual(item.messages.telegram.parts);
		expect(messages[0].text).toContain(brief.title);
		for (const message of messages) {
			expect(String(message.chatId)).toBe(MARKETING_AND_SALES_CHAT);
			expect(message.parseMode).toBe('HTML');
			expect(message.text).not.toMatch(ATTRIBUTION);
			expect(checkTelegramHtml(message.text).problems).toEqual([]);
			const buttons = message.replyMarkup.inline_keyboard;
			expect(buttons).toHaveLength(1);
			expect(buttons[0].map((button) => button.text)).toEqual([
				'Read, understood',
				'I have a question',
			]);
			expect(buttons[0].map((button) => verifyLink(queryOf(button.url), SIGNING_KEY))).toEqual(
				['ack', 'question'].map((action) => ({
					ok: true,
					claims: { briefId: brief.id, version: 1, recipientId: 'sales-chat', action },
				})),
			);
		}
	}

	function expectMails(mails, items) {
		const byRecipient = items.filter((item) => item.recipient.email);
		expect(mails.map((mail) => mail.to).sort()).toEqual(
			byRecipient.map((item) => [item.recipient.email]).sort(),
		);
		for (const mail of mails) {
			const item = byRecipient.find((candidate) => candidate.recipient.email === mail.to[0]);
			expect(mail.subject).toBe(item.messages.email.subject);
			expect(mail.from).toBe('marketing@example.com');
			expect(`${mail.text}\n${mail.html}`).not.toMatch(ATTRIBUTION);
			// Their own buttons: signed for this person, not for the chat.
			const signed = hrefs(mail.html)
				.filter((href) => href.includes('s='))
				.map((href) => verifyLink(queryOf(href), SIGNING_KEY));
			expect(signed).toEqual(
				['ack', 'question'].map((action) => ({
					ok: true,
					claims: { briefId: item.brief.id, version: 1, recipientId: item.recipient.id, action },
				})),
			);
		}
	}

	async function expectLogged(brief) {
		const rows = (await tableRows(TABLE)).filter((row) => row.briefId === brief.id);
		expect(rows).toHaveLength(1);
		expect({
			...rows[0],
			sentAt: new Date(rows[0].sentAt).toISOString(),
			reviewDate: dayOf(rows[0].reviewDate),
		}).toEqual(
			expect.objectContaining({
				briefId: brief.id,
				title: brief.title,
				version: 1,
				sentAt: new Date(brief.releasedAt).toISOString(),
				reviewDate: brief.expectedEffect.reviewDate,
				metric: brief.expectedEffect.metric,
				channel: brief.expectedEffect.scope.channel ?? '',
				reviewed: false,
			}),
		);
	}

	test('Execute workflow: the example brief in the sales chat with its two signed buttons, an e-mail to each recipient, one log row', async () => {
		const saved = await deliveries.importWired(withSigningKey(example('New script rollout')));
		const {
			result: execution,
			messages,
			rejected,
			mails,
		} = await delivered(() => n8n.rest.execute(saved.id, MANUAL));
		expectSucceeded(execution);
		expect(rejected).toEqual([]);
		const items = expected(execution);
		expect(items.map((item) => item.signed)).toEqual(items.map(() => true));
		const { brief } = items[0];
		expect(brief.title).toBe('New Telegram call script');
		expect(brief.expectedEffect.metric).toBe('winRate');
		expect(brief.expectedEffect.scope.channel).toBe('telegram');

		const chatItem = items.find((item) => item.recipient.id === 'sales-chat');
		// The example brief fits one Telegram message.
		expect(chatItem.messages.telegram.parts).toHaveLength(1);
		expectChatBrief(messages, chatItem);
		// The why, the change and the number, as marketing wrote them.
		expect(messages[0].text).toContain('Telegram leads are won in only about a third of the cases');
		expect(messages[0].text).toContain('Open every call with a Telegram lead by the delivery date');
		expect(messages[0].text).toMatch(/Win rate/);

		expect(mails).toHaveLength(2);
		expect(mails.map((mail) => mail.to[0]).sort()).toEqual([
			'anna.ivanova@example.com',
			'dmitry.sokolov@example.com',
		]);
		expectMails(mails, items);
		for (const mail of mails) {
			expect(mail.text).toContain('Telegram leads are won in only about a third of the cases');
		}
		await expectLogged(brief);

		fs.writeFileSync(path.join(SAVE_DIR, 'brief-email.eml'), mails[0].raw);
		fs.writeFileSync(path.join(SAVE_DIR, 'brief-email.html'), mails[0].html);
	});

	test('the live form: marketing submits a brief in the browser form and sales gets it', async () => {
		const shipped = example('New script rollout');
		const formPath = `new-script-brief-e2e-${crypto.randomBytes(4).toString('hex')}`;
		const workflow = withSigningKey(shipped);
		const form = workflow.nodes.find((node) => node.name === FORM);
		expect(form.disabled).toBe(true);
		form.parameters.options.path = formPath;
		const saved = await deliveries.importWired(workflow, { enable: [FORM] });
		const activated = await n8n.rest.expectOk('POST', `/rest/workflows/${saved.id}/activate`, {
			versionId: saved.versionId,
		});
		expect(activated.active).toBe(true);
		published.push(saved.id);

		const url = `${n8n.state.baseUrl}/form/${formPath}`;
		// n8n 2.40.7 answers the activation first and registers the form's webhooks just after (404 until then).
		let page = await fetch(url);
		for (let attempt = 0; attempt < 60 && page.status === 404; attempt += 1) {
			await new Promise((resolve) => setTimeout(resolve, 500));
			page = await fetch(url);
		}
		const html = await page.text();
		expect({ status: page.status, body: page.status === 200 ? '' : html.slice(0, 300) }).toEqual({
			status: 200,
			body: '',
		});
		expect(html).toContain('New script or material for sales');

		const title = `Offer call opener ${crypto.randomBytes(3).toString('hex')}`;
		const values = {
			title,
			assetType: 'Offer',
			cause: 'Half of the lost yandex_direct leads said the offer page and the call did not match.',
			change: 'Start the call with the offer on the page the client came from.',
			metric: 'Conversion to won',
			baseline: '12',
			target: '15',
			reviewDate: '2030-01-15',
			channel: 'yandex_direct',
			// 35 steps: with the cause and the change, more than one Telegram message (4,096 characters).
			howToUse: Array.from({ length: 35 }, (_, step) => `${LONG_STEP} ${step + 1}`).join('\n'),
			recipientEmails: 'oleg.petrov@example.com',
		};
		const fields = form.parameters.formFields.values;
		const body = new FormData();
		fields.forEach((field, index) => body.append(`field-${index}`, values[field.fieldName]));
		// The execution the POST starts has finished (so every delivery is in) before the deliveries are read.
		const {
			result: finished,
			messages,
			mails,
		} = await delivered(async () => {
			const posted = await fetch(url, { method: 'POST', body });
			expect(posted.status).toBe(200);
			return waitForExecution(saved.id);
		});
		const execution = await n8n.rest.waitForExecution(finished.id);
		expectSucceeded(execution);
		const items = expected(execution);
		const { brief } = items[0];
		expect(brief.id).toBe(briefId(title, 1));
		expect(brief.assetType).toBe('offer');
		expect(brief.expectedEffect).toEqual(
			expect.objectContaining({
				metric: 'conversion',
				baseline: 12,
				target: 15,
				reviewDate: '2030-01-15',
			}),
		);
		expect(brief.expectedEffect.scope.channel).toBe('yandex_direct');

		// Longer than one Telegram message: every part arrives, none is lost.
		const chatItem = items.find((item) => item.recipient.id === 'sales-chat');
		expect(chatItem.messages.telegram.parts.length).toBeGreaterThan(1);
		expectChatBrief(messages, chatItem);
		const chat = messages.map((message) => message.text).join('\n');
		expect(chat).toContain('offer page and the call did not match');
		expect(chat).toContain('Start the call with the offer on the page');
		expect(chat).toContain(`${LONG_STEP} 35`);
		expect(mails.map((mail) => mail.to)).toEqual([['oleg.petrov@example.com']]);
		expectMails(mails, items);
		await expectLogged(brief);
	});
});

async function executionsOf(workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const { results } = await n8n.rest.expectOk('GET', `/rest/executions?filter=${filter}`);
	return results;
}

/** Waits until the workflow has a finished execution (the form's POST starts one). */
async function waitForExecution(workflowId, timeoutMs = 120000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const finished = (await executionsOf(workflowId)).filter((execution) => execution.stoppedAt);
		if (finished.length > 0) return finished[0];
		if (Date.now() > deadline)
			throw new Error(`no finished execution of ${workflowId} after ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

describe('Brief impact review, senders on', () => {
	const PLANTED_ID = 'DEKCPEvZBY8Q';
	const REVIEW = 'The brief due longest';

	async function review(saved) {
		const run = await delivered(() => n8n.rest.execute(saved.id, MANUAL));
		expectSucceeded(run.result);
		expect(run.rejected).toEqual([]);
		const summary = nodeOutput(run.result, 'Brief impact')[0];
		expect(run.messages.map((message) => message.text)).toEqual(summary.telegram);
		for (const message of run.messages) {
			expect(String(message.chatId)).toBe(MARKETING_AND_SALES_CHAT);
			expect(message.parseMode).toBe('HTML');
			expect(message.text).not.toMatch(ATTRIBUTION);
			expect(checkTelegramHtml(message.text).problems).toEqual([]);
		}
		expect(run.mails.map((mail) => mail.subject)).toEqual([summary.email.subject]);
		for (const mail of run.mails) {
			expect(mail.to.sort()).toEqual(['marketing@example.com', 'sales@example.com']);
			expect(`${mail.text}\n${mail.html}`).not.toMatch(ATTRIBUTION);
		}
		return { ...run, summary, row: nodeOutput(run.result, REVIEW)[0] };
	}

	const reviewed = async (id) =>
		(await tableRows(TABLE)).filter((row) => row.briefId === id).map((row) => row.reviewed);

	test('reviews one due brief per run, the one due longest: a logged brief first, then the Demo CRM planted release found as a rise', async () => {
		// A brief "New script rollout" logged 40 days ago on the control channel, due yesterday.
		const control = {
			briefId: briefId('SEO follow-up script', 1),
			title: 'SEO follow-up script',
			version: 1,
			sentAt: new Date(Date.now() - 40 * 86400000).toISOString(),
			reviewDate: new Date(Date.now() - 86400000).toISOString(),
			metric: 'winRate',
			channel: 'seo',
			reviewed: false,
		};
		const { data: tables } = await n8n.rest.expectOk('GET', '/rest/data-tables-global?take=100');
		const table = tables.find((candidate) => candidate.name === TABLE);
		expect(table).toBeDefined();
		await n8n.rest.expectOk(
			'POST',
			`/rest/projects/${table.projectId}/data-tables/${table.id}/insert`,
			{
				data: [control],
			},
		);
		const saved = await deliveries.importWired(example('Brief impact review'));

		// First run: the manual run writes the example row (due today); the control brief is due longer.
		const first = await review(saved);
		expect(first.row.briefId).toBe(control.briefId);
		expect(first.summary.details.brief.id).toBe(control.briefId);
		expect(first.summary.details.scope.channel).toBe('seo');
		// The Demo CRM has no planted effect on seo.
		expect(first.summary.totals.verdict).not.toBe('rose');
		expect(await reviewed(control.briefId)).toEqual([true]);
		expect(await reviewed(PLANTED_ID)).toEqual([false]);

		// Second run: the planted release.
		const second = await review(saved);
		expect(second.row.briefId).toBe(PLANTED_ID);
		const { totals, details } = second.summary;
		expect(details.brief).toEqual({
			id: PLANTED_ID,
			title: 'Telegram call script (Demo CRM release)',
		});
		expect(details.scope.channel).toBe('telegram');
		expect(totals).toEqual(expect.objectContaining({ verdict: 'rose', improved: true }));
		expect(totals.pValue).toBeLessThan(0.05);
		const text = second.messages.map((message) => message.text).join('\n');
		expect(text).toMatch(/Win rate rose/);
		expect(text).toContain('Telegram call script (Demo CRM release)');
		expect(await reviewed(PLANTED_ID)).toEqual([true]);
		expect(await reviewed(control.briefId)).toEqual([true]);

		// Not due yet: the rollout's briefs (review dates ahead) stay unreviewed.
		const ahead = (await tableRows(TABLE)).filter((row) => new Date(row.reviewDate) > new Date());
		expect(ahead.length).toBeGreaterThan(0);
		expect(ahead.map((row) => row.reviewed)).toEqual(ahead.map(() => false));
	});
});
