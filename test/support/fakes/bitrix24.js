'use strict';
/**
 * A fake Bitrix24 REST server (inbound webhook) for adapter tests and the real-n8n e2e suite.
 *
 * Behaviours follow shared/reference/crm-apis.md §4 (Bitrix24) and the official REST docs
 * (bitrix24/b24restdocs, cited by path); each one cites its source in a comment. Where the record
 * is silent the fake makes a choice and says so ("FAKE CHOICE"). Deterministic from `seed` + `now`.
 *
 * URL: `${url}/rest/{userId}/{secret}/{method}` with an optional `.json` suffix; GET query or POST
 * JSON/form body. Methods: crm.deal.list, crm.deal.get, crm.lead.list, crm.lead.get,
 * crm.status.list, crm.category.list, user.get, crm.timeline.comment.add, crm.timeline.comment.list,
 * crm.activity.list, crm.stagehistory.list, profile, batch. Control
 * (not counted, no auth): GET /__fake/state, POST /__fake/reset-stats.
 */

const { URL } = require('url');
const common = require('./common');

/**
 * "The page size for results is always static — 50 records" (crm-deal-list.md, crm-apis.md §4.2).
 */
const PAGE_SIZE = 50;
/**
 * "The number of requests in a batch is limited to 50" (settings/how-to-call-rest-api/batch.md).
 */
const MAX_BATCH = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

// -------------------------------------------------------------------------------------------------
// Dates: ISO 8601 with the portal's offset (crm-apis.md §4.2: "Date-times are ISO 8601 with the
// portal offset").
// -------------------------------------------------------------------------------------------------

function parseOffset(offset) {
	const match = /^([+-])(\d{2}):?(\d{2})$/.exec(String(offset));
	if (!match) throw new Error(`Bad portal offset ${offset}; use e.g. +03:00`);
	const minutes = Number(match[2]) * 60 + Number(match[3]);
	return match[1] === '-' ? -minutes : minutes;
}

const pad = (n) => String(n).padStart(2, '0');

function formatOffset(minutes) {
	const sign = minutes < 0 ? '-' : '+';
	const abs = Math.abs(minutes);
	return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** `2026-01-20T10:00:00+03:00` */
function formatPortal(ms, offsetMinutes) {
	const local = new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes * 60000);
	return (
		`${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
		`T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
		formatOffset(offsetMinutes)
	);
}

/**
 * Date-only fields (BEGINDATE, CLOSEDATE) print as that day's UTC midnight in the portal offset:
 * the docs show `"BEGINDATE": "2024-08-30T02:00:00+02:00"` for a deal created
 * `2024-08-30T14:29:00+02:00` (crm-deal-get.md).
 */
function formatPortalDate(ms, offsetMinutes) {
	const local = new Date(ms + offsetMinutes * 60000);
	const midnightUtc = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
	return formatPortal(midnightUtc, offsetMinutes);
}

/**
 * Filter values: ISO with an offset, or a portal-local `YYYY-MM-DD[ HH:MM[:SS]]` / `DD.MM.YYYY[
 * HH:MM[:SS]]` (the docs pass `date +%Y-%m-%d` to `>DATE_CREATE`, crm-deal-list.md). NaN when
 * unreadable.
 */
function parseFilterDate(value, offsetMinutes) {
	if (value instanceof Date) return value.getTime();
	const text = String(value).trim();
	if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(text) && /^\d{4}-\d{2}-\d{2}T/.test(text))
		return Date.parse(text);
	let match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
	if (match) {
		const [, y, mo, d, h = '0', mi = '0', s = '0'] = match;
		return Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) - offsetMinutes * 60000;
	}
	match = /^(\d{2})\.(\d{2})\.(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
	if (match) {
		const [, d, mo, y, h = '0', mi = '0', s = '0'] = match;
		return Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) - offsetMinutes * 60000;
	}
	return NaN;
}

// -------------------------------------------------------------------------------------------------
// Data generation
// -------------------------------------------------------------------------------------------------

const SALES_USERS = [
	['7', 'Анна', 'Смирнова', 'Менеджер по продажам'],
	['9', 'Игорь', 'Петров', 'Менеджер по продажам'],
	['12', 'Мария', 'Кузнецова', 'Старший менеджер'],
	['15', 'Дмитрий', 'Орлов', 'Менеджер по продажам'],
	['21', 'Ольга', 'Белова', 'Менеджер по продажам'],
];

/**
 * Bitrix24's standard sources plus two custom ones with numeric ids (the lead-get example has
 * `"SOURCE_ID": "1"`).
 */
const SOURCES = [
	['CALL', 'Звонок', 'Y'],
	['EMAIL', 'Электронная почта', 'Y'],
	['WEB', 'Веб-сайт', 'Y'],
	['ADVERTISING', 'Реклама', 'Y'],
	['PARTNER', 'Существующий клиент', 'Y'],
	['RECOMMENDATION', 'По рекомендации', 'Y'],
	['WEBFORM', 'CRM-форма', 'Y'],
	['CALLBACK', 'Обратный звонок', 'Y'],
	['OTHER', 'Другое', 'Y'],
	['1', 'Telegram', 'N'],
	['2', 'Авито', 'N'],
];

/**
 * Channels: SOURCE_ID plus UTM_* columns (crm-apis.md §4.3). `utm: null` = no tracking (calls,
 * referrals).
 */
const CHANNELS = [
	{
		weight: 22,
		sources: ['WEB', 'WEBFORM'],
		utm: { source: 'google', mediums: ['cpc', 'CPC'], campaigns: ['brand_search', 'generic_crm'] },
		terms: ['crm для бизнеса', 'купить crm'],
	},
	{
		weight: 20,
		sources: ['WEB', 'WEBFORM'],
		utm: { source: 'yandex', mediums: ['cpc'], campaigns: ['yd_search_msk', 'yd_rsya_retarget'] },
		terms: ['crm система'],
	},
	{
		weight: 10,
		sources: ['ADVERTISING'],
		utm: { source: 'vk', mediums: ['paid_social'], campaigns: ['vk_leadform_spring'] },
	},
	{
		weight: 6,
		sources: ['1'],
		utm: { source: 'telegram', mediums: ['cpm'], campaigns: ['tg_ads_channels'] },
	},
	{
		weight: 6,
		sources: ['EMAIL'],
		utm: { source: 'email', mediums: ['newsletter'], campaigns: ['digest_monthly'] },
	},
	{ weight: 5, sources: ['2'], utm: null },
	{ weight: 14, sources: ['CALL'], utm: null },
	{ weight: 8, sources: ['RECOMMENDATION', 'PARTNER'], utm: null },
	{ weight: 5, sources: ['CALLBACK'], utm: null },
	{ weight: 4, sources: [null], utm: null },
];

const STAGE_COLORS = { P: '#39A8EF', S: '#7BD500', F: '#FF5752' };

function randomStatusCode(rng) {
	const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
	let code = 'UC_';
	for (let i = 0; i < 6; i++) code += alphabet[rng.int(0, alphabet.length - 1)];
	return code;
}

/**
 * @typedef {Object} BitrixDataOptions
 * @property {number} count deals
 * @property {number} leadCount
 * @property {number|string} seed
 * @property {Date} now
 * @property {number} offsetMinutes portal UTC offset
 * @property {string} userId the webhook owner
 */

