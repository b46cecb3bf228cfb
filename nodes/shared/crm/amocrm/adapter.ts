import type { IDataObject } from 'n8n-workflow';

import {
	EMPTY_UTM,
	readAmount,
	readId,
	readText,
	readUnixSeconds,
	textOrNull,
} from '../../model/deal';
import type { CrmUser, Deal, DealStatus, LossReason, Pipeline, Utm } from '../../model/deal';
import { collectPages, CrmHttpError, mapHttpError } from '../../transport/crmHttpClient';
import type { CrmCall, CrmResponse } from '../../transport/crmHttpClient';
import { CrmRecordError } from '../../transport/errors';
import { jsonObject, recordList, z } from '../../transport/envelopes';
import { checkedBaseUrl, plainLabel } from '../hosts';
import { readFirstContacts } from './firstContact';
import { readNotePages, type ExistingNote } from '../noteMarker';
import { once } from '../session';
import { DealNotFoundError, matchesQuery, readRecords } from '../types';
import type { CrmAdapter, CrmSession, DealQuery } from '../types';

/**
 * amoCRM / Kommo API v4. Wire format and limits: reference/crm-apis.md §3.
 * amoCRM calls its deals "leads" (сделки); this adapter maps them to `Deal` with kind 'deal'.
 */

// "Each Pipeline has 3 system Stage: … Closed – Won (ID = 142), Closed – Lost (ID = 143)" (Kommo pipelines reference, §3.3).
const WON_STATUS_ID = 142;
const LOST_STATUS_ID = 143;
// "limit … Максимум – 250" (leads-api, §3.2): the cheapest way through a large account.
const PAGE_SIZE = 250;

interface AmoLead {
	id: number;
	name?: string;
	price?: number | null;
	responsible_user_id?: number;
	status_id?: number;
	pipeline_id?: number;
	loss_reason_id?: number | null;
	created_at?: number;
	updated_at?: number;
	closed_at?: number | null;
	custom_fields_values?: Array<{
		field_code?: string | null;
		values?: Array<{ value?: unknown }>;
	}> | null;
	_embedded?: {
		loss_reason?: Array<{ id: number; name: string }>;
		source?: { name?: string } | null;
	};
}

interface HalList<K extends string, T> {
	_links?: { next?: { href: string } };
	_embedded?: Record<K, T[]>;
}

interface Lookups {
	pipelines: Map<string, Pipeline>;
	users: Map<string, string>;
	currency: string | null;
}

const UTM_CODES: Record<keyof Utm, string> = {
	source: 'UTM_SOURCE',
	medium: 'UTM_MEDIUM',
	campaign: 'UTM_CAMPAIGN',
	content: 'UTM_CONTENT',
	term: 'UTM_TERM',
};

const UTM_KEY_OF_CODE = new Map(
	(Object.keys(UTM_CODES) as Array<keyof Utm>).map((key) => [UTM_CODES[key], key]),
);

const AMO_DOMAINS = ['amocrm.ru', 'amocrm.com', 'kommo.com'];

/** `_embedded.<key>` of a lead as a list; anything else there is a record that cannot be read. */
function embeddedList(lead: AmoLead, key: 'loss_reason', id: string): Array<{ name?: unknown }> {
	const list: unknown = lead._embedded?.[key];
	if (list === undefined || list === null) return [];
	if (!Array.isArray(list)) throw new CrmRecordError(id, `_embedded.${key}`, 'expected a list');
	return list as Array<{ name?: unknown }>;
}

function statusOf(statusId: unknown): DealStatus {
	const id = Number(statusId);
	if (id === WON_STATUS_ID) return 'won';
	if (id === LOST_STATUS_ID) return 'lost';
	return 'open';
}

function unixSeconds(date: Date): number {
	return Math.floor(date.getTime() / 1000);
}

