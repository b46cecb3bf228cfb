#!/usr/bin/env node
'use strict';
/**
 * `npm run build && node scripts/reportImages.js` — renders the README's report pictures from the Demo CRM with the
 * built package: the lead-quality chart (the SVG the node puts in its `chart` binary) and the verdict report as the
 * e-mail the node produces, each screenshotted in Debian's headless Chromium (apt-get install -y chromium).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist', 'nodes', 'shared');
const { generateDemoDataset } = require(path.join(DIST, 'crm', 'demo', 'dataset.js'));
const { buildReport, renderReport } = require(path.join(DIST, 'report', 'index.js'));

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const NOW = new Date('2026-11-27T10:00:00Z');
const CHANNEL_NAMES = [
	{ key: 'yandex_direct', name: 'Yandex Direct' },
	{ key: 'vk_ads', name: 'VK Ads' },
	{ key: 'google_ads', name: 'Google Ads' },
	{ key: 'seo', name: 'SEO' },
	{ key: 'referral', name: 'Referral' },
	{ key: 'telegram', name: 'Telegram' },
];

function screenshot(html, out, [width, height]) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smb-img-'));
	const file = path.join(dir, 'page.html');
	fs.writeFileSync(file, html);
	execFileSync(
		CHROMIUM,
		[
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--hide-scrollbars',
			`--user-data-dir=${path.join(dir, 'profile')}`,
			`--window-size=${width},${height}`,
			`--screenshot=${out}`,
			`file://${file}`,
		],
		{ stdio: 'ignore' },
	);
	fs.rmSync(dir, { recursive: true, force: true });
	console.log(`wrote ${path.relative(ROOT, out)}`);
}

const deals = generateDemoDataset({ now: NOW, language: 'en' }).deals;
const common = {
	now: NOW,
	language: 'en',
	period: { preset: 'last90Days' },
	channelNames: CHANNEL_NAMES,
};

const quality = buildReport(deals, {
	...common,
	report: 'leadQuality',
	spend: [
		{ channel: 'yandex_direct', amount: 30000, currency: null },
		{ channel: 'vk_ads', amount: 25000, currency: null },
		{ channel: 'google_ads', amount: 20000, currency: null },
	],
});
screenshot(
	`<!doctype html><html><body style="margin:0;background:#fff">${quality.chart.svg}</body></html>`,
	path.join(ROOT, 'docs', 'images', 'lead-quality-chart.png'),
	[820, 280],
);

const verdict = renderReport(buildReport(deals, { ...common, report: 'verdict' }));
screenshot(verdict.email.html, path.join(ROOT, 'docs', 'images', 'verdict-email.png'), [900, 910]);
