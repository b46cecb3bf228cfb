import type { IDataObject } from 'n8n-workflow';

import { EMPTY_UTM, readAmount, readId, readIsoDate, readText, textOrNull } from '../../model/deal';
import type { CrmUser, Deal, DealStatus, Pipeline, Utm } from '../../model/deal';
import { collectPages, CrmHttpError, mapHttpError } from '../../transport/crmHttpClient';
import { CrmRecordError } from '../../transport/errors';
import { jsonObject, recordList, z } from '../../transport/envelopes';
import { plainTextToHtml, UTM_KEYS, utmKeyOfName } from '../customFields';
import { checkedBaseUrl } from '../hosts';
import { readFirstContacts } from './firstContact';
import { once } from '../session';
import { DealNotFoundError, matchesQuery, readRecords } from '../types';
import type { CrmAdapter, CrmSession, DateField, DealQuery } from '../types';

/**
 * HubSpot CRM v3. Wire format and limits: reference/crm-apis.md §1.
 * Deals come from the search endpoint, the only one that filters by date (§1.2).
 */

const API_ORIGIN = 'https://api.hubapi.com';
const UI_ORIGIN = 'https://app.hubspot.com';
const SEARCH_URL = '/crm/v3/objects/deals/search';
// "The maximum number of supported objects per page is 200" (Search the CRM, §1.2).
const SEARCH_PAGE_SIZE = 200;
// The stage IN filter must keep the request body under HubSpot's 3,000-character limit (§1.2).
const MAX_STAGE_FILTER_CHARS = 1_500;
const OWNERS_PAGE_SIZE = 100;
// HubSpot-defined association type "note to deal" (association type table of the CRM associations API;
// the notes guide creates notes with `associations[].types[{associationCategory, associationTypeId}]`).
const NOTE_TO_DEAL_ASSOCIATION = 214;

/** Sending `properties` replaces the default list (§1.2), so ask for everything the `Deal` needs. */
const DEAL_PROPERTIES = [
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
	'hs_analytics_source',
	'hs_analytics_source_data_1',
	'hs_analytics_source_data_2',
];

const DATE_PROPERTY: Record<DateField, string> = {
	createdAt: 'createdate',
	updatedAt: 'hs_lastmodifieddate',
	closedAt: 'closedate',
};

/**
 * Which drill-down of the original source holds the utm_campaign value, per source category: "Campaign name
 * retrieved from the URL's utm_campaign parameter" is drill-down 1 for email marketing and paid search and
 * drill-down 2 for organic social (HubSpot KB "Understand source properties", table of drill-down values).
 */
const CAMPAIGN_DRILL_DOWN: Record<string, string> = {
	EMAIL_MARKETING: 'hs_analytics_source_data_1',
	PAID_SEARCH: 'hs_analytics_source_data_1',
	SOCIAL_MEDIA: 'hs_analytics_source_data_2',
};

interface HubSpotDeal {
	id: string;
	properties?: Record<string, unknown>;
	createdAt?: string;
	updatedAt?: string;
	archived?: boolean;
}

interface SearchPage {
	total: number;
	results: unknown[];
	paging?: { next?: { after: string } };
}

interface HubSpotPipeline {
	id: string;
	label: string;
	displayOrder?: number;
	archived?: boolean;
	stages?: Array<{
		id: string;
		label: string;
		displayOrder?: number;
		archived?: boolean;
		metadata?: { isClosed?: string | boolean; probability?: string | number };
	}>;
}

interface HubSpotOwner {
	id: string;
	email?: string | null;
	firstName?: string | null;
	lastName?: string | null;
	archived?: boolean;
}

interface StageInfo {
	pipelineId: string;
	name: string;
	status: DealStatus;
}

interface Lookups {
	pipelines: Map<string, Pipeline>;
	stages: Map<string, StageInfo>;
	owners: Map<string, string>;
	portalId: string | null;
	uiOrigin: string;
	currency: string | null;
	/** Custom deal properties whose name or label reads like utm_source etc. */
	utmProperties: Partial<Record<keyof Utm, string>>;
}

/** Everything one Get Many pull sends with each search. */
interface SearchPlan {
	session: CrmSession;
	filters: IDataObject[];
	properties: string[];
}

/*
 * Envelopes: the documented shape of each 2xx answer (reference/crm-apis.md §1). A body in any other shape (an HTML
 * maintenance page, a cut-off body, `results: "abc"`) is retried, then fails, instead of becoming deals.
 */

