'use strict';
/**
 * A hostile network between the package and a fake CRM, for the fault matrix (test/faults) and the real-n8n
 * suite. Plain JavaScript because it needs Node's `http`/`net` and timers, which the n8n lint forbids in `.ts`
 * (ARCHITECTURE.md, "Test code that needs Node itself is plain JavaScript").
 *
 * `startHostileProxy({ upstream, plan })` listens on 127.0.0.1:0 and forwards every request to `upstream` (method,
 * path, query, headers and body unchanged; only `Host` is rewritten) unless a rule of the plan applies. A rule:
 *
 *   {
 *     match?: (req) => boolean,   // req = { n, method, path, search, url, headers, body, json }; default: every request
 *     after?: number,             // skip this many matching requests first (after: 1 = "from the 2nd matching one")
 *     times?: number,             // apply at most this many times (default Infinity = the fault persists)
 *     fault: 'html200' | 'truncatedJson' | 'empty200' | 'redirect' | 'stall' | 'drip' | 'resetMidBody'
 *          | 'echoSecret' | 'mutateJson' | 'respond' | 'forward',
 *     status?: number,            // redirect (301/302/307/308, default 302), echoSecret (default 500), respond
 *     location?: string,          // redirect: the other origin; the request's path and query are appended
 *     contentType?: string,       // echoSecret: 'application/json' (default) or 'text/plain'
 *     mutate?: (json, ctx) => any // mutateJson: return the new body (or change `json` in place and return nothing).
 *                                 // ctx = { request, index, history, state, upstreamStatus, status }; set ctx.status
 *                                 // to change the status (a 204 that gets a body becomes 200 by default).
 *     body?: any, headers?: {},   // respond: the answer as given
 *     before?: (req) => void|Promise<void>, // runs when the rule applies, before the fault (e.g. edit the fake's data)
 *   }
 *
 * The first applicable rule wins. Every rule counts the requests it matches and keeps `history`: the upstream JSON
 * bodies of those it forwarded. `proxy.requests` records every request (with the fault applied, or null).
 */

const http = require('http');
const net = require('net');

const MAINTENANCE_PAGE =
	'<!DOCTYPE html><html><head><title>Scheduled maintenance</title></head><body>' +
	'<h1>We are down for maintenance</h1><p>The service will be back shortly.</p></body></html>';

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function parseJson(buffer) {
	if (!buffer || buffer.length === 0) return undefined;
	try {
		return JSON.parse(buffer.toString('utf8'));
	} catch {
		return undefined;
	}
}

function listen(handler) {
	const server = http.createServer(handler);
	const sockets = new Set();
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			server.removeListener('error', reject);
			const { port } = /** @type {import('net').AddressInfo} */ (server.address());
			resolve({ server, sockets, port, url: `http://127.0.0.1:${port}` });
		});
	});
}

function closeServer(server, sockets) {
	for (const socket of sockets) socket.destroy();
	return new Promise((done) => server.close(() => done()));
}

/** Sends a request to the fake exactly as it came in and buffers the answer. */
function forward(upstream, incoming, body) {
	const target = new URL(upstream);
	const headers = { ...incoming.headers, host: target.host };
	return new Promise((resolve, reject) => {
		const out = http.request(
			{
				hostname: target.hostname,
				port: target.port,
				method: incoming.method,
				path: incoming.url,
				headers,
			},
			(res) => {
				readBody(res).then(
					(buffer) => resolve({ status: res.statusCode, headers: res.headers, body: buffer }),
					reject,
				);
			},
		);
		out.on('error', reject);
		out.end(body);
	});
}

function copyHeaders(headers, length) {
	const out = {};
	for (const [key, value] of Object.entries(headers)) {
		if (['transfer-encoding', 'content-length', 'connection', 'keep-alive'].includes(key)) continue;
		out[key] = value;
	}
	out['content-length'] = String(length);
	return out;
}

/**
 * @param {{ upstream: string, plan?: any[] }} options
 */
