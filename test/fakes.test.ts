/**
 * The fake CRM servers themselves, checked against the documented wire formats
 * (shared/reference/crm-apis.md §3 amoCRM, §4 Bitrix24), so adapters are never built against a
 * wrong fake. Plain HTTP through axios; limiters are driven by an injected clock, never by waiting.
 */
import axios from 'axios';

import { startAmoCrmFake } from './support/fakes/amocrm';
import { startBitrix24Fake } from './support/fakes/bitrix24';
import { startHubSpotFake } from './support/fakes/hubspot';
import { startPipedriveFake } from './support/fakes/pipedrive';
import { createRng, parseBracketQuery } from './support/fakes/common';
import { spawnFakeCrm } from './support/spawnFakeCrm';

type AmoFake = Awaited<ReturnType<typeof startAmoCrmFake>>;
type BitrixFake = Awaited<ReturnType<typeof startBitrix24Fake>>;
/** Wire records are untyped JSON; the fakes' JSDoc types them loosely. */
type Wire = AmoFake['data']['leads'][number];

const now = new Date('2026-11-20T10:00:00Z');
const DAY = 86_400;

const client = axios.create({
	validateStatus: () => true,
	responseType: 'text',
	transformResponse: (body) => body,
});

interface Reply {
	status: number;
	headers: Record<string, unknown>;
	text: string;
	json: Wire;
}

async function call(
	method: 'GET' | 'POST',
	url: string,
	options: { headers?: Record<string, string>; body?: unknown } = {},
): Promise<Reply> {
	const response = await client.request({
		method,
		url,
		headers: options.headers,
		data: options.body,
	});
	const text = typeof response.data === 'string' ? response.data : '';
	let json: Wire;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return {
		status: response.status,
		headers: response.headers as Record<string, unknown>,
		text,
		json,
	};
}

// -------------------------------------------------------------------------------------------------
// Shared plumbing
// -------------------------------------------------------------------------------------------------