/** @param {BitrixDataOptions} options */
function generateBitrixData({ count, leadCount, seed, now, offsetMinutes, userId }) {
	const rng = common.createRng(seed);
	const nowMs = now.getTime();
	const at = (ms) => formatPortal(ms, offsetMinutes);
	const onDay = (ms) => formatPortalDate(ms, offsetMinutes);

	// Users: `{ID, ACTIVE, NAME, LAST_NAME, EMAIL, …}`, ACTIVE a real boolean (user-get.md example).
	// The webhook's owner is an admin; one sales rep has left (ACTIVE false) and still owns old
	// deals.
	const user = (id, name, lastName, position, active, admin) => ({
		ID: id,
		ACTIVE: active,
		NAME: name,
		LAST_NAME: lastName,
		SECOND_NAME: '',
		EMAIL: `user${id}@example.ru`,
		LAST_LOGIN: at(nowMs - rng.int(1, 72) * 3600000),
		DATE_REGISTER: onDay(nowMs - 800 * DAY_MS),
		TIME_ZONE: '',
		IS_ONLINE: 'N',
		PERSONAL_GENDER: '',
		PERSONAL_BIRTHDAY: '',
		WORK_POSITION: position,
		UF_EMPLOYMENT_DATE: '',
		UF_DEPARTMENT: [1],
		USER_TYPE: 'employee',
		_admin: admin,
	});
	const rawUsers = [
		user(String(userId), 'Сергей', 'Волков', 'Руководитель отдела продаж', true, true),
	];
	SALES_USERS.forEach(([id, name, lastName, position], i) => {
		if (id !== String(userId))
			rawUsers.push(user(id, name, lastName, position, i !== SALES_USERS.length - 1, false));
	});
	const owner = rawUsers[0];
	const profile = {
		ID: owner.ID,
		ADMIN: true,
		NAME: owner.NAME,
		LAST_NAME: owner.LAST_NAME,
		PERSONAL_GENDER: '',
		TIME_ZONE: '',
	};
	const users = rawUsers.map(({ _admin, ...wire }) => wire);
	const salesUsers = users.filter((u) => u.ID !== owner.ID);
	const activeSales = salesUsers.filter((u) => u.ACTIVE);
	const formerSales = salesUsers.find((u) => !u.ACTIVE);

	// Pipelines: `crm.category.list {entityTypeId:2}` → result.categories; the default one is id 0
	// and, as in the docs example, sorts last (crm-category-list.md).
	const categories = [
		{
			id: 1,
			name: 'Партнёры',
			sort: 200,
			entityTypeId: 2,
			isDefault: 'N',
			originId: '',
			originatorId: '',
		},
		{ id: 0, name: 'Общая', sort: 300, entityTypeId: 2, isDefault: 'Y' },
	];

	// crm.status.list rows {ID, ENTITY_ID, STATUS_ID, NAME, NAME_INIT, SORT, SYSTEM, CATEGORY_ID,
	// COLOR, SEMANTICS, EXTRA{SEMANTICS, COLOR}} with string scalars; DEAL_STAGE rows have
	// CATEGORY_ID null, the system failure stages are LOSE "Deal failed" and APOLOGY (EXTRA.SEMANTICS
	// "apology") (crm-status-list.md).
	const statuses = [];
	let statusRowId = 100;
	const addStatus = (
		entityId,
		statusId,
		name,
		semantic,
		sort,
		system,
		categoryId,
		extraSemantics,
	) => {
		statusRowId += 1 + rng.int(0, 1);
		const row = {
			ID: String(statusRowId),
			ENTITY_ID: entityId,
			STATUS_ID: statusId,
			NAME: name,
			NAME_INIT: system === 'Y' ? name : '',
			SORT: String(sort),
			SYSTEM: system,
			CATEGORY_ID: categoryId,
			COLOR: semantic ? STAGE_COLORS[semantic] : null,
			SEMANTICS: semantic === 'P' || !semantic ? null : semantic,
		};
		if (semantic) {
			row.EXTRA = {
				SEMANTICS: extraSemantics || { P: 'process', S: 'success', F: 'failure' }[semantic],
				COLOR: STAGE_COLORS[semantic],
			};
		}
		statuses.push(row);
		return row;
	};
	// Several F stages whose names are the lost reasons: "Lost reason: no standard field … the stage
	// name is the reason" (crm-apis.md §4.3).
	const generalStages = [
		addStatus('DEAL_STAGE', 'NEW', 'Новая', 'P', 10, 'Y', null),
		addStatus('DEAL_STAGE', 'PREPARATION', 'Подготовка документов', 'P', 20, 'N', null),
		addStatus('DEAL_STAGE', 'PREPAYMENT_INVOICE', 'Счёт на предоплату', 'P', 30, 'N', null),
		addStatus('DEAL_STAGE', 'EXECUTING', 'В работе', 'P', 40, 'N', null),
		addStatus('DEAL_STAGE', 'FINAL_INVOICE', 'Финальный счёт', 'P', 50, 'N', null),
		addStatus('DEAL_STAGE', 'WON', 'Сделка успешна', 'S', 60, 'Y', null),
		addStatus('DEAL_STAGE', 'LOSE', 'Сделка провалена', 'F', 70, 'Y', null),
		addStatus('DEAL_STAGE', 'APOLOGY', 'Анализ причины провала', 'F', 80, 'N', null, 'apology'),
		addStatus('DEAL_STAGE', randomStatusCode(rng), 'Дорого', 'F', 90, 'N', null),
		addStatus('DEAL_STAGE', randomStatusCode(rng), 'Выбрали конкурента', 'F', 100, 'N', null),
		addStatus('DEAL_STAGE', randomStatusCode(rng), 'Не выходит на связь', 'F', 110, 'N', null),
	];
	// Non-default pipelines: ENTITY_ID `DEAL_STAGE_{categoryId}`, stage ids prefixed `C1:`
	// (crm-apis.md §4.3).
	const partnerStages = [
		addStatus('DEAL_STAGE_1', 'C1:NEW', 'Новая заявка', 'P', 10, 'Y', '1'),
		addStatus('DEAL_STAGE_1', 'C1:PREPARATION', 'Встреча назначена', 'P', 20, 'N', '1'),
		addStatus('DEAL_STAGE_1', 'C1:EXECUTING', 'КП отправлено', 'P', 30, 'N', '1'),
		addStatus('DEAL_STAGE_1', 'C1:WON', 'Договор подписан', 'S', 60, 'Y', '1'),
		addStatus('DEAL_STAGE_1', 'C1:LOSE', 'Отказ', 'F', 70, 'Y', '1'),
		addStatus(
			'DEAL_STAGE_1',
			`C1:${randomStatusCode(rng)}`,
			'Не подошли условия',
			'F',
			80,
			'N',
			'1',
		),
	];
	// Lead statuses: ENTITY_ID 'STATUS'; JUNK is the lead failure status (crm-apis.md §4.3,
	// crm-lead-add.md).
	const leadStatuses = [
		addStatus('STATUS', 'NEW', 'Не обработан', 'P', 10, 'Y', null),
		addStatus('STATUS', 'IN_PROCESS', 'В работе', 'P', 20, 'N', null),
		addStatus('STATUS', 'PROCESSED', 'Обработан', 'P', 30, 'N', null),
		addStatus('STATUS', 'CONVERTED', 'Качественный лид', 'S', 40, 'Y', null),
		addStatus('STATUS', 'JUNK', 'Некачественный лид', 'F', 50, 'Y', null),
		addStatus('STATUS', randomStatusCode(rng), 'Дубль', 'F', 60, 'N', null),
	];
	// Sources: ENTITY_ID 'SOURCE' (crm-apis.md §4.3). FAKE CHOICE: no EXTRA on non-stage rows.
	SOURCES.forEach(([statusId, name, system], i) =>
		addStatus('SOURCE', statusId, name, null, (i + 1) * 10, system, null),
	);

	const stagesFor = (stages, semantic) => stages.filter((s) => (s.SEMANTICS || 'P') === semantic);
	const pipelinesStages = { 0: generalStages, 1: partnerStages };
	const channelWeights = CHANNELS.map((channel) => [channel, channel.weight]);
	const userFieldName = `UF_CRM_${1700000000000 + rng.int(0, 99999999)}`;

	const createdSeries = (n) => {
		const start = nowMs - 180 * DAY_MS;
		const times = [];
		for (let i = 0; i < n; i++) times.push(start + rng.next() * (nowMs - start - 60000));
		return times.sort((a, b) => a - b);
	};

	const pickOwner = (ageDays) =>
		formerSales && ageDays > 90 && rng.chance(0.2) ? formerSales : rng.pick(activeSales);

	const pickUtm = (channel) => {
		const utm = {
			UTM_SOURCE: null,
			UTM_MEDIUM: null,
			UTM_CAMPAIGN: null,
			UTM_CONTENT: null,
			UTM_TERM: null,
		};
		if (!channel.utm) return utm;
		utm.UTM_SOURCE = channel.utm.source;
		utm.UTM_MEDIUM = rng.pick(channel.utm.mediums);
		utm.UTM_CAMPAIGN = rng.pick(channel.utm.campaigns);
		if (channel.terms && rng.chance(0.6)) {
			utm.UTM_TERM = rng.pick(channel.terms);
			utm.UTM_CONTENT = `ad_${rng.int(1, 4)}`;
		}
		return utm;
	};

	const money = (amount) => amount.toFixed(2);
	const pickCurrency = () =>
		rng.weighted([
			['RUB', 90],
			['USD', 7],
			['EUR', 3],
		]);

	/** Times of one record: closing is likelier the older it is. */
	const lifecycle = (createdMs) => {
		const ageDays = (nowMs - createdMs) / DAY_MS;
		const closed = rng.chance(Math.min(0.8, ageDays / 60));
		const closedMs = closed
			? Math.min(nowMs - 1000, createdMs + (0.05 + rng.next() * Math.min(ageDays, 60)) * DAY_MS)
			: null;
		const movedMs = closed ? closedMs : createdMs + rng.next() * (nowMs - createdMs) * 0.8;
		const modifiedMs = Math.min(
			nowMs - 1000,
			movedMs + (rng.chance(0.3) ? rng.next() * 2 * DAY_MS : 0),
		);
		return { ageDays, closed, closedMs, movedMs, modifiedMs };
	};

	// Deals (crm-deal-get.md field set and order; every scalar a string, ids included; crm-apis.md
	// §4.2).
	const deals = [];
	let nextDealId = rng.int(100, 4000);
	for (const createdMs of createdSeries(count)) {
		const id = String(nextDealId);
		nextDealId += rng.int(1, 3);
		const life = lifecycle(createdMs);
		const categoryId = rng.chance(0.8) ? 0 : 1;
		const stages = pipelinesStages[categoryId];
		let stage;
		if (!life.closed) stage = rng.pick(stagesFor(stages, 'P'));
		else if (rng.chance(0.4)) stage = stagesFor(stages, 'S')[0];
		else stage = rng.pick(stagesFor(stages, 'F'));
		const semantic = stage.SEMANTICS || 'P';
		const assigned = pickOwner(life.ageDays);
		const channel = rng.weighted(channelWeights);
		const sourceId = rng.pick(channel.sources);
		const utm = pickUtm(channel);
		const firstStage = stage.STATUS_ID === stages[0].STATUS_ID;
		deals.push({
			ID: id,
			TITLE: rng.chance(0.5)
				? `Сделка #${id}`
				: `${SOURCES.find((s) => s[0] === sourceId)?.[1] ?? 'Заявка'}: заказ`,
			TYPE_ID: rng.pick(['SALE', 'COMPLEX', 'GOODS', 'SERVICES']),
			STAGE_ID: stage.STATUS_ID,
			PROBABILITY: null,
			CURRENCY_ID: pickCurrency(),
			OPPORTUNITY: rng.chance(0.08) ? '0.00' : money(rng.int(5, 500) * 1000),
			IS_MANUAL_OPPORTUNITY: 'N',
			TAX_VALUE: '0.00',
			LEAD_ID: null,
			COMPANY_ID: '0',
			CONTACT_ID: rng.chance(0.9) ? String(rng.int(1000, 99999)) : null,
			QUOTE_ID: null,
			BEGINDATE: onDay(createdMs),
			// CLOSEDATE is the *planned* close date while the deal is open (here: creation + 7 days,
			// possibly long past), and the close day once CLOSED = "Y"; only a day, no time (crm-apis.md
			// §7 vs crm-deal-get.md).
			CLOSEDATE: onDay(life.closed ? life.closedMs : createdMs + 7 * DAY_MS),
			ASSIGNED_BY_ID: assigned.ID,
			CREATED_BY_ID: channel.utm ? owner.ID : assigned.ID,
			MODIFY_BY_ID: assigned.ID,
			DATE_CREATE: at(createdMs),
			DATE_MODIFY: at(life.modifiedMs),
			OPENED: 'Y',
			CLOSED: life.closed ? 'Y' : 'N',
			COMMENTS: null,
			ADDITIONAL_INFO: null,
			LOCATION_ID: null,
			CATEGORY_ID: String(categoryId),
			STAGE_SEMANTIC_ID: semantic,
			IS_NEW: firstStage ? 'Y' : 'N',
			IS_RECURRING: 'N',
			IS_RETURN_CUSTOMER: rng.chance(0.1) ? 'Y' : 'N',
			IS_REPEATED_APPROACH: 'N',
			SOURCE_ID: sourceId,
			SOURCE_DESCRIPTION: sourceId && rng.chance(0.2) ? 'Форма на лендинге' : null,
			ORIGINATOR_ID: null,
			ORIGIN_ID: null,
			MOVED_BY_ID: assigned.ID,
			// The moment the deal entered its stage: for closed deals the real closing time, unlike
			// CLOSEDATE.
			MOVED_TIME: at(life.movedMs),
			LAST_ACTIVITY_TIME: at(life.modifiedMs),
			...utm,
			LAST_ACTIVITY_BY: assigned.ID,
			[userFieldName]: rng.chance(0.3) ? 'Комментарий менеджера' : '',
		});
	}

	// Leads: STATUS_ID, STATUS_SEMANTIC_ID, STATUS_DESCRIPTION, DATE_CLOSED — "" (not null) while
	// open, as in the crm-lead-get.md example (crm-apis.md §4.2).
	const firstNames = [
		'Алексей',
		'Елена',
		'Павел',
		'Наталья',
		'Олег',
		'Ирина',
		'Виктор',
		'Светлана',
	];
	const lastNames = [
		'Иванов',
		'Соколова',
		'Попов',
		'Лебедева',
		'Новиков',
		'Морозова',
		'Волков',
		'Зайцева',
	];
	const junkReasons = ['Не целевой', 'Спам', 'Не дозвонились', 'Дорого'];
	const leads = [];
	let nextLeadId = rng.int(100, 4000);
	for (const createdMs of createdSeries(leadCount)) {
		const id = String(nextLeadId);
		nextLeadId += rng.int(1, 3);
		const life = lifecycle(createdMs);
		let status;
		if (!life.closed) status = rng.pick(stagesFor(leadStatuses, 'P'));
		else if (rng.chance(0.45)) status = stagesFor(leadStatuses, 'S')[0];
		else
			status = rng.weighted([
				[leadStatuses[4], 70],
				[leadStatuses[5], 30],
			]);
		const semantic = status.SEMANTICS || 'P';
		const assigned = pickOwner(life.ageDays);
		const channel = rng.weighted(channelWeights);
		const sourceId = rng.pick(channel.sources);
		leads.push({
			ID: id,
			TITLE: `Лид #${id}`,
			HONORIFIC: null,
			NAME: rng.pick(firstNames),
			SECOND_NAME: null,
			LAST_NAME: rng.pick(lastNames),
			COMPANY_TITLE: null,
			COMPANY_ID: null,
			CONTACT_ID: null,
			IS_RETURN_CUSTOMER: 'N',
			BIRTHDATE: '',
			SOURCE_ID: sourceId,
			SOURCE_DESCRIPTION: null,
			STATUS_ID: status.STATUS_ID,
			STATUS_DESCRIPTION: semantic === 'F' && rng.chance(0.6) ? rng.pick(junkReasons) : null,
			POST: null,
			COMMENTS: null,
			CURRENCY_ID: pickCurrency(),
			OPPORTUNITY: rng.chance(0.6) ? '0.00' : money(rng.int(5, 300) * 1000),
			IS_MANUAL_OPPORTUNITY: 'N',
			HAS_PHONE: rng.chance(0.8) ? 'Y' : 'N',
			HAS_EMAIL: rng.chance(0.5) ? 'Y' : 'N',
			HAS_IMOL: 'N',
			ASSIGNED_BY_ID: assigned.ID,
			CREATED_BY_ID: channel.utm ? owner.ID : assigned.ID,
			MODIFY_BY_ID: assigned.ID,
			DATE_CREATE: at(createdMs),
			DATE_MODIFY: at(life.modifiedMs),
			DATE_CLOSED: life.closed ? at(life.closedMs) : '',
			STATUS_SEMANTIC_ID: semantic,
			OPENED: 'Y',
			ORIGINATOR_ID: null,
			ORIGIN_ID: null,
			MOVED_BY_ID: assigned.ID,
			MOVED_TIME: at(life.movedMs),
			ADDRESS: null,
			ADDRESS_CITY: null,
			ADDRESS_COUNTRY: null,
			...pickUtm(channel),
			LAST_ACTIVITY_BY: assigned.ID,
			LAST_ACTIVITY_TIME: at(life.modifiedMs),
		});
	}

	const touches = generateTouches({
		seed,
		nowMs,
		at,
		deals,
		leads,
		activeSales,
		pipelinesStages,
		leadStatuses,
	});

	return { profile, users, categories, statuses, deals, leads, userFieldName, ...touches };
}

