'use strict';
/**
 * Pictures of messages for the README: a page styled like a Telegram chat around Telegram HTML parts (with an
 * inline keyboard), and a screenshot of one element of a page in Debian's headless Chromium (puppeteer-core).
 * Used by scripts/briefImages.js (a brief as the node renders it) and scripts/deliveryImages.js (what the e2e
 * suite's fake Telegram and SMTP sink received).
 */

const path = require('node:path');
const puppeteer = require('puppeteer-core');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ROOT = path.join(__dirname, '..', '..');

const escapeHtml = (text) =>
	text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char]);

/**
 * @param {string[]} parts  Telegram HTML, one message each
 * @param {{ text: string, url?: string }[][]} [keyboard]  inline keyboard rows under the last message
 * @param {{ botName?: string }} [options]
 */
function telegramPage(parts, keyboard = [], { botName = 'Sales Bridge Bot' } = {}) {
	const bubbles = parts
		.map((part, index) => `<div class="bubble">${part}<span class="time">10:${String(index).padStart(2, '0')}</span></div>`)
		.join('');
	const rows = keyboard
		.map(
			(row) =>
				`<div class="keyboard">${row
					.map((button) => `<div class="button">${escapeHtml(button.text)}${button.url ? '<span class="arrow">↗</span>' : ''}</div>`)
					.join('')}</div>`,
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
.keyboard { display: flex; gap: 4px; max-width: 494px; margin-bottom: 4px; }
.button { position: relative; flex: 1; text-align: center; padding: 10px 8px; border-radius: 8px; background: rgba(74, 98, 66, .42); color: #fff; font-size: 14px; font-weight: 500; }
.arrow { position: absolute; top: 3px; right: 6px; font-size: 10px; opacity: .85; }
</style></head><body><div id="chat"><div class="header"><div class="avatar">SB</div><div><div class="name">${escapeHtml(botName)}</div><div class="status">bot</div></div></div>${bubbles}${rows}</div></body></html>`;
}

/** Opens Chromium, hands `shoot(html, selector, out, width)` to `work`, closes Chromium. */
async function withPictures(work) {
	const browser = await puppeteer.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
	});
	const shoot = async (html, selector, out, width) => {
		const page = await browser.newPage();
		await page.setViewport({ width, height: 800, deviceScaleFactor: 1 });
		await page.setContent(html, { waitUntil: 'load' });
		const element = await page.$(selector);
		await element.screenshot({ path: out });
		await page.close();
		console.log(`wrote ${path.relative(ROOT, out)}`);
	};
	try {
		await work(shoot);
	} finally {
		await browser.close();
	}
}

module.exports = { escapeHtml, telegramPage, withPictures };
