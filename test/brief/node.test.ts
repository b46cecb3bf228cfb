/**
 * The Sales Brief node inside n8n-core's real WorkflowExecute (test/support/engine.ts): parameters and expressions as
 * n8n resolves them, one item per recipient, binary passthrough, continueOnFail, refusals, and every template ×
 * language × channel checked against the channels' rules (Telegram: the strict HTML checker; Slack: 49 blocks, no
 * mention; e-mail: no raw markup).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { BriefMessages } from '../../nodes/shared/brief/messages';
import { verifyCallback, verifyLink } from '../../nodes/shared/brief/signing';
import type { Brief } from '../../nodes/shared/brief/types';
import { ASSET_TYPES } from '../../nodes/shared/brief/types';
import { testSigningKey } from '../../nodes/shared/brief/credentialTest';
import type { SlackActionsBlock, SlackBlock } from '../../nodes/shared/render';
import type { WorkflowJson } from '../support/engine';
import { PACKAGE, runWorkflow, singleNodeWorkflow } from '../support/engine';
import { checkTelegramHtml } from '../support/telegramHtml';

const SECRET = 'n'.repeat(16) + '0123456789abcdef';
const FEEDBACK_URL = 'https://n8n.example.com/webhook/sales-feedback';
/** Reviews must lie after the release (now); two months ahead of whenever the test runs. */
const REVIEW_DATE = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
const STORE = { sigKey: { secret: SECRET }, shortKey: { secret: 'too-short' } };
const CREDENTIALS = { salesBridgeSigningKeyApi: { id: 'sigKey', name: 'Signing key' } };
const HOSTILE =
	'<script>alert("x")</script> & &amp; &nbsp; <!channel> <@U024BE7LH> *b* _i_ `c` ~s~ [x](y) > # -';

function parameters(extra: IDataObject = {}): IDataObject {
	return {
		assetType: 'salesScript',
		title: 'Inbound call script: open with the delivery date',
		version: 1,
		cause: 'In May 38 % of lost VK leads were lost at the first call; most said "too expensive".',
		change: 'Open the call with the delivery date; name the price only after the need.',
		metric: 'winRate',
		baseline: '21',
		target: '27',
		reviewDate: REVIEW_DATE,
		howToUse: 'Ask when they need it delivered\nName the date we can do\nThen the price',
		objections: { entries: [{ objection: 'Too expensive', answer: 'Delivery is in the price.' }] },
		links: { entries: [{ title: 'The script', url: 'https://docs.example.com/script' }] },
		audience: 'Inbound team',
		ackRequired: true,
		language: 'en',
		feedbackUrl: FEEDBACK_URL,
		recipientsSource: 'none',
		...extra,
	};
}

function workflow(
	extra: IDataObject = {},
	node: IDataObject = {},
	pinned?: INodeExecutionData[],
): WorkflowJson {
	const json = singleNodeWorkflow(`${PACKAGE}.salesBrief`, parameters(extra), CREDENTIALS, node);
	if (pinned) json.pinData = { Start: pinned };
	return json;
}

const outputOf = (json: IDataObject) =>
	json as unknown as {
		brief: Brief;
		changes: unknown[];
		recipient: IDataObject | null;
		messages: BriefMessages;
	};

function queryOf(url: string): Record<string, string> {
	return Object.fromEntries(new URL(url).searchParams.entries());
}

function mrkdwnTexts(blocks: Array<SlackBlock | SlackActionsBlock>): string[] {
	const texts: string[] = [];
	for (const block of blocks) {
		if (block.type === 'section' && block.text.type === 'mrkdwn') texts.push(block.text.text);
		if (block.type === 'context') {
			for (const element of block.elements) if (element.type === 'mrkdwn') texts.push(element.text);
		}
	}
	return texts;
}