// -------------------------------------------------------------------------------------------------
// First contact: activities, timeline comments and stage history, planted per deal and lead with the
// truth for both modes (docs/first-contact/bitrix24.md says what counts and why).
// -------------------------------------------------------------------------------------------------

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const wholeSecond = (ms) => Math.floor(ms / 1000) * 1000;

/**
 * Activities in the crm.activity.list wire format: every scalar a string, SETTINGS `[]`, dates with
 * the portal offset (crm-activity-list.md response example). TYPE_ID 1 meeting, 2 call, 4 e-mail, 6
 * other (crm.enum.activitytype); DIRECTION 1 incoming, 2 outgoing (crm.enum.activitydirection);
 * STATUS 1 waiting, 2 completed (crm.enum.activitystatus). PROVIDER_ID values as portals send them
 * (VOXIMPLANT_CALL in the docs example; CRM_EMAIL, CRM_MEETING, CRM_WEBFORM, IMOPENLINES_SESSION,
 * REST_APP, CRM_SMS, CRM_BIZPROC_TASK — FAKE CHOICE where the docs show none).
 */
const CHANNEL_KINDS = {
	call: {
		TYPE_ID: '2',
		PROVIDER_ID: 'VOXIMPLANT_CALL',
		PROVIDER_TYPE_ID: 'CALL',
		SUBJECT: 'Исходящий звонок',
	},
	email: {
		TYPE_ID: '4',
		PROVIDER_ID: 'CRM_EMAIL',
		PROVIDER_TYPE_ID: 'EMAIL',
		SUBJECT: 'Коммерческое предложение',
	},
	meeting: {
		TYPE_ID: '1',
		PROVIDER_ID: 'CRM_MEETING',
		PROVIDER_TYPE_ID: 'MEETING',
		SUBJECT: 'Встреча с клиентом',
	},
	openline: {
		TYPE_ID: '6',
		PROVIDER_ID: 'IMOPENLINES_SESSION',
		PROVIDER_TYPE_ID: 'telegrambot',
		SUBJECT: 'Чат: Telegram',
	},
	webform: {
		TYPE_ID: '6',
		PROVIDER_ID: 'CRM_WEBFORM',
		PROVIDER_TYPE_ID: 'FORM',
		SUBJECT: 'Заполнена CRM-форма',
	},
	restApp: {
		TYPE_ID: '6',
		PROVIDER_ID: 'REST_APP',
		PROVIDER_TYPE_ID: 'REST_APP',
		SUBJECT: 'Рассылка: приветствие',
	},
	sms: { TYPE_ID: '6', PROVIDER_ID: 'CRM_SMS', PROVIDER_TYPE_ID: 'SMS', SUBJECT: 'SMS от робота' },
	robotTask: {
		TYPE_ID: '3',
		PROVIDER_ID: 'CRM_BIZPROC_TASK',
		PROVIDER_TYPE_ID: 'TASK',
		SUBJECT: 'Задание бизнес-процесса',
	},
};

