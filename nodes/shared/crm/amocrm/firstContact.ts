import type { IDataObject } from 'n8n-workflow';

import { readId, readText, readUnixSeconds } from '../../model/deal';
import type { Deal } from '../../model/deal';
import { collectPages } from '../../transport/crmHttpClient';
import type { CrmCall, CrmResponse } from '../../transport/crmHttpClient';
import { CrmRecordError } from '../../transport/errors';
import { recordList, z } from '../../transport/envelopes';
import { firstTouchAfter } from '../firstContact';
import type { FirstContactMode, Touch } from '../firstContact';
import { once } from '../session';
import { readRecords } from '../types';
import type { CrmSession } from '../types';

/**
 * First contact on amoCRM / Kommo, read from the leads' activity feed, `GET /api/v4/events`
 * (docs/first-contact/amocrm.md has the sources for every figure here).
 *
 * Cost, for N deals, in requests:
 *   humanTouch:  Σ over ⌈N / 10⌉ batches of (⌊E_b / 100⌋ + 1)
 *   stageChange: the same over the stage changes, + 1 (the pipelines, for their first stages)
 * where E_b is the number of events of the read types that the batch's 10 leads have since the earliest creation in
 * the batch. With fewer than 100 such events per 10 leads (the usual case: a handful of calls, messages and notes
 * per lead) that is ⌈N / 10⌉: 100 requests per 1,000 deals, ~14 s at the published 7 requests per second. The "+ 1"
 * per batch is the page that says "no more": amoCRM answers it with 204 when a batch has no events, and a full page
 * may carry a `next` link to an empty one.
 *
 * Why batches of lead ids and not the whole account's feed for the period: the feed's cost grows with everything the
 * account did in the period (other leads, contacts, tasks) and is unknown up front (the events list has no total),
 * while ⌈N / 10⌉ is bounded by the deals asked for.
 */

/** "filter[entity_id] … An array of up to 10 ID can be passed" (Kommo events-and-notes). */
export const AMO_EVENT_IDS_PER_REQUEST = 10;
/**
 * "limit … (Максимум – 100)" on amoCRM's page; Kommo's English page says 250. 100 is accepted by both, and the page
 * size only matters when 10 leads have more than 100 events of the read types.
 */
export const AMO_EVENTS_PAGE_SIZE = 100;

/**
 * The company reaching out, and a note written in the lead. Incoming calls, mails and messages are the client's
 * touch, not ours; `robot_replied` and service (integration) notes are automation by type. Codes from the events
 * API's type table.
 */
export const AMO_TOUCH_EVENT_TYPES = [
	'outgoing_call',
	'outgoing_mail',
	'outgoing_chat_message',
	'outgoing_sms',
	'common_note_added',
] as const;
export const AMO_STAGE_CHANGE_EVENT_TYPE = 'lead_status_changed';

const WON_STATUS_ID = '142';
const LOST_STATUS_ID = '143';

interface AmoEvent {
	id?: unknown;
	type?: unknown;
	entity_id?: unknown;
	created_by?: unknown;
	created_at?: unknown;
	value_after?: unknown;
	value_before?: unknown;
}

/** One event as read: strict about the fields used, so a malformed one is a bad record, never a wrong answer. */
interface ReadEvent {
	id: string;
	leadId: string;
	at: number;
	/** amoCRM records robots, Salesbot and system actions with author 0 (docs/first-contact/amocrm.md). */
	byPerson: boolean;
	from: StageRef | null;
	to: StageRef | null;
}

interface StageRef {
	pipelineId: string;
	statusId: string;
}

/** `_embedded.events` and `_links.next`, or 204 for "no (more) events" ("200 и 204, если событий … не найдено"). */
const eventsEnvelope = z
	.object({
		_embedded: z.object({ events: recordList }).passthrough(),
		_links: z
			.object({ next: z.object({ href: z.string() }).passthrough().optional() })
			.passthrough()
			.optional(),
	})
	.passthrough();

const pipelinesEnvelope = z
	.object({ _embedded: z.object({ pipelines: recordList }).passthrough() })
	.passthrough();

function stageOf(value: unknown, field: string, id: string): StageRef | null {
	if (!Array.isArray(value) || value.length === 0) return null;
	const status: unknown = (value[0] as { lead_status?: unknown } | null)?.lead_status;
	if (status === undefined || status === null) return null;
	if (typeof status !== 'object')
		throw new CrmRecordError(id, field, 'expected a lead_status object');
	const statusId = readText((status as IDataObject).id, `${field}.lead_status.id`, id);
	const pipelineId = readText(
		(status as IDataObject).pipeline_id,
		`${field}.lead_status.pipeline_id`,
		id,
	);
	if (statusId === null || pipelineId === null) return null;
	return { pipelineId, statusId };
}

function readEvent(event: AmoEvent): ReadEvent {
	const id = readId(event?.id);
	const leadId = readText(event.entity_id, 'entity_id', id);
	const at = readUnixSeconds(event.created_at, 'created_at', id);
	if (leadId === null) throw new CrmRecordError(id, 'entity_id', 'expected the id of a lead');
	if (at === null) throw new CrmRecordError(id, 'created_at', 'expected Unix seconds');
	const author = readText(event.created_by, 'created_by', id);
	const stageChange = event.type === AMO_STAGE_CHANGE_EVENT_TYPE;
	return {
		id,
		leadId,
		at: Date.parse(at),
		byPerson: author !== null && author !== '0',
		from: stageChange ? stageOf(event.value_before, 'value_before', id) : null,
		to: stageChange ? stageOf(event.value_after, 'value_after', id) : null,
	};
}

