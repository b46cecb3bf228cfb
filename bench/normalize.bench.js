/**
 * What the answer checks cost (not a test: nothing here passes or fails).
 *
 *   npm run bench            (after the report bench) — or: npm run build && node bench/normalize.bench.js [--count 100000]
 *
 * 100,000 amoCRM leads in the documented wire format (the fake's generator, test/support/fakes/amocrm.js) are served
 * from memory, 250 per page, to the real amoCRM adapter through the real CrmHttpClient, so the figures are the
 * adapter's own work — page envelope checks (zod) and the strict record readers — without network time:
 *   checked    as shipped: every page envelope checked, every field read by the strict readers;
 *   unchecked  the same pull with the envelope schemas taken off the calls (what validation adds on top of paging);
 *   readers    the strict readers against the old lenient ones (textOrNull, numberOrNull, isoFromUnixSeconds) on
 *              the same field values, to show the per-record part on its own.
 * Variants alternate in one process, five rounds each, median shown: the machine is shared and noisy.
 */
'use strict';

const os = require('node:os');
const path = require('node:path');

const DIST = path.join(__dirname, '..', 'dist', 'nodes', 'shared');
const { generateAmoData } = require('../test/support/fakes/amocrm.js');
const { amoCrmAdapter } = require(path.join(DIST, 'crm', 'amocrm', 'adapter.js'));
const { CrmHttpClient } = require(path.join(DIST, 'transport', 'crmHttpClient.js'));
const { dealQuery } = require(path.join(DIST, 'crm', 'types.js'));
const model = require(path.join(DIST, 'model', 'deal.js'));

const countArg = process.argv.indexOf('--count');
const COUNT = countArg > 0 ? Number(process.argv[countArg + 1]) : 100_000;
const PAGE = 250;
const ROUNDS = 5;
const NOW = new Date('2026-11-27T10:00:00Z');

const data = generateAmoData({
	count: COUNT,
	seed: 11,
	now: NOW,
	baseUrl: 'http://amo.test',
	subdomain: 'bench',
});
const hal = (key, items, next) => ({
	_embedded: { [key]: items },
	...(next ? { _links: { next: { href: 'x' } } } : {}),
});

/** The amoCRM API from memory: the list endpoints the adapter reads, in their documented envelopes (§3.2). */
async function send(call) {
	const page = Number(call.qs?.page ?? 1);
	const body = (() => {
		if (call.url === '/api/v4/account') return data.account;
		if (call.url === '/api/v4/leads/pipelines')
			return page === 1 ? hal('pipelines', data.pipelines) : null;
		if (call.url === '/api/v4/users') return page === 1 ? hal('users', data.users) : null;
		if (call.url === '/api/v4/leads') {
			const items = data.leads.slice((page - 1) * PAGE, page * PAGE);
			return items.length ? hal('leads', items, page * PAGE < data.leads.length) : null;
		}
		throw new Error(`bench: no route for ${call.url}`);
	})();
	return body === null
		? { statusCode: 204, headers: {}, body: '' }
		: { statusCode: 200, headers: {}, body };
}

const policy = { perSecond: 1e9, burst: 1e9, maxRetries: 0, baseBackoffMs: 0, maxBackoffMs: 0 };

async function pull(checked) {
	const client = new CrmHttpClient(send, { policy, sleep: async () => {} });
	if (!checked) {
		const request = client.request.bind(client);
		client.request = (call) => request({ ...call, envelope: undefined });
	}
	const session = {
		http: client,
		baseUrl: 'http://amo.test',
		uiUrl: 'http://amo.test',
		language: 'en',
		now: NOW,
		badRecords: [],
	};
	const start = process.hrtime.bigint();
	const deals = await amoCrmAdapter.listDeals(session, dealQuery());
	const ms = Number(process.hrtime.bigint() - start) / 1e6;
	if (deals.length !== COUNT)
		throw new Error(`bench: expected ${COUNT} deals, got ${deals.length}`);
	return ms;
}

function readers(strict) {
	const start = process.hrtime.bigint();
	let sink = 0;
	for (const lead of data.leads) {
		const id = String(lead.id);
		const title = strict ? model.readText(lead.name, 'name', id) : model.textOrNull(lead.name);
		const amount = strict
			? model.readAmount(lead.price, 'price', id)
			: model.numberOrNull(lead.price);
		const created = strict
			? model.readUnixSeconds(lead.created_at, 'created_at', id)
			: model.isoFromUnixSeconds(lead.created_at);
		const updated = strict
			? model.readUnixSeconds(lead.updated_at, 'updated_at', id)
			: model.isoFromUnixSeconds(lead.updated_at);
		sink += (title?.length ?? 0) + (amount ?? 0) + (created?.length ?? 0) + (updated?.length ?? 0);
	}
	if (sink === 42) console.log('');
	return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

(async () => {
	const times = { checked: [], unchecked: [], strictReaders: [], lenientReaders: [] };
	await pull(true); // warm-up: JIT and look-ups
	for (let round = 0; round < ROUNDS; round++) {
		times.checked.push(await pull(true));
		times.unchecked.push(await pull(false));
		times.strictReaders.push(readers(true));
		times.lenientReaders.push(readers(false));
	}
	const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
	const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
	console.log(
		`\nNormalization of ${COUNT.toLocaleString('en-US')} amoCRM leads (${cpu}, ${os.cpus().length} cores, Node ${process.version}), median of ${ROUNDS}:`,
	);
	console.log(`| Pull (250 per page, from memory) | ms |`);
	console.log(`| --- | ---: |`);
	console.log(`| envelopes checked + strict readers (as shipped) | ${m.checked.toFixed(0)} |`);
	console.log(`| envelopes not checked | ${m.unchecked.toFixed(0)} |`);
	console.log(
		`| strict field readers alone (4 fields × ${COUNT.toLocaleString('en-US')}) | ${m.strictReaders.toFixed(0)} |`,
	);
	console.log(`| old lenient readers alone | ${m.lenientReaders.toFixed(0)} |`);
	console.log(
		`Envelope checks add ${(((m.checked - m.unchecked) / m.unchecked) * 100).toFixed(1)} % to the pull; strict readers cost ${(((m.strictReaders - m.lenientReaders) / m.lenientReaders) * 100).toFixed(1)} % more than the lenient ones (${(m.strictReaders - m.lenientReaders).toFixed(0)} ms in all, ${(((m.strictReaders - m.lenientReaders) / m.unchecked) * 100).toFixed(1)} % of the pull).`,
	);
})().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
