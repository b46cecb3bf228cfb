'use strict';
/**
 * The CRM for bench/report-pull.bench.js: Pipedrive's wire format (test/support/fakes/pipedrive.js, reference
 * crm-apis.md §2), fast enough that n8n is what gets measured. The look-ups (pipelines, stages, users, deal fields)
 * come from the regular Pipedrive fake; `GET /api/v2/deals` is answered from pages serialised once at start:
 * `count` deals cloned from 2,000 generated ones with ids 1…count, 500 per page (the v2 maximum, §2.2), the cursor
 * being the page number (opaque to the adapter). No rate limit, no auth check on the deal pages.
 */
const http = require('node:http');

const { generatePipedriveData, startPipedriveFake } = require('../../test/support/fakes/pipedrive');

const PAGE = 500;
const TOKEN = 'bench-token';

/** The whole body of one GET, as bytes. */
function get(address, agent) {
	return new Promise((resolve, reject) => {
		http
			.get(address, { agent }, (answer) => {
				const chunks = [];
				answer.on('data', (chunk) => chunks.push(chunk));
				answer.on('end', () => resolve(Buffer.concat(chunks)));
				answer.on('error', reject);
			})
			.on('error', reject);
	});
}

async function startReportPullFake({ count }) {
	const now = new Date();
	const lookups = await startPipedriveFake({ count: 10, leads: 0, token: TOKEN, burst: 1e9, now });
	const template = generatePipedriveData({
		count: 2000,
		leads: 0,
		seed: 13,
		now,
		spanDays: 365,
	}).deals.filter((deal) => !deal.is_archived);
	const pages = [];
	for (let offset = 0, page = 0; offset < count; offset += PAGE, page++) {
		const data = [];
		for (let id = offset + 1; id <= Math.min(count, offset + PAGE); id++) {
			data.push({ ...template[id % template.length], id, title: `Deal ${id}` });
		}
		const next = offset + PAGE < count ? `p${page + 1}` : null;
		pages.push(
			Buffer.from(JSON.stringify({ success: true, data, additional_data: { next_cursor: next } })),
		);
	}
	const lookupsUrl = new URL(lookups.url);
	const server = http.createServer((req, res) => {
		const url = new URL(req.url, 'http://x');
		if (url.pathname === '/api/v2/deals') {
			const cursor = url.searchParams.get('cursor');
			const body = pages[cursor ? Number(cursor.slice(1)) : 0];
			res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
			res.end(body);
			return;
		}
		const upstream = http.request(
			{
				host: lookupsUrl.hostname,
				port: lookupsUrl.port,
				path: req.url,
				method: req.method,
				headers: req.headers,
			},
			(answer) => {
				res.writeHead(answer.statusCode, answer.headers);
				answer.pipe(res);
			},
		);
		req.pipe(upstream);
	});
	server.keepAliveTimeout = 60_000;
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${server.address().port}`;
	return {
		url,
		token: TOKEN,
		pages: pages.length,
		bytes: pages.reduce((sum, page) => sum + page.length, 0),
		/** The pure page-serving time: every deal page fetched in order by a plain client, one at a time. */
		async servingTimeMs() {
			const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
			const start = process.hrtime.bigint();
			let cursor = '';
			for (;;) {
				const body = await get(
					`${url}/api/v2/deals?limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`,
					agent,
				);
				// Bytes only: the cursor is read from the page's tail, the deals are not parsed.
				const next = /"next_cursor":"?([^"}]*)"?\}\}$/.exec(
					body.subarray(-80).toString('utf8'),
				)?.[1];
				if (!next || next === 'null') break;
				cursor = next;
			}
			agent.destroy();
			return Number(process.hrtime.bigint() - start) / 1e6;
		},
		/**
		 * The same pages through n8n's HTTP helper (`request` = bench/lib/n8nHelper.js), with the options the CRM
		 * session sends (json, full response, no redirects, a timeout): what n8n itself costs per page, parsing
		 * included, before any code of ours runs.
		 */
		async helperTimeMs(request) {
			const start = process.hrtime.bigint();
			let cursor = '';
			for (;;) {
				const response = await request({
					method: 'GET',
					url: `${url}/api/v2/deals`,
					qs: cursor ? { limit: PAGE, cursor } : { limit: PAGE },
					json: true,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					disableFollowRedirect: true,
					timeout: 30000,
				});
				const next = response.body.additional_data.next_cursor;
				if (!next) break;
				cursor = next;
			}
			return Number(process.hrtime.bigint() - start) / 1e6;
		},
		/** A plain client that reads each page and JSON.parses it: the parsing alone, without n8n's helper. */
		async parsedTimeMs() {
			const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
			const start = process.hrtime.bigint();
			let cursor = '';
			for (;;) {
				const body = await get(
					`${url}/api/v2/deals?limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`,
					agent,
				);
				const next = JSON.parse(body.toString('utf8')).additional_data.next_cursor;
				if (!next) break;
				cursor = next;
			}
			agent.destroy();
			return Number(process.hrtime.bigint() - start) / 1e6;
		},
		async close() {
			await new Promise((resolve) => server.close(resolve));
			server.closeAllConnections?.();
			await lookups.close();
		},
	};
}

module.exports = { startReportPullFake };
