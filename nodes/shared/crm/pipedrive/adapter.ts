import type { IDataObject } from 'n8n-workflow';

import { EMPTY_UTM, isoFromText, numberOrNull, textOrNull } from '../../model/deal';
import type { CrmUser, Deal, DealStatus, Pipeline, Utm } from '../../model/deal';
import { collectPages, CrmHttpError, mapHttpError } from '../../transport/crmHttpClient';
import { plainTextToHtml, UTM_KEYS, utmKeyOfName } from '../customFields';
import { once } from '../session';
import { DealNotFoundError, matchesQuery } from '../types';
import type { CrmAdapter, CrmSession, DealQuery } from '../types';

/**
 * Pipedrive API v2 for deals, stages, pipelines and deal fields; v1 for users, leads and notes, which have no v2
 * list endpoints. Wire format and limits: reference/crm-apis.md §2.
 */

const API_ORIGIN = 'https://api.pipedrive.com';
// "`limit` default 100, max 500" (deals-api.ts, §2.2); the same cap applies to the other cursor lists (§2.3).
const PAGE_SIZE = 500;
// v1 offset lists: the pagination guide's maximum page.
const V1_PAGE_SIZE = 500;
const LEAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface V2List<T> {
	success?: boolean;
	data?: T[] | null;
	additional_data?: { next_cursor?: string | null };
}

interface V1List<T> {
	success?: boolean;
	data?: T[] | null;
	additional_data?: { pagination?: { more_items_in_collection?: boolean; next_start?: number } };
}

/** The v2 deal (`models/deal.ts`, §2.2). Times are RFC 3339 UTC; custom fields sit under 40-character hash keys. */
interface PipedriveDeal {
	id: number;
	title?: string | null;
	owner_id?: number | null;
	pipeline_id?: number | null;
	stage_id?: number | null;
	value?: number | null;
	currency?: string | null;
	status?: string | null;
	lost_reason?: string | null;
	add_time?: string | null;
	update_time?: string | null;
	close_time?: string | null;
	won_time?: string | null;
	lost_time?: string | null;
	origin?: string | null;
	channel?: number | null;
	channel_id?: string | null;
	custom_fields?: Record<string, unknown> | null;
}

/** The v1 lead (`models/lead.ts`, §2.2): a UUID id, the value as `{amount, currency}`, custom fields at top level. */
interface PipedriveLead {
	id: string;
	title?: string | null;
	owner_id?: number | null;
	value?: { amount?: number | null; currency?: string | null } | null;
	add_time?: string | null;
	update_time?: string | null;
	origin?: string | null;
	channel?: number | null;
	source_name?: string | null;
	[customFieldKey: string]: unknown;
}

interface DealField {
	field_name?: string;
	field_code?: string;
	field_type?: string;
	is_custom_field?: boolean;
	options?: Array<{ id: number | string; label: string }> | null;
}

interface Lookups {
	users: Map<string, string>;
	pipelines: Map<string, Pipeline>;
	stageNames: Map<string, string>;
	fields: DealField[];
	/** Marketing channel labels by option id. */
	channels: Map<string, string>;
	uiOrigin: string | null;
}

function rfc3339Seconds(ms: number): string {
	// RFC 3339 without milliseconds: the docs' own example is "2025-01-01T10:20:00Z" (§2.2).
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** v1 writes times as "YYYY-MM-DD HH:MM:SS" in UTC (users/me example in the marketplace guide); v2 uses RFC 3339. */
function isoFromPipedrive(value: unknown): string | null {
	const text = textOrNull(value);
	if (text !== null && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text))
		return isoFromText(`${text.replace(' ', 'T')}Z`);
	return isoFromText(text);
}

function idText(value: unknown): string | null {
	return value === null || value === undefined || value === '' ? null : String(value);
}

async function listV2<T>(session: CrmSession, url: string, qs: IDataObject = {}): Promise<T[]> {
	return collectPages<T, string>(
		'',
		async (cursor) => {
			const response = await session.http.request<V2List<T>>({
				method: 'GET',
				url,
				qs: cursor ? { ...qs, limit: PAGE_SIZE, cursor } : { ...qs, limit: PAGE_SIZE },
			});
			// "`next_cursor` will be `null` if you have reached the end" (§2.2).
			return {
				items: response.body?.data ?? [],
				next: textOrNull(response.body?.additional_data?.next_cursor),
			};
		},
		null,
	);
}

