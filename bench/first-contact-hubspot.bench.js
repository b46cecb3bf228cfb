/**
 * First Contact on HubSpot: requests and wall time against the floor (not a test: nothing here passes or fails).
 *
 *   npm run build && node bench/first-contact-hubspot.bench.js [--count 10000] [--mode humanTouch|stageChange|both]
 *
 * The real adapter (dist/) pulls every deal and fills First Contact through the real CrmHttpClient with the adapter's
 * production rate policy, over HTTP, from the HubSpot fake run at the documented limits: search 5 per second
 * (crm-apis.md §1.2) and every other endpoint 100 per rolling 10 s (private app on Free/Starter, §1.4).
 *
 *   floor = search requests ÷ 5/s + other requests ÷ 10/s
 *
 * (the two limits are separate, but the deal list must be read before its first contacts, so they add up). The
 * adapter paces every request at the search rate — one policy per CRM — so the batch reads go at 5/s where 10/s
 * (Free/Starter) or 19/s (Pro/Enterprise, 190 per 10 s) would be allowed: the ratio shows what that costs.
 */
'use strict';

const { arg, built, CrmHttpClient, dealQuery, options, pullDeals } = require('./lib/pull');

const os = require('node:os');
const path = require('node:path');

const { startHubSpotFake } = require('../test/support/fakes/hubspot.js');
const { axiosSend } = require('../test/support/httpSend.js');
const { hubSpotAdapter } = built('crm', 'hubspot', 'adapter.js');

const COUNT = options.count;
const MODES = arg('mode', 'both') === 'both' ? ['humanTouch', 'stageChange'] : [arg('mode')];
const TOKEN = 'pat-bench';
const SEARCH_PER_SECOND = 5;
const GENERAL_PER_SECOND = 100 / 10;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(mode) {
	const fake = await startHubSpotFake({
		count: COUNT,
		token: TOKEN,
		seed: 42,
		now: new Date(),
		searchPerSecond: SEARCH_PER_SECOND,
		perTenSeconds: 100,
	});
	try {
		const http = new CrmHttpClient(axiosSend(fake.url, { Authorization: `Bearer ${TOKEN}` }), {
			policy: hubSpotAdapter.ratePolicy,
			sleep,
		});
		const session = {
			http,
			...hubSpotAdapter.resolveEndpoints({ accessToken: TOKEN, baseUrl: fake.url }),
			language: 'en',
			now: new Date(),
		};
		// The fake's rolling windows start empty, as an account's do after a quiet minute.
		const started = Date.now();
		const deals = await pullDeals(hubSpotAdapter, session, dealQuery({ firstContact: mode }));
		const wallS = (Date.now() - started) / 1000;
		const truth = fake.data.firstContactTruth[mode];
		const wrong = deals.filter((d) => d.firstContactAt !== truth[d.id]).length;
		const searches = fake.stats.searches.length;
		const answered = fake.stats.requests - fake.stats.rejected;
		const other = answered - searches;
		const floorS = searches / SEARCH_PER_SECOND + other / GENERAL_PER_SECOND;
		const firstContactRequests = fake.stats.associationReads.length + fake.stats.batchReads.length;
		return {
			mode,
			deals: deals.length,
			wrong,
			answered,
			searches,
			other,
			firstContactRequests,
			rejected: fake.stats.rejected,
			wallS,
			floorS,
		};
	} finally {
		await fake.close();
	}
}

(async () => {
	const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
	for (const mode of MODES) {
		const r = await run(mode);
		console.log(
			`first-contact-hubspot ${r.mode}: ${r.deals} deals, ${r.wrong} wrong; ${r.answered} requests ` +
				`(${r.searches} search + ${r.other} other, of them ${r.firstContactRequests} for First Contact = ` +
				`${((r.firstContactRequests / r.deals) * 1000).toFixed(1)} per 1,000 deals), ${r.rejected} refused; ` +
				`wall ${r.wallS.toFixed(1)} s vs floor ${r.floorS.toFixed(1)} s = ${(r.wallS / r.floorS).toFixed(2)}× ` +
				`(target ≤ 1.2×); ${cpu}, ${os.cpus().length} cores, node ${process.version}`,
		);
	}
})().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
