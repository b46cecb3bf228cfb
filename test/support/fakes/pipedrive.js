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
 *   GET  /v1/notes                       ?deal_id= | ?lead_id=, start, limit
 *   GET  /api/v2/activities              done, updated_since/until, deal_id, lead_id, owner_id, sort, cursor
 *   GET  /v1/deals/{id}/changelog        cursor/limit: the deal's field changes (stage moves among them)
 * First contact (docs/first-contact/pipedrive.md): activities and changelogs are planted per deal and lead, with the
 * answer the adapter must find in `data.firstContactTruth` and the planted slowest owner in `data.slowestOwnerId`.
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

	// Planted last, from its own random stream: the records above stay what they were before first contact existed.
	const firstContact = plantFirstContacts({ users, pipelines, stages, deals, leads, seed, nowMs });

	return {
		users,
		me,
		pipelines,
		stages,
		dealFields,
		utmFields: { utmSource, utmMedium, utmCampaign, utmContent, adKeyword },
		deals,
		leads,
		...firstContact,
	};
}

// ---------------------------------------------------------------------------------------------------------------
// First contact: activities and deal changelogs
// ---------------------------------------------------------------------------------------------------------------

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
/** Default activity types that are internal to-dos, not contact (docs/first-contact/pipedrive.md). */
const INTERNAL_TYPES = new Set(['task', 'deadline']);
/** Changelog `change_source` a person makes: "'app', 'mobile', 'api', etc." (ChangelogResponseAllOfData). */
const PERSON_SOURCES = new Set(['app', 'mobile']);

/**
 * When a done activity touched the customer, as the definition in docs/first-contact/pipedrive.md reads it from
 * the wire: its due date and time (UTC, "HH:MM") when it has a due time, or when it was marked done if that was
 * earlier or it has none. Undone activities are plans, never touches.
 */
function activityTouchAt(activity) {
	if (activity.done !== true || activity.is_deleted) return null;
	const done = activity.marked_as_done_time ? Date.parse(activity.marked_as_done_time) : null;
	if (!activity.due_date || !activity.due_time) return done;
	const due = Date.parse(`${activity.due_date}T${activity.due_time}:00Z`);
	return done === null ? due : Math.min(due, done);
}

/** The earliest person's touch at or after `createdMs`, ISO or null (the shared definition, crm/firstContact.ts). */
function earliestAfter(createdMs, touches) {
	let first = Infinity;
	for (const t of touches) if (t.byPerson && t.at >= createdMs && t.at < first) first = t.at;
	return Number.isFinite(first) ? new Date(first).toISOString() : null;
}

/**
 * Plants what first contact is read from, per deal and lead: a first human touch some minutes to hours after creation
 * (by the owner, or a colleague in a quarter of the records: it counts), later touches, touches logged before the
 * record was created (ignored), automation follow-ups that are scheduled but not done and auto-completed tasks
 * (ignored), records nobody touched (null), and activities linked to no deal at all. One owner, the slowest, first
 * reacts after about a day or more. Deals get a changelog: first moves out of the first stage by a person, bounces
 * by integrations and automations (ignored), deals created in a later stage or never moved (null).
 */