/** `paging.next.after` is a string; "If the paging.next.after property isn't provided, there are no additional results" (§1.2). */
const nextPaging = z
	.object({ next: z.object({ after: z.string() }).passthrough().optional() })
	.passthrough()
	.optional();

/** Search: `{ total, results[{id, properties{}, createdAt, updatedAt, archived}], paging{next{after}} }` (§1.2). */
const SEARCH_ENVELOPE = z
	.object({ total: z.number(), results: recordList, paging: nextPaging })
	.passthrough();

/** Pipelines `{"results":[…]}` (§1.3), deal properties `{ results: [...] }` (properties API). */
const RESULTS_ENVELOPE = z.object({ results: recordList }).passthrough();

/** Owners: `{"results":[…],"paging":{"next":{"after":"…"}}}` (§1.3). */
const OWNERS_ENVELOPE = z.object({ results: recordList, paging: nextPaging }).passthrough();

/** Account details: `portalId` (a number) and `uiDomain` build the deal link (account details API). */
const ACCOUNT_ENVELOPE = z
	.object({ portalId: z.number(), uiDomain: z.string().nullish() })
	.passthrough();

/** One object, as in the search results: `{ id, properties{} , … }` (§1.2); also the answer to a created note. */
const OBJECT_ENVELOPE = z.object({ id: z.string(), properties: jsonObject }).passthrough();

/**
 * Stage metadata holds strings: `{"isClosed":"true","probability":"1.0"}` for won and `"0.0"` for lost (§1.3).
 */
function stageStatus(
	metadata: { isClosed?: string | boolean; probability?: string | number } | undefined,
): DealStatus {
	if (String(metadata?.isClosed) !== 'true') return 'open';
	return Number(metadata?.probability) >= 1 ? 'won' : 'lost';
}

/** Look-ups a read needs that may be missing from a token's scopes: their absence only costs detail. */
async function optional<T>(pending: Promise<T>): Promise<T | null> {
	return pending.catch((error: unknown) => {
		if (error instanceof CrmHttpError && (error.statusCode === 403 || error.statusCode === 404))
			return null;
		return Promise.reject(error);
	});
}

/** A list entry of a look-up (pipeline, stage, owner, property): an object, or the answer cannot be read. */
function entry<T>(value: unknown, list: string): T {
	if (value === null || typeof value !== 'object' || Array.isArray(value))
		throw new CrmRecordError('(no id)', list, 'expected an object in the list');
	return value as T;
}

async function loadPipelines(session: CrmSession): Promise<Pipeline[]> {
	const response = await session.http.request<{ results: unknown[] }>({
		method: 'GET',
		url: '/crm/v3/pipelines/deals',
		envelope: RESULTS_ENVELOPE,
	});
	return response.body.results
		.map((item) => entry<HubSpotPipeline>(item, 'pipelines'))
		.filter((p) => !p.archived)
		.sort((a, b) => (a.displayOrder ?? 0) - (b.displayOrder ?? 0))
		.map((p) => {
			const id = readId(p.id);
			const stages: unknown = p.stages ?? [];
			if (!Array.isArray(stages)) throw new CrmRecordError(id, 'stages', 'expected a list');
			return {
				id,
				name: readText(p.label, 'label', id) ?? id,
				// "The default pipeline has id `default`" (§1.3).
				isDefault: id === 'default',
				stages: stages
					.map((item) => entry<NonNullable<HubSpotPipeline['stages']>[number]>(item, 'stages'))
					.filter((s) => !s.archived)
					.map((s) => {
						const stageId = readId(s.id);
						return {
							id: stageId,
							name: readText(s.label, 'label', stageId) ?? stageId,
							status: stageStatus(s.metadata),
							sort: s.displayOrder ?? 0,
						};
					})
					.sort((a, b) => a.sort - b.sort),
			};
		});
}

async function loadOwnerPages(session: CrmSession, archived: boolean): Promise<HubSpotOwner[]> {
	return collectPages<HubSpotOwner, string>(
		'',
		async (after) => {
			const qs: IDataObject = { limit: OWNERS_PAGE_SIZE, archived };
			if (after) qs.after = after;
			const response = await session.http.request<{
				results: unknown[];
				paging?: { next?: { after: string } };
			}>({ method: 'GET', url: '/crm/v3/owners', qs, envelope: OWNERS_ENVELOPE });
			return {
				items: response.body.results.map((item) => entry<HubSpotOwner>(item, 'owners')),
				next: textOrNull(response.body.paging?.next?.after),
			};
		},
		{ limit: null, pageSize: OWNERS_PAGE_SIZE, idOf: (owner) => readId(owner.id) },
	);
}