async function loadPipelines(session: CrmSession): Promise<Pipeline[]> {
	interface PdPipeline {
		id: number;
		name: string;
		order_nr?: number;
		is_deleted?: boolean;
	}
	interface PdStage {
		id: number;
		name: string;
		order_nr?: number;
		pipeline_id: number;
		is_deleted?: boolean;
	}
	const pipelines = (await listV2<PdPipeline>(session, '/api/v2/pipelines')).filter(
		(p) => !p.is_deleted,
	);
	const stages = (await listV2<PdStage>(session, '/api/v2/stages')).filter((s) => !s.is_deleted);
	pipelines.sort((a, b) => (a.order_nr ?? 0) - (b.order_nr ?? 0));
	return pipelines.map((p, index) => ({
		id: String(p.id),
		name: p.name,
		// v2 pipelines carry no default flag; the first in the account's order is the one Pipedrive opens.
		isDefault: index === 0,
		stages: stages
			.filter((s) => s.pipeline_id === p.id)
			.sort((a, b) => (a.order_nr ?? 0) - (b.order_nr ?? 0))
			// Won and lost are a deal's `status`, not stages (§2.3): every stage is an open one.
			.map((s) => ({
				id: String(s.id),
				name: s.name,
				status: 'open' as DealStatus,
				sort: s.order_nr ?? 0,
			})),
	}));
}

/** Users have no v2 endpoint (§2.3); `GET /v1/users` answers every user at once. */
async function loadUsers(session: CrmSession): Promise<CrmUser[]> {
	const response = await session.http.request<{
		data?: Array<{ id: number; name: string; email?: string | null; active_flag?: boolean }> | null;
	}>({ method: 'GET', url: '/v1/users' });
	return (response.body?.data ?? []).map((u) => ({
		id: String(u.id),
		name: u.name,
		email: textOrNull(u.email),
		active: u.active_flag !== false,
	}));
}

function loadLookups(session: CrmSession): Promise<Lookups> {
	return once(session, 'pipedrive:lookups', () => fetchLookups(session));
}

async function fetchLookups(session: CrmSession): Promise<Lookups> {
	const users = await loadUsers(session);
	const pipelines = await loadPipelines(session);
	const fields = await listV2<DealField>(session, '/api/v2/dealFields');
	let uiOrigin = textOrNull(session.uiUrl);
	if (!uiOrigin) {
		// Without a company domain in the credential, /users/me names it ("bound company data: company ID,
		// company name, and domain", Pipedrive marketplace guide "Getting user data").
		const me = await session.http.request<{ data?: { company_domain?: string | null } }>({
			method: 'GET',
			url: '/v1/users/me',
		});
		const domain = textOrNull(me.body?.data?.company_domain);
		uiOrigin = domain ? `https://${domain}.pipedrive.com` : null;
	}
	const stageNames = new Map<string, string>();
	for (const pipeline of pipelines)
		for (const stage of pipeline.stages) stageNames.set(stage.id, stage.name);
	// The marketing channel is a system deal field with options (id → label), listed among the deal fields
	// (inference from the deal model's "ID of your Marketing channel … configured in Company settings", §2.3).
	const channelField = fields.find((f) => f.field_code === 'channel');
	return {
		users: new Map(users.map((u) => [u.id, u.name])),
		pipelines: new Map(pipelines.map((p) => [p.id, p])),
		stageNames,
		fields,
		channels: new Map((channelField?.options ?? []).map((o) => [String(o.id), o.label])),
		uiOrigin: uiOrigin ? uiOrigin.replace(/\/+$/, '') : null,
	};
}

/**
 * UTM values live in custom fields keyed by hashes (§2.3). The node's explicit choice (a key or a field name) wins;
 * otherwise custom fields named like "utm_source" / "UTM Source" are used.
 */
function utmFieldsFor(
	lookups: Lookups,
	query: Pick<DealQuery, 'utmFieldKeys'> | null,
): Partial<Record<keyof Utm, DealField>> {
	const custom = lookups.fields.filter((f) => f.is_custom_field && f.field_code);
	const chosen: Partial<Record<keyof Utm, DealField>> = {};
	for (const field of custom) {
		const key = utmKeyOfName(field.field_name);
		if (key && !chosen[key]) chosen[key] = field;
	}
	for (const key of UTM_KEYS) {
		const explicit = textOrNull(query?.utmFieldKeys?.[key]);
		if (!explicit) continue;
		chosen[key] = custom.find((f) => f.field_code === explicit) ??
			custom.find((f) => f.field_name?.trim().toLowerCase() === explicit.toLowerCase()) ?? {
				field_code: explicit,
			};
	}
	return chosen;
}

