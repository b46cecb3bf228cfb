import axios from 'axios';
import { sleep } from 'n8n-workflow';

import { hubSpotAdapter } from '../nodes/shared/crm/hubspot/adapter';
import { dealQuery, DealNotFoundError } from '../nodes/shared/crm/types';
import type { CrmSession } from '../nodes/shared/crm/types';
import type { Deal, DealStatus } from '../nodes/shared/model/deal';
import { CrmHttpClient, CrmHttpError } from '../nodes/shared/transport/crmHttpClient';
import type { CrmCall, CrmResponse, SendRequest } from '../nodes/shared/transport/crmHttpClient';
import { CrmBadResponseError, CrmRecordError } from '../nodes/shared/transport/errors';
import type { RatePolicy, Sleep } from '../nodes/shared/transport/rateLimit';
import { startHubSpotFake } from './support/fakes/hubspot';
import { axiosSend } from './support/httpSend';

type Fake = Awaited<ReturnType<typeof startHubSpotFake>>;
type RawDeal = Fake['data']['deals'][number];

const TOKEN = 'hubspot-test-token';
const now = new Date('2026-11-20T10:00:00Z');
const DAY = 86_400_000;
const PAGE = 200;
const CAP = 10_000;
/** Account details, pipelines, active owners, archived owners, deal properties: one request each (≤ 100 owners). */
const LOOKUP_REQUESTS = 5;

/**
 * Speed: HubSpot allows 5 searches per second (crm-apis.md §1.2). Tests scale that limit by SCALE in the fake and
 * in the client's policy alike, so pacing and 429 handling run exactly as in production, only faster. Nothing
 * below asserts on elapsed time.
 */
const SCALE = 50;
const fakeLimits = { searchPerSecond: 5 * SCALE, perTenSeconds: 100 * SCALE };
const policy: RatePolicy = {
	...hubSpotAdapter.ratePolicy,
	perSecond: hubSpotAdapter.ratePolicy.perSecond * SCALE,
	maxRetries: 12,
	baseBackoffMs: 5,
	maxBackoffMs: 200,
};

/** Lets a test see (and change) each answer of the fake before the adapter does. */
type Tap = (call: CrmCall, response: CrmResponse) => CrmResponse | void;

function openSession(fake: Fake, options: { token?: string; sleep?: Sleep; tap?: Tap } = {}) {
	const send: SendRequest = axiosSend(fake.url, {
		Authorization: `Bearer ${options.token ?? TOKEN}`,
	});
	const tap = options.tap;
	const tapped: SendRequest = tap
		? async (call) => {
				const response = await send(call);
				return tap(call, response) ?? response;
			}
		: send;
	const http = new CrmHttpClient(tapped, {
		policy,
		sleep: options.sleep ?? sleep,
	});
	const endpoints = hubSpotAdapter.resolveEndpoints({ accessToken: TOKEN, baseUrl: fake.url });
	const session: CrmSession = { http, ...endpoints, language: 'en', now };
	return { session, http };
}

const query = dealQuery;

const listed = (fake: Fake) => fake.data.deals.filter((d) => !d.archived);
const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);
const sortedIds = (items: Array<{ id: string }>) => items.map((d) => d.id).sort();

function stageStatus(fake: Fake, stageId: string | null): DealStatus {
	for (const pipeline of fake.data.pipelines) {
		const stage = pipeline.stages.find((s) => s.id === stageId);
		if (stage) {
			if (stage.metadata.isClosed !== 'true') return 'open';
			return stage.metadata.probability === '1.0' ? 'won' : 'lost';
		}
	}
	throw new Error(`unknown stage ${stageId}`);
}

