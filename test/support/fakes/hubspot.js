'use strict';
/**
 * A fake HubSpot CRM v3 API for adapter tests and the real-n8n e2e suite.
 *
 * Behaviours follow shared/reference/crm-apis.md §1 (HubSpot), §1.7 listing what a fake must do; each cites its
 * source in a comment. Where the public record is silent the fake makes a choice and says so ("FAKE CHOICE").
 * Deterministic: the same `seed` and `now` give the same records, ids and injected failures.
 *
 * Routes (Bearer auth). Object routes answer under both /crm/v3/objects and the date-versioned /crm/objects/2026-03
 * ("The fake server should accept both", §1.1):
 *   POST {objects}/deals/search          filterGroups/sorts/properties/limit/after, 10,000-result cap, 5/s limiter
 *   GET  {objects}/deals/{id}            ?properties=a,b
 *   POST {objects}/notes                 {properties: {hs_note_body, hs_timestamp}, associations: [...]}
 *   GET  /crm/v3/pipelines/deals
 *   GET  /crm/v3/owners                  ?limit&after&archived
 *   GET  /crm/v3/properties/deals
 *   GET  /account-info/v3/details
 *   POST /crm/v4/associations/deals/contacts/batch/read   ≤ 1,000 inputs
 *   POST /crm/v4/associations/deals/{calls|emails|meetings|notes}/batch/read   ≤ 1,000 inputs, 207 + errors for none
 *   POST {objects}/deals/batch/read      ≤ 100 inputs, ≤ 50 with propertiesWithHistory (dealstage history)
 *   POST {objects}/{calls|emails|meetings|notes}/batch/read   ≤ 100 inputs
 * Control (no auth, not counted): GET /__fake/state, POST /__fake/reset-stats.
 */

const { URL } = require('url');
const common = require('./common');

const DAY_MS = 24 * 60 * 60 * 1000;
/** "The maximum number of supported objects per page is 200" / "pages of 10 records at a time" by default (§1.2). */
const MAX_SEARCH_LIMIT = 200;
const DEFAULT_SEARCH_LIMIT = 10;
/** "limited to 10,000 total results for any given query. Attempting to page beyond 10,000 will result in a 400" (§1.2). */
const SEARCH_RESULT_CAP = 10000;
/** "A query can contain a maximum of 3,000 characters … a 400 error will be returned" (§1.2). */
const MAX_QUERY_CHARS = 3000;
/** "a maximum of five filterGroups with up to six filters in each group, with a maximum of 18 filters in total" (§1.2). */
const MAX_FILTER_GROUPS = 5;
const MAX_FILTERS_PER_GROUP = 6;
const MAX_FILTERS_TOTAL = 18;
/** Associations batch read: "At most 1,000 inputs per call since 2025-02-10" (§1.3). */
const MAX_ASSOCIATION_INPUTS = 1000;
/** Object batch read: 100 ids per request (§1.4). */
const MAX_BATCH_INPUTS = 100;
/** "The maximum number of inputs supported in a batch request for property histories is 50" (activepieces/activepieces#9359). */
const MAX_HISTORY_INPUTS = 50;
/** Note → deal, HUBSPOT_DEFINED (HubSpot association type table; used by public integrations as NOTE_TO_DEAL = 214). */
const NOTE_TO_DEAL = 214;
/** "hs_note_body: The note's text content, limited to 65,536 characters" (notes guide). */
const MAX_NOTE_BODY = 65536;

/** "Properties returned by default for deals" when the request names none (§1.2). */
const DEFAULT_PROPERTIES = [
	'dealname',
	'amount',
	'closedate',
	'pipeline',
	'dealstage',
	'createdate',
	'hs_lastmodifieddate',
	'hs_object_id',
];
/** FAKE CHOICE: returned with every object whatever was asked, as the live API does with these three. */
const ALWAYS_PROPERTIES = ['createdate', 'hs_lastmodifieddate', 'hs_object_id'];
const DATE_PROPERTIES = new Set(['createdate', 'closedate', 'hs_lastmodifieddate']);
const NUMBER_PROPERTIES = new Set(['amount', 'hs_object_id']);

const OWNER_NAMES = [
	['Alice', 'Morgan'],
	['Ben', 'Carter'],
	['Chloe', 'Nguyen'],
	['Daniel', 'Schmidt'],
	['Emma', 'Rossi'],
	['Felix', 'Dubois'],
	['Grace', 'Okafor'],
	['Hugo', 'Lindqvist'],
	['Isla', 'Kowalski'],
	['Jonas', 'Weber'],
	['Kira', 'Tanaka'],
	['Liam', 'Walsh'],
];

/**
 * Deal pipelines: `{id,label,displayOrder,stages:[{id,label,displayOrder,metadata:{isClosed,probability}}]}`;
 * metadata values are strings; won = isClosed "true" + probability "1.0", lost = "0.0"; the default pipeline is
 * "default"; custom stage ids are numeric strings (§1.3).
 */
const PIPELINE_LAYOUT = [
	{
		id: 'default',
		label: 'Sales Pipeline',
		stages: [
			['appointmentscheduled', 'Appointment Scheduled', '0.2'],
			['qualifiedtobuy', 'Qualified To Buy', '0.4'],
			['presentationscheduled', 'Presentation Scheduled', '0.6'],
			['decisionmakerboughtin', 'Decision Maker Bought-In', '0.8'],
			['contractsent', 'Contract Sent', '0.9'],
			['closedwon', 'Closed Won', '1.0', true],
			['closedlost', 'Closed Lost', '0.0', true],
		],
	},
	{
		id: '916011864',
		label: 'Partner Deals',
		stages: [
			['916011865', 'Partner Intro', '0.3'],
			['916011866', 'Joint Proposal', '0.7'],
			['916011867', 'Signed', '1.0', true],
			['916011868', 'Dropped', '0.0', true],
		],
	},
];

const LOST_REASONS = [
	'Went with competitor',
	'Too expensive',
	'No budget this year',
	'No response',
	'Bad fit',
];

/**
 * Original source categories and what their drill-downs hold (§1.3; HubSpot KB "Understand source properties":
 * organic search = search term / engine; referrals = domain / URL; organic social = network / utm_campaign;
 * email = utm_campaign / email name; paid search = utm_campaign / …). The rest: FAKE CHOICE.
 */
const SOURCES = [
	[
		'PAID_SEARCH',
		24,
		(rng) => [
			rng.pick(['spring_sale', 'brand_search', 'generic_crm']),
			rng.pick(['crm software', 'sales crm']),
		],
	],
	[
		'ORGANIC_SEARCH',
		18,
		(rng) => [
			rng.chance(0.5) ? rng.pick(['best crm', 'pipeline tool']) : null,
			rng.pick(['google.com', 'bing.com']),
		],
	],
	[
		'SOCIAL_MEDIA',
		8,
		(rng) => [rng.pick(['LinkedIn', 'Facebook']), rng.pick(['webinar_q2', 'case_study_push'])],
	],
	[
		'EMAIL_MARKETING',
		10,
		(rng) => [
			rng.pick(['newsletter_may', 'webinar_invite']),
			rng.pick(['May newsletter', 'Webinar invite']),
		],
	],
	[
		'REFERRALS',
		8,
		(rng) => [
			rng.pick(['partner.example', 'review-site.example']),
			'https://partner.example/crm-review',
		],
	],
	['OTHER_CAMPAIGNS', 6, (rng) => [rng.pick(['podcast_sponsor', 'event_booth']), null]],
	[
		'PAID_SOCIAL',
		6,
		(rng) => [rng.pick(['LinkedIn', 'Facebook']), rng.pick(['lead_gen_form', 'retargeting'])],
	],
	['DIRECT_TRAFFIC', 10, () => [null, null]],
	['OFFLINE', 10, (rng) => [rng.pick(['CRM_UI', 'IMPORT', 'API']), null]],
];

