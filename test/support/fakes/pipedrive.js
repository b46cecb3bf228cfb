'use strict';
/**
 * A fake Pipedrive API (v2 deals, stages, pipelines, deal fields; v1 users, leads, notes) for adapter tests and the
 * real-n8n e2e suite.
 *
 * Behaviours follow shared/reference/crm-apis.md §2 (Pipedrive), §2.7 listing what a fake must do; each cites its
 * source in a comment. Where the public record is silent the fake makes a choice and says so ("FAKE CHOICE").
 * Deterministic: the same `seed` and `now` give the same records, ids and injected failures.
 *
 * Routes (`x-api-token: <token>`, `Authorization: Bearer <token>` or `?api_token=`):
 *   GET  /api/v2/deals                   updated_since/until, pipeline_id, stage_id, owner_id, status, ids, sort, cursor
 *   GET  /api/v2/deals/{id}
 *   GET  /api/v2/dealFields, /api/v2/stages, /api/v2/pipelines    cursor lists
 *   GET  /v1/users, /v1/users/me
 *   GET  /v1/leads                       start/limit offset paging, updated_since, owner_id
 *   GET  /v1/leads/{id}
 *   POST /v1/notes                       {content, deal_id | lead_id}
 * Every answer to a known token carries `x-ratelimit-limit/-remaining/-reset` (burst window per token, §2.4).
 * Control (no auth, not counted): GET /__fake/state, POST /__fake/reset-stats.
 */

const { URL } = require('url');
const common = require('./common');

const DAY_MS = 24 * 60 * 60 * 1000;
/** "`limit` default 100, max 500" (deals-api.ts, §2.2); the other cursor lists use the same bounds (§2.3). */
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;
/** `ids` "≤ 100" (deals-api.ts, §2.4). */
const MAX_IDS = 100;
/** RFC 3339 as in the docs' example "2025-01-01T10:20:00Z"; milliseconds get a 400 (one public test, UNVERIFIED, §2.2). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;

const USER_NAMES = [
	'Sofia Marin',
	'Tom Becker',
	'Nina Haas',
	'Oliver Grant',
	'Paula Reyes',
	'Quentin Roux',
	'Rita Lang',
	'Sam Ortiz',
];

const PIPELINE_LAYOUT = [
	{
		id: 1,
		name: 'Sales',
		stages: [
			'Qualified',
			'Contact Made',
			'Demo Scheduled',
			'Proposal Made',
			'Negotiations Started',
		],
	},
	{ id: 2, name: 'Partners', stages: ['Intro', 'Evaluation', 'Contract', 'Onboarding'] },
];

/** Marketing channels "configured in Company settings" (models/deal.ts, §2.3); option ids are the deal's `channel`. */
const CHANNEL_OPTIONS = [
	{ id: 1, label: 'Paid search' },
	{ id: 2, label: 'Organic search' },
	{ id: 3, label: 'Social media' },
	{ id: 4, label: 'Email marketing' },
	{ id: 5, label: 'Referral' },
];

/** `origin` is "set by Pipedrive"; "API" / "Manually created" from the lead model (§2.2); the rest FAKE CHOICE. */
const ORIGINS = ['Manually created', 'API', 'Web forms', 'Import'];

const LOST_REASONS = ['Too expensive', 'Chose a competitor', 'No decision', 'Timing'];

// ---------------------------------------------------------------------------------------------------------------
// Data generation
// ---------------------------------------------------------------------------------------------------------------

function hash40(rng) {
	let out = '';
	for (let i = 0; i < 40; i++) out += '0123456789abcdef'[rng.int(0, 15)];
	return out;
}

