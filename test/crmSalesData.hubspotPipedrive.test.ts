import type { Deal } from '../nodes/shared/model/deal';
import { PACKAGE, runWorkflow, singleNodeWorkflow } from './support/engine';
import { startHubSpotFake } from './support/fakes/hubspot';
import { startPipedriveFake } from './support/fakes/pipedrive';

/**
 * The node end to end on the HubSpot and Pipedrive fakes: credentials resolved by n8n's engine, the adapters'
 * wire handling is covered field by field in hubspot.test.ts / pipedrive.test.ts.
 */
const TYPE = `${PACKAGE}.crmSalesData`;
const now = new Date('2026-11-20T10:00:00Z');

describe('HubSpot through the CRM Sales Data node', () => {
	let fake: Awaited<ReturnType<typeof startHubSpotFake>>;
	const cred = { hubSpotCrmApi: { id: 'h', name: 'HubSpot' } };
	beforeAll(async () => {
		fake = await startHubSpotFake({
			count: 450,
			token: 'pat-good',
			seed: 4,
			now,
			searchPerSecond: 50,
		});
	});
	afterAll(() => fake.close());
	const store = (token = 'pat-good') => ({
		h: { accessToken: token, baseUrl: fake.url },
	});

	it('returns every deal, normalized', async () => {
		const result = await runWorkflow(
			singleNodeWorkflow(
				TYPE,
				{
					crm: 'hubspot',
					resource: 'deal',
					operation: 'getAll',
					returnAll: true,
				},
				cred,
			),
			store(),
		);
		expect(result.error).toBeUndefined();
		const deals = result.output('Node') as unknown as Deal[];
		expect(new Set(deals.map((d) => d.id))).toEqual(
			new Set(
				fake.data.deals
					.filter((d: { archived: boolean }) => !d.archived)
					.map((d: { id: string }) => d.id),
			),
		);
		expect(
			deals.every((d) => d.crm === 'hubspot' && ['open', 'won', 'lost'].includes(d.status)),
		).toBe(true);
	});

	it('writes a note on a deal and explains a refused token', async () => {
		const dealId = fake.data.deals[0].id as string;
		const note = await runWorkflow(
			singleNodeWorkflow(
				TYPE,
				{
					crm: 'hubspot',
					resource: 'note',
					operation: 'create',
					dealId,
					noteText: 'Bad lead: spam',
				},
				cred,
			),
			store(),
		);
		expect(note.output('Node')[0]).toMatchObject({ dealId, crm: 'hubspot' });
		expect(JSON.stringify(fake.notes.at(-1))).toContain('Bad lead: spam');

		const refused = await runWorkflow(
			singleNodeWorkflow(TYPE, { crm: 'hubspot', resource: 'deal', operation: 'getAll' }, cred),
			store('pat-revoked-123'),
		);
		expect(refused.error).toBeDefined();
		expect(JSON.stringify(refused.run.data.resultData)).not.toContain('pat-revoked-123');
	});

	it('says HubSpot keeps no list of loss reasons instead of answering nothing', async () => {
		const result = await runWorkflow(
			singleNodeWorkflow(
				TYPE,
				{ crm: 'hubspot', resource: 'lossReason', operation: 'getAll' },
				cred,
			),
			store(),
		);
		expect(result.error?.message).toBe('HubSpot has no list of loss reasons');
		expect(String((result.error as { description?: string }).description)).toContain('lostReason');
	});

	it('says HubSpot has no separate leads', async () => {
		const result = await runWorkflow(
			singleNodeWorkflow(TYPE, { crm: 'hubspot', resource: 'lead', operation: 'getAll' }, cred),
			store(),
		);
		expect(result.error?.message).toBe('HubSpot has no separate list of leads');
	});
});