/** Custom deal properties some portals keep for raw UTM values (§1.3: "Portals keep them as custom properties"). */
const CUSTOM_PROPERTIES = [
	{ name: 'utm_source', label: 'UTM Source' },
	{ name: 'utm_medium', label: 'UTM Medium' },
	{ name: 'utm_campaign', label: 'UTM Campaign' },
	{ name: 'lead_quality_score', label: 'Lead quality score' },
];

const STANDARD_PROPERTY_NAMES = [
	'dealname',
	'amount',
	'deal_currency_code',
	'dealstage',
	'pipeline',
	'createdate',
	'closedate',
	'hs_lastmodifieddate',
	'hubspot_owner_id',
	'hs_is_closed',
	'hs_is_closed_won',
	'closed_lost_reason',
	'closed_won_reason',
	'hs_analytics_source',
	'hs_analytics_source_data_1',
	'hs_analytics_source_data_2',
	'hs_object_id',
];

// ---------------------------------------------------------------------------------------------------------------
// Data generation
// ---------------------------------------------------------------------------------------------------------------

/**
 * The portal's records in wire format; deal property values stay strings or null as the API prints them (§1.2).
 * `createdate` is spread evenly over `spanDays` before `now`, which makes the 10,000-result split predictable.
 * @param {{count: number, seed: number|string, now: Date, spanDays: number, portalId: number}} options
 */
function generateHubSpotData({ count, seed, now, spanDays, portalId }) {
	const rng = common.createRng(seed);
	const nowMs = now.getTime();
	const iso = (ms) => new Date(ms).toISOString();

	// Owners: `{id,email,type,firstName,lastName,userId,userIdIncludingInactive,createdAt,updatedAt,archived,teams}`;
	// deals point at `id`, not `userId` (§1.3). Two have left and are archived.
	const owners = OWNER_NAMES.map(([firstName, lastName], i) => ({
		id: String(41629779 + i * 13),
		email: `${firstName.toLowerCase()}.${lastName.toLowerCase()}@example.com`,
		type: 'PERSON',
		firstName,
		lastName,
		userId: 9586504 + i,
		userIdIncludingInactive: 9586504 + i,
		createdAt: iso(nowMs - 800 * DAY_MS),
		updatedAt: iso(nowMs - 30 * DAY_MS),
		archived: i >= OWNER_NAMES.length - 2,
		teams: [],
	}));

	const pipelines = PIPELINE_LAYOUT.map((layout, p) => ({
		id: layout.id,
		label: layout.label,
		displayOrder: p,
		createdAt: iso(nowMs - 700 * DAY_MS),
		updatedAt: iso(nowMs - 100 * DAY_MS),
		archived: false,
		stages: layout.stages.map(([id, label, probability, closed], s) => ({
			id: String(id),
			label: String(label),
			displayOrder: s,
			metadata: { isClosed: closed ? 'true' : 'false', probability: String(probability) },
			createdAt: iso(nowMs - 700 * DAY_MS),
			updatedAt: iso(nowMs - 100 * DAY_MS),
			archived: false,
			writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT',
		})),
	}));

	const properties = [
		...STANDARD_PROPERTY_NAMES.map((name) => ({ name, label: name, hubspotDefined: true })),
		...CUSTOM_PROPERTIES.map((p) => ({ ...p, hubspotDefined: false })),
	].map((p) => ({
		...p,
		type: 'string',
		fieldType: 'text',
		groupName: 'dealinformation',
		archived: false,
	}));

	const spanMs = spanDays * DAY_MS;
	const sourceEntries = SOURCES.map(([code, weight, drill]) => [{ code, drill }, weight]);
	const deals = [];
	const total = count + Math.ceil(count / 50);
	for (let i = 0; i < total; i++) {
		const id = String(18234500000 + i * 3 + rng.int(0, 2));
		const pipeline = rng.chance(0.8) ? pipelines[0] : pipelines[1];
		const stage = rng.pick(pipeline.stages);
		const closed = stage.metadata.isClosed === 'true';
		const won = closed && stage.metadata.probability === '1.0';
		const createdMs = nowMs - spanMs + Math.floor(rng.next() * spanMs);
		const modifiedMs = createdMs + Math.floor(rng.next() * (nowMs - createdMs));
		let closeMs = null;
		if (closed) closeMs = createdMs + Math.floor(rng.next() * (modifiedMs - createdMs));
		// `closedate` is the planned close date until the deal closes (§7).
		else if (rng.chance(0.7)) closeMs = nowMs + rng.int(1, 60) * DAY_MS;
		const owner = rng.chance(0.05) ? null : rng.pick(owners);
		const source = rng.weighted(sourceEntries);
		const [drill1, drill2] = source.drill(rng);
		const tracked = rng.chance(0.4);
		const amount = rng.chance(0.1)
			? null
			: String(rng.int(5, 400) * 100 + (rng.chance(0.1) ? 0.5 : 0));
		deals.push({
			id,
			archived: i >= count,
			properties: {
				dealname: rng.chance(0.02)
					? null
					: `Deal ${i + 1} – ${rng.pick(['annual', 'pilot', 'expansion', 'renewal'])}`,
				amount,
				deal_currency_code: rng.pick(['EUR', 'USD', 'GBP', null]),
				dealstage: stage.id,
				pipeline: pipeline.id,
				createdate: iso(createdMs),
				closedate: closeMs === null ? null : iso(closeMs),
				hs_lastmodifieddate: iso(modifiedMs),
				hubspot_owner_id: owner ? owner.id : null,
				hs_is_closed: closed ? 'true' : 'false',
				hs_is_closed_won: won ? 'true' : 'false',
				closed_lost_reason: closed && !won && rng.chance(0.8) ? rng.pick(LOST_REASONS) : null,
				closed_won_reason: won && rng.chance(0.3) ? 'Best fit' : null,
				hs_analytics_source: rng.chance(0.03) ? null : source.code,
				hs_analytics_source_data_1: drill1,
				hs_analytics_source_data_2: drill2,
				hs_object_id: id,
				utm_source: tracked ? rng.pick(['google', 'linkedin', 'newsletter']) : null,
				utm_medium: tracked ? rng.pick(['cpc', 'paid_social', 'email']) : null,
				utm_campaign: tracked ? rng.pick(['q2_push', 'brand', 'webinar']) : null,
				lead_quality_score: String(rng.int(1, 5)),
			},
			createdAt: iso(createdMs),
			updatedAt: iso(modifiedMs),
			contactIds: Array.from({ length: rng.int(0, 2) }, () => String(rng.int(100000, 999999))),
		});
	}

	const account = {
		portalId,
		accountType: 'STANDARD',
		timeZone: 'Europe/Berlin',
		companyCurrency: 'USD',
		additionalCurrencies: ['EUR', 'GBP'],
		utcOffset: '+01:00',
		utcOffsetMilliseconds: 3600000,
		uiDomain: 'app.hubspot.com',
		dataHostingLocation: 'na1',
	};
	const firstContact = generateFirstContactData({ seed, now, owners, pipelines, deals });
	return {
		account,
		owners,
		pipelines,
		properties,
		deals,
		/** Calls, e-mails, meetings and notes by id, per type, and the deals they are associated with. */
		engagements: firstContact.engagements,
		engagementsOfDeal: firstContact.associations,
		/** Deal id → `dealstage` history, newest first. */
		stageHistory: firstContact.stageHistory,
		/** Deal id → what First Contact must say, per mode (ISO UTC or null). */
		firstContactTruth: firstContact.truth,
		/** The owner whose deals wait days for their first touch: the one a speed-to-lead report must name. */
		slowestOwnerId: firstContact.slowestOwnerId,
	};
}