describe('fake plumbing', () => {
	it('parses PHP-style bracket queries the way the CRMs read them', () => {
		expect(
			parseBracketQuery(
				'filter[updated_at][from]=1767225600&filter[pipeline_id][]=5&filter[pipeline_id][]=6' +
					'&filter[statuses][0][pipeline_id]=5&filter[statuses][0][status_id]=142' +
					'&with=loss_reason,contacts' +
					'&filter%5B%3E%3DDATE_MODIFY%5D=2026-01-01&order[ID]=ASC&a=1&a=2&__proto__[polluted]=1',
			),
		).toEqual({
			filter: {
				updated_at: { from: '1767225600' },
				pipeline_id: ['5', '6'],
				statuses: [{ pipeline_id: '5', status_id: '142' }],
				'>=DATE_MODIFY': '2026-01-01',
			},
			with: 'loss_reason,contacts',
			order: { ID: 'ASC' },
			a: '2',
		});
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('draws the same numbers from the same seed', () => {
		const a = createRng(42);
		const b = createRng(42);
		const c = createRng(43);
		const first = [a.next(), a.next(), a.next()];
		expect([b.next(), b.next(), b.next()]).toEqual(first);
		expect([c.next(), c.next(), c.next()]).not.toEqual(first);
	});
});

// -------------------------------------------------------------------------------------------------
// amoCRM / Kommo
// -------------------------------------------------------------------------------------------------

describe('amoCRM fake: auth, shape, paging, filters, lookups, notes', () => {
	const TOKEN = 'amo-test-token';
	let fake: AmoFake;
	let auth: Record<string, string>;
	const api = (path: string) => `${fake.url}/api/v4${path}`;

	beforeAll(async () => {
		fake = await startAmoCrmFake({
			count: 600,
			token: TOKEN,
			seed: 11,
			now,
			ratePerSecond: 100_000,
		});
		auth = { Authorization: `Bearer ${TOKEN}` };
	});
	afterAll(() => fake.close());

	/** Follows `_links.next` until a 204 or a page without `next`. */
	async function allLeads(firstUrl: string) {
		const leads: Wire[] = [];
		const statuses: number[] = [];
		let next: string | undefined = firstUrl;
		while (next) {
			const reply = await call('GET', next, { headers: auth });
			statuses.push(reply.status);
			if (reply.status === 204) break;
			expect(reply.status).toBe(200);
			leads.push(...reply.json._embedded.leads);
			next = reply.json._links.next?.href;
		}
		return { leads, statuses };
	}

	it('answers 401 problem+json without a valid Bearer token', async () => {
		const before = fake.stats.unauthorized;
		const attempts: Array<Record<string, string>> = [
			{},
			{ Authorization: 'Bearer wrong' },
			{ Authorization: TOKEN },
		];
		for (const headers of attempts) {
			const reply = await call('GET', api('/leads'), { headers });
			expect(reply.status).toBe(401);
			expect(String(reply.headers['content-type'])).toContain('application/problem+json');
			expect(reply.json).toMatchObject({
				status: 401,
				title: 'Unauthorized',
				type: 'https://httpstatus.es/401',
			});
		}
		expect(fake.stats.unauthorized - before).toBe(3);
	});

	it('serves the account for the credential test', async () => {
		const reply = await call('GET', api('/account'), { headers: auth });
		expect(reply.status).toBe(200);
		expect(reply.json).toMatchObject({
			id: fake.data.account.id,
			subdomain: 'example',
			currency: 'RUB',
		});
		expect(typeof reply.json.name).toBe('string');
	});

	it('lists leads as hal+json shaped like the documented example', async () => {
		const reply = await call('GET', api('/leads?limit=5'), { headers: auth });
		expect(reply.status).toBe(200);
		expect(String(reply.headers['content-type'])).toBe('application/hal+json');
		expect(reply.json._page).toBe(1);
		expect(reply.json._links.self.href).toContain('/api/v4/leads?');
		expect(reply.json._links.next.href).toContain('page=2');
		const leads = reply.json._embedded.leads as Wire[];
		expect(leads).toHaveLength(5);
		for (const lead of leads) {
			expect(Object.keys(lead)).toEqual(
				expect.arrayContaining([
					'id',
					'name',
					'price',
					'responsible_user_id',
					'group_id',
					'status_id',
					'pipeline_id',
					'loss_reason_id',
					'created_by',
					'updated_by',
					'created_at',
					'updated_at',
					'closed_at',
					'closest_task_at',
					'is_deleted',
					'custom_fields_values',
					'score',
					'account_id',
					'_links',
					'_embedded',
				]),
			);
			// Unix seconds, not milliseconds.
			expect(Number.isInteger(lead.created_at)).toBe(true);
			expect(lead.created_at).toBeLessThan(10_000_000_000);
			expect(lead.created_at).toBeGreaterThanOrEqual(Math.floor(now.getTime() / 1000) - 180 * DAY);
			expect(lead.updated_at).toBeGreaterThanOrEqual(lead.created_at);
			expect(lead._embedded.loss_reason).toBeUndefined();
			expect(lead._embedded.contacts).toBeUndefined();
		}
	});

	it('pages with limit ≤ 250 and answers 204 with an empty body past the end', async () => {
		const listBefore = fake.stats.listPages;
		const emptyBefore = fake.stats.emptyPages;
		// 600 leads / 250: pages 1-2 full, page 3 has 100 → no next link after it.
		const { leads, statuses } = await allLeads(api('/leads?limit=250'));
		expect(statuses).toEqual([200, 200, 200]);
		expect(leads.map((l) => l.id)).toEqual(fake.data.leads.map((l: Wire) => l.id));
		expect(fake.stats.listPages - listBefore).toBe(3);

		const past = await call('GET', api('/leads?limit=250&page=9'), { headers: auth });
		expect(past.status).toBe(204);
		expect(past.text).toBe('');
		expect(past.headers['content-type']).toBeUndefined();
		expect(fake.stats.emptyPages - emptyBefore).toBe(1);

		const tooBig = await call('GET', api('/leads?limit=251'), { headers: auth });
		expect(tooBig.status).toBe(400);
		expect(String(tooBig.headers['content-type'])).toContain('application/problem+json');
		expect(tooBig.json['validation-errors'][0].errors[0].path).toBe('limit');
	});

	it('gives the last full page a next link that leads to a 204 (amocrm-api-php#193)', async () => {
		// 600 = 3 × 200: the third page is full, so it links to a fourth, empty one.
		const { leads, statuses } = await allLeads(api('/leads?limit=200'));
		expect(statuses).toEqual([200, 200, 200, 204]);
		expect(leads).toHaveLength(600);
	});

	it('answers 204 for an empty result', async () => {
		const reply = await call('GET', api('/leads?filter[id]=1'), { headers: auth });
		expect(reply.status).toBe(204);
		expect(reply.text).toBe('');
	});

	it('filters by date ranges, pipelines, status pairs, owner and ids, and orders', async () => {
		const all = fake.data.leads as Wire[];
		const nowS = Math.floor(now.getTime() / 1000);
		const from = nowS - 60 * DAY;
		const to = nowS - 10 * DAY;
		const byCreated = await allLeads(
			api(`/leads?limit=250&filter[created_at][from]=${from}&filter[created_at][to]=${to}`),
		);
		const expectedCreated = all
			.filter((l) => l.created_at >= from && l.created_at <= to)
			.map((l) => l.id);
		expect(expectedCreated.length).toBeGreaterThan(0);
		expect(byCreated.leads.map((l) => l.id)).toEqual(expectedCreated);

		const byUpdated = await allLeads(api(`/leads?limit=250&filter[updated_at][from]=${to}`));
		expect(byUpdated.leads.map((l) => l.id)).toEqual(
			all.filter((l) => l.updated_at >= to).map((l) => l.id),
		);

		const byClosed = await allLeads(api(`/leads?limit=250&filter[closed_at][from]=${from}`));
		expect(byClosed.leads.map((l) => l.id)).toEqual(
			all.filter((l) => l.closed_at !== null && l.closed_at >= from).map((l) => l.id),
		);

		const second = fake.data.pipelines[1].id;
		const byPipeline = await allLeads(api(`/leads?limit=250&filter[pipeline_id][]=${second}`));
		expect(byPipeline.leads.map((l) => l.id)).toEqual(
			all.filter((l) => l.pipeline_id === second).map((l) => l.id),
		);

		const main = fake.data.pipelines[0].id;
		const wonInMain = await allLeads(
			api(
				`/leads?limit=250&filter[statuses][0][pipeline_id]=${main}` +
					'&filter[statuses][0][status_id]=142',
			),
		);
		const expectedWon = all
			.filter((l) => l.pipeline_id === main && l.status_id === 142)
			.map((l) => l.id);
		expect(expectedWon.length).toBeGreaterThan(0);
		expect(wonInMain.leads.map((l) => l.id)).toEqual(expectedWon);

		const owner = fake.data.users[1].id;
		const byOwner = await allLeads(api(`/leads?limit=250&filter[responsible_user_id]=${owner}`));
		expect(byOwner.leads.map((l) => l.id)).toEqual(
			all.filter((l) => l.responsible_user_id === owner).map((l) => l.id),
		);

		const ids = [all[5].id, all[50].id, all[500].id];
		const byIds = await allLeads(
			api(`/leads?filter[id][]=${ids[0]}&filter[id][]=${ids[1]}&filter[id][]=${ids[2]}`),
		);
		expect(byIds.leads.map((l) => l.id)).toEqual(ids);

		const ordered = await allLeads(api('/leads?limit=250&order[updated_at]=desc'));
		const updated = ordered.leads.map((l) => l.updated_at);
		expect(updated).toEqual([...updated].sort((a, b) => b - a));
		expect(ordered.leads).toHaveLength(600);
	});

	it('embeds loss reasons, contacts and sources only when asked with `with`', async () => {
		const lost = (fake.data.leads as Wire[]).find(
			(l) => l.status_id === 143 && l.loss_reason_id !== null,
		);
		const reply = await call(
			'GET',
			api(`/leads?filter[id]=${lost.id}&with=loss_reason,contacts,source`),
			{ headers: auth },
		);
		const lead = reply.json._embedded.leads[0];
		expect(lead.loss_reason_id).toBe(lost.loss_reason_id);
		expect(lead._embedded.loss_reason).toHaveLength(1);
		expect(lead._embedded.loss_reason[0]).toMatchObject({
			id: lost.loss_reason_id,
			name: fake.data.lossReasons.find((r: Wire) => r.id === lost.loss_reason_id).name,
		});
		expect(Array.isArray(lead._embedded.contacts)).toBe(true);
		const withSource = (fake.data.leads as Wire[]).find((l) => l.source_id !== null);
		const sourced = await call('GET', api(`/leads/${withSource.id}?with=source`), {
			headers: auth,
		});
		expect(sourced.json._embedded.source).toEqual(
			fake.data.sources.find((s: Wire) => s.id === withSource.source_id),
		);
	});

	it('keeps UTM in tracking fields by field_code, with account-specific ids', async () => {
		const leads = fake.data.leads as Wire[];
		const utmSource = (lead: Wire) =>
			(lead.custom_fields_values ?? []).find((f: Wire) => f.field_code === 'UTM_SOURCE');
		expect(leads.filter((l) => utmSource(l)).length).toBeGreaterThan(100);
		expect(leads.filter((l) => !utmSource(l)).length).toBeGreaterThan(50);
		// No filled field at all is JSON null, not an empty array.
		expect(leads.some((l) => l.custom_fields_values === null)).toBe(true);
		const tracked = leads.find((l) => utmSource(l))!;
		expect(utmSource(tracked)).toMatchObject({
			field_type: 'tracking_data',
			values: [{ value: expect.any(String) }],
		});
		// A legacy field named like a tracking field but without a code exists, so mapping by name is
		// wrong.
		const codes = fake.data.customFields
			.filter((f: Wire) => f.name === 'utm_source')
			.map((f: Wire) => f.code);
		expect(codes.sort()).toEqual(['UTM_SOURCE', null].sort());
		for (const code of ['UTM_SOURCE', 'UTM_MEDIUM', 'UTM_CAMPAIGN', 'UTM_CONTENT', 'UTM_TERM']) {
			expect(
				fake.data.customFields.some((f: Wire) => f.code === code && f.type === 'tracking_data'),
			).toBe(true);
		}

		const other = await startAmoCrmFake({ count: 5, seed: 12, now });
		try {
			const idOf = (fields: Wire[]) => fields.find((f) => f.code === 'UTM_SOURCE').id;
			expect(idOf(other.data.customFields)).not.toBe(idOf(fake.data.customFields));
		} finally {
			await other.close();
		}

		const fields = await call('GET', api('/leads/custom_fields'), { headers: auth });
		expect(fields.json._embedded.custom_fields).toHaveLength(fake.data.customFields.length);
		expect(fields.json._total_items).toBe(fake.data.customFields.length);
	});

	it('serves pipelines with 142/143 in each, loss reasons and users', async () => {
		const pipelines = await call('GET', api('/leads/pipelines'), { headers: auth });
		expect(String(pipelines.headers['content-type'])).toBe('application/hal+json');
		const list = pipelines.json._embedded.pipelines as Wire[];
		expect(list).toHaveLength(2);
		expect(list.filter((p) => p.is_main)).toHaveLength(1);
		for (const pipeline of list) {
			const ids = pipeline._embedded.statuses.map((s: Wire) => s.id);
			expect(ids).toEqual(expect.arrayContaining([142, 143]));
			expect(pipeline._embedded.statuses.every((s: Wire) => s.pipeline_id === pipeline.id)).toBe(
				true,
			);
		}
		const reasons = await call('GET', api('/leads/loss_reasons'), { headers: auth });
		expect(reasons.json._embedded.loss_reasons.map((r: Wire) => r.name)).toEqual(
			fake.data.lossReasons.map((r: Wire) => r.name),
		);
		const users = await call('GET', api('/users'), { headers: auth });
		expect(users.json._embedded.users.length).toBeGreaterThanOrEqual(4);
		expect(users.json._embedded.users[0]).toMatchObject({
			id: expect.any(Number),
			name: expect.any(String),
		});
		expect(users.json._embedded.users.some((u: Wire) => u.rights.is_active === false)).toBe(true);
	});

	it('gets one lead, and 404s an unknown one', async () => {
		const lead = fake.data.leads[7];
		const one = await call('GET', api(`/leads/${lead.id}`), { headers: auth });
		expect(one.status).toBe(200);
		expect(one.json).toMatchObject({
			id: lead.id,
			status_id: lead.status_id,
			pipeline_id: lead.pipeline_id,
		});
		const missing = await call('GET', api('/leads/999'), { headers: auth });
		expect(missing.status).toBe(404);
		expect(missing.json).toMatchObject({ status: 404, title: 'Not Found' });
	});

	it('creates notes from an array body and remembers them', async () => {
		const lead = fake.data.leads[2];
		const reply = await call('POST', api('/leads/notes'), {
			headers: auth,
			body: [
				{ entity_id: lead.id, note_type: 'common', params: { text: 'Lead rejected: no budget' } },
			],
		});
		expect(reply.status).toBe(200);
		expect(reply.json._embedded.notes[0]).toMatchObject({
			id: expect.any(Number),
			entity_id: lead.id,
			request_id: '0',
		});
		expect(fake.notes.at(-1)).toMatchObject({
			entity_id: lead.id,
			note_type: 'common',
			params: { text: 'Lead rejected: no budget' },
		});

		const viaPath = await call('POST', api(`/leads/${lead.id}/notes`), {
			headers: auth,
			body: [{ note_type: 'common', params: { text: 'Second note' } }],
		});
		expect(viaPath.json._embedded.notes[0].entity_id).toBe(lead.id);

		const invalid = await call('POST', api('/leads/notes'), {
			headers: auth,
			body: [{ entity_id: 1, note_type: 'common', params: { text: '' } }],
		});
		expect(invalid.status).toBe(400);
		expect(invalid.json['validation-errors'][0].errors.map((e: Wire) => e.path).sort()).toEqual([
			'entity_id',
			'params.text',
		]);
		const notArray = await call('POST', api('/leads/notes'), {
			headers: auth,
			body: { entity_id: lead.id },
		});
		expect(notArray.status).toBe(400);
	});

	it('builds the same data from the same seed and now', async () => {
		const again = await startAmoCrmFake({ count: 600, token: TOKEN, seed: 11, now });
		try {
			const strip = (leads: Wire[]) => JSON.stringify(leads).split(again.url).join('URL');
			expect(strip(again.data.leads)).toBe(
				JSON.stringify(fake.data.leads).split(fake.url).join('URL'),
			);
		} finally {
			await again.close();
		}
	});
});

describe('amoCRM fake: 7 req/s limiter, IP block and failure injection', () => {
	it('lets 7 requests through per second and answers 429 with a non-JSON body', async () => {
		let clock = 1_000_000;
		const fake = await startAmoCrmFake({ count: 20, seed: 1, now, clock: () => clock });
		try {
			const headers = { Authorization: 'Bearer good-token' };
			const burst = await Promise.all(
				Array.from({ length: 20 }, () => call('GET', `${fake.url}/api/v4/account`, { headers })),
			);
			const statuses = burst.map((r) => r.status);
			expect(statuses.filter((s) => s === 200)).toHaveLength(7);
			expect(statuses.filter((s) => s === 429)).toHaveLength(13);
			const refused = burst.find((r) => r.status === 429)!;
			expect(String(refused.headers['content-type'])).toContain('text/html');
			expect(() => JSON.parse(refused.text)).toThrow();
			expect(refused.headers['retry-after']).toBeUndefined();
			expect(fake.stats).toMatchObject({ requests: 20, rejected: 13, rateLimited: 13 });

			clock += 999;
			expect((await call('GET', `${fake.url}/api/v4/account`, { headers })).status).toBe(429);
			clock += 1;
			expect((await call('GET', `${fake.url}/api/v4/account`, { headers })).status).toBe(200);
		} finally {
			await fake.close();
		}
	});

	it('announces Retry-After on 429s when configured', async () => {
		const clock = 5;
		const fake = await startAmoCrmFake({
			count: 5,
			seed: 1,
			now,
			ratePerSecond: 1,
			retryAfter: 2,
			clock: () => clock,
		});
		try {
			const headers = { Authorization: 'Bearer good-token' };
			expect((await call('GET', `${fake.url}/api/v4/account`, { headers })).status).toBe(200);
			const refused = await call('GET', `${fake.url}/api/v4/account`, { headers });
			expect(refused.status).toBe(429);
			expect(refused.headers['retry-after']).toBe('2');
		} finally {
			await fake.close();
		}
	});

	it('blocks every request with 403 after repeated 429s when the IP block is on', async () => {
		let clock = 0;
		const fake = await startAmoCrmFake({
			count: 5,
			seed: 1,
			now,
			ratePerSecond: 1,
			ipBlock: { after429s: 2, forMs: 60_000 },
			clock: () => clock,
		});
		try {
			const headers = { Authorization: 'Bearer good-token' };
			const statuses = [];
			for (let i = 0; i < 4; i++)
				statuses.push((await call('GET', `${fake.url}/api/v4/account`, { headers })).status);
			expect(statuses).toEqual([200, 429, 429, 403]);
			clock += 30_000;
			expect((await call('GET', `${fake.url}/api/v4/account`, { headers })).status).toBe(403);
			clock += 30_000;
			expect((await call('GET', `${fake.url}/api/v4/account`, { headers })).status).toBe(200);
		} finally {
			await fake.close();
		}
	});

	it('refuses about the configured share with 429 or 502, identically per seed', async () => {
		const run = async () => {
			const fake = await startAmoCrmFake({
				count: 5,
				seed: 21,
				now,
				ratePerSecond: 100_000,
				failureRate: 0.25,
			});
			try {
				const statuses: number[] = [];
				for (let i = 0; i < 400; i++) {
					statuses.push(
						(
							await call('GET', `${fake.url}/api/v4/account`, {
								headers: { Authorization: 'Bearer good-token' },
							})
						).status,
					);
				}
				expect(fake.stats.injectedFailures).toBe(statuses.filter((s) => s !== 200).length);
				expect(fake.stats.rejected).toBe(fake.stats.injectedFailures);
				return statuses;
			} finally {
				await fake.close();
			}
		};
		const first = await run();
		const refused = first.filter((s) => s !== 200);
		expect(refused.length).toBeGreaterThan(60);
		expect(refused.length).toBeLessThan(140);
		expect(new Set(refused)).toEqual(new Set([429, 502]));
		expect(await run()).toEqual(first);
	});

	it('pages 10,000 leads in exactly 40 pages of 250 plus the 204 behind the last', async () => {
		const fake = await startAmoCrmFake({ count: 10_000, seed: 3, now, ratePerSecond: 100_000 });
		try {
			const headers = { Authorization: 'Bearer good-token' };
			const ids = new Set<number>();
			let next: string | undefined = `${fake.url}/api/v4/leads?limit=250&with=loss_reason`;
			while (next) {
				const reply = await call('GET', next, { headers });
				if (reply.status === 204) break;
				for (const lead of reply.json._embedded.leads) ids.add(lead.id);
				next = reply.json._links.next?.href;
			}
			expect(ids.size).toBe(10_000);
			expect(fake.stats.listPages).toBe(40);
			expect(fake.stats.emptyPages).toBe(1);
			expect(fake.stats.byRoute['/api/v4/leads']).toBe(41);
		} finally {
			await fake.close();
		}
	});
});

// -------------------------------------------------------------------------------------------------
// Bitrix24
// -------------------------------------------------------------------------------------------------

describe('Bitrix24 fake: webhook auth, lists, filters, lookups, comments, batch', () => {
	let fake: BitrixFake;
	const post = (method: string, body: unknown) =>
		call('POST', `${fake.webhookUrl}${method}`, { body });

	beforeAll(async () => {
		fake = await startBitrix24Fake({
			count: 120,
			leadCount: 80,
			seed: 5,
			now,
			ratePerSecond: 100_000,
			burst: 100_000,
		});
	});
	afterAll(() => fake.close());

	it('exposes the inbound-webhook URL a user pastes', () => {
		expect(fake.webhookUrl).toBe(`${fake.url}/rest/1/abc123secret/`);
	});

	it('answers 401 NO_AUTH_FOUND for a wrong secret or user id', async () => {
		for (const url of [
			`${fake.url}/rest/1/wrong/profile`,
			`${fake.url}/rest/2/abc123secret/profile`,
		]) {
			const reply = await call('GET', url);
			expect(reply.status).toBe(401);
			expect(reply.json).toEqual({
				error: 'NO_AUTH_FOUND',
				error_description: 'Wrong authorization data',
			});
		}
	});

	it('answers profile (the credential test) with and without the .json suffix', async () => {
		for (const method of ['profile', 'profile.json']) {
			const reply = await call('GET', `${fake.webhookUrl}${method}`);
			expect(reply.status).toBe(200);
			expect(reply.json.result).toMatchObject({ ID: '1', ADMIN: true });
			expect(reply.json.time).toMatchObject({
				start: expect.any(Number),
				date_start: expect.stringMatching(/\+03:00$/),
			});
		}
	});

	it('pages by 50 with next only when more, total, and start=-1 without a count', async () => {
		const first = await post('crm.deal.list', { order: { ID: 'ASC' }, start: 0 });
		expect(first.json.result).toHaveLength(50);
		expect(first.json.next).toBe(50);
		expect(first.json.total).toBe(120);
		const last = await post('crm.deal.list', { order: { ID: 'ASC' }, start: 100 });
		expect(last.json.result).toHaveLength(20);
		expect(last.json.next).toBeUndefined();
		expect(last.json.total).toBe(120);
		const countFree = await post('crm.deal.list', { order: { ID: 'ASC' }, start: -1 });
		expect(countFree.json.result).toHaveLength(50);
		expect(countFree.json.total).toBe(0);
		expect(countFree.json.next).toBeUndefined();
	});

	it('walks every deal by >ID with start=-1, stopping on a short page', async () => {
		const before = { list: fake.stats.listPages, empty: fake.stats.emptyPages };
		const ids: string[] = [];
		let lastId = 0;
		for (;;) {
			const reply = await post('crm.deal.list', {
				select: ['ID'],
				filter: { '>ID': lastId },
				order: { ID: 'ASC' },
				start: -1,
			});
			const rows = reply.json.result as Wire[];
			ids.push(...rows.map((r) => r.ID));
			if (rows.length < 50) break;
			lastId = Number(rows[rows.length - 1].ID);
		}
		expect(ids).toEqual(fake.data.deals.map((d: Wire) => d.ID));
		expect(fake.stats.listPages - before.list).toBe(3);
		expect(fake.stats.emptyPages - before.empty).toBe(0);
	});

	it('reads select/filter/order in any case, from JSON, form bodies and GET queries', async () => {
		const from = '2026-10-01T00:00:00+03:00';
		const lower = await post('crm.deal.list', {
			select: ['ID', 'DATE_MODIFY'],
			filter: { '>=DATE_MODIFY': from },
			order: { ID: 'DESC' },
		});
		const upper = await post('crm.deal.list', {
			SELECT: ['ID', 'DATE_MODIFY'],
			FILTER: { '>=DATE_MODIFY': from },
			ORDER: { ID: 'DESC' },
		});
		const query = new URLSearchParams({
			'select[]': 'ID',
			'filter[>=DATE_MODIFY]': from,
			'order[ID]': 'DESC',
		});
		const viaGet = await call('GET', `${fake.webhookUrl}crm.deal.list.json?${query.toString()}`);
		const viaForm = await call('POST', `${fake.webhookUrl}crm.deal.list`, {
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: query.toString(),
		});
		const ids = (reply: Reply) => (reply.json.result as Wire[]).map((d) => d.ID);
		expect(ids(lower).length).toBeGreaterThan(0);
		expect(ids(upper)).toEqual(ids(lower));
		expect(ids(viaGet)).toEqual(ids(lower));
		expect(ids(viaForm)).toEqual(ids(lower));
		expect(Object.keys(lower.json.result[0])).toEqual(['ID', 'DATE_MODIFY']);
		const sorted = ids(lower).map(Number);
		expect(sorted).toEqual([...sorted].sort((a, b) => b - a));
	});

	it('applies the prefix operators like the documented filter', async () => {
		const deals = fake.data.deals as Wire[];
		const ms = (iso: string) => Date.parse(iso);
		const from = '2026-09-01T00:00:00+03:00';
		const to = '2026-11-01';
		const everything = async (filter: Record<string, unknown>) => {
			const rows: Wire[] = [];
			for (let start = 0; ; start += 50) {
				const reply = await post('crm.deal.list', { filter, order: { ID: 'ASC' }, start });
				rows.push(...reply.json.result);
				if (reply.json.next === undefined) return rows.map((r) => r.ID);
			}
		};
		const expectIds = async (filter: Record<string, unknown>, predicate: (d: Wire) => boolean) => {
			const expected = deals.filter(predicate).map((d) => d.ID);
			expect(expected.length).toBeGreaterThan(0);
			expect(await everything(filter)).toEqual(expected);
		};
		await expectIds({ '>=DATE_MODIFY': from }, (d) => ms(d.DATE_MODIFY) >= ms(from));
		// A bare date is midnight in the portal's time zone (+03:00).
		await expectIds(
			{ '<=DATE_CREATE': to },
			(d) => ms(d.DATE_CREATE) <= ms('2026-11-01T00:00:00+03:00'),
		);
		await expectIds({ '=CATEGORY_ID': 1 }, (d) => d.CATEGORY_ID === '1');
		await expectIds(
			{ CATEGORY_ID: '0', '@STAGE_SEMANTIC_ID': ['S', 'F'] },
			(d) => d.CATEGORY_ID === '0' && d.STAGE_SEMANTIC_ID !== 'P',
		);
		await expectIds({ '>ID': deals[60].ID }, (d) => Number(d.ID) > Number(deals[60].ID));
		await expectIds(
			{ '!SOURCE_ID': 'CALL', '%UTM_SOURCE': 'goog' },
			(d) => d.SOURCE_ID !== 'CALL' && d.UTM_SOURCE === 'google',
		);
		const bad = await post('crm.deal.list', { filter: 'nonsense' });
		expect(bad.status).toBe(400);
		expect(bad.json).toEqual({ error: '', error_description: "Parameter 'filter' must be array." });
	});

	it('sends deals as strings: portal-offset dates, C1: stages, P/S/F, UTM columns', async () => {
		const deals = fake.data.deals as Wire[];
		for (const deal of deals) {
			for (const [key, value] of Object.entries(deal)) {
				if (value !== null) expect([key, typeof value]).toEqual([key, 'string']);
			}
			expect(deal.DATE_CREATE).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/);
			expect(deal.CLOSEDATE).toMatch(/T03:00:00\+03:00$/);
			expect(deal.OPPORTUNITY).toMatch(/^\d+\.\d{2}$/);
			expect(deal.CLOSED).toBe(deal.STAGE_SEMANTIC_ID === 'P' ? 'N' : 'Y');
			if (deal.CATEGORY_ID === '1') expect(deal.STAGE_ID).toMatch(/^C1:/);
			else expect(deal.STAGE_ID).not.toMatch(/^C\d+:/);
		}
		expect(new Set(deals.map((d) => d.STAGE_SEMANTIC_ID))).toEqual(new Set(['P', 'S', 'F']));
		expect(new Set(deals.map((d) => d.CATEGORY_ID))).toEqual(new Set(['0', '1']));
		expect(
			new Set(deals.filter((d) => d.STAGE_SEMANTIC_ID === 'F').map((d) => d.STAGE_ID)).size,
		).toBeGreaterThan(2);
		expect(deals.some((d) => d.UTM_SOURCE === null)).toBe(true);
		expect(deals.some((d) => d.UTM_SOURCE !== null && d.SOURCE_ID !== null)).toBe(true);
		expect(new Set(deals.map((d) => d.ASSIGNED_BY_ID)).size).toBeGreaterThanOrEqual(4);

		const got = await post('crm.deal.get', { id: deals[0].ID });
		expect(got.json.result).toEqual(deals[0]);
		const missing = await post('crm.deal.get', { id: 1 });
		expect(missing.status).toBe(400);
		expect(missing.json).toEqual({ error: '', error_description: 'Not found' });
	});

	it('sends leads with status semantics and an empty DATE_CLOSED while open', async () => {
		const reply = await post('crm.lead.list', { filter: { STATUS_SEMANTIC_ID: 'F' } });
		const failed = reply.json.result as Wire[];
		expect(failed.length).toBeGreaterThan(0);
		expect(failed.every((l) => l.DATE_CLOSED !== '' && l.STATUS_SEMANTIC_ID === 'F')).toBe(true);
		expect(failed.some((l) => typeof l.STATUS_DESCRIPTION === 'string')).toBe(true);
		const open = (fake.data.leads as Wire[]).filter((l) => l.STATUS_SEMANTIC_ID === 'P');
		expect(open.length).toBeGreaterThan(0);
		expect(open.every((l) => l.DATE_CLOSED === '')).toBe(true);
	});

	it('lists stages per pipeline, lead statuses, sources and pipelines', async () => {
		const stages = async (entityId: string) =>
			(await post('crm.status.list', { filter: { ENTITY_ID: entityId } })).json.result as Wire[];
		const general = await stages('DEAL_STAGE');
		expect(general.map((s) => s.STATUS_ID)).toEqual(
			expect.arrayContaining(['NEW', 'WON', 'LOSE', 'APOLOGY']),
		);
		const failures = general.filter((s) => s.SEMANTICS === 'F');
		expect(failures.length).toBeGreaterThanOrEqual(3);
		expect(new Set(failures.map((s) => s.NAME)).size).toBe(failures.length);
		expect(general.find((s) => s.STATUS_ID === 'WON')).toMatchObject({
			SEMANTICS: 'S',
			EXTRA: { SEMANTICS: 'success' },
		});
		const partners = await stages('DEAL_STAGE_1');
		expect(partners.every((s) => s.STATUS_ID.startsWith('C1:') && s.CATEGORY_ID === '1')).toBe(
			true,
		);
		expect((await stages('STATUS')).map((s) => s.STATUS_ID)).toEqual(
			expect.arrayContaining(['NEW', 'CONVERTED', 'JUNK']),
		);
		const sources = await stages('SOURCE');
		for (const id of new Set((fake.data.deals as Wire[]).map((d) => d.SOURCE_ID).filter(Boolean))) {
			expect(sources.map((s) => s.STATUS_ID)).toContain(id);
		}

		const categories = await post('crm.category.list', { entityTypeId: 2 });
		expect(categories.json.result.categories).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ id: 0, isDefault: 'Y' }),
				expect.objectContaining({ id: 1, isDefault: 'N' }),
			]),
		);
		expect((await post('crm.category.list', { entityTypeId: 999 })).status).toBe(400);
	});

	it('lists users with a boolean ACTIVE and filters them', async () => {
		const all = (await post('user.get', {})).json;
		expect(all.total).toBe(fake.data.users.length);
		expect(all.result.length).toBeGreaterThanOrEqual(4);
		expect(all.result.every((u: Wire) => typeof u.ACTIVE === 'boolean')).toBe(true);
		expect(all.result.some((u: Wire) => u.ACTIVE === false)).toBe(true);
		const some = await post('user.get', { FILTER: { ID: ['7', '9'] } });
		expect(some.json.result.map((u: Wire) => u.ID)).toEqual(['7', '9']);
		const active = await post('user.get', { ACTIVE: true });
		expect(active.json.result.every((u: Wire) => u.ACTIVE === true)).toBe(true);
	});

	it('adds timeline comments with lowercase `fields` only', async () => {
		const deal = fake.data.deals[4];
		const added = await post('crm.timeline.comment.add', {
			fields: { ENTITY_ID: deal.ID, ENTITY_TYPE: 'deal', COMMENT: 'Клиент: дорого' },
		});
		expect(added.status).toBe(200);
		expect(typeof added.json.result).toBe('number');
		expect(fake.notes.at(-1)).toMatchObject({
			ID: String(added.json.result),
			ENTITY_ID: deal.ID,
			ENTITY_TYPE: 'deal',
			COMMENT: 'Клиент: дорого',
		});
		expect(
			(
				await post('crm.timeline.comment.add', {
					FIELDS: { ENTITY_ID: deal.ID, ENTITY_TYPE: 'deal', COMMENT: 'x' },
				})
			).status,
		).toBe(400);
		const missing = await post('crm.timeline.comment.add', {
			fields: { ENTITY_ID: 1, ENTITY_TYPE: 'deal', COMMENT: 'x' },
		});
		expect(missing.json.error).toBe('OWNER_NOT_FOUND');
	});

	it('runs up to 50 commands in a batch with per-command results and errors', async () => {
		const ok = await post('batch', {
			halt: 0,
			cmd: { deals: 'crm.deal.list?select[]=ID&order[ID]=ASC&start=50', me: 'profile' },
		});
		expect(ok.status).toBe(200);
		expect(ok.json.result.result.deals).toHaveLength(50);
		expect(ok.json.result.result.me.ID).toBe('1');
		expect(ok.json.result.result_total).toEqual({ deals: 120 });
		expect(ok.json.result.result_next).toEqual({ deals: 100 });
		expect(ok.json.result.result_error).toEqual([]);

		const mixed = await post('batch', {
			halt: 0,
			cmd: { a: 'crm.deal.get?id=1', b: 'batch?cmd[x]=profile', c: 'profile' },
		});
		expect(mixed.json.result.result_error.a).toEqual({ error: '', error_description: 'Not found' });
		expect(mixed.json.result.result_error.b.error).toBe('ERROR_BATCH_METHOD_NOT_ALLOWED');
		expect(mixed.json.result.result.c.ID).toBe('1');
		const halted = await post('batch', { halt: 1, cmd: { a: 'crm.deal.get?id=1', c: 'profile' } });
		expect(halted.json.result.result).toEqual([]);

		const cmd = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`c${i}`, 'profile']));
		const tooMany = await post('batch', { cmd });
		expect(tooMany.status).toBe(400);
		expect(tooMany.json.error).toBe('ERROR_BATCH_LENGTH_EXCEEDED');
	});
});

