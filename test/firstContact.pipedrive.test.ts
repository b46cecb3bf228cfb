import { sleep } from 'n8n-workflow';

import { pullDeals } from '../nodes/shared/crm/firstContact';
import { pipedriveAdapter } from '../nodes/shared/crm/pipedrive/adapter';
import { dealQuery } from '../nodes/shared/crm/types';
import type { CrmSession } from '../nodes/shared/crm/types';
import type { Deal } from '../nodes/shared/model/deal';
import { CrmHttpClient } from '../nodes/shared/transport/crmHttpClient';
import { PACKAGE, runWorkflow, singleNodeWorkflow } from './support/engine';
import { startPipedriveFake } from './support/fakes/pipedrive';
import { axiosSend } from './support/httpSend';

/**
 * First contact on Pipedrive (docs/first-contact/pipedrive.md) through the CRM Sales Data node on n8n's engine,
 * against the fake's planted activities and changelogs: every record's firstContactAt must equal the planted truth,
 * and the requests must be the documented formula.
 */
type Fake = Awaited<ReturnType<typeof startPipedriveFake>>;
type Mode = 'humanTouch' | 'stageChange';
type Truth = Record<Mode, Record<string, string | null>>;
interface Activity {
	id: number;
	done: boolean;
	is_deleted: boolean;
	type: string;
	deal_id: number | null;
	lead_id: string | null;
	update_time: string;
	add_time: string;
	creator_user_id: number;
	owner_id: number;
	due_date: string | null;
	due_time: string | null;
	marked_as_done_time: string | null;
}
interface Change {
	field_key: string;
	change_source: string;
	time: string;
}

const TYPE = `${PACKAGE}.crmSalesData`;
const TOKEN = 'pd-first-contact';
const now = new Date('2026-11-20T10:00:00Z');
const PAGE = 500;
/** Users, pipelines, stages, deal fields: one request each. */
const LOOKUPS = 4;
const cred = { pipedriveCrmApi: { id: 'p', name: 'Pipedrive' } };

const truthOf = (fake: Fake) => fake.data.firstContactTruth as unknown as Truth;
const activitiesOf = (fake: Fake) => fake.data.activities as unknown as Activity[];
const changelogsOf = (fake: Fake) => fake.data.changelogs as unknown as Record<string, Change[]>;
const listedDeals = (fake: Fake) => fake.data.deals.filter((d) => !d.is_archived);
const listedLeads = (fake: Fake) => fake.data.leads.filter((l) => !l.is_archived);
const pages = (n: number) => Math.max(1, Math.ceil(n / PAGE));

/** The formula's A: done activities updated at or after the oldest listed record's creation. */
function doneActivitiesSince(fake: Fake, records: Array<{ add_time: string }>): number {
	const oldest = Math.min(...records.map((r) => Date.parse(r.add_time)));
	return activitiesOf(fake).filter(
		(a) => a.done && !a.is_deleted && Date.parse(a.update_time) >= oldest,
	).length;
}

async function getMany(
	fake: Fake,
	resource: 'deal' | 'lead',
	firstContact: Mode | 'off',
): Promise<Deal[]> {
	const result = await runWorkflow(
		singleNodeWorkflow(
			TYPE,
			{
				crm: 'pipedrive',
				resource,
				operation: 'getAll',
				returnAll: true,
				options: { firstContact },
			},
			cred,
		),
		{ p: { apiToken: TOKEN, companyDomain: 'example', baseUrl: fake.url } },
	);
	expect(result.error).toBeUndefined();
	return result.output('Node') as unknown as Deal[];
}

function expectTruth(fake: Fake, records: Deal[], mode: Mode, expected: number) {
	const truth = truthOf(fake)[mode];
	expect(records).toHaveLength(expected);
	const wrong = records.filter((r) => r.firstContactAt !== truth[r.id]);
	expect(wrong.map((r) => [r.id, r.firstContactAt, truth[r.id]])).toEqual([]);
}

