import type { IDataObject } from 'n8n-workflow';

import { readAmount, readId, readIsoDate, readText, textOrNull } from '../../model/deal';
import type { CrmUser, Deal, DealStatus, LossReason, Pipeline, Stage } from '../../model/deal';
import { collectPages, CrmHttpError, mapHttpError } from '../../transport/crmHttpClient';
import type { ZodTypeAny } from 'zod';
import { jsonObject, recordList, z } from '../../transport/envelopes';
import { checkedBaseUrl } from '../hosts';
import { readNotePages, type ExistingNote } from '../noteMarker';
import { once } from '../session';
import { readFirstContacts } from './firstContact';
import { DealNotFoundError, readRecords } from '../types';
import type { CrmAdapter, CrmSession, DealQuery } from '../types';

/**
 * Bitrix24 REST through an inbound webhook. Wire format and limits: reference/crm-apis.md §4.
 * The webhook URL carries the secret (`/rest/<user>/<secret>/`), so it never appears in a message.
 */

// "The page size for results is always static — 50 records" (crm-deal-list.md, §4.2).
const PAGE_SIZE = 50;

const DEAL_FIELDS = [
	'ID',
	'TITLE',
	'CATEGORY_ID',
	'STAGE_ID',
	'STAGE_SEMANTIC_ID',
	'OPPORTUNITY',
	'CURRENCY_ID',
	'ASSIGNED_BY_ID',
	'DATE_CREATE',
	'DATE_MODIFY',
	'CLOSEDATE',
	'CLOSED',
	'SOURCE_ID',
	'UTM_SOURCE',
	'UTM_MEDIUM',
	'UTM_CAMPAIGN',
	'UTM_CONTENT',
	'UTM_TERM',
];
const LEAD_FIELDS = [
	'ID',
	'TITLE',
	'STATUS_ID',
	'STATUS_SEMANTIC_ID',
	'STATUS_DESCRIPTION',
	'OPPORTUNITY',
	'CURRENCY_ID',
	'ASSIGNED_BY_ID',
	'DATE_CREATE',
	'DATE_MODIFY',
	'DATE_CLOSED',
	'SOURCE_ID',
	'UTM_SOURCE',
	'UTM_MEDIUM',
	'UTM_CAMPAIGN',
	'UTM_CONTENT',
	'UTM_TERM',
];

type BitrixRecord = Record<string, string | null | undefined>;

interface BitrixStatus {
	STATUS_ID: string;
	NAME: string;
	SORT?: string | number;
	SEMANTICS?: string | null;
	ENTITY_ID?: string;
}

interface Lookups {
	pipelines: Map<string, Pipeline>;
	/** Stage id → stage, across pipelines; non-default pipelines prefix their ids (`C1:NEW`, §4.3). */
	stages: Map<string, Stage>;
	sources: Map<string, string>;
	users: Map<string, string>;
}

/** `STAGE_SEMANTIC_ID` / `STATUS_SEMANTIC_ID`: P in progress, S success, F failure (crm-deal-get.md, §4.3). */
function statusOf(semantic: unknown): DealStatus {
	if (semantic === 'S') return 'won';
	if (semantic === 'F') return 'lost';
	return 'open';
}

/**
 * Every answer is `{ result, next?, total?, time }` (§4.2); list methods put an array in `result`, `.get` an object,
 * crm.category.list `{ categories: [...] }`. Errors come with 4xx/5xx and `{ error, error_description }` (§4.4).
 */
const listAnswer = z
	.object({ result: recordList, next: z.number().optional(), total: z.number().optional() })
	.passthrough();
const objectAnswer = z.object({ result: jsonObject }).passthrough();

/** Pages of timeline comments read per deal at most (the check gives up reading beyond, and writes). */
function call<T>(
	session: CrmSession,
	method: string,
	body: IDataObject,
	envelope: ZodTypeAny = listAnswer,
) {
	// POST with a JSON body is what the docs recommend for production (local-webhooks.md, §4.1). Reads are safe to
	// repeat (list/get methods change nothing).
	return session.http.request<{ result: T; next?: number; total?: number }>({
		method: 'POST',
		url: `${method}.json`,
		body,
		idempotent: true,
		envelope,
	});
}

async function statusList(session: CrmSession, entityId: string): Promise<BitrixStatus[]> {
	const response = await call<BitrixStatus[]>(session, 'crm.status.list', {
		order: { SORT: 'ASC' },
		filter: { ENTITY_ID: entityId },
	});
	return response.body.result ?? [];
}

