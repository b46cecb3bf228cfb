import { sleep } from 'n8n-workflow';

import { amoCrmAdapter } from '../nodes/shared/crm/amocrm/adapter';
import { dealQuery } from '../nodes/shared/crm/types';
import type { CrmSession } from '../nodes/shared/crm/types';
import { CrmHttpClient } from '../nodes/shared/transport/crmHttpClient';
import type { Deal } from '../nodes/shared/model/deal';
import { loadOptions, PACKAGE, runWorkflow, singleNodeWorkflow } from './support/engine';
import { startAmoCrmFake } from './support/fakes/amocrm';
import { axiosSend } from './support/httpSend';

type Fake = Awaited<ReturnType<typeof startAmoCrmFake>>;
type RawLead = Fake['data']['leads'][number];

const TYPE = `${PACKAGE}.crmSalesData`;
const TOKEN = 'amo-secret-token';
const now = new Date('2026-11-20T10:00:00Z');

function credentials(fake: Fake, token = TOKEN) {
	return {
		a: {
			subdomain: 'example',
			domain: 'amocrm.ru',
			accessToken: token,
			baseUrl: fake.url,
		},
	};
}

function getMany(parameters: Record<string, unknown> = {}) {
	return singleNodeWorkflow(
		TYPE,
		{
			crm: 'amocrm',
			resource: 'deal',
			operation: 'getAll',
			returnAll: true,
			...parameters,
		},
		{ amoCrmApi: { id: 'a', name: 'amoCRM' } },
	);
}