/** Active owners, then deactivated ones: old deals still point at people who have left. */
async function loadUsers(session: CrmSession): Promise<CrmUser[]> {
	const active = await loadOwnerPages(session, false);
	const archived = await loadOwnerPages(session, true);
	return [...active, ...archived].map((o) => {
		const id = readId(o.id);
		const email = readText(o.email, 'email', id);
		return {
			id,
			name:
				[readText(o.firstName, 'firstName', id), readText(o.lastName, 'lastName', id)]
					.filter(Boolean)
					.join(' ') ||
				email ||
				id,
			email,
			active: !o.archived,
		};
	});
}

function loadLookups(session: CrmSession): Promise<Lookups> {
	return once(session, 'hubspot:lookups', () => fetchLookups(session));
}

async function fetchLookups(session: CrmSession): Promise<Lookups> {
	// Portal id and UI domain build the deal link; `uiDomain` differs for EU-hosted portals (account details API).
	const account = await optional(
		session.http.request<{ portalId: number; uiDomain?: string | null; companyCurrency?: unknown }>(
			{ method: 'GET', url: '/account-info/v3/details', envelope: ACCOUNT_ENVELOPE },
		),
	);
	const pipelines = await loadPipelines(session);
	const users = await loadUsers(session);
	const properties = await optional(
		session.http.request<{ results: unknown[] }>({
			method: 'GET',
			url: '/crm/v3/properties/deals',
			envelope: RESULTS_ENVELOPE,
		}),
	);

	const stages = new Map<string, StageInfo>();
	for (const pipeline of pipelines) {
		for (const stage of pipeline.stages) {
			stages.set(stage.id, { pipelineId: pipeline.id, name: stage.name, status: stage.status });
		}
	}
	// Raw utm_* values are not standard deal properties; portals that keep them use custom properties (§1.3).
	const utmProperties: Partial<Record<keyof Utm, string>> = {};
	for (const item of properties?.body.results ?? []) {
		const property = entry<{ name?: unknown; label?: unknown }>(item, 'properties');
		const name = readText(property.name, 'name', '(property)');
		if (name === null) continue;
		const key = utmKeyOfName(name) ?? utmKeyOfName(readText(property.label, 'label', name));
		if (key && !utmProperties[key]) utmProperties[key] = name;
	}
	const uiDomain = textOrNull(account?.body.uiDomain);
	return {
		pipelines: new Map(pipelines.map((p) => [p.id, p])),
		stages,
		owners: new Map(users.map((u) => [u.id, u.name])),
		portalId: account ? String(account.body.portalId) : null,
		uiOrigin: uiDomain ? `https://${uiDomain}` : session.uiUrl || UI_ORIGIN,
		currency: readText(account?.body.companyCurrency, 'companyCurrency', '(account)'),
		utmProperties,
	};
}

/** An explicit choice in the node wins over the properties found by name. */
function utmPropertiesFor(
	lookups: Lookups,
	query: Pick<DealQuery, 'utmFieldKeys'> | null,
): Partial<Record<keyof Utm, string>> {
	const chosen: Partial<Record<keyof Utm, string>> = { ...lookups.utmProperties };
	for (const key of UTM_KEYS) {
		const explicit = textOrNull(query?.utmFieldKeys?.[key]);
		if (explicit) chosen[key] = explicit;
	}
	return chosen;
}

function propertiesToRead(utmProperties: Partial<Record<keyof Utm, string>>): string[] {
	const names = new Set(DEAL_PROPERTIES);
	for (const key of UTM_KEYS) {
		const property = utmProperties[key];
		if (property) names.add(property);
	}
	return [...names];
}

function utmOf(
	props: Record<string, unknown>,
	utmProperties: Partial<Record<keyof Utm, string>>,
	id: string,
): Utm {
	const utm: Utm = { ...EMPTY_UTM };
	for (const key of UTM_KEYS) {
		const property = utmProperties[key];
		if (property) utm[key] = readText(props[property], property, id);
	}
	const drillDown = CAMPAIGN_DRILL_DOWN[String(props.hs_analytics_source)];
	if (utm.campaign === null && drillDown) utm.campaign = readText(props[drillDown], drillDown, id);
	return utm;
}