/**
 * A HAL list page: `{ _embedded: { <key>: [...] }, _links: { next?: { href } } }` (§3.2). amoCRM answers an empty
 * list, and any page past the last, with HTTP 204 and no body (§3.2, amocrm-api-php#299) — the only empty answer
 * that means "no more"; a 200 in any other shape is a bad answer (CrmHttpClient retries it, then fails).
 */
function halList(key: string) {
	return z
		.object({
			_embedded: z.object({ [key]: recordList }).passthrough(),
			_links: z
				.object({ next: z.object({ href: z.string() }).passthrough().optional() })
				.passthrough()
				.optional(),
		})
		.passthrough();
}

/** "limit … Максимум – 250" for the notes list (events-and-notes); a deal with more pages than this is read no further. */
const NOTE_PAGE_SIZE = 250;

function listPage(url: string, key: string, qs: IDataObject): CrmCall {
	return { method: 'GET', url, qs, envelope: halList(key), emptyStatuses: [204] };
}

function embedded<K extends string, T>(
	response: CrmResponse,
	key: K,
): { items: T[]; hasNext: boolean } {
	if (response.statusCode === 204) return { items: [], hasNext: false };
	const body = response.body as HalList<K, T>;
	return {
		items: body._embedded?.[key] ?? [],
		hasNext: Boolean(body._links?.next?.href),
	};
}

async function listAll<K extends string, T>(
	session: CrmSession,
	url: string,
	key: K,
	qs: IDataObject = {},
): Promise<T[]> {
	return collectPages<T, number>(
		1,
		async (page) => {
			const response = await session.http.request(
				listPage(url, key, { ...qs, page, limit: PAGE_SIZE }),
			);
			const { items, hasNext } = embedded<K, T>(response, key);
			return { items, next: hasNext && items.length > 0 ? page + 1 : null };
		},
		{ limit: null, idOf: (item) => String((item as { id?: unknown }).id) },
	);
}

async function loadPipelines(session: CrmSession): Promise<Pipeline[]> {
	interface AmoPipeline {
		id: number;
		name: string;
		is_main?: boolean;
		_embedded?: {
			statuses?: Array<{ id: number; name: string; sort?: number }>;
		};
	}
	const pipelines = await listAll<'pipelines', AmoPipeline>(
		session,
		'/api/v4/leads/pipelines',
		'pipelines',
	);
	return pipelines.map((p) => ({
		id: String(p.id),
		name: p.name,
		isDefault: Boolean(p.is_main),
		stages: (p._embedded?.statuses ?? []).map((s) => ({
			id: String(s.id),
			name: s.name,
			status: statusOf(s.id),
			sort: s.sort ?? 0,
		})),
	}));
}

async function loadUsers(session: CrmSession): Promise<CrmUser[]> {
	interface AmoUser {
		id: number;
		name: string;
		email?: string;
		rights?: { is_active?: boolean };
	}
	const users = await listAll<'users', AmoUser>(session, '/api/v4/users', 'users');
	return users.map((u) => ({
		id: String(u.id),
		name: u.name,
		email: textOrNull(u.email),
		active: u.rights?.is_active !== false,
	}));
}

async function loadLossReasons(session: CrmSession): Promise<LossReason[]> {
	const reasons = await listAll<'loss_reasons', { id: number; name: string }>(
		session,
		'/api/v4/leads/loss_reasons',
		'loss_reasons',
	);
	return reasons.map((r) => ({ id: String(r.id), name: r.name }));
}

/**
 * Look-ups are fetched once per call, never per deal. `/users` is admin-only in amoCRM (§3.3): a 403 there leaves
 * owner names empty instead of failing the whole pull.
 */
function loadLookups(session: CrmSession): Promise<Lookups> {
	return once(session, 'amocrm:lookups', () => fetchLookups(session));
}

