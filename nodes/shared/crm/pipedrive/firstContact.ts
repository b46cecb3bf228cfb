import type { Deal } from '../../model/deal';
import { readId, readText, textOrNull } from '../../model/deal';
import { CrmRecordError } from '../../transport/errors';
import { firstTouchAfter } from '../firstContact';
import type { FirstContactMode, Touch } from '../firstContact';
import { readRecords } from '../types';
import type { CrmSession } from '../types';
import { listV2, loadLookups, readPipedriveDate, rfc3339Seconds } from './adapter';

/**
 * First contact on Pipedrive (docs/first-contact/pipedrive.md has the sources for every claim below).
 *
 * humanTouch — the earliest *done* activity linked to the deal or lead, of a type that reaches the customer (every
 * type but `task` and `deadline`), at or after the record's `add_time`. An activity's time is its due date and time
 * (UTC) when it has a due time, or the time it was marked as done if that was earlier or it has no due time.
 * Undone activities are plans, not touches: that is where automations put their follow-ups (Pipedrive's activity
 * model has no "created by automation" flag, so the rule does not pretend to see one). Notes do not count: a note is
 * no contact with the customer, and one written through the API (this package's own Sales Brief notes) carries a
 * user id like any person's. Synced e-mails live per deal (`/v1/deals/{id}/mailMessages`, one request per deal) and
 * are not read; a logged `email` activity counts.
 *   Route: ONE listing of the company's done activities updated since the oldest record's creation —
 *   `GET /api/v2/activities?done=true&updated_since=…&sort_by=id`, 500 per page, cursor paged. A done activity at
 *   or after creation was last updated at or after creation, so the filter loses none. Deals and leads alike
 *   (`deal_id`, `lead_id` on every activity).
 *   Requests: ⌈A / 500⌉ (at least 1), A = done activities in the company updated since the oldest record's creation —
 *   independent of how many deals are asked for. Per-deal listing (`deal_id=`) would cost N.
 *
 * stageChange — the first move out of the first stage (lowest `order_nr`) of a pipeline: the earliest `stage_id`
 * entry of the deal's changelog, at or after `add_time`, whose old value is a pipeline's first stage and whose new
 * value differs, made in the app or the mobile app (`change_source` `app`/`mobile`, or none given); moves by the API
 * (integrations), automations, imports and bulk updates do not count. A deal created in a later stage never left the
 * first one: null. Leads have no stages in Pipedrive: null, no request.
 *   Route: `GET /v1/deals/{id}/changelog?limit=500`, cursor paged — the only record of past stages (the deal's
 *   `stage_change_time` is the last change only, and `/v1/recents` returns current records, not changes).
 *   Requests: Σ over deals ⌈C_d / 500⌉ (at least 1 each), C_d = changelog entries of deal d: ≈ N.
 *
 * Plus nothing for look-ups: the pipelines and stages come from the Get Many's own cached look-ups.
 */

/** Activity types that are internal to-dos rather than contact: `task` and `deadline` (default activity types). */
const INTERNAL_TYPES = new Set(['task', 'deadline']);
/** Changelog `change_source` values a person makes: "'app', 'mobile', 'api', etc." (ChangelogResponseAllOfData). */
const PERSON_SOURCES = new Set(['app', 'mobile']);

interface PdActivity {
	id: number;
	type?: unknown;
	done?: unknown;
	is_deleted?: unknown;
	deal_id?: unknown;
	lead_id?: unknown;
	due_date?: unknown;
	due_time?: unknown;
	marked_as_done_time?: unknown;
}

interface PdChange {
	field_key?: unknown;
	old_value?: unknown;
	new_value?: unknown;
	time?: unknown;
	change_source?: unknown;
	is_bulk_update_flag?: unknown;
}

const keyOf = (kind: Deal['kind'], id: string) => `${kind}:${id}`;

