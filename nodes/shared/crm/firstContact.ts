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

/**
 * `pullDeals`, page by page: each page of deals (first contact filled in, when asked for) is handed to `onPage` as
 * soon as it is read, and dropped after — so a pull of a million deals holds one page of them, never the list.
 * Same adapters, same exactly-once dedupe and the same loud failures as `pullDeals` (a pull either hands out every
 * record once or throws). First contact is read per page (the adapters batch within a page as they do over a list).
 * Returns how many deals were handed out.
 */
export async function streamDeals(
	adapter: CrmAdapter,
	session: CrmSession,
	query: DealQuery,
	onPage: (deals: Deal[]) => void | Promise<void>,
): Promise<number> {
	const mode = query.firstContact ?? 'off';
	let count = 0;
	const rest = await adapter.listDeals(session, {
		...query,
		onDeals: async (deals) => {
			if (deals.length === 0) return;
			if (mode !== 'off' && adapter.readFirstContacts) {
				const found = await adapter.readFirstContacts(session, deals, mode);
				for (const deal of deals) deal.firstContactAt = found.get(deal.id) ?? null;
			}
			count += deals.length;
			await onPage(deals);
		},
	});
	// An adapter that does not stream (none today) still hands out its records: as one page.
	if (rest.length > 0) {
		if (mode !== 'off' && adapter.readFirstContacts) {
			const found = await adapter.readFirstContacts(session, rest, mode);
			for (const deal of rest) deal.firstContactAt = found.get(deal.id) ?? null;
		}
		count += rest.length;
		await onPage(rest);
	}
	return count;
}