async function loadPipelines(session: CrmSession): Promise<Pipeline[]> {
	// crm.category.list {entityTypeId: 2} → result.categories; pipeline 0 "General" is the default (§4.3).
	const response = await call<{
		categories?: Array<{
			id: number | string;
			name: string;
			isDefault?: string | boolean;
		}>;
	}>(
		session,
		'crm.category.list',
		{ entityTypeId: 2 },
		z.object({ result: z.object({ categories: recordList }).passthrough() }).passthrough(),
	);
	const categories = response.body.result?.categories ?? [];
	const pipelines: Pipeline[] = [];
	for (const category of categories) {
		const id = String(category.id);
		const statuses = await statusList(session, id === '0' ? 'DEAL_STAGE' : `DEAL_STAGE_${id}`);
		pipelines.push({
			id,
			name: category.name,
			isDefault: id === '0' || category.isDefault === 'Y' || category.isDefault === true,
			stages: statuses.map(toStage),
		});
	}
	return pipelines;
}

function toStage(status: BitrixStatus): Stage {
	return {
		id: status.STATUS_ID,
		name: status.NAME,
		status: statusOf(status.SEMANTICS),
		sort: Number(status.SORT ?? 0),
	};
}

async function loadUsers(session: CrmSession): Promise<CrmUser[]> {
	interface BitrixUser {
		ID: string;
		NAME?: string;
		LAST_NAME?: string;
		EMAIL?: string;
		ACTIVE?: boolean | string;
	}
	return collectPages<CrmUser, number>(
		0,
		async (start) => {
			const response = await call<BitrixUser[]>(session, 'user.get', { start });
			const users = (response.body.result ?? []).map((u) => ({
				id: readId(u.ID),
				name: [u.NAME, u.LAST_NAME].map(textOrNull).filter(Boolean).join(' ') || `#${u.ID}`,
				email: textOrNull(u.EMAIL),
				active: u.ACTIVE !== false && u.ACTIVE !== 'N',
			}));
			return {
				items: users,
				next: typeof response.body.next === 'number' ? response.body.next : null,
				total: response.body.total,
			};
		},
		{ limit: null, idOf: (user) => user.id, pageSize: PAGE_SIZE },
	);
}

function loadLookups(session: CrmSession, kind: 'deal' | 'lead'): Promise<Lookups> {
	return once(session, `bitrix24:lookups:${kind}`, () => fetchLookups(session, kind));
}

async function fetchLookups(session: CrmSession, kind: 'deal' | 'lead'): Promise<Lookups> {
	const pipelines = kind === 'deal' ? await loadPipelines(session) : [];
	const stages = new Map<string, Stage>();
	for (const pipeline of pipelines)
		for (const stage of pipeline.stages) stages.set(stage.id, stage);
	// Lead statuses live in ENTITY_ID 'STATUS' (how-to-get-stages-with-semantics.md, §4.3).
	if (kind === 'lead')
		for (const status of await statusList(session, 'STATUS'))
			stages.set(status.STATUS_ID, toStage(status));
	const sources = new Map(
		(await statusList(session, 'SOURCE')).map((s) => [s.STATUS_ID, s.NAME] as [string, string]),
	);
	const users = new Map((await loadUsers(session)).map((u) => [u.id, u.name] as [string, string]));
	return {
		pipelines: new Map(pipelines.map((p) => [p.id, p])),
		stages,
		sources,
		users,
	};
}

