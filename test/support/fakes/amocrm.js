'use strict';
/**
 * A fake amoCRM / Kommo API v4 server for adapter tests and the real-n8n e2e suite.
 *
 * Behaviours follow shared/reference/crm-apis.md §3 (amoCRM/Kommo); each one cites its source in a
 * comment. Where the public record is silent the fake makes a choice and says so ("FAKE CHOICE") so
 * nobody mistakes it for the real API. Deterministic: the same `seed` and `now` give the same
 * records, ids and injected failures.
 *
 * Routes (all under /api/v4, Bearer auth):
 *   GET  /account                     credential test
 *   GET  /leads                       page/limit/with/filter/order/query;
 *                                     204 when empty or past the end
 *   GET  /leads/{id}
 *   GET  /leads/pipelines, /leads/pipelines/{id}
 *   GET  /leads/loss_reasons
 *   GET  /leads/custom_fields
 *   GET  /users, /users/{id}
 *   GET  /events                      page/limit≤100/filter[entity|entity_id≤10|type|created_by|
 *                                     created_at|id]; 204 when empty (the lead feeds planted by
 *                                     `generateAmoEvents`, with the first-contact truth)
 *   POST /leads/notes                 [{entity_id, note_type: 'common', params: {text}}]
 *   POST /leads/{id}/notes            same, entity from the path
 *   GET  /leads/{id}/notes            page, limit (≤ 250); 204 when empty
 * Control (no auth, not counted): GET /__fake/state, POST /__fake/reset-stats, and the test hook
 * POST /__fake/touch `{id, status?: 'open'|'won'|'lost'}` or an array of them, applied all at once
 * (see `touchLead`); in the test process, `addLead` adds a new lead (see there).
 */

const { URL } = require('url');
const common = require('./common');

/**
 * "Closed – Won (ID = 142), Closed – Lost (ID = 143)" exist in every pipeline (crm-apis.md §3.3,
 * Kommo pipelines reference).
 */
const WON_STATUS_ID = 142;
const LOST_STATUS_ID = 143;
/** `limit` "Максимум – 250" (amoCRM leads-api, crm-apis.md §3.2). */
const MAX_LIMIT = 250;
/**
 * FAKE CHOICE: the page size when `limit` is absent ("рекомендуется не более 50", crm-apis.md
 * §3.4).
 */
const DEFAULT_LIMIT = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Success and error content types (crm-apis.md §3.1, amoCRM leads-api page). */
const HAL_JSON = 'application/hal+json';
const PROBLEM_JSON = 'application/problem+json';

// -------------------------------------------------------------------------------------------------
// Data generation
// -------------------------------------------------------------------------------------------------

const USER_NAMES = [
	['Анна Смирнова', 'anna.smirnova'],
	['Игорь Петров', 'igor.petrov'],
	['Мария Кузнецова', 'maria.kuznetsova'],
	['Дмитрий Орлов', 'dmitry.orlov'],
	['Ольга Белова', 'olga.belova'],
];

const LOSS_REASON_NAMES = [
	'Дорого',
	'Выбрали конкурента',
	'Нет бюджета',
	'Не дозвонились',
	'Неактуально',
];

const SOURCE_NAMES = ['Сайт', 'Telegram', 'WhatsApp', 'API'];

const TAG_NAMES = ['VIP', 'Повторный', 'Горячий'];

/** Marketing channels. `utm: null` = leads without tracking fields (calls, direct visits). */
const CHANNELS = [
	{
		weight: 22,
		title: 'Заявка с сайта',
		utm: {
			source: 'google',
			medium: 'cpc',
			campaigns: ['brand_search', 'generic_crm', 'remarketing_q2'],
		},
		terms: ['crm для бизнеса', 'купить crm', 'учёт заявок'],
	},
	{
		weight: 20,
		title: 'Заявка с сайта',
		utm: { source: 'yandex', medium: 'cpc', campaigns: ['yd_search_msk', 'yd_rsya_retarget'] },
		terms: ['crm система', 'crm для отдела продаж'],
	},
	{
		weight: 12,
		title: 'Заявка из VK',
		utm: { source: 'vk', medium: 'paid_social', campaigns: ['vk_leadform_spring', 'vk_lookalike'] },
	},
	{
		weight: 8,
		title: 'Заявка из Telegram',
		utm: { source: 'telegram', medium: 'cpm', campaigns: ['tg_ads_channels'] },
	},
	{
		weight: 8,
		title: 'Ответ на рассылку',
		utm: { source: 'email', medium: 'newsletter', campaigns: ['digest_monthly', 'webinar_invite'] },
	},
	{
		weight: 6,
		title: 'Рекомендация партнёра',
		utm: { source: 'partner_site', medium: 'referral', campaigns: ['partner_program'] },
	},
	{ weight: 14, title: 'Входящий звонок', utm: null },
	{ weight: 10, title: 'Заявка с сайта', utm: null },
];

const PIPELINE_LAYOUT = [
	{
		name: 'Воронка',
		isMain: true,
		unsortedOn: true,
		stages: [
			'Неразобранное',
			'Первичный контакт',
			'Переговоры',
			'Принимают решение',
			'Согласование договора',
		],
	},
	{
		name: 'Партнёры',
		isMain: false,
		unsortedOn: false,
		stages: ['Новая заявка', 'Встреча назначена', 'КП отправлено'],
	},
];

/**
 * Builds the account in wire format. Lead `_links` need the fake's own URL, so this runs after
 * `listen`.
 * @param {{count: number, seed: number|string, now: Date, baseUrl: string, subdomain: string}} opts
 */
