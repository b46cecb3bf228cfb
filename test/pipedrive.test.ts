import axios from 'axios';
import { sleep } from 'n8n-workflow';

import { pipedriveAdapter } from '../nodes/shared/crm/pipedrive/adapter';
import { dealQuery, DealNotFoundError } from '../nodes/shared/crm/types';
import type { CrmSession } from '../nodes/shared/crm/types';
import type { Deal } from '../nodes/shared/model/deal';
import { CrmHttpClient, CrmHttpError } from '../nodes/shared/transport/crmHttpClient';
import type { CrmCall, CrmResponse, SendRequest } from '../nodes/shared/transport/crmHttpClient';
import { CrmBadResponseError, CrmRecordError } from '../nodes/shared/transport/errors';
import type { RatePolicy } from '../nodes/shared/transport/rateLimit';
import { startPipedriveFake } from './support/fakes/pipedrive';
import { axiosSend } from './support/httpSend';

type Fake = Awaited<ReturnType<typeof startPipedriveFake>>;
type RawDeal = Fake['data']['deals'][number];

const TOKEN = 'pipedrive-test-token';
const now = new Date('2026-11-20T10:00:00Z');
const DAY = 86_400_000;
const PAGE = 500;
/** Users, pipelines, stages, deal fields: one request each (fewer than 500 of each). */
const LOOKUP_REQUESTS = 4;

/**
 * Speed: Pipedrive's burst limit is 20 requests per 2-second window per token (crm-apis.md §2.4). Tests shrink the
 * window by SCALE in the fake and raise the client's rate by SCALE alike; `x-ratelimit-reset` then announces
 * fractional seconds. Nothing below asserts on elapsed time.
 */
const SCALE = 20;
const fakeLimits = { burst: 20, windowMs: 2000 / SCALE };
const policy: RatePolicy = {
	...pipedriveAdapter.ratePolicy,
	perSecond: pipedriveAdapter.ratePolicy.perSecond * SCALE,
	maxRetries: 12,
	baseBackoffMs: 5,
	maxBackoffMs: 200,
};

/** Lets a test see (and change) each answer of the fake before the adapter does. */
type Tap = (call: CrmCall, response: CrmResponse) => CrmResponse | void;

function openSession(
	fake: Fake,
	options: { token?: string; companyDomain?: string; tap?: Tap } = {},
) {
	const send: SendRequest = axiosSend(fake.url, { 'x-api-token': options.token ?? TOKEN });
	const tap = options.tap;
	const tapped: SendRequest = tap
		? async (call) => {
				const response = await send(call);
				return tap(call, response) ?? response;
			}
		: send;
	// Retries of a bad answer wait only briefly (a sleep must still yield, or the answer never arrives).
	const http = new CrmHttpClient(tapped, {
		policy,
		sleep: (wait) => sleep(Math.min(wait, 20)),
	});
	const endpoints = pipedriveAdapter.resolveEndpoints({
		apiToken: TOKEN,
		companyDomain: options.companyDomain ?? '',
		baseUrl: fake.url,
	});
	const session: CrmSession = { http, ...endpoints, language: 'en', now };
	return { session, http };
}

const query = dealQuery;

const listed = (fake: Fake) => fake.data.deals.filter((d) => !d.is_archived);
const sortedIds = (items: Array<{ id: string | number }>) => items.map((d) => String(d.id)).sort();
const ms = (text: string | null) => (text ? Date.parse(text) : NaN);
const successful = (fake: Fake) => fake.stats.requests - fake.stats.rejected;

