import { sleep } from 'n8n-workflow';

import { bitrix24Adapter } from '../nodes/shared/crm/bitrix24/adapter';
import { dealQuery } from '../nodes/shared/crm/types';
import type { CrmSession } from '../nodes/shared/crm/types';
import { CrmHttpClient } from '../nodes/shared/transport/crmHttpClient';
import type { Deal } from '../nodes/shared/model/deal';
import { PACKAGE, runWorkflow, singleNodeWorkflow } from './support/engine';
import { startBitrix24Fake } from './support/fakes/bitrix24';
import { axiosSend } from './support/httpSend';

type Fake = Awaited<ReturnType<typeof startBitrix24Fake>>;
type Raw = Record<string, string | null>;
interface RawStatus {
	ENTITY_ID: string;
	STATUS_ID: string;
	NAME: string;
}

const TYPE = `${PACKAGE}.crmSalesData`;
const now = new Date('2026-11-20T10:00:00Z');
const cred = { bitrix24Api: { id: 'b', name: 'Bitrix24' } };

function store(webhookUrl: string) {
	return { b: { webhookUrl } };
}

function workflow(parameters: Record<string, unknown>) {
	return singleNodeWorkflow(
		TYPE,
		{ crm: 'bitrix24', operation: 'getAll', ...parameters },
		cred,
		{},
	);
}

const semanticToStatus = (s: string | null) => (s === 'S' ? 'won' : s === 'F' ? 'lost' : 'open');

