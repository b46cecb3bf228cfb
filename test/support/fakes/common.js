'use strict';
/**
 * Plumbing shared by the fake CRM servers (amocrm.js, bitrix24.js): a seeded PRNG, a tiny router,
 * body and PHP-style query parsing, the two limiter shapes the CRMs publish, failure injection and
 * request statistics. Node built-ins only. Every wire-format decision lives in the CRM-specific
 * files, next to its source.
 */

const http = require('http');

// -------------------------------------------------------------------------------------------------
// Seeded randomness: the same seed gives the same data set and the same injected failures on every
// run.
// -------------------------------------------------------------------------------------------------

/** Turns any seed (number or string) into a 32-bit state; strings are hashed with FNV-1a. */
function seedToState(seed) {
	if (typeof seed === 'number' && Number.isFinite(seed)) return seed >>> 0;
	const text = String(seed ?? '');
	if (/^-?\d+$/.test(text)) return Number(text) >>> 0;
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash;
}

/**
 * @typedef {Object} Rng
 * @property {() => number} next uniform in [0, 1)
 * @property {(min: number, max: number) => number} int integer in [min, max]
 * @property {<T>(items: T[]) => T} pick
 * @property {(probability: number) => boolean} chance
 * @property {<T>(entries: Array<[T, number]>) => T} weighted value by relative weight
 * @property {<T>(items: T[]) => T[]} shuffle a shuffled copy
 */

/**
 * Small, fast PRNG (mulberry32). Not for cryptography; only for reproducible test data.
 * @param {number|string} seed
 * @returns {Rng}
 */
function createRng(seed) {
	let state = seedToState(seed);
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (min, max) => min + Math.floor(next() * (max - min + 1));
	return {
		next,
		int,
		pick: (items) => items[Math.floor(next() * items.length)],
		chance: (probability) => next() < probability,
		weighted: (entries) => {
			const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
			let roll = next() * total;
			for (const [value, weight] of entries) {
				roll -= weight;
				if (roll < 0) return value;
			}
			return entries[entries.length - 1][0];
		},
		shuffle: (items) => {
			const copy = items.slice();
			for (let i = copy.length - 1; i > 0; i--) {
				const j = Math.floor(next() * (i + 1));
				[copy[i], copy[j]] = [copy[j], copy[i]];
			}
			return copy;
		},
	};
}

/** `count` distinct integers in [min, max], in random order. */
function uniqueInts(rng, count, min, max) {
	const seen = new Set();
	while (seen.size < count) seen.add(rng.int(min, max));
	return [...seen];
}

// -------------------------------------------------------------------------------------------------
// Routing
// -------------------------------------------------------------------------------------------------

/**
 * Path patterns use `{name}` placeholders (`/api/v4/leads/{id}`); the pattern string doubles as the
 * key in `stats.byRoute`, so tests can count calls per endpoint without caring about ids.
 */
class Router {
	constructor() {
		/**
		 * @type {Array<{method: string, pattern: string, regex: RegExp, keys: string[], handler:
		 * Function}>}
		 */
		this.routes = [];
	}

	/**
	 * @param {string} method
	 * @param {string} pattern
	 * @param {Function} handler
	 */
	add(method, pattern, handler) {
		const keys = [];
		const source = pattern
			.split('/')
			.map((part) => {
				const placeholder = /^\{(\w+)\}$/.exec(part);
				if (!placeholder) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
				keys.push(placeholder[1]);
				return '([^/]+)';
			})
			.join('/');
		this.routes.push({ method, pattern, regex: new RegExp(`^${source}/?$`), keys, handler });
		return this;
	}

	/**
	 * First route whose path matches; `methodAllowed` false means the path exists under another
	 * method.
	 * @param {string} method
	 * @param {string} pathname
	 */
	match(method, pathname) {
		let pathMatched = null;
		for (const route of this.routes) {
			const found = route.regex.exec(pathname);
			if (!found) continue;
			const params = {};
			route.keys.forEach((key, i) => {
				params[key] = decodeURIComponent(found[i + 1]);
			});
			if (route.method === method) return { route, params, methodAllowed: true };
			pathMatched = pathMatched ?? { route, params, methodAllowed: false };
		}
		return pathMatched;
	}
}