describe('Bitrix24 fake: scopes, leaky bucket, failure injection, operating limit', () => {
	it('answers 403 insufficient_scope to CRM methods without the crm scope', async () => {
		const fake = await startBitrix24Fake({ count: 5, seed: 1, now, scopes: ['user'] });
		try {
			const deals = await call('POST', `${fake.webhookUrl}crm.deal.list`, { body: {} });
			expect(deals.status).toBe(403);
			expect(deals.json.error).toBe('insufficient_scope');
			expect((await call('POST', `${fake.webhookUrl}user.get`, { body: {} })).status).toBe(200);
			expect((await call('POST', `${fake.webhookUrl}profile`, { body: {} })).status).toBe(200);
			const batch = await call('POST', `${fake.webhookUrl}batch`, {
				body: { cmd: { d: 'crm.deal.list' } },
			});
			expect(batch.json.result.result_error.d).toEqual({
				error: 'insufficient_scope',
				error_description: '',
			});
		} finally {
			await fake.close();
		}
	});

	it('lets X=50 through, then 503 QUERY_LIMIT_EXCEEDED, draining Y=2 per second', async () => {
		let clock = 10_000;
		const fake = await startBitrix24Fake({ count: 5, seed: 1, now, clock: () => clock });
		try {
			const burst = await Promise.all(
				Array.from({ length: 60 }, () => call('GET', `${fake.webhookUrl}profile`)),
			);
			expect(burst.filter((r) => r.status === 200)).toHaveLength(50);
			const refused = burst.filter((r) => r.status === 503);
			expect(refused).toHaveLength(10);
			expect(refused[0].json).toEqual({
				error: 'QUERY_LIMIT_EXCEEDED',
				error_description: 'Too many requests',
			});
			expect(refused[0].headers['retry-after']).toBeUndefined();
			expect(fake.stats).toMatchObject({ requests: 60, rejected: 10, rateLimited: 10 });

			clock += 500; // one request has drained
			expect((await call('GET', `${fake.webhookUrl}profile`)).status).toBe(200);
			expect((await call('GET', `${fake.webhookUrl}profile`)).status).toBe(503);
		} finally {
			await fake.close();
		}
	});

	it('takes custom bucket sizes and announces Retry-After only when configured', async () => {
		const clock = 0;
		const fake = await startBitrix24Fake({
			count: 5,
			seed: 1,
			now,
			burst: 3,
			ratePerSecond: 1,
			retryAfter: 1,
			clock: () => clock,
		});
		try {
			const statuses = [];
			for (let i = 0; i < 4; i++)
				statuses.push((await call('GET', `${fake.webhookUrl}profile`)).status);
			expect(statuses).toEqual([200, 200, 200, 503]);
			expect((await call('GET', `${fake.webhookUrl}profile`)).headers['retry-after']).toBe('1');
		} finally {
			await fake.close();
		}
	});

	it('refuses about the configured share with 503 QUERY_LIMIT_EXCEEDED or 502', async () => {
		const fake = await startBitrix24Fake({
			count: 5,
			seed: 8,
			now,
			ratePerSecond: 100_000,
			burst: 100_000,
			failureRate: 0.3,
		});
		try {
			const replies: Reply[] = [];
			for (let i = 0; i < 400; i++) replies.push(await call('GET', `${fake.webhookUrl}profile`));
			const refused = replies.filter((r) => r.status !== 200);
			expect(refused.length).toBeGreaterThan(80);
			expect(refused.length).toBeLessThan(160);
			expect(new Set(refused.map((r) => r.status))).toEqual(new Set([502, 503]));
			expect(
				refused
					.filter((r) => r.status === 503)
					.every((r) => r.json.error === 'QUERY_LIMIT_EXCEEDED'),
			).toBe(true);
			expect(fake.stats.rejected).toBe(refused.length);
			expect(fake.stats.injectedFailures).toBe(refused.length);
		} finally {
			await fake.close();
		}
	});

	it('blocks a method with 429 OPERATION_TIME_LIMIT once its time budget is spent', async () => {
		const fake = await startBitrix24Fake({
			count: 5,
			seed: 1,
			now,
			ratePerSecond: 1000,
			burst: 1000,
			operatingLimitAfter: 2,
		});
		try {
			const statuses = [];
			for (let i = 0; i < 3; i++)
				statuses.push((await call('POST', `${fake.webhookUrl}crm.deal.list`, { body: {} })).status);
			expect(statuses).toEqual([200, 200, 429]);
			expect((await call('POST', `${fake.webhookUrl}crm.deal.list`, { body: {} })).json.error).toBe(
				'OPERATION_TIME_LIMIT',
			);
			expect((await call('POST', `${fake.webhookUrl}crm.lead.list`, { body: {} })).status).toBe(
				200,
			);
			fake.resetOperating();
			expect((await call('POST', `${fake.webhookUrl}crm.deal.list`, { body: {} })).status).toBe(
				200,
			);
		} finally {
			await fake.close();
		}
	});

	it('generates 10,000 deals that page in exactly 200 list pages', async () => {
		const fake = await startBitrix24Fake({
			count: 10_000,
			leadCount: 10,
			seed: 9,
			now,
			ratePerSecond: 100_000,
			burst: 100_000,
		});
		try {
			const ids = new Set<string>();
			let lastId = 0;
			for (;;) {
				const reply = await call('POST', `${fake.webhookUrl}crm.deal.list`, {
					body: { select: ['ID'], filter: { '>ID': lastId }, order: { ID: 'ASC' }, start: -1 },
				});
				const rows = reply.json.result as Wire[];
				for (const row of rows) ids.add(row.ID);
				if (rows.length < 50) break;
				lastId = Number(rows[rows.length - 1].ID);
			}
			expect(ids.size).toBe(10_000);
			expect(fake.stats.listPages).toBe(200);
			expect(fake.stats.emptyPages).toBe(1);
		} finally {
			await fake.close();
		}
	});
});

