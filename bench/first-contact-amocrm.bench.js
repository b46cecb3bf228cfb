/**
 * What First Contact costs on amoCRM / Kommo (not a test: nothing here passes or fails).
 *
 *   npm run build && node bench/first-contact-amocrm.bench.js [--count 10000] [--mode humanTouch|stageChange]
 *
 * The fake amoCRM (test/support/fakes/amocrm.js) on loopback at the published limit, 7 requests per second, which it
 * enforces with 429s; the real adapter pulls every lead and fills First Contact through the real CrmHttpClient at the
 * adapter's own rate policy. Reported: requests answered (the fake's count less refusals), event requests sent,
 * wall time, and the floor = requests ÷ 7 per second — the least time the limit allows. Target: within 1.2× of it.
 * Also checks every deal's firstContactAt against the fake's planted truth, so a fast wrong answer cannot look good.
 */
'use strict';

const { built, CrmHttpClient, dealQuery, options, pullDeals } = require('./lib/pull');

const os = require('node:os');
const path = require('node:path');

const { sleep } = require('n8n-workflow');
const { startAmoCrmFake } = require('../test/support/fakes/amocrm.js');
const { axiosSend } = require('../test/support/httpSend.js');
const { amoCrmAdapter } = built('crm', 'amocrm', 'adapter.js');

const COUNT = options.count;
const MODE = options.mode;
const PER_SECOND = amoCrmAdapter.ratePolicy.perSecond;
const TOKEN = 'bench-token';
const NOW = new Date('2026-11-27T10:00:00Z');

async function main() {
	const fake = await startAmoCrmFake({
		count: COUNT,
		token: TOKEN,
		seed: 17,
		now: NOW,
		ratePerSecond: 7,
	});
	try {
		const http = new CrmHttpClient(axiosSend(fake.url, { Authorization: `Bearer ${TOKEN}` }), {
			policy: amoCrmAdapter.ratePolicy,
			sleep,
		});
		const session = { http, baseUrl: fake.url, uiUrl: fake.url, language: 'en', now: NOW };
		fake.resetStats();
		const started = process.hrtime.bigint();
		const deals = await pullDeals(amoCrmAdapter, session, dealQuery({ firstContact: MODE }));
		const wallS = Number(process.hrtime.bigint() - started) / 1e9;
		const truth = fake.data.firstContactTruth[MODE];
		const wrong = deals.filter((deal) => deal.firstContactAt !== truth[deal.id]).length;
		// Needed = answered; refused ones (the limiter's 429s) are sent again and cost time, not answers.
		const refused = fake.stats.rejected;
		const requests = fake.stats.requests - refused;
		const events = fake.stats.byRoute['/api/v4/events'] ?? 0;
		const floorS = requests / PER_SECOND;
		console.log(
			`first-contact amocrm mode=${MODE} deals=${deals.length} requests=${requests} (events sent ${events}, ` +
				`expected ${Math.ceil(deals.length / 10)}) refused=${refused} ` +
				`wrong=${wrong} wall=${wallS.toFixed(1)}s floor=${floorS.toFixed(1)}s (${PER_SECOND} req/s) ` +
				`ratio=${(wallS / floorS).toFixed(3)} target<=1.2 node=${process.version} cpu="${os.cpus()[0].model}"`,
		);
	} finally {
		await fake.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