/** Every channel rule the issue names, for one output item. */
/** `signed: false` for a preview (no signing key): then the links carry no signature and there is no callback data. */
function expectChannelRules(messages: BriefMessages, { signed = true } = {}): void {
	const { telegram, slack, email } = messages;
	expect(telegram.parts.length).toBeGreaterThan(0);
	for (const part of telegram.parts) {
		expect(part.length).toBeLessThanOrEqual(4096);
		expect(checkTelegramHtml(part).problems).toEqual([]);
	}
	for (const button of signed ? [telegram.buttons.acknowledge, telegram.buttons.question] : []) {
		const data = button.callbackData ?? '';
		expect(Buffer.byteLength(data, 'utf8')).toBeLessThanOrEqual(64);
		expect(data.startsWith('nhitl1|')).toBe(false);
		expect(verifyCallback(data, SECRET).ok).toBe(true);
		expect(verifyLink(queryOf(button.url), SECRET).ok).toBe(true);
	}
	expect(slack.blocks.length).toBeLessThanOrEqual(49);
	expect(slack.blocks[slack.blocks.length - 1].type).toBe('actions');
	for (const text of [slack.text, ...mrkdwnTexts(slack.blocks)]) {
		expect(text).not.toMatch(/<[!@#]/);
		expect(text).not.toContain('<script');
	}
	expect(email.html).not.toMatch(/<script/i);
	expect(email.html).toContain(telegram.buttons.acknowledge.url.replace(/&/g, '&amp;'));
	expect(email.subject).not.toMatch(/[\r\n]/);
}

describe('Sales Brief node', () => {
	test('one item for a group chat: the brief, no changes, buttons signed for "all"', async () => {
		const result = await runWorkflow(workflow(), STORE);
		expect(result.error).toBeUndefined();
		const items = result.items('Node');
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		const out = outputOf(items[0].json);
		expect(out.brief.title).toBe('Inbound call script: open with the delivery date');
		expect(out.brief.id).toMatch(/^[0-9A-Za-z]{1,12}$/);
		expect(out.changes).toEqual([]);
		expect(out.recipient).toBeNull();
		const claims = verifyLink(queryOf(out.messages.telegram.buttons.acknowledge.url), SECRET);
		expect(claims).toEqual({
			ok: true,
			claims: { briefId: out.brief.id, version: 1, recipientId: 'all', action: 'ack' },
		});
		expectChannelRules(out.messages);
		// The brief's why reaches every channel.
		expect(out.messages.telegram.parts.join('\n')).toContain('38 % of lost VK leads');
		expect(out.messages.markdown).toContain('38 % of lost VK leads');
		expect(out.messages.email.text).toContain('38 % of lost VK leads');
	});

	test('the same title and version give the same brief id on a re-run', async () => {
		const first = outputOf((await runWorkflow(workflow(), STORE)).output('Node')[0]);
		const second = outputOf((await runWorkflow(workflow(), STORE)).output('Node')[0]);
		expect(second.brief.id).toBe(first.brief.id);
		const next = outputOf(
			(await runWorkflow(workflow({ version: 2, changedBecause: 'Reps asked' }), STORE)).output(
				'Node',
			)[0],
		);
		expect(next.brief.id).not.toBe(first.brief.id);
	});

	test('one item per recipient, each with their own signed buttons and addresses', async () => {
		const recipients = {
			entries: [
				{
					id: 'anna',
					name: 'Anna',
					telegramChatId: '123456789',
					slackUser: 'U012AB3CD',
					email: 'anna@acme.example',
				},
				{ id: '-1001234567890', name: 'Inbound chat', telegramChatId: '-1001234567890' },
			],
		};
		const result = await runWorkflow(
			workflow({ recipientsSource: 'parameter', recipients }),
			STORE,
		);
		expect(result.error).toBeUndefined();
		const items = result.items('Node');
		expect(items).toHaveLength(2);
		const [anna, chat] = items.map((item) => outputOf(item.json));
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		expect(anna.recipient).toMatchObject({ id: 'anna', name: 'Anna' });
		expect(anna.messages.telegram.chatId).toBe('123456789');
		expect(anna.messages.slack.user).toBe('U012AB3CD');
		expect(anna.messages.email.to).toBe('anna@acme.example');
		expect(chat.messages.telegram.chatId).toBe('-1001234567890');
		expect(chat.messages.slack.user).toBeNull();
		expect(chat.messages.email.to).toBeNull();
		for (const [out, id] of [
			[anna, 'anna'],
			[chat, '-1001234567890'],
		] as const) {
			const link = verifyLink(queryOf(out.messages.telegram.buttons.question.url), SECRET);
			expect(link.ok && link.claims).toEqual({
				briefId: out.brief.id,
				version: 1,
				recipientId: id,
				action: 'question',
			});
			const callback = verifyCallback(
				out.messages.telegram.buttons.acknowledge.callbackData,
				SECRET,
			);
			expect(callback.ok && callback.claims.recipientId).toBe(id);
			expectChannelRules(out.messages);
		}
		expect(anna.messages.telegram.buttons.acknowledge.url).not.toBe(
			chat.messages.telegram.buttons.acknowledge.url,
		);
	});

	test('recipients from an input field; the binary of the item passes through untouched', async () => {
		const binary = {
			data: {
				data: Buffer.from('%PDF-1.4 script').toString('base64'),
				mimeType: 'application/pdf',
				fileName: 'script.pdf',
			},
		};
		const pinned: INodeExecutionData[] = [
			{
				json: {
					team: [
						{ id: 'ivan', chatId: 42 },
						{ id: 'olga', email: 'olga@acme.example' },
					],
				},
				binary,
			},
		];
		const result = await runWorkflow(
			workflow({ recipientsSource: 'field', recipientsField: 'team' }, {}, pinned),
			STORE,
		);
		expect(result.error).toBeUndefined();
		const items = result.items('Node');
		expect(items.map((item) => outputOf(item.json).recipient?.id)).toEqual(['ivan', 'olga']);
		expect(outputOf(items[0].json).messages.telegram.chatId).toBe('42');
		for (const item of items) {
			expect(item.binary).toEqual(binary);
			expect(item.pairedItem).toEqual({ item: 0 });
		}
	});

	test("a brief without its why is refused with the content rules' message, naming the item", async () => {
		// An expression that resolves to nothing (a form left empty) passes n8n's required check and meets the content rules.
		const result = await runWorkflow(workflow({ cause: '={{ "" }}' }), STORE);
		const error = result.error as Error & { description?: string; context?: IDataObject };
		expect(error).toBeDefined();
		expect(error.message).toMatch(/cause/i);
		expect(error.description).toMatch(/e\.g\./);
		expect(error.context?.itemIndex).toBe(0);
	});

	test('continueOnFail: the bad item becomes an error item paired with it, the good one goes on', async () => {
		const pinned: INodeExecutionData[] = [
			{ json: { cause: 'Clients ask for the date first' } },
			{ json: { cause: '' } },
		];
		const result = await runWorkflow(
			workflow({ cause: '={{ $json.cause }}' }, { continueOnFail: true }, pinned),
			STORE,
		);
		expect(result.error).toBeUndefined();
		const items = result.items('Node');
		expect(items).toHaveLength(2);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(outputOf(items[0].json).brief.cause).toBe('Clients ask for the date first');
		expect(items[1].pairedItem).toEqual({ item: 1 });
		expect(items[1].json.error).toMatch(/cause/i);
		expect(items[1].json.brief).toBeUndefined();
	});

	test.each([
		[{ feedbackUrl: '={{ "" }}' }, /Feedback Trigger URL is empty/],
		[{ feedbackUrl: 'javascript:alert(1)' }, /must start with http/],
		[
			{ recipientsSource: 'parameter', recipients: { entries: [{ name: 'No id' }] } },
			/Recipient 1 has no ID/,
		],
		[
			{ recipientsSource: 'parameter', recipients: { entries: [{ id: 'has space' }] } },
			/cannot be signed/,
		],
		[
			{ recipientsSource: 'parameter', recipients: { entries: [{ id: 'a' }, { id: 'a' }] } },
			/Two recipients have the ID "a"/,
		],
		[
			{ recipientsSource: 'field', recipientsField: 'nothing' },
			/"nothing" is not a list of recipients/,
		],
	])('refuses %j', async (extra, message) => {
		const result = await runWorkflow(workflow(extra), STORE);
		expect(result.error?.message).toMatch(message);
	});

	test('a signing key that is too short stops the node with the fix', async () => {
		const json = singleNodeWorkflow(`${PACKAGE}.salesBrief`, parameters(), {
			salesBridgeSigningKeyApi: { id: 'shortKey', name: 'Short' },
		});
		const result = await runWorkflow(json, STORE);
		expect(result.error?.message).toMatch(/too short/);
		expect(JSON.stringify(result.run.data.resultData)).not.toContain('too-short');
	});

	test('without a signing key credential it renders an unsigned preview and says so (example workflows run before setup)', async () => {
		const json = singleNodeWorkflow(
			`${PACKAGE}.salesBrief`,
			parameters({
				options: { telegramButtons: 'callback' },
			}),
		);
		const result = await runWorkflow(json, STORE);
		expect(result.error).toBeUndefined();
		const item = result.output('Node')[0] as IDataObject;
		expect(item.signed).toBe(false);
		const out = outputOf(item);
		expect(out.brief.title).toBe('Inbound call script: open with the delivery date');
		const { acknowledge, question } = out.messages.telegram.buttons;
		for (const [button, action] of [
			[acknowledge, 'ack'],
			[question, 'question'],
		] as const) {
			const query = queryOf(button.url);
			expect(query).toEqual({ b: out.brief.id, v: '1', r: 'all', a: action });
			expect(verifyLink(query, SECRET)).toEqual({ ok: false, reason: 'missing' });
			expect(button.callbackData).toBeNull();
		}
		// No callback data to give: the keyboard falls back to the (unsigned) links.
		expect(out.messages.telegram.replyMarkup.inline_keyboard[0]).toEqual([
			{ text: acknowledge.text, url: acknowledge.url },
			{ text: question.text, url: question.url },
		]);
		expectChannelRules(out.messages, { signed: false });
		const hints = result.run.data.resultData.runData.Node[0].hints ?? [];
		expect(hints.map((hint) => hint.message)).toEqual([
			expect.stringMatching(/^Preview: .*not signed/),
		]);
		const signed = await runWorkflow(workflow(), STORE);
		expect((signed.output('Node')[0] as IDataObject).signed).toBe(true);
		expect(signed.run.data.resultData.runData.Node[0].hints ?? []).toEqual([]);
	});

	test('the credential test checks the key length without any request', async () => {
		const call = (secret: unknown) =>
			testSigningKey.call(
				{} as never,
				{ id: '1', name: 'k', type: 'salesBridgeSigningKeyApi', data: { secret } } as never,
			);
		await expect(call('x'.repeat(32))).resolves.toEqual({
			status: 'OK',
			message: 'The signing key is usable.',
		});
		const short = await call('x'.repeat(31));
		expect(short.status).toBe('Error');
		expect(short.message).toMatch(/too short \(31 characters\)/);
		expect((await call('')).status).toBe('Error');
	});

	test('a custom template is used in every channel; an unknown placeholder stops the node naming it', async () => {
		// A fixed (not expression) parameter: n8n leaves {{…}} alone, the template engine fills it.
		const template = '# {{title}}\nWe saw: {{cause}}\nNow: {{change}}\n{{effect}}';
		const result = await runWorkflow(workflow({ options: { customTemplate: template } }), STORE);
		expect(result.error).toBeUndefined();
		const out = outputOf(result.output('Node')[0]);
		for (const text of [
			out.messages.markdown,
			out.messages.email.text,
			out.messages.telegram.parts.join('\n'),
		]) {
			expect(text).toContain('We saw: In May 38 % of lost VK leads');
			expect(text).toContain('Now: Open the call with the delivery date');
		}
		expectChannelRules(out.messages);
		const bad = await runWorkflow(
			workflow({ options: { customTemplate: 'We saw: {{caus}}' } }),
			STORE,
		);
		expect(bad.error?.message).toContain('{{caus}}');
	});

	test('version 2 with the previous brief lists what changed', async () => {
		const first = outputOf((await runWorkflow(workflow(), STORE)).output('Node')[0]);
		const result = await runWorkflow(
			workflow({
				version: 2,
				changedBecause: 'Reps said the date alone is not enough',
				target: '30',
				options: { previousBrief: JSON.stringify(first.brief) },
			}),
			STORE,
		);
		expect(result.error).toBeUndefined();
		const out = outputOf(result.output('Node')[0]);
		expect(out.brief.version).toBe(2);
		expect(out.changes.length).toBeGreaterThan(0);
		expect(JSON.stringify(out.changes)).toContain('expectedEffect.target');
	});

	test('hostile strings in every field, long enough to split: every channel stays within its rules', async () => {
		const long = `${HOSTILE} `.repeat(40);
		const extra = {
			title: `${HOSTILE}`.slice(0, 150),
			changedBecause: long,
			version: 2,
			cause: long,
			evidenceUrl: 'https://x.test/?a=1&b=<2>"',
			change: long,
			audience: HOSTILE,
			howToUse: Array.from({ length: 10 }, () => HOSTILE).join('\n'),
			objections: {
				entries: Array.from({ length: 8 }, () => ({
					objection: HOSTILE,
					answer: `${HOSTILE} `.repeat(18),
				})),
			},
			links: { entries: [{ title: HOSTILE, url: 'https://x.test/?q=<script>&r="1"' }] },
			scope: { pipeline: HOSTILE, channel: HOSTILE, owner: HOSTILE },
			recipientsSource: 'parameter',
			recipients: { entries: [{ id: 'r'.repeat(32), name: HOSTILE, email: 'a@b.example' }] },
		};
		for (const language of ['en', 'ru']) {
			const result = await runWorkflow(workflow({ ...extra, language }), STORE);
			expect(result.error).toBeUndefined();
			const out = outputOf(result.output('Node')[0]);
			expect(out.messages.telegram.parts.length).toBeGreaterThan(1);
			expectChannelRules(out.messages);
			expect(out.messages.markdown).not.toMatch(/(^|[^\\])<script/);
		}
	});

	describe.each(['en', 'ru'])('templates in %s', (language) => {
		test.each([...ASSET_TYPES])('%s: Telegram, Slack, e-mail and Markdown', async (assetType) => {
			const result = await runWorkflow(workflow({ assetType, language }), STORE);
			expect(result.error).toBeUndefined();
			const out = outputOf(result.output('Node')[0]);
			expect(out.brief.assetType).toBe(assetType);
			expect(out.brief.language).toBe(language);
			expectChannelRules(out.messages);
			const buttons =
				language === 'ru'
					? ['Прочитал, понятно', 'Есть вопрос']
					: ['Read, understood', 'I have a question'];
			expect([
				out.messages.telegram.buttons.acknowledge.text,
				out.messages.telegram.buttons.question.text,
			]).toEqual(buttons);
			const slackButtons = out.messages.slack.blocks[
				out.messages.slack.blocks.length - 1
			] as SlackActionsBlock;
			expect(slackButtons.elements.map((element) => element.text.text)).toEqual(buttons);
			expect(out.messages.email.html).toContain(`lang="${language}"`);
			expect(out.messages.email.html).toContain(buttons[0]);
			expect(out.messages.email.text).toContain(buttons[1]);
			expect(out.messages.markdown).toContain(buttons[0]);
			for (const text of [
				out.messages.telegram.parts.join('\n'),
				out.messages.markdown,
				out.messages.email.text,
			]) {
				expect(text).toContain('Open the call with the delivery date');
				if (language === 'ru') expect(text).toMatch(/[а-яё]{4,}/i);
			}
		});

		test('each asset type reads differently', async () => {
			const texts = new Set<string>();
			for (const assetType of ASSET_TYPES) {
				const out = outputOf(
					(await runWorkflow(workflow({ assetType, language }), STORE)).output('Node')[0],
				);
				texts.add(out.messages.markdown);
			}
			expect(texts.size).toBe(ASSET_TYPES.length);
		});
	});
});