describe('Pipedrive first contact through the CRM Sales Data node', () => {
	let fake: Fake;
	beforeAll(async () => {
		fake = await startPipedriveFake({ count: 700, leads: 120, token: TOKEN, seed: 8, now });
	});
	afterAll(() => fake.close());
	beforeEach(() => fake.resetStats());

	it('first human touch: equals the planted truth on every deal, in ⌈A/500⌉ activity requests', async () => {
		const deals = await getMany(fake, 'deal', 'humanTouch');
		expectTruth(fake, deals, 'humanTouch', listedDeals(fake).length);
		const A = doneActivitiesSince(fake, listedDeals(fake));
		expect(fake.stats.byRoute['/api/v2/activities']).toBe(pages(A));
		expect(fake.stats.requests).toBe(LOOKUPS + pages(listedDeals(fake).length) + pages(A));
		expect(fake.stats.rejected).toBe(0);
	});

	it('first human touch on leads: the same one listing, by `lead_id`', async () => {
		const leads = await getMany(fake, 'lead', 'humanTouch');
		expectTruth(fake, leads, 'humanTouch', listedLeads(fake).length);
		const A = doneActivitiesSince(fake, listedLeads(fake));
		expect(fake.stats.byRoute['/api/v2/activities']).toBe(pages(A));
		expect(fake.stats.byRoute['/v1/leads']).toBe(pages(listedLeads(fake).length));
	});

	it('ignores touches before creation and automated ones, counts colleagues, leaves untouched records null', async () => {
		const deals = await getMany(fake, 'deal', 'humanTouch');
		const byId = new Map(deals.map((d) => [d.id, d]));
		const linked = new Map<string, Activity[]>();
		for (const a of activitiesOf(fake))
			if (a.deal_id !== null) {
				const list = linked.get(String(a.deal_id)) ?? [];
				list.push(a);
				linked.set(String(a.deal_id), list);
			}
		const touchAt = (a: Activity) => {
			const done = a.marked_as_done_time ? Date.parse(a.marked_as_done_time) : NaN;
			if (!a.due_date || !a.due_time) return done;
			return Math.min(Date.parse(`${a.due_date}T${a.due_time}:00Z`), done);
		};
		const seen = { preCreation: 0, automated: 0, untouched: 0, colleague: 0, scheduledOnly: 0 };
		for (const raw of listedDeals(fake)) {
			const deal = byId.get(String(raw.id)) as Deal;
			const created = Date.parse(raw.add_time);
			const mine = linked.get(String(raw.id)) ?? [];
			const contact = deal.firstContactAt === null ? null : Date.parse(deal.firstContactAt);
			// Nothing counted lies before creation, whatever was logged earlier.
			if (contact !== null) expect(contact).toBeGreaterThanOrEqual(created);
			if (mine.some((a) => a.done && touchAt(a) < created)) seen.preCreation++;
			// Auto-completed tasks come seconds after creation, before any person: never the first contact.
			for (const task of mine.filter((a) => a.done && a.type === 'task')) {
				seen.automated++;
				if (contact !== null) expect(contact).toBeGreaterThan(touchAt(task));
			}
			// Automations' follow-ups are scheduled, never done: they alone leave the record untouched.
			const done = mine.filter((a) => a.done && a.type !== 'task' && touchAt(a) >= created);
			if (done.length === 0) {
				expect(deal.firstContactAt).toBeNull();
				seen.untouched++;
				if (mine.some((a) => !a.done)) seen.scheduledOnly++;
				continue;
			}
			const first = done.reduce((a, b) => (touchAt(b) < touchAt(a) ? b : a));
			expect(contact).toBe(touchAt(first));
			if (first.owner_id !== raw.owner_id) seen.colleague++;
		}
		expect(seen.preCreation).toBeGreaterThan(10);
		expect(seen.automated).toBeGreaterThan(100);
		expect(seen.untouched).toBeGreaterThan(10);
		expect(seen.scheduledOnly).toBeGreaterThan(5);
		expect(seen.colleague).toBeGreaterThan(10);
	});

	it('finds the planted slowest owner from firstContactAt alone', async () => {
		const deals = await getMany(fake, 'deal', 'humanTouch');
		const lags = new Map<string, number[]>();
		for (const d of deals) {
			if (d.firstContactAt === null || d.createdAt === null || !d.owner) continue;
			const list = lags.get(d.owner.id) ?? [];
			list.push(Date.parse(d.firstContactAt) - Date.parse(d.createdAt));
			lags.set(d.owner.id, list);
		}
		const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
		const ranked = [...lags].sort((a, b) => median(b[1]) - median(a[1]));
		expect(ranked[0][0]).toBe(String(fake.data.slowestOwnerId));
		expect(median(ranked[0][1])).toBeGreaterThan(5 * median(ranked[1][1]));
	});

	it('with First Contact off asks for no activity or changelog', async () => {
		const deals = await getMany(fake, 'deal', 'off');
		expect(deals.every((d) => d.firstContactAt === null)).toBe(true);
		expect(Object.keys(fake.stats.byRoute).filter((r) => /activities|changelog/.test(r))).toEqual(
			[],
		);
		expect(fake.stats.requests).toBe(LOOKUPS + pages(listedDeals(fake).length));
	});
});