function generateAmoData(opts) {
	const { count, seed, now, baseUrl, subdomain } = opts;
	const rng = common.createRng(seed);
	const nowMs = now.getTime();
	const accountId = rng.int(28000000, 34999999);
	const accountCreated = common.toUnix(nowMs - 900 * DAY_MS);

	const account = {
		id: accountId,
		name: 'Fake amoCRM account',
		subdomain,
		created_at: accountCreated,
		created_by: 0,
		updated_at: accountCreated,
		updated_by: 0,
		current_user_id: 0,
		country: 'RU',
		// The credential test reads the currency (brief); amo prices are in the account currency
		// (crm-apis.md §7).
		currency: 'RUB',
		currency_symbol: '₽',
		customers_mode: 'disabled',
		is_unsorted_on: true,
		is_loss_reason_enabled: true,
		is_helpbot_enabled: false,
		is_technical_account: false,
		contact_name_display_order: 1,
		_links: { self: { href: `${baseUrl}/api/v4/account` } },
	};

	// Users: `_embedded.users[{id,name,email,…}]` (crm-apis.md §3.3). One of them has left the
	// company and still owns old leads, so consumers must not assume every owner is active.
	const userIds = common.uniqueInts(rng, USER_NAMES.length, 5000000, 12999999);
	const users = USER_NAMES.map(([name, login], i) => ({
		id: userIds[i],
		name,
		email: `${login}@example.ru`,
		lang: 'ru',
		rights: {
			is_admin: i === 0,
			is_free: false,
			is_active: i !== USER_NAMES.length - 1,
			group_id: null,
			role_id: null,
		},
		_links: { self: { href: `${baseUrl}/api/v4/users/${userIds[i]}` } },
	}));
	account.current_user_id = users[0].id;
	const activeUsers = users.filter((user) => user.rights.is_active);
	const formerUser = users.find((user) => !user.rights.is_active);

	// Pipelines and stages: pipeline
	// {id,name,sort,is_main,is_unsorted_on,is_archive,account_id,_embedded.statuses}, stage
	// {id,name,sort,is_editable,pipeline_id,color,type (1 incoming / 0 regular),account_id}
	// (crm-apis.md §3.3).
	const pipelineIds = common.uniqueInts(rng, PIPELINE_LAYOUT.length, 1000000, 9999999);
	const stageIds = common.uniqueInts(rng, 20, 10000000, 79999999);
	let stageCursor = 0;
	const pipelines = PIPELINE_LAYOUT.map((layout, p) => {
		const pipelineId = pipelineIds[p];
		const status = (id, name, sort, type, editable, color) => ({
			id,
			name,
			sort,
			is_editable: editable,
			pipeline_id: pipelineId,
			color,
			type,
			account_id: accountId,
			_links: { self: { href: `${baseUrl}/api/v4/leads/pipelines/${pipelineId}/statuses/${id}` } },
		});
		const statuses = layout.stages.map((name, s) =>
			status(
				stageIds[stageCursor++],
				name,
				(s + 1) * 10,
				layout.unsortedOn && s === 0 ? 1 : 0,
				!(layout.unsortedOn && s === 0),
				'#99ccff',
			),
		);
		// 142 and 143 repeat in every pipeline, so stages must be keyed by (pipeline_id, status_id)
		// (crm-apis.md §3.3).
		statuses.push(status(WON_STATUS_ID, 'Успешно реализовано', 10000, 0, false, '#CCFF66'));
		statuses.push(status(LOST_STATUS_ID, 'Закрыто и не реализовано', 11000, 0, false, '#D5D8DB'));
		return {
			id: pipelineId,
			name: layout.name,
			sort: (p + 1) * 100,
			is_main: layout.isMain,
			is_unsorted_on: layout.unsortedOn,
			is_archive: false,
			account_id: accountId,
			_links: { self: { href: `${baseUrl}/api/v4/leads/pipelines/${pipelineId}` } },
			_embedded: { statuses },
		};
	});

	// Loss reasons: {id,name,sort,created_at,updated_at} (SDK LossReasonModel, crm-apis.md §3.2
	// example).
	const lossReasonIds = common.uniqueInts(rng, LOSS_REASON_NAMES.length, 1000000, 9999999);
	const lossReasons = LOSS_REASON_NAMES.map((name, i) => ({
		id: lossReasonIds[i],
		name,
		sort: (i + 1) * 100000,
		created_at: accountCreated,
		updated_at: accountCreated,
		_links: { self: { href: `${baseUrl}/api/v4/leads/loss_reasons/${lossReasonIds[i]}` } },
	}));

	// Lead sources for `with=source`: `"source": {"id": 24000, "name": "API"}` (Kommo changelog
	// 2025-07-29, https://developers.kommo.com/changelog/new-with-parameter-source-for-leads).
	const sourceIds = common.uniqueInts(rng, SOURCE_NAMES.length, 20000, 29999);
	const sources = SOURCE_NAMES.map((name, i) => ({ id: sourceIds[i], name }));

	const tagIds = common.uniqueInts(rng, TAG_NAMES.length, 100000, 999999);
	const tags = TAG_NAMES.map((name, i) => ({ id: tagIds[i], name, color: null }));

	// Custom fields. Tracking fields have `field_type: 'tracking_data'` and codes UTM_* (SDK
	// CustomFieldModel::TYPE_TRACKING_DATA, crm-apis.md §3.3). "Field ids are account-specific; map
	// by field_code": ids here are random per seed, the order inside `custom_fields_values` is
	// shuffled per lead, and a legacy text field is *named* "utm_source" without a code, so mapping
	// by name or by id picks the wrong value.
	const fieldIds = common.uniqueInts(rng, 8, 100000, 1999999);
	const field = (i, name, code, type, sort, extra = {}) => ({
		id: fieldIds[i],
		name,
		type,
		account_id: accountId,
		code,
		sort,
		is_api_only: false,
		enums: null,
		group_id: null,
		required_statuses: [],
		is_deletable: type !== 'tracking_data',
		is_predefined: type === 'tracking_data',
		entity_type: 'leads',
		_links: { self: { href: `${baseUrl}/api/v4/leads/custom_fields/${fieldIds[i]}` } },
		...extra,
	});
	const customerTypeEnums = [
		{ id: rng.int(100000, 199999), value: 'Новый клиент', sort: 1 },
		{ id: rng.int(200000, 299999), value: 'Повторный клиент', sort: 2 },
	];
	const customFields = [
		field(0, 'utm_source', 'UTM_SOURCE', 'tracking_data', 500),
		field(1, 'utm_medium', 'UTM_MEDIUM', 'tracking_data', 501),
		field(2, 'utm_campaign', 'UTM_CAMPAIGN', 'tracking_data', 502),
		field(3, 'utm_content', 'UTM_CONTENT', 'tracking_data', 503),
		field(4, 'utm_term', 'UTM_TERM', 'tracking_data', 504),
		field(5, 'utm_referrer', 'UTM_REFERRER', 'tracking_data', 505),
		field(6, 'utm_source', null, 'text', 510),
		field(7, 'Тип клиента', null, 'select', 520, { enums: customerTypeEnums }),
	];
	const fieldByKey = {
		source: customFields[0],
		medium: customFields[1],
		campaign: customFields[2],
		content: customFields[3],
		term: customFields[4],
		referrer: customFields[5],
		legacy: customFields[6],
		customerType: customFields[7],
	};
	const trackingValue = (definition, value) => ({
		field_id: definition.id,
		field_name: definition.name,
		field_code: definition.code,
		field_type: definition.type,
		values: [{ value }],
	});

	// Leads: created over the last 180 days, ids ascending with creation time.
	const windowStart = nowMs - 180 * DAY_MS;
	const createdTimes = [];
	for (let i = 0; i < count; i++)
		createdTimes.push(windowStart + rng.next() * (nowMs - windowStart - 60000));
	createdTimes.sort((a, b) => a - b);

	const channelWeights = CHANNELS.map((channel) => [channel, channel.weight]);
	const leads = [];
	const contactsByLead = {};
	let nextLeadId = rng.int(10000000, 19999999);
	let nextContactId = rng.int(30000000, 39999999);

	for (let i = 0; i < count; i++) {
		const createdMs = createdTimes[i];
		const ageDays = (nowMs - createdMs) / DAY_MS;
		const id = nextLeadId;
		nextLeadId += rng.int(1, 3);

		const pipeline = rng.chance(0.8) ? pipelines[0] : pipelines[1];
		const regularStages = pipeline._embedded.statuses.filter(
			(s) => s.id !== WON_STATUS_ID && s.id !== LOST_STATUS_ID,
		);
		const closed = rng.chance(Math.min(0.8, ageDays / 60));
		const won = closed && rng.chance(0.4);
		const statusId = closed ? (won ? WON_STATUS_ID : LOST_STATUS_ID) : rng.pick(regularStages).id;

		let closedMs = null;
		let updatedMs;
		if (closed) {
			closedMs = Math.min(
				nowMs - 1000,
				createdMs + (0.05 + rng.next() * Math.min(ageDays, 60)) * DAY_MS,
			);
			updatedMs = Math.min(
				nowMs - 1000,
				closedMs + (rng.chance(0.3) ? rng.next() * 2 * DAY_MS : 0),
			);
		} else {
			updatedMs = Math.min(nowMs - 1000, createdMs + rng.next() * ageDays * DAY_MS);
		}

		const owner =
			formerUser && ageDays > 90 && rng.chance(0.2) ? formerUser : rng.pick(activeUsers);
		const channel = rng.weighted(channelWeights);

		const values = [];
		if (channel.utm) {
			values.push(trackingValue(fieldByKey.source, channel.utm.source));
			values.push(trackingValue(fieldByKey.medium, channel.utm.medium));
			values.push(trackingValue(fieldByKey.campaign, rng.pick(channel.utm.campaigns)));
			if (channel.terms && rng.chance(0.6)) {
				values.push(trackingValue(fieldByKey.term, rng.pick(channel.terms)));
				values.push(trackingValue(fieldByKey.content, `ad_${rng.int(1, 4)}`));
			}
			if (rng.chance(0.3))
				values.push(trackingValue(fieldByKey.referrer, 'https://example-landing.ru/'));
		}
		if (rng.chance(0.1)) values.push(trackingValue(fieldByKey.legacy, 'old_landing'));
		if (rng.chance(0.5)) {
			const option = rng.pick(customerTypeEnums);
			values.push({
				field_id: fieldByKey.customerType.id,
				field_name: fieldByKey.customerType.name,
				field_code: null,
				field_type: 'select',
				values: [{ value: option.value, enum_id: option.id, enum_code: null }],
			});
		}

		const hasSource = rng.chance(0.4);
		const leadTags = rng.chance(0.2) ? [rng.pick(tags)] : [];
		const lead = {
			id,
			name: rng.chance(0.15) ? `Сделка #${id}` : channel.title,
			price: rng.chance(0.1) ? 0 : rng.int(5, 500) * 1000,
			responsible_user_id: owner.id,
			group_id: 0,
			status_id: statusId,
			pipeline_id: pipeline.id,
			// Won leads never carry a reason; some lost ones have none either (the reason is optional in
			// amoCRM).
			loss_reason_id:
				statusId === LOST_STATUS_ID && rng.chance(0.85) ? rng.pick(lossReasons).id : null,
			source_id: hasSource ? rng.pick(sources).id : null,
			created_by: channel.utm ? 0 : owner.id,
			updated_by: owner.id,
			// Unix seconds everywhere (crm-apis.md §3.2).
			created_at: common.toUnix(createdMs),
			updated_at: common.toUnix(updatedMs),
			closed_at: closedMs === null ? null : common.toUnix(closedMs),
			closest_task_at:
				!closed && rng.chance(0.5) ? common.toUnix(nowMs + rng.int(1, 14) * DAY_MS) : null,
			is_deleted: false,
			// No filled field → JSON null, not [] (seen in many public amoCRM payloads, e.g. the
			// leads-api examples quoted in client tests; a known crash cause in consumers).
			custom_fields_values: values.length > 0 ? rng.shuffle(values) : null,
			score: null,
			account_id: accountId,
			labor_cost: null,
			_links: { self: { href: `${baseUrl}/api/v4/leads/${id}` } },
			_embedded: { tags: leadTags, companies: [] },
		};
		leads.push(lead);
		contactsByLead[id] = rng.chance(0.9) ? [nextContactId] : [];
		nextContactId += rng.int(1, 5);
	}

	return { account, users, pipelines, lossReasons, sources, customFields, leads, contactsByLead };
}