function plantFirstContacts({ users, pipelines, stages, deals, leads, seed, nowMs }) {
	const rng = common.createRng(`${seed}:first-contact`);
	const active = users.filter((u) => u.active_flag);
	const slowest = active[2];
	const automationUser = users[0];
	const stagesOf = new Map(
		pipelines.map((p) => [
			p.id,
			stages.filter((s) => s.pipeline_id === p.id).sort((a, b) => a.order_nr - b.order_nr),
		]),
	);
	const firstStages = new Set([...stagesOf.values()].map((list) => list[0].id));
	const delay = (ownerId) =>
		ownerId === slowest.id
			? rng.int(20 * HOUR_MS, 72 * HOUR_MS)
			: rng.int(2 * MINUTE_MS, 4 * HOUR_MS);
	const colleague = (ownerId) => rng.pick(active.filter((u) => u.id !== ownerId)).id;

	const activities = [];
	const truth = { humanTouch: {}, stageChange: {} };
	let nextActivityId = 700001;

	/** The v2 activity (`models/activity-item.ts`; `creator_user_id` since 2025-05, client-php CHANGELOG 10.0.0). */
	function addActivity(link, fields) {
		const addMs = fields.addMs;
		const doneMs = fields.doneMs ?? null;
		const dueIso =
			fields.dueMs === undefined || fields.dueMs === null ? null : rfc3339(fields.dueMs);
		const updateMs = Math.min(
			nowMs,
			Math.max(addMs, doneMs ?? addMs) + (rng.chance(0.2) ? rng.int(0, DAY_MS) : 0),
		);
		const activity = {
			id: nextActivityId++,
			subject: fields.subject,
			type: fields.type,
			owner_id: fields.ownerId,
			creator_user_id: fields.creatorId ?? fields.ownerId,
			is_deleted: false,
			add_time: rfc3339(addMs),
			update_time: rfc3339(updateMs),
			deal_id: link.deal_id ?? null,
			lead_id: link.lead_id ?? null,
			person_id: link.person_id ?? null,
			org_id: null,
			project_id: null,
			// "Format: YYYY-MM-DD" and "in UTC. Format: HH:MM" (add activity request).
			due_date: dueIso === null ? null : dueIso.slice(0, 10),
			due_time: dueIso === null || fields.untimed ? null : dueIso.slice(11, 16),
			duration: '00:30',
			busy: false,
			done: doneMs !== null,
			// FAKE CHOICE: v2 prints it like its other times (RFC 3339); the model only says "date and time".
			marked_as_done_time: doneMs === null ? null : rfc3339(doneMs),
			location: null,
			participants: [],
			conference_meeting_client: null,
			conference_meeting_url: null,
			conference_meeting_id: null,
			public_description: null,
			priority: null,
			note: null,
		};
		activities.push(activity);
		return activity;
	}

	function plantTouches(record, link) {
		const createdMs = Date.parse(record.add_time);
		const ownerId = record.owner_id;
		const mine = [];
		const add = (fields) => mine.push(addActivity(link, fields));
		// Logged before the record existed (an older conversation with the same person): ignored.
		if (rng.chance(0.15)) {
			const at = createdMs - rng.int(1, 30) * DAY_MS;
			add({
				subject: 'Intro call',
				type: 'call',
				ownerId,
				addMs: at,
				dueMs: at,
				doneMs: at + 20 * MINUTE_MS,
			});
		}
		// An automation schedules a follow-up as the record arrives: a plan, never done.
		if (rng.chance(0.5)) {
			add({
				subject: 'Follow up new inquiry',
				type: 'call',
				ownerId,
				creatorId: automationUser.id,
				addMs: createdMs + rng.int(1, 5) * 1000,
				dueMs: createdMs + DAY_MS,
			});
		}
		// An automation that creates an already-done task ("Send welcome pack"): internal, ignored.
		if (rng.chance(0.25)) {
			add({
				subject: 'Send welcome pack',
				type: 'task',
				ownerId,
				creatorId: automationUser.id,
				addMs: createdMs + 10 * 1000,
				dueMs: createdMs + 10 * 1000,
				doneMs: createdMs + 20 * 1000,
			});
		}
		if (!rng.chance(0.08)) {
			const at = createdMs + delay(ownerId);
			if (at < nowMs - MINUTE_MS) {
				const by = rng.chance(0.25) ? colleague(ownerId) : ownerId;
				const type = rng.pick(['call', 'call', 'email', 'meeting']);
				const variant = rng.next();
				if (variant < 0.6) {
					// Logged with the time it happened, marked done a little later.
					add({
						subject: 'First call',
						type,
						ownerId: by,
						addMs: at,
						dueMs: at,
						doneMs: Math.min(nowMs, at + rng.int(0, 90) * MINUTE_MS),
					});
				} else if (variant < 0.85) {
					// A due date without a time: the time it was marked done is the touch.
					add({
						subject: 'Reached out',
						type,
						ownerId: by,
						addMs: at,
						dueMs: at,
						untimed: true,
						doneMs: at,
					});
				} else {
					// Planned for later, done early: marked done is the touch.
					add({
						subject: 'Call back',
						type,
						ownerId: by,
						addMs: createdMs + 1000,
						dueMs: at + DAY_MS,
						doneMs: at,
					});
				}
				for (let i = rng.int(0, 2); i > 0; i--) {
					const later = at + rng.int(1 * HOUR_MS, 10 * DAY_MS);
					if (later < nowMs)
						add({
							subject: 'Follow-up',
							type: rng.pick(['call', 'email', 'meeting']),
							ownerId,
							addMs: later,
							dueMs: later,
							doneMs: later,
						});
				}
			}
		}
		// A call a person scheduled and has not made yet: a plan, not a touch.
		if (rng.chance(0.3))
			add({
				subject: 'Demo',
				type: 'meeting',
				ownerId,
				addMs: createdMs + HOUR_MS,
				dueMs: nowMs + rng.int(1, 14) * DAY_MS,
			});
		// Activities with the same person but no deal or lead: not this record's.
		if (rng.chance(0.1)) {
			const at = createdMs + rng.int(1, 60) * MINUTE_MS;
			if (at < nowMs)
				addActivity(
					{ person_id: record.person_id },
					{ subject: 'Call', type: 'call', ownerId, addMs: at, dueMs: at, doneMs: at },
				);
		}
		const touches = mine
			.map((a) => ({ at: activityTouchAt(a), byPerson: !INTERNAL_TYPES.has(a.type) }))
			.filter((t) => t.at !== null);
		return earliestAfter(createdMs, touches);
	}

	/** The v1 changelog entry (ChangelogResponseAllOfData): values as text, `time` in v1 "YYYY-MM-DD HH:MM:SS". */
	function plantChangelog(deal) {
		const createdMs = Date.parse(deal.add_time);
		const ownerId = deal.owner_id;
		const path = stagesOf.get(deal.pipeline_id);
		const first = path[0];
		const entries = [];
		const change = (field, from, to, atMs, source, actor) =>
			entries.push({
				field_key: field,
				old_value: from === null ? null : String(from),
				new_value: to === null ? null : String(to),
				actor_user_id: actor,
				time: v1Time(atMs),
				change_source: source,
				change_source_user_agent:
					source === 'api' ? 'Zapier' : source === 'mobile' ? 'Pipedrive/Android' : 'Mozilla/5.0',
				is_bulk_update_flag: false,
			});
		const personSource = () => (rng.chance(0.8) ? 'app' : 'mobile');
		const room = nowMs - createdMs;
		const moveAt = () => {
			const at = createdMs + delay(ownerId);
			return at < nowMs - MINUTE_MS ? at : createdMs + Math.floor(room / 2);
		};
		// Integrations and automations bounce the deal out of the first stage and back: ignored.
		if (rng.chance(0.15) && path.length > 1 && room > 30 * 1000) {
			const bounce = rng.pick(['api', 'automation']);
			change('stage_id', first.id, path[1].id, createdMs + 3000, bounce, automationUser.id);
			change('stage_id', path[1].id, first.id, createdMs + 6000, bounce, automationUser.id);
		}
		if (deal.stage_id === first.id) {
			// Mostly never moved; some went out and came back.
			if (rng.chance(0.15) && path.length > 1 && room > 10 * MINUTE_MS) {
				const out = moveAt();
				change('stage_id', first.id, path[1].id, out, personSource(), ownerId);
				change(
					'stage_id',
					path[1].id,
					first.id,
					out + Math.floor((nowMs - out) / 2),
					personSource(),
					ownerId,
				);
			}
		} else if (!rng.chance(0.15)) {
			// Created in the first stage and moved on, stage by stage, to where it is now.
			const target = path.findIndex((s) => s.id === deal.stage_id);
			let at = moveAt();
			const actor = rng.chance(0.2) ? colleague(ownerId) : ownerId;
			for (let i = 1; i <= target; i++) {
				change(
					'stage_id',
					path[i - 1].id,
					path[i].id,
					at,
					personSource(),
					i === 1 ? actor : ownerId,
				);
				at += Math.floor((nowMs - at) / (target - i + 2));
			}
		}
		// Otherwise created in a later stage: it never left the first one.
		for (let i = rng.int(0, 2); i > 0; i--) {
			const at = createdMs + Math.floor(rng.next() * room);
			change('value', deal.value, deal.value + 100, at, rng.pick(['app', 'api']), ownerId);
		}
		// FAKE CHOICE: newest first, like the deal's history in the app.
		entries.sort(
			(a, b) =>
				Date.parse(b.time.replace(' ', 'T') + 'Z') - Date.parse(a.time.replace(' ', 'T') + 'Z'),
		);
		const stageMoves = entries.filter((e) => e.field_key === 'stage_id');
		if (stageMoves.length > 0) deal.stage_change_time = stageMoves[0].time.replace(' ', 'T') + 'Z';
		const touches = stageMoves
			.filter((e) => firstStages.has(Number(e.old_value)) && e.new_value !== e.old_value)
			.map((e) => ({
				at: Date.parse(e.time.replace(' ', 'T') + 'Z'),
				byPerson:
					!e.is_bulk_update_flag &&
					(e.change_source === null || PERSON_SOURCES.has(e.change_source)),
			}));
		return { entries, first: earliestAfter(createdMs, touches) };
	}

	const changelogs = {};
	for (const deal of deals) {
		truth.humanTouch[String(deal.id)] = plantTouches(deal, {
			deal_id: deal.id,
			person_id: deal.person_id,
		});
		const { entries, first } = plantChangelog(deal);
		changelogs[String(deal.id)] = entries;
		truth.stageChange[String(deal.id)] = first;
	}
	for (const lead of leads) {
		truth.humanTouch[lead.id] = plantTouches(lead, { lead_id: lead.id, person_id: lead.person_id });
		// Leads have no pipeline stages.
		truth.stageChange[lead.id] = null;
	}
	return { activities, changelogs, firstContactTruth: truth, slowestOwnerId: slowest.id };
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
	// `GET /api/v2/activities` (client-nodejs `src/versions/v2/api/activities-api.ts`): filter_id, ids, owner_id,
	// deal_id, lead_id, person_id, org_id, updated_since ("later than or equal to"), updated_until ("earlier than"),
	// sort_by id|update_time|add_time, sort_direction, limit ≤ 500, cursor; `done` quick filter (client-php CHANGELOG
	// 10.0.0). FAKE CHOICE: deleted activities are not listed.
	const listedActivities = data.activities.filter((a) => !a.is_deleted);
	/** The filtered, sorted list per query (cursor and limit aside): pages of one pull are cut from one list. */
	const activityLists = new Map();
	router.add('GET', '/api/v2/activities', ({ query }) => {
		const listKey = [...query.entries()]
			.filter(([name]) => name !== 'cursor' && name !== 'limit' && name !== 'api_token')
			.sort()
			.join('&');
		const since = parseTime(query, 'updated_since');
		const until = parseTime(query, 'updated_until');
		const doneText = query.get('done');
		if (doneText !== null && !['true', 'false', '1', '0'].includes(doneText))
			throw new PipedriveError(400, 'done must be true or false');
		const done = doneText === null ? null : doneText === 'true' || doneText === '1';
		const sortBy = query.get('sort_by') || 'id';
		if (!['id', 'update_time', 'add_time'].includes(sortBy))
			throw new PipedriveError(400, 'Invalid sort_by');
		const direction = (query.get('sort_direction') || 'asc') === 'desc' ? -1 : 1;
		const eq = (name, value) => query.get(name) === null || String(value) === query.get(name);
		let rows = activityLists.get(listKey);
		if (!rows) {
			rows = listedActivities.filter(
				(a) =>
					(since === null || Date.parse(a.update_time) >= since) &&
					(until === null || Date.parse(a.update_time) < until) &&
					(done === null || a.done === done) &&
					eq('owner_id', a.owner_id) &&
					eq('deal_id', a.deal_id) &&
					eq('lead_id', a.lead_id) &&
					eq('person_id', a.person_id),
			);
			const key = (a) => (sortBy === 'id' ? a.id : Date.parse(a[sortBy]));
			rows = rows.sort((a, b) => (key(a) - key(b) || a.id - b.id) * direction);
			activityLists.set(listKey, rows);
		}
		const page = cursorPage(
			`activities:${query.get('sort_by')}:${query.get('sort_direction')}:${doneText}:${query.get('updated_since')}`,
			rows,
			query,
		);
		if (page.data.length > 0) stats.listPages++;
		else stats.emptyPages++;
		return page;
	});
	// `GET /v1/deals/{id}/changelog` "List updates about deal field values", `cursor` and `limit` (client-nodejs
	// docs/DealsApi.md, ChangelogResponseAllOfData). FAKE CHOICE (the documented 200 example is empty): the v2-style
	// envelope `{success, data, additional_data: {next_cursor}}`, limit ≤ 500, unknown deal 404.
	router.add('GET', '/v1/deals/{id}/changelog', ({ params, query }) => {
		if (!dealById.has(params.id)) throw new PipedriveError(404, 'Deal not found');
		return cursorPage(`changelog:${params.id}`, data.changelogs[params.id] || [], query);
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

	// GET /v1/notes "Get all notes": filtered by `deal_id` or `lead_id`, offset paging with `start` / `limit` and
	// `additional_data.pagination` like every v1 list (https://developers.pipedrive.com/docs/api/v1/Notes#getNotes).
	router.add('GET', '/v1/notes', ({ query }) => {
		const start = Number(query.get('start') || 0);
		const limit = parseLimit(query);
		if (!Number.isInteger(start) || start < 0)
			throw new PipedriveError(400, 'start must be a non-negative integer');
		const dealId = query.get('deal_id');
		const leadId = query.get('lead_id');
		const rows = notes.filter(
			(note) =>
				(dealId === null || String(note.deal_id) === dealId) &&
				(leadId === null || note.lead_id === leadId),
		);
		const slice = rows.slice(start, start + limit);
		const more = start + limit < rows.length;
		const pagination = { start, limit, more_items_in_collection: more };
		if (more) pagination.next_start = start + limit;
		return { success: true, data: slice, additional_data: { pagination } };
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