// -------------------------------------------------------------------------------------------------
// serve.js, the CLI the real-n8n suite starts
// -------------------------------------------------------------------------------------------------

describe('serve.js', () => {
	it('starts an amoCRM fake, prints one JSON line and stops on SIGTERM', async () => {
		const served = await spawnFakeCrm([
			'--crm',
			'amocrm',
			'--port',
			'0',
			'--leads',
			'30',
			'--token',
			'cli-token',
			'--seed',
			'4',
		]);
		let stopped = false;
		try {
			expect(served.info).toEqual({
				crm: 'amocrm',
				url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
				token: 'cli-token',
			});
			const account = await call('GET', `${served.info.url}/api/v4/account`, {
				headers: { Authorization: 'Bearer cli-token' },
			});
			expect(account.status).toBe(200);
			const leads = await call('GET', `${served.info.url}/api/v4/leads?limit=250`, {
				headers: { Authorization: 'Bearer cli-token' },
			});
			expect(leads.json._embedded.leads).toHaveLength(30);
			const state = await call('GET', `${served.info.url}/__fake/state`);
			expect(state.json.stats.listPages).toBe(1);
			const exit = await served.stop();
			stopped = true;
			expect(exit.code).toBe(0);
			expect(exit.stdout).toBe(`${served.firstLine}\n`);
		} finally {
			if (!stopped) await served.stop();
		}
	});

	it('starts a Bitrix24 fake and prints its webhook URL', async () => {
		const served = await spawnFakeCrm([
			'--crm',
			'bitrix24',
			'--port',
			'0',
			'--leads',
			'30',
			'--seed',
			'4',
		]);
		try {
			expect(served.info.crm).toBe('bitrix24');
			expect(served.info.webhookUrl).toBe(`${served.info.url}/rest/1/abc123secret/`);
			const list = await call('POST', `${served.info.webhookUrl}crm.deal.list`, { body: {} });
			expect(list.json.total).toBe(30);
		} finally {
			expect((await served.stop()).code).toBe(0);
		}
	});

	it('fails without printing a line for an unknown CRM', async () => {
		await expect(spawnFakeCrm(['--crm', 'salesforce'])).rejects.toThrow(
			/--crm must be amocrm, bitrix24, hubspot or pipedrive/,
		);
	});
});

describe('control endpoints shared by every fake', () => {
	const fakes = {
		amocrm: () => startAmoCrmFake({ count: 5, seed: 1, now: new Date() }),
		bitrix24: () => startBitrix24Fake({ count: 5, seed: 1, now: new Date() }),
		hubspot: () => startHubSpotFake({ count: 5, seed: 1, now: new Date() }),
		pipedrive: () => startPipedriveFake({ count: 5, seed: 1, now: new Date() }),
	};

	it.each(Object.entries(fakes))(
		'%s: state is readable without auth and reset-stats zeroes the counters',
		async (_crm, start) => {
			const fake = await start();
			try {
				await call('GET', `${fake.url}/anything-unauthenticated`);
				const before = await call('GET', `${fake.url}/__fake/state`);
				expect(before.status).toBe(200);
				expect(before.json.stats.requests).toBe(1);
				expect((await call('POST', `${fake.url}/__fake/reset-stats`)).status).toBe(204);
				expect((await call('GET', `${fake.url}/__fake/state`)).json.stats.requests).toBe(0);
				expect((await call('GET', `${fake.url}/__fake/nope`)).status).toBe(404);
			} finally {
				await fake.close();
			}
		},
	);
});