// -------------------------------------------------------------------------------------------------
// Events (the lead's activity feed) and the planted first-contact truth
// -------------------------------------------------------------------------------------------------

/**
 * Event types the adapter's First Human Touch reads: outreach by the company ("outgoing_call",
 * "outgoing_mail", "outgoing_chat_message", "outgoing_sms") and a note written in the lead
 * ("common_note_added"). Names from the event-type table of the events API
 * (https://www.amocrm.ru/developers/content/crm_platform/events-and-notes, "Типы событий";
 * the same codes at https://es-developers.kommo.com/reference/tipos-de-eventos). Which of them
 * count as a touch is this package's definition (docs/first-contact/amocrm.md), not amoCRM's.
 */
const TOUCH_TYPES = [
	'outgoing_call',
	'outgoing_mail',
	'outgoing_chat_message',
	'outgoing_sms',
	'common_note_added',
];
const STAGE_CHANGE_TYPE = 'lead_status_changed';
/** "Количество возвращаемых сущностей за один запрос (Максимум – 100)" (events-and-notes, ru). */
const EVENTS_MAX_LIMIT = 100;
/** "filter[entity_id] … An array of up to 10 ID can be passed" (Kommo events-and-notes). */
const EVENTS_MAX_ENTITY_IDS = 10;
/** `filter[created_by]`: "An array of up to 10 users" (same page). */
const EVENTS_MAX_CREATED_BY = 10;

/**
 * The stages a lead sits in before anyone moved it on: the pipeline's incoming-leads stage (type 1,
 * "Неразобранное", when the pipeline has it) and its first regular stage by `sort`. This package's
 * definition of "the pipeline's first stage" (docs/first-contact/amocrm.md), mirrored here.
 */
function entryStagesOf(pipeline) {
	const open = pipeline._embedded.statuses
		.filter((s) => s.id !== WON_STATUS_ID && s.id !== LOST_STATUS_ID)
		.slice()
		.sort((a, b) => a.sort - b.sort);
	const incoming = open.find((s) => s.type === 1);
	const firstRegular = open.find((s) => s.type !== 1);
	return {
		open,
		incoming,
		firstRegular,
		ids: new Set([incoming, firstRegular].filter(Boolean).map((s) => s.id)),
	};
}

/**
 * The definition, applied to the planted events: the earliest event of a touch type, by a person
 * (`created_by` ≠ 0: amoCRM records robot and system actions with author 0, linkprofit-cpa/amocrm-api#6
 * quoting amoCRM support), at or after the lead's `created_at`.
 */
function humanTouchTruth(lead, leadEvents) {
	let first = Infinity;
	for (const event of leadEvents) {
		if (!TOUCH_TYPES.includes(event.type) || event.created_by === 0) continue;
		if (event.created_at < lead.created_at) continue;
		first = Math.min(first, event.created_at);
	}
	return Number.isFinite(first) ? new Date(first * 1000).toISOString() : null;
}

/**
 * The first `lead_status_changed` by a person, at or after creation, that takes the lead from an
 * entry stage of its pipeline to a stage that is not one.
 */
function stageChangeTruth(lead, leadEvents, entryByPipeline) {
	let first = Infinity;
	for (const event of leadEvents) {
		if (event.type !== STAGE_CHANGE_TYPE || event.created_by === 0) continue;
		if (event.created_at < lead.created_at) continue;
		const before = event.value_before[0].lead_status;
		const after = event.value_after[0].lead_status;
		const entryBefore = entryByPipeline.get(before.pipeline_id);
		const entryAfter = entryByPipeline.get(after.pipeline_id);
		if (!entryBefore || !entryBefore.ids.has(before.id)) continue;
		if (entryAfter && entryAfter.ids.has(after.id)) continue;
		first = Math.min(first, event.created_at);
	}
	return Number.isFinite(first) ? new Date(first * 1000).toISOString() : null;
}

/**
 * Plants each lead's activity feed in the events wire format: `{id (string), type, entity_id,
 * entity_type, created_by, created_at (Unix s), value_after[], value_before[], account_id, _links}`
 * (Kommo events-list reference, https://developers.kommo.com/reference/events-list). Own PRNG
 * (`<seed>:events`), so the leads stay exactly as before. Per lead, on purpose:
 *   - touches before the lead was created (a chat from an older conversation): must be ignored;
 *   - automated events (robot/Salesbot chat message or note, author 0; `robot_replied`): ignored;
 *   - an incoming call (the client's touch, not ours): ignored by type;
 *   - ~12 % of leads never touched (null), ~4 % touched in the very second they were created;
 *   - ~20 % of first touches by another user than the owner (counted);
 *   - stage changes: a robot or a manager accepting the lead out of "Неразобранное" (entry → entry,
 *     ignored), then
 *     a person's move out of the entry stages (counted), sometimes a robot's move instead (null);
 *   - one SLOWEST OWNER whose leads are first touched hours to days later instead of minutes.
 * `value_after`/`value_before` shapes (`[{lead_status: {id, pipeline_id}}]`, `[{note: {id}}]`,
 * `[{message: {id}}]`) are UNVERIFIED: the docs' "data structures" table was not at hand; the
 * adapter reads only `lead_status`.
 */