// -------------------------------------------------------------------------------------------------
// Bodies and queries
// -------------------------------------------------------------------------------------------------

class BodyParseError extends Error {}

/**
 * @param {import('http').IncomingMessage} req
 * @param {number} [maxBytes]
 * @returns {Promise<string>}
 */
function readBody(req, maxBytes = 5 * 1024 * 1024) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > maxBytes) {
				reject(new BodyParseError('Request body too large'));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/**
 * JSON or `application/x-www-form-urlencoded` (with PHP brackets), by content type; an empty body
 * is `{}`.
 * @param {string|undefined} contentType
 * @param {string} text
 */
function parseBody(contentType, text) {
	if (!text || !text.trim()) return {};
	const type = String(contentType || '').toLowerCase();
	if (type.includes('application/x-www-form-urlencoded')) return parseBracketQuery(text);
	try {
		return JSON.parse(text);
	} catch {
		if (type.includes('json')) throw new BodyParseError('Malformed JSON body');
		// Unknown content type: PHP would read it as a form only when declared as one, so we try JSON
		// first.
		return parseBracketQuery(text);
	}
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** `filter[updated_at][from]` → ['filter', 'updated_at', 'from']; `select[]` → ['select', '']. */
function splitBracketKey(key) {
	const match = /^([^[\]]+)((?:\[[^\]]*\])*)$/.exec(key);
	if (!match) return [key];
	const rest = match[2] ? match[2].slice(1, -1).split('][') : [];
	return [match[1], ...rest];
}

function nextIndex(container) {
	let max = -1;
	for (const key of Object.keys(container)) {
		if (/^(0|[1-9]\d*)$/.test(key)) max = Math.max(max, Number(key));
	}
	return String(max + 1);
}

/**
 * Objects with keys exactly 0..n-1 (in order) become arrays, the way PHP's json_encode prints them.
 */
function listify(value) {
	if (value === null || typeof value !== 'object') return value;
	const keys = Object.keys(value);
	for (const key of keys) value[key] = listify(value[key]);
	if (keys.length > 0 && keys.every((key, i) => key === String(i)))
		return keys.map((key) => value[key]);
	return value;
}

/**
 * PHP-style query parsing, as both CRMs (PHP back ends) read their query strings and form bodies:
 * `filter[updated_at][from]=1&filter[pipeline_id][]=5&filter[pipeline_id][]=6` → `{filter:
 * {updated_at: {from: '1'}, pipeline_id: ['5', '6']}}`. A repeated plain key keeps the last value,
 * as PHP does. Values stay strings.
 * @param {string|URLSearchParams} input query string without `?`, or parsed params
 * @returns {Record<string, any>}
 */
function parseBracketQuery(input) {
	const params = typeof input === 'string' ? new URLSearchParams(input.replace(/^\?/, '')) : input;
	const root = {};
	for (const [rawKey, value] of params) {
		const path = splitBracketKey(rawKey);
		if (path.some((part) => FORBIDDEN_KEYS.has(part))) continue;
		let node = root;
		for (let i = 0; i < path.length; i++) {
			const key = path[i] === '' ? nextIndex(node) : path[i];
			if (i === path.length - 1) {
				node[key] = value;
			} else {
				if (node[key] === null || typeof node[key] !== 'object') node[key] = {};
				node = node[key];
			}
		}
	}
	return listify(root);
}

/**
 * Case-insensitive key lookup: Bitrix24 reads `filter`, `FILTER` and `Filter` alike (crm-apis.md
 * §4.2).
 */
function getParam(params, name) {
	if (!params || typeof params !== 'object') return undefined;
	if (Object.prototype.hasOwnProperty.call(params, name)) return params[name];
	const lower = name.toLowerCase();
	for (const key of Object.keys(params)) {
		if (key.toLowerCase() === lower) return params[key];
	}
	return undefined;
}

// -------------------------------------------------------------------------------------------------
// Limiters. Both take an injectable clock so tests can freeze and advance time instead of sleeping.
// -------------------------------------------------------------------------------------------------

/**
 * "Not more than N requests per second" read strictly: no window of `windowMs` ever holds more than
 * `limit` accepted requests. Rejected requests are not counted, so a client that backs off
 * recovers.
 */
class SlidingWindowLimiter {
	/** @param {{limit: number, windowMs?: number, clock?: () => number}} options */
	constructor({ limit, windowMs = 1000, clock = Date.now }) {
		this.limit = Math.max(1, Math.floor(limit));
		this.windowMs = windowMs;
		this.clock = clock;
		/** @type {number[]} */
		this.stamps = [];
		this.head = 0;
	}

	/** @returns {{ok: boolean, retryInMs: number}} */
	tryAcquire() {
		const now = this.clock();
		while (this.head < this.stamps.length && this.stamps[this.head] <= now - this.windowMs)
			this.head++;
		if (this.head > 1024) {
			this.stamps = this.stamps.slice(this.head);
			this.head = 0;
		}
		if (this.stamps.length - this.head >= this.limit) {
			return { ok: false, retryInMs: Math.max(0, this.stamps[this.head] + this.windowMs - now) };
		}
		this.stamps.push(now);
		return { ok: true, retryInMs: 0 };
	}
}

/**
 * Leaky bucket: each accepted request adds 1; the level drains by `leakPerSecond`; a request that
 * would lift the level above `capacity` is refused. The drain is continuous (the real Bitrix24
 * counter drops by Y once per second), which keeps the average rate identical and lets scaled-up
 * rates in tests behave smoothly.
 */
class LeakyBucket {
	/** @param {{capacity: number, leakPerSecond: number, clock?: () => number}} options */
	constructor({ capacity, leakPerSecond, clock = Date.now }) {
		this.capacity = Math.max(1, capacity);
		this.leakPerSecond = leakPerSecond;
		this.clock = clock;
		this.level = 0;
		this.last = clock();
	}

	/** @returns {{ok: boolean, retryInMs: number}} */
	tryAcquire() {
		const now = this.clock();
		this.level = Math.max(
			0,
			this.level - (Math.max(0, now - this.last) / 1000) * this.leakPerSecond,
		);
		this.last = now;
		if (this.level + 1 > this.capacity + 1e-9) {
			const retryInMs = ((this.level + 1 - this.capacity) / this.leakPerSecond) * 1000;
			return { ok: false, retryInMs: Math.ceil(retryInMs) };
		}
		this.level += 1;
		return { ok: true, retryInMs: 0 };
	}
}

/**
 * Rejects a seeded share of requests. Its PRNG is separate from the data PRNG, so turning failures
 * on does not change the generated records.
 * @param {number} rate 0..1
 * @param {number|string} seed
 */
function createFailureInjector(rate, seed) {
	const rng = createRng(`${seed}:failures`);
	return {
		rate,
		/** @returns {boolean} */
		shouldFail: () => rate > 0 && rng.next() < rate,
		/** @template T @param {T[]} kinds @returns {T} */
		pickKind: (kinds) => rng.pick(kinds),
	};
}

// -------------------------------------------------------------------------------------------------
// Statistics and responses
// -------------------------------------------------------------------------------------------------

/**
 * @typedef {Object} FakeStats
 * @property {number} requests every HTTP request except the `/__fake/` control endpoints
 * @property {number} rejected refused by the limiter, the IP block or failure injection (never
 *   reached a handler)
 * @property {number} rateLimited refused by the limiter (part of `rejected`)
 * @property {number} injectedFailures refused by failure injection (part of `rejected`)
 * @property {number} unauthorized refused for bad credentials
 * @property {Record<string, number>} byRoute requests per route pattern (amoCRM) or REST method
 *   (Bitrix24)
 * @property {number} listPages deal/lead list pages answered with at least one record
 * @property {number} emptyPages deal/lead list requests answered with no records (amoCRM: the 204s)
 * @property {number} batchCommands Bitrix24 commands executed inside `batch`
 */

/** @returns {FakeStats} */
function createStats() {
	return {
		requests: 0,
		rejected: 0,
		rateLimited: 0,
		injectedFailures: 0,
		unauthorized: 0,
		byRoute: {},
		listPages: 0,
		emptyPages: 0,
		batchCommands: 0,
	};
}

function resetStats(stats) {
	Object.assign(stats, createStats());
}

function countRoute(stats, key) {
	stats.byRoute[key] = (stats.byRoute[key] || 0) + 1;
}

/**
 * @param {import('http').ServerResponse} res
 * @param {number} status
 * @param {Record<string, string>} headers
 * @param {string} [body]
 */
function send(res, status, headers, body) {
	if (res.headersSent) return;
	const payload = body === undefined ? '' : body;
	const allHeaders = { ...headers };
	if (status !== 204 && status !== 304)
		allHeaders['Content-Length'] = String(Buffer.byteLength(payload));
	res.writeHead(status, allHeaders);
	res.end(status === 204 ? undefined : payload);
}

/** @param {import('http').ServerResponse} res */
function sendJson(res, status, value, contentType = 'application/json', extraHeaders = {}) {
	send(res, status, { 'Content-Type': contentType, ...extraHeaders }, JSON.stringify(value));
}

/**
 * An nginx-style HTML error page: what a proxy in front of a CRM answers when it, not the API,
 * refuses.
 */
function nginxPage(status, reason) {
	return (
		`<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n` +
		`<center><h1>${status} ${reason}</h1></center>\r\n` +
		'<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n'
	);
}

/**
 * Listens on 127.0.0.1 (loopback only) and resolves with the base URL. `close()` also drops
 * keep-alive sockets, so a test's `afterAll` never hangs on an idle connection.
 * @param {import('http').RequestListener} handler
 * @param {{port?: number, host?: string}} [options]
 * @returns {Promise<{server: import('http').Server, url: string, close: () => Promise<void>}>}
 */
function listen(handler, { port = 0, host = '127.0.0.1' } = {}) {
	const server = http.createServer(handler);
	server.keepAliveTimeout = 5000;
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.removeListener('error', reject);
			const address = /** @type {import('net').AddressInfo} */ (server.address());
			const url = `http://${host}:${address.port}`;
			const close = () =>
				new Promise((done) => {
					server.close(() => done());
					if (typeof server.closeAllConnections === 'function') server.closeAllConnections();
				});
			resolve({ server, url, close });
		});
	});
}

