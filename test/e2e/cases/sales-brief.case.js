'use strict';
/**
 * Sales Brief in the real n8n, installed from the npm tarball, signing with a credential imported through n8n's CLI:
 * one item per recipient with buttons signed for that person (checked with the package's own verifier and the suite's
 * key), and a Russian brief full of hostile strings, long enough to split, whose every Telegram part passes the strict
 * check of Telegram's HTML rules (test/support/telegramHtml.js).
 */
const path = require('node:path');

const { checkTelegramHtml } = require('../../support/telegramHtml');
const { E2E_SIGNING_KEY } = require('../support/signingKey');

const DIST = path.join(__dirname, '..', '..', '..', 'dist');
const { verifyCallback, verifyLink } = require(path.join(DIST, 'nodes/shared/brief/signing'));

const FEEDBACK_URL = 'https://n8n.example.com/webhook/sales-feedback';

function queryOf(url) {
	return Object.fromEntries(new URL(url).searchParams.entries());
}

function mrkdwnTexts(slack) {
	const texts = [slack.text];
	for (const block of slack.blocks) {
		if (block.type === 'section' && block.text.type === 'mrkdwn') texts.push(block.text.text);
		if (block.type === 'context') {
			for (const element of block.elements) if (element.type === 'mrkdwn') texts.push(element.text);
		}
	}
	return texts;
}

function expectChannels(item, recipientId) {
	const { brief, messages } = item;
	const { telegram, slack, email } = messages;
	expect(telegram.parseMode).toBe('HTML');
	expect(telegram.text).toBe(telegram.parts[0]);
	for (const part of telegram.parts) {
		expect(part.length).toBeLessThanOrEqual(4096);
		expect(checkTelegramHtml(part).problems).toEqual([]);
	}
	for (const [button, action] of [
		[telegram.buttons.acknowledge, 'ack'],
		[telegram.buttons.question, 'question'],
	]) {
		const claims = { briefId: brief.id, version: brief.version, recipientId, action };
		expect(button.url.startsWith(`${FEEDBACK_URL}?`)).toBe(true);
		expect(verifyLink(queryOf(button.url), E2E_SIGNING_KEY)).toEqual({ ok: true, claims });
		expect(verifyCallback(button.callbackData, E2E_SIGNING_KEY)).toEqual({ ok: true, claims });
		expect(Buffer.byteLength(button.callbackData, 'utf8')).toBeLessThanOrEqual(64);
		expect(button.callbackData.startsWith('nhitl1|')).toBe(false);
	}
	expect(slack.blocks.length).toBeLessThanOrEqual(49);
	const actions = slack.blocks[slack.blocks.length - 1];
	expect(actions.type).toBe('actions');
	expect(actions.elements.map((element) => element.url)).toEqual([
		telegram.buttons.acknowledge.url,
		telegram.buttons.question.url,
	]);
	for (const text of mrkdwnTexts(slack)) expect(text).not.toMatch(/<[!@#]|<script/);
	expect(email.html).not.toMatch(/<script/i);
	expect(email.html).toContain(`href="${telegram.buttons.acknowledge.url.replace(/&/g, '&amp;')}"`);
	expect(email.text).toContain(telegram.buttons.question.url);
}

module.exports = {
	title:
		'Sales Brief renders per-recipient messages with signed buttons; every Telegram part passes the strict HTML check',
	workflow: 'sales-brief.workflow.json',
	check({ execution, output }) {
		expect(execution.status).toBe('success');

		const english = output('Sales Brief');
		expect(english.map((item) => item.recipient && item.recipient.id)).toEqual(['anna', 'ivan']);
		const [anna, ivan] = english;
		expect(anna.brief.id).toBe(ivan.brief.id);
		expect(anna.brief.expectedEffect.metric).toBe('winRate');
		expect(anna.messages.telegram.chatId).toBe('123456789');
		expect(anna.messages.slack.user).toBe('U012AB3CD');
		expect(anna.messages.email.to).toBe('anna@acme.example');
		expect(ivan.messages.telegram.chatId).toBe('-1001234567890');
		// "Telegram Buttons: Callback" puts the signed callback data into the keyboard.
		expect(anna.messages.telegram.replyMarkup).toEqual({
			inline_keyboard: [
				[
					{
						text: 'Read, understood',
						callback_data: anna.messages.telegram.buttons.acknowledge.callbackData,
					},
					{
						text: 'I have a question',
						callback_data: anna.messages.telegram.buttons.question.callbackData,
					},
				],
			],
		});
		expect(anna.messages.telegram.text).toContain('38 % of lost VK leads');
		expect(anna.messages.email.subject).toContain('Inbound call script');
		expectChannels(anna, 'anna');
		expectChannels(ivan, 'ivan');
		// The hostile name is shown as text, never as markup.
		expect(ivan.messages.telegram.parts.join('')).not.toContain('<script');

		const [russian] = output('Sales Brief RU');
		expect(russian.recipient).toBeNull();
		expect(russian.brief.language).toBe('ru');
		expect(russian.messages.telegram.parts.length).toBeGreaterThan(1);
		expect(russian.messages.telegram.buttons.acknowledge.text).toBe('Прочитал, понятно');
		expect(russian.messages.telegram.buttons.question.text).toBe('Есть вопрос');
		expect(russian.messages.telegram.replyMarkup.inline_keyboard[0][0].url).toBe(
			russian.messages.telegram.buttons.acknowledge.url,
		);
		expectChannels(russian, 'all');
	},
};