// ---------------------------------------------------------------------------------------------------------------
// First contact: engagements on deals and the deal stage history (docs/first-contact/hubspot.md)
// ---------------------------------------------------------------------------------------------------------------

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
/** The engagement objects read for a first human touch, each with its own batch read and associations. */
const ENGAGEMENT_TYPES = ['calls', 'emails', 'meetings', 'notes'];

/**
 * Whether an engagement counts as a first human touch, as docs/first-contact/hubspot.md reads the guides: an OUTBOUND
 * call not CANCELED/FAILED, an EMAIL-direction e-mail SENT (or without status), a COMPLETED meeting, any note; always
 * created by a HubSpot user (`hs_created_by_user_id` set). The truth below is computed with this, from the planted
 * associations, so shared engagements and every planted trap are judged the same way.
 */
function isHumanTouch(type, p) {
	if (!p.hs_created_by_user_id) return false;
	if (type === 'calls')
		return p.hs_call_direction === 'OUTBOUND' && !['CANCELED', 'FAILED'].includes(p.hs_call_status);
	if (type === 'emails')
		return (
			p.hs_email_direction === 'EMAIL' &&
			(p.hs_email_status === null || p.hs_email_status === 'SENT')
		);
	if (type === 'meetings') return p.hs_meeting_outcome === 'COMPLETED';
	return true;
}

function instantOf(value) {
	return /^\d+$/.test(String(value)) ? Number(value) : Date.parse(String(value));
}

/**
 * Calls, e-mails, meetings and notes on the deals, and each deal's `dealstage` history. Drawn from a generator of
 * its own, so the deals themselves are the same with or without this data. Planted per deal: touches before the deal
 * was created (ignored), automated ones — no `hs_created_by_user_id`: a workflow e-mail, an integration's note or
 * dialler call (ignored), inbound calls, replies, meetings not held, failed e-mails (no outreach), never-touched
 * deals (null), touches by another owner than the deal's (counted), engagements shared by two deals, and one SLOWEST
 * OWNER whose deals get their first touch days, not hours, after creation.
 */