function generateAmoEvents({ data, seed, now, baseUrl }) {
	const rng = common.createRng(`${seed}:events`);
	const nowUnix = common.toUnix(now.getTime());
	const active = data.users.filter((user) => user.rights.is_active);
	const slowestOwner = active[Math.min(2, active.length - 1)];
	const entryByPipeline = new Map(data.pipelines.map((p) => [p.id, entryStagesOf(p)]));
	const events = [];
	const byLead = new Map();
	const truth = { humanTouch: {}, stageChange: {} };
	let serial = 0;
	let noteId = 800000000;

	const add = (lead, type, createdBy, at, valueAfter = [], valueBefore = []) => {
		serial += 1;
		// Ids are strings like "01drbfj5a8k9zd60bgg907a6w9" (events-and-notes, filter[id] example).
		const id = `01${serial.toString(32).padStart(24, '0')}`;
		const event = {
			id,
			type,
			entity_id: lead.id,
			entity_type: 'lead',
			created_by: createdBy,
			created_at: at,
			value_after: valueAfter,
			value_before: valueBefore,
			account_id: data.account.id,
			_links: { self: { href: `${baseUrl}/api/v4/events/${id}` } },
		};
		events.push(event);
		byLead.get(lead.id).push(event);
	};
	const touch = (lead, type, createdBy, at) => {
		const isMessage = /chat_message|sms|mail/.test(type);
		add(lead, type, createdBy, at, [
			isMessage ? { message: { id: `m${serial + 1}` } } : { note: { id: ++noteId } },
		]);
	};
	const move = (lead, createdBy, at, from, to) =>
		add(
			lead,
			STAGE_CHANGE_TYPE,
			createdBy,
			at,
			[{ lead_status: { id: to, pipeline_id: lead.pipeline_id } }],
			[{ lead_status: { id: from, pipeline_id: lead.pipeline_id } }],
		);
	const delayFor = (slow) =>
		slow ? rng.int(6 * 3600, 3 * 86400) : rng.int(60, rng.chance(0.8) ? 3600 : 8 * 3600);

	for (const lead of data.leads) {
		byLead.set(lead.id, []);
		const created = lead.created_at;
		const owner = lead.responsible_user_id;
		const others = active.filter((user) => user.id !== owner);
		const someoneElse = () => (others.length > 0 ? rng.pick(others).id : owner);
		const slow = owner === slowestOwner.id;

		add(lead, 'lead_added', lead.created_by, created, [{ lead: { id: lead.id } }]);
		if (rng.chance(0.15))
			touch(lead, 'outgoing_chat_message', owner, created - rng.int(60, 30 * 86400));
		if (rng.chance(0.5)) {
			touch(
				lead,
				rng.pick(['outgoing_chat_message', 'common_note_added']),
				0,
				created + rng.int(0, 90),
			);
		}
		if (rng.chance(0.2)) touch(lead, 'incoming_call', owner, created + rng.int(1, 600));
		if (rng.chance(0.1)) add(lead, 'robot_replied', 0, created + rng.int(1, 30));
		if (!rng.chance(0.12)) {
			const at = rng.chance(0.04) ? created : created + delayFor(slow);
			if (at < nowUnix - 60) {
				touch(lead, rng.pick(TOUCH_TYPES), rng.chance(0.2) ? someoneElse() : owner, at);
				let later = at;
				for (let k = rng.int(0, 3); k > 0; k--) {
					later += rng.int(60, 2 * 86400);
					if (later >= nowUnix) break;
					touch(lead, rng.pick(TOUCH_TYPES), rng.chance(0.5) ? owner : someoneElse(), later);
				}
			}
		}

		// Stage changes, ending where the lead is now (`status_id`).
		const entry = entryByPipeline.get(lead.pipeline_id);
		let where = entry.open[0].id;
		let t = created;
		if (entry.incoming && lead.status_id !== entry.incoming.id && rng.chance(0.7)) {
			t += rng.int(5, 120);
			// Accepting the lead into the first stage, by a robot or by a manager: entry → entry either way.
			move(lead, rng.chance(0.5) ? 0 : owner, t, where, entry.firstRegular.id);
			where = entry.firstRegular.id;
		}
		if (!entry.ids.has(lead.status_id)) {
			const end = lead.closed_at ?? nowUnix - 60;
			const firstAt = Math.max(t + 1, Math.min(created + delayFor(slow), end));
			const author = rng.chance(0.1) ? 0 : rng.chance(0.15) ? someoneElse() : owner;
			const middle = entry.open.filter((s) => !entry.ids.has(s.id));
			if (lead.closed_at !== null && middle.length > 0 && rng.chance(0.5)) {
				const via = rng.pick(middle).id;
				move(lead, author, firstAt, where, via);
				move(lead, owner, Math.max(end, firstAt + 1), via, lead.status_id);
			} else {
				move(lead, author, firstAt, where, lead.status_id);
			}
		}

		const own = byLead.get(lead.id);
		truth.humanTouch[lead.id] = humanTouchTruth(lead, own);
		truth.stageChange[lead.id] = stageChangeTruth(lead, own, entryByPipeline);
	}
	// Newest first inside each lead, the order the list answers in (FAKE CHOICE, see the route).
	for (const list of byLead.values()) list.sort(compareEventsNewestFirst);
	return {
		events,
		eventsByLead: byLead,
		firstContactTruth: truth,
		slowestOwnerId: String(slowestOwner.id),
	};
}

function compareEventsNewestFirst(a, b) {
	return b.created_at - a.created_at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

// -------------------------------------------------------------------------------------------------
// Errors in amoCRM's shape
// -------------------------------------------------------------------------------------------------

/**
 * Problem details: `{"title","type":"https://httpstatus.es/<code>","status","detail"}`
 * (amocrm/amocrm-api-php#92).
 */
function problem(status, title, detail, extra = {}) {
	return { title, type: `https://httpstatus.es/${status}`, status, detail, ...extra };
}

class ProblemError extends Error {
	constructor(status, body) {
		super(body.detail);
		this.status = status;
		this.body = body;
	}
}

/**
 * Validation errors:
 * `{"validation-errors":[{"request_id":"0","errors":[{"code","path","detail"}]}],"title":"Bad
 * Request",…,"detail":"Request validation failed"}` (crm-apis.md §3.1). FAKE CHOICE: the codes used
 * here.
 */
function validationError(errorsByRequest) {
	return new ProblemError(
		400,
		problem(400, 'Bad Request', 'Request validation failed', {
			'validation-errors': errorsByRequest.map(({ requestId, errors }) => ({
				request_id: requestId,
				errors,
			})),
		}),
	);
}

function queryValidationError(path, detail) {
	return validationError([{ requestId: '0', errors: [{ code: 'InvalidType', path, detail }] }]);
}

// -------------------------------------------------------------------------------------------------
// Query parsing
// -------------------------------------------------------------------------------------------------

function asList(value) {
	if (Array.isArray(value)) return value;
	if (value !== null && typeof value === 'object') return Object.values(value);
	return [value];
}

function numberSet(value, path) {
	const numbers = asList(value).map((item) => Number(item));
	if (numbers.some((n) => !Number.isFinite(n)))
		throw queryValidationError(path, 'Must be a number or a list of numbers');
	return new Set(numbers);
}

/**
 * `filter[x]=ts` (exact) or `filter[x][from]=ts&filter[x][to]=ts`, both ends inclusive (crm-apis.md
 * §3.2).
 */
function numberRange(value, path) {
	const parse = (raw, where) => {
		if (raw === undefined || raw === '') return null;
		const n = Number(raw);
		if (!Number.isFinite(n)) throw queryValidationError(where, 'Must be a unix timestamp');
		return n;
	};
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
		return { from: parse(value.from, `${path}.from`), to: parse(value.to, `${path}.to`) };
	}
	const exact = parse(value, path);
	return { from: exact, to: exact };
}

function inRange(value, range) {
	if (value === null || value === undefined) return false;
	if (range.from !== null && value < range.from) return false;
	if (range.to !== null && value > range.to) return false;
	return true;
}

/**
 * The filters every client uses (crm-apis.md §3.2, amoCRM filters_api): ids, pipelines, owners,
 * authors, status pairs and date ranges. FAKE CHOICE: filters the fake does not know are ignored.
 */
