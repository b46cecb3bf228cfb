import type { Deal } from '../model/deal';

/**
 * Turns "deals updated since the last poll" into events, for the polling trigger. Pure, so it is tested
 * without n8n. The cursor lives in workflow static data; polls re-read an overlap window behind it so a deal
 * saved late (clock skew, slow CRM indexing) is not missed, and a fingerprint per deal (updatedAt + status)
 * keeps a change from firing twice.
 */

export type DealEvent = 'new' | 'updated' | 'won' | 'lost' | 'contacted';

export interface FeedState {
	/** ISO time the previous poll started. */
	cursor: string;
	/** Deal id → fingerprint of the version already handled; only deals inside the overlap window are kept. */
	seen: Record<string, string>;
	/**
	 * With "Deal Contacted": deal id → createdAt of deals whose first contact has been reported (or was already there
	 * when watching began), kept while the deal is inside the watch window.
	 */
	contacted?: Record<string, string>;
}

export interface DealChange {
	deal: Deal;
	event: DealEvent;
}

/** Most specific first: a deal that was just won is reported as "won" rather than "updated". */
const EVENT_PRIORITY: DealEvent[] = ['won', 'lost', 'new', 'updated'];

function fingerprint(deal: Deal): string {
	return `${deal.updatedAt ?? ''}|${deal.status}`;
}

function statusOfFingerprint(value: string | undefined): string | undefined {
	return value?.split('|')[1];
}

export function windowStart(state: FeedState, overlapMs: number): Date {
	return new Date(Date.parse(state.cursor) - overlapMs);
}

function eventsOf(deal: Deal, previous: string | undefined, since: number): Set<DealEvent> {
	const events = new Set<DealEvent>();
	const isNew =
		previous === undefined && deal.createdAt !== null && Date.parse(deal.createdAt) >= since;
	events.add(isNew ? 'new' : 'updated');
	const before = statusOfFingerprint(previous);
	const closedRecently = deal.closedAt !== null && Date.parse(deal.closedAt) >= since;
	const becameClosed = previous === undefined ? closedRecently : before !== deal.status;
	if (deal.status === 'won' && becameClosed) events.add('won');
	if (deal.status === 'lost' && becameClosed) events.add('lost');
	return events;
}

/**
 * `deals` are those updated at or after `windowStart(state)`. Returns the changes to emit (only the chosen
 * events) and the next state. Every change is recorded as seen, emitted or not, so switching events on later
 * does not replay history.
 */
export function detectChanges(
	deals: Deal[],
	state: FeedState,
	pollStartedAt: Date,
	overlapMs: number,
	wanted: DealEvent[],
): { changes: DealChange[]; state: FeedState } {
	const since = windowStart(state, overlapMs).getTime();
	const seen: Record<string, string> = {};
	for (const [id, value] of Object.entries(state.seen)) {
		const updatedAt = Date.parse(value.split('|')[0]);
		if (!Number.isNaN(updatedAt) && updatedAt >= pollStartedAt.getTime() - overlapMs)
			seen[id] = value;
	}
	const changes: DealChange[] = [];
	for (const deal of deals) {
		const print = fingerprint(deal);
		const previous = state.seen[deal.id];
		if (previous === print) continue;
		const events = eventsOf(deal, previous, since);
		const event = EVENT_PRIORITY.find((e) => events.has(e) && wanted.includes(e));
		if (event) changes.push({ deal, event });
		seen[deal.id] = print;
	}
	return { changes, state: { cursor: pollStartedAt.toISOString(), seen } };
}

/** The first activation records what is already there instead of replaying history into the workflow. */
export function initialState(deals: Deal[], pollStartedAt: Date): FeedState {
	const seen: Record<string, string> = {};
	for (const deal of deals) seen[deal.id] = fingerprint(deal);
	return { cursor: pollStartedAt.toISOString(), seen };
}

/**
 * "Deal Contacted": among the deals created inside the watch window, those whose first contact is now recorded and
 * was not reported before. A call or a note does not always change a deal's update time, so these deals are read on
 * every poll by creation date rather than found among the updated ones. Returns the changes and the new memory,
 * which forgets deals once they are older than the window.
 */
export function detectContacts(
	recent: Deal[],
	contacted: Record<string, string> | undefined,
	watchFrom: Date,
	report: boolean,
): { changes: DealChange[]; contacted: Record<string, string> } {
	const next: Record<string, string> = {};
	for (const [id, createdAt] of Object.entries(contacted ?? {})) {
		if (Date.parse(createdAt) >= watchFrom.getTime()) next[id] = createdAt;
	}
	const changes: DealChange[] = [];
	for (const deal of recent) {
		if (deal.firstContactAt === null || deal.createdAt === null || next[deal.id] !== undefined)
			continue;
		next[deal.id] = deal.createdAt;
		if (report) changes.push({ deal, event: 'contacted' });
	}
	return { changes, contacted: next };
}