/** Custom field values: text as is; option ids (enum/set) as their labels; objects by their `value`. */
function customFieldText(field: DealField, value: unknown): string | null {
	if (value === null || value === undefined) return null;
	const labelOf = (id: unknown) =>
		field.options?.find((o) => String(o.id) === String(id))?.label ?? String(id);
	if (Array.isArray(value)) return textOrNull(value.map(labelOf).join(', '));
	if (typeof value === 'object') return textOrNull((value as { value?: unknown }).value);
	if (typeof value === 'number' && field.options?.length) return labelOf(value);
	return textOrNull(value);
}

function utmOf(
	values: (key: string) => unknown,
	fields: Partial<Record<keyof Utm, DealField>>,
): Utm {
	const utm: Utm = { ...EMPTY_UTM };
	for (const key of UTM_KEYS) {
		const field = fields[key];
		if (field?.field_code) utm[key] = customFieldText(field, values(field.field_code));
	}
	return utm;
}

/** The marketing channel when the deal has one, else how it was created (`origin`, set by Pipedrive, §2.3). */
function sourceOf(channel: unknown, origin: unknown, lookups: Lookups): string | null {
	const channelId = idText(channel);
	return (
		(channelId === null ? null : (lookups.channels.get(channelId) ?? null)) ?? textOrNull(origin)
	);
}

function statusOf(status: unknown): DealStatus {
	return status === 'won' || status === 'lost' ? status : 'open';
}

function toDeal(
	raw: PipedriveDeal,
	lookups: Lookups,
	utmFields: Partial<Record<keyof Utm, DealField>>,
	includeRaw: boolean,
): Deal {
	const pipelineId = idText(raw.pipeline_id);
	const stageId = idText(raw.stage_id);
	const ownerId = idText(raw.owner_id);
	const status = statusOf(raw.status);
	const closedTime = status === 'won' ? raw.won_time : status === 'lost' ? raw.lost_time : null;
	const deal: Deal = {
		id: String(raw.id),
		crm: 'pipedrive',
		kind: 'deal',
		title: textOrNull(raw.title),
		amount: numberOrNull(raw.value),
		currency: textOrNull(raw.currency),
		pipeline:
			pipelineId === null
				? null
				: { id: pipelineId, name: lookups.pipelines.get(pipelineId)?.name ?? null },
		stage: stageId === null ? null : { id: stageId, name: lookups.stageNames.get(stageId) ?? null },
		status,
		lostReason: status === 'lost' ? textOrNull(raw.lost_reason) : null,
		source: sourceOf(raw.channel, raw.origin, lookups),
		utm: utmOf((key) => raw.custom_fields?.[key], utmFields),
		owner: ownerId === null ? null : { id: ownerId, name: lookups.users.get(ownerId) ?? null },
		createdAt: isoFromPipedrive(raw.add_time),
		updatedAt: isoFromPipedrive(raw.update_time),
		closedAt: status === 'open' ? null : isoFromPipedrive(closedTime ?? raw.close_time),
		firstContactAt: null,
		url: lookups.uiOrigin === null ? null : `${lookups.uiOrigin}/deal/${raw.id}`,
	};
	if (includeRaw) deal.raw = raw;
	return deal;
}

function leadToDeal(
	raw: PipedriveLead,
	lookups: Lookups,
	utmFields: Partial<Record<keyof Utm, DealField>>,
	includeRaw: boolean,
): Deal {
	const ownerId = idText(raw.owner_id);
	const customFields = raw.custom_fields as Record<string, unknown> | undefined;
	const deal: Deal = {
		id: String(raw.id),
		crm: 'pipedrive',
		kind: 'lead',
		title: textOrNull(raw.title),
		amount: numberOrNull(raw.value?.amount),
		currency: textOrNull(raw.value?.currency),
		pipeline: null,
		stage: null,
		// Archived leads are not listed (§2.2); a listed lead is still open.
		status: 'open',
		lostReason: null,
		source: sourceOf(raw.channel, raw.origin ?? raw.source_name, lookups),
		// "Leads inherit the custom fields' structure from deals" (§2.2).
		utm: utmOf((key) => raw[key] ?? customFields?.[key], utmFields),
		owner: ownerId === null ? null : { id: ownerId, name: lookups.users.get(ownerId) ?? null },
		createdAt: isoFromPipedrive(raw.add_time),
		updatedAt: isoFromPipedrive(raw.update_time),
		closedAt: null,
		firstContactAt: null,
		url: lookups.uiOrigin === null ? null : `${lookups.uiOrigin}/leads/inbox/${raw.id}`,
	};
	if (includeRaw) deal.raw = raw;
	return deal;
}

/**
 * `updated_since` is the only date filter the deals list has (§2.2). It still narrows every date field: a deal
 * created or closed at t was last updated at t or later.
 */