function toDeal(
	raw: HubSpotDeal,
	lookups: Lookups,
	utmProperties: Partial<Record<keyof Utm, string>>,
	includeRaw: boolean,
): Deal {
	const id = readId(raw?.id);
	const properties: unknown = raw.properties ?? {};
	if (typeof properties !== 'object' || properties === null || Array.isArray(properties))
		throw new CrmRecordError(id, 'properties', 'expected an object of properties');
	// Every property value is a string, numbers and booleans included; empties are null (§1.2).
	const props = properties as Record<string, unknown>;
	const pipelineId = readText(props.pipeline, 'pipeline', id);
	const stageId = readText(props.dealstage, 'dealstage', id);
	const stage = stageId === null ? undefined : lookups.stages.get(stageId);
	let status: DealStatus;
	if (stage) status = stage.status;
	else if (props.hs_is_closed_won === 'true') status = 'won';
	else status = props.hs_is_closed === 'true' ? 'lost' : 'open';
	const ownerId = readText(props.hubspot_owner_id, 'hubspot_owner_id', id);
	const deal: Deal = {
		id,
		crm: 'hubspot',
		kind: 'deal',
		title: readText(props.dealname, 'dealname', id),
		amount: readAmount(props.amount, 'amount', id),
		// Without a deal currency the amount is in the portal's company currency (account details API).
		currency: readText(props.deal_currency_code, 'deal_currency_code', id) ?? lookups.currency,
		pipeline:
			pipelineId === null
				? null
				: { id: pipelineId, name: lookups.pipelines.get(pipelineId)?.name ?? null },
		stage: stageId === null ? null : { id: stageId, name: stage?.name ?? null },
		status,
		lostReason:
			status === 'lost' ? readText(props.closed_lost_reason, 'closed_lost_reason', id) : null,
		// Original source category (ORGANIC_SEARCH, PAID_SEARCH, …), taken from the deal's contacts (§1.3).
		source: readText(props.hs_analytics_source, 'hs_analytics_source', id),
		utm: utmOf(props, utmProperties, id),
		owner: ownerId === null ? null : { id: ownerId, name: lookups.owners.get(ownerId) ?? null },
		createdAt: readIsoDate(props.createdate ?? raw.createdAt, 'createdate', id),
		updatedAt: readIsoDate(props.hs_lastmodifieddate ?? raw.updatedAt, 'hs_lastmodifieddate', id),
		// `closedate` is the planned close date until the deal closes (§7), so open deals have none.
		closedAt: status === 'open' ? null : readIsoDate(props.closedate, 'closedate', id),
		firstContactAt: null,
		url:
			lookups.portalId === null
				? null
				: `${lookups.uiOrigin}/contacts/${lookups.portalId}/record/0-3/${id}`,
	};
	if (includeRaw) deal.raw = raw;
	return deal;
}

/**
 * One keyset page: the deals with `hs_object_id` above `lastId`, lowest id first. Every page is a fresh query read
 * from its start (`after` 0), so HubSpot's 10,000-results-per-query cap (§1.2) never limits a pull.
 */
async function searchPage(plan: SearchPlan, lastId: string | null): Promise<SearchPage> {
	const filters = [...plan.filters];
	if (lastId !== null)
		filters.push({ propertyName: 'hs_object_id', operator: 'GT', value: lastId });
	const body: IDataObject = {
		// "Only one sorting rule can be applied to any search" (§1.2): the id, which no edit changes.
		sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
		properties: plan.properties,
		limit: SEARCH_PAGE_SIZE,
		// "You must format the value in the `after` parameter as an integer" (§1.2).
		after: '0',
	};
	if (filters.length > 0) body.filterGroups = [{ filters }];
	const response = await plan.session.http.request<SearchPage>({
		method: 'POST',
		url: SEARCH_URL,
		lane: 'search',
		body,
		idempotent: true,
		envelope: SEARCH_ENVELOPE,
	});
	return response.body;
}

/** The keyset position a result leaves: its numeric id ("hs_object_id", a default searchable property, §1.2). */
function keysetId(raw: unknown): string {
	const id = (raw as { id?: unknown } | null)?.id;
	const text = typeof id === 'number' ? String(id) : typeof id === 'string' ? id.trim() : '';
	if (/^\d+$/.test(text)) return text;
	throw new CrmRecordError(
		text || '(no id)',
		'id',
		'expected the numeric HubSpot id the next page starts after',
	);
}

