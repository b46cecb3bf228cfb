'use strict';
/**
 * Screenshots of the Sales Feedback Trigger's hosted form for the README, taken from a LIVE n8n webhook (so they show
 * the page as served, under n8n's sandbox CSP) in headless Chromium at a phone's width:
 *   node test/e2e/support/feedbackScreenshots.js http://127.0.0.1:5678/webhook/<path>
 * writes docs/images/feedback-form-en.png and feedback-form-ru.png.
 */
const path = require('node:path');

const puppeteer = require('puppeteer-core');

async function main(url) {
	const browser = await puppeteer.launch({
		executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu'],
	});
	try {
		for (const lang of ['en', 'ru']) {
			const page = await browser.newPage();
			await page.setViewport({ width: 420, height: 900, deviceScaleFactor: 1 });
			await page.setJavaScriptEnabled(false);
			await page.goto(
				`${url}?lang=${lang}&dealId=10452&rep=anna&utm_source=yandex&utm_campaign=winter`,
				{ waitUntil: 'load' },
			);
			await page.type(
				'#firstWords',
				lang === 'ru' ? 'Сколько стоит доставка в субботу?' : 'How much is delivery on Saturday?',
			);
			await page.click('input[name="decision"][value="reject"]');
			await page.select('#reasonCode', 'no_budget');
			await page.select('#quality', '2');
			const file = path.join(
				__dirname,
				'..',
				'..',
				'..',
				'docs',
				'images',
				`feedback-form-${lang}.png`,
			);
			await page.screenshot({ path: file, fullPage: true });
			console.log(`wrote ${path.relative(process.cwd(), file)}`);
		}
	} finally {
		await browser.close();
	}
}

main(process.argv[2]).catch((error) => {
	console.error(error);
	process.exit(1);
});