function toDeal(
	record: BitrixRecord,
	kind: 'deal' | 'lead',
	lookups: Lookups,
	session: CrmSession,
	includeRaw: boolean,
): Deal {
	const id = readId(record?.ID);
	const stageId = readText(kind === 'deal' ? record.STAGE_ID : record.STATUS_ID, 'STAGE_ID', id);
	const stage = stageId === null ? undefined : lookups.stages.get(stageId);
	const semantic = kind === 'deal' ? record.STAGE_SEMANTIC_ID : record.STATUS_SEMANTIC_ID;
	const status = semantic ? statusOf(semantic) : (stage?.status ?? 'open');
	const pipelineId =
		kind === 'deal' ? (readText(record.CATEGORY_ID, 'CATEGORY_ID', id) ?? '0') : null;
	const ownerId = readText(record.ASSIGNED_BY_ID, 'ASSIGNED_BY_ID', id);
	const sourceId = readText(record.SOURCE_ID, 'SOURCE_ID', id);
	// No standard lost-reason field: a portal's failure stages are the reasons (§4.3). Leads add free text.
	const lostReason =
		status !== 'lost'
			? null
			: kind === 'lead'
				? (readText(record.STATUS_DESCRIPTION, 'STATUS_DESCRIPTION', id) ?? stage?.name ?? null)
				: (stage?.name ?? null);
	// CLOSEDATE is the planned close date until the deal is actually closed (CLOSED = Y).
	const closedRaw =
		kind === 'deal' ? (record.CLOSED === 'Y' ? record.CLOSEDATE : null) : record.DATE_CLOSED;
	const deal: Deal = {
		id,
		crm: 'bitrix24',
		kind,
		title: readText(record.TITLE, 'TITLE', id),
		amount: readAmount(record.OPPORTUNITY, 'OPPORTUNITY', id),
		currency: readText(record.CURRENCY_ID, 'CURRENCY_ID', id),
		pipeline:
			pipelineId === null
				? null
				: {
						id: pipelineId,
						name: lookups.pipelines.get(pipelineId)?.name ?? null,
					},
		stage: stageId === null ? null : { id: stageId, name: stage?.name ?? null },
		status,
		lostReason,
		source: sourceId === null ? null : (lookups.sources.get(sourceId) ?? sourceId),
		utm: {
			source: readText(record.UTM_SOURCE, 'UTM_SOURCE', id),
			medium: readText(record.UTM_MEDIUM, 'UTM_MEDIUM', id),
			campaign: readText(record.UTM_CAMPAIGN, 'UTM_CAMPAIGN', id),
			content: readText(record.UTM_CONTENT, 'UTM_CONTENT', id),
			term: readText(record.UTM_TERM, 'UTM_TERM', id),
		},
		owner: ownerId === null ? null : { id: ownerId, name: lookups.users.get(ownerId) ?? null },
		createdAt: readIsoDate(record.DATE_CREATE, 'DATE_CREATE', id),
		updatedAt: readIsoDate(record.DATE_MODIFY, 'DATE_MODIFY', id),
		closedAt:
			status === 'open'
				? null
				: readIsoDate(closedRaw, kind === 'deal' ? 'CLOSEDATE' : 'DATE_CLOSED', id),
		firstContactAt: null,
		url: `${session.uiUrl}/crm/${kind}/details/${id}/`,
	};
	if (includeRaw) deal.raw = record;
	return deal;
}

const DATE_FIELDS = {
	deal: {
		createdAt: 'DATE_CREATE',
		updatedAt: 'DATE_MODIFY',
		closedAt: 'CLOSEDATE',
	},
	lead: {
		createdAt: 'DATE_CREATE',
		updatedAt: 'DATE_MODIFY',
		closedAt: 'DATE_CLOSED',
	},
} as const;

const SEMANTIC_OF: Record<DealStatus, string> = {
	open: 'P',
	won: 'S',
	lost: 'F',
};

