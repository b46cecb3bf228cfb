import type { Deal } from '../model/deal';
import type { CrmAdapter, CrmSession, DealQuery } from './types';

/**
 * First contact: when a person at the company first reached out to a deal or lead — the number speed to lead and the
 * SLA are built on. One definition on every CRM (docs/first-contact.md says where each CRM records it):
 *
 * - `humanTouch` (default when on): the earliest touch by a CRM user at or after the record was created — an
 *   outgoing call, a sent e-mail or chat message, a meeting held, or a note written by a person — leaving out what
 *   the CRM marks as automated (robots, integrations, system events). A touch by someone other than the owner
 *   counts: the lead was contacted.
 * - `stageChange`: the first move out of the pipeline's first stage, for teams whose process says "moving the deal
 *   on means we talked to them".
 *
 * Off by default: it costs requests, batched per CRM as far as each API allows (the formula is in each adapter and
 * in the option's description).
 */
export type FirstContactMode = 'off' | 'humanTouch' | 'stageChange';

export const FIRST_CONTACT_MODES: FirstContactMode[] = ['off', 'humanTouch', 'stageChange'];

/** One candidate touch as an adapter reads it from the CRM. */
export interface Touch {
	/** Epoch milliseconds. */
	at: number;
	/** False for what the CRM marks as automated (robot, integration, system event); those never count. */
	byPerson: boolean;
}

/**
 * The earliest touch by a person at or after `createdAt`, as ISO UTC, or null. Touches before creation are ignored
 * (a contact's older history, a deal created from an old chat), and so are automated ones.
 */
export function firstTouchAfter(createdAt: string | null, touches: Iterable<Touch>): string | null {
	const created = createdAt === null ? Number.NEGATIVE_INFINITY : Date.parse(createdAt);
	let first = Number.POSITIVE_INFINITY;
	for (const touch of touches) {
		if (!touch.byPerson || !Number.isFinite(touch.at) || touch.at < created) continue;
		if (touch.at < first) first = touch.at;
	}
	return Number.isFinite(first) ? new Date(first).toISOString() : null;
}

/**
 * Lists deals and, when the query asks for it, fills `firstContactAt` from the CRM. The one place both the node and
 * the trigger pull through, so first contact is read the same way everywhere.
 */
export async function pullDeals(
	adapter: CrmAdapter,
	session: CrmSession,
	query: DealQuery,
): Promise<Deal[]> {
	const deals = await adapter.listDeals(session, query);
	const mode = query.firstContact ?? 'off';
	if (mode === 'off' || deals.length === 0 || !adapter.readFirstContacts) return deals;
	const found = await adapter.readFirstContacts(session, deals, mode);
	for (const deal of deals) deal.firstContactAt = found.get(deal.id) ?? null;
	return deals;
}