/**
 * Keyset paging: sort by `hs_object_id` ascending and ask for `hs_object_id GT <last id>` next (§1.2, "Going past
 * 10k"). Paging by `after` over a date sort lost deals: an edit moves a deal to the end of the date order, every
 * later deal shifts back one place, and the one at the page boundary was never sent. An id never changes, so an
 * edit mid-pull moves nothing; a deal created mid-pull has a higher id and lands on a later page.
 */
async function pullDeals(
	plan: SearchPlan,
	limit: number | null,
	read: (raw: HubSpotDeal) => Deal,
	keep: (deal: Deal) => boolean,
	sink?: DealQuery['onDeals'],
): Promise<Deal[]> {
	let readBefore = 0;
	return collectPages<Deal, string>(
		'',
		async (lastId) => {
			const page = await searchPage(plan, lastId === '' ? null : lastId);
			const results = page.results;
			// Each page's `total` counts the deals after `lastId`; with those already read it is the pull's total.
			const total = readBefore + page.total;
			readBefore += results.length;
			const more = page.paging?.next !== undefined && results.length > 0;
			return {
				items: readRecords(plan.session, results as HubSpotDeal[], read),
				next: more ? keysetId(results[results.length - 1]) : null,
				total,
			};
		},
		{ limit, pageSize: SEARCH_PAGE_SIZE, idOf: (deal) => deal.id, keep, sink },
	);
}

/** Server-side filters: the date window, pipeline, owner and the stages that mean the requested statuses. */
function baseFilters(query: DealQuery, lookups: Lookups): IDataObject[] | null {
	const filters: IDataObject[] = [];
	if (query.dateField !== null) {
		const property = DATE_PROPERTY[query.dateField];
		if (query.from !== null)
			filters.push({
				propertyName: property,
				operator: 'GTE',
				value: String(query.from.getTime()),
			});
		// `to` is inclusive; the next millisecond is not.
		if (query.to !== null)
			filters.push({
				propertyName: property,
				operator: 'LT',
				value: String(query.to.getTime() + 1),
			});
	}
	if (query.pipelineId !== null)
		filters.push({ propertyName: 'pipeline', operator: 'EQ', value: query.pipelineId });
	if (query.ownerId)
		filters.push({ propertyName: 'hubspot_owner_id', operator: 'EQ', value: query.ownerId });
	const statuses = new Set(query.statuses);
	if (statuses.size > 0 && statuses.size < 3) {
		const stageIds = [...lookups.stages]
			.filter(
				([, s]) =>
					statuses.has(s.status) &&
					(query.pipelineId === null || s.pipelineId === query.pipelineId),
			)
			.map(([id]) => id);
		if (stageIds.length === 0) return null;
		// Won and lost live in stage metadata, not on the deal (§1.3), so a status is a set of stages.
		if (JSON.stringify(stageIds).length <= MAX_STAGE_FILTER_CHARS) {
			filters.push({ propertyName: 'dealstage', operator: 'IN', values: stageIds });
		}
	}
	// At most 6 filters in a group (§1.2): these 5 and the keyset filter on hs_object_id.
	return filters;
}