async function fetchLookups(session: CrmSession): Promise<Lookups> {
	const pipelines = await loadPipelines(session);
	const users = await loadUsers(session).catch((error: unknown) =>
		error instanceof CrmHttpError && error.statusCode === 403 ? [] : Promise.reject(error),
	);
	const account = await session.http.request<{ currency?: string }>({
		method: 'GET',
		url: '/api/v4/account',
		envelope: z.object({ id: z.number() }).passthrough(),
	});
	return {
		pipelines: new Map(pipelines.map((p) => [p.id, p])),
		users: new Map(users.map((u) => [u.id, u.name])),
		currency: textOrNull(account.body?.currency),
	};
}

function utmOf(lead: AmoLead, id: string): Utm {
	const fields: unknown = lead.custom_fields_values;
	if (fields === null || fields === undefined) return { ...EMPTY_UTM };
	if (!Array.isArray(fields)) {
		throw new CrmRecordError(id, 'custom_fields_values', 'expected a list of fields');
	}
	const utm: Utm = { ...EMPTY_UTM };
	for (const field of fields as NonNullable<AmoLead['custom_fields_values']>) {
		// Field ids differ per account; the tracking field's `field_code` is stable (§3.3).
		const key = UTM_KEY_OF_CODE.get(String(field?.field_code));
		if (!key) continue;
		const values: unknown = field.values;
		const first: unknown = Array.isArray(values) ? (values[0] as { value?: unknown })?.value : null;
		utm[key] = readText(first, `custom_fields_values.${String(field.field_code)}`, id);
	}
	return utm;
}

function toDeal(lead: AmoLead, lookups: Lookups, session: CrmSession, includeRaw: boolean): Deal {
	const id = readId(lead?.id);
	// Every lead sits in a pipeline: `pipeline_id` is a required integer of the lead model (§3.2).
	const pipelineId = readText(lead.pipeline_id, 'pipeline_id', id);
	if (pipelineId === null)
		throw new CrmRecordError(id, 'pipeline_id', 'expected the id of a pipeline, got null');
	const pipeline = pipelineId === null ? undefined : lookups.pipelines.get(pipelineId);
	const stageId = readText(lead.status_id, 'status_id', id);
	const stage = pipeline?.stages.find((s) => s.id === stageId);
	const status = statusOf(lead.status_id);
	const owner = readText(lead.responsible_user_id, 'responsible_user_id', id);
	const ownerId = owner === '0' ? null : owner;
	const deal: Deal = {
		id,
		crm: 'amocrm',
		kind: 'deal',
		title: readText(lead.name, 'name', id),
		amount: readAmount(lead.price, 'price', id),
		currency: lookups.currency,
		pipeline: pipelineId === null ? null : { id: pipelineId, name: pipeline?.name ?? null },
		stage: stageId === null ? null : { id: stageId, name: stage?.name ?? null },
		status,
		// `with=loss_reason` embeds the reason next to `loss_reason_id` (§3.3).
		lostReason:
			status === 'lost'
				? readText(embeddedList(lead, 'loss_reason', id)[0]?.name, 'loss_reason', id)
				: null,
		source: readText(lead._embedded?.source?.name, 'source', id),
		utm: utmOf(lead, id),
		owner: ownerId === null ? null : { id: ownerId, name: lookups.users.get(ownerId) ?? null },
		createdAt: readUnixSeconds(lead.created_at, 'created_at', id),
		updatedAt: readUnixSeconds(lead.updated_at, 'updated_at', id),
		closedAt: status === 'open' ? null : readUnixSeconds(lead.closed_at, 'closed_at', id),
		firstContactAt: null,
		url: `${session.uiUrl}/leads/detail/${id}`,
	};
	if (includeRaw) deal.raw = lead;
	return deal;
}

const DATE_FILTER_FIELD = {
	createdAt: 'created_at',
	updatedAt: 'updated_at',
	closedAt: 'closed_at',
} as const;

