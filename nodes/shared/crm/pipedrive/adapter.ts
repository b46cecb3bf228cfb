import type { IDataObject } from 'n8n-workflow';

import { EMPTY_UTM, readAmount, readId, readIsoDate, readText, textOrNull } from '../../model/deal';
import type { CrmUser, Deal, DealStatus, Pipeline, Utm } from '../../model/deal';
import { collectPages, CrmHttpError, mapHttpError } from '../../transport/crmHttpClient';
import type { CrmCall } from '../../transport/crmHttpClient';
import { CrmRecordError } from '../../transport/errors';
import { jsonObject, recordList, z } from '../../transport/envelopes';
import { plainTextToHtml, UTM_KEYS, utmKeyOfName } from '../customFields';
import { checkedBaseUrl, DNS_LABEL, plainLabel } from '../hosts';
import { readNotePages, type ExistingNote } from '../noteMarker';
import { once } from '../session';
import { DealNotFoundError, matchesQuery, readRecords } from '../types';
import type { CrmAdapter, CrmSession, DealQuery } from '../types';
import { readFirstContacts } from './firstContact';

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

interface V2List {
	success: true;
	data: unknown[];
	additional_data?: { next_cursor?: string | null };
}

interface V1List {
	success: true;
	data: unknown[] | null;
	additional_data: { pagination: { more_items_in_collection: boolean; next_start?: number } };
}

/*
 * Envelopes: the documented shape of each 2xx answer (reference/crm-apis.md §2). A body in any other shape (an HTML
 * page from Cloudflare, a cut-off body, `data: "abc"`) is retried, then fails, instead of becoming deals.
 */

/** v2 lists: `{ success, data: [...], additional_data: { next_cursor } }`, "`next_cursor` will be `null` if you have reached the end" (§2.2, §2.3). */
const V2_LIST = z
	.object({
		success: z.literal(true),
		data: recordList,
		additional_data: z.object({ next_cursor: z.string().nullish() }).passthrough().nullish(),
	})
	.passthrough();

/** v1 leads: offset paging in `additional_data.pagination{start,limit,more_items_in_collection,next_start}` (§2.2). */
const V1_LEADS = z
	.object({
		success: z.literal(true),
		data: recordList.nullable(),
		additional_data: z
			.object({
				pagination: z
					.object({
						more_items_in_collection: z.boolean(),
						next_start: z.number().optional(),
					})
					.passthrough(),
			})
			.passthrough(),
	})
	.passthrough();

/** v1 users: `{ success, data: [{id, name, email, active_flag, …}] }` (§2.3). */
const V1_USERS = z.object({ success: z.literal(true), data: recordList }).passthrough();

/** One record (`GET /api/v2/deals/{id}`, `/v1/leads/{id}`, `/v1/users/me`): `{ success, data: {...} }` (§2.2, §2.3). */
const ONE_RECORD = z.object({ success: z.literal(true), data: jsonObject }).passthrough();

/** A created note: `{ success, data: { id, add_time, … } }` (notes have no v2, §2.3). */
const CREATED_NOTE = z
	.object({ success: z.literal(true), data: z.object({ id: z.number() }).passthrough() })
	.passthrough();

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

export interface Lookups {
	users: Map<string, string>;
	pipelines: Map<string, Pipeline>;
	stageNames: Map<string, string>;
	fields: DealField[];
	/** Marketing channel labels by option id. */
	channels: Map<string, string>;
	uiOrigin: string | null;
}

export function rfc3339Seconds(ms: number): string {
	// RFC 3339 without milliseconds: the docs' own example is "2025-01-01T10:20:00Z" (§2.2).
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** v1 writes times as "YYYY-MM-DD HH:MM:SS" in UTC (users/me example in the marketplace guide); v2 uses RFC 3339. */
export function readPipedriveDate(value: unknown, field: string, id: string): string | null {
	if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value.trim()))
		return readIsoDate(`${value.trim().replace(' ', 'T')}Z`, field, id);
	return readIsoDate(value, field, id);
}

