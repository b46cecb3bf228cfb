/**
 * Benchmark of the Sales & Marketing Report computations (not a test: nothing here passes or fails).
 *
 *   npm run bench            builds dist/, then runs every report on 100,000 and 1,000,000 generated deals
 *   node bench/report.bench.js [--sizes 100000,1000000] [--reports leadQuality,verdict]
 *
 * Each (size, report) runs in its own Node process so that its peak memory is its own. The child generates the
 * deals with the Demo CRM generator (normalized `Deal` records, the same shape the node receives), then times
 * `buildReport` (the single aggregation pass plus the texts) and `renderReport` (Markdown, Telegram, Slack, e-mail):
 * the first, cold run, and the median of five runs. Memory: heap held by the generated deals, and the process's peak
 * resident set size (deals + report), from `process.resourceUsage().maxRSS`.
 */
'use strict';

const { spawnSync } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');

const DIST = path.join(__dirname, '..', 'dist', 'nodes', 'shared');
/** `leadQuality+node` adds what the node does around the report: checking every item and pairing rows with items. */
const REPORTS = [
	'leadQuality',
	'leadQuality+node',
	'lostReasons',
	'verdict',
	'speedToLead',
	'attributionHealth',
];
const SIZES = [100_000, 1_000_000];
const NOW = new Date('2026-11-27T10:00:00Z');
const MB = 1024 * 1024;
/** Runs per (size, report); the table shows the first (cold) run and the median. */
const RUNS = 5;

/** @param {string} name @param {string[]} fallback */
function listArgument(name, fallback) {
	const index = process.argv.indexOf(name);
	return index >= 0 && process.argv[index + 1] ? process.argv[index + 1].split(',') : fallback;
}

/** Runs in the child: one report on one dataset size; prints one JSON line. */
function child(size, variant) {
	const { generateDemoDataset } = require(path.join(DIST, 'crm', 'demo', 'dataset.js'));
	const { buildReport, renderReport } = require(path.join(DIST, 'report', 'index.js'));
	const { readInputItem } = require(path.join(DIST, 'report', 'input.js'));
	const report = variant.replace(/\+node$/, '');
	const nodePath = variant.endsWith('+node');
	const generationStart = process.hrtime.bigint();
	const deals = generateDemoDataset({ now: NOW, language: 'en', size }).deals;
	const generationMs = Number(process.hrtime.bigint() - generationStart) / 1e6;
	global.gc?.();
	const dealsHeapMb = process.memoryUsage().heapUsed / MB;
	const rssBeforeMb = process.memoryUsage().rss / MB;
	// Spend per channel makes the lead-quality run compute CPL, cost per won deal and ROMI as well.
	const spend =
		report === 'leadQuality'
			? ['yandex_direct', 'vk_ads', 'google_ads', 'telegram'].map((channel) => ({
					channel,
					amount: 100000,
					currency: null,
				}))
			: undefined;
	const timings = [];
	let rows = 0;
	for (let run = 0; run < RUNS; run++) {
		const start = process.hrtime.bigint();
		let input = deals;
		let itemOfDeal = null;
		if (nodePath) {
			input = [];
			itemOfDeal = new Int32Array(deals.length);
			for (let index = 0; index < deals.length; index++) {
				const reading = readInputItem(deals[index], false);
				if (reading.kind === 'deal') {
					itemOfDeal[input.length] = index;
					input.push(reading.deal);
				}
			}
		}
		const built = buildReport(input, {
			report,
			now: NOW,
			language: 'en',
			spend,
			trackMembers: nodePath,
		});
		renderReport(built);
		if (nodePath) {
			for (const row of built.rows) {
				const positions = built.members.positions(row.groupBy, row.groupKey);
				const paired = new Array(positions.length);
				for (let index = 0; index < positions.length; index++)
					paired[index] = { item: itemOfDeal[positions[index]] };
			}
		}
		timings.push(Number(process.hrtime.bigint() - start) / 1e6);
		rows = built.rows.length;
	}
	const peakRssMb = process.resourceUsage().maxRSS / 1024;
	process.stdout.write(
		`${JSON.stringify({
			size,
			report: variant,
			rows,
			generationMs,
			firstMs: timings[0],
			medianMs: [...timings].sort((a, b) => a - b)[Math.floor(timings.length / 2)],
			dealsHeapMb,
			rssBeforeMb,
			peakRssMb,
		})}\n`,
	);
}

function pad(value, width, right) {
	const text = String(value);
	return right ? text.padStart(width) : text.padEnd(width);
}

function main() {
	const sizes = listArgument('--sizes', SIZES.map(String)).map(Number);
	const reports = listArgument('--reports', REPORTS);
	const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
	process.stdout.write(
		`Machine: ${cpu.trim()}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / MB / 1024)} GB RAM, Node ${process.version}, ${os.platform()} ${os.arch()}\n\n`,
	);
	const header = [
		'Deals',
		'Report',
		'Rows',
		'First run ms',
		`Median of ${RUNS} ms`,
		'Deals heap MB',
		'Peak RSS MB',
	];
	const widths = [10, 18, 5, 12, 14, 13, 11];
	const line = (cells) =>
		`| ${cells.map((cell, index) => pad(cell, widths[index], index !== 1)).join(' | ')} |`;
	process.stdout.write(`${line(header)}\n`);
	process.stdout.write(
		`| ${widths.map((width, index) => (index === 1 ? '-'.repeat(width) : `${'-'.repeat(width - 1)}:`)).join(' | ')} |\n`,
	);
	const results = [];
	for (const size of sizes) {
		for (const report of reports) {
			const run = spawnSync(
				process.execPath,
				['--expose-gc', '--max-old-space-size=4096', __filename, '--child', String(size), report],
				{ encoding: 'utf8', maxBuffer: 16 * MB },
			);
			if (run.status !== 0) {
				process.stdout.write(`${size} ${report}: failed\n${run.stderr}\n`);
				continue;
			}
			const result = JSON.parse(run.stdout.trim().split('\n').pop());
			results.push(result);
			process.stdout.write(
				`${line([
					result.size.toLocaleString('en-US'),
					result.report,
					result.rows,
					result.firstMs.toFixed(0),
					result.medianMs.toFixed(0),
					result.dealsHeapMb.toFixed(0),
					result.peakRssMb.toFixed(0),
				])}\n`,
			);
		}
	}
	if (sizes.length >= 2) {
		const [small, large] = [Math.min(...sizes), Math.max(...sizes)];
		process.stdout.write(
			`\nTime growth from ${small.toLocaleString('en-US')} to ${large.toLocaleString('en-US')} deals (${large / small}× the deals), median run:\n`,
		);
		for (const report of reports) {
			const a = results.find((r) => r.size === small && r.report === report);
			const b = results.find((r) => r.size === large && r.report === report);
			if (a && b)
				process.stdout.write(`  ${pad(report, 18)} ${(b.medianMs / a.medianMs).toFixed(1)}×\n`);
		}
	}
}

if (process.argv[2] === '--child') child(Number(process.argv[3]), process.argv[4]);
else main();
