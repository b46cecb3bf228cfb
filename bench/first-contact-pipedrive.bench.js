/**
 * First Contact on Pipedrive at the documented limits (not a test: nothing here passes or fails).
 *
 *   npm run build && node bench/first-contact-pipedrive.bench.js [--count 10000] [--mode humanTouch|stageChange]
 *
 * The fake Pipedrive (test/support/fakes/pipedrive.js) with 10,000 deals and their planted activities, at the
 * smallest plan's burst limit — 20 requests per 2-second window per API token (reference/crm-apis.md §2.4) — is pulled
 * by the real adapter through the real CrmHttpClient and pullDeals (what Deal → Get Many with First Contact runs),
 * at the adapter's own rate policy (10/s, 20 up front). The floor is what the limit allows for the requests the
 * documented route needs: the first 20 go out at once, every further 20 need another 2-second window.
 * Prints one line: requests (all / needed), wall time, floor, ratio, machine.
 */
'use strict';

const { built, CrmHttpClient, dealQuery, machine, options, pullDeals } = require('./lib/pull');

const os = require('node:os');
const path = require('node:path');

const { sleep } = require('n8n-workflow');
const { startPipedriveFake } = require('../test/support/fakes/pipedrive.js');
const { axiosSend } = require('../test/support/httpSend.js');
const { pipedriveAdapter } = built('crm', 'pipedrive', 'adapter.js');

const COUNT = options.count;
const MODE = options.mode;
const TOKEN = 'bench-token';
const NOW = new Date('2026-11-27T10:00:00Z');
const BURST = 20;
const WINDOW_MS = 2000;
const PAGE = 500;
const LOOKUPS = 4;

async function main() {
	const fake = await startPipedriveFake({
		count: COUNT,
		leads: 10,
		token: TOKEN,
		seed: 17,
		now: NOW,
		burst: BURST,
		windowMs: WINDOW_MS,
	});
	try {
		const http = new CrmHttpClient(axiosSend(fake.url, { 'x-api-token': TOKEN }), {
			policy: pipedriveAdapter.ratePolicy,
			sleep,
		});
		const endpoints = pipedriveAdapter.resolveEndpoints({
			apiToken: TOKEN,
			companyDomain: 'bench',
			baseUrl: fake.url,
		});
		const session = { http, ...endpoints, language: 'en', now: NOW };
		const started = Date.now();
		const deals = await pullDeals(pipedriveAdapter, session, {
			...dealQuery(),
			firstContact: MODE,
		});
		const wallMs = Date.now() - started;

		const listed = fake.data.deals.filter((d) => !d.is_archived);
		const oldest = Math.min(...listed.map((d) => Date.parse(d.add_time)));
		const A = fake.data.activities.filter(
			(a) => a.done && !a.is_deleted && Date.parse(a.update_time) >= oldest,
		).length;
		const pages = (n) => Math.max(1, Math.ceil(n / PAGE));
		const extra =
			MODE === 'stageChange'
				? listed.reduce((sum, d) => sum + pages(fake.data.changelogs[String(d.id)].length), 0)
				: pages(A);
		const needed = LOOKUPS + pages(listed.length) + extra;
		const floorMs = Math.max(0, Math.ceil(needed / BURST) - 1) * WINDOW_MS;
		const truth = fake.data.firstContactTruth[MODE];
		const wrong = deals.filter((d) => d.firstContactAt !== truth[d.id]).length;
		const withContact = deals.filter((d) => d.firstContactAt !== null).length;
		console.log(
			`pipedrive first contact (${MODE}): ${deals.length} deals (${withContact} contacted, ${wrong} wrong), ` +
				`${fake.stats.requests} requests (needed ${needed}: ${LOOKUPS} look-ups + ${pages(listed.length)} deal pages + ` +
				`${extra} ${MODE === 'stageChange' ? 'changelogs' : `activity pages for ${A} done activities`}), ` +
				`${fake.stats.rateLimited} answered 429, wall ${(wallMs / 1000).toFixed(1)} s vs floor ${(floorMs / 1000).toFixed(1)} s ` +
				`(${(wallMs / Math.max(floorMs, 1)).toFixed(2)}× at ${BURST}/${WINDOW_MS / 1000} s) — ` +
				`${os.cpus()[0].model}, ${os.cpus().length} cores, node ${process.version}`,
		);
	} finally {
		await fake.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