/**
 * Per deal and lead: a first human touch after creation (call, e-mail, meeting, open-line chat the
 * operator started, or a note), sometimes by another user than the responsible one (counted), a few
 * later ones; touches before creation (ignored); automated activities — web form, application,
 * robot SMS, business-process task — and an incoming call or a planned, not yet made call, often
 * before the human touch (all ignored); never-touched records (null). One active sales rep, the
 * slowest owner, answers a day or more after creation; everyone else within hours. Stage history:
 * the creation row (TYPE_ID 1) and the moves to the current stage (TYPE_ID 2 intermediate, 3 final;
 * crm-stage-history-list.md), integer ids as in its example. A seeded generator of its own keeps the
 * deals and leads exactly as they were.
 */
function generateTouches({
	seed,
	nowMs,
	at,
	deals,
	leads,
	activeSales,
	pipelinesStages,
	leadStatuses,
}) {
	const rng = common.createRng(`${seed}:first-contact`);
	const slowestOwnerId = activeSales[Math.min(1, activeSales.length - 1)].ID;
	const activities = [];
	const comments = [];
	const stageHistory = [];
	let nextActivityId = 7000 + rng.int(0, 500);
	let nextCommentId = 90000 + rng.int(0, 500);
	let nextHistoryId = 300 + rng.int(0, 50);
	const truth = {
		humanTouch: { deals: {}, leads: {} },
		stageChange: { deals: {}, leads: {} },
	};

	const activity = (ownerType, record, kind, startMs, overrides = {}) => {
		const base = CHANNEL_KINDS[kind];
		const start = wholeSecond(startMs);
		const responsible = overrides.RESPONSIBLE_ID ?? record.ASSIGNED_BY_ID;
		const completed = overrides.COMPLETED ?? 'Y';
		nextActivityId += rng.int(1, 4);
		activities.push({
			ID: String(nextActivityId),
			OWNER_ID: record.ID,
			OWNER_TYPE_ID: String(ownerType),
			TYPE_ID: base.TYPE_ID,
			PROVIDER_ID: base.PROVIDER_ID,
			PROVIDER_TYPE_ID: base.PROVIDER_TYPE_ID,
			PROVIDER_GROUP_ID: null,
			ASSOCIATED_ENTITY_ID: '0',
			SUBJECT: base.SUBJECT,
			// A meeting is planned before it is held; calls and e-mails are logged as they happen.
			CREATED: at(
				kind === 'meeting'
					? Math.max(start - rng.int(1, 48) * HOUR_MS, Date.parse(record.DATE_CREATE))
					: start,
			),
			LAST_UPDATED: at(start + 60000),
			START_TIME: at(start),
			END_TIME: at(start + rng.int(1, 30) * MINUTE_MS),
			DEADLINE: at(start),
			COMPLETED: completed,
			STATUS: completed === 'Y' ? '2' : '1',
			RESPONSIBLE_ID: responsible,
			PRIORITY: '2',
			NOTIFY_TYPE: '1',
			NOTIFY_VALUE: '15',
			DESCRIPTION: '',
			DESCRIPTION_TYPE: '1',
			DIRECTION: kind === 'meeting' ? '0' : '2',
			LOCATION: '',
			SETTINGS: [],
			ORIGINATOR_ID: null,
			ORIGIN_ID: null,
			AUTHOR_ID: responsible,
			EDITOR_ID: responsible,
			...overrides,
		});
	};
	// Timeline comments as crm.timeline.comment.add stores them (ID, CREATED, ENTITY_ID, ENTITY_TYPE,
	// AUTHOR_ID, COMMENT; crm-timeline-comment-fields.md).
	const comment = (entityType, record, startMs, authorId) => {
		nextCommentId += rng.int(1, 3);
		comments.push({
			ID: String(nextCommentId),
			CREATED: at(wholeSecond(startMs)),
			ENTITY_ID: record.ID,
			ENTITY_TYPE: entityType,
			AUTHOR_ID: authorId,
			COMMENT: rng.pick(['Перезвонить после обеда', 'Клиент просит КП', 'Обсудили условия']),
			FILES: [],
		});
	};
	const otherUser = (ownerId) => {
		const others = activeSales.filter((u) => u.ID !== ownerId);
		return others.length ? rng.pick(others).ID : ownerId;
	};

	const plant = (kind, record) => {
		const ownerType = kind === 'deal' ? 2 : 1;
		const entityType = kind;
		const createdMs = Date.parse(record.DATE_CREATE);
		const owner = record.ASSIGNED_BY_ID;
		const slow = owner === slowestOwnerId;
		const before = (ms) => ms < nowMs - 1000;

		// Touches before the record existed: the contact's older history (ignored).
		if (rng.chance(0.25))
			activity(ownerType, record, 'call', createdMs - rng.int(1, 30) * 24 * HOUR_MS);
		if (rng.chance(0.1)) comment(entityType, record, createdMs - rng.int(1, 72) * HOUR_MS, owner);
		// Automation around creation (ignored): the form that created it, an app's welcome mail, a
		// robot's SMS and task, the client's own incoming call, a call planned but not yet made.
		if (rng.chance(0.4))
			activity(ownerType, record, 'webform', createdMs, { DIRECTION: '1', AUTHOR_ID: '0' });
		if (rng.chance(0.35))
			activity(ownerType, record, 'restApp', createdMs + rng.int(30, 300) * 1000);
		if (rng.chance(0.3)) activity(ownerType, record, 'sms', createdMs + rng.int(60, 600) * 1000);
		if (rng.chance(0.2))
			activity(ownerType, record, 'robotTask', createdMs + rng.int(60, 600) * 1000);
		if (rng.chance(0.2))
			activity(ownerType, record, 'call', createdMs + rng.int(1, 20) * MINUTE_MS, {
				DIRECTION: '1',
			});
		if (rng.chance(0.2))
			activity(ownerType, record, 'call', createdMs + rng.int(1, 20) * MINUTE_MS, {
				COMPLETED: 'N',
			});

		let first = null;
		if (!rng.chance(0.12)) {
			const delay = slow
				? (24 + rng.next() * 48) * HOUR_MS
				: (2 + rng.next() * rng.next() * 240) * MINUTE_MS;
			const firstMs = wholeSecond(createdMs + delay);
			if (before(firstMs)) {
				first = firstMs;
				const actor = rng.chance(0.2) ? otherUser(owner) : owner;
				const channel = rng.weighted([
					['call', 45],
					['email', 20],
					['meeting', 10],
					['openline', 10],
					['comment', 15],
				]);
				if (channel === 'comment') comment(entityType, record, firstMs, actor);
				else activity(ownerType, record, channel, firstMs, { RESPONSIBLE_ID: actor });
				const later = rng.chance(0.015) ? 60 : rng.int(0, 3);
				for (let i = 0; i < later; i++) {
					const laterMs = firstMs + rng.int(1, 240) * HOUR_MS;
					if (!before(laterMs)) continue;
					if (rng.chance(0.2)) comment(entityType, record, laterMs, owner);
					else activity(ownerType, record, rng.pick(['call', 'email', 'meeting']), laterMs);
				}
			}
		}
		truth.humanTouch[`${kind}s`][record.ID] = first === null ? null : new Date(first).toISOString();

		// Stage history: created in the pipeline's first stage; moves only when it is elsewhere now.
		const stages = kind === 'deal' ? pipelinesStages[record.CATEGORY_ID] : leadStatuses;
		const stageKey = kind === 'deal' ? 'STAGE_ID' : 'STATUS_ID';
		const semanticKey = kind === 'deal' ? 'STAGE_SEMANTIC_ID' : 'STATUS_SEMANTIC_ID';
		const row = (typeId, ms, stage) => {
			nextHistoryId += rng.int(1, 3);
			stageHistory.push({
				entityTypeId: ownerType,
				row: {
					ID: nextHistoryId,
					TYPE_ID: typeId,
					OWNER_ID: Number(record.ID),
					CREATED_TIME: at(wholeSecond(ms)),
					...(kind === 'deal' ? { CATEGORY_ID: Number(record.CATEGORY_ID) } : {}),
					[semanticKey]: stage.SEMANTICS || 'P',
					[stageKey]: stage.STATUS_ID,
				},
			});
		};
		row(1, createdMs, stages[0]);
		let moved = null;
		const current = stages.find((s) => s.STATUS_ID === record[stageKey]) ?? stages[0];
		if (current.STATUS_ID !== stages[0].STATUS_ID) {
			const movedMs = Math.max(createdMs + 1000, Date.parse(record.MOVED_TIME));
			const wanted =
				createdMs + (slow ? (30 + rng.next() * 48) * HOUR_MS : (5 + rng.next() * 300) * MINUTE_MS);
			const middle = stages.filter(
				(s) =>
					!s.SEMANTICS && s.STATUS_ID !== stages[0].STATUS_ID && s.STATUS_ID !== current.STATUS_ID,
			);
			if (wanted < movedMs - 1000 && middle.length > 0) {
				row(2, wanted, rng.pick(middle));
				moved = wholeSecond(wanted);
			} else {
				moved = wholeSecond(movedMs);
			}
			row(current.SEMANTICS ? 3 : 2, movedMs, current);
		}
		truth.stageChange[`${kind}s`][record.ID] =
			moved === null ? null : new Date(moved).toISOString();
	};

	for (const deal of deals) plant('deal', deal);
	for (const lead of leads) plant('lead', lead);
	// Rows in id order, as the API returns them by default.
	activities.sort((a, b) => Number(a.ID) - Number(b.ID));
	comments.sort((a, b) => Number(a.ID) - Number(b.ID));
	stageHistory.sort((a, b) => a.row.ID - b.row.ID);
	return {
		activities,
		comments,
		stageHistory,
		firstContactTruth: truth,
		slowestOwnerId,
	};
}