function buildLeadPredicate(filter) {
	if (filter === undefined || filter === null || filter === '') return () => true;
	if (typeof filter !== 'object') throw queryValidationError('filter', 'Filter must be an object');
	const checks = [];
	const setFilter = (key, field = key) => {
		if (filter[key] === undefined) return;
		const allowed = numberSet(filter[key], `filter.${key}`);
		checks.push((lead) => allowed.has(lead[field]));
	};
	setFilter('id');
	setFilter('pipeline_id');
	setFilter('responsible_user_id');
	setFilter('created_by');
	setFilter('updated_by');
	for (const key of ['created_at', 'updated_at', 'closed_at', 'closest_task_at', 'price']) {
		if (filter[key] === undefined) continue;
		const range = numberRange(filter[key], `filter.${key}`);
		checks.push((lead) => inRange(lead[key], range));
	}
	if (filter.statuses !== undefined) {
		// `filter[statuses][0][pipeline_id]=…&filter[statuses][0][status_id]=…`: pairs, any of them
		// (crm-apis.md §3.2).
		const pairs = asList(filter.statuses).map((pair, i) => {
			const pipelineId = Number(pair && pair.pipeline_id);
			const statusId = Number(pair && pair.status_id);
			if (!Number.isFinite(pipelineId) || !Number.isFinite(statusId)) {
				throw queryValidationError(
					`filter.statuses.${i}`,
					'Both pipeline_id and status_id are required',
				);
			}
			return { pipelineId, statusId };
		});
		checks.push((lead) =>
			pairs.some((p) => p.pipelineId === lead.pipeline_id && p.statusId === lead.status_id),
		);
	}
	if (filter.name !== undefined) {
		const names = asList(filter.name).map((name) => String(name).toLowerCase());
		checks.push((lead) => names.includes(String(lead.name).toLowerCase()));
	}
	return (lead) => checks.every((check) => check(lead));
}

/** `page` from 1, `limit` 1..250; more → 400 (crm-apis.md §3.2: "Максимум – 250"). */
function parsePaging(query, maxLimit = MAX_LIMIT) {
	const limit = query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit);
	if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
		throw queryValidationError('limit', `Limit must be an integer from 1 to ${maxLimit}`);
	}
	const page = query.page === undefined ? 1 : Number(query.page);
	if (!Number.isInteger(page) || page < 1)
		throw queryValidationError('page', 'Page must be a positive integer');
	return { page, limit };
}

/**
 * `order[created_at|updated_at|id]=asc|desc` (crm-apis.md §3.2). FAKE CHOICE: default order is id
 * ascending.
 */
function parseOrder(order) {
	if (order === undefined || order === null || order === '') return { field: 'id', direction: 1 };
	if (typeof order !== 'object' || Array.isArray(order))
		throw queryValidationError('order', 'Order must be an object');
	const [field, rawDirection] = Object.entries(order)[0] || ['id', 'asc'];
	if (!['created_at', 'updated_at', 'id'].includes(field)) {
		throw queryValidationError(`order.${field}`, 'Sorting by this field is not supported');
	}
	const direction = String(rawDirection).toLowerCase();
	if (direction !== 'asc' && direction !== 'desc')
		throw queryValidationError(`order.${field}`, 'Must be asc or desc');
	return { field, direction: direction === 'asc' ? 1 : -1 };
}

function parseWith(value) {
	return new Set(
		asList(value ?? '')
			.join(',')
			.split(',')
			.map((item) => item.trim())
			.filter(Boolean),
	);
}

// -------------------------------------------------------------------------------------------------
// The server
// -------------------------------------------------------------------------------------------------

/**
 * @typedef {Object} AmoCrmFakeOptions
 * @property {number} [count] leads to generate (default 500)
 * @property {string} [token] the accepted Bearer token (default 'good-token')
 * @property {number|string} [seed] (default 1)
 * @property {Date} [now] data is generated relative to this instant (default: now)
 * @property {number} [ratePerSecond] accepted requests per `windowMs` (default 7, crm-apis.md §3.4)
 * @property {number} [windowMs] limiter window (default 1000)
 * @property {number} [failureRate] seeded share of requests refused with 429 or 502 (default 0)
 * @property {number} [retryAfter] seconds to announce in `Retry-After` on 429s (default: no header)
 * @property {{after429s: number, forMs: number}} [ipBlock] after that many limiter 429s every
 *   request gets 403 for `forMs`
 * @property {boolean} [nextLinkOnFullPage] `_links.next` whenever a page is full, even the last one
 *   (default true)
 * @property {string} [subdomain] (default 'example')
 * @property {number} [port] (default 0 = any free port)
 * @property {() => number} [clock] milliseconds; tests inject a frozen clock to drive the limiter
 */

/**
 * @typedef {Object} AmoData
 * @property {any} account
 * @property {any[]} users
 * @property {any[]} pipelines with `_embedded.statuses`
 * @property {any[]} lossReasons
 * @property {any[]} sources
 * @property {any[]} customFields
 * @property {any[]} leads by id ascending, without the optional `with=` embeds
 * @property {Record<string, number[]>} contactsByLead
 * @property {any[]} events every lead's activity feed in wire format (see `generateAmoEvents`)
 * @property {Map<number, any[]>} eventsByLead the same events by lead id, newest first
 * @property {{humanTouch: Record<string, string|null>, stageChange: Record<string, string|null>}}
 *   firstContactTruth by lead id: the planted first contact for each First Contact mode (ISO or null)
 * @property {string} slowestOwnerId the user whose leads are first touched much later than the rest
 */

/**
 * @typedef {Object} AmoCrmFake
 * @property {string} url base URL, e.g. http://127.0.0.1:PORT (the credential's base URL; API under
 *   /api/v4)
 * @property {string} token
 * @property {import('./common').FakeStats} stats
 * @property {AmoData} data the raw records in wire format
 * @property {any[]} notes notes created through the API, in wire format plus `text`
 * @property {(id: number|string, change?: {status?: 'open'|'won'|'lost'}) => any} touch test hook: see
 *   `touchLead`
 * @property {() => void} resetStats
 * @property {() => Promise<void>} close
 */

/**
 * @param {AmoCrmFakeOptions} [options]
 * @returns {Promise<AmoCrmFake>}
 */
