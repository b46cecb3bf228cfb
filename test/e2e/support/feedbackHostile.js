'use strict';
/**
 * Hostile requests for the Sales Feedback Trigger's live webhook, generated from a seed (the same seed gives the same
 * 1,000+ requests), and a raw HTTP sender (node:http, so headers and bodies go out exactly as written — fetch would
 * fix up content types and lengths). None of these requests is a valid submission: each must be rejected by the node
 * (4xx), dropped quietly (honeypot, 200), answered with a page that records nothing (GET), or answered by n8n itself
 * before the node runs (body parsing, methods, sizes).
 */
const http = require('node:http');

function rng(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const FIELDS = [
	'firstWords',
	'purchasePurpose',
	'whatMatters',
	'objections',
	'comment',
	'dealId',
	'decision',
	'reasonCode',
	'quality',
	'rep',
	'briefId',
	'briefVersion',
	'lang',
	'utm_source',
	'deal_id',
	'rating',
];
const BAD_VALUES = [
	() => 42,
	() => true,
	() => [],
	() => ['a', 'b'],
	() => ({ $gt: '' }),
	() => 'a\u0000b',
	() => 'x'.repeat(5000),
	() => -1,
	() => 1e309,
	() => 'maybe',
	() => '<script>alert(1)</script>',
	() => '9'.repeat(300),
];

function deepJson(depth, kind) {
	return kind === 0
		? '['.repeat(depth) + ']'.repeat(depth)
		: '{"firstWords":'.repeat(depth) + '"x"' + '}'.repeat(depth);
}

const json = (body, extra = {}) => ({
	method: 'POST',
	headers: { 'content-type': 'application/json', ...extra },
	body,
});
const form = (body, extra = {}) => ({
	method: 'POST',
	headers: { 'content-type': 'application/x-www-form-urlencoded', ...extra },
	body,
});

/** @returns {Array<{kind: string, method: string, path?: string, headers: object, body?: string|Buffer}>} */
function hostileRequests(count, seed = 12) {
	const random = rng(seed);
	const pick = (list) => list[Math.floor(random() * list.length)];
	const generators = [
		// Malformed JSON: n8n's body parser answers before the node.
		[
			'malformed JSON',
			() =>
				json(
					pick([
						'{',
						'{"a":',
						'{"firstWords": "x",}',
						"{'a':1}",
						'nul',
						'[1,2',
						'{"a":"\\x"}',
						'\u00ff\u00fe{',
					]),
				),
		],
		[
			'JSON, wrong types',
			() => {
				const body = {};
				const n = 1 + Math.floor(random() * 4);
				for (let i = 0; i < n; i++) body[pick(FIELDS)] = pick(BAD_VALUES)();
				// At least one value is certainly wrong, so no combination of the others can be a valid submission.
				body[pick(['firstWords', 'whatMatters', 'objections', 'comment'])] = pick([
					42,
					[],
					{ a: 1 },
					'a\u0000b',
					'x'.repeat(5000),
				]);
				return json(JSON.stringify(body));
			},
		],
		[
			'JSON, not an object',
			() => json(pick(['[]', '[{"firstWords":"x"}]', '"text"', '42', 'null', 'true'])),
		],
		[
			'JSON, deeply nested',
			() => json(deepJson(1000 + Math.floor(random() * 5000), Math.floor(random() * 2))),
		],
		[
			'JSON, prototype keys',
			() =>
				json(
					pick([
						'{"__proto__":{"admin":true}}',
						'{"constructor":{"prototype":{"x":1}}}',
						'{"__proto__":{"firstWords":"x"},"quality":7}',
						'{"firstWords":{"__proto__":"x"}}',
					]),
				),
		],
		[
			'JSON, huge field',
			() => json(JSON.stringify({ firstWords: 'я'.repeat(5000 + Math.floor(random() * 50000)) })),
		],
		[
			'JSON, unexpected fields only',
			() => json(JSON.stringify({ hello: 'world', n: [1, { a: 2 }], website2: 'x' })),
		],
		[
			'JSON, verdict without deal',
			() => json(JSON.stringify({ decision: pick(['accept', 'reject']) })),
		],
		[
			'JSON, reject without reason',
			() => json(JSON.stringify({ decision: 'reject', dealId: 'D1' })),
		],
		[
			'urlencoded, repeated keys',
			() => form(`firstWords=a&firstWords=b&quality=${pick(['1', '9', 'x'])}&quality=2`),
		],
		[
			'urlencoded, broken encoding',
			() =>
				form(
					pick([
						'firstWords=%zz%&quality=0',
						'quality=%E0%A4%A&firstWords=%',
						'dealId=%00&decision=accept',
						'decision=%C3%28&firstWords=x',
					]),
				),
		],
		[
			'urlencoded, invalid UTF-8 bytes',
			() =>
				form(
					Buffer.concat([
						Buffer.from('decision=accept&dealId='),
						Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
					]),
				),
		],
		['urlencoded, empty', () => form('')],
		[
			'urlencoded, forged link',
			() => form(`b=B42&v=3&r=ivan&a=ack&s=${'A'.repeat(22 - 1)}${pick(['B', 'C', 'g'])}`),
		],
		[
			'urlencoded, half a link',
			() => form(pick(['s=abc', 'b=B42&v=3', 'a=ack&s=' + 'x'.repeat(100)])),
		],
		[
			'urlencoded, honeypot bot',
			() => form('firstWords=cheap+pills&website=http%3A%2F%2Fspam.example'),
		],
		[
			'wrong content type',
			() => ({
				method: 'POST',
				headers: {
					'content-type': pick([
						'text/plain',
						'application/xml',
						'application/octet-stream',
						'image/png',
						'text/html',
					]),
				},
				body: pick(['firstWords=x', '<a>1</a>', '{"firstWords":"x"}']),
			}),
		],
		['no content type', () => ({ method: 'POST', headers: {}, body: '{"firstWords":"x"}' })],
		[
			'JSON, unknown charset',
			() => json('{"firstWords":"x"}', { 'content-type': 'application/json; charset=klingon' }),
		],
		['JSON, bad gzip', () => json('not gzip at all', { 'content-encoding': 'gzip' })],
		[
			'multipart, broken',
			() => ({
				method: 'POST',
				headers: { 'content-type': 'multipart/form-data; boundary=XYZ' },
				body: pick([
					'--XYZ\r\nContent-Disposition: form-data; name="firstWords"\r\n\r\nx',
					'garbage',
					'--XYZ--\r\n',
				]),
			}),
		],
		[
			'GET, hostile query',
			() => ({
				method: 'GET',
				path: pick([
					'?dealId[]=1&dealId[]=2',
					'?lang[x]=ru',
					'?a[b][c][d][e][f][g]=1',
					'?__proto__[x]=1',
					'?rep=%3Cscript%3E',
					'?dealId=%zz',
					'?b=1&v=2&r=3&a=ack&s=x',
				]),
				headers: {},
			}),
		],
		[
			'other method',
			() => ({
				method: pick(['PUT', 'DELETE', 'PATCH']),
				headers: { 'content-type': 'application/json' },
				body: '{"firstWords":"x"}',
			}),
		],
	];
	const requests = [];
	for (let i = 0; i < count; i++) {
		const [kind, make] = generators[i % generators.length];
		requests.push({ kind, ...make() });
	}
	return requests;
}

/** Sends one request; resolves with { status, headers, body } or { status: 0, error } when the connection failed. */
function send(url, request, timeoutMs = 30000) {
	return new Promise((resolve) => {
		const target = new URL(url + (request.path || ''));
		const body =
			request.body === undefined
				? undefined
				: Buffer.isBuffer(request.body)
					? request.body
					: Buffer.from(request.body, 'utf8');
		const headers = { ...request.headers };
		if (body !== undefined) headers['content-length'] = String(body.length);
		const req = http.request(
			target,
			{ method: request.method, headers, timeout: timeoutMs },
			(res) => {
				const chunks = [];
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('end', () =>
					resolve({
						status: res.statusCode,
						headers: res.headers,
						body: Buffer.concat(chunks).toString('utf8'),
					}),
				);
				res.on('error', (error) => resolve({ status: 0, error: error.message }));
			},
		);
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', (error) => resolve({ status: 0, error: error.message }));
		req.end(body);
	});
}

/** Runs `worker` over `items` with at most `concurrency` at a time. */
async function mapLimit(items, concurrency, worker) {
	const results = new Array(items.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < items.length) {
				const index = next++;
				results[index] = await worker(items[index], index);
			}
		}),
	);
	return results;
}

/** Our node's answers carry these headers (nodes/shared/feedback/handler.ts); n8n's own answers do not. */
function fromNode(response) {
	return (
		response.headers &&
		response.headers['referrer-policy'] === 'no-referrer' &&
		/^sandbox /.test(response.headers['content-security-policy'] || '')
	);
}

module.exports = { hostileRequests, send, mapLimit, fromNode };
