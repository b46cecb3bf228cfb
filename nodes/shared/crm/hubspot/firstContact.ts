import { readId, readText } from '../../model/deal';
import type { Deal } from '../../model/deal';
import { CrmRecordError } from '../../transport/errors';
import { recordList, z } from '../../transport/envelopes';
import { firstTouchAfter } from '../firstContact';
import type { FirstContactMode, Touch } from '../firstContact';
import { readRecords } from '../types';
import type { CrmSession } from '../types';

/**
 * First contact on HubSpot (docs/first-contact/hubspot.md has the sources for every rule below).
 *
 * humanTouch — the deal's associated calls, emails, meetings and notes:
 *   1. `POST /crm/v4/associations/deals/{type}/batch/read`, ≤ 1,000 deal ids a request (limit since 2025-02-10),
 *      once per engagement type; a deal whose list of one type runs past one page is asked again with its `after`.
 *   2. `POST /crm/v3/objects/{type}/batch/read`, ≤ 100 ids a request, every engagement id once however many deals
 *      share it, asking only for the properties the rules read.
 *   A touch is an outgoing call (`hs_call_direction` OUTBOUND, not CANCELED/FAILED), a sent e-mail (`hs_email_direction`
 *   EMAIL, status SENT or none), a meeting held (`hs_meeting_outcome` COMPLETED) or a note, at `hs_timestamp`, created
 *   by a HubSpot user (`hs_created_by_user_id` set; records an integration, a workflow or an import creates carry
 *   none). Whose owner it is does not matter. The earliest at/after the deal's `createdate` wins (`firstTouchAfter`).
 *
 *   requests = Σ over the 4 types of ( ⌈N / 1,000⌉ + continuation pages + ⌈E_type / 100⌉ )
 *   N = deals, E_type = distinct engagements of that type on them; a type with no engagements costs no batch read.
 *
 * stageChange — the first change of `dealstage` after the value the deal was created with, read from the property
 *   history: `POST /crm/v3/objects/deals/batch/read` with `propertiesWithHistory: ["dealstage"]`, ≤ 50 ids a request
 *   when history is asked for. A deal created in the pipeline's first stage gets the moment it left that stage; one
 *   created further on gets its first move from there; a deal never moved gets null. Re-setting the same stage is no
 *   change.
 *
 *   requests = ⌈N / 50⌉
 *
 * Every request is a read (POST only because the id lists go in the body): `idempotent: true`, so refused or
 * cut-off answers are retried, and each 2xx is checked against its documented envelope before it is read.
 */

/** "may not exceed 1000 IDs per request body" (changelog, Batch Read Limit for HubSpot Associations API). */
export const ASSOCIATION_BATCH = 1000;
/** Object batch read: 100 ids a request (crm-apis.md §1.4). */
export const OBJECT_BATCH = 100;
/** "The maximum number of inputs supported in a batch request for property histories is 50" (HubSpot 400). */
export const HISTORY_BATCH = 50;

type EngagementType = 'calls' | 'emails' | 'meetings' | 'notes';

interface EngagementRule {
	type: EngagementType;
	properties: string[];
	/** Whether the engagement is an outreach of its kind (direction, status, outcome), persons aside. */
	isOutreach(props: Record<string, unknown>, id: string): boolean;
}

const upper = (value: unknown, field: string, id: string) =>
	readText(value, field, id)?.toUpperCase() ?? null;

/** Calls guide: direction "from the perspective of the HubSpot user … initiated the call … OUTBOUND". */
const CALL_NOT_MADE = new Set(['CANCELED', 'FAILED']);
/** Emails guide: EMAIL = "sent from the CRM or sent and logged"; statuses BOUNCED, FAILED, SCHEDULED, SENDING, SENT. */
const EMAIL_SENT = new Set(['SENT']);

export const ENGAGEMENT_RULES: EngagementRule[] = [
	{
		type: 'calls',
		properties: ['hs_timestamp', 'hs_call_direction', 'hs_call_status', 'hs_created_by_user_id'],
		isOutreach: (p, id) =>
			upper(p.hs_call_direction, 'hs_call_direction', id) === 'OUTBOUND' &&
			!CALL_NOT_MADE.has(upper(p.hs_call_status, 'hs_call_status', id) ?? ''),
	},
	{
		type: 'emails',
		properties: ['hs_timestamp', 'hs_email_direction', 'hs_email_status', 'hs_created_by_user_id'],
		isOutreach: (p, id) => {
			if (upper(p.hs_email_direction, 'hs_email_direction', id) !== 'EMAIL') return false;
			const status = upper(p.hs_email_status, 'hs_email_status', id);
			// An e-mail logged by BCC carries no send status: it was sent. FAKE CHOICE (the guide is silent).
			return status === null || EMAIL_SENT.has(status);
		},
	},
	{
		type: 'meetings',
		properties: ['hs_timestamp', 'hs_meeting_outcome', 'hs_created_by_user_id'],
		// Meetings guide: outcomes "scheduled, completed, rescheduled, no show, and canceled"; held = completed.
		isOutreach: (p, id) => upper(p.hs_meeting_outcome, 'hs_meeting_outcome', id) === 'COMPLETED',
	},
	{
		type: 'notes',
		properties: ['hs_timestamp', 'hs_created_by_user_id'],
		isOutreach: () => true,
	},
];