async function startHostileProxy({ upstream, plan = [] }) {
	/** @type {any[]} */
	let rules = [];
	const requests = [];
	const timers = new Set();
	let count = 0;

	function setPlan(next) {
		rules = (next || []).map((rule) => ({
			after: 0,
			times: Infinity,
			...rule,
			matched: 0,
			applied: 0,
			history: [],
			state: {},
		}));
	}
	setPlan(plan);

	async function handle(req, res) {
		const body = await readBody(req);
		const url = new URL(req.url, 'http://proxy.invalid');
		const request = {
			n: ++count,
			method: req.method,
			path: url.pathname,
			search: url.search,
			url: req.url,
			headers: { ...req.headers },
			body: body.toString('utf8'),
			json: parseJson(body),
			fault: null,
		};
		requests.push(request);

		let rule = null;
		const matching = [];
		for (const candidate of rules) {
			if (candidate.match && !candidate.match(request)) continue;
			const index = candidate.matched++;
			matching.push(candidate);
			if (rule) continue;
			if (index >= candidate.after && candidate.applied < candidate.times) {
				candidate.applied++;
				rule = candidate;
				rule.lastIndex = index;
			}
		}
		const remember = (answer) => {
			const json = parseJson(answer.body);
			for (const candidate of matching) candidate.history.push(json);
		};
		const passThrough = async () => {
			const answer = await forward(upstream, req, body);
			remember(answer);
			res.writeHead(answer.status, copyHeaders(answer.headers, answer.body.length));
			res.end(answer.body);
		};

		if (!rule) return passThrough();
		request.fault = rule.fault;
		if (rule.before) await rule.before(request);

		switch (rule.fault) {
			case 'forward':
				return passThrough();
			case 'html200': {
				// A load balancer or the CRM's own maintenance page: 200, HTML, no API answer at all.
				res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
				res.end(MAINTENANCE_PAGE);
				return;
			}
			case 'empty200': {
				res.writeHead(200, { 'content-type': 'application/json', 'content-length': '0' });
				res.end();
				return;
			}
			case 'truncatedJson': {
				const answer = await forward(upstream, req, body);
				remember(answer);
				const half = answer.body.subarray(0, Math.floor(answer.body.length / 2));
				request.sentBody = half.toString('utf8');
				res.writeHead(200, {
					'content-type': 'application/json',
					'content-length': String(half.length),
				});
				res.end(half);
				return;
			}
			case 'redirect': {
				const location = String(rule.location).replace(/\/+$/, '') + req.url;
				res.writeHead(rule.status || 302, { location, 'content-length': '0' });
				res.end();
				return;
			}
			case 'stall':
				// Accept, read the request, never answer. The socket is destroyed by reset()/close().
				return;
			case 'drip': {
				// Headers promise JSON, then one byte every 500 ms, forever: an idle timeout never fires.
				res.writeHead(200, { 'content-type': 'application/json' });
				res.write('[');
				const timer = setInterval(() => {
					if (res.destroyed || res.writableEnded) {
						clearInterval(timer);
						timers.delete(timer);
						return;
					}
					res.write(' ');
				}, 500);
				timers.add(timer);
				res.on('close', () => {
					clearInterval(timer);
					timers.delete(timer);
				});
				return;
			}
			case 'resetMidBody': {
				const answer = await forward(upstream, req, body);
				remember(answer);
				res.writeHead(answer.status, copyHeaders(answer.headers, answer.body.length));
				res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)), () => {
					res.socket && res.socket.destroy();
				});
				return;
			}
			case 'echoSecret': {
				// A CRM (or a proxy in front of it) that repeats what it was sent: the Authorization header, Pipedrive's
				// x-api-token, and the path, which for Bitrix24 holds the webhook code.
				const authorization = req.headers.authorization || '';
				const apiToken = req.headers['x-api-token'] || '';
				const status = rule.status || 500;
				const text = `Request rejected. authorization=${authorization} x-api-token=${apiToken} path=${req.url}`;
				if (rule.contentType === 'text/plain') {
					res.writeHead(status, { 'content-type': 'text/plain' });
					res.end(text);
					return;
				}
				const payload = {
					status: 'error',
					message: text,
					error: 'INVALID_REQUEST',
					error_description: text,
					title: `Bad token ${authorization}`,
					detail: `path ${req.url} token ${apiToken}`,
					errors: [{ message: text }],
				};
				const buffer = Buffer.from(JSON.stringify(payload));
				res.writeHead(status, {
					'content-type': 'application/json',
					'content-length': String(buffer.length),
				});
				res.end(buffer);
				return;
			}
			case 'mutateJson': {
				const answer = await forward(upstream, req, body);
				const json = parseJson(answer.body);
				const ctx = {
					request,
					index: rule.lastIndex,
					history: rule.history.slice(),
					state: rule.state,
					upstreamStatus: answer.status,
					status: answer.status === 204 ? 200 : answer.status,
				};
				remember(answer);
				const returned = await rule.mutate(json, ctx);
				const result = returned === undefined ? json : returned;
				if (result === undefined) {
					res.writeHead(answer.status, copyHeaders(answer.headers, answer.body.length));
					res.end(answer.body);
					return;
				}
				const buffer = Buffer.from(JSON.stringify(result));
				const headers = copyHeaders(answer.headers, buffer.length);
				if (!headers['content-type']) headers['content-type'] = 'application/json';
				res.writeHead(ctx.status, headers);
				res.end(buffer);
				return;
			}
			case 'respond': {
				const isText = typeof rule.body === 'string';
				const buffer = Buffer.from(isText ? rule.body : JSON.stringify(rule.body ?? {}));
				res.writeHead(rule.status || 200, {
					'content-type': isText ? 'text/plain' : 'application/json',
					...(rule.headers || {}),
					'content-length': String(buffer.length),
				});
				res.end(buffer);
				return;
			}
			default:
				throw new Error(`Unknown fault ${rule.fault}`);
		}
	}

	const { server, sockets, port, url } = await listen((req, res) => {
		handle(req, res).catch((error) => {
			if (!res.headersSent) {
				res.writeHead(599, { 'content-type': 'text/plain' });
				res.end(`hostile proxy: ${error && error.message}`);
			} else res.destroy();
		});
	});

	/** Drops stalled and dripping connections, so a request left hanging by a failed case ends now. */
	function dropConnections() {
		for (const timer of timers) clearInterval(timer);
		timers.clear();
		for (const socket of sockets) socket.destroy();
	}

	return {
		url,
		port,
		host: `127.0.0.1:${port}`,
		requests,
		/** Requests matching a predicate, e.g. the deal-list requests. */
		seen: (predicate) => requests.filter(predicate),
		/** The plan's rules with their counters (matched, applied, history). */
		rules: () => rules,
		setPlan,
		/** New plan (default none), forgets recorded requests, drops hanging connections. */
		reset(next = []) {
			dropConnections();
			requests.length = 0;
			setPlan(next);
		},
		dropConnections,
		close: () => {
			dropConnections();
			return closeServer(server, sockets);
		},
	};
}