// -------------------------------------------------------------------------------------------------
// Filters, order, select
// -------------------------------------------------------------------------------------------------

const DATE_FIELDS = new Set([
	'DATE_CREATE',
	'DATE_MODIFY',
	'BEGINDATE',
	'CLOSEDATE',
	'MOVED_TIME',
	'LAST_ACTIVITY_TIME',
	'DATE_CLOSED',
	'BIRTHDATE',
	'DATE_REGISTER',
	'LAST_LOGIN',
	// Activities, timeline comments, stage history (crm-activity-fields.md, crm-stage-history-list.md).
	'CREATED',
	'LAST_UPDATED',
	'START_TIME',
	'END_TIME',
	'DEADLINE',
	'CREATED_TIME',
]);
const NUMBER_FIELDS = new Set([
	'ID',
	'CATEGORY_ID',
	'ASSIGNED_BY_ID',
	'CREATED_BY_ID',
	'MODIFY_BY_ID',
	'MOVED_BY_ID',
	'LAST_ACTIVITY_BY',
	'LEAD_ID',
	'CONTACT_ID',
	'COMPANY_ID',
	'QUOTE_ID',
	'OPPORTUNITY',
	'TAX_VALUE',
	'PROBABILITY',
	'SORT',
	'OWNER_ID',
	'OWNER_TYPE_ID',
	'ENTITY_ID',
	'AUTHOR_ID',
	'RESPONSIBLE_ID',
	'DIRECTION',
]);

/**
 * Prefix operators: `>=, >, <=, <, @ (IN), !@, %, =%, %=, !%, =, !=, !` (crm-deal-list.md,
 * user-get.md). Longest first, so `>=` is not read as `>`.
 */
const OPERATORS = ['>=', '<=', '!@', '!=', '=%', '%=', '!%', '>', '<', '@', '%', '=', '!'];

function splitFilterKey(key) {
	for (const op of OPERATORS) {
		if (key.startsWith(op) && key.length > op.length) return { op, field: key.slice(op.length) };
	}
	return { op: '=', field: key };
}

function truthy(value) {
	return value === true || value === 1 || ['y', 'true', '1'].includes(String(value).toLowerCase());
}

/**
 * Record dates repeat across every page request; parsing each string once keeps 10,000-row pulls
 * fast.
 */
const parsedDates = new Map();

function cachedDate(value, offsetMinutes) {
	const key = `${offsetMinutes}|${value}`;
	let ms = parsedDates.get(key);
	if (ms === undefined) {
		ms = parseFilterDate(value, offsetMinutes);
		if (parsedDates.size > 200000) parsedDates.clear();
		parsedDates.set(key, ms);
	}
	return ms;
}

/** Comparable form of a value for `field`, or null when empty/unreadable. */
function comparable(field, value, offsetMinutes) {
	if (value === null || value === undefined || value === '') return null;
	if (typeof value === 'boolean') return value ? 1 : 0;
	if (DATE_FIELDS.has(field)) {
		const ms = value instanceof Date ? value.getTime() : cachedDate(String(value), offsetMinutes);
		return Number.isNaN(ms) ? null : ms;
	}
	if (NUMBER_FIELDS.has(field)) {
		const n = Number(value);
		return Number.isFinite(n) ? n : String(value);
	}
	return String(value);
}

function likeRegex(pattern) {
	const escaped = String(pattern)
		.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
		.replace(/%/g, '.*');
	return new RegExp(`^${escaped}$`, 'i');
}

/**
 * One filter entry as a predicate. FAKE CHOICE: unknown fields are ignored, as a misspelt filter
 * key is in practice.
 */
function filterCheck(rawKey, rawValue, offsetMinutes) {
	const { op, field } = splitFilterKey(rawKey);
	const values = Array.isArray(rawValue)
		? rawValue
		: rawValue !== null && typeof rawValue === 'object'
			? Object.values(rawValue)
			: [rawValue];
	// Filter values are normalised once; booleans (user ACTIVE) compare as 1/0 whatever spelling the
	// caller used.
	const asFieldValues = values.map((v) => comparable(field, v, offsetMinutes));
	const asBooleans = values.map((v) => (truthy(v) ? 1 : 0));
	return (record) => {
		if (!Object.prototype.hasOwnProperty.call(record, field)) return true;
		const actual = record[field];
		const candidates = typeof actual === 'boolean' ? asBooleans : asFieldValues;
		const mine = comparable(field, actual, offsetMinutes);
		const equalsAny = () => candidates.includes(mine);
		switch (op) {
			case '=':
			case '@':
				return equalsAny();
			case '!':
			case '!=':
			case '!@':
				return !equalsAny();
			case '>':
			case '>=':
			case '<':
			case '<=': {
				const other = candidates[0];
				if (mine === null || other === null || typeof mine !== typeof other) return false;
				if (op === '>') return mine > other;
				if (op === '>=') return mine >= other;
				if (op === '<') return mine < other;
				return mine <= other;
			}
			case '%':
				return (
					actual !== null && String(actual).toLowerCase().includes(String(values[0]).toLowerCase())
				);
			case '!%':
				return (
					actual === null || !String(actual).toLowerCase().includes(String(values[0]).toLowerCase())
				);
			case '=%':
			case '%=':
				return actual !== null && likeRegex(values[0]).test(String(actual));
			default:
				return true;
		}
	};
}

class BitrixError extends Error {
	/**
	 * Error body `{"error": code, "error_description": text}`; an empty `error` is normal
	 * (crm-apis.md §4.2).
	 * @param {number} status
	 * @param {string} code
	 * @param {string} description
	 */
	constructor(status, code, description) {
		super(description);
		this.status = status;
		this.code = code;
		this.description = description;
	}
}

/**
 * Objects are "arrays" to PHP; only scalars are refused: "Parameter 'filter' must be array."
 * (crm-apis.md §4.2).
 */
function objectParam(params, name) {
	const value = common.getParam(params, name);
	if (value === undefined || value === null || value === '') return {};
	if (typeof value !== 'object')
		throw new BitrixError(400, '', `Parameter '${name}' must be array.`);
	return value;
}

function applyFilter(rows, filter, offsetMinutes) {
	const checks = Object.entries(filter).map(([key, value]) =>
		filterCheck(key, value, offsetMinutes),
	);
	return checks.length === 0 ? rows : rows.filter((row) => checks.every((check) => check(row)));
}

/**
 * `order: {FIELD: 'ASC'|'DESC', …}`. FAKE CHOICE: without an order, by ID ascending; ties broken by
 * ID.
 */
function applyOrder(rows, order, offsetMinutes, defaultField = 'ID') {
	const entries = Object.entries(order).filter(([, dir]) => typeof dir === 'string');
	if (entries.length === 0) entries.push([defaultField, 'ASC']);
	const keys = entries.map(([field, dir]) => ({
		field: field.toUpperCase(),
		sign: String(dir).toUpperCase() === 'DESC' ? -1 : 1,
	}));
	if (keys.length === 1 && keys[0].field === 'ID' && keys[0].sign === 1 && defaultField === 'ID')
		return rows;
	const compare = (a, b, field) => {
		const x = comparable(field, a[field], offsetMinutes);
		const y = comparable(field, b[field], offsetMinutes);
		if (x === y) return 0;
		if (x === null) return -1; // NULLs first when ascending, like the SQL underneath
		if (y === null) return 1;
		return x < y ? -1 : 1;
	};
	return rows.slice().sort((a, b) => {
		for (const { field, sign } of keys) {
			const result = compare(a, b, field) * sign;
			if (result !== 0) return result;
		}
		return compare(a, b, 'ID');
	});
}

