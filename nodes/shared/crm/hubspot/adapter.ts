import type { IDataObject } from 'n8n-workflow';

import { EMPTY_UTM, isoFromText, numberOrNull, textOrNull } from '../../model/deal';
import type { CrmUser, Deal, DealStatus, Pipeline, Utm } from '../../model/deal';
import { collectPages, CrmHttpError, mapHttpError } from '../../transport/crmHttpClient';
import { plainTextToHtml, UTM_KEYS, utmKeyOfName } from '../customFields';
import { once } from '../session';
import { DealNotFoundError, matchesQuery } from '../types';
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
// "The search endpoints are limited to 10,000 total results for any given query" (§1.2).
const SEARCH_RESULT_CAP = 10_000;
// A window is split into parts sized for this many deals, so that unevenly spread dates rarely overflow a part.
const WINDOW_TARGET = 9_000;
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
	properties?: Record<string, string | null | undefined>;
	createdAt?: string;
	updatedAt?: string;
	archived?: boolean;
}

interface SearchPage {
	total?: number;
	results?: HubSpotDeal[];
	paging?: { next?: { after?: string } };
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

/** Half-open `[lo, hi)` in epoch milliseconds on the split property; `null` = unbounded on that side. */
interface Window {
	lo: number | null;
	hi: number | null;
}

/** Everything one Get Many pull sends with each search, plus what turns a result into a `Deal`. */
interface SearchPlan {
	session: CrmSession;
	property: string;
	filters: IDataObject[];
	properties: string[];
}

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

async function loadPipelines(session: CrmSession): Promise<Pipeline[]> {
	const response = await session.http.request<{ results?: HubSpotPipeline[] }>({
		method: 'GET',
		url: '/crm/v3/pipelines/deals',
	});
	return (response.body?.results ?? [])
		.filter((p) => !p.archived)
		.sort((a, b) => (a.displayOrder ?? 0) - (b.displayOrder ?? 0))
		.map((p) => ({
			id: p.id,
			name: p.label,
			// "The default pipeline has id `default`" (§1.3).
			isDefault: p.id === 'default',
			stages: (p.stages ?? [])
				.filter((s) => !s.archived)
				.map((s) => ({
					id: s.id,
					name: s.label,
					status: stageStatus(s.metadata),
					sort: s.displayOrder ?? 0,
				}))
				.sort((a, b) => a.sort - b.sort),
		}));
}

async function loadOwnerPages(session: CrmSession, archived: boolean): Promise<HubSpotOwner[]> {
	return collectPages<HubSpotOwner, string>(
		'',
		async (after) => {
			const qs: IDataObject = { limit: OWNERS_PAGE_SIZE, archived };
			if (after) qs.after = after;
			const response = await session.http.request<{
				results?: HubSpotOwner[];
				paging?: { next?: { after?: string } };
			}>({ method: 'GET', url: '/crm/v3/owners', qs });
			return {
				items: response.body?.results ?? [],
				next: textOrNull(response.body?.paging?.next?.after),
			};
		},
		null,
	);
}

/** Active owners, then deactivated ones: old deals still point at people who have left. */
async function loadUsers(session: CrmSession): Promise<CrmUser[]> {
	const active = await loadOwnerPages(session, false);
	const archived = await loadOwnerPages(session, true);
	return [...active, ...archived].map((o) => ({
		id: String(o.id),
		name:
			[o.firstName, o.lastName].map(textOrNull).filter(Boolean).join(' ') ||
			textOrNull(o.email) ||
			String(o.id),
		email: textOrNull(o.email),
		active: !o.archived,
	}));
}

function loadLookups(session: CrmSession): Promise<Lookups> {
	return once(session, 'hubspot:lookups', () => fetchLookups(session));
}

async function fetchLookups(session: CrmSession): Promise<Lookups> {
	// Portal id and UI domain build the deal link; `uiDomain` differs for EU-hosted portals (account details API).
	const account = await optional(
		session.http.request<{ portalId?: number; uiDomain?: string; companyCurrency?: string }>({
			method: 'GET',
			url: '/account-info/v3/details',
		}),
	);
	const pipelines = await loadPipelines(session);
	const users = await loadUsers(session);
	const properties = await optional(
		session.http.request<{ results?: Array<{ name: string; label?: string }> }>({
			method: 'GET',
			url: '/crm/v3/properties/deals',
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
	for (const property of properties?.body?.results ?? []) {
		const key = utmKeyOfName(property.name) ?? utmKeyOfName(property.label);
		if (key && !utmProperties[key]) utmProperties[key] = property.name;
	}
	const uiDomain = textOrNull(account?.body?.uiDomain);
	return {
		pipelines: new Map(pipelines.map((p) => [p.id, p])),
		stages,
		owners: new Map(users.map((u) => [u.id, u.name])),
		portalId: account?.body?.portalId === undefined ? null : String(account.body.portalId),
		uiOrigin: uiDomain ? `https://${uiDomain}` : session.uiUrl || UI_ORIGIN,
		currency: textOrNull(account?.body?.companyCurrency),
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
	props: Record<string, string | null | undefined>,
	utmProperties: Partial<Record<keyof Utm, string>>,
): Utm {
	const utm: Utm = { ...EMPTY_UTM };
	for (const key of UTM_KEYS) {
		const property = utmProperties[key];
		if (property) utm[key] = textOrNull(props[property]);
	}
	const drillDown = CAMPAIGN_DRILL_DOWN[String(props.hs_analytics_source)];
	if (utm.campaign === null && drillDown) utm.campaign = textOrNull(props[drillDown]);
	return utm;
}

function toDeal(
	raw: HubSpotDeal,
	lookups: Lookups,
	utmProperties: Partial<Record<keyof Utm, string>>,
	includeRaw: boolean,
): Deal {
	// Every property value is a string, numbers and booleans included; empties are null (§1.2).
	const props = raw.properties ?? {};
	const pipelineId = textOrNull(props.pipeline);
	const stageId = textOrNull(props.dealstage);
	const stage = stageId === null ? undefined : lookups.stages.get(stageId);
	let status: DealStatus;
	if (stage) status = stage.status;
	else if (props.hs_is_closed_won === 'true') status = 'won';
	else status = props.hs_is_closed === 'true' ? 'lost' : 'open';
	const ownerId = textOrNull(props.hubspot_owner_id);
	const id = String(raw.id);
	const deal: Deal = {
		id,
		crm: 'hubspot',
		kind: 'deal',
		title: textOrNull(props.dealname),
		amount: numberOrNull(props.amount),
		// Without a deal currency the amount is in the portal's company currency (account details API).
		currency: textOrNull(props.deal_currency_code) ?? lookups.currency,
		pipeline:
			pipelineId === null
				? null
				: { id: pipelineId, name: lookups.pipelines.get(pipelineId)?.name ?? null },
		stage: stageId === null ? null : { id: stageId, name: stage?.name ?? null },
		status,
		lostReason: status === 'lost' ? textOrNull(props.closed_lost_reason) : null,
		// Original source category (ORGANIC_SEARCH, PAID_SEARCH, …), taken from the deal's contacts (§1.3).
		source: textOrNull(props.hs_analytics_source),
		utm: utmOf(props, utmProperties),
		owner: ownerId === null ? null : { id: ownerId, name: lookups.owners.get(ownerId) ?? null },
		createdAt: isoFromText(props.createdate ?? raw.createdAt),
		updatedAt: isoFromText(props.hs_lastmodifieddate ?? raw.updatedAt),
		// `closedate` is the planned close date until the deal closes (§7), so open deals have none.
		closedAt: status === 'open' ? null : isoFromText(props.closedate),
		firstContactAt: null,
		url:
			lookups.portalId === null
				? null
				: `${lookups.uiOrigin}/contacts/${lookups.portalId}/record/0-3/${id}`,
	};
	if (includeRaw) deal.raw = raw;
	return deal;
}

async function searchPage(
	plan: SearchPlan,
	window: Window,
	after: number,
	options: { limit?: number; descending?: boolean } = {},
): Promise<SearchPage> {
	const filters = [...plan.filters];
	if (window.lo !== null)
		filters.push({ propertyName: plan.property, operator: 'GTE', value: String(window.lo) });
	if (window.hi !== null)
		filters.push({ propertyName: plan.property, operator: 'LT', value: String(window.hi) });
	const body: IDataObject = {
		// "Only one sorting rule can be applied to any search" (§1.2); sorting on the split property makes the
		// first result of a page the window's earliest deal.
		sorts: [
			{ propertyName: plan.property, direction: options.descending ? 'DESCENDING' : 'ASCENDING' },
		],
		properties: plan.properties,
		limit: options.limit ?? SEARCH_PAGE_SIZE,
		// "You must format the value in the `after` parameter as an integer" (§1.2).
		after: String(after),
	};
	if (filters.length > 0) body.filterGroups = [{ filters }];
	const response = await plan.session.http.request<SearchPage>({
		method: 'POST',
		url: SEARCH_URL,
		body,
		idempotent: true,
	});
	return response.body ?? {};
}

function epochOf(deal: HubSpotDeal | undefined, property: string): number | null {
	const text = textOrNull(deal?.properties?.[property]);
	if (text === null) return null;
	const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
	return Number.isFinite(ms) ? ms : null;
}

/**
 * Cuts a window whose query matches more than 10,000 deals into `ceil(total / 9,000)` equal time slices.
 * Open ends stay open, so deals that appear during the pull are not cut off; the span used for the cut points
 * comes from the first (earliest) result and, for an open upper end, one descending search for the latest.
 */
async function splitWindow(plan: SearchPlan, window: Window, first: SearchPage): Promise<Window[]> {
	const lo = window.lo ?? epochOf(first.results?.[0], plan.property);
	let hi = window.hi;
	if (hi === null) {
		const latest = await searchPage(plan, window, 0, { limit: 1, descending: true });
		const max = epochOf(latest.results?.[0], plan.property);
		hi = max === null ? null : max + 1;
	}
	const parts = Math.max(2, Math.ceil((first.total ?? 0) / WINDOW_TARGET));
	const cuts: number[] = [];
	if (lo !== null && hi !== null) {
		for (let i = 1; i < parts; i++) {
			const cut = lo + Math.floor((i * (hi - lo)) / parts);
			if (cut > lo && cut < hi && cut !== cuts[cuts.length - 1]) cuts.push(cut);
		}
	}
	if (cuts.length === 0) {
		throw new Error(
			`HubSpot holds more than ${SEARCH_RESULT_CAP.toLocaleString('en-US')} deals with the same ${plan.property} ` +
				'down to the millisecond, and its search cannot page past that many. Narrow the filter (pipeline, owner or status).',
		);
	}
	const bounds = [window.lo, ...cuts, window.hi];
	return bounds.slice(1).map((hiBound, i) => ({ lo: bounds[i], hi: hiBound }));
}

function nextAfter(page: SearchPage): number | null {
	if (!page.results || page.results.length === 0) return null;
	const after = Number(page.paging?.next?.after);
	return Number.isInteger(after) && after > 0 ? after : null;
}

/**
 * Pages through one window, or splits it first when its query matches more than HubSpot will page through.
 * The first page tells the total; when the window is split, that one request is the price of finding out.
 */
async function pullWindow(
	plan: SearchPlan,
	window: Window,
	limit: number | null,
	keep: (raw: HubSpotDeal) => Deal | null,
): Promise<Deal[]> {
	const first = await searchPage(plan, window, 0);
	if ((first.total ?? 0) > SEARCH_RESULT_CAP) {
		const out: Deal[] = [];
		for (const part of await splitWindow(plan, window, first)) {
			const remaining = limit === null ? null : limit - out.length;
			if (remaining !== null && remaining <= 0) break;
			out.push(...(await pullWindow(plan, part, remaining, keep)));
		}
		return out;
	}
	return collectPages<Deal, number>(
		0,
		async (after) => {
			const page = after === 0 ? first : await searchPage(plan, window, after);
			const deals: Deal[] = [];
			for (const raw of page.results ?? []) {
				const deal = keep(raw);
				if (deal) deals.push(deal);
			}
			return { items: deals, next: nextAfter(page) };
		},
		limit,
	);
}

/** Server-side filters: pipeline, owner and the stages that mean the requested statuses. */
function baseFilters(query: DealQuery, lookups: Lookups): IDataObject[] | null {
	const filters: IDataObject[] = [];
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
	return filters;
}

export const hubSpotAdapter: CrmAdapter = {
	id: 'hubspot',
	displayName: 'HubSpot',
	credentialType: 'hubSpotCrmApi',
	secretFields: ['accessToken'],
	// "The search endpoints are rate limited to five requests per second per account" (§1.2). One request per
	// 200 ms with no burst keeps every rolling second at five; the general 100–190 per 10 s limit is looser (§1.4).
	ratePolicy: { perSecond: 5, burst: 1, maxRetries: 8, baseBackoffMs: 1000, maxBackoffMs: 30000 },
	supports: { leads: false, lossReasons: false, notes: true },

	resolveEndpoints(credentials) {
		const override = textOrNull(credentials?.baseUrl);
		return { baseUrl: override ? override.replace(/\/+$/, '') : API_ORIGIN, uiUrl: UI_ORIGIN };
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
		const bounded = query.dateField !== null && (query.from !== null || query.to !== null);
		const plan: SearchPlan = {
			session,
			// Without a date filter, every deal has a create date to split a large pull on.
			property: bounded && query.dateField ? DATE_PROPERTY[query.dateField] : 'createdate',
			filters,
			properties: propertiesToRead(utmProperties),
		};
		// `to` is inclusive, the window's upper bound is not.
		const window: Window = bounded
			? { lo: query.from?.getTime() ?? null, hi: query.to === null ? null : query.to.getTime() + 1 }
			: { lo: null, hi: null };
		const seen = new Set<string>();
		return pullWindow(plan, window, query.limit, (raw) => {
			// A deal edited during the pull can move into a later window; hand it out once.
			if (seen.has(String(raw.id))) return null;
			const deal = toDeal(raw, lookups, utmProperties, query.includeRaw);
			if (!matchesQuery(deal, query)) return null;
			seen.add(deal.id);
			return deal;
		});
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
			}),
			(error) => (error.statusCode === 404 ? new DealNotFoundError(id) : null),
		);
		if (!response.body?.id) throw new DealNotFoundError(id);
		return toDeal(response.body, lookups, utmProperties, includeRaw);
	},

	listPipelines: loadPipelines,
	listUsers: loadUsers,

	// HubSpot keeps the lost reason as free text (`closed_lost_reason`), not as a list (§1.3).
	async listLossReasons() {
		return [];
	},

	async createNote(session, note) {
		if (!/^\d+$/.test(note.dealId)) throw new DealNotFoundError(note.dealId);
		// Notes guide: POST /crm/v3/objects/notes with `hs_timestamp` (required) and `hs_note_body`, associated on create.
		const response = await mapHttpError(
			session.http.request<{
				id?: string;
				createdAt?: string;
				properties?: Record<string, string | null>;
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
		const body = response.body ?? {};
		return {
			id: textOrNull(body.id) ?? '',
			dealId: note.dealId,
			text: note.text,
			crm: 'hubspot',
			createdAt:
				isoFromText(body.properties?.hs_createdate ?? body.createdAt) ?? session.now.toISOString(),
		};
	},
};
