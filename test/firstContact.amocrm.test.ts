import { sleep } from 'n8n-workflow';

import { amoCrmAdapter } from '../nodes/shared/crm/amocrm/adapter';
import {
	AMO_EVENT_IDS_PER_REQUEST,
	AMO_EVENTS_PAGE_SIZE,
	AMO_STAGE_CHANGE_EVENT_TYPE,
	AMO_TOUCH_EVENT_TYPES,
} from '../nodes/shared/crm/amocrm/firstContact';
import { pullDeals } from '../nodes/shared/crm/firstContact';
import { dealQuery } from '../nodes/shared/crm/types';
import type { CrmSession } from '../nodes/shared/crm/types';
import { CrmHttpClient } from '../nodes/shared/transport/crmHttpClient';
import type { Deal } from '../nodes/shared/model/deal';
import { PACKAGE, runWorkflow, singleNodeWorkflow } from './support/engine';
import { startAmoCrmFake } from './support/fakes/amocrm';
import { axiosSend } from './support/httpSend';

type Fake = Awaited<ReturnType<typeof startAmoCrmFake>>;
interface WireEvent {
	id: string;
	type: string;
	entity_id: number;
	created_by: number;
	created_at: number;
}
interface WireLead {
	id: number;
	created_at: number;
	responsible_user_id: number;
}

const TYPE = `${PACKAGE}.crmSalesData`;
const TOKEN = 'amo-first-contact-token';
const now = new Date('2026-11-20T10:00:00Z');
const EVENTS = '/api/v4/events';
const TOUCH_TYPES: readonly string[] = AMO_TOUCH_EVENT_TYPES;

function credentials(fake: Fake) {
	return {
		a: { subdomain: 'example', domain: 'amocrm.ru', accessToken: TOKEN, baseUrl: fake.url },
	};
}

function getMany(options: Record<string, unknown> = {}) {
	return singleNodeWorkflow(
		TYPE,
		{ crm: 'amocrm', resource: 'deal', operation: 'getAll', returnAll: true, options },
		{ amoCrmApi: { id: 'a', name: 'amoCRM' } },
	);
}

function leadsOf(fake: Fake): WireLead[] {
	return fake.data.leads as WireLead[];
}

function eventsOf(fake: Fake, leadId: number): WireEvent[] {
	return (fake.data.eventsByLead.get(leadId) ?? []) as WireEvent[];
}

/**
 * The stated formula, computed from the fake's data independently of the adapter: per batch of 10 lead ids (in the
 * order the deals come), ⌊E_b / 100⌋ + 1 requests, E_b = the batch's events of the read types since its earliest
 * creation.
 */
function expectedEventRequests(fake: Fake, dealIds: string[], types: readonly string[]): number {
	const byId = new Map(leadsOf(fake).map((lead) => [String(lead.id), lead]));
	let requests = 0;
	for (let start = 0; start < dealIds.length; start += AMO_EVENT_IDS_PER_REQUEST) {
		const batch = dealIds
			.slice(start, start + AMO_EVENT_IDS_PER_REQUEST)
			.map((id) => byId.get(id)!);
		const since = Math.min(...batch.map((lead) => lead.created_at));
		const count = batch
			.flatMap((lead) => eventsOf(fake, lead.id))
			.filter((event) => types.includes(event.type) && event.created_at >= since).length;
		requests += Math.floor(count / AMO_EVENTS_PAGE_SIZE) + 1;
	}
	return requests;
}

function iso(unixSeconds: number): string {
	return new Date(unixSeconds * 1000).toISOString();
}