function generateFirstContactData({ seed, now, owners, pipelines, deals }) {
	const rng = common.createRng(`${seed}:first-contact`);
	const nowMs = now.getTime();
	const active = owners.filter((o) => !o.archived);
	const slowest = active[3];
	const userIdOf = (owner) => (owner ? String(owner.userId) : null);
	/** @type {Record<string, Map<string, {id: string, properties: Record<string, string|null>}>>} */
	const engagements = Object.fromEntries(ENGAGEMENT_TYPES.map((t) => [t, new Map()]));
	/** @type {Record<string, Map<string, string[]>>} deal id → engagement ids, per type */
	const associations = Object.fromEntries(ENGAGEMENT_TYPES.map((t) => [t, new Map()]));
	const nextId = {
		calls: 41000000000,
		emails: 52000000000,
		meetings: 63000000000,
		notes: 74000000000,
	};
	// hs_timestamp reads back as ISO UTC like every date-time (§1.2); FAKE CHOICE: one in ten as epoch-ms text, the
	// other form the guides accept, so a reader must take both.
	const stamp = (ms) => (rng.chance(0.1) ? String(ms) : new Date(ms).toISOString());

	function associate(type, dealId, engagementId) {
		const list = associations[type].get(dealId) ?? [];
		if (!list.includes(engagementId)) list.push(engagementId);
		associations[type].set(dealId, list);
	}

	function plant(deal, type, atMs, fields, user) {
		if (atMs > nowMs) return null;
		const id = String(nextId[type]++);
		const properties = {
			hs_timestamp: stamp(atMs),
			hs_createdate: new Date(Math.min(nowMs, atMs + MINUTE_MS)).toISOString(),
			hs_object_id: id,
			hubspot_owner_id: user ? user.id : null,
			hs_created_by_user_id: userIdOf(user),
			hs_call_direction: null,
			hs_call_status: null,
			hs_email_direction: null,
			hs_email_status: null,
			hs_meeting_outcome: null,
			...fields,
		};
		engagements[type].set(id, { id, properties });
		associate(type, deal.id, id);
		return { type, id };
	}

	const humanKinds = [
		['calls', { hs_call_direction: 'OUTBOUND', hs_call_status: 'COMPLETED' }, 30],
		['calls', { hs_call_direction: 'OUTBOUND', hs_call_status: 'NO_ANSWER' }, 8],
		['emails', { hs_email_direction: 'EMAIL', hs_email_status: 'SENT' }, 35],
		['emails', { hs_email_direction: 'EMAIL', hs_email_status: null }, 5],
		['meetings', { hs_meeting_outcome: 'COMPLETED' }, 8],
		['notes', {}, 14],
	].map(([type, fields, weight]) => [{ type, fields }, weight]);
	/** Not an outreach by the rules, even when a user logged it. */
	const noOutreach = [
		['calls', { hs_call_direction: 'INBOUND', hs_call_status: 'COMPLETED' }],
		['calls', { hs_call_direction: 'OUTBOUND', hs_call_status: 'CANCELED' }],
		['emails', { hs_email_direction: 'INCOMING_EMAIL', hs_email_status: null }],
		['emails', { hs_email_direction: 'EMAIL', hs_email_status: 'FAILED' }],
		['emails', { hs_email_direction: 'EMAIL', hs_email_status: 'BOUNCED' }],
		['meetings', { hs_meeting_outcome: 'SCHEDULED' }],
		['meetings', { hs_meeting_outcome: 'NO_SHOW' }],
	];
	/** Created without a HubSpot user: workflows, sequences' automation, integrations, imports. */
	const automated = [
		['emails', { hs_email_direction: 'EMAIL', hs_email_status: 'SENT' }],
		['notes', {}],
		['calls', { hs_call_direction: 'OUTBOUND', hs_call_status: 'COMPLETED' }],
	];

	/** Minutes to hours for most; two to six days for the slowest owner. */
	function delayMs(owner) {
		if (owner && owner.id === slowest.id)
			return rng.int(48, 144) * HOUR_MS + rng.int(0, 59) * MINUTE_MS;
		return rng.chance(0.7) ? rng.int(3, 240) * MINUTE_MS : rng.int(4, 30) * HOUR_MS;
	}

	const ownerById = new Map(owners.map((o) => [o.id, o]));
	const stageHistory = new Map();
	let previous = null;
	for (const deal of deals) {
		const createdMs = Date.parse(deal.properties.createdate);
		const owner = ownerById.get(deal.properties.hubspot_owner_id) ?? null;
		const delay = delayMs(owner);
		const firstMs = createdMs + delay;
		const planted = [];
		if (!rng.chance(0.08)) {
			const other = rng.chance(0.3) ? rng.pick(active.filter((o) => o !== owner)) : null;
			const kind = rng.weighted(humanKinds);
			planted.push(
				plant(deal, kind.type, firstMs, kind.fields, other ?? owner ?? rng.pick(active)),
			);
			for (let i = rng.int(0, 2); i > 0; i--) {
				const later = rng.weighted(humanKinds);
				planted.push(
					plant(
						deal,
						later.type,
						firstMs + rng.int(1, 20 * 24) * HOUR_MS,
						later.fields,
						owner ?? rng.pick(active),
					),
				);
			}
		}
		// Traps between creation and the first touch (or at any time for never-touched deals).
		const before = () => createdMs + Math.floor(rng.next() * delay);
		if (rng.chance(0.25)) {
			const [type, fields] = rng.pick(
				[humanKinds[0][0], humanKinds[2][0]].map((k) => [k.type, k.fields]),
			);
			planted.push(
				plant(
					deal,
					type,
					createdMs - rng.int(1, 30 * 24) * HOUR_MS,
					fields,
					owner ?? rng.pick(active),
				),
			);
		}
		if (rng.chance(0.35)) {
			const [type, fields] = rng.pick(automated);
			planted.push(plant(deal, type, before(), fields, null));
		}
		if (rng.chance(0.3)) {
			const [type, fields] = rng.pick(noOutreach);
			planted.push(plant(deal, type, before(), fields, owner ?? rng.pick(active)));
		}
		// An engagement logged on two deals (the same contact's): associated with the previous deal as well.
		const shareable = planted.filter(Boolean);
		if (previous && shareable.length > 0 && rng.chance(0.08)) {
			const shared = rng.pick(shareable);
			associate(shared.type, previous.id, shared.id);
		}
		previous = deal;

		// `dealstage` history, ending at the current stage, timestamps between creation and the last edit.
		const pipeline = pipelines.find((p) => p.id === deal.properties.pipeline) ?? pipelines[0];
		const first = pipeline.stages[0].id;
		const current = deal.properties.dealstage;
		const modifiedMs = Date.parse(deal.properties.hs_lastmodifieddate);
		const span = Math.max(1000, modifiedMs - createdMs);
		const at = (share) => createdMs + Math.max(1, Math.floor(share * span));
		const path = [];
		if (current === first) {
			path.push(first);
			if (rng.chance(0.35)) path.push(rng.pick(pipeline.stages.slice(1, -2)).id, first);
		} else if (rng.chance(0.85)) {
			path.push(first);
			const middle = pipeline.stages.slice(1, -2).filter((s) => s.id !== current);
			for (let i = rng.int(0, Math.min(2, middle.length)); i > 0; i--)
				path.push(rng.pick(middle).id);
			path.push(current);
		} else {
			// Created past the first stage: no change at all, or one move on from there.
			if (rng.chance(0.5))
				path.push(rng.pick(pipeline.stages.slice(1).filter((s) => s.id !== current)).id);
			path.push(current);
		}
		const entries = [
			{ value: path[0], timestamp: new Date(createdMs).toISOString(), sourceType: 'CRM_UI' },
		];
		// The same stage saved again (an import, a workflow re-setting it): no change.
		if (rng.chance(0.15))
			entries.push({
				value: path[0],
				timestamp: new Date(at(0.02)).toISOString(),
				sourceType: 'IMPORT',
			});
		let share = Math.min(0.5, Math.max(0.05, (delay * 2) / span));
		for (let i = 1; i < path.length; i++) {
			entries.push({
				value: path[i],
				timestamp: new Date(at(share)).toISOString(),
				sourceType: 'CRM_UI',
			});
			share += (1 - share) * rng.next() * 0.9 + 0.0001;
		}
		const userId = owner ? owner.userId : null;
		// Newest first, `{value, timestamp, sourceType, sourceId, updatedByUserId}` (HubSpot/hubspot-api-nodejs#154;
		// the order is a FAKE CHOICE — readers sort).
		stageHistory.set(
			deal.id,
			entries
				.map((e) => ({
					...e,
					sourceId: e.sourceType === 'CRM_UI' && userId ? `userId:${userId}` : null,
					...(e.sourceType === 'CRM_UI' && userId ? { updatedByUserId: userId } : {}),
				}))
				.reverse(),
		);
	}

	const truth = { humanTouch: {}, stageChange: {} };
	for (const deal of deals) {
		const createdMs = Date.parse(deal.properties.createdate);
		let best = Infinity;
		for (const type of ENGAGEMENT_TYPES) {
			for (const id of associations[type].get(deal.id) ?? []) {
				const p = engagements[type].get(id).properties;
				const t = instantOf(p.hs_timestamp);
				if (isHumanTouch(type, p) && t >= createdMs && t < best) best = t;
			}
		}
		truth.humanTouch[deal.id] = Number.isFinite(best) ? new Date(best).toISOString() : null;
		const history = stageHistory.get(deal.id).slice().reverse();
		const change = history.find((e, i) => i > 0 && e.value !== history[i - 1].value);
		truth.stageChange[deal.id] = change
			? new Date(Date.parse(change.timestamp)).toISOString()
			: null;
	}
	return { engagements, associations, stageHistory, truth, slowestOwnerId: slowest.id };
}

// ---------------------------------------------------------------------------------------------------------------
// Search semantics
// ---------------------------------------------------------------------------------------------------------------

class HubSpotError extends Error {
	constructor(status, body, headers = {}) {
		super(body.message);
		this.status = status;
		this.body = body;
		this.headers = headers;
	}
}

let correlationCounter = 0;
function correlationId() {
	correlationCounter++;
	return `00000000-0000-4000-8000-${String(correlationCounter).padStart(12, '0')}`;
}

/** Error body: `{status, message, correlationId, category, …}` (§1.4, error-handling page). */
function validationError(message, extra = {}) {
	return new HubSpotError(400, {
		status: 'error',
		message,
		correlationId: correlationId(),
		category: 'VALIDATION_ERROR',
		...extra,
	});
}

/** Comparable values of stored deals, parsed once: a 25,000-deal search must not re-parse dates per comparison. */
const parsedValues = new WeakMap();

function dealValue(deal, property) {
	let cache = parsedValues.get(deal);
	if (!cache) {
		cache = new Map();
		parsedValues.set(deal, cache);
	}
	if (!cache.has(property)) cache.set(property, comparable(property, deal.properties[property]));
	return cache.get(property);
}

/** Epoch-ms strings (the doc's BETWEEN example) or ISO date-times, for date properties. */
function comparable(property, value) {
	if (value === null || value === undefined) return null;
	if (DATE_PROPERTIES.has(property)) {
		const text = String(value);
		return /^\d+$/.test(text) ? Number(text) : Date.parse(text);
	}
	if (NUMBER_PROPERTIES.has(property)) return Number(value);
	return String(value).toLowerCase();
}

