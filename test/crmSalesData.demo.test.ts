import type { Deal } from '../nodes/shared/model/deal';
import { PACKAGE, runWorkflow, singleNodeWorkflow } from './support/engine';

const TYPE = `${PACKAGE}.crmSalesData`;

function demo(parameters: Record<string, unknown>) {
	return singleNodeWorkflow(TYPE, { crm: 'demo', ...parameters });
}

describe('CRM Sales Data on the built-in Demo CRM (real engine, no credentials)', () => {
	it('returns the whole sample as normalized deals', async () => {
		const result = await runWorkflow(
			demo({ resource: 'deal', operation: 'getAll', returnAll: true }),
		);
		expect(result.error).toBeUndefined();
		const deals = result.output('Node') as unknown as Deal[];
		expect(deals.length).toBeGreaterThanOrEqual(2000);
		expect(new Set(deals.map((d) => d.crm))).toEqual(new Set(['demo']));
		expect(new Set(deals.map((d) => d.status))).toEqual(new Set(['open', 'won', 'lost']));
		expect(deals.every((d) => d.raw === undefined)).toBe(true);
	});

	it('applies the default limit of 50 and the status filter', async () => {
		const limited = await runWorkflow(demo({ resource: 'deal', operation: 'getAll' }));
		expect(limited.output('Node')).toHaveLength(50);
		const won = await runWorkflow(
			demo({
				resource: 'deal',
				operation: 'getAll',
				returnAll: true,
				filters: { statuses: ['won'] },
			}),
		);
		const wonDeals = won.output('Node') as unknown as Deal[];
		expect(wonDeals.length).toBeGreaterThan(100);
		expect(wonDeals.every((d) => d.status === 'won' && d.closedAt !== null)).toBe(true);
	});

	it('speaks Russian when asked, and includes the raw record on request', async () => {
		const result = await runWorkflow(
			demo({
				resource: 'deal',
				operation: 'getAll',
				limit: 5,
				options: { demoLanguage: 'ru', includeRaw: true },
				filters: { statuses: ['lost'] },
			}),
		);
		const deals = result.output('Node') as unknown as Deal[];
		expect(deals).toHaveLength(5);
		expect(deals.every((d) => /[а-яё]/i.test(String(d.lostReason)))).toBe(true);
		expect(deals.every((d) => (d.raw as Deal).id === d.id)).toBe(true);
	});

	it('evaluates expressions per item: one Get per incoming item, paired to it', async () => {
		const all = await runWorkflow(demo({ resource: 'deal', operation: 'getAll', limit: 3 }));
		const ids = all.output('Node').map((d) => String(d.id));
		const workflow = demo({
			resource: 'deal',
			operation: 'get',
			dealId: '={{ $json.id }}',
		});
		// Three incoming items, pinned on the trigger as an exported workflow would carry them.
		const result = await runWorkflow({
			...workflow,
			pinData: { Start: ids.map((id) => ({ json: { id } })) },
		});
		const items = result.items('Node');
		expect(items.map((i) => i.json.id)).toEqual(ids);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('lists pipelines, users and loss reasons, and creates a note', async () => {
		for (const resource of ['pipeline', 'user', 'lossReason']) {
			const result = await runWorkflow(demo({ resource, operation: 'getAll' }));
			expect(result.output('Node').length).toBeGreaterThan(1);
		}
		const [first] = (
			await runWorkflow(demo({ resource: 'deal', operation: 'getAll', limit: 1 }))
		).output('Node');
		const note = await runWorkflow(
			demo({
				resource: 'note',
				operation: 'create',
				dealId: String(first.id),
				noteText: 'Rejected: wrong region',
			}),
		);
		expect(note.output('Node')).toEqual([
			expect.objectContaining({
				dealId: String(first.id),
				text: 'Rejected: wrong region',
				crm: 'demo',
			}),
		]);
	});

	it('says which deal is missing, and keeps going per item with continueOnFail', async () => {
		const workflow = singleNodeWorkflow(
			TYPE,
			{
				crm: 'demo',
				resource: 'deal',
				operation: 'get',
				dealId: 'no-such-deal',
			},
			undefined,
			{ continueOnFail: true },
		);
		const result = await runWorkflow(workflow);
		expect(result.output('Node')).toEqual([
			{
				error: 'Deal "no-such-deal" was not found in Demo CRM',
				description: expect.stringContaining('Deal ID'),
			},
		]);
	});

	it('reads dates picked without an offset in the workflow’s time zone, as n8n’s date picker means them', async () => {
		// The date picker stores "2026-01-31T00:00:00", with no zone; +14:00 is no server's local zone.
		const zone = 'Pacific/Kiritimati';
		const day = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);
		const pull = async (dateFrom: string, dateTo: string, settings?: Record<string, string>) => {
			const workflow = demo({
				resource: 'deal',
				operation: 'getAll',
				returnAll: true,
				filters: { dateField: 'createdAt', dateFrom, dateTo },
			});
			const result = await runWorkflow({ ...workflow, settings });
			expect(result.error).toBeUndefined();
			return (result.output('Node') as unknown as Deal[]).map((d) => d.id);
		};
		const picked = await pull(`${day}T00:00:00`, `${day}T23:59:59`, { timezone: zone });
		const withOffset = await pull(`${day}T00:00:00+14:00`, `${day}T23:59:59+14:00`);
		const asUtc = await pull(`${day}T00:00:00Z`, `${day}T23:59:59Z`);
		expect(withOffset.length).toBeGreaterThan(0);
		// The check can tell the two readings apart: the day in +14:00 holds other deals than the day in UTC.
		expect(withOffset).not.toEqual(asUtc);
		expect(picked).toEqual(withOffset);
	});
});

describe('Lead → Get Many and the pipeline filter', () => {
	it('ignores a pipeline left over from the Deal resource: leads have no pipeline', async () => {
		const result = await runWorkflow(
			demo({
				resource: 'lead',
				operation: 'getAll',
				returnAll: true,
				filters: { pipelineId: '1' },
			}),
		);
		const leads = result.output('Node') as unknown as Deal[];
		const unfiltered = await runWorkflow(
			demo({ resource: 'lead', operation: 'getAll', returnAll: true }),
		);
		expect(leads.length).toBe(unfiltered.output('Node').length);
		expect(leads.every((l) => l.kind === 'lead')).toBe(true);
	});
});