function dealFilters(query: DealQuery): IDataObject {
	const qs: IDataObject = {};
	const dated = query.dateField !== null;
	if (dated && query.from !== null) qs.updated_since = rfc3339Seconds(query.from.getTime());
	// `updated_until` means "earlier than"; times have whole seconds, so the next second keeps `to` itself in.
	if (query.dateField === 'updatedAt' && query.to !== null) {
		qs.updated_until = rfc3339Seconds(query.to.getTime() + 1000);
	}
	if (query.pipelineId !== null) qs.pipeline_id = query.pipelineId;
	if (query.ownerId) qs.owner_id = query.ownerId;
	const statuses = [...new Set(query.statuses)];
	if (statuses.length > 0 && statuses.length < 3) qs.status = statuses.join(',');
	// Newest first by creation lets a created-since pull stop at the first older page.
	if (query.dateField === 'createdAt' && query.from !== null) {
		qs.sort_by = 'add_time';
		qs.sort_direction = 'desc';
	} else {
		qs.sort_by = 'id';
		qs.sort_direction = 'asc';
	}
	return qs;
}

async function listDealRecords(
	session: CrmSession,
	query: DealQuery,
	lookups: Lookups,
): Promise<Deal[]> {
	const qs = dealFilters(query);
	const utmFields = utmFieldsFor(lookups, query);
	const createdBefore =
		query.dateField === 'createdAt' && query.from !== null ? query.from.getTime() : null;
	const seen = new Set<string>();
	return collectPages<Deal, string>(
		'',
		async (cursor) => {
			const response = await session.http.request<V2List<PipedriveDeal>>({
				method: 'GET',
				url: '/api/v2/deals',
				qs: cursor ? { ...qs, limit: PAGE_SIZE, cursor } : { ...qs, limit: PAGE_SIZE },
			});
			const items = response.body?.data ?? [];
			const deals: Deal[] = [];
			for (const raw of items) {
				const deal = toDeal(raw, lookups, utmFields, query.includeRaw);
				if (seen.has(deal.id) || !matchesQuery(deal, query)) continue;
				seen.add(deal.id);
				deals.push(deal);
			}
			let next = textOrNull(response.body?.additional_data?.next_cursor);
			const oldest = items.length > 0 ? Date.parse(String(items[items.length - 1].add_time)) : NaN;
			if (createdBefore !== null && oldest < createdBefore) next = null;
			return { items: deals, next };
		},
		query.limit,
	);
}

/** Leads have no v2 list: `GET /v1/leads` with offset paging (§2.2). */
async function listLeadRecords(
	session: CrmSession,
	query: DealQuery,
	lookups: Lookups,
): Promise<Deal[]> {
	const qs: IDataObject = {};
	if (query.dateField !== null && query.from !== null)
		qs.updated_since = rfc3339Seconds(query.from.getTime());
	if (query.ownerId) qs.owner_id = query.ownerId;
	const utmFields = utmFieldsFor(lookups, query);
	const seen = new Set<string>();
	return collectPages<Deal, number>(
		0,
		async (start) => {
			const response = await session.http.request<V1List<PipedriveLead>>({
				method: 'GET',
				url: '/v1/leads',
				qs: { ...qs, start, limit: V1_PAGE_SIZE },
			});
			const leads: Deal[] = [];
			for (const raw of response.body?.data ?? []) {
				const lead = leadToDeal(raw, lookups, utmFields, query.includeRaw);
				if (seen.has(lead.id) || !matchesQuery(lead, query)) continue;
				seen.add(lead.id);
				leads.push(lead);
			}
			const pagination = response.body?.additional_data?.pagination;
			const nextStart = Number(pagination?.next_start);
			const more =
				pagination?.more_items_in_collection === true &&
				Number.isInteger(nextStart) &&
				nextStart > start;
			return { items: leads, next: more ? nextStart : null };
		},
		query.limit,
	);
}

function notFoundOn404(id: string) {
	return (error: CrmHttpError) => (error.statusCode === 404 ? new DealNotFoundError(id) : null);
}