/** Unix seconds. */
function toUnix(ms) {
	return Math.floor(ms / 1000);
}

/**
 * The control endpoints every fake serves, without auth and without counting: GET /__fake/state (stats and created
 * notes), POST /__fake/reset-stats, and POST handlers a fake adds as test hooks (`extra['/__fake/touch']`).
 * Returns true when the request was one of them and has been answered.
 */
function handleControl(
	req,
	res,
	requestUrl,
	rawBody,
	{ stats, notes, resetStats: reset, extra = {} },
) {
	const path = requestUrl.pathname;
	if (!path.startsWith('/__fake/')) return false;
	if (path === '/__fake/state') sendJson(res, 200, { stats, notes });
	else if (path === '/__fake/reset-stats' && req.method === 'POST') {
		// A fake with more than the common counters (HubSpot) brings its own reset.
		if (reset) reset();
		else resetStats(stats);
		send(res, 204, {});
	} else if (extra[path] && req.method === 'POST') extra[path](res, rawBody);
	else sendJson(res, 404, { error: 'unknown control endpoint' });
	return true;
}

module.exports = {
	handleControl,
	createRng,
	uniqueInts,
	Router,
	BodyParseError,
	readBody,
	parseBody,
	parseBracketQuery,
	getParam,
	SlidingWindowLimiter,
	LeakyBucket,
	createFailureInjector,
	createStats,
	resetStats,
	countRoute,
	send,
	sendJson,
	nginxPage,
	listen,
	toUnix,
};
