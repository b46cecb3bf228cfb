import type { Deal, Utm } from '../../nodes/shared/model/deal';

let nextId = 1;

export interface DealSpec extends Partial<Omit<Deal, 'utm' | 'owner'>> {
	utm?: Partial<Utm> | null;
	/** Shorthand for `owner: { id, name }`. */
	ownerId?: string | null;
	ownerName?: string | null;
}

/** A normalized deal with sensible nulls; tests set only the fields they are about. */
export function deal(spec: DealSpec = {}): Deal {
	const { utm, ownerId, ownerName, ...rest } = spec;
	const id = String(nextId++);
	return {
		id,
		crm: 'demo',
		kind: 'deal',
		title: null,
		amount: null,
		currency: null,
		pipeline: null,
		stage: null,
		status: 'open',
		lostReason: null,
		source: null,
		utm: {
			source: null,
			medium: null,
			campaign: null,
			content: null,
			term: null,
			...(utm ?? {}),
		},
		owner:
			ownerId === undefined || ownerId === null ? null : { id: ownerId, name: ownerName ?? null },
		createdAt: '2026-11-01T00:00:00.000Z',
		updatedAt: null,
		closedAt: null,
		firstContactAt: null,
		url: null,
		...rest,
	};
}

/** ISO instant `minutes` after `base`. */
export function plusMinutes(base: string, minutes: number): string {
	return new Date(Date.parse(base) + minutes * 60_000).toISOString();
}

export const NOW = new Date('2026-11-27T10:00:00Z');

/** The campaign name every escaping test uses: markup, an ampersand and quotes. */
export const NASTY = '<b>x</b> & "y"';
