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
const puppeteer = require('puppeteer-core');

const ROOT = path.join(__dirname, '..');
const BRIEF = path.join(ROOT, 'dist', 'nodes', 'shared', 'brief');
const { validateBriefInput } = require(path.join(BRIEF, 'input.js'));
const { composeBriefDocument } = require(path.join(BRIEF, 'compose.js'));
const { buildBriefMessages } = require(path.join(BRIEF, 'messages.js'));
const { checkTelegramHtml } = require(path.join(ROOT, 'test', 'support', 'telegramHtml.js'));

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
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

const escapeHtml = (text) =>
	text.replace(
		/[&<>"]/g,
		(char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char],
	);

function telegramPage() {
	const bubbles = messages.telegram.parts
		.map((part, index) => `<div class="bubble">${part}<span class="time">10:0${index}</span></div>`)
		.join('');
	const row = messages.telegram.replyMarkup.inline_keyboard[0]
		.map(
			(button) =>
				`<div class="button">${escapeHtml(button.text)}<span class="arrow">↗</span></div>`,
		)
		.join('');
	return `<!doctype html><html><head><meta charset="utf-8"><style>
body { margin: 0; background: #c8d9b5; background-image: radial-gradient(circle at 20% 30%, #d6e4c3 0, transparent 40%), radial-gradient(circle at 80% 70%, #b9cfa3 0, transparent 45%); font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
#chat { width: 560px; padding: 24px 20px 28px; }
.header { display: flex; align-items: center; gap: 10px; margin: -24px -20px 20px; padding: 12px 20px; background: #ffffff; border-bottom: 1px solid #dfe1e5; }
.avatar { width: 38px; height: 38px; border-radius: 50%; background: #00897b; color: #fff; font-weight: 600; display: flex; align-items: center; justify-content: center; }
.name { font-weight: 600; font-size: 15px; color: #111; } .status { font-size: 13px; color: #8a8f98; }
.bubble { position: relative; max-width: 470px; background: #ffffff; border-radius: 12px 12px 12px 4px; padding: 8px 12px 20px; margin-bottom: 6px; white-space: pre-wrap; word-wrap: break-word; font-size: 15px; line-height: 1.38; color: #000; box-shadow: 0 1px 1px rgba(0,0,0,.12); }
.bubble a { color: #168acd; text-decoration: none; }
.bubble code { font-family: Menlo, Consolas, monospace; font-size: 14px; color: #c7254e; }
.time { position: absolute; right: 10px; bottom: 4px; font-size: 12px; color: #8a8f98; }
.keyboard { display: flex; gap: 4px; max-width: 494px; }
.button { position: relative; flex: 1; text-align: center; padding: 10px 8px; border-radius: 8px; background: rgba(74, 98, 66, .42); color: #fff; font-size: 14px; font-weight: 500; }
.arrow { position: absolute; top: 3px; right: 6px; font-size: 10px; opacity: .85; }
</style></head><body><div id="chat"><div class="header"><div class="avatar">SB</div><div><div class="name">Sales Bridge Bot</div><div class="status">bot</div></div></div>${bubbles}<div class="keyboard">${row}</div></div></body></html>`;
}

async function shoot(browser, html, selector, out, width) {
	const page = await browser.newPage();
	await page.setViewport({ width, height: 800, deviceScaleFactor: 1 });
	await page.setContent(html, { waitUntil: 'load' });
	const element = await page.$(selector);
	await element.screenshot({ path: out });
	await page.close();
	console.log(`wrote ${path.relative(ROOT, out)}`);
}

async function main() {
	const browser = await puppeteer.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--no-first-run',
		],
	});
	try {
		const images = path.join(ROOT, 'docs', 'images');
		await shoot(browser, telegramPage(), '#chat', path.join(images, 'brief-telegram.png'), 600);
		await shoot(browser, messages.email.html, 'body', path.join(images, 'brief-email.png'), 820);
	} finally {
		await browser.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