describe('Bitrix24 through the CRM Sales Data node (real engine, fake Bitrix24)', () => {
	let fake: Fake;
	beforeAll(async () => {
		fake = await startBitrix24Fake({
			count: 400,
			leadCount: 120,
			seed: 5,
			now,
			ratePerSecond: 100,
			burst: 50,
		});
	});
	afterAll(() => fake.close());

	it('returns every deal once, normalized from the string-typed wire format', async () => {
		const result = await runWorkflow(
			workflow({ resource: 'deal', returnAll: true }),
			store(fake.webhookUrl),
		);
		expect(result.error).toBeUndefined();
		const deals = result.output('Node') as unknown as Deal[];
		expect(deals).toHaveLength(fake.data.deals.length);
		const byId = new Map(deals.map((d) => [d.id, d]));
		const statuses = fake.data.statuses as RawStatus[];
		const sourceName = (id: string) =>
			statuses.find((s) => s.ENTITY_ID === 'SOURCE' && s.STATUS_ID === id)?.NAME;
		const users = new Map(
			(fake.data.users as Raw[]).map((u) => [
				u.ID,
				[u.NAME, u.LAST_NAME].filter(Boolean).join(' '),
			]),
		);
		let lost = 0;
		for (const raw of fake.data.deals as Raw[]) {
			const deal = byId.get(String(raw.ID))!;
			const stageEntity = raw.CATEGORY_ID === '0' ? 'DEAL_STAGE' : `DEAL_STAGE_${raw.CATEGORY_ID}`;
			const stage = statuses.find(
				(s) => s.ENTITY_ID === stageEntity && s.STATUS_ID === raw.STAGE_ID,
			);
			expect(deal.status).toBe(semanticToStatus(raw.STAGE_SEMANTIC_ID));
			expect(deal.stage).toEqual({ id: raw.STAGE_ID, name: stage?.NAME });
			expect(deal.pipeline?.id).toBe(raw.CATEGORY_ID);
			expect(deal.amount).toBe(raw.OPPORTUNITY === null ? null : Number(raw.OPPORTUNITY));
			expect(deal.currency).toBe(raw.CURRENCY_ID || null);
			expect(deal.owner).toEqual({
				id: raw.ASSIGNED_BY_ID,
				name: users.get(raw.ASSIGNED_BY_ID as string),
			});
			expect(deal.source).toBe(raw.SOURCE_ID ? (sourceName(raw.SOURCE_ID) ?? raw.SOURCE_ID) : null);
			expect(deal.utm.campaign).toBe(raw.UTM_CAMPAIGN || null);
			expect(deal.createdAt).toBe(new Date(raw.DATE_CREATE as string).toISOString());
			expect(deal.url).toBe(`${fake.url}/crm/deal/details/${raw.ID}/`);
			if (deal.status === 'lost') {
				// No standard lost-reason field: the failure stage's name is the reason (crm-apis.md §4.3).
				expect(deal.lostReason).toBe(stage?.NAME);
				lost++;
			}
			for (const value of Object.values(deal)) expect(value).not.toBe('');
		}
		expect(lost).toBeGreaterThan(10);
	});

	it('pages by ID with start=-1: 50 per page and no counting', async () => {
		const before = fake.stats.listPages;
		const result = await runWorkflow(
			workflow({ resource: 'deal', returnAll: true }),
			store(fake.webhookUrl),
		);
		expect(result.output('Node')).toHaveLength(400);
		// 400 deals = 8 full pages, then one short (empty) page that ends the loop.
		expect(fake.stats.listPages - before).toBe(Math.ceil(400 / 50));
	});

	it('filters by modified date, pipeline and status on the server', async () => {
		const from = new Date(now.getTime() - 60 * 86400_000);
		const result = await runWorkflow(
			workflow({
				resource: 'deal',
				returnAll: true,
				filters: {
					dateField: 'updatedAt',
					dateFrom: from.toISOString(),
					pipelineId: '1',
					statuses: ['lost'],
				},
			}),
			store(fake.webhookUrl),
		);
		const expected = (fake.data.deals as Raw[]).filter(
			(d) =>
				Date.parse(d.DATE_MODIFY as string) >= from.getTime() &&
				d.CATEGORY_ID === '1' &&
				d.STAGE_SEMANTIC_ID === 'F',
		);
		expect(expected.length).toBeGreaterThan(0);
		expect((result.output('Node') as unknown as Deal[]).map((d) => d.id).sort()).toEqual(
			expected.map((d) => String(d.ID)).sort(),
		);
	});

	it('returns leads with their failure text as the lost reason', async () => {
		const result = await runWorkflow(
			workflow({ resource: 'lead', returnAll: true }),
			store(fake.webhookUrl),
		);
		const leads = result.output('Node') as unknown as Deal[];
		expect(leads).toHaveLength(fake.data.leads.length);
		expect(leads.every((l) => l.kind === 'lead' && l.pipeline === null)).toBe(true);
		const withText = (fake.data.leads as Raw[]).find(
			(l) => l.STATUS_SEMANTIC_ID === 'F' && l.STATUS_DESCRIPTION,
		);
		expect(leads.find((l) => l.id === String(withText?.ID))?.lostReason).toBe(
			withText?.STATUS_DESCRIPTION,
		);
	});

	it('adds a timeline comment as a note', async () => {
		const deal = (fake.data.deals as Raw[])[0];
		const result = await runWorkflow(
			singleNodeWorkflow(
				TYPE,
				{
					crm: 'bitrix24',
					resource: 'note',
					operation: 'create',
					dealId: deal.ID,
					noteText: 'Клиент: дорого',
				},
				cred,
			),
			store(fake.webhookUrl),
		);
		expect(result.output('Node')[0]).toMatchObject({
			dealId: deal.ID,
			crm: 'bitrix24',
		});
		expect(JSON.stringify(fake.notes.at(-1))).toContain('Клиент: дорого');
	});

	it('explains a wrong webhook code and never shows the URL', async () => {
		const wrong = `${fake.url}/rest/1/wrong-secret-code/`;
		const result = await runWorkflow(workflow({ resource: 'deal', returnAll: true }), store(wrong));
		expect(result.error?.message).toBe('Bitrix24 did not accept the webhook URL');
		expect(JSON.stringify(result.run.data.resultData)).not.toContain('wrong-secret-code');
	});
});