/**
 * A batch answer's `errors` may only say "not found" (no associations of a type, an engagement archived since): those
 * mean "no touch". Any other category (a validation error, a limit, a server error for some inputs) would read as
 * "no touch" too if it were let through, so it makes the answer a bad one — retried, then a loud error.
 */
const notFoundOnly = z
	.array(z.object({ category: z.literal('OBJECT_NOT_FOUND') }).passthrough())
	.optional();

/** Associations v4 batch read: `{status, results[{from{id}, to[{toObjectId, associationTypes}], paging?}], errors?}`. */
const ASSOCIATIONS_ENVELOPE = z
	.object({ results: recordList, errors: notFoundOnly, status: z.string().optional() })
	.passthrough();

/** Object batch read: `{status, results[{id, properties{}, propertiesWithHistory?{}, …}], errors?}` (207 with errors). */
const BATCH_ENVELOPE = z.object({ results: recordList, errors: notFoundOnly }).passthrough();

interface AssociationResult {
	from?: { id?: unknown };
	to?: unknown;
	paging?: { next?: { after?: unknown } };
}

interface BatchObject {
	id?: unknown;
	properties?: unknown;
	propertiesWithHistory?: unknown;
}

function chunks<T>(items: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
	return out;
}

function objectOf(value: unknown, id: string, field: string): Record<string, unknown> {
	if (value === null || typeof value !== 'object' || Array.isArray(value))
		throw new CrmRecordError(id, field, 'expected an object');
	return value as Record<string, unknown>;
}

/** `hs_timestamp` and history timestamps: ISO UTC, or epoch milliseconds as the guides accept on write. */
export function readInstant(value: unknown, field: string, id: string): number | null {
	const text = readText(value, field, id);
	if (text === null) return null;
	const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
	if (!Number.isFinite(ms))
		throw new CrmRecordError(id, field, `expected a date-time, got "${text}"`);
	return ms;
}

/** Deal id → ids of its engagements of one type, every page of every deal. */
async function readAssociations(
	session: CrmSession,
	type: EngagementType,
	dealIds: string[],
): Promise<Map<string, Set<string>>> {
	const found = new Map<string, Set<string>>();
	let pending: Array<{ id: string; after?: string }> = dealIds.map((id) => ({ id }));
	const asked = new Set<string>();
	while (pending.length > 0) {
		const next: Array<{ id: string; after: string }> = [];
		for (const inputs of chunks(pending, ASSOCIATION_BATCH)) {
			const response = await session.http.request<{ results: unknown[] }>({
				method: 'POST',
				url: `/crm/v4/associations/deals/${type}/batch/read`,
				body: { inputs },
				idempotent: true,
				envelope: ASSOCIATIONS_ENVELOPE,
			});
			const read = readRecords(session, response.body.results as AssociationResult[], (raw) => {
				const result = objectOf(raw, '(no id)', 'results') as AssociationResult;
				const from = readId(objectOf(result.from, '(no id)', 'from').id);
				const to: unknown = result.to ?? [];
				if (!Array.isArray(to)) throw new CrmRecordError(from, 'to', 'expected a list');
				const ids = to.map((item) => readId(objectOf(item, from, 'to').toObjectId));
				const after = readText(result.paging?.next?.after, 'paging.next.after', from);
				return { from, ids, after };
			});
			for (const { from, ids, after } of read) {
				let set = found.get(from);
				if (!set) found.set(from, (set = new Set()));
				for (const id of ids) set.add(id);
				// A cursor already followed would go round forever: each (deal, after) is asked once.
				if (after !== null && !asked.has(`${from}\n${after}`)) {
					asked.add(`${from}\n${after}`);
					next.push({ id: from, after });
				}
			}
			// Deals without associations of this type come back in `errors` (207) or with an empty `to`: none found.
		}
		pending = next;
	}
	return found;
}

