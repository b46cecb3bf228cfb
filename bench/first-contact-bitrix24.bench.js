/**
 * What First Contact costs on Bitrix24 at the published limit (not a test: nothing here passes or fails, but the
 * figures are checked against the fake's planted truth so a fast wrong answer does not look good).
 *
 *   npm run build && node bench/first-contact-bitrix24.bench.js [--count 10000] [--mode humanTouch|stageChange]
 *
 * 10,000 deals in the Bitrix24 fake (test/support/fakes/bitrix24.js), which enforces the documented leaky bucket —
 * 50 requests, drained by 2 per second, 503 QUERY_LIMIT_EXCEEDED beyond (limits.md, reference/crm-apis.md §4.4) —
 * pulled through the real adapter, the real CrmHttpClient at the adapter's own rate policy (2/s, burst 50) and
 * axios over loopback: the deal list, then First Contact (bitrix24/firstContact.ts: 50-command batches).
 * The floor is what the limit allows: every request beyond the first 50 waits for the bucket, 2 per second, so
 * floor = (requests − 50) ÷ 2 s for the whole run; the first-contact part alone starts with an empty bucket, so its
 * floor is its requests ÷ 2 s. Takes about three minutes for 10,000 deals.
 */
'use strict';

const { built, CrmHttpClient, dealQuery, options } = require('./lib/pull');

const os = require('node:os');
const path = require('node:path');

const { startBitrix24Fake } = require('../test/support/fakes/bitrix24.js');
const { axiosSend } = require('../test/support/httpSend.js');
const { bitrix24Adapter } = built('crm', 'bitrix24', 'adapter.js');

const COUNT = options.count;
const MODE = options.mode;
const NOW = new Date('2026-11-20T10:00:00Z');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
	const policy = bitrix24Adapter.ratePolicy;
	const fake = await startBitrix24Fake({
		count: COUNT,
		leadCount: 10,
		seed: 42,
		now: NOW,
		ratePerSecond: policy.perSecond,
		burst: policy.burst,
	});
	try {
		const http = new CrmHttpClient(axiosSend(fake.webhookUrl), { policy, sleep });
		const session = { http, baseUrl: fake.webhookUrl, uiUrl: fake.url, language: 'en', now: NOW };
		const t0 = Date.now();
		const deals = await bitrix24Adapter.listDeals(session, dealQuery());
		const t1 = Date.now();
		const listRequests = fake.stats.requests;
		const found = await bitrix24Adapter.readFirstContacts(session, deals, MODE);
		const t2 = Date.now();

		const truth = fake.data.firstContactTruth[MODE].deals;
		const wrong = deals.filter((d) => (found.get(d.id) ?? null) !== truth[d.id]).length;
		const requests = fake.stats.requests;
		const fcRequests = requests - listRequests;
		const floorAll = Math.max(0, requests - policy.burst) / policy.perSecond;
		const floorFc = fcRequests / policy.perSecond;
		const wallAll = (t2 - t0) / 1000;
		const wallFc = (t2 - t1) / 1000;
		const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
		console.log(
			[
				`Bitrix24 First Contact (${MODE}) for ${deals.length.toLocaleString('en-US')} deals at 2/s burst 50:`,
				`first contact ${fcRequests} requests (${fake.stats.batchCommands} batch commands, ${((fcRequests / deals.length) * 1000).toFixed(1)} per 1,000 deals) in ${wallFc.toFixed(1)} s vs floor ${floorFc.toFixed(1)} s (${(wallFc / floorFc).toFixed(2)}×);`,
				`whole run ${requests} requests (${listRequests} for the list) in ${wallAll.toFixed(1)} s vs floor ${floorAll.toFixed(1)} s (${(wallAll / floorAll).toFixed(2)}×);`,
				`refused by the limit ${fake.stats.rateLimited}, retries ${http.stats.retries};`,
				`${wrong} deals differ from the planted truth;`,
				`${cpu}, ${os.cpus().length} cores, Node ${process.version}`,
			].join(' '),
		);
	} finally {
		await fake.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
