#!/usr/bin/env node
'use strict';
/**
 * `npm run build && node scripts/briefImages.js` — renders the README's Sales Brief pictures with the built package:
 * one brief (a sales script, English, for one recipient) as it looks in Telegram — the node's Telegram HTML shown in a
 * page styled like a Telegram message bubble, its two inline buttons under it — and as the e-mail the node produces.
 * Screenshots come from Debian's headless Chromium (apt-get install -y chromium) through puppeteer-core.
 *
 * The Telegram picture is an imitation of the client, not a screenshot of Telegram: the tags Telegram's HTML mode
 * allows (b, i, code, a) are HTML tags with the same meaning, so the browser shows the same text and styling.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const BRIEF = path.join(ROOT, 'dist', 'nodes', 'shared', 'brief');
const { validateBriefInput } = require(path.join(BRIEF, 'input.js'));
const { composeBriefDocument } = require(path.join(BRIEF, 'compose.js'));
const { buildBriefMessages } = require(path.join(BRIEF, 'messages.js'));
const { checkTelegramHtml } = require(path.join(ROOT, 'test', 'support', 'telegramHtml.js'));
const { telegramPage, withPictures } = require('./lib/chatPicture');

const NOW = new Date('2026-11-27T10:00:00Z');
const TIMEZONE = 'Europe/Moscow';
const FEEDBACK_URL = 'https://n8n.example.com/webhook/sales-feedback';
// A key for the pictures only: the links in them point at example.com.
const PICTURE_KEY = `readme-${'p'.repeat(16)}-0123456789abcdef`;

const input = {
	assetType: 'salesScript',
	title: 'Inbound call script: open with the delivery date',
	version: 1,
	cause:
		'In October 38 % of lost VK Ads leads were lost at the first call, and most of them said "too expensive" before we had asked what they need.',
	evidenceUrl: 'https://docs.example.com/lost-reasons-october',
	change:
		'Open the call with the delivery date we can do; name the price only after the client has said what they need.',
	expectedEffect: {
		metric: 'winRate',
		baseline: 21,
		target: 27,
		reviewDate: '2027-01-15',
		scope: { channel: 'vk_ads' },
	},
	howToUse:
		'Ask when they need it delivered\nName the date we can do\nThen the price, with delivery included',
	objections: [
		{
			objection: 'It is too expensive',
			answer: 'Delivery is in the price: compare the totals, not the list prices.',
		},
	],
	links: [{ title: 'The script (Google Doc)', url: 'https://docs.example.com/inbound-script' }],
	audience: 'Inbound sales team',
	ackRequired: true,
	deadline: '2026-12-04',
	language: 'en',
};
const recipient = {
	id: 'anna',
	name: 'Anna',
	telegramChatId: '123456789',
	slackUser: null,
	email: 'anna@acme.example',
};

const { brief } = validateBriefInput(input, { now: NOW, timezone: TIMEZONE });
const document = composeBriefDocument(brief, {
	changes: [],
	feedbackFormUrl: FEEDBACK_URL,
	recipient: { id: recipient.id, name: recipient.name },
	customTemplate: null,
	timezone: TIMEZONE,
});
const messages = buildBriefMessages(brief, document, recipient, {
	feedbackUrl: FEEDBACK_URL,
	secret: PICTURE_KEY,
	telegramButtons: 'url',
});
for (const part of messages.telegram.parts) {
	const { problems } = checkTelegramHtml(part);
	if (problems.length > 0) throw new Error(`Telegram HTML check failed: ${problems.join('; ')}`);
}

async function main() {
	await withPictures(async (shoot) => {
		const images = path.join(ROOT, 'docs', 'images');
		const page = telegramPage(messages.telegram.parts, messages.telegram.replyMarkup.inline_keyboard);
		await shoot(page, '#chat', path.join(images, 'brief-telegram.png'), 600);
		await shoot(messages.email.html, 'body', path.join(images, 'brief-email.png'), 820);
	});
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