function buildFilter(filter, knownProperties) {
	const property = filter && filter.propertyName;
	if (!property || !knownProperties.has(property))
		throw validationError(`Property "${property}" does not exist`);
	const op = String(filter.operator || '');
	const single = comparable(property, filter.value);
	const high = comparable(property, filter.highValue);
	const many = Array.isArray(filter.values)
		? filter.values.map((v) => comparable(property, v))
		: [];
	// Operators listed in the search doc (§1.2).
	const tests = {
		EQ: (v) => v !== null && v === single,
		NEQ: (v) => v !== single,
		LT: (v) => v !== null && v < single,
		LTE: (v) => v !== null && v <= single,
		GT: (v) => v !== null && v > single,
		GTE: (v) => v !== null && v >= single,
		BETWEEN: (v) => v !== null && v >= single && v <= high,
		IN: (v) => v !== null && many.includes(v),
		NOT_IN: (v) => !many.includes(v),
		HAS_PROPERTY: (v) => v !== null,
		NOT_HAS_PROPERTY: (v) => v === null,
		CONTAINS_TOKEN: (v) => v !== null && String(v).includes(String(single).replace(/\*/g, '')),
		NOT_CONTAINS_TOKEN: (v) => v === null || !String(v).includes(String(single).replace(/\*/g, '')),
	};
	const test = tests[op];
	if (!test) throw validationError(`Unknown operator "${op}"`);
	if (['IN', 'NOT_IN'].includes(op) && !Array.isArray(filter.values))
		throw validationError(`${op} needs "values"`);
	return (deal) => test(dealValue(deal, property));
}

/**
 * Validates a search body the way §1.2 describes and returns a predicate, a comparator and the page window.
 * @param {any} body
 * @param {Set<string>} knownProperties
 */
function parseSearch(body, rawLength, knownProperties) {
	if (rawLength > MAX_QUERY_CHARS)
		throw validationError(`Query exceeds ${MAX_QUERY_CHARS} characters`);
	const groups = body.filterGroups === undefined ? [] : body.filterGroups;
	if (!Array.isArray(groups)) throw validationError('filterGroups must be an array');
	const totalFilters = groups.reduce((n, g) => n + ((g && g.filters) || []).length, 0);
	// Too many groups or filters "gives a VALIDATION_ERROR" (§1.2, 2024 changelog on expanded filtering).
	if (groups.length > MAX_FILTER_GROUPS)
		throw validationError(`Too many filter groups (maximum ${MAX_FILTER_GROUPS})`);
	if (groups.some((g) => ((g && g.filters) || []).length > MAX_FILTERS_PER_GROUP)) {
		throw validationError(`Too many filters in a group (maximum ${MAX_FILTERS_PER_GROUP})`);
	}
	if (totalFilters > MAX_FILTERS_TOTAL)
		throw validationError(`Too many filters (maximum ${MAX_FILTERS_TOTAL})`);
	const compiled = groups.map((g) =>
		((g && g.filters) || []).map((f) => buildFilter(f, knownProperties)),
	);
	// Filters in a group are ANDed, groups are ORed (search doc).
	const predicate = (deal) =>
		compiled.length === 0 || compiled.some((group) => group.every((test) => test(deal)));

	const sorts = body.sorts === undefined ? [] : body.sorts;
	// "Only one sorting rule can be applied to any search" (§1.2).
	if (!Array.isArray(sorts) || sorts.length > 1) throw validationError('Only one sort is allowed');
	const sort = sorts[0];
	if (sort && !knownProperties.has(sort.propertyName))
		throw validationError(`Property "${sort.propertyName}" does not exist`);
	const direction = sort && String(sort.direction).toUpperCase() === 'DESCENDING' ? -1 : 1;
	const byId = (a, b) => Number(a.id) - Number(b.id);
	// FAKE CHOICE: without a sort, results come in id order; ties break on id.
	const compare = sort
		? (a, b) => {
				const x = dealValue(a, sort.propertyName);
				const y = dealValue(b, sort.propertyName);
				if (x === y) return byId(a, b);
				if (x === null) return 1;
				if (y === null) return -1;
				return (x < y ? -1 : 1) * direction;
			}
		: byId;

	const limit = body.limit === undefined ? DEFAULT_SEARCH_LIMIT : Number(body.limit);
	// FAKE CHOICE: a limit above the documented maximum is refused rather than trimmed.
	if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
		throw validationError(`limit must be between 1 and ${MAX_SEARCH_LIMIT}`);
	}
	// "You must format the value in the `after` parameter as an integer" (§1.2).
	const afterText = body.after === undefined || body.after === null ? '0' : String(body.after);
	if (!/^\d+$/.test(afterText)) throw validationError('after must be an integer');
	const after = Number(afterText);
	// "Attempting to page beyond 10,000 will result in a 400 error" (§1.2); the exact body is UNVERIFIED (§8).
	if (after + limit > SEARCH_RESULT_CAP) {
		throw validationError(
			`The search API can only page through the first ${SEARCH_RESULT_CAP} results of a query`,
		);
	}
	const properties =
		Array.isArray(body.properties) && body.properties.length > 0
			? body.properties.map(String)
			: DEFAULT_PROPERTIES;
	return {
		predicate,
		compare,
		limit,
		after,
		properties,
		filterGroups: groups,
		sorts,
		key: JSON.stringify([groups, sorts]),
	};
}

/** Requested properties, with null for empties; unknown names are left out (FAKE CHOICE, UNVERIFIED). */
function renderDeal(deal, properties, knownProperties) {
	const props = {};
	for (const name of new Set([...properties, ...ALWAYS_PROPERTIES])) {
		if (!knownProperties.has(name)) continue;
		const value = deal.properties[name];
		props[name] = value === undefined || value === null ? null : String(value);
	}
	return {
		id: deal.id,
		properties: props,
		createdAt: deal.createdAt,
		updatedAt: deal.updatedAt,
		archived: false,
	};
}

// ---------------------------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------------------------

/**
 * @typedef {Object} HubSpotFakeOptions
 * @property {number} [count] searchable deals (default 500); 1 archived deal per 50 is added on top
 * @property {string} [token] the accepted Bearer token (default 'good-token')
 * @property {number|string} [seed] (default 1)
 * @property {Date} [now] data is generated relative to this instant (default: now)
 * @property {number} [spanDays] deals are created evenly over this many days before `now` (default 365)
 * @property {number} [searchPerSecond] accepted searches per rolling second (default 5, §1.2)
 * @property {number} [perTenSeconds] accepted other requests per rolling 10 s (default 100, private app on Free/Starter, §1.4)
 * @property {number} [failureRate] seeded share of requests refused with 429 RATE_LIMIT or 500/502/503 (default 0)
 * @property {string|number} [retryAfter] when set, every other 429 carries this `Retry-After` (§1.4: "send it sometimes")
 * @property {number} [portalId] (default 24373118)
 * @property {number} [port] (default 0 = any free port)
 * @property {() => number} [clock] milliseconds; drives the limiters
 * @property {number} [associationPageSize] associated ids per deal per page of an associations batch read (default 500, FAKE CHOICE)
 */

/**
 * @typedef {Object} HubSpotFake
 * @property {string} url base URL, e.g. http://127.0.0.1:PORT (the credential's base URL)
 * @property {string} token
 * @property {import('./common').FakeStats & {searches: Array<{after: number, limit: number, total: number, returned: number, filterGroups: any[], sorts: any[], lastId: string|null}>, associationReads: Array<{type: string, inputs: number}>, batchReads: Array<{type: string, inputs: number}>}} stats
 * @property {ReturnType<typeof generateHubSpotData>} data
 * @property {any[]} notes notes created through the API: `{id, properties, associations, dealIds}`
 * @property {(id: string, properties?: Record<string, string|null>) => any} touch test hook: see `touch`
 * @property {(status: number, options?: {retryAfter?: string|number}) => void} failNext refuse the next request so
 * @property {(id: string, properties: Record<string, string|null>, modifiedAt?: string) => void} editDeal change a
 *   deal's properties between two requests, bumping hs_lastmodifieddate
 * @property {() => void} resetStats
 * @property {() => Promise<void>} close
 */