export const hubSpotAdapter: CrmAdapter = {
	id: 'hubspot',
	displayName: 'HubSpot',
	credentialType: 'hubSpotCrmApi',
	secretFields: ['accessToken'],
	// "The search endpoints are rate limited to five requests per second per account" (§1.2): searches go through
	// their own lane, one per 200 ms with no burst, so every rolling second stays at five. Batch reads (First
	// Contact) only wait for the general limit.
	ratePolicy: {
		// The rest of the API: "100 requests per 10 seconds" on Free/Starter, 190 on Pro/Enterprise (§1.4) — spaced
		// at 9.5/s so no rolling 10-second window passes 100.
		perSecond: 9.5,
		burst: 1,
		maxRetries: 8,
		baseBackoffMs: 1000,
		maxBackoffMs: 30000,
		lanes: { search: { perSecond: 5, burst: 1 } },
	},
	supports: { leads: false, lossReasons: false, notes: true },

	resolveEndpoints(credentials) {
		return {
			baseUrl: checkedBaseUrl(credentials?.baseUrl, 'HubSpot') ?? API_ORIGIN,
			uiUrl: UI_ORIGIN,
		};
	},

	explainError(error) {
		if (!(error instanceof CrmHttpError)) {
			return {
				message: 'Could not reach HubSpot',
				description:
					'Check the network, and the Base URL in the HubSpot credential if you set one.',
			};
		}
		switch (error.statusCode) {
			case 401:
				return {
					message: 'HubSpot did not accept the access token',
					description:
						'Copy the access token of your private app again (HubSpot: Settings → Integrations → Private apps → your app → Auth) into the credential. A rotated token or a deleted app stops working at once.',
				};
			case 403:
				return {
					message: 'HubSpot refused access: the private app lacks a scope',
					description:
						'Give the private app the scopes crm.objects.deals.read and crm.objects.owners.read (and crm.objects.contacts.write to write notes), then try again.',
				};
			case 429:
				return {
					message: 'HubSpot kept refusing requests as too frequent',
					description:
						'HubSpot allows 5 searches per second per account, shared by every integration of the account. Retry later or run fewer workflows at once.',
				};
			case 400:
				return {
					message: 'HubSpot rejected the request',
					description:
						'Check the filters (pipeline, owner, dates) and the custom properties chosen for UTM values.',
				};
			default:
				return null;
		}
	},

	async listDeals(session, query) {
		if (query.kind === 'lead') {
			throw new Error('HubSpot has no separate leads in this node: choose the resource "Deal".');
		}
		const lookups = await loadLookups(session);
		const filters = baseFilters(query, lookups);
		if (filters === null) return [];
		const utmProperties = utmPropertiesFor(lookups, query);
		const plan: SearchPlan = { session, filters, properties: propertiesToRead(utmProperties) };
		return pullDeals(
			plan,
			query.limit,
			(raw) => toDeal(raw, lookups, utmProperties, query.includeRaw),
			// Open deals' planned close dates, and statuses when the stage list was too long to send.
			(deal) => matchesQuery(deal, query),
			query.onDeals,
		);
	},

	async getDeal(session, id, includeRaw, utmFieldKeys) {
		if (!/^\d+$/.test(id)) throw new DealNotFoundError(id);
		const lookups = await loadLookups(session);
		const utmProperties = utmPropertiesFor(lookups, { utmFieldKeys });
		const properties = propertiesToRead(utmProperties);
		const response = await mapHttpError(
			session.http.request<HubSpotDeal>({
				method: 'GET',
				url: `/crm/v3/objects/deals/${id}`,
				qs: { properties: properties.join(',') },
				envelope: OBJECT_ENVELOPE,
			}),
			(error) => (error.statusCode === 404 ? new DealNotFoundError(id) : null),
		);
		return toDeal(response.body, lookups, utmProperties, includeRaw);
	},

	listPipelines: loadPipelines,
	listUsers: loadUsers,
	readFirstContacts,

	// HubSpot keeps the lost reason as free text (`closed_lost_reason`), not as a list (§1.3).
	async listLossReasons() {
		return [];
	},

	async createNote(session, note) {
		if (!/^\d+$/.test(note.dealId)) throw new DealNotFoundError(note.dealId);
		// Notes guide: POST /crm/v3/objects/notes with `hs_timestamp` (required) and `hs_note_body`, associated on create.
		const response = await mapHttpError(
			session.http.request<{
				id: string;
				createdAt?: unknown;
				properties: Record<string, unknown>;
			}>({
				method: 'POST',
				url: '/crm/v3/objects/notes',
				body: {
					properties: {
						hs_note_body: plainTextToHtml(note.text),
						hs_timestamp: session.now.toISOString(),
					},
					associations: [
						{
							to: { id: note.dealId },
							types: [
								{
									associationCategory: 'HUBSPOT_DEFINED',
									associationTypeId: NOTE_TO_DEAL_ASSOCIATION,
								},
							],
						},
					],
				},
				idempotent: false,
				// The created note: `{ id, properties{hs_createdate, …}, createdAt, … }` (notes guide, object shape of §1.2).
				envelope: OBJECT_ENVELOPE,
			}),
			// An association to a missing record: 400 with `context.INVALID_OBJECT_IDS` (HubSpot/hubspot-api-nodejs#646).
			(error) => {
				const context = (error.body as { context?: { INVALID_OBJECT_IDS?: unknown } } | null)
					?.context;
				return error.statusCode === 400 && context?.INVALID_OBJECT_IDS
					? new DealNotFoundError(note.dealId)
					: null;
			},
		);
		const body = response.body;
		const id = readId(body.id);
		return {
			id,
			dealId: note.dealId,
			text: note.text,
			crm: 'hubspot',
			createdAt:
				readIsoDate(body.properties.hs_createdate ?? body.createdAt, 'hs_createdate', id) ??
				session.now.toISOString(),
		};
	},
};