describe('amoCRM First Contact through the CRM Sales Data node (real engine, fake amoCRM)', () => {
	let fake: Fake;
	let human: Deal[];
	let humanEventRequests: number;
	let stage: Deal[] = [];

	beforeAll(async () => {
		fake = await startAmoCrmFake({ count: 240, token: TOKEN, seed: 21, now, ratePerSecond: 50 });
		fake.resetStats();
		const result = await runWorkflow(getMany({ firstContact: 'humanTouch' }), credentials(fake));
		expect(result.error).toBeUndefined();
		human = result.output('Node') as unknown as Deal[];
		humanEventRequests = fake.stats.byRoute[EVENTS] ?? 0;
	});
	afterAll(() => fake.close());

	it('First Human Touch equals the planted truth for every deal, to the second', () => {
		expect(human).toHaveLength(leadsOf(fake).length);
		const truth = fake.data.firstContactTruth.humanTouch;
		expect(Object.fromEntries(human.map((deal) => [deal.id, deal.firstContactAt]))).toEqual(truth);
		// Both kinds of answer are present, so the equality above can fail either way.
		expect(Object.values(truth).filter((value) => value === null).length).toBeGreaterThan(10);
		expect(Object.values(truth).filter((value) => value !== null).length).toBeGreaterThan(150);
	});

	it('ignores automated events, touches before creation and incoming calls', () => {
		const byId = new Map(human.map((deal) => [deal.id, deal]));
		const tally = { robot: 0, beforeCreation: 0, incoming: 0 };
		for (const lead of leadsOf(fake)) {
			const events = eventsOf(fake, lead.id);
			// The answer a reader would give that took every touch-like event at face value.
			const naive = events
				.filter((e) => TOUCH_TYPES.includes(e.type) || e.type === 'incoming_call')
				.reduce((min, e) => Math.min(min, e.created_at), Infinity);
			if (!Number.isFinite(naive)) continue;
			const earliest = events.find(
				(e) =>
					e.created_at === naive && (TOUCH_TYPES.includes(e.type) || e.type === 'incoming_call'),
			)!;
			const got = byId.get(String(lead.id))!.firstContactAt;
			if (earliest.created_by === 0) {
				tally.robot++;
				expect(got).not.toBe(iso(naive));
			} else if (naive < lead.created_at) {
				tally.beforeCreation++;
				expect(got === null || Date.parse(got) >= lead.created_at * 1000).toBe(true);
			} else if (earliest.type === 'incoming_call') {
				tally.incoming++;
				expect(got).not.toBe(iso(naive));
			}
		}
		expect(tally.robot).toBeGreaterThan(10);
		expect(tally.beforeCreation).toBeGreaterThan(5);
		expect(tally.incoming).toBeGreaterThan(3);
	});

	it('leaves never-touched deals null and counts touches by another user than the owner', () => {
		let untouched = 0;
		let byOther = 0;
		const byId = new Map(human.map((deal) => [deal.id, deal]));
		for (const lead of leadsOf(fake)) {
			const deal = byId.get(String(lead.id))!;
			const person = eventsOf(fake, lead.id).filter(
				(e) =>
					TOUCH_TYPES.includes(e.type) && e.created_by !== 0 && e.created_at >= lead.created_at,
			);
			if (person.length === 0) {
				untouched++;
				expect(deal.firstContactAt).toBeNull();
				continue;
			}
			const first = person.reduce((a, b) => (b.created_at < a.created_at ? b : a));
			if (first.created_by !== lead.responsible_user_id) {
				byOther++;
				expect(deal.firstContactAt).toBe(iso(first.created_at));
			}
		}
		expect(untouched).toBeGreaterThan(10);
		expect(byOther).toBeGreaterThan(10);
	});

	it('costs ⌈N / 10⌉ event requests here, as the formula says', () => {
		const ids = human.map((deal) => deal.id);
		expect(humanEventRequests).toBe(expectedEventRequests(fake, ids, AMO_TOUCH_EVENT_TYPES));
		// No batch of 10 leads has 100 touch events in this data, so the formula is the usual ⌈N / 10⌉.
		expect(humanEventRequests).toBe(Math.ceil(ids.length / AMO_EVENT_IDS_PER_REQUEST));
		expect(fake.stats.rejected).toBe(0);
	});

	it('finds the planted slowest owner from the output', () => {
		const delays = new Map<string, number[]>();
		for (const deal of human) {
			if (!deal.firstContactAt || !deal.owner || !deal.createdAt) continue;
			const list = delays.get(deal.owner.id) ?? [];
			list.push(Date.parse(deal.firstContactAt) - Date.parse(deal.createdAt));
			delays.set(deal.owner.id, list);
		}
		const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
		const ranked = [...delays.entries()].sort((a, b) => median(b[1]) - median(a[1]));
		expect(ranked.length).toBeGreaterThan(2);
		expect(ranked[0][0]).toBe(fake.data.slowestOwnerId);
		expect(median(ranked[0][1])).toBeGreaterThan(5 * median(ranked[1][1]));
	});

	it('First Stage Change equals the planted truth for every deal, for the formula + 1 pipelines request', async () => {
		fake.resetStats();
		const result = await runWorkflow(getMany({ firstContact: 'stageChange' }), credentials(fake));
		expect(result.error).toBeUndefined();
		const deals = result.output('Node') as unknown as Deal[];
		stage = deals;
		const truth = fake.data.firstContactTruth.stageChange;
		expect(Object.fromEntries(deals.map((deal) => [deal.id, deal.firstContactAt]))).toEqual(truth);
		expect(Object.values(truth).filter((value) => value === null).length).toBeGreaterThan(10);
		expect(Object.values(truth).filter((value) => value !== null).length).toBeGreaterThan(100);
		// Stage changes and touches differ in this data, so the equality above shows the mode switched what is read.
		expect(
			deals.filter((d) => fake.data.firstContactTruth.humanTouch[d.id] !== truth[d.id]).length,
		).toBeGreaterThan(100);
		const ids = deals.map((deal) => deal.id);
		expect(fake.stats.byRoute[EVENTS]).toBe(
			expectedEventRequests(fake, ids, [AMO_STAGE_CHANGE_EVENT_TYPE]),
		);
		// One for the lookups of the list, one for the entry stages.
		expect(fake.stats.byRoute['/api/v4/leads/pipelines']).toBe(2);
	});

	it('ignores robot stage changes and moves that stay among the entry stages', () => {
		const byId = new Map(stage.map((deal) => [deal.id, deal]));
		// The lead's first regular stage, where accepting it out of "Неразобранное" puts it.
		const firstRegular = new Set(
			(
				fake.data.pipelines as Array<{
					_embedded: { statuses: Array<{ id: number; sort: number; type: number }> };
				}>
			).map(
				(p) =>
					p._embedded.statuses
						.filter((s) => s.type !== 1 && s.id !== 142 && s.id !== 143)
						.sort((a, b) => a.sort - b.sort)[0].id,
			),
		);
		let robotOnly = 0;
		let personAccept = 0;
		for (const lead of leadsOf(fake)) {
			const moves = eventsOf(fake, lead.id).filter((e) => e.type === AMO_STAGE_CHANGE_EVENT_TYPE);
			const got = byId.get(String(lead.id))!.firstContactAt;
			if (moves.length > 0 && moves.every((e) => e.created_by === 0)) {
				robotOnly++;
				expect(got).toBeNull();
			}
			const byPerson = moves
				.filter((e) => e.created_by !== 0)
				.sort((a, b) => a.created_at - b.created_at);
			const first = byPerson[0] as
				| (WireEvent & { value_after: Array<{ lead_status: { id: number } }> })
				| undefined;
			if (first && firstRegular.has(first.value_after[0].lead_status.id)) {
				// A manager accepting the lead: the earliest person's move, but not a move on.
				personAccept++;
				expect(got).not.toBe(iso(first.created_at));
			}
		}
		expect(robotOnly).toBeGreaterThan(10);
		expect(personAccept).toBeGreaterThan(10);
	});

	it('makes no events request with First Contact off', async () => {
		fake.resetStats();
		for (const options of [{}, { firstContact: 'off' }]) {
			const result = await runWorkflow(getMany(options), credentials(fake));
			expect(result.error).toBeUndefined();
			const deals = result.output('Node') as unknown as Deal[];
			expect(deals).toHaveLength(leadsOf(fake).length);
			expect(deals.every((deal) => deal.firstContactAt === null)).toBe(true);
		}
		expect(fake.stats.byRoute['/api/v4/leads']).toBeGreaterThan(0);
		expect(fake.stats.byRoute[EVENTS]).toBeUndefined();
	});
});