/** An object-valued field (`custom_fields`, a lead's `value`), absent or null as "none". */
function readObject(value: unknown, field: string, id: string): Record<string, unknown> | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
	throw new CrmRecordError(id, field, 'expected an object');
}

/** A list entry of a look-up (pipeline, stage, field, user): an object, or the answer cannot be read. */
function entry<T>(value: unknown, list: string): T {
	if (value === null || typeof value !== 'object' || Array.isArray(value))
		throw new CrmRecordError('(no id)', list, 'expected an object in the list');
	return value as T;
}

function v2Page(url: string, qs: IDataObject, cursor: string): CrmCall {
	return {
		method: 'GET',
		url,
		qs: cursor ? { ...qs, limit: PAGE_SIZE, cursor } : { ...qs, limit: PAGE_SIZE },
		envelope: V2_LIST,
	};
}

/** "`next_cursor` will be `null` if you have reached the end" (§2.2). */
function nextCursor(body: V2List): string | null {
	return textOrNull(body.additional_data?.next_cursor);
}

export async function listV2<T>(
	session: CrmSession,
	url: string,
	idOf: (item: T) => string,
	qs: IDataObject = {},
): Promise<T[]> {
	return collectPages<T, string>(
		'',
		async (cursor) => {
			const response = await session.http.request<V2List>(v2Page(url, qs, cursor));
			return {
				items: response.body.data.map((item) => entry<T>(item, url)),
				next: nextCursor(response.body),
			};
		},
		{ limit: null, pageSize: PAGE_SIZE, idOf },
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
	const byId = (item: { id: unknown }) => readId(item.id);
	const pipelines = (await listV2<PdPipeline>(session, '/api/v2/pipelines', byId)).filter(
		(p) => !p.is_deleted,
	);
	const stages = (await listV2<PdStage>(session, '/api/v2/stages', byId)).filter(
		(s) => !s.is_deleted,
	);
	pipelines.sort((a, b) => (a.order_nr ?? 0) - (b.order_nr ?? 0));
	return pipelines.map((p, index) => ({
		id: readId(p.id),
		name: readText(p.name, 'name', String(p.id)) ?? String(p.id),
		// v2 pipelines carry no default flag; the first in the account's order is the one Pipedrive opens.
		isDefault: index === 0,
		stages: stages
			.filter((s) => s.pipeline_id === p.id)
			.sort((a, b) => (a.order_nr ?? 0) - (b.order_nr ?? 0))
			// Won and lost are a deal's `status`, not stages (§2.3): every stage is an open one.
			.map((s) => ({
				id: readId(s.id),
				name: readText(s.name, 'name', String(s.id)) ?? String(s.id),
				status: 'open' as DealStatus,
				sort: s.order_nr ?? 0,
			})),
	}));
}

/** Users have no v2 endpoint (§2.3); `GET /v1/users` answers every user at once. */
async function loadUsers(session: CrmSession): Promise<CrmUser[]> {
	const response = await session.http.request<{ data: unknown[] }>({
		method: 'GET',
		url: '/v1/users',
		envelope: V1_USERS,
	});
	return response.body.data.map((item) => {
		const u = entry<{ id: unknown; name?: unknown; email?: unknown; active_flag?: unknown }>(
			item,
			'users',
		);
		const id = readId(u.id);
		return {
			id,
			name: readText(u.name, 'name', id) ?? id,
			email: readText(u.email, 'email', id),
			active: u.active_flag !== false,
		};
	});
}

export function loadLookups(session: CrmSession): Promise<Lookups> {
	return once(session, 'pipedrive:lookups', () => fetchLookups(session));
}

async function fetchLookups(session: CrmSession): Promise<Lookups> {
	const users = await loadUsers(session);
	const pipelines = await loadPipelines(session);
	// Deal fields are identified by their `field_code` (a 40-character hash for custom fields, §2.3).
	const fields = await listV2<DealField>(session, '/api/v2/dealFields', (f) =>
		readId(f.field_code),
	);
	let uiOrigin = textOrNull(session.uiUrl);
	if (!uiOrigin) {
		// Without a company domain in the credential, /users/me names it ("bound company data: company ID,
		// company name, and domain", Pipedrive marketplace guide "Getting user data").
		const me = await session.http.request<{ data: { company_domain?: unknown } }>({
			method: 'GET',
			url: '/v1/users/me',
			envelope: ONE_RECORD,
		});
		// Only a plain label becomes part of a link.
		const domain = textOrNull(me.body.data.company_domain)?.toLowerCase() ?? null;
		uiOrigin = domain && DNS_LABEL.test(domain) ? `https://${domain}.pipedrive.com` : null;
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
	id: string,
): Utm {
	const utm: Utm = { ...EMPTY_UTM };
	for (const key of UTM_KEYS) {
		const field = fields[key];
		if (!field?.field_code) continue;
		const value = values(field.field_code);
		// Option ids, option lists and `{ value }` objects are what custom fields hold; booleans are not.
		if (typeof value === 'boolean')
			throw new CrmRecordError(id, `custom_fields.${field.field_code}`, 'expected text');
		utm[key] = customFieldText(field, value);
	}
	return utm;
}

/** The marketing channel when the deal has one, else how it was created (`origin`, set by Pipedrive, §2.3). */
function sourceOf(
	channel: unknown,
	origin: unknown,
	lookups: Lookups,
	id: string,
	originField = 'origin',
): string | null {
	const channelId = readText(channel, 'channel', id);
	return (
		(channelId === null ? null : (lookups.channels.get(channelId) ?? null)) ??
		readText(origin, originField, id)
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
	const id = readId(raw?.id);
	const pipelineId = readText(raw.pipeline_id, 'pipeline_id', id);
	const stageId = readText(raw.stage_id, 'stage_id', id);
	const ownerId = readText(raw.owner_id, 'owner_id', id);
	const status = statusOf(readText(raw.status, 'status', id));
	const customFields = readObject(raw.custom_fields, 'custom_fields', id);
	const closedField =
		status === 'won' && raw.won_time
			? 'won_time'
			: status === 'lost' && raw.lost_time
				? 'lost_time'
				: 'close_time';
	const deal: Deal = {
		id,
		crm: 'pipedrive',
		kind: 'deal',
		title: readText(raw.title, 'title', id),
		amount: readAmount(raw.value, 'value', id),
		currency: readText(raw.currency, 'currency', id),
		pipeline:
			pipelineId === null
				? null
				: { id: pipelineId, name: lookups.pipelines.get(pipelineId)?.name ?? null },
		stage: stageId === null ? null : { id: stageId, name: lookups.stageNames.get(stageId) ?? null },
		status,
		lostReason: status === 'lost' ? readText(raw.lost_reason, 'lost_reason', id) : null,
		source: sourceOf(raw.channel, raw.origin, lookups, id),
		utm: utmOf((key) => customFields?.[key], utmFields, id),
		owner: ownerId === null ? null : { id: ownerId, name: lookups.users.get(ownerId) ?? null },
		createdAt: readPipedriveDate(raw.add_time, 'add_time', id),
		updatedAt: readPipedriveDate(raw.update_time, 'update_time', id),
		closedAt: status === 'open' ? null : readPipedriveDate(raw[closedField], closedField, id),
		firstContactAt: null,
		url: lookups.uiOrigin === null ? null : `${lookups.uiOrigin}/deal/${id}`,
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
	const id = readId(raw?.id);
	const ownerId = readText(raw.owner_id, 'owner_id', id);
	const value = readObject(raw.value, 'value', id);
	const customFields = readObject(raw.custom_fields, 'custom_fields', id);
	const deal: Deal = {
		id,
		crm: 'pipedrive',
		kind: 'lead',
		title: readText(raw.title, 'title', id),
		amount: readAmount(value?.amount, 'value.amount', id),
		currency: readText(value?.currency, 'value.currency', id),
		pipeline: null,
		stage: null,
		// Archived leads are not listed (§2.2); a listed lead is still open.
		status: 'open',
		lostReason: null,
		source:
			raw.origin !== null && raw.origin !== undefined
				? sourceOf(raw.channel, raw.origin, lookups, id)
				: sourceOf(raw.channel, raw.source_name, lookups, id, 'source_name'),
		// "Leads inherit the custom fields' structure from deals" (§2.2).
		utm: utmOf((key) => raw[key] ?? customFields?.[key], utmFields, id),
		owner: ownerId === null ? null : { id: ownerId, name: lookups.users.get(ownerId) ?? null },
		createdAt: readPipedriveDate(raw.add_time, 'add_time', id),
		updatedAt: readPipedriveDate(raw.update_time, 'update_time', id),
		closedAt: null,
		firstContactAt: null,
		url: lookups.uiOrigin === null ? null : `${lookups.uiOrigin}/leads/inbox/${id}`,
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

/*
 * Edits during a pull (checked for the HubSpot fix, where an offset over a date sort lost a deal per edit): Pipedrive
 * lists deals sorted by `id` ascending, or by `add_time` descending for a created-since pull — keys no edit changes,
 * so an edit never moves a deal across a page boundary. And a v2 cursor is a position, not an offset: the docs'
 * example `next_cursor` "eyJmaWVsZCI6ImlkIiwiaWQiOjEwNDJ9" is base64 for `{"field":"id","id":1042}`, the last id
 * handed out (§2.2), so even a deal that leaves the filtered set mid-pull (archived, or edited out of a status,
 * pipeline or updated_until filter) shifts nothing. Deals created mid-pull have a higher id: last page, or (newest
 * first) a repeat that `idOf` drops. Leads are the exception: v1 pages by offset `start` (§2.2), so a lead archived
 * or converted mid-pull shifts later leads back by one and the one at the page boundary is skipped; v1 leads have
 * no keyset alternative, and the next pull reads it.
 */
async function listDealRecords(
	session: CrmSession,
	query: DealQuery,
	lookups: Lookups,
): Promise<Deal[]> {
	const qs = dealFilters(query);
	const utmFields = utmFieldsFor(lookups, query);
	const createdBefore =
		query.dateField === 'createdAt' && query.from !== null ? query.from.getTime() : null;
	return collectPages<Deal, string>(
		'',
		async (cursor) => {
			const response = await session.http.request<V2List>(v2Page('/api/v2/deals', qs, cursor));
			const items = response.body.data;
			let next = nextCursor(response.body);
			const last = items[items.length - 1] as { add_time?: unknown } | undefined;
			// Newest first: the first page that reaches deals created before `from` is the last one needed.
			const oldest = last ? Date.parse(String(last.add_time)) : NaN;
			if (createdBefore !== null && oldest < createdBefore) next = null;
			return {
				items: readRecords(session, items as PipedriveDeal[], (raw) =>
					toDeal(raw, lookups, utmFields, query.includeRaw),
				),
				next,
			};
		},
		{
			limit: query.limit,
			pageSize: PAGE_SIZE,
			idOf: (deal) => deal.id,
			keep: (deal) => matchesQuery(deal, query),
			sink: query.onDeals,
		},
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
	return collectPages<Deal, number>(
		0,
		async (start) => {
			const response = await session.http.request<V1List>({
				method: 'GET',
				url: '/v1/leads',
				qs: { ...qs, start, limit: V1_PAGE_SIZE },
				envelope: V1_LEADS,
			});
			const leads = readRecords(session, (response.body.data ?? []) as PipedriveLead[], (raw) =>
				leadToDeal(raw, lookups, utmFields, query.includeRaw),
			);
			const pagination = response.body.additional_data.pagination;
			const nextStart = Number(pagination.next_start);
			const more =
				pagination.more_items_in_collection && Number.isInteger(nextStart) && nextStart > start;
			return { items: leads, next: more ? nextStart : null };
		},
		{
			limit: query.limit,
			pageSize: V1_PAGE_SIZE,
			idOf: (lead) => lead.id,
			keep: (lead) => matchesQuery(lead, query),
			sink: query.onDeals,
		},
	);
}

/** Pages of notes read per deal at most (the check gives up reading beyond, and writes). */
function notFoundOn404(id: string) {
	return (error: CrmHttpError) => (error.statusCode === 404 ? new DealNotFoundError(id) : null);
}

/** The Company Domain becomes part of the host the token is sent to: one plain label, checked before any request. */
function companyOrigin(companyDomain: unknown): string | null {
	const domain = plainLabel(companyDomain, {
		field: 'company domain',
		crm: 'Pipedrive',
		example: 'mycompany',
		domains: ['pipedrive.com'],
	});
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
	readFirstContacts: (session, deals, mode) => readFirstContacts(session, deals, mode),

	resolveEndpoints(credentials) {
		const company = companyOrigin(credentials?.companyDomain);
		const override = checkedBaseUrl(credentials?.baseUrl, 'Pipedrive');
		return {
			baseUrl: override ?? company ?? API_ORIGIN,
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
				session.http.request<{ data: PipedriveLead }>({
					method: 'GET',
					url: `/v1/leads/${id}`,
					envelope: ONE_RECORD,
				}),
				notFoundOn404(id),
			);
			return leadToDeal(response.body.data, lookups, utmFields, includeRaw);
		}
		if (!/^\d+$/.test(id)) throw new DealNotFoundError(id);
		const response = await mapHttpError(
			session.http.request<{ data: PipedriveDeal }>({
				method: 'GET',
				url: `/api/v2/deals/${id}`,
				envelope: ONE_RECORD,
			}),
			notFoundOn404(id),
		);
		return toDeal(response.body.data, lookups, utmFields, includeRaw);
	},

	listPipelines: loadPipelines,
	listUsers: loadUsers,

	// `lost_reason` is a free-text string on the deal (§2.3); there is no list endpoint to offer.
	async listLossReasons() {
		return [];
	},

	/**
	 * GET /v1/notes filtered by `deal_id` (or `lead_id`), offset paging like every v1 list (`start`, `limit`,
	 * `additional_data.pagination`); each note's `content` is its HTML (https://developers.pipedrive.com/docs/api/v1/Notes#getNotes).
	 */
	async listNotes(session, dealId) {
		const isLead = LEAD_ID.test(dealId);
		if (!isLead && !/^\d+$/.test(dealId)) throw new DealNotFoundError(dealId);
		return readNotePages(dealId, 0, async (start) => {
			const response = await mapHttpError(
				session.http.request<V1List>({
					method: 'GET',
					url: '/v1/notes',
					qs: { ...(isLead ? { lead_id: dealId } : { deal_id: Number(dealId) }), start, limit: V1_PAGE_SIZE },
					envelope: V1_LEADS,
				}),
				notFoundOn404(dealId),
			);
			const notes: ExistingNote[] = (
				(response.body.data ?? []) as Array<{ id?: unknown; content?: unknown }>
			).map((raw) => ({
				id: String(raw.id ?? ''),
				text: typeof raw.content === 'string' ? raw.content : '',
				createdAt: null,
			}));
			const pagination = response.body.additional_data.pagination;
			const nextStart = Number(pagination.next_start);
			const more = pagination.more_items_in_collection && Number.isInteger(nextStart) && nextStart > start;
			return { notes, next: more ? nextStart : null };
		});
	},

	async createNote(session, note) {
		const isLead = LEAD_ID.test(note.dealId);
		if (!isLead && !/^\d+$/.test(note.dealId)) throw new DealNotFoundError(note.dealId);
		// Notes have no v2 (§2.3): POST /v1/notes; "content … in HTML format", attached by deal_id or lead_id.
		const response = await mapHttpError(
			session.http.request<{ data: { id: number; add_time?: unknown } }>({
				method: 'POST',
				url: '/v1/notes',
				body: isLead
					? { content: plainTextToHtml(note.text), lead_id: note.dealId }
					: { content: plainTextToHtml(note.text), deal_id: Number(note.dealId) },
				idempotent: false,
				envelope: CREATED_NOTE,
			}),
			notFoundOn404(note.dealId),
		);
		const data = response.body.data;
		const id = readId(data.id);
		return {
			id,
			dealId: note.dealId,
			text: note.text,
			crm: 'pipedrive',
			createdAt: readPipedriveDate(data.add_time, 'add_time', id) ?? session.now.toISOString(),
		};
	},
};
