import type { IDataObject } from 'n8n-workflow';

import { EMPTY_UTM, isoFromUnixSeconds, numberOrNull, textOrNull } from '../../model/deal';
import type { CrmUser, Deal, DealStatus, LossReason, Pipeline, Utm } from '../../model/deal';
import { collectPages, CrmHttpError, mapHttpError } from '../../transport/crmHttpClient';
import type { CrmResponse } from '../../transport/crmHttpClient';
import { once } from '../session';
import { DealNotFoundError, matchesQuery } from '../types';
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

function statusOf(statusId: unknown): DealStatus {
	const id = Number(statusId);
	if (id === WON_STATUS_ID) return 'won';
	if (id === LOST_STATUS_ID) return 'lost';
	return 'open';
}

function unixSeconds(date: Date): number {
	return Math.floor(date.getTime() / 1000);
}

/** amoCRM answers an empty list, and any page past the last, with HTTP 204 and no body (§3.2, amocrm-api-php#299). */
function embedded<K extends string, T>(
	response: CrmResponse,
	key: K,
): { items: T[]; hasNext: boolean } {
	if (response.statusCode === 204 || !response.body || typeof response.body !== 'object') {
		return { items: [], hasNext: false };
	}
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
			const response = await session.http.request({
				method: 'GET',
				url,
				qs: { ...qs, page, limit: PAGE_SIZE },
			});
			const { items, hasNext } = embedded<K, T>(response, key);
			return { items, next: hasNext && items.length > 0 ? page + 1 : null };
		},
		null,
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
	});
	return {
		pipelines: new Map(pipelines.map((p) => [p.id, p])),
		users: new Map(users.map((u) => [u.id, u.name])),
		currency: textOrNull(account.body?.currency),
	};
}

function utmOf(lead: AmoLead): Utm {
	const fields = lead.custom_fields_values;
	if (!fields || fields.length === 0) return { ...EMPTY_UTM };
	const utm: Utm = { ...EMPTY_UTM };
	for (const key of Object.keys(UTM_CODES) as Array<keyof Utm>) {
		// Field ids differ per account; the tracking field's `field_code` is stable (§3.3).
		const field = fields.find((f) => f.field_code === UTM_CODES[key]);
		utm[key] = textOrNull(field?.values?.[0]?.value);
	}
	return utm;
}

function toDeal(lead: AmoLead, lookups: Lookups, session: CrmSession, includeRaw: boolean): Deal {
	const pipelineId = lead.pipeline_id === undefined ? null : String(lead.pipeline_id);
	const pipeline = pipelineId === null ? undefined : lookups.pipelines.get(pipelineId);
	const stageId = lead.status_id === undefined ? null : String(lead.status_id);
	const stage = pipeline?.stages.find((s) => s.id === stageId);
	const status = statusOf(lead.status_id);
	const ownerId = lead.responsible_user_id ? String(lead.responsible_user_id) : null;
	const deal: Deal = {
		id: String(lead.id),
		crm: 'amocrm',
		kind: 'deal',
		title: textOrNull(lead.name),
		amount: numberOrNull(lead.price),
		currency: lookups.currency,
		pipeline: pipelineId === null ? null : { id: pipelineId, name: pipeline?.name ?? null },
		stage: stageId === null ? null : { id: stageId, name: stage?.name ?? null },
		status,
		// `with=loss_reason` embeds the reason next to `loss_reason_id` (§3.3).
		lostReason: status === 'lost' ? textOrNull(lead._embedded?.loss_reason?.[0]?.name) : null,
		source: textOrNull(lead._embedded?.source?.name),
		utm: utmOf(lead),
		owner: ownerId === null ? null : { id: ownerId, name: lookups.users.get(ownerId) ?? null },
		createdAt: isoFromUnixSeconds(lead.created_at),
		updatedAt: isoFromUnixSeconds(lead.updated_at),
		closedAt: status === 'open' ? null : isoFromUnixSeconds(lead.closed_at),
		firstContactAt: null,
		url: `${session.uiUrl}/leads/detail/${lead.id}`,
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
	// "not more than 7 requests per second" (Kommo limitations page, §3.4).
	ratePolicy: {
		perSecond: 7,
		burst: 7,
		maxRetries: 8,
		baseBackoffMs: 500,
		maxBackoffMs: 16000,
	},
	supports: { leads: false, lossReasons: true, notes: true },

	resolveEndpoints(credentials) {
		const override = textOrNull(credentials?.baseUrl);
		if (override) {
			const base = override.replace(/\/+$/, '');
			return { baseUrl: base, uiUrl: base };
		}
		const subdomain = textOrNull(credentials?.subdomain)
			?.replace(/^https?:\/\//, '')
			.split('.')[0];
		const domain = textOrNull(credentials?.domain) ?? 'amocrm.ru';
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
				message: 'Could not reach amoCRM',
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
		const seen = new Set<string>();
		const filterHere = query.statuses.length > 0;
		return collectPages<Deal, number>(
			1,
			async (page) => {
				const response = await session.http.request({
					method: 'GET',
					url: '/api/v4/leads',
					qs: { ...qs, page, limit: PAGE_SIZE },
				});
				const { items, hasNext } = embedded<'leads', AmoLead>(response, 'leads');
				const deals: Deal[] = [];
				for (const lead of items) {
					const deal = toDeal(lead, lookups, session, query.includeRaw);
					// Page numbers shift if a deal is added mid-pull; never hand the same deal out twice.
					if (seen.has(deal.id) || (filterHere && !matchesQuery(deal, query))) continue;
					seen.add(deal.id);
					deals.push(deal);
				}
				// A `next` link may point at an empty page, which then answers 204 (§3.2, amocrm-api-php#193).
				return {
					items: deals,
					next: hasNext && items.length > 0 ? page + 1 : null,
				};
			},
			query.limit,
		);
	},

	async getDeal(session, id, includeRaw) {
		if (!/^\d+$/.test(id)) throw new DealNotFoundError(id);
		const response = await mapHttpError(
			session.http.request<AmoLead>({
				method: 'GET',
				url: `/api/v4/leads/${id}`,
				qs: { with: 'loss_reason,source' },
			}),
			(error) => (error.statusCode === 404 ? new DealNotFoundError(id) : null),
		);
		if (response.statusCode === 204 || !response.body?.id) throw new DealNotFoundError(id);
		return toDeal(response.body, await loadLookups(session), session, includeRaw);
	},

	listPipelines: loadPipelines,
	listUsers: loadUsers,
	listLossReasons: loadLossReasons,

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