/**
 * The stages a lead sits in before anyone moved it on, by pipeline: the incoming-leads stage ("Неразобранное",
 * stage type 1, where the pipeline has one) and the first regular stage by `sort`. Won and lost never are.
 */
async function loadEntryStages(session: CrmSession): Promise<Map<string, Set<string>>> {
	interface AmoPipeline {
		id?: unknown;
		_embedded?: { statuses?: Array<{ id?: unknown; sort?: unknown; type?: unknown }> };
	}
	const response = await session.http.request<{ _embedded?: { pipelines?: AmoPipeline[] } }>({
		method: 'GET',
		url: '/api/v4/leads/pipelines',
		envelope: pipelinesEnvelope,
	});
	const entry = new Map<string, Set<string>>();
	for (const pipeline of response.body?._embedded?.pipelines ?? []) {
		const open = (pipeline._embedded?.statuses ?? [])
			.filter((s) => String(s.id) !== WON_STATUS_ID && String(s.id) !== LOST_STATUS_ID)
			.sort((a, b) => Number(a.sort ?? 0) - Number(b.sort ?? 0));
		const incoming = open.find((s) => Number(s.type) === 1);
		const firstRegular = open.find((s) => Number(s.type) !== 1);
		entry.set(
			String(pipeline.id),
			new Set([incoming, firstRegular].filter((s) => s !== undefined).map((s) => String(s!.id))),
		);
	}
	return entry;
}

function isEntry(entry: Map<string, Set<string>>, stage: StageRef): boolean {
	return entry.get(stage.pipelineId)?.has(stage.statusId) ?? false;
}

/** Every event of these types for up to 10 leads, each once, through every page. */
async function readBatch(
	session: CrmSession,
	leadIds: string[],
	types: readonly string[],
	since: number | null,
): Promise<ReadEvent[]> {
	const qs: IDataObject = {
		'filter[entity]': 'lead',
		// Comma-joined, as the official SDK sends lists (amocrm-api-php EventsFilter::buildFilter).
		'filter[entity_id]': leadIds.join(','),
		'filter[type]': types.join(','),
		limit: AMO_EVENTS_PAGE_SIZE,
	};
	// Nothing before the batch's earliest creation can count; asking the server to leave it out saves pages.
	if (since !== null) qs['filter[created_at][from]'] = Math.floor(since / 1000);
	return collectPages<ReadEvent, number>(
		1,
		async (page) => {
			const call: CrmCall = {
				method: 'GET',
				url: '/api/v4/events',
				qs: { ...qs, page },
				envelope: eventsEnvelope,
				emptyStatuses: [204],
			};
			const response: CrmResponse = await session.http.request(call);
			if (response.statusCode === 204) return { items: [], next: null };
			const body = response.body as {
				_embedded: { events: AmoEvent[] };
				_links?: { next?: unknown };
			};
			const items = readRecords(session, body._embedded.events, readEvent);
			const hasNext = Boolean(body._links?.next) && body._embedded.events.length > 0;
			return { items, next: hasNext ? page + 1 : null };
		},
		{ limit: null, idOf: (event) => event.id },
	);
}

/**
 * First contact for amoCRM leads (our deals), by deal id, ISO UTC or null:
 * - humanTouch: the earliest outgoing call, mail, chat message, SMS or note in the lead by a person (author ≠ 0) at
 *   or after the lead's creation;
 * - stageChange: the earliest `lead_status_changed` by a person, at or after creation, from an entry stage of the
 *   pipeline (see loadEntryStages) to a stage that is not one — a robot accepting a lead out of "Неразобранное" into
 *   the first stage is not a contact, a manager moving it on is.
 */
export async function readFirstContacts(
	session: CrmSession,
	deals: Deal[],
	mode: Exclude<FirstContactMode, 'off'>,
): Promise<Map<string, string | null>> {
	const found = new Map<string, string | null>(deals.map((deal) => [deal.id, null]));
	const byId = new Map(
		deals.filter((deal) => /^\d+$/.test(deal.id)).map((deal) => [deal.id, deal]),
	);
	const ids = [...byId.keys()];
	if (ids.length === 0) return found;
	const entry =
		mode === 'stageChange'
			? await once(session, 'amocrm:firstContact:entryStages', () => loadEntryStages(session))
			: null;
	const types = mode === 'stageChange' ? [AMO_STAGE_CHANGE_EVENT_TYPE] : AMO_TOUCH_EVENT_TYPES;
	for (let start = 0; start < ids.length; start += AMO_EVENT_IDS_PER_REQUEST) {
		const batch = ids.slice(start, start + AMO_EVENT_IDS_PER_REQUEST);
		const created = batch.map((id) => byId.get(id)!.createdAt);
		const since = created.every((c) => c !== null)
			? Math.min(...created.map((c) => Date.parse(c!)))
			: null;
		const touches = new Map<string, Touch[]>(batch.map((id) => [id, []]));
		for (const event of await readBatch(session, batch, types, since)) {
			const list = touches.get(event.leadId);
			if (!list) continue;
			if (entry !== null) {
				// Only a move out of the entry stages is a first stage change; moves among them, or later on, are not.
				if (event.from === null || event.to === null) continue;
				if (!isEntry(entry, event.from) || isEntry(entry, event.to)) continue;
			}
			list.push({ at: event.at, byPerson: event.byPerson });
		}
		for (const id of batch) {
			found.set(id, firstTouchAfter(byId.get(id)!.createdAt, touches.get(id)!));
		}
	}
	return found;
}