/** "The due time of the activity in UTC. Format: HH:MM" (add activity request); seconds accepted too. */
function dueAt(activity: PdActivity, id: string): number | null {
	const date = textOrNull(activity.due_date);
	const time = textOrNull(activity.due_time);
	if (date === null || time === null) return null;
	if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}(:\d{2})?$/.test(time))
		throw new CrmRecordError(id, 'due_date', 'expected YYYY-MM-DD with HH:MM');
	const at = Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}Z`);
	if (!Number.isFinite(at)) throw new CrmRecordError(id, 'due_time', 'expected a time');
	return at;
}

/** When a done activity touched the customer: its due time, or when it was marked done if earlier or untimed. */
export function activityTouchAt(activity: PdActivity): number | null {
	const id = readId(activity?.id);
	const doneIso = readPipedriveDate(activity.marked_as_done_time, 'marked_as_done_time', id);
	const done = doneIso === null ? null : Date.parse(doneIso);
	const due = dueAt(activity, id);
	if (due === null) return done;
	return done === null ? due : Math.min(due, done);
}

async function humanTouches(
	session: CrmSession,
	records: Deal[],
): Promise<Map<string, string | null>> {
	const wanted = new Map<string, Touch[]>(records.map((r) => [keyOf(r.kind, r.id), []]));
	let oldest = Number.POSITIVE_INFINITY;
	for (const record of records) {
		const created =
			record.createdAt === null ? Number.NEGATIVE_INFINITY : Date.parse(record.createdAt);
		if (created < oldest) oldest = created;
	}
	const qs: Record<string, string | number | boolean> = {
		done: true,
		sort_by: 'id',
		sort_direction: 'asc',
	};
	if (Number.isFinite(oldest)) qs.updated_since = rfc3339Seconds(oldest);
	const activities = await listV2<PdActivity>(
		session,
		'/api/v2/activities',
		(a) => readId(a?.id),
		qs,
	);
	readRecords(session, activities, (activity) => {
		// `done=true` is the documented quick filter; the check stays in case a server ignores it.
		if (activity.done !== true || activity.is_deleted === true) return;
		const id = readId(activity.id);
		const dealId = readText(activity.deal_id, 'deal_id', id);
		const leadId = readText(activity.lead_id, 'lead_id', id);
		const touches =
			(dealId !== null ? wanted.get(keyOf('deal', dealId)) : undefined) ??
			(leadId !== null ? wanted.get(keyOf('lead', leadId)) : undefined);
		if (!touches) return;
		const at = activityTouchAt(activity);
		if (at === null) return;
		const type = readText(activity.type, 'type', id);
		touches.push({ at, byPerson: type === null || !INTERNAL_TYPES.has(type) });
	});
	const found = new Map<string, string | null>();
	for (const record of records)
		found.set(
			record.id,
			firstTouchAfter(record.createdAt, wanted.get(keyOf(record.kind, record.id)) ?? []),
		);
	return found;
}

function byPersonChange(change: PdChange): boolean {
	if (change.is_bulk_update_flag === true) return false;
	const source = textOrNull(change.change_source);
	return source === null || PERSON_SOURCES.has(source.toLowerCase());
}

async function firstStageMoves(
	session: CrmSession,
	records: Deal[],
): Promise<Map<string, string | null>> {
	const found = new Map<string, string | null>();
	const deals = records.filter((r) => r.kind === 'deal');
	for (const lead of records) if (lead.kind !== 'deal') found.set(lead.id, null);
	if (deals.length === 0) return found;
	const lookups = await loadLookups(session);
	const firstStages = new Set<string>();
	for (const pipeline of lookups.pipelines.values())
		if (pipeline.stages.length > 0) firstStages.add(pipeline.stages[0].id);
	for (const deal of deals) {
		// Changelog entries carry no id: one change is its field, time and values.
		const changes = await listV2<PdChange>(
			session,
			`/v1/deals/${encodeURIComponent(deal.id)}/changelog`,
			(c) => JSON.stringify([c?.field_key, c?.time, c?.old_value, c?.new_value]),
		);
		const touches: Touch[] = [];
		readRecords(session, changes, (change) => {
			if (change.field_key !== 'stage_id') return;
			const from = readText(change.old_value, 'old_value', deal.id);
			const to = readText(change.new_value, 'new_value', deal.id);
			if (from === null || !firstStages.has(from) || to === from) return;
			const iso = readPipedriveDate(change.time, 'time', deal.id);
			if (iso !== null) touches.push({ at: Date.parse(iso), byPerson: byPersonChange(change) });
		});
		found.set(deal.id, firstTouchAfter(deal.createdAt, touches));
	}
	return found;
}

/** `CrmAdapter.readFirstContacts` for Pipedrive: by record id, ISO UTC or null. */
export async function readFirstContacts(
	session: CrmSession,
	deals: Deal[],
	mode: Exclude<FirstContactMode, 'off'>,
): Promise<Map<string, string | null>> {
	if (deals.length === 0) return new Map();
	return mode === 'stageChange' ? firstStageMoves(session, deals) : humanTouches(session, deals);
}