describe('HubSpot adapter against the fake HubSpot API', () => {
	describe('a 600-deal portal', () => {
		let fake: Fake;
		beforeAll(async () => {
			fake = await startHubSpotFake({ count: 600, token: TOKEN, seed: 11, now, ...fakeLimits });
		});
		afterAll(() => fake.close());
		beforeEach(() => fake.resetStats());

		it('maps every field of every deal from the wire format, with look-ups fetched once', async () => {
			const { session, http } = openSession(fake);
			const deals = await hubSpotAdapter.listDeals(session, query());
			const byId = new Map(deals.map((d) => [d.id, d]));
			expect(sortedIds(deals)).toEqual(sortedIds(listed(fake)));

			const owners = new Map(fake.data.owners.map((o) => [o.id, `${o.firstName} ${o.lastName}`]));
			const archivedOwners = new Set(fake.data.owners.filter((o) => o.archived).map((o) => o.id));
			const campaignDrillDown: Record<
				string,
				'hs_analytics_source_data_1' | 'hs_analytics_source_data_2'
			> = {
				EMAIL_MARKETING: 'hs_analytics_source_data_1',
				PAID_SEARCH: 'hs_analytics_source_data_1',
				SOCIAL_MEDIA: 'hs_analytics_source_data_2',
			};
			const seen = {
				lost: 0,
				noCurrency: 0,
				formerOwner: 0,
				drillDownCampaign: 0,
				customUtm: 0,
				open: 0,
			};
			for (const raw of listed(fake)) {
				const p = raw.properties;
				const deal = byId.get(raw.id) as Deal;
				const pipeline = fake.data.pipelines.find((x) => x.id === p.pipeline)!;
				const status = stageStatus(fake, p.dealstage);
				expect(deal.crm).toBe('hubspot');
				expect(deal.kind).toBe('deal');
				expect(deal.title).toBe(p.dealname);
				expect(deal.amount).toBe(p.amount === null ? null : Number(p.amount));
				// No deal currency → the portal's company currency from the account details.
				expect(deal.currency).toBe(p.deal_currency_code ?? 'USD');
				expect(deal.pipeline).toEqual({ id: pipeline.id, name: pipeline.label });
				expect(deal.stage).toEqual({
					id: p.dealstage,
					name: pipeline.stages.find((s) => s.id === p.dealstage)!.label,
				});
				expect(deal.status).toBe(status);
				expect(deal.lostReason).toBe(status === 'lost' ? p.closed_lost_reason : null);
				expect(deal.source).toBe(p.hs_analytics_source);
				const drill = campaignDrillDown[String(p.hs_analytics_source)];
				expect(deal.utm).toEqual({
					source: p.utm_source,
					medium: p.utm_medium,
					campaign: p.utm_campaign ?? (drill ? p[drill] : null),
					content: null,
					term: null,
				});
				expect(deal.owner).toEqual(
					p.hubspot_owner_id === null
						? null
						: { id: p.hubspot_owner_id, name: owners.get(p.hubspot_owner_id) },
				);
				expect(deal.createdAt).toBe(p.createdate);
				expect(deal.updatedAt).toBe(p.hs_lastmodifieddate);
				// `closedate` is only a plan while the deal is open.
				expect(deal.closedAt).toBe(status === 'open' ? null : p.closedate);
				expect(deal.firstContactAt).toBeNull();
				expect(deal.url).toBe(`https://app.hubspot.com/contacts/24373118/record/0-3/${raw.id}`);
				expect(deal.raw).toBeUndefined();
				for (const value of Object.values(deal)) expect(value).not.toBe('');

				if (status === 'lost' && p.closed_lost_reason) seen.lost++;
				if (p.deal_currency_code === null) seen.noCurrency++;
				if (p.hubspot_owner_id && archivedOwners.has(p.hubspot_owner_id)) seen.formerOwner++;
				if (p.utm_campaign === null && drill && p[drill]) seen.drillDownCampaign++;
				if (p.utm_source) seen.customUtm++;
				if (status === 'open' && p.closedate) seen.open++;
			}
			for (const [what, count] of Object.entries(seen))
				expect([what, count > 5]).toEqual([what, true]);

			// Look-ups once, then ceil(600 / 200) search pages: the documented minimum.
			// (A search refused by the 5/s limiter on a busy machine is retried; it is not part of the count.)
			const expected = LOOKUP_REQUESTS + Math.ceil(600 / PAGE);
			expect(fake.stats.requests - fake.stats.rejected).toBe(expected);
			expect(http.stats.requests).toBe(fake.stats.requests);
			expect(fake.stats.byRoute['/crm/v3/pipelines/deals']).toBe(1);
			expect(fake.stats.searches.every((s) => s.limit === PAGE)).toBe(true);
		});

		it('filters server-side by created date, pipeline, owner and status (as a set of closed stages)', async () => {
			const { session } = openSession(fake);
			const from = new Date(now.getTime() - 120 * DAY);
			const to = new Date(now.getTime() - 10 * DAY);
			const ownerId = fake.data.owners[2].id;
			const deals = await hubSpotAdapter.listDeals(
				session,
				query({
					dateField: 'createdAt',
					from,
					to,
					pipelineId: 'default',
					ownerId,
					statuses: ['won', 'lost'],
				}),
			);
			const expected = listed(fake).filter(
				(d) =>
					ms(d.properties.createdate) >= from.getTime() &&
					ms(d.properties.createdate) <= to.getTime() &&
					d.properties.pipeline === 'default' &&
					d.properties.hubspot_owner_id === ownerId &&
					stageStatus(fake, d.properties.dealstage) !== 'open',
			);
			expect(expected.length).toBeGreaterThan(0);
			expect(sortedIds(deals)).toEqual(sortedIds(expected));
			// The filtering happened in HubSpot: only matching deals crossed the wire.
			const search = fake.stats.searches[0];
			expect(search.total).toBe(expected.length);
			const filters = search.filterGroups[0].filters as Array<{
				propertyName: string;
				operator: string;
				values?: string[];
			}>;
			expect(filters.find((f) => f.propertyName === 'dealstage')).toEqual({
				propertyName: 'dealstage',
				operator: 'IN',
				values: ['closedwon', 'closedlost'],
			});
			expect(filters.map((f) => `${f.propertyName} ${f.operator}`).sort()).toEqual([
				'createdate GTE',
				'createdate LT',
				'dealstage IN',
				'hubspot_owner_id EQ',
				'pipeline EQ',
			]);
		});

		it('filters by closed date without the planned close dates of open deals', async () => {
			const { session } = openSession(fake);
			const from = new Date(now.getTime() - 60 * DAY);
			const deals = await hubSpotAdapter.listDeals(
				session,
				query({ dateField: 'closedAt', from, to: null }),
			);
			const expected = listed(fake).filter(
				(d) =>
					stageStatus(fake, d.properties.dealstage) !== 'open' &&
					ms(d.properties.closedate) >= from.getTime(),
			);
			expect(sortedIds(deals)).toEqual(sortedIds(expected));
			const planned = listed(fake).filter(
				(d) =>
					stageStatus(fake, d.properties.dealstage) === 'open' &&
					ms(d.properties.closedate) >= from.getTime(),
			);
			// HubSpot matched the open deals' planned dates too; the adapter kept them out.
			expect(planned.length).toBeGreaterThan(0);
			expect(fake.stats.searches[0].total).toBe(expected.length + planned.length);
		});

		it('filters by last update, and stops reading at the limit', async () => {
			const { session } = openSession(fake);
			const from = new Date(now.getTime() - 30 * DAY);
			const deals = await hubSpotAdapter.listDeals(
				session,
				query({ dateField: 'updatedAt', from }),
			);
			const expected = listed(fake).filter(
				(d) => ms(d.properties.hs_lastmodifieddate) >= from.getTime(),
			);
			expect(sortedIds(deals)).toEqual(sortedIds(expected));

			fake.resetStats();
			const limited = await hubSpotAdapter.listDeals(
				openSession(fake).session,
				query({ limit: 30 }),
			);
			expect(limited).toHaveLength(30);
			expect(fake.stats.searches).toHaveLength(1);
		});

		it('reads custom properties chosen for UTM values instead of those found by name', async () => {
			const { session } = openSession(fake);
			const deals = await hubSpotAdapter.listDeals(
				session,
				query({ utmFieldKeys: { source: 'utm_medium', term: 'lead_quality_score' } }),
			);
			const byId = new Map(deals.map((d) => [d.id, d]));
			for (const raw of listed(fake)) {
				const deal = byId.get(raw.id)!;
				expect(deal.utm.source).toBe(raw.properties.utm_medium);
				expect(deal.utm.medium).toBe(raw.properties.utm_medium);
				expect(deal.utm.term).toBe(raw.properties.lead_quality_score);
			}
		});

		it('gets one deal, returns raw on request, and reports unknown or archived ids as not found', async () => {
			const { session } = openSession(fake);
			const raw = listed(fake)[7];
			const [fromList] = (await hubSpotAdapter.listDeals(session, query())).filter(
				(d) => d.id === raw.id,
			);
			const single = await hubSpotAdapter.getDeal(session, raw.id, true);
			expect({ ...single, raw: undefined }).toEqual(fromList);
			expect((single.raw as { id: string }).id).toBe(raw.id);

			const archived = fake.data.deals.find((d) => d.archived)!;
			await expect(hubSpotAdapter.getDeal(session, archived.id, false)).rejects.toBeInstanceOf(
				DealNotFoundError,
			);
			await expect(hubSpotAdapter.getDeal(session, '999', false)).rejects.toBeInstanceOf(
				DealNotFoundError,
			);
			const before = fake.stats.requests;
			await expect(hubSpotAdapter.getDeal(session, 'abc', false)).rejects.toBeInstanceOf(
				DealNotFoundError,
			);
			expect(fake.stats.requests).toBe(before);
		});

		it('lists pipelines with won/lost stages, owners including those who left, and no loss-reason list', async () => {
			const { session } = openSession(fake);
			const pipelines = await hubSpotAdapter.listPipelines(session);
			expect(pipelines.map((p) => [p.id, p.name, p.isDefault])).toEqual([
				['default', 'Sales Pipeline', true],
				['916011864', 'Partner Deals', false],
			]);
			expect(pipelines[1].stages.map((s) => s.status)).toEqual(['open', 'open', 'won', 'lost']);
			const users = await hubSpotAdapter.listUsers(session);
			expect(users).toHaveLength(fake.data.owners.length);
			expect(users.filter((u) => !u.active).map((u) => u.id)).toEqual(
				fake.data.owners.filter((o) => o.archived).map((o) => o.id),
			);
			expect(users[0]).toEqual({
				id: fake.data.owners[0].id,
				name: 'Alice Morgan',
				email: 'alice.morgan@example.com',
				active: true,
			});
			expect(await hubSpotAdapter.listLossReasons(session)).toEqual([]);
			expect(hubSpotAdapter.supports).toEqual({ leads: false, lossReasons: false, notes: true });
		});

		it('creates a note associated with the deal (type 214), and refuses unknown deals', async () => {
			const { session } = openSession(fake);
			const deal = listed(fake)[3];
			const created = await hubSpotAdapter.createNote!(session, {
				dealId: deal.id,
				text: 'Lead rejected: <spam>\nno budget',
			});
			const stored = fake.notes[fake.notes.length - 1];
			expect(created).toEqual({
				id: stored.id,
				dealId: deal.id,
				text: 'Lead rejected: <spam>\nno budget',
				crm: 'hubspot',
				createdAt: stored.properties.hs_createdate,
			});
			expect(stored.properties.hs_note_body).toBe('Lead rejected: &lt;spam&gt;<br>no budget');
			expect(stored.properties.hs_timestamp).toBe(now.toISOString());
			expect(stored.associations).toEqual([
				{
					to: { id: deal.id },
					types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 214 }],
				},
			]);

			const count = fake.notes.length;
			await expect(
				hubSpotAdapter.createNote!(session, { dealId: '12345', text: 'x' }),
			).rejects.toBeInstanceOf(DealNotFoundError);
			expect(fake.notes).toHaveLength(count);
		});

		it('stops at once on a rejected token and explains it', async () => {
			const { session, http } = openSession(fake, { token: 'hubspot-wrong-token' });
			const error = await hubSpotAdapter.listDeals(session, query()).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(CrmHttpError);
			expect((error as CrmHttpError).statusCode).toBe(401);
			expect((error as CrmHttpError).body).toMatchObject({ category: 'INVALID_AUTHENTICATION' });
			expect(http.stats.requests).toBe(1);
			expect(hubSpotAdapter.explainError(error as CrmHttpError)?.message).toBe(
				'HubSpot did not accept the access token',
			);
			expect(JSON.stringify(hubSpotAdapter.explainError(error as CrmHttpError))).not.toContain(
				'wrong-token',
			);
		});

		it('waits as long as a 429 asks in Retry-After, then gets the same page', async () => {
			const waits: number[] = [];
			const { session, http } = openSession(fake, {
				// Records the waits the client asks for; sleeps only briefly so the test stays fast.
				sleep: async (wait) => {
					waits.push(wait);
					await sleep(Math.min(wait, 5));
				},
			});
			fake.failNext(429, { retryAfter: '1' });
			const deals = await hubSpotAdapter.listDeals(session, query());
			expect(sortedIds(deals)).toEqual(sortedIds(listed(fake)));
			expect(waits).toContain(1000);
			expect(http.stats.retries).toBe(1);
		});
	});

	describe('a 450-deal portal edited while it is read', () => {
		let fake: Fake;
		beforeEach(async () => {
			fake = await startHubSpotFake({ count: 450, token: TOKEN, seed: 13, now, ...fakeLimits });
		});
		afterEach(() => fake.close());

		const isSearch = (call: CrmCall) => call.url.endsWith('/deals/search');
		const resultIds = (response: CrmResponse) =>
			((response.body as { results: Array<{ id: string }> }).results ?? []).map((r) => r.id);

		it.each([
			['last update', 'updatedAt' as const],
			['creation date', 'createdAt' as const],
		])(
			'filtered by %s: deals edited between page 1 and page 2 are neither lost nor repeated',
			async (_label, dateField) => {
				let searches = 0;
				const edited: string[] = [];
				const { session } = openSession(fake, {
					tap: (call, response) => {
						if (!isSearch(call) || response.statusCode !== 200 || ++searches !== 1) return;
						// Two deals of page 1 are edited in HubSpot before page 2 is asked for: one only touched (its
						// hs_lastmodifieddate moves to now), one given a later create date still inside the window.
						const [first, second] = resultIds(response);
						fake.editDeal(first, {}, now.toISOString());
						fake.editDeal(
							second,
							{ createdate: new Date(now.getTime() - 60_000).toISOString() },
							now.toISOString(),
						);
						edited.push(first, second);
					},
				});
				const from = new Date(now.getTime() - 400 * DAY);
				const deals = await hubSpotAdapter.listDeals(
					session,
					query({ dateField, from, to: dateField === 'createdAt' ? now : null }),
				);
				expect(edited).toHaveLength(2);
				const ids = deals.map((d) => d.id);
				expect(new Set(ids).size).toBe(ids.length);
				expect(ids.sort()).toEqual(sortedIds(listed(fake)));
				expect(ids).toHaveLength(450);
				// pages = ceil(450 / 200), every one a fresh keyset query.
				expect(fake.stats.searches.map((s) => [s.after, s.returned])).toEqual([
					[0, 200],
					[0, 200],
					[0, 50],
				]);
			},
		);
	});

	describe('a misbehaving HubSpot', () => {
		let fake: Fake;
		beforeAll(async () => {
			fake = await startHubSpotFake({ count: 250, token: TOKEN, seed: 17, now, ...fakeLimits });
		});
		afterAll(() => fake.close());
		beforeEach(() => fake.resetStats());
		// Retries of a bad answer wait only briefly (a sleep must still yield, or the answer never arrives).
		const instant: Sleep = (wait) => sleep(Math.min(wait, 2));

		it.each([
			['results that are not a list', { total: 1, results: 'abc' }],
			['no total', { results: [] }],
			[
				'a paging cursor that is not text',
				{ total: 9, results: [], paging: { next: { after: 9 } } },
			],
			['an HTML maintenance page', '<html><body>Down for maintenance</body></html>'],
			['an empty body', ''],
		])('fails a search answered with %s instead of returning deals', async (_label, body) => {
			const { session } = openSession(fake, {
				sleep: instant,
				tap: (call, response) =>
					call.url.endsWith('/deals/search') ? { ...response, body } : undefined,
			});
			const error = await hubSpotAdapter.listDeals(session, query()).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(CrmBadResponseError);
		});

		it.each([
			['/crm/v3/pipelines/deals', { results: { default: {} } }],
			['/crm/v3/owners', { results: null }],
			['/crm/v3/properties/deals', { results: 'none' }],
			['/account-info/v3/details', { portalId: 'x' }],
		])('fails a look-up (%s) answered outside its documented shape', async (url, body) => {
			const { session } = openSession(fake, {
				sleep: instant,
				tap: (call, response) => (call.url === url ? { ...response, body } : undefined),
			});
			await expect(hubSpotAdapter.listDeals(session, query())).rejects.toBeInstanceOf(
				CrmBadResponseError,
			);
		});

		it('fails a single deal or a created note answered without an id', async () => {
			const deal = listed(fake)[0];
			const { session } = openSession(fake, {
				sleep: instant,
				tap: (call, response) =>
					call.url.startsWith('/crm/v3/objects/deals/') || call.url === '/crm/v3/objects/notes'
						? { ...response, body: { properties: {} } }
						: undefined,
			});
			await expect(hubSpotAdapter.getDeal(session, deal.id, false)).rejects.toBeInstanceOf(
				CrmBadResponseError,
			);
			await expect(
				hubSpotAdapter.createNote!(session, { dealId: deal.id, text: 'x' }),
			).rejects.toBeInstanceOf(CrmBadResponseError);
		});

		it('sets aside a deal it cannot read, naming the deal and the field, and keeps the rest', async () => {
			let broken: string[] = [];
			const { session } = openSession(fake, {
				tap: (call, response) => {
					if (!call.url.endsWith('/deals/search') || broken.length > 0) return;
					const results = (response.body as { results: RawDeal[] }).results;
					// Wrong types where HubSpot documents strings: an amount with a unit, a date that is no date, an
					// object for a name.
					results[3].properties.amount = '12 EUR';
					results[5].properties.createdate = 'yesterday';
					(results[7].properties as Record<string, unknown>).dealname = { text: 'x' };
					broken = [results[3].id, results[5].id, results[7].id];
				},
			});
			session.badRecords = [];
			const deals = await hubSpotAdapter.listDeals(session, query());
			expect(deals).toHaveLength(250 - 3);
			expect(deals.map((d) => d.id)).not.toEqual(expect.arrayContaining([broken[0]]));
			expect(session.badRecords.map((e) => [e.recordId, e.field])).toEqual([
				[broken[0], 'amount'],
				[broken[1], 'createdate'],
				[broken[2], 'dealname'],
			]);
			expect(session.badRecords[0]).toBeInstanceOf(CrmRecordError);
			expect(session.badRecords[0].message).toContain('"12 EUR"');
		});

		it('throws for an unreadable deal when the session keeps no list of bad records', async () => {
			const { session } = openSession(fake, {
				tap: (call, response) => {
					if (!call.url.endsWith('/deals/search')) return;
					(response.body as { results: RawDeal[] }).results[0].properties.amount = 'a lot';
				},
			});
			const error = await hubSpotAdapter.listDeals(session, query()).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(CrmRecordError);
			expect((error as CrmRecordError).field).toBe('amount');
		});

		it('refuses a Base URL that is not http(s) or carries a user name and password', () => {
			const endpoints = (baseUrl: string) =>
				hubSpotAdapter.resolveEndpoints({ accessToken: TOKEN, baseUrl });
			expect(endpoints('').baseUrl).toBe('https://api.hubapi.com');
			expect(endpoints('http://127.0.0.1:9000/').baseUrl).toBe('http://127.0.0.1:9000');
			expect(() => endpoints('https://user:secret@proxy.example.com')).toThrow(/user name/);
			expect(() => endpoints('ftp://proxy.example.com')).toThrow(/http/);
			expect(() => endpoints('proxy.example.com')).toThrow(/http/);
		});
	});

	describe('the fake follows the documented search contract', () => {
		let fake: Fake;
		const post = (path: string, body: unknown, token = TOKEN) =>
			axios.post(fake.url + path, body, {
				headers: { Authorization: `Bearer ${token}` },
				validateStatus: () => true,
			});
		beforeAll(async () => {
			fake = await startHubSpotFake({ count: 300, token: TOKEN, seed: 3, now, ...fakeLimits });
		});
		afterAll(() => fake.close());

		it('pages 10 by default with integer `after`, no `paging` on the last page, strings and nulls', async () => {
			const first = await post('/crm/v3/objects/deals/search', {});
			expect(first.status).toBe(200);
			expect(first.data.total).toBe(300);
			expect(first.data.results).toHaveLength(10);
			expect(first.data.paging).toEqual({ next: { after: '10' } });
			// No rate-limit headers on search responses (§1.4); other routes carry them.
			expect(Object.keys(first.headers).filter((h) => h.startsWith('x-hubspot-ratelimit'))).toEqual(
				[],
			);
			const last = await post('/crm/objects/2026-03/deals/search', {
				limit: 200,
				after: '200',
				properties: ['amount', 'closed_lost_reason'],
			});
			expect(last.data.results).toHaveLength(100);
			expect(last.data.paging).toBeUndefined();
			const props = last.data.results[0].properties;
			expect(Object.keys(props).sort()).toEqual([
				'amount',
				'closed_lost_reason',
				'createdate',
				'hs_lastmodifieddate',
				'hs_object_id',
			]);
			for (const value of Object.values(props))
				expect(value === null || typeof value === 'string').toBe(true);
			const owners = await axios.get(`${fake.url}/crm/v3/owners?limit=1`, {
				headers: { Authorization: `Bearer ${TOKEN}` },
			});
			expect(owners.headers['x-hubspot-ratelimit-max']).toBe(String(fakeLimits.perTenSeconds));
		});

		it('answers 400 VALIDATION_ERROR past 10,000 results, over 200 per page, bad `after` and too many filters', async () => {
			const refused = async (body: unknown) => {
				const response = await post('/crm/v3/objects/deals/search', body);
				expect(response.status).toBe(400);
				expect(response.data.category).toBe('VALIDATION_ERROR');
			};
			await refused({ limit: 200, after: '9801' });
			await refused({ limit: 201 });
			await refused({ after: 'abc' });
			const filter = { propertyName: 'amount', operator: 'HAS_PROPERTY' };
			await refused({ filterGroups: Array.from({ length: 6 }, () => ({ filters: [filter] })) });
			await refused({ filterGroups: [{ filters: Array.from({ length: 7 }, () => filter) }] });
			await refused({
				filterGroups: Array.from({ length: 4 }, () => ({
					filters: Array.from({ length: 5 }, () => filter),
				})),
			});
			await refused({ sorts: [{ propertyName: 'amount' }, { propertyName: 'createdate' }] });
			const unauthorized = await post('/crm/v3/objects/deals/search', {}, 'nope');
			expect(unauthorized.status).toBe(401);
		});

		it('refuses a sixth search within a second with the RATE_LIMIT body and no rate headers', async () => {
			// A frozen clock: all six arrive in the same instant, however busy the machine is.
			const frozen = Date.now();
			const slow = await startHubSpotFake({
				count: 10,
				token: TOKEN,
				seed: 3,
				now,
				searchPerSecond: 5,
				clock: () => frozen,
			});
			try {
				const answers = [];
				for (let i = 0; i < 6; i++) {
					answers.push(
						await axios.post(
							`${slow.url}/crm/v3/objects/deals/search`,
							{},
							{
								headers: { Authorization: `Bearer ${TOKEN}` },
								validateStatus: () => true,
							},
						),
					);
				}
				expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429]);
				expect(answers[5].data).toMatchObject({
					status: 'error',
					errorType: 'RATE_LIMIT',
					policyName: 'TEN_SECONDLY_ROLLING',
				});
				expect(
					Object.keys(answers[5].headers).filter((h) => h.startsWith('x-hubspot-ratelimit')),
				).toEqual([]);
			} finally {
				await slow.close();
			}
		});
	});

	describe('a 25,000-deal portal: more than one query (10,000 results) holds', () => {
		let fake: Fake;
		beforeAll(async () => {
			fake = await startHubSpotFake({
				count: 25_000,
				token: TOKEN,
				seed: 5,
				now,
				spanDays: 365,
				...fakeLimits,
			});
		});
		afterAll(() => fake.close());
		beforeEach(() => fake.resetStats());

		/**
		 * Keyset paging: every search is a fresh query read from its start (`after` 0, sorted by hs_object_id), so none
		 * comes near HubSpot's 10,000-results-per-query cap however many deals the pull has.
		 */
		function expectKeysetSearches(): void {
			expect(fake.stats.searches.length).toBeGreaterThan(CAP / PAGE);
			for (const s of fake.stats.searches) {
				expect([s.after, s.limit]).toEqual([0, PAGE]);
				expect(s.sorts).toEqual([{ propertyName: 'hs_object_id', direction: 'ASCENDING' }]);
			}
			expect(fake.stats.searches[0].total).toBeGreaterThan(CAP);
		}

		it('gets every deal of a dated window past 10,000 exactly once, at the minimum request count', async () => {
			const { session, http } = openSession(fake);
			const from = new Date(now.getTime() - 365 * DAY);
			const to = now;
			const deals = await hubSpotAdapter.listDeals(
				session,
				query({ dateField: 'createdAt', from, to }),
			);
			const expected = listed(fake);
			expect(expected).toHaveLength(25_000);
			expect(deals).toHaveLength(25_000);
			expect(new Set(deals.map((d) => d.id)).size).toBe(25_000);
			expect(sortedIds(deals)).toEqual(sortedIds(expected));

			// Formula: requests = 5 look-ups + ceil(N / 200) keyset pages (nothing spent learning the total).
			expect(fake.stats.requests - fake.stats.rejected).toBe(
				LOOKUP_REQUESTS + Math.ceil(25_000 / PAGE),
			);
			expect(http.stats.requests).toBe(fake.stats.requests);
			expectKeysetSearches();
			// Each page after the first starts above the last id of the page before, and keeps the date window.
			const lastIds = fake.stats.searches.map((s) => s.lastId);
			for (let i = 1; i < fake.stats.searches.length; i++) {
				const filters = fake.stats.searches[i].filterGroups[0].filters as Array<{
					propertyName: string;
					operator: string;
					value?: string;
				}>;
				expect(filters.map((f) => `${f.propertyName} ${f.operator}`).sort()).toEqual([
					'createdate GTE',
					'createdate LT',
					'hs_object_id GT',
				]);
				expect(filters.find((f) => f.propertyName === 'hs_object_id')?.value).toBe(lastIds[i - 1]);
			}
		});

		it('gets every deal of an open-ended pull past 10,000 the same way', async () => {
			const { session, http } = openSession(fake);
			const deals = await hubSpotAdapter.listDeals(session, query());
			const expected = listed(fake);
			expect(new Set(deals.map((d) => d.id)).size).toBe(deals.length);
			expect(sortedIds(deals)).toEqual(sortedIds(expected));
			// Formula: requests = 5 look-ups + ceil(25,000 / 200).
			expect(fake.stats.requests - fake.stats.rejected).toBe(
				LOOKUP_REQUESTS + Math.ceil(25_000 / PAGE),
			);
			expect(http.stats.requests).toBe(fake.stats.requests);
			expectKeysetSearches();
		});
	});

	describe('a 10,000-deal portal refusing 20% of requests (429 RATE_LIMIT, 500, 502, 503)', () => {
		let fake: Fake;
		beforeAll(async () => {
			fake = await startHubSpotFake({
				count: 10_000,
				token: TOKEN,
				seed: 9,
				now,
				failureRate: 0.2,
				...fakeLimits,
			});
		});
		afterAll(() => fake.close());

		it('retries each refused page until it succeeds: every id once, successful requests at the minimum', async () => {
			const { session, http } = openSession(fake);
			const deals = await hubSpotAdapter.listDeals(session, query());
			const expected = listed(fake);
			expect(deals).toHaveLength(10_000);
			expect(new Set(deals.map((d) => d.id)).size).toBe(10_000);
			expect(sortedIds(deals)).toEqual(sortedIds(expected));

			// Exactly 10,000 matches fit one query (after + limit reaches 10,000 on the last page, never beyond):
			// 5 look-ups + 10,000 / 200 pages, each answered once; every refusal cost exactly one retry.
			expect(fake.stats.requests - fake.stats.rejected).toBe(LOOKUP_REQUESTS + CAP / PAGE);
			expect(fake.stats.injectedFailures).toBeGreaterThan(5);
			expect(http.stats.retries).toBe(fake.stats.rejected);
			expect(http.stats.requests).toBe(fake.stats.requests);
		});
	});
});
