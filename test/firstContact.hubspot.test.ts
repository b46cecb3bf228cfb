import {
	ASSOCIATION_BATCH,
	HISTORY_BATCH,
	OBJECT_BATCH,
	firstStageChange,
} from '../nodes/shared/crm/hubspot/firstContact';
import type { Deal } from '../nodes/shared/model/deal';
import { PACKAGE, runWorkflow, singleNodeWorkflow } from './support/engine';
import { startHubSpotFake } from './support/fakes/hubspot';
import { startHostileProxy } from './support/hostile';

/**
 * First Contact on HubSpot through n8n's engine (CRM Sales Data → Deal → Get Many with the First Contact option)
 * against the fake, which plants the traps (docs/first-contact/hubspot.md) and knows the truth for every deal. The node
 * runs with the adapter's production pacing, so these pulls take seconds.
 */
type Fake = Awaited<ReturnType<typeof startHubSpotFake>>;
type Mode = 'humanTouch' | 'stageChange';

const TYPE = `${PACKAGE}.crmSalesData`;
const TOKEN = 'pat-first-contact';
const now = new Date('2026-11-20T10:00:00Z');
const cred = { hubSpotCrmApi: { id: 'h', name: 'HubSpot' } };
/** Account details, pipelines, active owners, archived owners, deal properties. */
const LOOKUPS = 5;
const SEARCH_PAGE = 200;
const TYPES = ['calls', 'emails', 'meetings', 'notes'] as const;
/** Production pacing (5/s) plus backoff of up to 30 s a retry: a run of refusals can take a while. */
const REFUSALS_TIMEOUT = 300_000;

async function pull(fake: Fake, firstContact?: Mode): Promise<Deal[]> {
	const result = await runWorkflow(
		singleNodeWorkflow(
			TYPE,
			{
				crm: 'hubspot',
				resource: 'deal',
				operation: 'getAll',
				returnAll: true,
				options: firstContact ? { firstContact } : {},
			},
			cred,
		),
		{ h: { accessToken: TOKEN, baseUrl: fake.url } },
	);
	expect(result.error).toBeUndefined();
	return result.output('Node') as unknown as Deal[];
}

const listed = (fake: Fake) => fake.data.deals.filter((d) => !d.archived);
const answered = (fake: Fake) => fake.stats.requests - fake.stats.rejected;
const ceil = (n: number, size: number) => Math.ceil(n / size);

/** The documented minimum for humanTouch: per type ⌈N/1,000⌉ association reads + ⌈E/100⌉ engagement reads. */
function humanTouchRequests(fake: Fake, pageSize = 500): number {
	const deals = listed(fake);
	let requests = 0;
	for (const type of TYPES) {
		const distinct = new Set<string>();
		let longest = 0;
		for (const deal of deals) {
			const ids = fake.data.engagementsOfDeal[type].get(deal.id) ?? [];
			for (const id of ids) distinct.add(id);
			longest = Math.max(longest, ids.length);
		}
		// Continuation rounds for deals whose list runs past one page (none at the default page size).
		let continuation = 0;
		for (let page = 1; page < ceil(longest, pageSize); page++) {
			const still = deals.filter(
				(d) => (fake.data.engagementsOfDeal[type].get(d.id) ?? []).length > page * pageSize,
			).length;
			continuation += ceil(still, ASSOCIATION_BATCH);
		}
		requests += ceil(deals.length, ASSOCIATION_BATCH) + continuation;
		if (distinct.size > 0) requests += ceil(distinct.size, OBJECT_BATCH);
	}
	return requests;
}

function expectTruth(fake: Fake, deals: Deal[], mode: Mode) {
	const truth = fake.data.firstContactTruth[mode] as Record<string, string | null>;
	expect(deals).toHaveLength(listed(fake).length);
	const wrong = deals.filter((d) => d.firstContactAt !== truth[d.id]);
	expect(wrong.map((d) => [d.id, d.firstContactAt, truth[d.id]])).toEqual([]);
}