/**
 * The other origin a redirect points at. Records every connection and every request with all its headers, and
 * answers 200 {}: had a client followed a redirect here, it would look like success.
 */
async function startAttacker() {
	const requests = [];
	let connections = 0;
	const { server, sockets, port, url } = await listen(async (req, res) => {
		const body = await readBody(req);
		requests.push({
			method: req.method,
			url: req.url,
			headers: { ...req.headers },
			body: body.toString('utf8'),
		});
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end('{}');
	});
	// A TLS ClientHello to this plain-HTTP server is no request, but it is a connection: the client tried to go here.
	server.on('connection', () => connections++);
	return {
		url,
		port,
		host: `127.0.0.1:${port}`,
		requests,
		get connections() {
			return connections;
		},
		reset() {
			requests.length = 0;
			connections = 0;
		},
		close: () => closeServer(server, sockets),
	};
}

/** A loopback port nothing listens on (bound, then closed): connecting to it is refused at once. */
function closedPort() {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {import('net').AddressInfo} */ (probe.address());
			probe.close(() => resolve(port));
		});
	});
}

/**
 * Waits for a promise at most `ms`, so a case that hangs on today's code fails with an assertion instead of a jest
 * timeout. Resolves { settled, value, error, elapsedMs }; `settled` false means it was still pending.
 */
function settleWithin(promise, ms) {
	const started = Date.now();
	return new Promise((resolve) => {
		const timer = setTimeout(
			() =>
				resolve({
					settled: false,
					value: undefined,
					error: undefined,
					elapsedMs: Date.now() - started,
				}),
			ms,
		);
		Promise.resolve(promise).then(
			(value) => {
				clearTimeout(timer);
				resolve({ settled: true, value, error: undefined, elapsedMs: Date.now() - started });
			},
			(error) => {
				clearTimeout(timer);
				resolve({ settled: true, value: undefined, error, elapsedMs: Date.now() - started });
			},
		);
	});
}

module.exports = { startHostileProxy, startAttacker, closedPort, settleWithin, MAINTENANCE_PAGE };