async function startAmoCrmFake(options = {}) {
	const opts = {
		count: 500,
		token: 'good-token',
		seed: 1,
		now: new Date(),
		ratePerSecond: 7,
		windowMs: 1000,
		failureRate: 0,
		retryAfter: undefined,
		ipBlock: undefined,
		nextLinkOnFullPage: true,
		subdomain: 'example',
		port: 0,
		clock: Date.now,
		...options,
	};
	const stats = common.createStats();
	const limiter = new common.SlidingWindowLimiter({
		limit: opts.ratePerSecond,
		windowMs: opts.windowMs,
		clock: opts.clock,
	});
	const failures = common.createFailureInjector(opts.failureRate, opts.seed);
	const notes = [];
	let blockedUntil = 0;
	let limiterRejectionsSinceBlock = 0;
	let nextNoteId = 0;

	/** @type {ReturnType<typeof generateAmoData>} */
	let data;
	let baseUrl = '';
	const router = new common.Router();

	const hal = (res, status, body) => common.sendJson(res, status, body, HAL_JSON);
	const leadById = new Map();

	/**
	 * TEST HOOK, not an amoCRM behaviour: stands in for a user editing a lead in the CRM between two
	 * polls of a trigger. Sets `updated_at` to now and, when `status` is given, moves the lead to the
	 * fixed won/lost status (142/143, with `closed_at` now) or back to its pipeline's first open stage.
	 * Returns the lead as stored.
	 */
	function touchLead(id, { status } = {}) {
		const lead = leadById.get(String(id));
		if (!lead) throw new Error(`no lead ${id}`);
		const nowUnix = common.toUnix(opts.clock());
		if (status === 'won' || status === 'lost') {
			lead.status_id = status === 'won' ? WON_STATUS_ID : LOST_STATUS_ID;
			lead.closed_at = nowUnix;
			if (status === 'won') lead.loss_reason_id = null;
		} else if (status === 'open') {
			const pipeline = data.pipelines.find((candidate) => candidate.id === lead.pipeline_id);
			const open = pipeline._embedded.statuses.find(
				(s) => s.id !== WON_STATUS_ID && s.id !== LOST_STATUS_ID,
			);
			lead.status_id = open.id;
			lead.closed_at = null;
			lead.loss_reason_id = null;
		} else if (status !== undefined) {
			throw new Error(`status must be open, won or lost, not ${status}`);
		}
		lead.updated_at = nowUnix;
		return lead;
	}

	/**
	 * TEST HOOK, not an amoCRM behaviour: stands in for a lead arriving in the CRM (a form, a call) between
	 * two polls of a trigger. A copy of lead `like` (default: the first one) with the next free id, created
	 * and updated now (or `createdAt`, a Date), in its pipeline's first open stage, with no events (so no
	 * first contact yet) and `overrides` applied last. Returns the lead as stored.
	 */
	function addLead({ like, createdAt, ...overrides } = {}) {
		const model = like === undefined ? data.leads[0] : leadById.get(String(like));
		if (!model) throw new Error(`no lead ${like}`);
		const nowUnix = common.toUnix(createdAt === undefined ? opts.clock() : createdAt.getTime());
		const pipeline = data.pipelines.find((candidate) => candidate.id === model.pipeline_id);
		const open = pipeline._embedded.statuses.find(
			(s) => s.id !== WON_STATUS_ID && s.id !== LOST_STATUS_ID,
		);
		const id = Math.max(...data.leads.map((lead) => lead.id)) + 1;
		const lead = {
			...JSON.parse(JSON.stringify(model)),
			id,
			status_id: open.id,
			closed_at: null,
			loss_reason_id: null,
			created_at: nowUnix,
			updated_at: nowUnix,
			...overrides,
		};
		if (lead._links && lead._links.self) lead._links.self.href = `${baseUrl}/api/v4/leads/${id}`;
		data.leads.push(lead);
		leadById.set(String(id), lead);
		return lead;
	}

	/** A lead as the API prints it for the given `with` set. */
	function renderLead(lead, withSet) {
		const embedded = { tags: lead._embedded.tags, companies: lead._embedded.companies };
		if (withSet.has('contacts')) {
			// Contacts only with `with=contacts` (crm-apis.md §3.2); `is_main` is UNVERIFIED there.
			embedded.contacts = (data.contactsByLead[lead.id] || []).map((contactId, i) => ({
				id: contactId,
				is_main: i === 0,
				_links: { self: { href: `${baseUrl}/api/v4/contacts/${contactId}` } },
			}));
		}
		if (withSet.has('loss_reason') && lead.loss_reason_id !== null) {
			// `with=loss_reason` embeds an array (crm-apis.md §3.2 example). FAKE CHOICE: omitted when
			// the lead has none.
			embedded.loss_reason = data.lossReasons.filter((reason) => reason.id === lead.loss_reason_id);
		}
		if (withSet.has('source') && lead.source_id !== null) {
			const source = data.sources.find((s) => s.id === lead.source_id);
			if (source) embedded.source = { ...source };
		}
		const rendered = { ...lead, _embedded: embedded };
		if (withSet.has('is_price_modified_by_robot')) rendered.is_price_modified_by_robot = false;
		return rendered;
	}

	function pageLinks(requestUrl, page, limit, hasNext) {
		const href = (n) => {
			const params = new URLSearchParams(requestUrl.search);
			params.set('page', String(n));
			params.set('limit', String(limit));
			return `${baseUrl}${requestUrl.pathname}?${params.toString()}`;
		};
		const links = { self: { href: href(page) } };
		if (hasNext) links.next = { href: href(page + 1) };
		if (page > 1) {
			links.first = { href: href(1) };
			links.prev = { href: href(page - 1) };
		}
		return links;
	}

	// GET /api/v4/account — the credential test.
	router.add('GET', '/api/v4/account', ({ res }) => hal(res, 200, data.account));

	// GET /api/v4/leads (crm-apis.md §3.2).
	router.add('GET', '/api/v4/leads', ({ res, query, requestUrl }) => {
		const { page, limit } = parsePaging(query);
		const predicate = buildLeadPredicate(query.filter);
		const order = parseOrder(query.order);
		const withSet = parseWith(query.with);
		let rows = data.leads.filter(predicate);
		if (query.query !== undefined && String(query.query) !== '') {
			const needle = String(query.query).toLowerCase();
			rows = rows.filter(
				(lead) => String(lead.id) === needle || lead.name.toLowerCase().includes(needle),
			);
		}
		if (!(order.field === 'id' && order.direction === 1)) {
			rows = rows
				.slice()
				.sort((a, b) => (a[order.field] - b[order.field] || a.id - b.id) * order.direction);
		}
		const start = (page - 1) * limit;
		const pageRows = rows.slice(start, start + limit);
		if (pageRows.length === 0) {
			// "An empty page, and asking past the last page, return HTTP 204 with no body"
			// (amocrm/amocrm-api-php#299, SDK AmoCRMApiNoContentException; crm-apis.md §3.2).
			stats.emptyPages++;
			common.send(res, 204, {});
			return;
		}
		stats.listPages++;
		// "A next link can point at an empty page, which then returns 204" (amocrm/amocrm-api-php#193):
		// with `nextLinkOnFullPage` the last page gets a `next` whenever it is full, and the leads list
		// has no total.
		const hasNext = opts.nextLinkOnFullPage
			? pageRows.length === limit
			: start + limit < rows.length;
		hal(res, 200, {
			_page: page,
			_links: pageLinks(requestUrl, page, limit, hasNext),
			_embedded: { leads: pageRows.map((lead) => renderLead(lead, withSet)) },
		});
	});

	/**
	 * GET /api/v4/events — the account's activity feed (events-and-notes, "Список событий"):
	 * `page`, `limit` ≤ 100 ("Максимум – 100"; Kommo's English page says 250 — the fake holds the
	 * stricter amoCRM figure, so a client that works here works on both), `filter[id]`,
	 * `filter[created_at]` (a timestamp = from then on, or `[from]`/`[to]`), `filter[created_by]` (≤ 10),
	 * `filter[entity]`, `filter[entity_id]` (≤ 10, and only with exactly one `filter[entity]`),
	 * `filter[type]`. Lists come as arrays (`filter[type][]=…`) or comma-joined text, the way the
	 * official SDK sends them (amocrm-api-php `EventsFilter::buildFilter` implodes with ","). Answer:
	 * HAL `_embedded.events`, `_page`, `_links.self/next`; "Валидный http-код ответа 200 и 204, если
	 * событий по фильтру не найдено". FAKE CHOICES: newest first (the order the web feed shows);
	 * the 400 bodies for the limits; no `with=` names; no retention cut-off (the docs name none).
	 */
	router.add('GET', '/api/v4/events', ({ res, query, requestUrl }) => {
		const { page, limit } = parsePaging(query, EVENTS_MAX_LIMIT);
		const filter = query.filter === undefined || query.filter === '' ? {} : query.filter;
		if (typeof filter !== 'object' || filter === null)
			throw queryValidationError('filter', 'Filter must be an object');
		const list = (value) =>
			asList(value)
				.flatMap((item) => String(item).split(','))
				.map((item) => item.trim())
				.filter((item) => item !== '');
		const entities = filter.entity === undefined ? [] : list(filter.entity);
		let rows;
		if (filter.entity_id !== undefined) {
			const ids = list(filter.entity_id).map(Number);
			if (ids.some((id) => !Number.isFinite(id)))
				throw queryValidationError('filter.entity_id', 'Must be a list of numbers');
			if (ids.length > EVENTS_MAX_ENTITY_IDS)
				throw queryValidationError(
					'filter.entity_id',
					`Not more than ${EVENTS_MAX_ENTITY_IDS} ids`,
				);
			if (entities.length !== 1)
				throw queryValidationError('filter.entity', 'filter[entity_id] needs exactly one entity');
			rows = [];
			if (entities[0] === 'lead') {
				for (const id of new Set(ids)) rows.push(...(data.eventsByLead.get(id) || []));
			}
		} else {
			rows = data.events;
		}
		if (entities.length > 0) rows = rows.filter((event) => entities.includes(event.entity_type));
		if (filter.type !== undefined) {
			const types = new Set(list(filter.type));
			rows = rows.filter((event) => types.has(event.type));
		}
		if (filter.id !== undefined) {
			const ids = new Set(list(filter.id));
			rows = rows.filter((event) => ids.has(event.id));
		}
		if (filter.created_by !== undefined) {
			const authors = list(filter.created_by).map(Number);
			if (authors.length > EVENTS_MAX_CREATED_BY)
				throw queryValidationError(
					'filter.created_by',
					`Not more than ${EVENTS_MAX_CREATED_BY} users`,
				);
			rows = rows.filter((event) => authors.includes(event.created_by));
		}
		if (filter.created_at !== undefined) {
			const range = numberRange(filter.created_at, 'filter.created_at');
			// A single timestamp means "from then on" (events-and-notes), not "exactly then".
			if (typeof filter.created_at !== 'object') range.to = null;
			rows = rows.filter((event) => inRange(event.created_at, range));
		}
		rows = rows.slice().sort(compareEventsNewestFirst);
		const start = (page - 1) * limit;
		const pageRows = rows.slice(start, start + limit);
		if (pageRows.length === 0) {
			// Counted under `byRoute['/api/v4/events']` only: `emptyPages` stays the lead list's.
			common.send(res, 204, {});
			return;
		}
		const hasNext = opts.nextLinkOnFullPage
			? pageRows.length === limit
			: start + limit < rows.length;
		hal(res, 200, {
			_page: page,
			_links: pageLinks(requestUrl, page, limit, hasNext),
			_embedded: { events: pageRows },
		});
	});

	// Lookups are registered before /leads/{id} so their names never parse as ids.
	router.add('GET', '/api/v4/leads/pipelines', ({ res, requestUrl }) => {
		hal(res, 200, {
			_total_items: data.pipelines.length,
			_links: { self: { href: `${baseUrl}${requestUrl.pathname}` } },
			_embedded: { pipelines: data.pipelines },
		});
	});

	router.add('GET', '/api/v4/leads/pipelines/{id}', ({ res, params }) => {
		const pipeline = data.pipelines.find((p) => String(p.id) === params.id);
		// 404 body as in amocrm/amocrm-api-php#92: {"title":"Not Found",…,"detail":"Pipeline not
		// found"}.
		if (!pipeline) throw new ProblemError(404, problem(404, 'Not Found', 'Pipeline not found'));
		hal(res, 200, pipeline);
	});

	// `_embedded.loss_reasons` (SDK EntitiesServices/Leads/LossReasons.php, crm-apis.md §3.3).
	router.add('GET', '/api/v4/leads/loss_reasons', ({ res, requestUrl }) => {
		hal(res, 200, {
			_total_items: data.lossReasons.length,
			_page: 1,
			_links: { self: { href: `${baseUrl}${requestUrl.pathname}` } },
			_embedded: { loss_reasons: data.lossReasons },
		});
	});

	// Custom fields "return up to 50 fields per request" and this list does carry `_total_items`,
	// `_page_count`, `_links.last` (crm-apis.md §3.3, shevernitskiy/amo PR #11).
	router.add('GET', '/api/v4/leads/custom_fields', ({ res, query, requestUrl }) => {
		const { page, limit: askedLimit } = parsePaging(query);
		const limit = Math.min(askedLimit, 50);
		const rows = data.customFields.slice((page - 1) * limit, page * limit);
		if (rows.length === 0) {
			common.send(res, 204, {});
			return;
		}
		const pageCount = Math.ceil(data.customFields.length / limit);
		const links = pageLinks(requestUrl, page, limit, page < pageCount);
		links.last = { href: pageLinks(requestUrl, pageCount, limit, false).self.href };
		hal(res, 200, {
			_total_items: data.customFields.length,
			_page: page,
			_page_count: pageCount,
			_links: links,
			_embedded: { custom_fields: rows },
		});
	});

	router.add('GET', '/api/v4/leads/{id}', ({ res, params, query }) => {
		const lead = leadById.get(params.id);
		// FAKE CHOICE (per the brief): an unknown id answers 404 problem+json in the #92 shape. The
		// SDK's getOne would also accept an empty 204; which one production sends is UNVERIFIED.
		if (!lead) throw new ProblemError(404, problem(404, 'Not Found', 'Lead not found'));
		hal(res, 200, renderLead(lead, parseWith(query.with)));
	});

	// Users: `_embedded.users` (crm-apis.md §3.3). Admin-only in production (403 otherwise); the
	// fake's token is an admin.
	router.add('GET', '/api/v4/users', ({ res, query, requestUrl }) => {
		const { page, limit } = parsePaging(query);
		const rows = data.users.slice((page - 1) * limit, page * limit);
		if (rows.length === 0) {
			common.send(res, 204, {});
			return;
		}
		const pageCount = Math.ceil(data.users.length / limit);
		hal(res, 200, {
			_total_items: data.users.length,
			_page: page,
			_page_count: pageCount,
			_links: pageLinks(requestUrl, page, limit, page < pageCount),
			_embedded: { users: rows },
		});
	});

	router.add('GET', '/api/v4/users/{id}', ({ res, params }) => {
		const user = data.users.find((u) => String(u.id) === params.id);
		if (!user) throw new ProblemError(404, problem(404, 'Not Found', 'User not found'));
		hal(res, 200, user);
	});

	/**
	 * Notes: an array body `[{entity_id, note_type, params: {text}}]`; the answer lists `{id,
	 * entity_id, request_id}` under `_embedded.notes`, the same add-response shape amoCRM uses for
	 * leads (`_embedded.leads[{id,request_id}]`, leads-api add example). FAKE CHOICE: which note
	 * types are accepted and the validation codes.
	 */
	function createNotes(res, body, pathLeadId) {
		if (!Array.isArray(body) || body.length === 0) {
			throw validationError([
				{
					requestId: '0',
					errors: [{ code: 'InvalidType', path: '', detail: 'Body must be a non-empty array' }],
				},
			]);
		}
		const problems = [];
		body.forEach((item, index) => {
			const requestId =
				item && item.request_id !== undefined ? String(item.request_id) : String(index);
			const errors = [];
			const entityId = pathLeadId ?? (item ? Number(item.entity_id) : NaN);
			if (!item || typeof item !== 'object') {
				errors.push({ code: 'InvalidType', path: '', detail: 'Note must be an object' });
			} else {
				if (!Number.isFinite(entityId))
					errors.push({
						code: 'NotBlank',
						path: 'entity_id',
						detail: 'This value should not be blank.',
					});
				else if (!leadById.has(String(entityId)))
					errors.push({ code: 'NotFound', path: 'entity_id', detail: 'Entity not found' });
				if (!['common', 'service_message'].includes(item.note_type)) {
					errors.push({
						code: 'NotSupportedChoice',
						path: 'note_type',
						detail: 'The value you selected is not a valid choice.',
					});
				}
				const text = item.params && item.params.text;
				if (typeof text !== 'string' || text.trim() === '') {
					errors.push({
						code: 'NotBlank',
						path: 'params.text',
						detail: 'This value should not be blank.',
					});
				}
			}
			if (errors.length > 0) problems.push({ requestId, errors });
		});
		if (problems.length > 0) throw validationError(problems);

		const nowUnix = common.toUnix(opts.clock());
		const created = body.map((item, index) => {
			const entityId = pathLeadId ?? Number(item.entity_id);
			const lead = leadById.get(String(entityId));
			nextNoteId += 1;
			const id = 700000000 + nextNoteId;
			const note = {
				id,
				entity_id: entityId,
				entity_type: 'leads',
				note_type: item.note_type,
				params: { ...item.params },
				text: item.params.text,
				created_by: 0,
				updated_by: 0,
				created_at: nowUnix,
				updated_at: nowUnix,
				responsible_user_id: lead.responsible_user_id,
				group_id: 0,
				is_deleted: false,
				account_id: data.account.id,
			};
			notes.push(note);
			return {
				id,
				entity_id: entityId,
				request_id: item.request_id !== undefined ? String(item.request_id) : String(index),
				_links: { self: { href: `${baseUrl}/api/v4/leads/${entityId}/notes/${id}` } },
			};
		});
		hal(res, 200, {
			_links: { self: { href: `${baseUrl}/api/v4/leads/notes` } },
			_embedded: { notes: created },
		});
	}

	router.add('POST', '/api/v4/leads/notes', ({ res, body }) => createNotes(res, body, null));
	router.add('POST', '/api/v4/leads/{id}/notes', ({ res, body, params }) => {
		if (!leadById.has(params.id))
			throw new ProblemError(404, problem(404, 'Not Found', 'Lead not found'));
		createNotes(res, body, Number(params.id));
	});

	/**
	 * GET /api/v4/leads/{id}/notes — "Список примечаний по конкретной сущности, по ID сущности": `page`, `limit`
	 * (max 250), notes under `_embedded.notes` with `params.text`, a `next` link while more follow, 204 when the page
	 * is empty (https://www.amocrm.ru/developers/content/crm_platform/events-and-notes).
	 */
	router.add('GET', '/api/v4/leads/{id}/notes', ({ res, params, query }) => {
		if (!leadById.has(params.id))
			throw new ProblemError(404, problem(404, 'Not Found', 'Lead not found'));
		const pageNo = Math.max(1, Number(query.page) || 1);
		const limit = Math.min(250, Math.max(1, Number(query.limit) || 50));
		const rows = notes.filter((note) => String(note.entity_id) === params.id);
		const slice = rows.slice((pageNo - 1) * limit, pageNo * limit);
		if (slice.length === 0) {
			res.writeHead(204);
			res.end();
			return;
		}
		const self = `${baseUrl}/api/v4/leads/${params.id}/notes?page=${pageNo}&limit=${limit}`;
		const links = { self: { href: self } };
		if (pageNo * limit < rows.length)
			links.next = { href: `${baseUrl}/api/v4/leads/${params.id}/notes?page=${pageNo + 1}&limit=${limit}` };
		hal(res, 200, {
			_page: pageNo,
			_links: links,
			_embedded: { notes: slice.map(({ text, ...wire }) => wire) },
		});
	});

	function authorized(req) {
		// `Authorization: Bearer <token>` (crm-apis.md §3.1, long-lived token).
		const header = req.headers.authorization || '';
		const match = /^Bearer\s+(.+)$/i.exec(header);
		return Boolean(match) && match[1].trim() === opts.token;
	}

	function reject(res, kind) {
		stats.rejected++;
		if (kind === 'ip-block') {
			// Repeated abuse: "IP блокируется и всё отвечает 403" (crm-apis.md §3.4). Body UNVERIFIED: an
			// HTML page.
			common.send(res, 403, { 'Content-Type': 'text/html' }, common.nginxPage(403, 'Forbidden'));
			return;
		}
		if (kind === '429') {
			// The SDK treats a 429 *with a non-JSON body* as "Too many requests"
			// (AmoCRMApiRequest::parseResponse, crm-apis.md §3.4), so the fake answers with an HTML page.
			// Retry-After is UNVERIFIED: only when configured.
			const headers = { 'Content-Type': 'text/html' };
			if (opts.retryAfter !== undefined) headers['Retry-After'] = String(opts.retryAfter);
			common.send(res, 429, headers, common.nginxPage(429, 'Too Many Requests'));
			return;
		}
		// A passing proxy failure; not an API answer, so HTML too.
		common.send(res, 502, { 'Content-Type': 'text/html' }, common.nginxPage(502, 'Bad Gateway'));
	}

	async function handle(req, res) {
		const requestUrl = new URL(req.url || '/', baseUrl);
		let rawBody = '';
		try {
			rawBody = await common.readBody(req);
		} catch {
			common.sendJson(
				res,
				413,
				problem(413, 'Payload Too Large', 'Request body too large'),
				PROBLEM_JSON,
			);
			return;
		}

		const touchHook = (response, body) => {
			try {
				const parsed = JSON.parse(body || '{}');
				const changes = Array.isArray(parsed) ? parsed : [parsed];
				// Checked first, then applied in one go: a poll never sees half of the changes.
				for (const change of changes) {
					if (!leadById.has(String(change.id))) throw new Error(`no lead ${change.id}`);
					if (![undefined, 'open', 'won', 'lost'].includes(change.status)) {
						throw new Error(`status must be open, won or lost, not ${change.status}`);
					}
				}
				const touched = changes.map((change) => touchLead(change.id, { status: change.status }));
				common.sendJson(response, 200, Array.isArray(parsed) ? touched : touched[0]);
			} catch (error) {
				common.sendJson(response, 400, { error: String(error && error.message) });
			}
		};
		const control = {
			stats,
			notes,
			extra: { '/__fake/touch': touchHook },
		};
		if (common.handleControl(req, res, requestUrl, rawBody, control)) return;

		stats.requests++;
		const match = router.match(req.method || 'GET', requestUrl.pathname);
		common.countRoute(stats, match ? match.route.pattern : 'unmatched');

		const now = opts.clock();
		if (blockedUntil > now) return reject(res, 'ip-block');

		if (!authorized(req)) {
			stats.unauthorized++;
			// 401 in problem+json; the SDK reads `detail` (AmoCRMApiRequest::checkHttpStatus).
			common.sendJson(
				res,
				401,
				problem(401, 'Unauthorized', 'Invalid or missing access token'),
				PROBLEM_JSON,
			);
			return;
		}

		// "not more than 7 requests per second" (https://developers.kommo.com/docs/limitations,
		// crm-apis.md §3.4).
		if (!limiter.tryAcquire().ok) {
			stats.rateLimited++;
			limiterRejectionsSinceBlock++;
			if (opts.ipBlock && limiterRejectionsSinceBlock >= opts.ipBlock.after429s) {
				blockedUntil = now + opts.ipBlock.forMs;
				limiterRejectionsSinceBlock = 0;
			}
			return reject(res, '429');
		}

		if (failures.shouldFail()) {
			stats.injectedFailures++;
			return reject(res, failures.pickKind(['429', '502']));
		}

		if (!match) {
			common.sendJson(res, 404, problem(404, 'Not Found', 'Route not found'), PROBLEM_JSON);
			return;
		}
		if (!match.methodAllowed) {
			common.sendJson(
				res,
				405,
				problem(405, 'Method Not Allowed', `${req.method} is not allowed here`),
				PROBLEM_JSON,
			);
			return;
		}

		let body;
		try {
			body = common.parseBody(req.headers['content-type'], rawBody);
		} catch {
			common.sendJson(res, 400, problem(400, 'Bad Request', 'Malformed JSON body'), PROBLEM_JSON);
			return;
		}

		try {
			await match.route.handler({
				req,
				res,
				requestUrl,
				params: match.params,
				query: common.parseBracketQuery(requestUrl.search),
				body,
			});
		} catch (error) {
			if (error instanceof ProblemError) {
				common.sendJson(res, error.status, error.body, PROBLEM_JSON);
				return;
			}
			common.sendJson(
				res,
				500,
				problem(500, 'Internal Server Error', String(error && error.stack)),
				PROBLEM_JSON,
			);
		}
	}

	const server = await common.listen(
		(req, res) => {
			handle(req, res).catch((error) => {
				common.sendJson(
					res,
					500,
					problem(500, 'Internal Server Error', String(error)),
					PROBLEM_JSON,
				);
			});
		},
		{ port: opts.port },
	);
	baseUrl = server.url;
	data = generateAmoData({
		count: opts.count,
		seed: opts.seed,
		now: opts.now,
		baseUrl,
		subdomain: opts.subdomain,
	});
	for (const lead of data.leads) leadById.set(String(lead.id), lead);
	Object.assign(data, generateAmoEvents({ data, seed: opts.seed, now: opts.now, baseUrl }));

	return {
		url: baseUrl,
		token: opts.token,
		stats,
		data,
		notes,
		touch: touchLead,
		addLead,
		resetStats: () => common.resetStats(stats),
		close: server.close,
	};
}

module.exports = {
	startAmoCrmFake,
	generateAmoData,
	generateAmoEvents,
	WON_STATUS_ID,
	LOST_STATUS_ID,
	MAX_LIMIT,
	EVENTS_MAX_LIMIT,
	EVENTS_MAX_ENTITY_IDS,
};