function companyOrigin(companyDomain: unknown): string | null {
	const domain = textOrNull(companyDomain)
		?.replace(/^https?:\/\//, '')
		.split(/[./]/)[0];
	return domain ? `https://${domain}.pipedrive.com` : null;
}

export const pipedriveAdapter: CrmAdapter = {
	id: 'pipedrive',
	displayName: 'Pipedrive',
	credentialType: 'pipedriveCrmApi',
	secretFields: ['apiToken'],
	// Burst limit per API token: 20 requests per 2-second window on the smallest plan (Lite; 40/100/120 on larger
	// plans, §2.4). 10/s with the window's 20 up front; `x-ratelimit-remaining`/`-reset` hold the rest (§2.4).
	ratePolicy: { perSecond: 10, burst: 20, maxRetries: 8, baseBackoffMs: 2000, maxBackoffMs: 30000 },
	supports: { leads: true, lossReasons: false, notes: true },

	resolveEndpoints(credentials) {
		const company = companyOrigin(credentials?.companyDomain);
		const override = textOrNull(credentials?.baseUrl);
		return {
			baseUrl: override ? override.replace(/\/+$/, '') : (company ?? API_ORIGIN),
			// Empty: the adapter asks /v1/users/me for the company domain once per run.
			uiUrl: company ?? '',
		};
	},

	explainError(error) {
		if (!(error instanceof CrmHttpError)) {
			return {
				message: 'Could not reach Pipedrive',
				description:
					'Check the network, the company domain, and the Base URL in the Pipedrive credential if you set one.',
			};
		}
		switch (error.statusCode) {
			case 401:
				return {
					message: 'Pipedrive did not accept the API token',
					description:
						'Copy your personal API token again (Pipedrive: your name → Personal preferences → API) into the credential. Each company account has its own token.',
				};
			case 402:
				return {
					message: 'Pipedrive says the company account is not active',
					description:
						'The trial may have ended or the subscription lapsed; Pipedrive refuses API requests until it is renewed.',
				};
			case 403:
				return {
					message: 'Pipedrive refused access',
					description:
						'The token’s user may lack permission for this data, or Pipedrive is blocking requests after repeated rate-limit answers. Wait a few minutes, then try again.',
				};
			case 404:
				return {
					message: 'Pipedrive has no such address',
					description:
						'Check the company domain (and the Base URL if you set one) in the Pipedrive credential.',
				};
			case 429:
				return {
					message: 'Pipedrive kept refusing requests as too frequent',
					description:
						'Either the burst limit (requests per 2 seconds per token) or the company’s daily API budget is spent; the daily budget resets at midnight. Retry later or run fewer workflows at once.',
				};
			default:
				return null;
		}
	},

	async listDeals(session, query) {
		const lookups = await loadLookups(session);
		return query.kind === 'lead'
			? listLeadRecords(session, query, lookups)
			: listDealRecords(session, query, lookups);
	},

	async getDeal(session, id, includeRaw, utmFieldKeys) {
		const lookups = await loadLookups(session);
		const utmFields = utmFieldsFor(lookups, { utmFieldKeys });
		if (LEAD_ID.test(id)) {
			const response = await mapHttpError(
				session.http.request<{ data?: PipedriveLead | null }>({
					method: 'GET',
					url: `/v1/leads/${id}`,
				}),
				notFoundOn404(id),
			);
			if (!response.body?.data) throw new DealNotFoundError(id);
			return leadToDeal(response.body.data, lookups, utmFields, includeRaw);
		}
		if (!/^\d+$/.test(id)) throw new DealNotFoundError(id);
		const response = await mapHttpError(
			session.http.request<{ data?: PipedriveDeal | null }>({
				method: 'GET',
				url: `/api/v2/deals/${id}`,
			}),
			notFoundOn404(id),
		);
		if (!response.body?.data) throw new DealNotFoundError(id);
		return toDeal(response.body.data, lookups, utmFields, includeRaw);
	},

	listPipelines: loadPipelines,
	listUsers: loadUsers,

	// `lost_reason` is a free-text string on the deal (§2.3); there is no list endpoint to offer.
	async listLossReasons() {
		return [];
	},

	async createNote(session, note) {
		const isLead = LEAD_ID.test(note.dealId);
		if (!isLead && !/^\d+$/.test(note.dealId)) throw new DealNotFoundError(note.dealId);
		// Notes have no v2 (§2.3): POST /v1/notes; "content … in HTML format", attached by deal_id or lead_id.
		const response = await mapHttpError(
			session.http.request<{ data?: { id?: number; add_time?: string } | null }>({
				method: 'POST',
				url: '/v1/notes',
				body: isLead
					? { content: plainTextToHtml(note.text), lead_id: note.dealId }
					: { content: plainTextToHtml(note.text), deal_id: Number(note.dealId) },
				idempotent: false,
			}),
			notFoundOn404(note.dealId),
		);
		const data = response.body?.data;
		return {
			id: idText(data?.id) ?? '',
			dealId: note.dealId,
			text: note.text,
			crm: 'pipedrive',
			createdAt: isoFromPipedrive(data?.add_time) ?? session.now.toISOString(),
		};
	},
};