describe('Pipedrive adapter against the fake Pipedrive API', () => {
	describe('a 600-deal company', () => {
		let fake: Fake;
		beforeAll(async () => {
			fake = await startPipedriveFake({
				count: 600,
				leads: 1_100,
				token: TOKEN,
				seed: 21,
				now,
				...fakeLimits,
			});
		});
		afterAll(() => fake.close());
		beforeEach(() => fake.resetStats());

		it('maps every field of every deal, resolving stages, users, channel and UTM custom fields by name', async () => {
			const { session, http } = openSession(fake);
			const deals = await pipedriveAdapter.listDeals(session, query());
			expect(sortedIds(deals)).toEqual(sortedIds(listed(fake)));
			const byId = new Map(deals.map((d) => [d.id, d]));

			const users = new Map(fake.data.users.map((u) => [u.id, u.name]));
			const inactive = new Set(fake.data.users.filter((u) => !u.active_flag).map((u) => u.id));
			const pipelines = new Map(fake.data.pipelines.map((p) => [p.id, p.name]));
			const stages = new Map(fake.data.stages.map((s) => [s.id, s.name]));
			const channelField = fake.data.dealFields.find((f) => f.field_code === 'channel')!;
			const channels = new Map((channelField.options ?? []).map((o) => [o.id, o.label]));
			const { utmSource, utmMedium, utmCampaign, utmContent } = fake.data.utmFields;
			const contentLabels = new Map((utmContent.options ?? []).map((o) => [o.id, o.label]));
			const seen = { lost: 0, formerOwner: 0, channel: 0, originOnly: 0, utm: 0, enumUtm: 0 };
			for (const raw of listed(fake)) {
				const deal = byId.get(String(raw.id)) as Deal;
				const custom = raw.custom_fields as Record<string, string | number | null>;
				expect(deal.crm).toBe('pipedrive');
				expect(deal.kind).toBe('deal');
				expect(deal.title).toBe(raw.title);
				expect(deal.amount).toBe(raw.value);
				expect(deal.currency).toBe(raw.currency);
				expect(deal.pipeline).toEqual({
					id: String(raw.pipeline_id),
					name: pipelines.get(raw.pipeline_id),
				});
				expect(deal.stage).toEqual({ id: String(raw.stage_id), name: stages.get(raw.stage_id) });
				expect(deal.status).toBe(raw.status);
				expect(deal.lostReason).toBe(raw.status === 'lost' ? raw.lost_reason : null);
				// The marketing channel's label when set, else how the deal was created.
				expect(deal.source).toBe(raw.channel === null ? raw.origin : channels.get(raw.channel));
				expect(deal.utm).toEqual({
					source: custom[utmSource.field_code],
					medium: custom[utmMedium.field_code],
					campaign: custom[utmCampaign.field_code],
					content:
						custom[utmContent.field_code] === null
							? null
							: contentLabels.get(Number(custom[utmContent.field_code])),
					// "Ad keyword" does not read like a UTM field; only an explicit choice maps it (next test).
					term: null,
				});
				expect(deal.owner).toEqual({ id: String(raw.owner_id), name: users.get(raw.owner_id) });
				expect(deal.createdAt).toBe(new Date(raw.add_time).toISOString());
				expect(deal.updatedAt).toBe(new Date(raw.update_time).toISOString());
				const closed =
					raw.status === 'won' ? raw.won_time : raw.status === 'lost' ? raw.lost_time : null;
				expect(deal.closedAt).toBe(closed === null ? null : new Date(closed).toISOString());
				expect(deal.url).toBe(`https://example.pipedrive.com/deal/${raw.id}`);
				for (const value of Object.values(deal)) expect(value).not.toBe('');

				if (raw.status === 'lost' && raw.lost_reason) seen.lost++;
				if (inactive.has(raw.owner_id)) seen.formerOwner++;
				if (raw.channel !== null) seen.channel++;
				else seen.originOnly++;
				if (custom[utmSource.field_code]) seen.utm++;
				if (custom[utmContent.field_code] !== null) seen.enumUtm++;
			}
			for (const [what, count] of Object.entries(seen))
				expect([what, count > 5]).toEqual([what, true]);

			// Look-ups once, /v1/users/me once (no company domain in the credential), then ceil(600 / 500) pages.
			const expected = LOOKUP_REQUESTS + 1 + Math.ceil(600 / PAGE);
			expect(successful(fake)).toBe(expected);
			expect(http.stats.requests).toBe(fake.stats.requests);
			expect(fake.stats.byRoute['/v1/users/me']).toBe(1);
		});

		it('takes the deal link from the company domain without asking /users/me', async () => {
			const { session } = openSession(fake, { companyDomain: 'https://acme.pipedrive.com' });
			expect(session.uiUrl).toBe('https://acme.pipedrive.com');
			const [deal] = await pipedriveAdapter.listDeals(session, query({ limit: 1 }));
			expect(deal.url).toBe(`https://acme.pipedrive.com/deal/${deal.id}`);
			expect(fake.stats.byRoute['/v1/users/me']).toBeUndefined();
			expect(pipedriveAdapter.resolveEndpoints({ companyDomain: 'acme' })).toEqual({
				baseUrl: 'https://acme.pipedrive.com',
				uiUrl: 'https://acme.pipedrive.com',
			});
			expect(pipedriveAdapter.resolveEndpoints({})).toEqual({
				baseUrl: 'https://api.pipedrive.com',
				uiUrl: '',
			});
		});

		it('reads the custom fields chosen for UTM values, by key or by name', async () => {
			const { adKeyword, utmMedium } = fake.data.utmFields;
			for (const choice of [adKeyword.field_code, 'ad KEYWORD']) {
				const { session } = openSession(fake);
				const deals = await pipedriveAdapter.listDeals(
					session,
					query({ utmFieldKeys: { term: choice, source: utmMedium.field_code } }),
				);
				const byId = new Map(deals.map((d) => [d.id, d]));
				let mapped = 0;
				for (const raw of listed(fake)) {
					const custom = raw.custom_fields as Record<string, string | null>;
					const deal = byId.get(String(raw.id))!;
					expect(deal.utm.term).toBe(custom[adKeyword.field_code]);
					expect(deal.utm.source).toBe(custom[utmMedium.field_code]);
					if (custom[adKeyword.field_code]) mapped++;
				}
				expect(mapped).toBeGreaterThan(5);
			}
		});

		it('filters by update window on the server, with pipeline, owner and status', async () => {
			const { session } = openSession(fake);
			const from = new Date(now.getTime() - 90 * DAY + 123);
			const to = new Date(now.getTime() - 5 * DAY + 456);
			const ownerId = String(fake.data.users[1].id);
			const deals = await pipedriveAdapter.listDeals(
				session,
				query({
					dateField: 'updatedAt',
					from,
					to,
					pipelineId: '1',
					ownerId,
					statuses: ['won', 'lost'],
				}),
			);
			const expected = listed(fake).filter(
				(d) =>
					ms(d.update_time) >= from.getTime() &&
					ms(d.update_time) <= to.getTime() &&
					d.pipeline_id === 1 &&
					String(d.owner_id) === ownerId &&
					d.status !== 'open',
			);
			expect(expected.length).toBeGreaterThan(0);
			expect(sortedIds(deals)).toEqual(sortedIds(expected));
			// One page: the server did the filtering.
			expect(fake.stats.listPages).toBe(1);
		});

		it('filters by closed date from updated_since, keeping open deals out', async () => {
			const { session } = openSession(fake);
			const from = new Date(now.getTime() - 60 * DAY);
			const deals = await pipedriveAdapter.listDeals(
				session,
				query({ dateField: 'closedAt', from }),
			);
			const expected = listed(fake).filter((d) => {
				const closed = d.status === 'won' ? d.won_time : d.status === 'lost' ? d.lost_time : null;
				return closed !== null && ms(closed) >= from.getTime();
			});
			expect(sortedIds(deals)).toEqual(sortedIds(expected));
		});

		it('lists leads through v1 offset paging', async () => {
			const { session, http } = openSession(fake, { companyDomain: 'example' });
			const leads = await pipedriveAdapter.listDeals(session, query({ kind: 'lead' }));
			const expected = fake.data.leads.filter((l) => !l.is_archived);
			expect(sortedIds(leads)).toEqual(sortedIds(expected));
			const byId = new Map(leads.map((l) => [l.id, l]));
			const { utmSource } = fake.data.utmFields;
			for (const raw of expected) {
				const lead = byId.get(raw.id)!;
				expect(lead.kind).toBe('lead');
				expect(lead.status).toBe('open');
				expect(lead.pipeline).toBeNull();
				expect(lead.amount).toBe(raw.value ? raw.value.amount : null);
				expect(lead.utm.source).toBe((raw as Record<string, unknown>)[utmSource.field_code]);
				expect(lead.url).toBe(`https://example.pipedrive.com/leads/inbox/${raw.id}`);
			}
			// 1,100 leads at 500 per page.
			expect(successful(fake)).toBe(LOOKUP_REQUESTS + Math.ceil(1_100 / PAGE));
			expect(http.stats.requests).toBe(fake.stats.requests);
		});

		it('gets a deal or a lead by id, and reports unknown ids as not found', async () => {
			const { session } = openSession(fake);
			const raw = listed(fake)[4];
			const [fromList] = (await pipedriveAdapter.listDeals(session, query())).filter(
				(d) => d.id === String(raw.id),
			);
			const single = await pipedriveAdapter.getDeal(session, String(raw.id), true);
			expect({ ...single, raw: undefined }).toEqual(fromList);
			expect((single.raw as RawDeal).id).toBe(raw.id);
			const lead = fake.data.leads[0];
			expect((await pipedriveAdapter.getDeal(session, lead.id, false)).kind).toBe('lead');
			await expect(pipedriveAdapter.getDeal(session, '987654', false)).rejects.toBeInstanceOf(
				DealNotFoundError,
			);
			const before = fake.stats.requests;
			await expect(pipedriveAdapter.getDeal(session, 'drop table', false)).rejects.toBeInstanceOf(
				DealNotFoundError,
			);
			expect(fake.stats.requests).toBe(before);
		});

		it('lists pipelines with their stages in order, users including those who left, and no loss-reason list', async () => {
			const { session } = openSession(fake);
			const pipelines = await pipedriveAdapter.listPipelines(session);
			expect(pipelines.map((p) => [p.id, p.name, p.isDefault, p.stages.length])).toEqual([
				['1', 'Sales', true, 5],
				['2', 'Partners', false, 4],
			]);
			expect(pipelines[0].stages[0]).toEqual({
				id: '1',
				name: 'Qualified',
				status: 'open',
				sort: 1,
			});
			const users = await pipedriveAdapter.listUsers(session);
			expect(users.map((u) => u.active)).toEqual(fake.data.users.map((u) => u.active_flag));
			expect(await pipedriveAdapter.listLossReasons(session)).toEqual([]);
			expect(pipedriveAdapter.supports).toEqual({ leads: true, lossReasons: false, notes: true });
		});

		it('creates notes on deals and leads as HTML, and refuses unknown deals', async () => {
			const { session } = openSession(fake);
			const deal = listed(fake)[2];
			const created = await pipedriveAdapter.createNote!(session, {
				dealId: String(deal.id),
				text: 'Lead <ok>\n& called',
			});
			const stored = fake.notes[fake.notes.length - 1];
			expect(stored).toMatchObject({
				content: 'Lead &lt;ok&gt;<br>&amp; called',
				deal_id: deal.id,
				lead_id: null,
			});
			expect(created).toEqual({
				id: String(stored.id),
				dealId: String(deal.id),
				text: 'Lead <ok>\n& called',
				crm: 'pipedrive',
				createdAt: new Date(`${stored.add_time.replace(' ', 'T')}Z`).toISOString(),
			});
			const lead = fake.data.leads[1];
			await pipedriveAdapter.createNote!(session, { dealId: lead.id, text: 'lead note' });
			expect(fake.notes[fake.notes.length - 1]).toMatchObject({ lead_id: lead.id, deal_id: null });
			await expect(
				pipedriveAdapter.createNote!(session, { dealId: '999999', text: 'x' }),
			).rejects.toBeInstanceOf(DealNotFoundError);
		});

		it('stops at once on a rejected token and explains it', async () => {
			const { session, http } = openSession(fake, { token: 'wrong-token' });
			const error = await pipedriveAdapter.listDeals(session, query()).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(CrmHttpError);
			expect((error as CrmHttpError).statusCode).toBe(401);
			expect((error as CrmHttpError).body).toMatchObject({ success: false, errorCode: 401 });
			expect(http.stats.requests).toBe(1);
			expect(pipedriveAdapter.explainError(error as CrmHttpError)?.message).toBe(
				'Pipedrive did not accept the API token',
			);
		});
	});

	describe('a misbehaving Pipedrive', () => {
		let fake: Fake;
		beforeAll(async () => {
			fake = await startPipedriveFake({
				count: 120,
				leads: 60,
				token: TOKEN,
				seed: 23,
				now,
				...fakeLimits,
			});
		});
		afterAll(() => fake.close());

		it.each([
			['/api/v2/deals', 'deal data that is not a list', { success: true, data: 'abc' }],
			['/api/v2/deals', 'success false on a 200', { success: false, data: [] }],
			[
				'/api/v2/deals',
				'a cursor that is not text',
				{ success: true, data: [], additional_data: { next_cursor: 5 } },
			],
			['/api/v2/deals', 'an HTML page', '<html>Cloudflare</html>'],
			['/api/v2/stages', 'stages that are not a list', { success: true, data: { 1: {} } }],
			['/api/v2/pipelines', 'no data', { success: true }],
			['/api/v2/dealFields', 'fields that are not a list', { success: true, data: null }],
			['/v1/users', 'users that are not a list', { success: true, data: 'x' }],
			['/v1/users/me', 'no company record', { success: true, data: 'example' }],
		])('fails %s answered with %s instead of returning deals', async (url, _label, body) => {
			const { session } = openSession(fake, {
				tap: (call, response) => (call.url === url ? { ...response, body } : undefined),
			});
			await expect(pipedriveAdapter.listDeals(session, query())).rejects.toBeInstanceOf(
				CrmBadResponseError,
			);
		});

		it('fails a lead page without its pagination block, and a note or deal answered without data', async () => {
			const { session } = openSession(fake, {
				tap: (call, response) => {
					if (call.url === '/v1/leads') return { ...response, body: { success: true, data: [] } };
					if (call.url === '/v1/notes' || call.url.startsWith('/api/v2/deals/'))
						return { ...response, body: { success: true, data: null } };
					return undefined;
				},
			});
			await expect(
				pipedriveAdapter.listDeals(session, query({ kind: 'lead' })),
			).rejects.toBeInstanceOf(CrmBadResponseError);
			const deal = listed(fake)[0];
			await expect(
				pipedriveAdapter.getDeal(session, String(deal.id), false),
			).rejects.toBeInstanceOf(CrmBadResponseError);
			await expect(
				pipedriveAdapter.createNote!(session, { dealId: String(deal.id), text: 'x' }),
			).rejects.toBeInstanceOf(CrmBadResponseError);
		});

		it('sets aside deals and leads it cannot read, naming the record and the field, and keeps the rest', async () => {
			const broken: string[] = [];
			const { session } = openSession(fake, {
				tap: (call, response) => {
					const data = (response.body as { data?: Array<Record<string, unknown>> }).data;
					if (call.url === '/api/v2/deals' && broken.length === 0 && data) {
						data[2].value = '5000 EUR';
						data[4].add_time = { at: 'noon' };
						data[6].title = ['a', 'list'];
						broken.push(String(data[2].id), String(data[4].id), String(data[6].id));
					}
					if (call.url === '/v1/leads' && broken.length === 3 && data) {
						data[1].value = 'much';
						broken.push(String(data[1].id));
					}
				},
			});
			session.badRecords = [];
			const deals = await pipedriveAdapter.listDeals(session, query());
			expect(deals).toHaveLength(listed(fake).length - 3);
			const leads = await pipedriveAdapter.listDeals(session, query({ kind: 'lead' }));
			expect(leads).toHaveLength(fake.data.leads.filter((l) => !l.is_archived).length - 1);
			expect(session.badRecords.map((e) => [e.recordId, e.field])).toEqual([
				[broken[0], 'value'],
				[broken[1], 'add_time'],
				[broken[2], 'title'],
				[broken[3], 'value'],
			]);
			expect(session.badRecords.every((e) => e instanceof CrmRecordError)).toBe(true);
		});

		it('checks the Company Domain and the Base URL before any request', () => {
			const endpoints = (companyDomain: string, baseUrl = '') =>
				pipedriveAdapter.resolveEndpoints({ apiToken: TOKEN, companyDomain, baseUrl });
			expect(endpoints('mycompany')).toEqual({
				baseUrl: 'https://mycompany.pipedrive.com',
				uiUrl: 'https://mycompany.pipedrive.com',
			});
			expect(endpoints('https://MyCompany.pipedrive.com/').baseUrl).toBe(
				'https://mycompany.pipedrive.com',
			);
			expect(endpoints('').baseUrl).toBe('https://api.pipedrive.com');
			for (const steer of [
				'evil.example:443/',
				'evil.example/x',
				'mycompany?x=',
				'mycompany#',
				'evil\\x',
				'localhost:8990',
				'evil.example',
			]) {
				expect(() => endpoints(steer)).toThrow(/company domain must be a plain name/);
			}
			expect(() => endpoints('mycompany', 'https://u:p@proxy.example.com')).toThrow(/user name/);
			expect(() => endpoints('mycompany', 'javascript:alert(1)')).toThrow(/http/);
		});
	});

	describe('a 3,000-deal company', () => {
		let fake: Fake;
		beforeAll(async () => {
			fake = await startPipedriveFake({
				count: 3_000,
				leads: 0,
				token: TOKEN,
				seed: 5,
				now,
				...fakeLimits,
			});
		});
		afterAll(() => fake.close());

		it('filters by creation date reading newest first, and stops at the first page that reaches older deals', async () => {
			const { session } = openSession(fake, { companyDomain: 'example' });
			const from = new Date(now.getTime() - 40 * DAY);
			const deals = await pipedriveAdapter.listDeals(
				session,
				query({ dateField: 'createdAt', from }),
			);
			const expected = listed(fake).filter((d) => ms(d.add_time) >= from.getTime());
			expect(sortedIds(deals)).toEqual(sortedIds(expected));
			// There is no created-since filter (§2.2): updated_since = from narrows the list to deals updated since,
			// sorted by add_time descending. Fewer than 500 were created since `from`, so page 1 already ends in an older
			// deal and reading stops: 1 page instead of ceil(updatedSince / 500).
			const updatedSince = listed(fake).filter((d) => ms(d.update_time) >= from.getTime()).length;
			expect(expected.length).toBeLessThan(PAGE);
			expect(Math.ceil(updatedSince / PAGE)).toBeGreaterThan(1);
			expect(fake.stats.listPages).toBe(1);
		});

		it('keeps every deal once when the burst window allows only 3 requests, waiting for each announced reset', async () => {
			const tight = await startPipedriveFake({
				count: 3_000,
				leads: 0,
				token: TOKEN,
				seed: 5,
				now,
				burst: 3,
				windowMs: 100,
			});
			try {
				const { session, http } = openSession(tight, { companyDomain: 'example' });
				const deals = await pipedriveAdapter.listDeals(session, query());
				expect(sortedIds(deals)).toEqual(sortedIds(listed(tight)));
				// 4 look-ups + 6 pages: ten requests over at least four windows of three.
				expect(successful(tight)).toBe(LOOKUP_REQUESTS + 3_000 / PAGE);
				expect(http.stats.requests).toBe(tight.stats.requests);
			} finally {
				await tight.close();
			}
		});
	});

	describe('the fake follows the documented contract', () => {
		let fake: Fake;
		const get = (path: string, headers: Record<string, string> = { 'x-api-token': TOKEN }) =>
			axios.get(fake.url + path, { headers, validateStatus: () => true });
		beforeAll(async () => {
			fake = await startPipedriveFake({ count: 250, token: TOKEN, seed: 4, now, burst: 1000 });
		});
		afterAll(() => fake.close());

		it('pages by opaque cursor, 100 by default, next_cursor null at the end, archived deals left out', async () => {
			const first = await get('/api/v2/deals');
			expect(first.status).toBe(200);
			expect(first.data.data).toHaveLength(100);
			const seen = [...first.data.data];
			let cursor = first.data.additional_data.next_cursor;
			while (cursor) {
				const page = await get(`/api/v2/deals?cursor=${encodeURIComponent(cursor)}`);
				seen.push(...page.data.data);
				cursor = page.data.additional_data.next_cursor;
				if (!cursor) expect(page.data.additional_data).toEqual({ next_cursor: null });
			}
			expect(sortedIds(seen)).toEqual(sortedIds(listed(fake)));
			expect(
				seen.every((d) => Object.keys(d.custom_fields).every((k) => /^[0-9a-f]{40}$/.test(k))),
			).toBe(true);
			// Rate-limit headers on every answer (§2.4).
			expect(first.headers['x-ratelimit-limit']).toBe('1000');
			expect(Number(first.headers['x-ratelimit-remaining'])).toBeGreaterThan(0);
		});

		it('answers 400 to a non-RFC 3339 updated_since and to limit over 500; 401 without a token', async () => {
			expect((await get('/api/v2/deals?updated_since=2026-01-01')).status).toBe(400);
			expect((await get('/api/v2/deals?updated_since=2026-01-01T10:00:00.000Z')).status).toBe(400);
			expect((await get('/api/v2/deals?updated_since=2026-01-01T10:00:00Z')).status).toBe(200);
			expect((await get('/api/v2/deals?limit=501')).status).toBe(400);
			const unauthorized = await get('/api/v2/deals', {});
			expect(unauthorized.status).toBe(401);
			expect(unauthorized.data.error).toBe('unauthorized access');
			expect((await get('/api/v2/deals', { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
		});

		it('refuses requests over the burst with 429 and x-ratelimit headers', async () => {
			const frozen = Date.now();
			const small = await startPipedriveFake({
				count: 5,
				token: TOKEN,
				seed: 4,
				now,
				burst: 2,
				clock: () => frozen,
			});
			try {
				const answers = [];
				for (let i = 0; i < 3; i++) {
					answers.push(
						await axios.get(`${small.url}/v1/users`, {
							headers: { 'x-api-token': TOKEN },
							validateStatus: () => true,
						}),
					);
				}
				expect(answers.map((a) => [a.status, a.headers['x-ratelimit-remaining']])).toEqual([
					[200, '1'],
					[200, '0'],
					[429, '0'],
				]);
				expect(answers[2].headers['x-ratelimit-reset']).toBe('2');
				expect(answers[2].data).toMatchObject({ success: false, errorCode: 429 });
			} finally {
				await small.close();
			}
		});
	});

	describe('a 10,000-deal company refusing 20% of requests (429 with rate headers, 500, 502, 503)', () => {
		let fake: Fake;
		beforeAll(async () => {
			fake = await startPipedriveFake({
				count: 10_000,
				token: TOKEN,
				seed: 16,
				now,
				failureRate: 0.2,
				...fakeLimits,
			});
		});
		afterAll(() => fake.close());

		it('retries each refused page until it succeeds: every id once, successful requests at the minimum', async () => {
			const { session, http } = openSession(fake, { companyDomain: 'example' });
			const deals = await pipedriveAdapter.listDeals(session, query());
			expect(deals).toHaveLength(10_000);
			expect(new Set(deals.map((d) => d.id)).size).toBe(10_000);
			expect(sortedIds(deals)).toEqual(sortedIds(listed(fake)));

			// 4 look-ups + 10,000 / 500 pages, each answered once; every refusal cost exactly one retry.
			expect(successful(fake)).toBe(LOOKUP_REQUESTS + 10_000 / PAGE);
			expect(fake.stats.injectedFailures).toBeGreaterThan(2);
			expect(http.stats.retries).toBe(fake.stats.rejected);
			expect(http.stats.requests).toBe(fake.stats.requests);
		});
	});
});

describe('CrmHttpClient follows Pipedrive’s x-ratelimit-remaining / -reset', () => {
	/** A virtual clock: `sleep` advances time at once, so the waits are checked by arithmetic. */
	function harness(responses: Array<Record<string, string>>) {
		const clock = { now: 0, slept: [] as number[], sentAt: [] as number[] };
		const send = async (): Promise<CrmResponse> => {
			clock.sentAt.push(clock.now);
			return { statusCode: 200, headers: responses.shift() ?? {}, body: {} };
		};
		const client = new CrmHttpClient(send, {
			policy: pipedriveAdapter.ratePolicy,
			now: () => clock.now,
			sleep: async (wait) => {
				clock.slept.push(wait);
				clock.now += wait;
			},
		});
		return { clock, client };
	}

	it('holds the next request until the announced reset when the window is spent', async () => {
		const { clock, client } = harness([{ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2' }]);
		await client.request({ method: 'GET', url: '/v1/users' });
		await client.request({ method: 'GET', url: '/v1/users' });
		expect(clock.sentAt).toEqual([0, 2000]);
	});

	it('does not wait while budget remains, and caps an absurd reset at the longest backoff', async () => {
		const { clock, client } = harness([
			{ 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': '2' },
			{ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '5000' },
		]);
		for (let i = 0; i < 3; i++) await client.request({ method: 'GET', url: '/v1/users' });
		expect(clock.sentAt).toEqual([0, 0, pipedriveAdapter.ratePolicy.maxBackoffMs]);
	});
});