describe('HubSpot First Contact through the CRM Sales Data node', () => {
	describe('a 400-deal portal', () => {
		let fake: Fake;
		beforeAll(async () => {
			fake = await startHubSpotFake({ count: 400, token: TOKEN, seed: 21, now });
		});
		afterAll(() => fake.close());
		beforeEach(() => fake.resetStats());

		it('First Human Touch: every deal gets the earliest person touch at/after creation, at the documented minimum of requests', async () => {
			const deals = await pull(fake, 'humanTouch');
			expectTruth(fake, deals, 'humanTouch');

			// The planted traps are there, and were ignored: a naive "earliest engagement" would get these wrong.
			const byId = new Map(deals.map((d) => [d.id, d]));
			const seen = { untouched: 0, earlierIgnored: 0, otherOwner: 0 };
			for (const raw of listed(fake)) {
				const deal = byId.get(raw.id)!;
				if (deal.firstContactAt === null) seen.untouched++;
				const created = Date.parse(raw.properties.createdate!);
				let earliest = Infinity;
				for (const type of TYPES) {
					for (const id of fake.data.engagementsOfDeal[type].get(raw.id) ?? []) {
						const p = fake.data.engagements[type].get(id)!.properties;
						const at = /^\d+$/.test(p.hs_timestamp!)
							? Number(p.hs_timestamp)
							: Date.parse(p.hs_timestamp!);
						earliest = Math.min(earliest, at);
						if (
							deal.firstContactAt !== null &&
							at === Date.parse(deal.firstContactAt) &&
							p.hubspot_owner_id !== raw.properties.hubspot_owner_id
						)
							seen.otherOwner++;
					}
				}
				if (
					Number.isFinite(earliest) &&
					earliest < (deal.firstContactAt ? Date.parse(deal.firstContactAt) : Infinity)
				)
					seen.earlierIgnored++;
				if (deal.firstContactAt !== null)
					expect(Date.parse(deal.firstContactAt)).toBeGreaterThanOrEqual(created);
			}
			expect(seen.untouched).toBeGreaterThan(10);
			expect(seen.earlierIgnored).toBeGreaterThan(50);
			expect(seen.otherOwner).toBeGreaterThan(20);

			// Formula: 5 look-ups + ⌈400/200⌉ pages + Σ types (⌈400/1,000⌉ + ⌈E_type/100⌉).
			expect(answered(fake)).toBe(LOOKUPS + ceil(400, SEARCH_PAGE) + humanTouchRequests(fake));
			expect(fake.stats.associationReads.every((r) => r.inputs <= ASSOCIATION_BATCH)).toBe(true);
			expect(fake.stats.batchReads.every((r) => r.inputs <= OBJECT_BATCH)).toBe(true);
			// Each engagement was read once, although some are shared by two deals.
			for (const type of TYPES) {
				const read = fake.stats.batchReads
					.filter((r) => r.type === type)
					.reduce((n, r) => n + r.inputs, 0);
				const distinct = new Set(
					listed(fake).flatMap((d) => fake.data.engagementsOfDeal[type].get(d.id) ?? []),
				);
				expect([type, read]).toEqual([type, distinct.size]);
			}
		});

		it('First Stage Change: the first dealstage change after creation for every deal, in ⌈N/50⌉ history reads', async () => {
			const deals = await pull(fake, 'stageChange');
			expectTruth(fake, deals, 'stageChange');
			expect(deals.filter((d) => d.firstContactAt === null).length).toBeGreaterThan(20);
			expect(deals.filter((d) => d.firstContactAt !== null).length).toBeGreaterThan(200);
			expect(answered(fake)).toBe(LOOKUPS + ceil(400, SEARCH_PAGE) + ceil(400, HISTORY_BATCH));
			expect(
				fake.stats.batchReads.every((r) => r.type === 'deals' && r.inputs <= HISTORY_BATCH),
			).toBe(true);
			expect(fake.stats.associationReads).toEqual([]);
		});

		it('with First Contact off, sends no association or batch read and leaves firstContactAt null', async () => {
			const deals = await pull(fake);
			expect(deals.every((d) => d.firstContactAt === null)).toBe(true);
			expect(fake.stats.associationReads).toEqual([]);
			expect(fake.stats.batchReads).toEqual([]);
			expect(answered(fake)).toBe(LOOKUPS + ceil(400, SEARCH_PAGE));
		});

		it('the slowest owner planted in the fake is the one whose deals wait longest for a first touch', async () => {
			const deals = await pull(fake, 'humanTouch');
			const delays = new Map<string, number[]>();
			for (const deal of deals) {
				if (!deal.owner || deal.firstContactAt === null || deal.createdAt === null) continue;
				const list = delays.get(deal.owner.id) ?? [];
				list.push(Date.parse(deal.firstContactAt) - Date.parse(deal.createdAt));
				delays.set(deal.owner.id, list);
			}
			const median = (list: number[]) => list.sort((a, b) => a - b)[list.length >> 1];
			const slowest = [...delays].sort((a, b) => median(b[1]) - median(a[1]))[0][0];
			expect(slowest).toBe(fake.data.slowestOwnerId);
		});
	});

	it('follows associations past one page per deal and still reads each engagement once', async () => {
		const fake = await startHubSpotFake({
			count: 60,
			token: TOKEN,
			seed: 5,
			now,
			associationPageSize: 1,
		});
		try {
			const deals = await pull(fake, 'humanTouch');
			expectTruth(fake, deals, 'humanTouch');
			const expected = LOOKUPS + 1 + humanTouchRequests(fake, 1);
			expect(expected).toBeGreaterThan(LOOKUPS + 1 + humanTouchRequests(fake));
			expect(answered(fake)).toBe(expected);
		} finally {
			await fake.close();
		}
	});

	describe('a 2,000-deal portal refusing 20% of requests (429, 500, 502, 503)', () => {
		let fake: Fake;
		beforeAll(async () => {
			fake = await startHubSpotFake({ count: 2000, token: TOKEN, seed: 8, now, failureRate: 0.2 });
		});
		afterAll(() => fake.close());
		beforeEach(() => fake.resetStats());

		it(
			'First Human Touch is exact for every deal, each refused read retried, answered requests at the formula',
			async () => {
				const deals = await pull(fake, 'humanTouch');
				expectTruth(fake, deals, 'humanTouch');
				expect(fake.stats.injectedFailures).toBeGreaterThan(5);
				expect(answered(fake)).toBe(LOOKUPS + ceil(2000, SEARCH_PAGE) + humanTouchRequests(fake));
			},
			REFUSALS_TIMEOUT,
		);

		it(
			'First Stage Change is exact for every deal under the same refusals',
			async () => {
				const deals = await pull(fake, 'stageChange');
				expectTruth(fake, deals, 'stageChange');
				expect(fake.stats.injectedFailures).toBeGreaterThan(5);
				expect(answered(fake)).toBe(LOOKUPS + ceil(2000, SEARCH_PAGE) + ceil(2000, HISTORY_BATCH));
			},
			REFUSALS_TIMEOUT,
		);
	});
});