/** One touch per engagement id (null when it is no touch), each engagement read once. */
async function readTouches(
	session: CrmSession,
	rule: EngagementRule,
	ids: string[],
): Promise<Map<string, Touch | null>> {
	const touches = new Map<string, Touch | null>();
	for (const inputs of chunks(ids, OBJECT_BATCH)) {
		const response = await session.http.request<{ results: unknown[] }>({
			method: 'POST',
			url: `/crm/v3/objects/${rule.type}/batch/read`,
			body: { properties: rule.properties, inputs: inputs.map((id) => ({ id })) },
			idempotent: true,
			envelope: BATCH_ENVELOPE,
		});
		const read = readRecords(session, response.body.results as BatchObject[], (raw) => {
			const id = readId(objectOf(raw, '(no id)', 'results').id);
			const props = objectOf((raw as BatchObject).properties ?? {}, id, 'properties');
			const at = readInstant(props.hs_timestamp, 'hs_timestamp', id);
			const byUser = readText(props.hs_created_by_user_id, 'hs_created_by_user_id', id) !== null;
			const touch: Touch | null =
				at !== null && rule.isOutreach(props, id) ? { at, byPerson: byUser } : null;
			return { id, touch };
		});
		for (const { id, touch } of read) touches.set(id, touch);
		// Ids HubSpot no longer has (archived since the association was read) come back in `errors`: no touch.
	}
	return touches;
}

async function humanTouches(
	session: CrmSession,
	deals: Deal[],
	dealIds: string[],
): Promise<Map<string, string | null>> {
	const touchesOf = new Map<string, Touch[]>(dealIds.map((id) => [id, []]));
	for (const rule of ENGAGEMENT_RULES) {
		const associations = await readAssociations(session, rule.type, dealIds);
		const engagementIds = new Set<string>();
		for (const ids of associations.values()) for (const id of ids) engagementIds.add(id);
		if (engagementIds.size === 0) continue;
		const touches = await readTouches(session, rule, [...engagementIds]);
		for (const [dealId, ids] of associations) {
			const list = touchesOf.get(dealId);
			if (!list) continue;
			for (const id of ids) {
				const touch = touches.get(id);
				if (touch) list.push(touch);
			}
		}
	}
	const out = new Map<string, string | null>();
	for (const deal of deals)
		out.set(deal.id, firstTouchAfter(deal.createdAt, touchesOf.get(deal.id) ?? []));
	return out;
}

/** The first change of `dealstage` after its first value: epoch ms, or null when the stage never changed. */
export function firstStageChange(history: unknown, dealId: string): number | null {
	if (history === undefined || history === null) return null;
	if (!Array.isArray(history))
		throw new CrmRecordError(dealId, 'propertiesWithHistory.dealstage', 'expected a list');
	const entries = history
		.map((item) => {
			const entry = objectOf(item, dealId, 'propertiesWithHistory.dealstage');
			return {
				value: readText(entry.value, 'dealstage', dealId),
				at: readInstant(entry.timestamp, 'timestamp', dealId),
			};
		})
		.filter((e): e is { value: string | null; at: number } => e.at !== null)
		// Oldest first whatever order HubSpot lists them in.
		.sort((a, b) => a.at - b.at);
	for (let i = 1; i < entries.length; i++) {
		if (entries[i].value !== entries[i - 1].value) return entries[i].at;
	}
	return null;
}

async function stageChanges(
	session: CrmSession,
	deals: Deal[],
	dealIds: string[],
): Promise<Map<string, string | null>> {
	const changedAt = new Map<string, number | null>();
	for (const inputs of chunks(dealIds, HISTORY_BATCH)) {
		const response = await session.http.request<{ results: unknown[] }>({
			method: 'POST',
			url: '/crm/v3/objects/deals/batch/read',
			body: {
				properties: ['dealstage'],
				propertiesWithHistory: ['dealstage'],
				inputs: inputs.map((id) => ({ id })),
			},
			idempotent: true,
			envelope: BATCH_ENVELOPE,
		});
		const read = readRecords(session, response.body.results as BatchObject[], (raw) => {
			const id = readId(objectOf(raw, '(no id)', 'results').id);
			const history = objectOf(
				(raw as BatchObject).propertiesWithHistory ?? {},
				id,
				'propertiesWithHistory',
			);
			return { id, at: firstStageChange(history.dealstage, id) };
		});
		for (const { id, at } of read) changedAt.set(id, at);
	}
	const out = new Map<string, string | null>();
	for (const deal of deals) {
		const at = changedAt.get(deal.id) ?? null;
		out.set(
			deal.id,
			at === null ? null : firstTouchAfter(deal.createdAt, [{ at, byPerson: true }]),
		);
	}
	return out;
}

/** `CrmAdapter.readFirstContacts` for HubSpot: deal id → ISO UTC or null. */
export async function readFirstContacts(
	session: CrmSession,
	deals: Deal[],
	mode: Exclude<FirstContactMode, 'off'>,
): Promise<Map<string, string | null>> {
	const dealIds = [...new Set(deals.map((deal) => deal.id))].filter((id) => /^\d+$/.test(id));
	if (dealIds.length === 0) return new Map(deals.map((deal) => [deal.id, null]));
	return mode === 'stageChange'
		? stageChanges(session, deals, dealIds)
		: humanTouches(session, deals, dealIds);
}