/** Dates in filters as the docs write them: ATOM without milliseconds, `2026-01-01T00:00:00+00:00` (§4.2 example). */
function portalDate(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** Filter prefix operators as documented for crm.deal.list (`>=`, `<=`, `@` for IN; §4.2). */
function listFilter(query: DealQuery): IDataObject {
	const filter: IDataObject = {};
	if (query.dateField !== null) {
		const field = DATE_FIELDS[query.kind][query.dateField];
		if (query.from) filter[`>=${field}`] = portalDate(query.from);
		if (query.to) filter[`<=${field}`] = portalDate(query.to);
		if (query.dateField === 'closedAt' && query.kind === 'deal') filter.CLOSED = 'Y';
	}
	if (query.kind === 'deal' && query.pipelineId !== null) filter.CATEGORY_ID = query.pipelineId;
	if (query.ownerId) filter.ASSIGNED_BY_ID = query.ownerId;
	if (query.statuses.length > 0) {
		filter[query.kind === 'deal' ? '@STAGE_SEMANTIC_ID' : '@STATUS_SEMANTIC_ID'] =
			query.statuses.map((s) => SEMANTIC_OF[s]);
	}
	return filter;
}

/** The highest numeric ID on a page; null when the page has none readable (then there is no safe next page). */
function maxId(records: BitrixRecord[]): number | null {
	let max: number | null = null;
	for (const record of records) {
		const id = Number(record?.ID);
		if (Number.isFinite(id) && (max === null || id > max)) max = id;
	}
	return max;
}

function bitrixErrorCode(error: CrmHttpError): string {
	const body = error.body as { error?: unknown } | undefined;
	return typeof body?.error === 'string' ? body.error : '';
}

export const bitrix24Adapter: CrmAdapter = {
	id: 'bitrix24',
	displayName: 'Bitrix24',
	credentialType: 'bitrix24Api',
	secretFields: ['webhookUrl'],
	// Leaky bucket: X=50 requests, drained by Y=2 per second on non-Enterprise plans (limits.md, §4.4).
	ratePolicy: {
		perSecond: 2,
		burst: 50,
		maxRetries: 8,
		baseBackoffMs: 600,
		maxBackoffMs: 16000,
	},
	supports: { leads: true, lossReasons: true, notes: true },

	resolveEndpoints(credentials) {
		const raw = textOrNull(credentials?.webhookUrl);
		const match = raw?.match(/^(https?:\/\/[^/?#\\]+)(\/[^?#]*)?\/rest\/(\d+)\/([^/?#\s]+)/);
		if (!raw || !match) {
			throw new Error(
				'The Bitrix24 webhook URL does not look like https://<portal>/rest/<user id>/<code>/ — copy the full URL of an inbound webhook from Bitrix24 → Developer resources',
			);
		}
		const [, rawOrigin, prefix = '', userId, code] = match;
		// The portal part follows the Base URL rules: http(s), no user name or password.
		const origin = checkedBaseUrl(rawOrigin, 'Bitrix24', 'webhook URL');
		return {
			baseUrl: `${origin}${prefix}/rest/${userId}/${code}/`,
			uiUrl: `${origin}${prefix}`,
		};
	},

	explainError(error) {
		if (!(error instanceof CrmHttpError)) {
			return {
				message: 'Could not connect to the Bitrix24 portal',
				description: 'Check the portal address in the webhook URL of the Bitrix24 credential.',
			};
		}
		const code = bitrixErrorCode(error);
		if (error.statusCode === 401 || code === 'NO_AUTH_FOUND' || code === 'expired_token') {
			return {
				message: 'Bitrix24 did not accept the webhook URL',
				description:
					'The webhook may have been deleted or expired. In Bitrix24 open Developer resources → Other → Inbound webhook, create one with the "CRM (crm)" and "Users (user)" permissions, and paste its full URL into the credential.',
			};
		}
		if (code === 'insufficient_scope') {
			return {
				message: 'The Bitrix24 webhook has no permission for this data',
				description:
					'Edit the inbound webhook in Bitrix24 (Developer resources) and tick the "CRM (crm)" and "Users (user)" permissions, then save.',
			};
		}
		if (code === 'ACCESS_DENIED') {
			return {
				message: 'Bitrix24 refused the request',
				description:
					'The REST API is available only on commercial Bitrix24 plans, and the webhook’s user needs access to CRM deals.',
			};
		}
		// "Resource limit: method execution time is summed in 10 one-minute baskets per method per webhook. When
		// exceeded: 429 OPERATION_TIME_LIMIT" (limits.md, reference/crm-apis.md §4.4).
		if (
			code === 'OPERATION_TIME_LIMIT' ||
			(error.statusCode === 429 && code !== 'QUERY_LIMIT_EXCEEDED')
		) {
			return {
				message: 'Bitrix24 paused this webhook: it used up its time limit for this method',
				description:
					'Bitrix24 adds up how long each method works for a webhook over 10 minutes and blocks the method when the sum passes its time limit, whatever the request rate. Wait about 10 minutes before retrying, and narrow the date range or the filters so that each run asks for less.',
			};
		}
		if (code === 'QUERY_LIMIT_EXCEEDED' || error.statusCode === 503) {
			return {
				message: 'Bitrix24 kept refusing requests as too frequent',
				description:
					'Other integrations may be using this portal’s request budget (2 per second). Retry later, or narrow the date range.',
			};
		}
		return null;
	},

	async listDeals(session, query) {
		const lookups = await loadLookups(session, query.kind);
		const method = query.kind === 'deal' ? 'crm.deal.list' : 'crm.lead.list';
		const filter = listFilter(query);
		// Count-free keyset paging: order by ID, ask for ID > last, start = -1 (settings/performance/huge-data.md, §4.2).
		return collectPages<Deal, string>(
			'0',
			async (lastId) => {
				const response = await call<BitrixRecord[]>(session, method, {
					select: query.kind === 'deal' ? DEAL_FIELDS : LEAD_FIELDS,
					filter: { ...filter, '>ID': lastId },
					order: { ID: 'ASC' },
					start: -1,
				});
				const records = response.body.result;
				const items = readRecords(session, records, (r) =>
					toDeal(r, query.kind, lookups, session, query.includeRaw),
				);
				// The next page starts after the highest id of this one (records may repeat: deduped by id, and a
				// portal that ignores `>ID` sends the same page again, which collectPages stops).
				const last = maxId(records);
				return {
					items,
					next: records.length < PAGE_SIZE || last === null ? null : String(last),
				};
			},
			{ limit: query.limit, idOf: (deal) => deal.id, pageSize: PAGE_SIZE, sink: query.onDeals },
		);
	},

	async getDeal(session, id, includeRaw) {
		if (!/^\d+$/.test(id)) throw new DealNotFoundError(id);
		// An unknown id answers 400 with "Not found" (crm-deal-get.md).
		const response = await mapHttpError(
			call<BitrixRecord>(session, 'crm.deal.get', { id }, objectAnswer),
			(error) =>
				error.statusCode === 400 || error.statusCode === 404 ? new DealNotFoundError(id) : null,
		);
		const record = response.body.result;
		if (!record?.ID) throw new DealNotFoundError(id);
		return toDeal(record, 'deal', await loadLookups(session, 'deal'), session, includeRaw);
	},

	listPipelines: loadPipelines,
	listUsers: loadUsers,
	readFirstContacts,

	async listLossReasons(session): Promise<LossReason[]> {
		const reasons = new Map<string, LossReason>();
		for (const pipeline of await loadPipelines(session)) {
			for (const stage of pipeline.stages) {
				if (stage.status === 'lost' && !reasons.has(stage.name))
					reasons.set(stage.name, { id: stage.id, name: stage.name });
			}
		}
		return [...reasons.values()];
	},

	/**
	 * crm.timeline.comment.list with `filter: { ENTITY_ID, ENTITY_TYPE: "deal" }` and `select: [ID, COMMENT, CREATED]`,
	 * paged by `start` / `next` like every list method
	 * (https://apidocs.bitrix24.com/api-reference/crm/timeline/comments/crm-timeline-comment-list.html).
	 */
	async listNotes(session, dealId) {
		if (!/^\d+$/.test(dealId)) throw new DealNotFoundError(dealId);
		return readNotePages(dealId, 0, async (start) => {
			const response = await call<Array<{ ID?: unknown; COMMENT?: unknown; CREATED?: unknown }>>(
				session,
				'crm.timeline.comment.list',
				{
					filter: { ENTITY_ID: Number(dealId), ENTITY_TYPE: 'deal' },
					select: ['ID', 'COMMENT', 'CREATED'],
					start,
				},
			);
			const notes: ExistingNote[] = (response.body.result ?? []).map((raw) => {
				const created = typeof raw.CREATED === 'string' ? Date.parse(raw.CREATED) : NaN;
				return {
					id: String(raw.ID ?? ''),
					text: typeof raw.COMMENT === 'string' ? raw.COMMENT : '',
					createdAt: Number.isNaN(created) ? null : new Date(created).toISOString(),
				};
			});
			const next = response.body.next;
			return { notes, next: typeof next === 'number' && next > start ? next : null };
		});
	},

	async createNote(session, note) {
		if (!/^\d+$/.test(note.dealId)) throw new DealNotFoundError(note.dealId);
		// A timeline comment is how Bitrix24 attaches free text to a deal (crm.timeline.comment.add).
		const response = await session.http.request<{ result?: number | string }>({
			method: 'POST',
			url: 'crm.timeline.comment.add.json',
			body: {
				fields: {
					ENTITY_ID: Number(note.dealId),
					ENTITY_TYPE: 'deal',
					COMMENT: note.text,
				},
			},
			idempotent: false,
			// `result` is the new comment's id (crm.timeline.comment.add).
			envelope: z.object({ result: z.union([z.number(), z.string()]) }).passthrough(),
		});
		return {
			id: response.body?.result === undefined ? '' : String(response.body.result),
			dealId: note.dealId,
			text: note.text,
			crm: 'bitrix24',
			createdAt: session.now.toISOString(),
		};
	},
};