/**
 * `select`: names, `'*'` (all but custom fields), `'UF_*'` (custom fields); default `'*'` +
 * `'UF_*'` (crm-deal-list.md).
 */
function project(record, selectParam) {
	const select = Array.isArray(selectParam)
		? selectParam
		: selectParam && typeof selectParam === 'object'
			? Object.values(selectParam)
			: selectParam
				? [selectParam]
				: [];
	if (select.length === 0) return { ...record };
	const wanted = new Set(select.map(String));
	const all = wanted.has('*');
	const custom = wanted.has('UF_*');
	const out = {};
	for (const key of Object.keys(record)) {
		const isCustom = key.startsWith('UF_');
		if (wanted.has(key) || (all && !isCustom) || (custom && isCustom)) out[key] = record[key];
	}
	return out;
}

// -------------------------------------------------------------------------------------------------
// The server
// -------------------------------------------------------------------------------------------------

/**
 * @typedef {Object} Bitrix24FakeOptions
 * @property {number} [count] deals to generate (default 500)
 * @property {number} [leadCount] leads to generate (default: `count`)
 * @property {string} [userId] webhook owner id in the URL (default '1')
 * @property {string} [secret] webhook code in the URL (default 'abc123secret')
 * @property {string[]} [scopes] webhook scopes (default ['crm', 'user']); without 'crm' CRM methods
 *   answer 403
 * @property {number|string} [seed] (default 1)
 * @property {Date} [now] (default: now)
 * @property {string} [offset] portal UTC offset (default '+03:00')
 * @property {number} [ratePerSecond] leaky-bucket drain Y (default 2, crm-apis.md §4.4)
 * @property {number} [burst] leaky-bucket threshold X (default 50)
 * @property {number} [failureRate] seeded share of requests refused with 503 QUERY_LIMIT_EXCEEDED
 *   or 502 (default 0)
 * @property {number} [retryAfter] seconds for `Retry-After` on 503s (default: none, the docs
 *   announce none)
 * @property {number} [operatingLimitAfter] after that many calls of one method it answers 429
 *   OPERATION_TIME_LIMIT
 * @property {number} [port]
 * @property {() => number} [clock] milliseconds; inject a frozen clock to drive the limiter in
 *   tests
 */

/**
 * @typedef {Object} BitrixData
 * @property {any} profile
 * @property {any[]} users
 * @property {any[]} categories
 * @property {any[]} statuses every crm.status.list row (stages, lead statuses, sources)
 * @property {any[]} deals by ID ascending
 * @property {any[]} leads by ID ascending
 * @property {string} userFieldName the one UF_CRM_… field on deals
 * @property {any[]} activities crm.activity.list rows of every deal and lead, by ID
 * @property {any[]} comments planted timeline comments (crm.timeline.comment.list rows)
 * @property {{entityTypeId: number, row: any}[]} stageHistory crm.stagehistory.list rows, by ID
 * @property {{humanTouch: FirstContactTruth, stageChange: FirstContactTruth}} firstContactTruth
 *   the first contact each record must get, ISO UTC or null (docs/first-contact/bitrix24.md)
 * @property {string} slowestOwnerId the ASSIGNED_BY_ID whose records are contacted last
 */

/**
 * @typedef {Object} FirstContactTruth
 * @property {Record<string, string|null>} deals by deal ID
 * @property {Record<string, string|null>} leads by lead ID
 */

/**
 * @typedef {Object} Bitrix24Fake
 * @property {string} url e.g. http://127.0.0.1:PORT
 * @property {string} webhookUrl `${url}/rest/${userId}/${secret}/` — what a user pastes
 * @property {string} userId
 * @property {string} secret
 * @property {import('./common').FakeStats} stats
 * @property {BitrixData} data the raw records in wire format
 * @property {any[]} notes timeline comments created through the API
 * @property {Record<string, number>} commandsByMethod batch commands run, per method
 * @property {{answered: number}} batchStats batches that reached the handler (not refused)
 * @property {() => void} resetStats
 * @property {() => void} resetOperating
 * @property {() => Promise<void>} close
 */

/**
 * @param {Bitrix24FakeOptions} [options]
 * @returns {Promise<Bitrix24Fake>}
 */