describe('amoCRM through the CRM Sales Data node (real engine, fake amoCRM)', () => {
	let fake: Fake;
	beforeAll(async () => {
		fake = await startAmoCrmFake({
			count: 600,
			token: TOKEN,
			seed: 7,
			now,
			ratePerSecond: 50,
		});
	});
	afterAll(() => fake.close());

	it('returns every lead once as a normalized Deal', async () => {
		const result = await runWorkflow(getMany(), credentials(fake));
		expect(result.error).toBeUndefined();
		const deals = result.output('Node') as unknown as Deal[];
		expect(deals).toHaveLength(fake.data.leads.length);
		expect(new Set(deals.map((d) => d.id)).size).toBe(deals.length);
		expect(result.items('Node').every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(
			true,
		);
	});

	it('maps names, 142/143 status, loss reason, UTM by field_code, dates and url from the wire format', async () => {
		const deals = (await runWorkflow(getMany(), credentials(fake))).output(
			'Node',
		) as unknown as Deal[];
		const byId = new Map(deals.map((d) => [d.id, d]));
		const pipelines = new Map(fake.data.pipelines.map((p: { id: number }) => [p.id, p]));
		const users = new Map(fake.data.users.map((u: { id: number; name: string }) => [u.id, u.name]));
		const reasons = new Map(
			fake.data.lossReasons.map((r: { id: number; name: string }) => [r.id, r.name]),
		);
		let checkedLost = 0;
		let checkedUtm = 0;
		for (const lead of fake.data.leads as RawLead[]) {
			const deal = byId.get(String(lead.id))!;
			const pipeline = pipelines.get(lead.pipeline_id) as unknown as {
				name: string;
				_embedded: { statuses: Array<{ id: number; name: string }> };
			};
			expect(deal.title).toBe(lead.name || null);
			expect(deal.amount).toBe(lead.price ?? null);
			expect(deal.currency).toBe('RUB');
			expect(deal.pipeline).toEqual({
				id: String(lead.pipeline_id),
				name: pipeline.name,
			});
			expect(deal.stage?.name).toBe(
				pipeline._embedded.statuses.find((s) => s.id === lead.status_id)?.name,
			);
			expect(deal.status).toBe(
				lead.status_id === 142 ? 'won' : lead.status_id === 143 ? 'lost' : 'open',
			);
			expect(deal.owner).toEqual({
				id: String(lead.responsible_user_id),
				name: users.get(lead.responsible_user_id),
			});
			expect(deal.createdAt).toBe(new Date(lead.created_at * 1000).toISOString());
			expect(deal.updatedAt).toBe(new Date(lead.updated_at * 1000).toISOString());
			expect(deal.url).toBe(`${fake.url}/leads/detail/${lead.id}`);
			if (deal.status === 'lost' && lead.loss_reason_id) {
				expect(deal.lostReason).toBe(reasons.get(lead.loss_reason_id));
				checkedLost++;
			}
			const utmSource = (lead.custom_fields_values ?? []).find(
				(f: { field_code: string }) => f.field_code === 'UTM_SOURCE',
			);
			expect(deal.utm.source).toBe(utmSource ? String(utmSource.values[0].value) : null);
			if (utmSource) checkedUtm++;
			for (const value of Object.values(deal)) expect(value).not.toBe('');
		}
		expect(checkedLost).toBeGreaterThan(10);
		expect(checkedUtm).toBeGreaterThan(10);
	});

	it('filters by created date, pipeline, owner and status', async () => {
		const from = new Date(now.getTime() - 90 * 86400_000);
		const pipelineId = String(fake.data.pipelines[1].id);
		const closedInPipeline = (fake.data.leads as RawLead[]).find(
			(l) =>
				String(l.pipeline_id) === pipelineId &&
				l.status_id === 143 &&
				l.created_at * 1000 >= from.getTime(),
		);
		const ownerId = String(closedInPipeline?.responsible_user_id);
		const result = await runWorkflow(
			getMany({
				filters: {
					dateField: 'createdAt',
					dateFrom: from.toISOString(),
					pipelineId,
					ownerId,
					statuses: ['won', 'lost'],
				},
			}),
			credentials(fake),
		);
		const deals = result.output('Node') as unknown as Deal[];
		const expected = (fake.data.leads as RawLead[]).filter(
			(l) =>
				l.created_at >= Math.floor(from.getTime() / 1000) &&
				String(l.pipeline_id) === pipelineId &&
				String(l.responsible_user_id) === ownerId &&
				(l.status_id === 142 || l.status_id === 143),
		);
		expect(deals.map((d) => d.id).sort()).toEqual(expected.map((l) => String(l.id)).sort());
		expect(expected.length).toBeGreaterThan(0);
	});

	it('honours the limit and reads only the pages it needs', async () => {
		const before = fake.stats.listPages;
		const result = await runWorkflow(getMany({ returnAll: false, limit: 30 }), credentials(fake));
		expect(result.output('Node')).toHaveLength(30);
		expect(fake.stats.listPages - before).toBe(1);
	});

	it('gets one deal, and says clearly when it does not exist', async () => {
		const lead = fake.data.leads[3] as RawLead;
		const one = await runWorkflow(
			singleNodeWorkflow(
				TYPE,
				{
					crm: 'amocrm',
					resource: 'deal',
					operation: 'get',
					dealId: String(lead.id),
				},
				{
					amoCrmApi: { id: 'a', name: 'amoCRM' },
				},
			),
			credentials(fake),
		);
		expect(one.output('Node')[0]).toMatchObject({
			id: String(lead.id),
			crm: 'amocrm',
		});
		const missing = await runWorkflow(
			singleNodeWorkflow(
				TYPE,
				{ crm: 'amocrm', resource: 'deal', operation: 'get', dealId: '999' },
				{
					amoCrmApi: { id: 'a', name: 'amoCRM' },
				},
			),
			credentials(fake),
		);
		expect(missing.error?.message).toBe('Deal "999" was not found in amoCRM / Kommo');
	});

	it('lists pipelines with won/lost stages, users and loss reasons', async () => {
		const run = (resource: string) =>
			runWorkflow(
				singleNodeWorkflow(
					TYPE,
					{ crm: 'amocrm', resource, operation: 'getAll' },
					{
						amoCrmApi: { id: 'a', name: 'amoCRM' },
					},
				),
				credentials(fake),
			);
		const pipelines = (await run('pipeline')).output('Node');
		expect(pipelines).toHaveLength(fake.data.pipelines.length);
		for (const p of pipelines as unknown as Array<{
			stages: Array<{ id: string; status: string }>;
		}>) {
			expect(p.stages.find((s) => s.id === '142')?.status).toBe('won');
			expect(p.stages.find((s) => s.id === '143')?.status).toBe('lost');
		}
		expect((await run('user')).output('Node')).toHaveLength(fake.data.users.length);
		expect((await run('lossReason')).output('Node').map((r) => r.name)).toEqual(
			fake.data.lossReasons.map((r: { name: string }) => r.name),
		);
	});

	it('adds a note to a deal', async () => {
		const lead = fake.data.leads[0] as RawLead;
		const result = await runWorkflow(
			singleNodeWorkflow(
				TYPE,
				{
					crm: 'amocrm',
					resource: 'note',
					operation: 'create',
					dealId: String(lead.id),
					noteText: 'Lead rejected: no budget',
				},
				{ amoCrmApi: { id: 'a', name: 'amoCRM' } },
			),
			credentials(fake),
		);
		expect(result.output('Node')[0]).toMatchObject({
			dealId: String(lead.id),
			crm: 'amocrm',
		});
		expect(fake.notes.at(-1)).toMatchObject({
			entity_id: lead.id,
			params: { text: 'Lead rejected: no budget' },
		});
	});

	it('tells the user to renew a rejected token, without showing it', async () => {
		const result = await runWorkflow(getMany(), credentials(fake, 'expired-token-xyz'));
		expect(result.error?.message).toBe('amoCRM did not accept the access token');
		expect((result.error as { description?: string }).description).toMatch(/long-lived token/);
		expect(JSON.stringify(result.run.data.resultData)).not.toContain('expired-token-xyz');
	});
});

describe('amoCRM pull of 10,000 leads while 20 % of requests are refused', () => {
	let fake: Fake;
	// The published limit is 7 req/s (crm-apis.md §3.4). Fake and client are scaled up together (×100) so the
	// test runs in seconds; the code path (pacing, 429 → backoff → same page again) is the production one.
	const scaledPolicy = {
		perSecond: 700,
		burst: 7,
		maxRetries: 12,
		baseBackoffMs: 5,
		maxBackoffMs: 200,
	};
	beforeAll(async () => {
		fake = await startAmoCrmFake({
			count: 10_000,
			token: TOKEN,
			seed: 3,
			now,
			ratePerSecond: 700,
			failureRate: 0.2,
		});
	});
	afterAll(() => fake.close());

	it('returns each lead exactly once in 40 list pages of 250', async () => {
		const http = new CrmHttpClient(axiosSend(fake.url, { Authorization: `Bearer ${TOKEN}` }), {
			policy: scaledPolicy,
			sleep,
		});
		const session: CrmSession = {
			http,
			baseUrl: fake.url,
			uiUrl: fake.url,
			language: 'en',
			now,
		};
		const deals = await amoCrmAdapter.listDeals(session, dealQuery());
		const ids = deals.map((d) => d.id);
		expect(ids).toHaveLength(10_000);
		expect(new Set(ids)).toEqual(new Set((fake.data.leads as RawLead[]).map((l) => String(l.id))));
		expect(fake.stats.listPages).toBe(40);
		expect(fake.stats.rejected).toBeGreaterThan(0);
		// Every refused request was retried once more, nothing else: sent = answered + refused.
		expect(http.stats.retries).toBe(fake.stats.rejected);
	});
});

describe('amoCRM dropdowns in the editor (n8n-core LoadOptionsContext)', () => {
	let fake: Fake;
	beforeAll(async () => {
		fake = await startAmoCrmFake({ count: 20, token: TOKEN, seed: 2, now, ratePerSecond: 50 });
	});
	afterAll(() => fake.close());

	it('lists pipelines and users from the CRM', async () => {
		const workflow = getMany();
		const pipelines = await loadOptions(workflow, 'Node', 'getPipelines', credentials(fake));
		expect(pipelines).toEqual(
			fake.data.pipelines.map((p: { id: number; name: string }) => ({
				name: p.name,
				value: String(p.id),
			})),
		);
		const users = await loadOptions(workflow, 'Node', 'getUsers', credentials(fake));
		expect(users.map((u) => u.value).sort()).toEqual(
			fake.data.users.map((u: { id: number }) => String(u.id)).sort(),
		);
		expect(users.map((u) => u.name)).toEqual(
			[...users.map((u) => u.name)].sort((a, b) => a.localeCompare(b)),
		);
	});

	it('says what is wrong when the token is refused', async () => {
		await expect(
			loadOptions(getMany(), 'Node', 'getPipelines', credentials(fake, 'nope')),
		).rejects.toThrow('amoCRM did not accept the access token');
	});
});