describe('Bitrix24 webhook without the CRM scope', () => {
	it('tells the user which permission to tick', async () => {
		const fake = await startBitrix24Fake({
			count: 10,
			seed: 1,
			now,
			scopes: ['user'],
		});
		try {
			const result = await runWorkflow(
				workflow({ resource: 'deal', returnAll: true }),
				store(fake.webhookUrl),
			);
			expect(result.error?.message).toBe('The Bitrix24 webhook has no permission for this data');
			expect((result.error as { description?: string }).description).toMatch(/CRM \(crm\)/);
		} finally {
			await fake.close();
		}
	});
});

describe('Bitrix24 pull of 10,000 deals while 20 % of requests are refused', () => {
	let fake: Fake;
	// Published: leaky bucket of 50, drained at 2/s; over it → 503 QUERY_LIMIT_EXCEEDED (crm-apis.md §4.4).
	// Fake and client are scaled ×100 together so the test takes seconds; the code path is the production one.
	const scaledPolicy = {
		perSecond: 200,
		burst: 50,
		maxRetries: 12,
		baseBackoffMs: 5,
		maxBackoffMs: 200,
	};
	beforeAll(async () => {
		fake = await startBitrix24Fake({
			count: 10_000,
			leadCount: 10,
			seed: 9,
			now,
			ratePerSecond: 200,
			burst: 50,
			failureRate: 0.2,
		});
	});
	afterAll(() => fake.close());

	it('returns each deal exactly once in 201 ID-keyed pages', async () => {
		const http = new CrmHttpClient(axiosSend(fake.webhookUrl), {
			policy: scaledPolicy,
			sleep,
		});
		const session: CrmSession = {
			http,
			baseUrl: fake.webhookUrl,
			uiUrl: fake.url,
			language: 'en',
			now,
		};
		const deals = await bitrix24Adapter.listDeals(session, dealQuery());
		const ids = deals.map((d) => d.id);
		expect(ids).toHaveLength(10_000);
		expect(new Set(ids)).toEqual(new Set((fake.data.deals as Raw[]).map((d) => String(d.ID))));
		// 200 full pages; the 201st comes back empty and ends the loop (start=-1 gives no total to stop on).
		expect(fake.stats.listPages).toBe(200);
		expect(fake.stats.rejected).toBeGreaterThan(0);
		expect(http.stats.retries).toBe(fake.stats.rejected);
	});
});

describe('Bitrix24 request format', () => {
	it('sends date filters as the docs write them: ATOM, no milliseconds', async () => {
		const sent: Array<{ url: string; body: unknown }> = [];
		const send = async (call: { url: string; body?: unknown }) => {
			sent.push({ url: call.url, body: call.body });
			const empty = call.url.startsWith('crm.category.list')
				? { result: { categories: [] } }
				: { result: [] };
			return { statusCode: 200, headers: {}, body: empty };
		};
		const http = new CrmHttpClient(send, {
			policy: { perSecond: 1000, burst: 1000, maxRetries: 0, baseBackoffMs: 1, maxBackoffMs: 1 },
			sleep,
		});
		const session: CrmSession = {
			http,
			baseUrl: 'https://x/rest/1/s/',
			uiUrl: 'https://x',
			language: 'en',
			now,
		};
		await bitrix24Adapter.listDeals(
			session,
			dealQuery({
				dateField: 'updatedAt',
				from: new Date('2026-01-01T00:00:00.123Z'),
				to: new Date('2026-02-01T12:30:00Z'),
			}),
		);
		const list = sent.find((s) => s.url.startsWith('crm.deal.list'))?.body as {
			filter: Record<string, string>;
		};
		expect(list.filter['>=DATE_MODIFY']).toBe('2026-01-01T00:00:00+00:00');
		expect(list.filter['<=DATE_MODIFY']).toBe('2026-02-01T12:30:00+00:00');
	});
});