describe('Pipedrive through the CRM Sales Data node', () => {
	let fake: Awaited<ReturnType<typeof startPipedriveFake>>;
	const cred = { pipedriveCrmApi: { id: 'p', name: 'Pipedrive' } };
	beforeAll(async () => {
		fake = await startPipedriveFake({
			count: 700,
			leads: 30,
			token: 'pd-good',
			seed: 2,
			now,
			burst: 200,
		});
	});
	afterAll(() => fake.close());
	const store = () => ({
		p: { apiToken: 'pd-good', companyDomain: 'example', baseUrl: fake.url },
	});

	it('returns every deal, with UTM read from the custom fields the user names', async () => {
		const result = await runWorkflow(
			singleNodeWorkflow(
				TYPE,
				{
					crm: 'pipedrive',
					resource: 'deal',
					operation: 'getAll',
					returnAll: true,
					options: {
						utmFields: {
							fields: { source: fake.data.utmFields.utmSource.field_code },
						},
					},
				},
				cred,
			),
			store(),
		);
		expect(result.error).toBeUndefined();
		const deals = result.output('Node') as unknown as Deal[];
		const raw = new Map(fake.data.deals.map((d: { id: number }) => [String(d.id), d]));
		const expectedIds = fake.data.deals
			.filter(
				(d: { is_archived?: boolean; is_deleted?: boolean }) => !d.is_archived && !d.is_deleted,
			)
			.map((d: { id: number }) => String(d.id));
		expect(new Set(deals.map((d) => d.id))).toEqual(new Set(expectedIds));
		const sourceKey = fake.data.utmFields.utmSource.field_code as string;
		for (const deal of deals) {
			const record = raw.get(deal.id) as unknown as {
				custom_fields: Record<string, unknown>;
			};
			expect(deal.utm.source).toBe(
				(record.custom_fields?.[sourceKey] as string | undefined) || null,
			);
		}
	});

	it('reads the UTM fields the user names on Get too, not only on Get Many', async () => {
		const termKey = fake.data.utmFields.adKeyword.field_code as string;
		const record = fake.data.deals.find(
			(d: {
				is_archived?: boolean;
				is_deleted?: boolean;
				custom_fields: Record<string, unknown>;
			}) => !d.is_archived && !d.is_deleted && d.custom_fields?.[termKey],
		) as { id: number; custom_fields: Record<string, unknown> };
		const result = await runWorkflow(
			singleNodeWorkflow(
				TYPE,
				{
					crm: 'pipedrive',
					resource: 'deal',
					operation: 'get',
					dealId: String(record.id),
					// "Ad keyword" is not named like a UTM field, so only the user's choice finds it.
					options: { utmFields: { fields: { term: termKey } } },
				},
				cred,
			),
			store(),
		);
		expect(result.error).toBeUndefined();
		const [deal] = result.output('Node') as unknown as Deal[];
		expect(deal.utm.term).toBe(record.custom_fields[termKey]);
	});

	it('says Pipedrive offers no list of loss reasons, per item under continueOnFail', async () => {
		const result = await runWorkflow(
			singleNodeWorkflow(
				TYPE,
				{ crm: 'pipedrive', resource: 'lossReason', operation: 'getAll' },
				cred,
				{ continueOnFail: true },
			),
			store(),
		);
		const items = result.items('Node');
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toBe('Pipedrive has no list of loss reasons');
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	it('lists leads, and writes a note on a deal', async () => {
		const leads = await runWorkflow(
			singleNodeWorkflow(
				TYPE,
				{
					crm: 'pipedrive',
					resource: 'lead',
					operation: 'getAll',
					returnAll: true,
				},
				cred,
			),
			store(),
		);
		expect(leads.output('Node')).toHaveLength(
			fake.data.leads.filter((l: { is_archived?: boolean }) => !l.is_archived).length,
		);
		const dealId = String(fake.data.deals[0].id);
		const note = await runWorkflow(
			singleNodeWorkflow(
				TYPE,
				{
					crm: 'pipedrive',
					resource: 'note',
					operation: 'create',
					dealId,
					noteText: 'Asked about delivery',
				},
				cred,
			),
			store(),
		);
		expect(note.output('Node')[0]).toMatchObject({ dealId, crm: 'pipedrive' });
		expect(JSON.stringify(fake.notes.at(-1))).toContain('Asked about delivery');
	});
});