describe('amoCRM First Contact for 2,000 deals while 20 % of requests are refused', () => {
	let fake: Fake;
	// Fake and client scaled up together (×100) as in amocrm.test.ts, so the production path (pacing, 429/502 →
	// backoff → the same page again) runs in seconds.
	const scaledPolicy = {
		perSecond: 700,
		burst: 7,
		maxRetries: 12,
		baseBackoffMs: 5,
		maxBackoffMs: 200,
	};
	beforeAll(async () => {
		fake = await startAmoCrmFake({
			count: 2_000,
			token: TOKEN,
			seed: 5,
			now,
			ratePerSecond: 700,
			failureRate: 0.2,
		});
	});
	afterAll(() => fake.close());

	it.each(['humanTouch', 'stageChange'] as const)(
		'%s is still exact for every deal',
		async (mode) => {
			fake.resetStats();
			const http = new CrmHttpClient(axiosSend(fake.url, { Authorization: `Bearer ${TOKEN}` }), {
				policy: scaledPolicy,
				sleep,
			});
			const session: CrmSession = { http, baseUrl: fake.url, uiUrl: fake.url, language: 'en', now };
			const deals = await pullDeals(amoCrmAdapter, session, dealQuery({ firstContact: mode }));
			expect(deals).toHaveLength(2_000);
			expect(Object.fromEntries(deals.map((deal) => [deal.id, deal.firstContactAt]))).toEqual(
				fake.data.firstContactTruth[mode],
			);
			expect(fake.stats.rejected).toBeGreaterThan(20);
			// Every refused request was sent again, nothing else: the answered event requests are the formula.
			expect(http.stats.retries).toBe(fake.stats.rejected);
			const types = mode === 'stageChange' ? [AMO_STAGE_CHANGE_EVENT_TYPE] : AMO_TOUCH_EVENT_TYPES;
			const answered = expectedEventRequests(
				fake,
				deals.map((deal) => deal.id),
				types,
			);
			expect(fake.stats.byRoute[EVENTS]).toBeGreaterThan(answered);
			expect(fake.stats.byRoute[EVENTS]).toBeLessThanOrEqual(answered + fake.stats.rejected);
		},
	);
});