describe('firstStageChange', () => {
	it('is the first change of value after the first entry, in time order, whatever order HubSpot lists them in', () => {
		const h = (value: string, timestamp: string) => ({ value, timestamp });
		expect(
			firstStageChange(
				[
					h('closedwon', '2026-03-05T00:00:00Z'),
					h('qualifiedtobuy', '2026-03-02T00:00:00Z'),
					h('appointmentscheduled', '2026-03-01T10:00:00Z'),
					h('appointmentscheduled', '2026-03-01T00:00:00Z'),
				],
				'1',
			),
		).toBe(Date.parse('2026-03-02T00:00:00Z'));
		expect(firstStageChange([h('appointmentscheduled', '2026-03-01T00:00:00Z')], '1')).toBeNull();
		expect(firstStageChange(undefined, '1')).toBeNull();
		expect(() => firstStageChange('abc', '1')).toThrow();
	});
});

describe('HubSpot First Contact: a batch answer with errors other than "not found"', () => {
	let fake: Fake;
	let proxy: { url: string; close: () => Promise<void> };
	beforeAll(async () => {
		fake = await startHubSpotFake({ count: 60, token: TOKEN, seed: 'fc-errors', now });
		// The calls' association read answers 207 with one error of another category than OBJECT_NOT_FOUND for every
		// batch: read as "no associations" it would end the pull as a success with touches missing.
		proxy = await startHostileProxy({
			upstream: fake.url,
			plan: [
				{
					match: (req: { path: string }) =>
						req.path === '/crm/v4/associations/deals/calls/batch/read',
					fault: 'mutateJson',
					mutate: (json: { errors?: unknown[] }) => ({
						...json,
						errors: [
							...(json.errors ?? []),
							{ status: 'error', category: 'VALIDATION_ERROR', message: 'Invalid input' },
						],
					}),
				},
			],
		});
	});
	afterAll(async () => {
		await proxy.close();
		await fake.close();
	});

	it('fails the pull naming HubSpot instead of leaving those deals without a first contact', async () => {
		const result = await runWorkflow(
			singleNodeWorkflow(
				TYPE,
				{
					crm: 'hubspot',
					resource: 'deal',
					operation: 'getAll',
					returnAll: true,
					options: { firstContact: 'humanTouch' },
				},
				cred,
			),
			{ h: { accessToken: TOKEN, baseUrl: proxy.url } },
		);
		expect(result.error?.message).toMatch(/^HubSpot sent something that is not an API answer/);
		expect(JSON.stringify(result.error)).toMatch(/errors\.\d+\.category/);
	});
});