/** Server-side filters amoCRM documents (§3.2). Statuses are filtered here: Kommo allows one stage per filter. */
function leadFilters(query: DealQuery): IDataObject {
	const qs: IDataObject = { with: 'loss_reason,source', 'order[id]': 'asc' };
	if (query.dateField !== null) {
		const field = DATE_FILTER_FIELD[query.dateField];
		if (query.from) qs[`filter[${field}][from]`] = unixSeconds(query.from);
		if (query.to) qs[`filter[${field}][to]`] = unixSeconds(query.to);
	}
	if (query.pipelineId !== null) qs['filter[pipeline_id]'] = query.pipelineId;
	if (query.ownerId) qs['filter[responsible_user_id]'] = query.ownerId;
	return qs;
}

export const amoCrmAdapter: CrmAdapter = {
	id: 'amocrm',
	displayName: 'amoCRM / Kommo',
	credentialType: 'amoCrmApi',
	secretFields: ['accessToken'],
	// "not more than 7 requests per second" (Kommo limitations page, §3.4). Counted over any second, so requests are
	// spaced evenly (no burst): a full bucket of 7 and then one more within the same second draws a 429.
	ratePolicy: {
		perSecond: 7,
		burst: 1,
		maxRetries: 8,
		baseBackoffMs: 500,
		maxBackoffMs: 16000,
	},
	supports: { leads: false, lossReasons: true, notes: true },

	resolveEndpoints(credentials) {
		const base = checkedBaseUrl(credentials?.baseUrl, 'amoCRM');
		if (base) return { baseUrl: base, uiUrl: base };
		const domain = AMO_DOMAINS.find((d) => d === textOrNull(credentials?.domain)) ?? 'amocrm.ru';
		const subdomain = plainLabel(credentials?.subdomain, {
			field: 'subdomain',
			crm: 'amoCRM',
			example: 'mycompany',
			domains: AMO_DOMAINS,
		});
		if (!subdomain) {
			throw new Error(
				'The amoCRM credential has no subdomain. Enter the first part of your account address, e.g. "mycompany" for https://mycompany.amocrm.ru',
			);
		}
		// Requests must go to the account's own address, not the common domain (Kommo limitations page, §3.1).
		const origin = `https://${subdomain}.${domain}`;
		return { baseUrl: origin, uiUrl: origin };
	},

	explainError(error) {
		if (!(error instanceof CrmHttpError)) {
			return {
				message: 'Could not connect to amoCRM',
				description:
					'Check the subdomain and domain (amocrm.ru, amocrm.com or kommo.com) in the amoCRM credential, or the Base URL if you set one.',
			};
		}
		switch (error.statusCode) {
			case 401:
				return {
					message: 'amoCRM did not accept the access token',
					description:
						'Create a new long-lived token in amoCRM (Settings → Integrations → your private integration → Keys and scopes) and paste it into the credential. Tokens expire after the period chosen when they were made.',
				};
			case 402:
				return {
					message: 'amoCRM says the account subscription has lapsed',
					description: 'Renew the amoCRM subscription; until then amoCRM refuses API requests.',
				};
			case 403:
				return {
					message: 'amoCRM refused access',
					description:
						'The token’s user may lack rights for this data, or amoCRM has temporarily blocked this IP after too many requests. Ask an account administrator to create the token, and wait a few minutes before retrying.',
				};
			case 404:
				return {
					message: 'amoCRM has no such address',
					description:
						'Check the subdomain and domain in the credential: the account address must be https://<subdomain>.<domain>.',
				};
			case 429:
				return {
					message: 'amoCRM kept refusing requests as too frequent (more than 7 per second)',
					description:
						'Another integration may be using the same account heavily. Retry later or run fewer workflows at once.',
				};
			default:
				return null;
		}
	},

	async listDeals(session, query) {
		const lookups = await loadLookups(session);
		const qs = leadFilters(query);
		const filterHere = query.statuses.length > 0;
		// Page numbers over `order[id]=asc`: a deal created mid-pull lands on the last page, and one deleted mid-pull
		// shifts later pages back by one, which repeats a deal (dropped by id) but skips none; a deal can only be
		// missed if it is deleted, which is then right. Documented in ARCHITECTURE.md.
		return collectPages<Deal, number>(
			1,
			async (page) => {
				const response = await session.http.request(
					listPage('/api/v4/leads', 'leads', { ...qs, page, limit: PAGE_SIZE }),
				);
				const { items, hasNext } = embedded<'leads', AmoLead>(response, 'leads');
				const deals = readRecords(session, items, (lead) =>
					toDeal(lead, lookups, session, query.includeRaw),
				);
				// A `next` link may point at an empty page, which then answers 204 (§3.2, amocrm-api-php#193).
				return { items: deals, next: hasNext && items.length > 0 ? page + 1 : null };
			},
			{
				limit: query.limit,
				pageSize: PAGE_SIZE,
				idOf: (deal) => deal.id,
				keep: filterHere ? (deal) => matchesQuery(deal, query) : undefined,
				sink: query.onDeals,
			},
		);
	},

	async getDeal(session, id, includeRaw) {
		if (!/^\d+$/.test(id)) throw new DealNotFoundError(id);
		const response = await mapHttpError(
			session.http.request<AmoLead>({
				method: 'GET',
				url: `/api/v4/leads/${id}`,
				qs: { with: 'loss_reason,source' },
				envelope: jsonObject,
				emptyStatuses: [204],
			}),
			(error) => (error.statusCode === 404 ? new DealNotFoundError(id) : null),
		);
		if (response.statusCode === 204 || !response.body?.id) throw new DealNotFoundError(id);
		return toDeal(response.body, await loadLookups(session), session, includeRaw);
	},

	listPipelines: loadPipelines,
	listUsers: loadUsers,
	listLossReasons: loadLossReasons,
	readFirstContacts,

	/**
	 * "Список примечаний по конкретной сущности, по ID сущности": GET /api/v4/leads/{entity_id}/notes with `page` and
	 * `limit` (at most 250), notes under `_embedded.notes` with `params.text`; 204 when there are none
	 * (https://www.amocrm.ru/developers/content/crm_platform/events-and-notes, "Список примечаний").
	 */
	async listNotes(session, dealId) {
		if (!/^\d+$/.test(dealId)) throw new DealNotFoundError(dealId);
		return readNotePages(dealId, 1, async (page) => {
			const response = await mapHttpError(
				session.http.request(
					listPage(`/api/v4/leads/${dealId}/notes`, 'notes', { page, limit: NOTE_PAGE_SIZE }),
				),
				(error) => (error.statusCode === 404 ? new DealNotFoundError(dealId) : null),
			);
			const { items, hasNext } = embedded<
				'notes',
				{ id?: unknown; params?: { text?: unknown }; created_at?: unknown }
			>(response, 'notes');
			const notes: ExistingNote[] = items.map((item) => ({
				id: String(item.id ?? ''),
				text: typeof item.params?.text === 'string' ? item.params.text : '',
				createdAt:
					typeof item.created_at === 'number' ? new Date(item.created_at * 1000).toISOString() : null,
			}));
			return { notes, next: hasNext && items.length > 0 ? page + 1 : null };
		});
	},

	async createNote(session, note) {
		if (!/^\d+$/.test(note.dealId)) throw new DealNotFoundError(note.dealId);
		// Notes are added in bulk to an entity type: POST /api/v4/leads/notes with an array body (amoCRM notes API).
		const response = await session.http.request<{
			_embedded?: { notes?: Array<{ id: number }> };
		}>({
			method: 'POST',
			url: '/api/v4/leads/notes',
			body: [
				{
					entity_id: Number(note.dealId),
					note_type: 'common',
					params: { text: note.text },
				},
			],
			idempotent: false,
			envelope: z
				.object({ _embedded: z.object({ notes: recordList }).passthrough() })
				.passthrough(),
		});
		const id = response.body?._embedded?.notes?.[0]?.id;
		return {
			id: id === undefined ? '' : String(id),
			dealId: note.dealId,
			text: note.text,
			crm: 'amocrm',
			createdAt: session.now.toISOString(),
		};
	},
};