async function startBitrix24Fake(options = {}) {
	const opts = {
		count: 500,
		leadCount: undefined,
		userId: '1',
		secret: 'abc123secret',
		scopes: ['crm', 'user'],
		seed: 1,
		now: new Date(),
		offset: '+03:00',
		ratePerSecond: 2,
		burst: 50,
		failureRate: 0,
		retryAfter: undefined,
		operatingLimitAfter: undefined,
		port: 0,
		clock: Date.now,
		...options,
	};
	const offsetMinutes = parseOffset(opts.offset);
	const stats = common.createStats();
	// Leaky bucket, Y=2/s X=50 for non-Enterprise portals (limits.md, crm-apis.md §4.4).
	const bucket = new common.LeakyBucket({
		capacity: opts.burst,
		leakPerSecond: opts.ratePerSecond,
		clock: opts.clock,
	});
	const failures = common.createFailureInjector(opts.failureRate, opts.seed);
	const notes = [];
	/** Batch commands per method, for the first-contact request-count tests. */
	const commandsByMethod = {};
	/** Batches that reached the handler (not refused by the limiter or failure injection). */
	const batchStats = { answered: 0 };
	const operatingCalls = new Map();
	let nextCommentId = 1000;

	const data = generateBitrixData({
		count: opts.count,
		leadCount: opts.leadCount ?? opts.count,
		seed: opts.seed,
		now: opts.now,
		offsetMinutes,
		userId: String(opts.userId),
	});
	const dealById = new Map(data.deals.map((deal) => [deal.ID, deal]));
	const leadById = new Map(data.leads.map((lead) => [lead.ID, lead]));

	/** `time` block of every answer (crm-apis.md §4.2 example; `operating` per limits.md). */
	function timeBlock(startMs, method) {
		const finishMs = Math.max(startMs, opts.clock());
		return {
			start: startMs / 1000,
			finish: finishMs / 1000,
			duration: (finishMs - startMs) / 1000,
			processing: (finishMs - startMs) / 1000,
			date_start: formatPortal(startMs, offsetMinutes),
			date_finish: formatPortal(finishMs, offsetMinutes),
			operating_reset_at: Math.floor(startMs / 1000) + 600,
			operating: operatingCalls.get(method) || 0,
		};
	}

	/**
	 * One page of a list: `start` offsets in steps of 50, `next` only when more remain, `total`
	 * always; `start=-1` skips the count: `total: 0` and no `next`, the caller pages by `>ID`
	 * (crm-apis.md §4.2, huge-data.md). FAKE CHOICE: a `start` that is not a multiple of 50 is
	 * rounded down to one.
	 */
	function page(rows, params, countsAsRecordPage) {
		const rawStart = common.getParam(params, 'start');
		const start = rawStart === undefined || rawStart === '' ? 0 : Number(rawStart);
		let envelope;
		if (start === -1) {
			envelope = { result: rows.slice(0, PAGE_SIZE), total: 0 };
		} else {
			const offset =
				Number.isFinite(start) && start > 0 ? Math.floor(start / PAGE_SIZE) * PAGE_SIZE : 0;
			const result = rows.slice(offset, offset + PAGE_SIZE);
			envelope = { result };
			if (offset + PAGE_SIZE < rows.length) envelope.next = offset + PAGE_SIZE;
			envelope.total = rows.length;
		}
		if (countsAsRecordPage) {
			if (envelope.result.length > 0) stats.listPages++;
			else stats.emptyPages++;
		}
		return envelope;
	}

	function crmList(rows, params) {
		const filter = objectParam(params, 'filter');
		const order = objectParam(params, 'order');
		objectParam(params, 'select');
		const ordered = applyOrder(applyFilter(rows, filter, offsetMinutes), order, offsetMinutes);
		const envelope = page(ordered, params, true);
		const select = common.getParam(params, 'select');
		envelope.result = envelope.result.map((record) => project(record, select));
		return envelope;
	}

	/**
	 * `id`/`ID`: "ID is not defined or invalid" and "Not found", both 400 with an empty code
	 * (crm-deal-get.md).
	 */
	function crmGet(byId, params) {
		const raw = common.getParam(params, 'id');
		if (raw === undefined || !/^[1-9]\d*$/.test(String(raw)))
			throw new BitrixError(400, '', 'ID is not defined or invalid');
		const record = byId.get(String(raw));
		if (!record) throw new BitrixError(400, '', 'Not found');
		return { result: { ...record } };
	}

	// Activities, comments and history by owner, so a filter on one record (or an IN list of them)
	// does not scan every row.
	const byOwner = (rows, keyOf) => {
		const index = new Map();
		for (const row of rows) {
			const key = keyOf(row);
			if (!index.has(key)) index.set(key, []);
			index.get(key).push(row);
		}
		return index;
	};
	const activityIndex = byOwner(data.activities, (a) => `${a.OWNER_TYPE_ID}:${a.OWNER_ID}`);
	const commentIndex = byOwner(data.comments, (c) => `${c.ENTITY_TYPE}:${c.ENTITY_ID}`);
	const historyIndex = byOwner(data.stageHistory, (h) => `${h.entityTypeId}:${h.row.OWNER_ID}`);
	const historyRows = new Map();
	for (const h of data.stageHistory) {
		if (!historyRows.has(h.entityTypeId)) historyRows.set(h.entityTypeId, []);
		historyRows.get(h.entityTypeId).push(h.row);
	}

	/** The owner ids a filter names with `OWNER_ID` / `=OWNER_ID` / `@OWNER_ID`, or null for "any". */
	function ownerIdsOf(filter, field) {
		for (const key of [field, `=${field}`, `@${field}`]) {
			const value = common.getParam(filter, key);
			if (value === undefined) continue;
			const list = Array.isArray(value)
				? value
				: value !== null && typeof value === 'object'
					? Object.values(value)
					: [value];
			return list.map((v) => String(v));
		}
		return null;
	}

	function candidates(index, prefix, ids, all, idOf) {
		if (ids === null) return all;
		const rows = [];
		for (const id of new Set(ids)) rows.push(...(index.get(`${prefix}:${id}`) || []));
		return rows.sort((a, b) => Number(idOf(a)) - Number(idOf(b)));
	}

	const RESERVED_USER_KEYS = new Set(['sort', 'order', 'start', 'filter', 'admin_mode', 'auth']);

	/** @type {Record<string, {scope: string|null, run: (params: any) => any}>} */
	const methods = {
		'crm.deal.list': { scope: 'crm', run: (params) => crmList(data.deals, params) },
		'crm.lead.list': { scope: 'crm', run: (params) => crmList(data.leads, params) },
		'crm.deal.get': { scope: 'crm', run: (params) => crmGet(dealById, params) },
		'crm.lead.get': { scope: 'crm', run: (params) => crmGet(leadById, params) },
		'crm.status.list': {
			scope: 'crm',
			run: (params) => {
				const filter = objectParam(params, 'filter');
				const order = objectParam(params, 'order');
				const rows = applyOrder(
					applyFilter(data.statuses, filter, offsetMinutes),
					Object.keys(order).length ? order : { SORT: 'ASC' },
					offsetMinutes,
					'SORT',
				);
				return page(rows, params, false);
			},
		},
		'crm.category.list': {
			scope: 'crm',
			run: (params) => {
				const entityTypeId = Number(common.getParam(params, 'entityTypeId'));
				// Errors as documented in crm-category-list.md: NOT_FOUND / ENTITY_TYPE_NOT_SUPPORTED.
				if (entityTypeId === 1)
					throw new BitrixError(
						400,
						'ENTITY_TYPE_NOT_SUPPORTED',
						'Entity type `Lead` is not supported',
					);
				if (entityTypeId !== 2) throw new BitrixError(400, 'NOT_FOUND', 'Smart process not found');
				return { result: { categories: data.categories }, total: data.categories.length };
			},
		},
		// user.get takes FILTER plus top-level field keys, SORT (field) and ORDER (direction)
		// (user-get.md).
		'user.get': {
			scope: 'user',
			run: (params) => {
				const filter = { ...objectParam(params, 'filter') };
				for (const [key, value] of Object.entries(params)) {
					if (!RESERVED_USER_KEYS.has(key.toLowerCase())) filter[key] = value;
				}
				const sortField = String(common.getParam(params, 'sort') || 'ID').toUpperCase();
				const direction = common.getParam(params, 'order');
				const order = { [sortField]: typeof direction === 'string' ? direction : 'ASC' };
				return page(
					applyOrder(applyFilter(data.users, filter, offsetMinutes), order, offsetMinutes),
					params,
					false,
				);
			},
		},
		// crm.activity.list: filter with prefix operators, `order` (default START_TIME ascending),
		// `select`, pages of 50, `start=-1` without a count (crm-activity-list.md, huge-data.md).
		'crm.activity.list': {
			scope: 'crm',
			run: (params) => {
				const filter = objectParam(params, 'filter');
				const order = objectParam(params, 'order');
				const ownerType = common.getParam(filter, 'OWNER_TYPE_ID');
				const ids = ownerType === undefined ? null : ownerIdsOf(filter, 'OWNER_ID');
				const rows = candidates(
					activityIndex,
					String(ownerType),
					ids,
					data.activities,
					(a) => a.ID,
				);
				const ordered = applyOrder(
					applyFilter(rows, filter, offsetMinutes),
					Object.keys(order).length ? order : { START_TIME: 'ASC' },
					offsetMinutes,
					'START_TIME',
				);
				const envelope = page(ordered, params, false);
				const select = common.getParam(params, 'select');
				envelope.result = envelope.result.map((row) => project(row, select));
				return envelope;
			},
		},
		// crm.timeline.comment.list: ENTITY_ID and ENTITY_TYPE are required in the filter; order only by
		// ID, CREATED, AUTHOR_ID (crm-timeline-comment-list.md). Comments added through the API are
		// listed too. FAKE CHOICE: without both required keys, 400 with an empty code; an empty
		// `select` gives every field (the newer of the two versions of that page).
		'crm.timeline.comment.list': {
			scope: 'crm',
			run: (params) => {
				const filter = objectParam(params, 'filter');
				const entityId = common.getParam(filter, 'ENTITY_ID');
				const entityType = common.getParam(filter, 'ENTITY_TYPE');
				if (entityId === undefined || entityType === undefined)
					throw new BitrixError(400, '', 'ENTITY_ID and ENTITY_TYPE are required in filter');
				const key = `${String(entityType).toLowerCase()}:${entityId}`;
				const rows = [
					...(commentIndex.get(key) || []),
					...notes.filter((n) => `${n.ENTITY_TYPE}:${n.ENTITY_ID}` === key),
				].map(({ text, ...wire }) => wire);
				const order = objectParam(params, 'order');
				for (const field of Object.keys(order)) {
					if (!['ID', 'CREATED', 'AUTHOR_ID'].includes(field.toUpperCase()))
						throw new BitrixError(400, '', `Invalid order: field '${field}' is not allowed`);
				}
				const { ENTITY_TYPE: _type, ...rest } = filter;
				const ordered = applyOrder(applyFilter(rows, rest, offsetMinutes), order, offsetMinutes);
				const envelope = page(ordered, params, false);
				const select = common.getParam(params, 'select');
				envelope.result = envelope.result.map((row) => project(row, select));
				return envelope;
			},
		},
		// crm.stagehistory.list: entityTypeId 1 lead, 2 deal (5, 31 and smart processes are not in this
		// fake); filter with exact values, arrays and prefixes; answers `{result: {items}}` with `total`
		// (crm-stage-history-list.md); pages of 50 like the other list methods.
		'crm.stagehistory.list': {
			scope: 'crm',
			run: (params) => {
				const entityTypeId = Number(common.getParam(params, 'entityTypeId'));
				if (entityTypeId !== 1 && entityTypeId !== 2)
					throw new BitrixError(
						400,
						'ENTITY_TYPE_NOT_SUPPORTED',
						`Entity type ${entityTypeId} is not supported`,
					);
				const filter = objectParam(params, 'filter');
				const order = objectParam(params, 'order');
				const all = historyRows.get(entityTypeId) || [];
				const rows = candidates(
					historyIndex,
					String(entityTypeId),
					ownerIdsOf(filter, 'OWNER_ID'),
					all,
					(h) => h.row.ID,
				).map((h) => h.row ?? h);
				const ordered = applyOrder(applyFilter(rows, filter, offsetMinutes), order, offsetMinutes);
				const envelope = page(ordered, params, false);
				const select = common.getParam(params, 'select');
				return {
					result: { items: envelope.result.map((row) => project(row, select)) },
					total: envelope.total,
					...(envelope.next !== undefined ? { next: envelope.next } : {}),
				};
			},
		},
		// `profile` needs no scope (scope "basic", profile.md) — the credential test.
		profile: { scope: null, run: () => ({ result: { ...data.profile } }) },
		'crm.timeline.comment.add': {
			scope: 'crm',
			run: (params) => {
				// "Starting from crm version 23.100.0, the method only accepts parameters with the key
				// `fields` in lowercase" (crm-timeline-comment-add.md). Error codes from the same page.
				const fields = params.fields;
				if (!fields || typeof fields !== 'object')
					throw new BitrixError(400, '100', 'Required fields not provided');
				const entityType = String(common.getParam(fields, 'ENTITY_TYPE') ?? '').toLowerCase();
				const entityId = String(common.getParam(fields, 'ENTITY_ID') ?? '');
				const comment = common.getParam(fields, 'COMMENT');
				if (!entityType || !entityId || comment === undefined)
					throw new BitrixError(400, '100', 'Required fields not provided');
				const owners = { deal: dealById, lead: leadById };
				if (!owners[entityType] || !owners[entityType].has(entityId)) {
					throw new BitrixError(400, 'OWNER_NOT_FOUND', 'Owner of the element not found');
				}
				if (String(comment).trim() === '')
					throw new BitrixError(400, 'INVALID_ARG_VALUE', 'Empty comment');
				nextCommentId += 1;
				const authorId = common.getParam(fields, 'AUTHOR_ID');
				notes.push({
					ID: String(nextCommentId),
					CREATED: formatPortal(opts.clock(), offsetMinutes),
					ENTITY_ID: entityId,
					ENTITY_TYPE: entityType,
					AUTHOR_ID: authorId === undefined ? String(opts.userId) : String(authorId),
					COMMENT: String(comment),
					text: String(comment),
				});
				return { result: nextCommentId };
			},
		},
	};

	function checkScope(method) {
		const scope = methods[method].scope;
		return scope === null || opts.scopes.includes(scope);
	}

	function checkOperating(method) {
		if (opts.operatingLimitAfter === undefined) return;
		const calls = operatingCalls.get(method) || 0;
		// Over the per-method time budget: 429 OPERATION_TIME_LIMIT (limits.md; body from
		// leshchenko1979/fast_bitrix24#220).
		if (calls >= opts.operatingLimitAfter) {
			throw new BitrixError(
				429,
				'OPERATION_TIME_LIMIT',
				'Method is blocked due to operation time limit.',
			);
		}
		operatingCalls.set(method, calls + 1);
	}

	/**
	 * `batch`: at most 50 commands "method?query", no nesting; answers `result.result`,
	 * `result.result_error`, `result.result_total`, `result.result_next`, `result.result_time`, empty
	 * ones as PHP's `[]`; an error inside a command is reported per key (scope errors with an empty
	 * description), and `halt` stops at the first one (settings/how-to-call-rest-api/batch.md). FAKE
	 * CHOICE: `$result[…]` references are not substituted.
	 */
	function runBatch(params, startMs) {
		batchStats.answered++;
		const cmd = common.getParam(params, 'cmd');
		const halt = truthy(common.getParam(params, 'halt') ?? false);
		const isList = Array.isArray(cmd);
		const entries = isList
			? cmd.map((value, i) => [String(i), value])
			: cmd && typeof cmd === 'object'
				? Object.entries(cmd)
				: [];
		if (entries.length > MAX_BATCH)
			throw new BitrixError(400, 'ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded');
		const out = {
			result: {},
			result_error: {},
			result_total: {},
			result_next: {},
			result_time: {},
		};
		for (const [key, command] of entries) {
			stats.batchCommands++;
			const text = String(command);
			const q = text.indexOf('?');
			const method = (q < 0 ? text : text.slice(0, q))
				.trim()
				.toLowerCase()
				.replace(/\.json$/, '');
			commandsByMethod[method] = (commandsByMethod[method] || 0) + 1;
			const query = q < 0 ? '' : text.slice(q + 1);
			try {
				if (method === 'batch')
					throw new BitrixError(
						405,
						'ERROR_BATCH_METHOD_NOT_ALLOWED',
						'Method is not allowed for batch usage',
					);
				if (!methods[method])
					throw new BitrixError(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
				if (!checkScope(method)) throw new BitrixError(403, 'insufficient_scope', '');
				checkOperating(method);
				const envelope = methods[method].run(common.parseBracketQuery(query));
				out.result[key] = envelope.result;
				if (envelope.total !== undefined) out.result_total[key] = envelope.total;
				if (envelope.next !== undefined) out.result_next[key] = envelope.next;
				out.result_time[key] = timeBlock(startMs, method);
			} catch (error) {
				if (!(error instanceof BitrixError)) throw error;
				out.result_error[key] = { error: error.code, error_description: error.description };
				if (halt) break;
			}
		}
		const phpArray = (map) => {
			const keys = Object.keys(map);
			if (keys.length === 0) return [];
			if (isList && keys.every((k, i) => k === String(i))) return keys.map((k) => map[k]);
			return map;
		};
		return {
			result: {
				result: phpArray(out.result),
				result_error: phpArray(out.result_error),
				result_total: phpArray(out.result_total),
				result_next: phpArray(out.result_next),
				result_time: phpArray(out.result_time),
			},
		};
	}

	const sendError = (res, status, code, description, headers = {}) =>
		common.sendJson(
			res,
			status,
			{ error: code, error_description: description },
			'application/json; charset=utf-8',
			headers,
		);

	function reject(res, kind) {
		stats.rejected++;
		if (kind === '502') {
			common.send(res, 502, { 'Content-Type': 'text/html' }, common.nginxPage(502, 'Bad Gateway'));
			return;
		}
		// "the following request is blocked with status 503 and error code QUERY_LIMIT_EXCEEDED"
		// (limits.md); body per bitrix-tools/b24-rest-docs#193 (crm-apis.md §4.4). No Retry-After in
		// the docs: only when configured.
		const headers = opts.retryAfter !== undefined ? { 'Retry-After': String(opts.retryAfter) } : {};
		sendError(res, 503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests', headers);
	}

	async function handle(req, res, baseUrl) {
		const startMs = opts.clock();
		const requestUrl = new URL(req.url || '/', baseUrl);
		let rawBody = '';
		try {
			rawBody = await common.readBody(req);
		} catch {
			sendError(res, 413, 'PAYLOAD_TOO_LARGE', 'Request body too large');
			return;
		}

		if (common.handleControl(req, res, requestUrl, rawBody, { stats, notes })) return;

		stats.requests++;
		// `/rest/{userId}/{webhookCode}/{method}` with an optional `.json` suffix (local-webhooks.md,
		// crm-apis.md §4.1).
		const route = /^\/rest\/([^/]+)\/([^/]+)\/([^/]+?)(?:\.json)?\/?$/.exec(requestUrl.pathname);
		const method = route ? decodeURIComponent(route[3]).toLowerCase() : null;
		common.countRoute(stats, method ?? 'unmatched');

		// A bad webhook code (or user id): 401 NO_AUTH_FOUND "Wrong authorization data" (system errors
		// table).
		if (!route || route[1] !== String(opts.userId) || route[2] !== opts.secret) {
			stats.unauthorized++;
			sendError(res, 401, 'NO_AUTH_FOUND', 'Wrong authorization data');
			return;
		}

		if (!bucket.tryAcquire().ok) {
			stats.rateLimited++;
			reject(res, '503');
			return;
		}
		if (failures.shouldFail()) {
			stats.injectedFailures++;
			reject(res, failures.pickKind(['503', '502']));
			return;
		}

		if (!method || (!methods[method] && method !== 'batch')) {
			// FAKE CHOICE (widely seen, not in the reference): unknown methods answer 404
			// ERROR_METHOD_NOT_FOUND.
			sendError(res, 404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
			return;
		}

		let params;
		try {
			const body = common.parseBody(req.headers['content-type'], rawBody);
			// Query and body merge; keys are read case-insensitively where the API does (crm-apis.md
			// §4.2).
			params = {
				...common.parseBracketQuery(requestUrl.search),
				...(body && typeof body === 'object' && !Array.isArray(body) ? body : {}),
			};
		} catch {
			sendError(res, 400, 'INVALID_REQUEST', 'Malformed request body');
			return;
		}

		try {
			let envelope;
			if (method === 'batch') {
				envelope = runBatch(params, startMs);
			} else {
				// "insufficient_scope — The request requires higher privileges than provided by the webhook
				// token" (403).
				if (!checkScope(method)) {
					throw new BitrixError(
						403,
						'insufficient_scope',
						'The request requires higher privileges than provided by the webhook token',
					);
				}
				checkOperating(method);
				envelope = methods[method].run(params);
			}
			common.sendJson(
				res,
				200,
				{ ...envelope, time: timeBlock(startMs, method) },
				'application/json; charset=utf-8',
			);
		} catch (error) {
			if (error instanceof BitrixError) {
				sendError(res, error.status, error.code, error.description);
				return;
			}
			sendError(res, 500, 'INTERNAL_SERVER_ERROR', String(error && error.stack));
		}
	}

	const server = await common.listen(
		(req, res) => {
			handle(req, res, server.url).catch((error) =>
				sendError(res, 500, 'INTERNAL_SERVER_ERROR', String(error)),
			);
		},
		{ port: opts.port },
	);

	return {
		url: server.url,
		webhookUrl: `${server.url}/rest/${opts.userId}/${opts.secret}/`,
		userId: String(opts.userId),
		secret: opts.secret,
		stats,
		data,
		notes,
		commandsByMethod,
		batchStats,
		resetStats: () => {
			common.resetStats(stats);
			batchStats.answered = 0;
			for (const key of Object.keys(commandsByMethod)) delete commandsByMethod[key];
		},
		resetOperating: () => operatingCalls.clear(),
		close: server.close,
	};
}

module.exports = {
	startBitrix24Fake,
	generateBitrixData,
	formatPortal,
	formatPortalDate,
	parseFilterDate,
	PAGE_SIZE,
	MAX_BATCH,
};
