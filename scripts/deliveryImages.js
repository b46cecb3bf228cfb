#!/usr/bin/env node
'use strict';
/**
 * `npm run test:e2e` (or just test/e2e/workflows-rollout.test.js), then `node scripts/deliveryImages.js`:
 * the README pictures of what the example workflows really delivered in the e2e run — the weekly digest as the
 * fake Telegram Bot API received it, and a brief e-mail as the SMTP sink received it (decoded from the raw message,
 * with its From / To / Subject). Reads .n8n-e2e/deliveries/ (written by the e2e test), writes
 * docs/images/delivered-digest-telegram.png and docs/images/delivered-brief-email.png.
 */

const fs = require('node:fs');
const path = require('node:path');

const { escapeHtml, telegramPage, withPictures } = require('./lib/chatPicture');
const { checkTelegramHtml } = require('../test/support/telegramHtml');
const { parseMessage } = require('../test/e2e/support/smtpSink');

const ROOT = path.join(__dirname, '..');
const DELIVERIES = path.join(ROOT, '.n8n-e2e', 'deliveries');
const IMAGES = path.join(ROOT, 'docs', 'images');

function read(name) {
	const file = path.join(DELIVERIES, name);
	if (!fs.existsSync(file)) {
		throw new Error(`${path.relative(ROOT, file)} is missing: run the e2e suite (test/e2e/workflows-rollout.test.js) first`);
	}
	return fs.readFileSync(file, 'utf8');
}

/** The received e-mail as a mail client shows it: the envelope headers above the HTML body. */
function mailPage(raw) {
	const mail = parseMessage(raw);
	const header = ['From', 'To', 'Subject']
		.map((name) => `<div><span class="label">${name}:</span> ${escapeHtml(mail.headers[name.toLowerCase()] || '')}</div>`)
		.join('');
	return `<!doctype html><html><head><meta charset="utf-8"><style>
body { margin: 0; background: #f1f3f4; font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
#mail { width: 780px; margin: 0; background: #fff; }
.headers { padding: 14px 20px; border-bottom: 1px solid #dadce0; font-size: 14px; line-height: 1.6; color: #202124; background: #f8f9fa; }
.label { color: #5f6368; display: inline-block; width: 64px; }
</style></head><body><div id="mail"><div class="headers">${header}</div><iframe id="body" style="border:0;width:780px;height:10px"></iframe></div>
<script>const f=document.getElementById('body');f.srcdoc=${JSON.stringify(mail.html)};f.onload=()=>{f.style.height=f.contentDocument.documentElement.scrollHeight+'px';document.title='ready';};</script></body></html>`;
}

async function main() {
	const digest = JSON.parse(read('digest-telegram.json'));
	const { problems } = checkTelegramHtml(digest.text);
	if (problems.length > 0) throw new Error(`the saved digest is not valid Telegram HTML: ${problems.join('; ')}`);
	const raw = read('brief-email.eml');
	await withPictures(async (shoot) => {
		await shoot(telegramPage([digest.text]), '#chat', path.join(IMAGES, 'delivered-digest-telegram.png'), 600);
		await shoot(mailPage(raw), '#mail', path.join(IMAGES, 'delivered-brief-email.png'), 780);
	});
}

main().catch((error) => {
	console.error(error.message);
	process.exitCode = 1;
});
