'use strict';
/**
 * The delivery fakes (support/fakeTelegram.js, support/smtpSink.js) against n8n 2.40.7's OWN Telegram, Telegram
 * Trigger and Send Email nodes: what n8n sends is what the fakes read, and what the fakes answer is what n8n
 * accepts. The example-workflow suites rely on this.
 */

const { nodeError, nodeOutput } = require('../../scripts/lib/n8n');
const { connect } = require('./support/instance');
const { startDeliveries } = require('./support/deliveries');

const TRIGGER = "When clicking 'Execute workflow'";

/** Manual Trigger → Telegram (HTML + inline keyboard, switched off as shipped) → Send Email (switched off). */
const sendingWorkflow = (text) => ({
	name: 'E2E deliveries: send',
	nodes: [
		{ id: 'd1', name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'd2',
			name: 'Send to Telegram',
			type: 'n8n-nodes-base.telegram',
			typeVersion: 1.2,
			position: [220, 0],
			disabled: true,
			parameters: {
				chatId: '-1001234567890',
				text,
				replyMarkup: 'inlineKeyboard',
				inlineKeyboard: {
					rows: [
						{
							row: {
								buttons: [
									{ text: 'Got it', additionalFields: { callback_data: 'sb2|ack|abc' } },
									{ text: 'Open the brief', additionalFields: { url: 'https://example.com/brief' } },
								],
							},
						},
					],
				},
				additionalFields: { appendAttribution: false, parse_mode: 'HTML', disable_web_page_preview: true },
			},
		},
		{
			id: 'd3',
			name: 'Send by e-mail',
			type: 'n8n-nodes-base.emailSend',
			typeVersion: 2.1,
			position: [440, 0],
			disabled: true,
			parameters: {
				fromEmail: 'reports@example.com',
				toEmail: 'marketing@example.com, sales@example.com',
				subject: 'Недельный отчёт — lead quality',
				emailFormat: 'both',
				text: 'Plain text: Telegram 75 %',
				html: '<p>HTML: <b>Telegram</b> 75&nbsp;%</p>',
				options: {},
			},
		},
	],
	connections: {
		[TRIGGER]: { main: [[{ node: 'Send to Telegram', type: 'main', index: 0 }]] },
		'Send to Telegram': { main: [[{ node: 'Send by e-mail', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
});

let n8n;
let deliveries;

beforeAll(async () => {
	n8n = await connect().catch(() => connect());
	deliveries = await startDeliveries(n8n);
});

afterAll(async () => {
	if (deliveries) await deliveries.close();
});

beforeEach(() => {
	deliveries.telegram.reset();
	deliveries.smtp.reset();
});

test("n8n's Telegram and Send Email nodes deliver to the fakes: HTML, buttons, no footer, both e-mail parts", async () => {
	const saved = await deliveries.importWired(sendingWorkflow('<b>Lead quality</b> &amp; handling: <i>telegram</i>'));
	const execution = await n8n.rest.execute(saved.id, TRIGGER);
	expect(nodeError(execution, 'Send to Telegram')).toBeNull();
	expect(execution.status).toBe('success');

	expect(deliveries.telegram.rejected).toEqual([]);
	expect(deliveries.telegram.messages).toHaveLength(1);
	const [message] = deliveries.telegram.messages;
	expect(message).toMatchObject({
		chatId: '-1001234567890',
		parseMode: 'HTML',
		plainText: 'Lead quality & handling: telegram',
		disableWebPagePreview: true,
	});
	// appendAttribution false: n8n's "This message was sent automatically with n8n" footer is not there.
	expect(message.text).not.toMatch(/n8n/);
	expect(message.replyMarkup.inline_keyboard).toEqual([
		[
			{ text: 'Got it', callback_data: 'sb2|ack|abc' },
			{ text: 'Open the brief', url: 'https://example.com/brief' },
		],
	]);
	// The Telegram node passes Telegram's answer on: the fake's Message object.
	expect(nodeOutput(execution, 'Send to Telegram')[0].result.message_id).toBe(message.messageId);

	expect(deliveries.smtp.mails).toHaveLength(1);
	const [mail] = deliveries.smtp.mails;
	expect(mail.from).toBe('reports@example.com');
	expect(mail.to).toEqual(['marketing@example.com', 'sales@example.com']);
	expect(mail.subject).toBe('Недельный отчёт — lead quality');
	expect(mail.text.trim()).toBe('Plain text: Telegram 75 %');
	expect(mail.html).toContain('<b>Telegram</b> 75&nbsp;%');
});

test('a message Telegram would refuse fails the Telegram node with Telegram\'s own wording', async () => {
	const saved = await deliveries.importWired(sendingWorkflow('<b>unclosed bold'));
	const execution = await n8n.rest.execute(saved.id, TRIGGER);
	expect(execution.status).toBe('error');
	expect(JSON.stringify(nodeError(execution, 'Send to Telegram'))).toMatch(/can't parse entities/);
	expect(deliveries.telegram.messages).toEqual([]);
	expect(deliveries.telegram.rejected.map((call) => call.method)).toEqual(['sendMessage']);
	expect(deliveries.smtp.mails).toEqual([]);
});

describe('Telegram Trigger', () => {
	const workflow = {
		name: 'E2E deliveries: Telegram Trigger',
		nodes: [
			{
				id: 't1',
				name: 'Telegram Trigger',
				type: 'n8n-nodes-base.telegramTrigger',
				typeVersion: 1.2,
				position: [0, 0],
				webhookId: '00000000-0000-4000-8000-000000000000',
				disabled: true,
				parameters: { updates: ['callback_query'], additionalFields: {} },
			},
			{ id: 't2', name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { 'Telegram Trigger': { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
	let saved;

	afterAll(async () => {
		if (saved) await n8n.rest.expectOk('POST', `/rest/workflows/${saved.id}/deactivate`, {});
	});

	test('publishing registers the webhook with a secret; updates with it start the workflow, others get 403', async () => {
		saved = await deliveries.importWired(workflow);
		await n8n.rest.expectOk('POST', `/rest/workflows/${saved.id}/activate`, { versionId: saved.versionId });
		// n8n 2.40.7 answers the activation first and registers trigger webhooks just after.
		const hook = await deliveries.telegram.waitForWebhook();
		expect(deliveries.telegram.calls.map((call) => call.method)).toEqual(['getWebhookInfo', 'setWebhook']);
		expect(hook.url).toMatch(/^http:\/\/(127\.0\.0\.1|localhost):\d+\/webhook\/[0-9a-f-]{36}\/webhook$/);
		expect(hook.secretToken).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
		expect(hook.allowedUpdates).toEqual(['callback_query']);

		const forged = await fetch(hook.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'not-the-secret' },
			body: JSON.stringify(deliveries.telegram.callbackQueryUpdate({ data: 'forged' })),
		});
		expect(forged.status).toBe(403);

		const update = deliveries.telegram.callbackQueryUpdate({ data: 'sb2|verdict|lead-42' });
		const delivered = await deliveries.telegram.deliverUpdate(update);
		expect(delivered.status).toBe(200);

		const filter = encodeURIComponent(JSON.stringify({ workflowId: saved.id }));
		let found = [];
		for (let attempt = 0; attempt < 60 && found.length === 0; attempt += 1) {
			({ results: found } = await n8n.rest.expectOk('GET', `/rest/executions?filter=${filter}`));
			if (found.length === 0) await new Promise((resolve) => setTimeout(resolve, 500));
		}
		expect(found).toHaveLength(1);
		const execution = await n8n.rest.waitForExecution(found[0].id);
		const [item] = nodeOutput(execution, 'Received');
		expect(item.callback_query.data).toBe('sb2|verdict|lead-42');
		expect(item.callback_query.id).toBe(update.callback_query.id);
	});
});