function uuid(rng) {
	const hex = hash40(rng);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** RFC 3339 UTC with whole seconds, as the v2 deal example prints times (§2.2). */
function rfc3339(ms) {
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** v1 "YYYY-MM-DD HH:MM:SS" (users/me example in the marketplace guide "Getting user data"). */
function v1Time(ms) {
	return rfc3339(ms).replace('T', ' ').replace('Z', '');
}

/**
 * The company's records in wire format.
 * @param {{count: number, leads: number, seed: number|string, now: Date, spanDays: number, companyDomain: string}} options
 */
function generatePipedriveData({ count, leads: leadCount, seed, now, spanDays, companyDomain }) {
	const rng = common.createRng(seed);
	const nowMs = now.getTime();

	// v1 users: `{id, name, email, active_flag, …}` (§2.3). Two have left and still own old deals.
	const users = USER_NAMES.map((name, i) => ({
		id: 11001 + i * 7,
		name,
		email: `${name.split(' ')[0].toLowerCase()}@example.com`,
		active_flag: i < USER_NAMES.length - 2,
		is_admin: i === 0 ? 1 : 0,
		created: v1Time(nowMs - 600 * DAY_MS),
		modified: v1Time(nowMs - 20 * DAY_MS),
	}));
	const me = {
		...users[0],
		default_currency: 'EUR',
		locale: 'en_US',
		lang: 1,
		activated: true,
		timezone_name: 'Europe/Berlin',
		// "bound company data: company ID, company name, and domain" (marketplace guide "Getting user data").
		company_id: 7654321,
		company_name: 'Example GmbH',
		company_domain: companyDomain,
	};

	// Pipelines `{id, name, order_nr, is_deleted, is_deal_probability_enabled, add_time, update_time}` and stages
	// `{id, order_nr, name, is_deleted, deal_probability, pipeline_id, is_deal_rot_enabled, days_to_rotten, …}` (§2.3).
	const pipelines = PIPELINE_LAYOUT.map((layout, p) => ({
		id: layout.id,
		name: layout.name,
		order_nr: p + 1,
		is_deleted: false,
		is_deal_probability_enabled: false,
		add_time: rfc3339(nowMs - 700 * DAY_MS),
		update_time: rfc3339(nowMs - 50 * DAY_MS),
	}));
	let stageId = 0;
	const stages = PIPELINE_LAYOUT.flatMap((layout) =>
		layout.stages.map((name, s) => ({
			id: ++stageId,
			order_nr: s + 1,
			name,
			is_deleted: false,
			deal_probability: 100,
			pipeline_id: layout.id,
			is_deal_rot_enabled: false,
			days_to_rotten: null,
			add_time: rfc3339(nowMs - 700 * DAY_MS),
			update_time: rfc3339(nowMs - 50 * DAY_MS),
		})),
	);

	// Deal fields `{field_name, field_code, field_type, is_custom_field, options[{id,label}]}`; custom ones are keyed by
	// 40-character hashes (§2.3). Names vary per company: three spellings of UTM fields, one enum, one that only an
	// explicit choice can map ("Ad keyword"), and an unrelated field.
	const custom = [
		{ field_name: 'UTM Source', field_type: 'varchar' },
		{ field_name: 'utm_medium', field_type: 'varchar' },
		{ field_name: 'utm campaign', field_type: 'varchar' },
		{
			field_name: 'UTM-Content',
			field_type: 'enum',
			options: [
				{ id: 31, label: 'banner_a' },
				{ id: 32, label: 'banner_b' },
			],
		},
		{ field_name: 'Ad keyword', field_type: 'varchar' },
		{ field_name: 'Budget notes', field_type: 'text' },
	].map((field) => ({
		...field,
		field_code: hash40(rng),
		is_custom_field: true,
		options: field.options || null,
	}));
	const system = [
		['Title', 'title', 'varchar'],
		['Value', 'value', 'monetary'],
		['Currency', 'currency', 'varchar'],
		['Status', 'status', 'status'],
		['Lost reason', 'lost_reason', 'varchar_options'],
		['Source origin', 'origin', 'varchar'],
		['Source channel ID', 'channel_id', 'varchar'],
	].map(([field_name, field_code, field_type]) => ({
		field_name,
		field_code,
		field_type,
		is_custom_field: false,
		options: null,
	}));
	// FAKE CHOICE (inference, §2.3): the marketing channel is an enum system field whose options map the deal's `channel` id.
	system.push({
		field_name: 'Source channel',
		field_code: 'channel',
		field_type: 'enum',
		is_custom_field: false,
		options: CHANNEL_OPTIONS,
	});
	const dealFields = [...system, ...custom];
	const [utmSource, utmMedium, utmCampaign, utmContent, adKeyword, budgetNotes] = custom;

	function customValues(tracked) {
		return {
			[utmSource.field_code]: tracked ? rng.pick(['google', 'facebook', 'newsletter']) : null,
			[utmMedium.field_code]: tracked ? rng.pick(['cpc', 'social', 'email']) : null,
			[utmCampaign.field_code]: tracked ? rng.pick(['spring_sale', 'brand', 'webinar']) : null,
			// FAKE CHOICE: enum custom fields carry the option id in v2.
			[utmContent.field_code]: tracked && rng.chance(0.5) ? rng.pick(utmContent.options).id : null,
			[adKeyword.field_code]:
				tracked && rng.chance(0.5) ? rng.pick(['crm tool', 'sales pipeline']) : null,
			[budgetNotes.field_code]: rng.chance(0.2) ? 'Budget approved in Q3' : null,
		};
	}

	const spanMs = spanDays * DAY_MS;
	const deals = [];
	const total = count + Math.ceil(count / 50);
	for (let i = 0; i < total; i++) {
		const pipeline = rng.chance(0.75) ? pipelines[0] : pipelines[1];
		const stage = rng.pick(stages.filter((s) => s.pipeline_id === pipeline.id));
		const status = rng.weighted([
			['open', 5],
			['won', 3],
			['lost', 3],
		]);
		const addMs = nowMs - spanMs + Math.floor(rng.next() * spanMs);
		const updateMs = addMs + Math.floor(rng.next() * (nowMs - addMs));
		const closeMs = status === 'open' ? null : addMs + Math.floor(rng.next() * (updateMs - addMs));
		const owner = rng.pick(users);
		const channel = rng.chance(0.7) ? rng.pick(CHANNEL_OPTIONS).id : null;
		deals.push({
			id: i + 1,
			title: `Deal ${i + 1}`,
			creator_user_id: users[0].id,
			owner_id: owner.id,
			person_id: rng.chance(0.8) ? rng.int(1, 5000) : null,
			org_id: rng.chance(0.6) ? rng.int(1, 800) : null,
			pipeline_id: pipeline.id,
			stage_id: stage.id,
			value: rng.chance(0.1) ? 0 : rng.int(5, 300) * 100,
			currency: rng.pick(['EUR', 'EUR', 'USD']),
			add_time: rfc3339(addMs),
			update_time: rfc3339(updateMs),
			stage_change_time: rfc3339(addMs),
			// "Returns data about all not archived deals" (§2.2): archived ones exist but are never listed.
			is_deleted: false,
			is_archived: i >= count,
			archive_time: i >= count ? rfc3339(updateMs) : null,
			status,
			probability: null,
			lost_reason: status === 'lost' && rng.chance(0.8) ? rng.pick(LOST_REASONS) : null,
			visible_to: 3,
			close_time: closeMs === null ? null : rfc3339(closeMs),
			won_time: status === 'won' ? rfc3339(closeMs) : null,
			lost_time: status === 'lost' ? rfc3339(closeMs) : null,
			expected_close_date:
				status === 'open' && rng.chance(0.5)
					? rfc3339(nowMs + rng.int(1, 60) * DAY_MS).slice(0, 10)
					: null,
			label_ids: [],
			origin: rng.pick(ORIGINS),
			origin_id: null,
			channel,
			channel_id:
				channel !== null && rng.chance(0.5) ? rng.pick(['spring_campaign', 'partner_week']) : null,
			arr: null,
			mrr: null,
			acv: null,
			custom_fields: customValues(rng.chance(0.45)),
		});
	}

	// v1 leads: UUID ids, `value{amount,currency}`, custom fields inherited from deals at top level (§2.2).
	const leads = [];
	for (let i = 0; i < leadCount + Math.ceil(leadCount / 10); i++) {
		const addMs = nowMs - spanMs + Math.floor(rng.next() * spanMs);
		const updateMs = addMs + Math.floor(rng.next() * (nowMs - addMs));
		const lead = {
			id: uuid(rng),
			title: `Lead ${i + 1}`,
			owner_id: rng.pick(users).id,
			creator_id: users[0].id,
			label_ids: [],
			person_id: rng.int(1, 5000),
			organization_id: null,
			source_name: rng.pick(['API', 'Manually created']),
			origin: rng.pick(ORIGINS),
			origin_id: null,
			channel: rng.chance(0.6) ? rng.pick(CHANNEL_OPTIONS).id : null,
			channel_id: null,
			source_deal_id: null,
			is_archived: i >= leadCount,
			was_seen: rng.chance(0.5),
			value: rng.chance(0.5) ? { amount: rng.int(1, 50) * 100, currency: 'EUR' } : null,
			expected_close_date: null,
			next_activity_id: null,
			add_time: rfc3339(addMs),
			update_time: rfc3339(updateMs),
			visible_to: '3',
			cc_email: `lead-${i + 1}@example.pipedrivemail.com`,
			...customValues(rng.chance(0.5)),
		};
		leads.push(lead);
	}

	return {
		users,
		me,
		pipelines,
		stages,
		dealFields,
		utmFields: { utmSource, utmMedium, utmCampaign, utmContent, adKeyword },
		deals,
		leads,
	};
}

// ---------------------------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------------------------

class PipedriveError extends Error {
	constructor(status, error) {
		super(error);
		this.status = status;
	}
}

/** FAKE CHOICE: v2 cursors are opaque; this one is base64url JSON bound to the list it came from. */
function encodeCursor(list, offset) {
	return Buffer.from(JSON.stringify({ l: list, o: offset })).toString('base64url');
}

function decodeCursor(list, cursor) {
	try {
		const parsed = JSON.parse(Buffer.from(String(cursor), 'base64url').toString('utf8'));
		if (parsed.l === list && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
	} catch {
		// fall through
	}
	throw new PipedriveError(400, 'Invalid cursor');
}

function parseLimit(query) {
	const text = query.get('limit');
	if (text === null || text === '') return DEFAULT_LIMIT;
	const limit = Number(text);
	// FAKE CHOICE: above the documented maximum is refused rather than trimmed.
	if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
		throw new PipedriveError(400, `limit must be between 1 and ${MAX_LIMIT}`);
	return limit;
}

function parseTime(query, name) {
	const text = query.get(name);
	if (text === null || text === '') return null;
	if (!RFC3339.test(text))
		throw new PipedriveError(400, `${name} must be in RFC3339 format, e.g. 2025-01-01T10:20:00Z`);
	return Date.parse(text);
}

/** `{success, data, additional_data: {next_cursor}}`, `next_cursor` null at the end (§2.2). */
function cursorPage(list, rows, query) {
	const limit = parseLimit(query);
	const offset = query.get('cursor') ? decodeCursor(list, query.get('cursor')) : 0;
	const data = rows.slice(offset, offset + limit);
	const next = offset + limit < rows.length ? encodeCursor(list, offset + limit) : null;
	return { success: true, data, additional_data: { next_cursor: next } };
}

/**
 * @typedef {Object} PipedriveFakeOptions
 * @property {number} [count] listed deals (default 500); 1 archived deal per 50 is added on top
 * @property {number} [leads] listed leads (default 40); 1 archived lead per 10 is added on top
 * @property {string} [token] the accepted API token (default 'good-token')
 * @property {number|string} [seed] (default 1)
 * @property {Date} [now] (default: now)
 * @property {number} [spanDays] deals are created evenly over this many days before `now` (default 365)
 * @property {number} [burst] requests per window per token (default 20: API token on the smallest plan, §2.4)
 * @property {number} [windowMs] burst window (default 2000, §2.4)
 * @property {number} [failureRate] seeded share of requests refused with 429 or 500/502/503 (default 0)
 * @property {string} [companyDomain] what /v1/users/me reports (default 'example')
 * @property {number} [port]
 * @property {() => number} [clock]
 */

/**
 * @typedef {Object} PipedriveFake
 * @property {string} url
 * @property {string} token
 * @property {import('./common').FakeStats} stats
 * @property {ReturnType<typeof generatePipedriveData>} data
 * @property {any[]} notes
 * @property {(status: number) => void} failNext
 * @property {() => void} resetStats
 * @property {() => Promise<void>} close
 */

/**
 * @param {PipedriveFakeOptions} [options]
 * @returns {Promise<PipedriveFake>}
 */
async function startPipedriveFake(options = {}) {
	const opts = {
		count: 500,
		leads: 40,
		token: 'good-token',
		seed: 1,
		now: new Date(),
		spanDays: 365,
		burst: 20,
		windowMs: 2000,
		failureRate: 0,
		companyDomain: 'example',
		port: 0,
		clock: Date.now,
		...options,
	};
	const stats = common.createStats();
	const failures = common.createFailureInjector(opts.failureRate, opts.seed);
	/** @type {number[]} */
	const forced = [];
	const notes = [];
	/** Burst window per token: fixed, starting with its first request (§2.4 "per 2-second window"). */
	const windows = new Map();

	const data = generatePipedriveData({
		count: opts.count,
		leads: opts.leads,
		seed: opts.seed,
		now: opts.now,
		spanDays: opts.spanDays,
		companyDomain: opts.companyDomain,
	});
	const listedDeals = data.deals.filter((d) => !d.is_archived);
	const listedLeads = data.leads.filter((l) => !l.is_archived);
	const dealById = new Map(data.deals.map((d) => [String(d.id), d]));
	const leadById = new Map(data.leads.map((l) => [l.id, l]));
	const router = new common.Router();

	router.add('GET', '/api/v2/deals', ({ query }) => {
		const since = parseTime(query, 'updated_since');
		const until = parseTime(query, 'updated_until');
		const csv = (name) =>
			query.get(name)
				? query
						.get(name)
						.split(',')
						.map((s) => s.trim())
				: null;
		const ids = csv('ids');
		if (ids && ids.length > MAX_IDS)
			throw new PipedriveError(400, `ids accepts at most ${MAX_IDS} values`);
		const statuses = csv('status');
		if (statuses && statuses.some((s) => !['open', 'won', 'lost', 'deleted'].includes(s)))
			throw new PipedriveError(400, 'Invalid status');
		const sortBy = query.get('sort_by') || 'id';
		if (!['id', 'update_time', 'add_time'].includes(sortBy))
			throw new PipedriveError(400, 'Invalid sort_by');
		const direction = (query.get('sort_direction') || 'asc') === 'desc' ? -1 : 1;
		const eq = (name, value) => query.get(name) === null || String(value) === query.get(name);
		let rows = listedDeals.filter(
			(d) =>
				// "update_time later than or equal to" updated_since; updated_until "earlier than" (§2.2).
				(since === null || Date.parse(d.update_time) >= since) &&
				(until === null || Date.parse(d.update_time) < until) &&
				eq('pipeline_id', d.pipeline_id) &&
				eq('stage_id', d.stage_id) &&
				eq('owner_id', d.owner_id) &&
				(!statuses || statuses.includes(d.status)) &&
				(!ids || ids.includes(String(d.id))),
		);
		const key = (d) => (sortBy === 'id' ? d.id : Date.parse(d[sortBy]));
		rows = rows.slice().sort((a, b) => (key(a) - key(b) || a.id - b.id) * direction);
		const page = cursorPage(
			`deals:${query.get('sort_by')}:${query.get('sort_direction')}`,
			rows,
			query,
		);
		if (page.data.length > 0) stats.listPages++;
		else stats.emptyPages++;
		return page;
	});
	router.add('GET', '/api/v2/deals/{id}', ({ params }) => {
		const deal = dealById.get(params.id);
		// FAKE CHOICE (UNVERIFIED body): unknown ids answer 404.
		if (!deal) throw new PipedriveError(404, 'Deal not found');
		return { success: true, data: deal };
	});
	router.add('GET', '/api/v2/dealFields', ({ query }) =>
		cursorPage('dealFields', data.dealFields, query),
	);
	router.add('GET', '/api/v2/pipelines', ({ query }) =>
		cursorPage('pipelines', data.pipelines, query),
	);
	router.add('GET', '/api/v2/stages', ({ query }) => {
		const pipelineId = query.get('pipeline_id');
		const rows = pipelineId
			? data.stages.filter((s) => String(s.pipeline_id) === pipelineId)
			: data.stages;
		return cursorPage(`stages:${pipelineId}`, rows, query);
	});
	// Users have no v2 (§2.3).
	router.add('GET', '/v1/users', () => ({ success: true, data: data.users }));
	router.add('GET', '/v1/users/me', () => ({ success: true, data: data.me }));
	// Leads: v1 list with offset pagination `additional_data.pagination{start,limit,more_items_in_collection,next_start}` (§2.2).
	router.add('GET', '/v1/leads', ({ query }) => {
		const start = Number(query.get('start') || 0);
		const limit = parseLimit(query);
		if (!Number.isInteger(start) || start < 0)
			throw new PipedriveError(400, 'start must be a non-negative integer');
		const sinceText = query.get('updated_since');
		const since = sinceText ? Date.parse(sinceText) : null;
		if (since !== null && Number.isNaN(since))
			throw new PipedriveError(400, 'updated_since must be ISO 8601');
		const ownerId = query.get('owner_id');
		const rows = listedLeads.filter(
			(l) =>
				(since === null || Date.parse(l.update_time) >= since) &&
				(!ownerId || String(l.owner_id) === ownerId),
		);
		const slice = rows.slice(start, start + limit);
		const more = start + limit < rows.length;
		if (slice.length > 0) stats.listPages++;
		else stats.emptyPages++;
		const pagination = { start, limit, more_items_in_collection: more };
		if (more) pagination.next_start = start + limit;
		return { success: true, data: slice, additional_data: { pagination } };
	});
	router.add('GET', '/v1/leads/{id}', ({ params }) => {
		const lead = leadById.get(params.id);
		if (!lead) throw new PipedriveError(404, 'Lead not found');
		return { success: true, data: lead };
	});
	// Notes have no v2 (§2.3): `content` "in HTML format", attached by `deal_id` (or `lead_id`).
	router.add('POST', '/v1/notes', ({ body }) => {
		const content = body && body.content;
		if (typeof content !== 'string' || content.trim() === '')
			throw new PipedriveError(400, 'content is required');
		const dealId =
			body.deal_id === undefined || body.deal_id === null ? null : Number(body.deal_id);
		const leadId =
			body.lead_id === undefined || body.lead_id === null ? null : String(body.lead_id);
		if (dealId === null && leadId === null)
			throw new PipedriveError(
				400,
				'A note must be attached to a deal, person, organization or lead',
			);
		// FAKE CHOICE (UNVERIFIED status and body): a missing deal or lead answers 404.
		if (dealId !== null && !dealById.has(String(dealId)))
			throw new PipedriveError(404, 'Deal not found');
		if (leadId !== null && !leadById.has(leadId)) throw new PipedriveError(404, 'Lead not found');
		const note = {
			id: 9000 + notes.length + 1,
			content,
			deal_id: dealId,
			lead_id: leadId,
			user_id: data.users[0].id,
			add_time: v1Time(opts.clock()),
			update_time: v1Time(opts.clock()),
			active_flag: true,
		};
		notes.push(note);
		return { status: 201, body: { success: true, data: note } };
	});

	function tokenOf(req, requestUrl) {
		// `x-api-token` (v2 SDK), `?api_token=` (legacy), or an OAuth Bearer token (§2.1).
		const header = req.headers['x-api-token'];
		if (header) return String(header);
		const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization || '');
		if (bearer) return bearer[1].trim();
		return requestUrl.searchParams.get('api_token');
	}

	/**
	 * Burst bucket per token and the `x-ratelimit-*` headers (§2.4). Reset is in seconds ("x-ratelimit-reset: 2" for
	 * the 2-second window); windows scaled below a second for tests announce fractional seconds.
	 */
	function takeBurst(token) {
		const now = opts.clock();
		let window = windows.get(token);
		if (!window || now >= window.start + opts.windowMs) {
			window = { start: now, used: 0 };
			windows.set(token, window);
		}
		const ok = window.used < opts.burst;
		if (ok) window.used++;
		const leftMs = Math.max(0, window.start + opts.windowMs - now);
		const reset =
			opts.windowMs % 1000 === 0
				? String(Math.max(1, Math.ceil(leftMs / 1000)))
				: (leftMs / 1000).toFixed(3);
		const headers = {
			'x-ratelimit-limit': String(opts.burst),
			'x-ratelimit-remaining': String(Math.max(0, opts.burst - window.used)),
			'x-ratelimit-reset': reset,
		};
		return { ok, headers };
	}

	function refuse(res, status, headers) {
		stats.rejected++;
		if (status === 429) {
			// 429 "Too Many Requests"; the documented body is cut off everywhere, public fakes use this (UNVERIFIED, §2.4).
			common.sendJson(
				res,
				429,
				{ success: false, error: 'Request over limit', errorCode: 429 },
				'application/json',
				{
					...headers,
					'x-ratelimit-remaining': '0',
				},
			);
			return;
		}
		if (status === 500) {
			common.sendJson(
				res,
				500,
				{ success: false, error: 'Internal server error', errorCode: 500 },
				'application/json',
				headers,
			);
			return;
		}
		const reason = status === 502 ? 'Bad Gateway' : 'Service Unavailable';
		common.send(
			res,
			status,
			{ 'Content-Type': 'text/html', ...headers },
			common.nginxPage(status, reason),
		);
	}

	async function handle(req, res) {
		const requestUrl = new URL(req.url || '/', 'http://fake.local');
		let rawBody = '';
		try {
			rawBody = await common.readBody(req);
		} catch {
			common.sendJson(res, 413, {
				success: false,
				error: 'Request body too large',
				errorCode: 413,
			});
			return;
		}
		if (common.handleControl(req, res, requestUrl, rawBody, { stats, notes })) return;

		stats.requests++;
		const match = router.match(req.method || 'GET', requestUrl.pathname);
		common.countRoute(stats, match ? match.route.pattern : 'unmatched');

		if (tokenOf(req, requestUrl) !== opts.token) {
			stats.unauthorized++;
			// The 401 envelope (§2.1, captured from a mock; UNVERIFIED against live).
			common.sendJson(res, 401, {
				success: false,
				error: 'unauthorized access',
				errorCode: 401,
				error_info: 'Please check developers.pipedrive.com',
			});
			return;
		}

		const burst = takeBurst(opts.token);
		if (!burst.ok) {
			stats.rateLimited++;
			return refuse(res, 429, burst.headers);
		}
		if (forced.length > 0) {
			stats.injectedFailures++;
			return refuse(res, forced.shift(), burst.headers);
		}
		if (failures.shouldFail()) {
			stats.injectedFailures++;
			return refuse(res, failures.pickKind([429, 500, 502, 503]), burst.headers);
		}

		if (!match) {
			common.sendJson(
				res,
				404,
				{ success: false, error: 'Unknown method .', errorCode: 404 },
				'application/json',
				burst.headers,
			);
			return;
		}
		if (!match.methodAllowed) {
			common.sendJson(
				res,
				405,
				{ success: false, error: 'Method not allowed', errorCode: 405 },
				'application/json',
				burst.headers,
			);
			return;
		}
		let body = {};
		try {
			body = common.parseBody(req.headers['content-type'], rawBody);
		} catch {
			common.sendJson(
				res,
				400,
				{ success: false, error: 'Malformed JSON body', errorCode: 400 },
				'application/json',
				burst.headers,
			);
			return;
		}
		try {
			const result = await match.route.handler({
				req,
				params: match.params,
				query: requestUrl.searchParams,
				body,
			});
			const created = result && result.status === 201;
			common.sendJson(
				res,
				created ? 201 : 200,
				created ? result.body : result,
				'application/json',
				burst.headers,
			);
		} catch (error) {
			if (error instanceof PipedriveError) {
				common.sendJson(
					res,
					error.status,
					{ success: false, error: error.message, errorCode: error.status },
					'application/json',
					burst.headers,
				);
				return;
			}
			common.sendJson(
				res,
				500,
				{ success: false, error: String(error && error.stack), errorCode: 500 },
				'application/json',
				burst.headers,
			);
		}
	}

	const server = await common.listen(
		(req, res) => {
			handle(req, res).catch((error) =>
				common.sendJson(res, 500, { success: false, error: String(error) }),
			);
		},
		{ port: opts.port },
	);

	return {
		url: server.url,
		token: opts.token,
		stats,
		data,
		notes,
		failNext: (status) => forced.push(status),
		resetStats: () => common.resetStats(stats),
		close: server.close,
	};
}

module.exports = { startPipedriveFake, generatePipedriveData, MAX_LIMIT };
