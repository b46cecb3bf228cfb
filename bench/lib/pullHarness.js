'use strict';
/**
 * The report pull without the rest of n8n, for profiling (`node --cpu-prof bench/lib/pullHarness.js`): the same
 * built code the Report node runs in "Pull From the CRM" (openCrmSession → CrmHttpClient → Pipedrive adapter →
 * streamDeals → DealColumns → buildReport), with n8n's own HTTP helper (`@n8n/backend-network`'s httpRequest, what
 * `httpRequestWithAuthentication` ends in once it has added the credential) as the transport. What it leaves out is
 * n8n's per-request credential work (decrypting the credential, resolving its expressions) and the executor.
 *
 *   node bench/lib/pullHarness.js --count 100000 [--phase helper|pull]
 *
 * `--phase helper` only fetches the pages through n8n's helper (JSON parsed by it), nothing of ours.
 */
const path = require('node:path');

const { arg, built } = require('./pull');
const { startReportPullFake } = require('./reportPullFake');
const { n8nHttpRequest } = require('./n8nHelper');

async function pullThroughPackage(fake, count) {
	const { openCrmSession } = built('crm', 'session.js');
	const { streamDeals } = built('crm', 'firstContact.js');
	const { pipedriveAdapter } = built('crm', 'pipedrive', 'adapter.js');
	const { dealQuery } = built('crm', 'types.js');
	const { buildReport } = built('report', 'index.js');
	const { DealColumns } = require(
		path.join(__dirname, '..', '..', 'dist', 'nodes', 'SalesMarketingReport', 'pull.js'),
	);
	const credentials = { apiToken: fake.token, companyDomain: '', baseUrl: fake.url };
	const context = {
		getCredentials: async () => ({ ...credentials }),
		helpers: {
			// What n8n's generic authentication does for this credential: the token as `x-api-token`.
			httpRequestWithAuthentication: async (_type, request) =>
				n8nHttpRequest({
					...request,
					headers: { ...(request.headers ?? {}), 'x-api-token': credentials.apiToken },
				}),
		},
	};
	const adapter = {
		...pipedriveAdapter,
		ratePolicy: { ...pipedriveAdapter.ratePolicy, perSecond: 10000, burst: 10000 },
	};
	const started = process.hrtime.bigint();
	const session = await openCrmSession(context, adapter, {});
	const deals = new DealColumns();
	await streamDeals(adapter, session, dealQuery({ kind: 'deal' }), (page) => {
		for (const deal of page) deals.push(deal);
	});
	const pulledMs = Number(process.hrtime.bigint() - started) / 1e6;
	const list = deals.list();
	const report = buildReport(list, { report: 'verdict', trackMembers: false });
	const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
	if (report.summary?.deals?.inputDeals !== undefined && report.summary.deals.inputDeals !== count)
		throw new Error(`the report saw ${report.summary.deals.inputDeals} deals, not ${count}`);
	return { pulledMs, reportMs: totalMs - pulledMs, totalMs, deals: list.length };
}

async function main() {
	const count = Number(arg('count', 100000));
	const phase = arg('phase', 'pull');
	const fake = await startReportPullFake({ count });
	try {
		await fake.servingTimeMs();
		const servingMs = await fake.servingTimeMs();
		const result =
			phase === 'helper'
				? { helperMs: await fake.helperTimeMs(n8nHttpRequest) }
				: await pullThroughPackage(fake, count);
		const rss = process.resourceUsage().maxRSS * 1024;
		console.log(
			JSON.stringify({
				count,
				phase,
				servingMs: Math.round(servingMs),
				...result,
				peakRssMB: Math.round(rss / 1048576),
			}),
		);
	} finally {
		await fake.close();
	}
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exitCode = 1;
	});
}

module.exports = { pullThroughPackage };