describe('Pipedrive first stage change through the node', () => {
	let fake: Fake;
	beforeAll(async () => {
		fake = await startPipedriveFake({ count: 40, leads: 10, token: TOKEN, seed: 5, now });
	});
	afterAll(() => fake.close());
	beforeEach(() => fake.resetStats());

	it('equals the planted truth on every deal, one changelog request per deal', async () => {
		const deals = await getMany(fake, 'deal', 'stageChange');
		expectTruth(fake, deals, 'stageChange', listedDeals(fake).length);
		const changelogs = changelogsOf(fake);
		const expected = listedDeals(fake).reduce(
			(sum, d) => sum + pages(changelogs[String(d.id)].length),
			0,
		);
		expect(fake.stats.byRoute['/v1/deals/{id}/changelog']).toBe(expected);
		expect(expected).toBe(listedDeals(fake).length);
		expect(fake.stats.requests).toBe(LOOKUPS + 1 + expected);
		// Moves by integrations and automations come seconds after creation: never the first stage change.
		const byId = new Map(deals.map((d) => [d.id, d]));
		let bounced = 0;
		for (const raw of listedDeals(fake))
			for (const c of changelogs[String(raw.id)])
				if (c.field_key === 'stage_id' && !['app', 'mobile'].includes(c.change_source)) {
					bounced++;
					expect(byId.get(String(raw.id))?.firstContactAt).not.toBe(
						new Date(c.time.replace(' ', 'T') + 'Z').toISOString(),
					);
				}
		expect(bounced).toBeGreaterThan(0);
		// The fake plants both kinds: deals that moved, and deals that never left (or never were in) the first stage.
		expect(deals.some((d) => d.firstContactAt !== null)).toBe(true);
		expect(deals.some((d) => d.firstContactAt === null)).toBe(true);
	});

	it('leads have no stages: null, and no request for them', async () => {
		const leads = await getMany(fake, 'lead', 'stageChange');
		expect(leads.length).toBeGreaterThan(0);
		expect(leads.every((l) => l.firstContactAt === null)).toBe(true);
		expect(fake.stats.byRoute['/v1/deals/{id}/changelog']).toBeUndefined();
	});
});

describe('Pipedrive first contact with 2,000 deals and 20 % of requests refused', () => {
	let fake: Fake;
	beforeAll(async () => {
		fake = await startPipedriveFake({
			count: 2_000,
			leads: 10,
			token: TOKEN,
			seed: 13,
			now,
			failureRate: 0.2,
		});
	});
	afterAll(() => fake.close());
	beforeEach(() => fake.resetStats());

	it('through the node, humanTouch is still exact and the successful requests are the formula', async () => {
		const deals = await getMany(fake, 'deal', 'humanTouch');
		expectTruth(fake, deals, 'humanTouch', 2_000);
		expect(fake.stats.injectedFailures).toBeGreaterThan(0);
		const A = doneActivitiesSince(fake, listedDeals(fake));
		expect(fake.stats.requests - fake.stats.rejected).toBe(LOOKUPS + pages(2_000) + pages(A));
	}, 120_000);

	it('stageChange (2,000 changelogs) is exact too; the client paced 20× faster against a 20× shorter window', async () => {
		// 2,000 changelog requests at Pipedrive's 10/s would take minutes: the fake's burst window and the client's rate
		// are scaled alike, as in pipedrive.test.ts. Same pull path as the node (pullDeals).
		const SCALE = 20;
		const scaled = await startPipedriveFake({
			count: 2_000,
			leads: 10,
			token: TOKEN,
			seed: 13,
			now,
			failureRate: 0.2,
			burst: 20,
			windowMs: 2000 / SCALE,
		});
		try {
			const http = new CrmHttpClient(axiosSend(scaled.url, { 'x-api-token': TOKEN }), {
				policy: {
					...pipedriveAdapter.ratePolicy,
					perSecond: pipedriveAdapter.ratePolicy.perSecond * SCALE,
					maxRetries: 12,
					baseBackoffMs: 5,
					maxBackoffMs: 200,
				},
				sleep: (wait) => sleep(Math.min(wait, 20)),
			});
			const endpoints = pipedriveAdapter.resolveEndpoints({
				apiToken: TOKEN,
				companyDomain: 'example',
				baseUrl: scaled.url,
			});
			const session: CrmSession = { http, ...endpoints, language: 'en', now };
			const deals = await pullDeals(pipedriveAdapter, session, {
				...dealQuery(),
				firstContact: 'stageChange',
			});
			expectTruth(scaled, deals, 'stageChange', 2_000);
			expect(scaled.stats.injectedFailures).toBeGreaterThan(100);
			expect(scaled.stats.requests - scaled.stats.rejected).toBe(LOOKUPS + pages(2_000) + 2_000);
		} finally {
			await scaled.close();
		}
	}, 120_000);
});
