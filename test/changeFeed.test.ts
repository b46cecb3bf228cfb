import {
	detectChanges,
	detectContacts,
	initialState,
	windowStart,
} from '../nodes/shared/crm/changeFeed';
import type { FeedState } from '../nodes/shared/crm/changeFeed';
import { EMPTY_UTM } from '../nodes/shared/model/deal';
import type { Deal } from '../nodes/shared/model/deal';

const MIN = 60_000;
const t0 = Date.parse('2026-11-01T12:00:00Z');
const at = (minutes: number) => new Date(t0 + minutes * MIN).toISOString();

function deal(id: string, created: number, updated: number, status: Deal['status'] = 'open'): Deal {
	return {
		id,
		crm: 'demo',
		kind: 'deal',
		title: `Deal ${id}`,
		amount: 100,
		currency: 'USD',
		pipeline: null,
		stage: null,
		status,
		lostReason: null,
		source: null,
		utm: { ...EMPTY_UTM },
		owner: null,
		createdAt: at(created),
		updatedAt: at(updated),
		closedAt: status === 'open' ? null : at(updated),
		firstContactAt: null,
		url: null,
	};
}

const overlap = 10 * MIN;
const all = ['new', 'updated', 'won', 'lost'] as const;

describe('change feed for the polling trigger', () => {
	it('first activation records what exists and emits nothing', () => {
		const state = initialState([deal('1', -100, -5)], new Date(t0));
		expect(state).toEqual({ cursor: at(0), seen: { '1': `${at(-5)}|open` } });
	});

	it('classifies new, updated, won and lost deals, each once', () => {
		let state: FeedState = initialState([deal('1', -100, -5), deal('2', -200, -3)], new Date(t0));
		// Poll 2 at +5 min: window starts at -5 min; deal 1 unchanged (same fingerprint), 2 won, 3 created.
		const first = detectChanges(
			[deal('1', -100, -5), deal('2', -200, 2, 'won'), deal('3', 1, 1)],
			state,
			new Date(t0 + 5 * MIN),
			overlap,
			[...all],
		);
		expect(first.changes.map((c) => [c.deal.id, c.event])).toEqual([
			['2', 'won'],
			['3', 'new'],
		]);
		state = first.state;
		// Poll 3: the overlap re-reads deals 2 and 3 unchanged; deal 3 is updated, deal 1 lost.
		const second = detectChanges(
			[deal('1', -100, 8, 'lost'), deal('2', -200, 2, 'won'), deal('3', 1, 9)],
			state,
			new Date(t0 + 10 * MIN),
			overlap,
			[...all],
		);
		expect(second.changes.map((c) => [c.deal.id, c.event])).toEqual([
			['1', 'lost'],
			['3', 'updated'],
		]);
	});

	it('emits only the chosen events but remembers the others', () => {
		const state = initialState([], new Date(t0));
		const onlyWon = detectChanges(
			[deal('5', 1, 2), deal('6', -500, 3, 'won')],
			state,
			new Date(t0 + 5 * MIN),
			overlap,
			['won'],
		);
		expect(onlyWon.changes.map((c) => c.deal.id)).toEqual(['6']);
		expect(Object.keys(onlyWon.state.seen).sort()).toEqual(['5', '6']);
	});

	it('a win counts as an update for someone who only listens to updates', () => {
		const state = initialState([deal('7', -500, -2)], new Date(t0));
		const result = detectChanges(
			[deal('7', -500, 3, 'won')],
			state,
			new Date(t0 + 5 * MIN),
			overlap,
			['updated'],
		);
		expect(result.changes).toEqual([
			{ deal: expect.objectContaining({ id: '7' }), event: 'updated' },
		]);
	});

	it('forgets fingerprints older than the overlap window so static data stays small', () => {
		const state = initialState([deal('8', -500, -9)], new Date(t0));
		const result = detectChanges([], state, new Date(t0 + 60 * MIN), overlap, [...all]);
		expect(result.state.seen).toEqual({});
		expect(windowStart(result.state, overlap).toISOString()).toBe(at(50));
	});
});

describe('detectContacts ("Deal Contacted")', () => {
	const deal = (id: string, createdAt: string, firstContactAt: string | null) =>
		({ id, createdAt, firstContactAt }) as unknown as Deal;
	const watchFrom = new Date('2026-11-20T00:00:00Z');

	it('reports a first contact once, and not the ones already there when watching began', () => {
		const start = detectContacts(
			[
				deal('1', '2026-11-20T08:00:00Z', '2026-11-20T08:05:00Z'),
				deal('2', '2026-11-20T09:00:00Z', null),
			],
			{},
			watchFrom,
			false,
		);
		expect(start.changes).toEqual([]);
		expect(start.contacted).toEqual({ '1': '2026-11-20T08:00:00Z' });

		const later = detectContacts(
			[
				deal('1', '2026-11-20T08:00:00Z', '2026-11-20T08:05:00Z'),
				deal('2', '2026-11-20T09:00:00Z', '2026-11-20T09:40:00Z'),
			],
			start.contacted,
			watchFrom,
			true,
		);
		expect(later.changes.map((c) => [c.deal.id, c.event])).toEqual([['2', 'contacted']]);
		const again = detectContacts(
			[deal('2', '2026-11-20T09:00:00Z', '2026-11-20T09:40:00Z')],
			later.contacted,
			watchFrom,
			true,
		);
		expect(again.changes).toEqual([]);
	});

	it('forgets deals that left the watch window', () => {
		const { contacted } = detectContacts(
			[],
			{ old: '2026-11-19T23:59:59Z', kept: '2026-11-20T00:00:00Z' },
			watchFrom,
			true,
		);
		expect(contacted).toEqual({ kept: '2026-11-20T00:00:00Z' });
	});
});