/**
 * @param {HubSpotFakeOptions} [options]
 * @returns {Promise<HubSpotFake>}
 */
async function startHubSpotFake(options = {}) {
	const opts = {
		count: 500,
		token: 'good-token',
		seed: 1,
		now: new Date(),
		spanDays: 365,
		searchPerSecond: 5,
		perTenSeconds: 100,
		failureRate: 0,
		retryAfter: undefined,
		portalId: 24373118,
		port: 0,
		clock: Date.now,
		associationPageSize: 500,
		...options,
	};
	const stats = Object.assign(common.createStats(), {
		searches: [],
		associationReads: [],
		batchReads: [],
	});
	// "The search endpoints are rate limited to five requests per second per account" (§1.2).
	const searchLimiter = new common.SlidingWindowLimiter({
		limit: opts.searchPerSecond,
		windowMs: 1000,
		clock: opts.clock,
	});
	// Private apps: 100 per 10 s on Free/Starter (§1.4).
	const generalLimiter = new common.SlidingWindowLimiter({
		limit: opts.perTenSeconds,
		windowMs: 10000,
		clock: opts.clock,
	});
	const failures = common.createFailureInjector(opts.failureRate, opts.seed);
	/** @type {Array<{status: number, retryAfter?: string|number}>} */
	const forced = [];
	const notes = [];
	let rateLimitAnswers = 0;
	let dailyUsed = 0;

	const data = generateHubSpotData({
		count: opts.count,
		seed: opts.seed,
		now: opts.now,
		spanDays: opts.spanDays,
		portalId: opts.portalId,
	});
	const knownProperties = new Set(data.properties.map((p) => p.name));
	const searchable = data.deals.filter((d) => !d.archived);
	const dealById = new Map(data.deals.map((d) => [d.id, d]));
	const router = new common.Router();
	/** @type {{key: string, matched: any[]} | null} */
	let lastSearch = null;

	function searchDeals({ res, body, rawLength }) {
		const search = parseSearch(body, rawLength, knownProperties);
		// "Archived CRM objects won't appear in any search results" (§1.2). The pages of one query are cut from one
		// sorted match list until a record changes (`editDeal`): then the query runs again on the changed records, as
		// HubSpot's does, so an edit between pages moves the deal within the sort order.
		if (!lastSearch || lastSearch.key !== search.key) {
			lastSearch = {
				key: search.key,
				matched: searchable.filter(search.predicate).sort(search.compare),
			};
		}
		const matched = lastSearch.matched;
		const slice = matched.slice(search.after, search.after + search.limit);
		const response = {
			total: matched.length,
			results: slice.map((d) => renderDeal(d, search.properties, knownProperties)),
		};
		// "If the paging.next.after property isn't provided, there are no additional results" (§1.2).
		if (search.after + search.limit < matched.length)
			response.paging = { next: { after: String(search.after + search.limit) } };
		stats.searches.push({
			after: search.after,
			limit: search.limit,
			total: matched.length,
			returned: slice.length,
			filterGroups: search.filterGroups,
			sorts: search.sorts,
			lastId: slice.length > 0 ? slice[slice.length - 1].id : null,
		});
		if (slice.length > 0) stats.listPages++;
		else stats.emptyPages++;
		return response;
	}

	/**
	 * Changes stored properties of a deal, as a user editing it in HubSpot would. Every edit also moves
	 * `hs_lastmodifieddate` (and `updatedAt`) to `modifiedAt`, unless the edit sets it itself.
	 * @param {string} id
	 * @param {Record<string, string|null>} properties
	 * @param {string} [modifiedAt] ISO time of the edit (default: the fake's clock)
	 */
	function editDeal(id, properties, modifiedAt = new Date(opts.clock()).toISOString()) {
		const deal = dealById.get(id);
		if (!deal) throw new Error(`editDeal: no deal ${id}`);
		Object.assign(deal.properties, { hs_lastmodifieddate: modifiedAt }, properties);
		deal.updatedAt = deal.properties.hs_lastmodifieddate;
		if (properties.createdate !== undefined) deal.createdAt = properties.createdate;
		parsedValues.delete(deal);
		lastSearch = null;
	}

	function getDeal({ params, query }) {
		const deal = dealById.get(params.id);
		// FAKE CHOICE (UNVERIFIED body): archived or unknown ids answer 404 OBJECT_NOT_FOUND.
		if (!deal || deal.archived) {
			throw new HubSpotError(404, {
				status: 'error',
				message: 'Object not found.  objectId are usually numeric.',
				correlationId: correlationId(),
				category: 'OBJECT_NOT_FOUND',
			});
		}
		const properties = query.get('properties')
			? query
					.get('properties')
					.split(',')
					.map((s) => s.trim())
			: DEFAULT_PROPERTIES;
		return renderDeal(deal, properties, knownProperties);
	}

	/** Notes guide: `hs_timestamp` is required; `hs_note_body` ≤ 65,536 characters; associations on create. */
	function createNote({ body }) {
		const properties = (body && body.properties) || {};
		if (!properties.hs_timestamp)
			throw validationError('Property values were not valid: hs_timestamp is required');
		if (String(properties.hs_note_body || '').length > MAX_NOTE_BODY)
			throw validationError('hs_note_body is too long');
		const associations = Array.isArray(body.associations) ? body.associations : [];
		const dealIds = [];
		for (const association of associations) {
			const toId = String((association && association.to && association.to.id) || '');
			const types = (association && association.types) || [];
			if (
				!types.some(
					(t) =>
						t.associationCategory === 'HUBSPOT_DEFINED' &&
						Number(t.associationTypeId) === NOTE_TO_DEAL,
				)
			) {
				throw validationError(
					'FAKE CHOICE: this fake only knows note-to-deal associations (HUBSPOT_DEFINED 214)',
				);
			}
			const deal = dealById.get(toId);
			if (!deal || deal.archived) {
				// "One or more associations are invalid" with context.INVALID_OBJECT_IDS (HubSpot/hubspot-api-nodejs#646).
				throw validationError('One or more associations are invalid', {
					context: {
						INVALID_OBJECT_IDS: [`DEAL=${toId} is not valid`],
						objectId: [toId],
						objectType: ['DEAL'],
					},
				});
			}
			dealIds.push(toId);
		}
		const createdAt = new Date(opts.clock()).toISOString();
		const id = String(70000000000 + notes.length + 1);
		const note = {
			id,
			properties: {
				hs_note_body:
					properties.hs_note_body === undefined ? null : String(properties.hs_note_body),
				hs_timestamp: String(properties.hs_timestamp),
				hs_createdate: createdAt,
				hs_lastmodifieddate: createdAt,
				hs_object_id: id,
			},
			associations,
			dealIds,
		};
		notes.push(note);
		return {
			status: 201,
			body: { id, properties: note.properties, createdAt, updatedAt: createdAt, archived: false },
		};
	}

	for (const objects of ['/crm/v3/objects', '/crm/objects/2026-03']) {
		router.add('POST', `${objects}/deals/search`, searchDeals);
		router.add('GET', `${objects}/deals/{id}`, getDeal);
		router.add('POST', `${objects}/notes`, createNote);
	}
	router.add('GET', '/crm/v3/pipelines/deals', () => ({ results: data.pipelines }));
	router.add('GET', '/crm/v3/properties/deals', () => ({ results: data.properties }));
	router.add('GET', '/account-info/v3/details', () => data.account);
	router.add('GET', '/crm/v3/owners', ({ query }) => {
		const archived = query.get('archived') === 'true';
		const limit = Math.min(500, Math.max(1, Number(query.get('limit') || 100)));
		const after = Number(query.get('after') || 0);
		// FAKE CHOICE: `archived=true` lists only the archived owners, the default only the active ones.
		const rows = data.owners.filter((o) => o.archived === archived);
		const response = { results: rows.slice(after, after + limit) };
		if (after + limit < rows.length) response.paging = { next: { after: String(after + limit) } };
		return response;
	});
	router.add('POST', '/crm/v4/associations/deals/contacts/batch/read', ({ body }) => {
		const inputs = Array.isArray(body && body.inputs) ? body.inputs : [];
		if (inputs.length > MAX_ASSOCIATION_INPUTS)
			throw validationError(`At most ${MAX_ASSOCIATION_INPUTS} inputs`);
		const startedAt = new Date(opts.clock()).toISOString();
		const results = inputs
			.map((input) => dealById.get(String(input && input.id)))
			.filter((deal) => deal && !deal.archived)
			.map((deal) => ({
				from: { id: deal.id },
				to: deal.contactIds.map((contactId) => ({
					toObjectId: Number(contactId),
					associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 3, label: null }],
				})),
			}));
		return { status: 'COMPLETE', results, startedAt, completedAt: startedAt };
	});

	/**
	 * First contact reads. Associations v4 batch read: ≤ 1,000 inputs ("may not exceed 1000 IDs per request body",
	 * changelog "Bug Fix: Batch Read Limit for HubSpot Associations API"); answer `{status, results[{from{id},
	 * to[{toObjectId, associationTypes}], paging?}], errors?, numErrors?, startedAt, completedAt}` (v4 batch read
	 * reference). FAKE CHOICE: a deal with none of that type, or unknown, is listed in `errors` and the answer is 207;
	 * `to` pages hold `associationPageSize` (default 500) with `paging.next.after` the offset.
	 */
	const ENGAGEMENT_TO_DEAL = { calls: 206, emails: 210, meetings: 212, notes: 214 };
	for (const type of ENGAGEMENT_TYPES) {
		router.add('POST', `/crm/v4/associations/deals/${type}/batch/read`, ({ body }) => {
			const inputs = Array.isArray(body && body.inputs) ? body.inputs : [];
			if (inputs.length > MAX_ASSOCIATION_INPUTS)
				throw validationError(`At most ${MAX_ASSOCIATION_INPUTS} inputs`);
			const startedAt = new Date(opts.clock()).toISOString();
			const results = [];
			const errors = [];
			for (const input of inputs) {
				const id = String(input && input.id);
				const deal = dealById.get(id);
				const all = (deal && !deal.archived && data.engagementsOfDeal[type].get(id)) || [];
				const ids =
					type === 'notes'
						? [...all, ...notes.filter((n) => n.dealIds.includes(id)).map((n) => n.id)]
						: all;
				if (ids.length === 0) {
					errors.push({
						status: 'error',
						category: 'OBJECT_NOT_FOUND',
						subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
						message: `No ${type} is associated with deal ${id}`,
						context: { fromObjectId: [id] },
					});
					continue;
				}
				const offset = Number((input && input.after) || 0);
				const page = ids.slice(offset, offset + opts.associationPageSize);
				const result = {
					from: { id },
					to: page.map((toId) => ({
						toObjectId: Number(toId),
						associationTypes: [
							{ category: 'HUBSPOT_DEFINED', typeId: ENGAGEMENT_TO_DEAL[type], label: null },
						],
					})),
				};
				if (offset + opts.associationPageSize < ids.length)
					result.paging = { next: { after: String(offset + opts.associationPageSize) } };
				results.push(result);
			}
			stats.associationReads.push({ type, inputs: inputs.length });
			const answer = { status: 'COMPLETE', results, startedAt, completedAt: startedAt };
			if (errors.length === 0) return answer;
			return { status: 207, body: { ...answer, errors, numErrors: errors.length } };
		});
	}

	/** Created through the API with a private-app token: no HubSpot user, so never a human touch. */
	function createdNoteRecord(note) {
		return {
			id: note.id,
			properties: {
				hs_timestamp: note.properties.hs_timestamp,
				hs_createdate: note.properties.hs_createdate,
				hs_object_id: note.id,
				hubspot_owner_id: null,
				hs_created_by_user_id: null,
			},
		};
	}

	/**
	 * Object batch read `POST /crm/v3/objects/{type}/batch/read` `{properties, propertiesWithHistory?, inputs[{id}]}`:
	 * ≤ 100 inputs (§1.4), ≤ 50 when property history is asked for (the 400 quoted in activepieces/activepieces#9359);
	 * answer `{status, results[{id, properties, propertiesWithHistory?, createdAt, updatedAt, archived}], startedAt,
	 * completedAt}`; ids not found go to `errors` with 207 (FAKE CHOICE for the error body).
	 */
	function batchRead(body, find, render) {
		const inputs = Array.isArray(body && body.inputs) ? body.inputs : [];
		const withHistory =
			Array.isArray(body.propertiesWithHistory) && body.propertiesWithHistory.length > 0;
		if (withHistory && inputs.length > MAX_HISTORY_INPUTS)
			throw validationError(
				`The maximum number of inputs supported in a batch request for property histories is ${MAX_HISTORY_INPUTS}. Please reduce the number of items and try again`,
			);
		if (inputs.length > MAX_BATCH_INPUTS)
			throw validationError(`At most ${MAX_BATCH_INPUTS} inputs`);
		const properties = Array.isArray(body.properties) ? body.properties.map(String) : [];
		const startedAt = new Date(opts.clock()).toISOString();
		const results = [];
		const missing = [];
		for (const input of inputs) {
			const id = String(input && input.id);
			const record = find(id);
			if (record)
				results.push(render(record, properties, withHistory ? body.propertiesWithHistory : []));
			else missing.push(id);
		}
		const answer = { status: 'COMPLETE', results, startedAt, completedAt: startedAt };
		if (missing.length === 0) return answer;
		return {
			status: 207,
			body: {
				...answer,
				numErrors: 1,
				errors: [
					{
						status: 'error',
						category: 'OBJECT_NOT_FOUND',
						message: 'Could not get some objects, they may be deleted or not exist.',
						context: { ids: missing },
					},
				],
			},
		};
	}

	for (const objects of ['/crm/v3/objects', '/crm/objects/2026-03']) {
		router.add('POST', `${objects}/deals/batch/read`, ({ body }) => {
			const answer = batchRead(
				body,
				(id) => {
					const deal = dealById.get(id);
					return deal && !deal.archived ? deal : null;
				},
				(deal, properties, history) => {
					const rendered = renderDeal(deal, properties, knownProperties);
					if (history.length > 0) {
						rendered.propertiesWithHistory = {};
						for (const name of history) {
							if (name === 'dealstage')
								rendered.propertiesWithHistory.dealstage = data.stageHistory.get(deal.id);
							else if (knownProperties.has(name)) rendered.propertiesWithHistory[name] = [];
						}
					}
					return rendered;
				},
			);
			stats.batchReads.push({ type: 'deals', inputs: (body.inputs || []).length });
			return answer;
		});
		for (const type of ENGAGEMENT_TYPES) {
			router.add('POST', `${objects}/${type}/batch/read`, ({ body }) => {
				const answer = batchRead(
					body,
					(id) => {
						const found = data.engagements[type].get(id);
						if (found || type !== 'notes') return found || null;
						const note = notes.find((n) => n.id === id);
						return note ? createdNoteRecord(note) : null;
					},
					(record, properties) => {
						const props = {};
						for (const name of new Set([
							...properties,
							'hs_createdate',
							'hs_lastmodifieddate',
							'hs_object_id',
						])) {
							const value = record.properties[name];
							props[name] = value === undefined || value === null ? null : String(value);
						}
						props.hs_lastmodifieddate = record.properties.hs_createdate;
						return {
							id: record.id,
							properties: props,
							createdAt: record.properties.hs_createdate,
							updatedAt: record.properties.hs_createdate,
							archived: false,
						};
					},
				);
				stats.batchReads.push({ type, inputs: (body.inputs || []).length });
				return answer;
			});
		}
	}

	function authorized(req) {
		// "Authorization: Bearer <token>" (§1.1).
		const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization || '');
		return Boolean(match) && match[1].trim() === opts.token;
	}

	/** Rate headers on every endpoint but search (§1.4). */
	function rateHeaders(isSearch) {
		if (isSearch) return {};
		const remaining = Math.max(
			0,
			opts.perTenSeconds - generalLimiter.stamps.length + generalLimiter.head,
		);
		return {
			'X-HubSpot-RateLimit-Daily': '500000',
			'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, 500000 - dailyUsed)),
			'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
			'X-HubSpot-RateLimit-Max': String(opts.perTenSeconds),
			'X-HubSpot-RateLimit-Remaining': String(remaining),
		};
	}

	function refuse(res, status, isSearch, retryAfter) {
		stats.rejected++;
		const headers = rateHeaders(isSearch);
		if (status === 429) {
			rateLimitAnswers++;
			// The burst 429 body (HubSpot/hubspot-api-python#117, §1.4). No rate headers on search (§1.4).
			// Retry-After: the usage page defines none, one note says it exists in ms (UNVERIFIED): sent on every other
			// 429 only when configured.
			if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
			else if (opts.retryAfter !== undefined && rateLimitAnswers % 2 === 1)
				headers['Retry-After'] = String(opts.retryAfter);
			common.sendJson(
				res,
				429,
				{
					status: 'error',
					message: 'You have reached your ten_secondly_rolling limit.',
					errorType: 'RATE_LIMIT',
					correlationId: correlationId(),
					policyName: 'TEN_SECONDLY_ROLLING',
					groupName: `publicapi:private-app-api-calls-ten-secondly:${opts.portalId}`,
				},
				'application/json',
				headers,
			);
			return;
		}
		if (status === 500) {
			common.sendJson(
				res,
				500,
				{
					status: 'error',
					message: 'internal error',
					correlationId: correlationId(),
					category: 'INTERNAL_ERROR',
				},
				'application/json',
				headers,
			);
			return;
		}
		// A proxy in front of the API, not the API: an HTML page.
		const reason =
			status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Unavailable' : 'Gateway Timeout';
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
				status: 'error',
				message: 'Request body too large',
				category: 'VALIDATION_ERROR',
			});
			return;
		}
		if (
			common.handleControl(req, res, requestUrl, rawBody, { stats, notes, resetStats: resetStats })
		)
			return;

		stats.requests++;
		const match = router.match(req.method || 'GET', requestUrl.pathname);
		common.countRoute(stats, match ? match.route.pattern : 'unmatched');
		const isSearch = requestUrl.pathname.endsWith('/search');

		if (!authorized(req)) {
			stats.unauthorized++;
			// 401 JSON with category INVALID_AUTHENTICATION (§1.4; category from public fakes, UNVERIFIED).
			common.sendJson(res, 401, {
				status: 'error',
				message:
					'Authentication credentials not found. This API supports OAuth 2.0 authentication.',
				correlationId: correlationId(),
				category: 'INVALID_AUTHENTICATION',
			});
			return;
		}

		const limiter = isSearch ? searchLimiter : generalLimiter;
		if (!limiter.tryAcquire().ok) {
			stats.rateLimited++;
			return refuse(res, 429, isSearch);
		}
		dailyUsed++;
		if (forced.length > 0) {
			const next = forced.shift();
			stats.injectedFailures++;
			return refuse(res, next.status, isSearch, next.retryAfter);
		}
		if (failures.shouldFail()) {
			stats.injectedFailures++;
			return refuse(res, failures.pickKind([429, 500, 502, 503]), isSearch);
		}

		if (!match) {
			common.sendJson(res, 404, {
				status: 'error',
				message: 'Route not found',
				correlationId: correlationId(),
				category: 'OBJECT_NOT_FOUND',
			});
			return;
		}
		if (!match.methodAllowed) {
			common.sendJson(res, 405, {
				status: 'error',
				message: `${req.method} is not allowed`,
				correlationId: correlationId(),
			});
			return;
		}
		let body = {};
		if (rawBody.trim()) {
			try {
				body = JSON.parse(rawBody);
			} catch {
				common.sendJson(res, 400, {
					status: 'error',
					message: 'Invalid input JSON',
					correlationId: correlationId(),
					category: 'VALIDATION_ERROR',
				});
				return;
			}
		}
		try {
			const result = await match.route.handler({
				req,
				res,
				params: match.params,
				query: requestUrl.searchParams,
				body,
				rawLength: rawBody.length,
			});
			const status = result && result.status && result.body ? result.status : 200;
			const payload = result && result.status && result.body ? result.body : result;
			common.sendJson(res, status, payload, 'application/json', rateHeaders(isSearch));
		} catch (error) {
			if (error instanceof HubSpotError) {
				common.sendJson(res, error.status, error.body, 'application/json', {
					...rateHeaders(isSearch),
					...error.headers,
				});
				return;
			}
			common.sendJson(res, 500, {
				status: 'error',
				message: String(error && error.stack),
				category: 'INTERNAL_ERROR',
			});
		}
	}

	/**
	 * TEST HOOK, not a HubSpot behaviour: stands in for a user editing a deal between two requests (amocrm.js has the
	 * same hook); `editDeal` with the modification time taken from the properties, returning the deal.
	 */
	function touch(id, properties = {}) {
		editDeal(
			String(id),
			properties,
			properties.hs_lastmodifieddate ?? new Date(opts.clock()).toISOString(),
		);
		return dealById.get(String(id));
	}

	function resetStats() {
		common.resetStats(stats);
		stats.searches = [];
		stats.associationReads = [];
		stats.batchReads = [];
	}

	const server = await common.listen(
		(req, res) => {
			handle(req, res).catch((error) =>
				common.sendJson(res, 500, { status: 'error', message: String(error) }),
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
		failNext: (status, { retryAfter } = {}) => forced.push({ status, retryAfter }),
		touch,
		editDeal,
		resetStats,
		close: server.close,
	};
}

module.exports = { startHubSpotFake, generateHubSpotData, SEARCH_RESULT_CAP, MAX_SEARCH_LIMIT };
