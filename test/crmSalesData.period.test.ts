import { DateTime } from 'luxon';

import type { Deal } from '../nodes/shared/model/deal';
import { PACKAGE, runWorkflow, singleNodeWorkflow } from './support/engine';

const TYPE = `${PACKAGE}.crmSalesData`;
const ZONE = 'Asia/Yekaterinburg';

function demo(parameters: Record<string, unknown>) {
	const workflow = singleNodeWorkflow(TYPE, {
		crm: 'demo',
		resource: 'deal',
		operation: 'getAll',
		returnAll: true,
		...parameters,
	});
	workflow.settings = { timezone: ZONE };
	return workflow;
}

async function deals(parameters: Record<string, unknown>): Promise<Deal[]> {
	const result = await runWorkflow(demo(parameters));
	expect(result.error).toBeUndefined();
	return result.output('Node') as unknown as Deal[];
}

describe('CRM Sales Data: Period presets instead of date expressions (Demo CRM, real engine)', () => {
	let all: Deal[];
	beforeAll(async () => {
		all = await deals({});
	});

	it('Last 7 Days gives exactly the deals created in the last seven days', async () => {
		const started = Date.now();
		const got = await deals({ period: 'last7Days' });
		const finished = Date.now();
		const created = (d: Deal) => Date.parse(String(d.createdAt));
		// Every returned deal is in the window; every deal clearly inside it was returned.
		expect(got.length).toBeGreaterThan(0);
		expect(got.length).toBeLessThan(all.length);
		expect(
			got.every((d) => created(d) >= started - 7 * 86_400_000 - 1000 && created(d) <= finished),
		).toBe(true);
		const inside = all.filter(
			(d) => created(d) >= finished - 7 * 86_400_000 + 1000 && created(d) <= started,
		);
		expect(new Set(got.map((d) => d.id))).toEqual(
			expect.objectContaining(new Set(inside.map((d) => d.id))),
		);
		expect(inside.every((d) => got.some((g) => g.id === d.id))).toBe(true);
	});

	it('Last Month is the previous calendar month in the workflow’s time zone, applied to the chosen date', async () => {
		const now = DateTime.now().setZone(ZONE);
		const from = now.startOf('month').minus({ months: 1 }).toMillis();
		const to = now.startOf('month').toMillis();
		const got = await deals({ period: 'lastMonth', periodDateField: 'closedAt' });
		const expected = all.filter((d) => {
			const t = d.closedAt === null ? NaN : Date.parse(d.closedAt);
			return t >= from && t < to;
		});
		expect(got.map((d) => d.id).sort()).toEqual(expected.map((d) => d.id).sort());
		expect(got.length).toBeGreaterThan(0);
	});

	it('a custom To date without a time includes that whole day', async () => {
		const day = DateTime.fromISO(String(all[Math.floor(all.length / 2)].createdAt))
			.setZone(ZONE)
			.toISODate() as string;
		const got = await deals({ period: 'custom', periodFrom: day, periodTo: day });
		const start = DateTime.fromISO(day, { zone: ZONE }).toMillis();
		const expected = all.filter((d) => {
			const t = Date.parse(String(d.createdAt));
			return t >= start && t < start + 86_400_000;
		});
		expect(expected.length).toBeGreaterThan(0);
		expect(got.map((d) => d.id).sort()).toEqual(expected.map((d) => d.id).sort());
	});

	it('a custom period with no dates says so instead of returning every deal', async () => {
		const result = await runWorkflow(demo({ period: 'custom' }));
		expect(result.error?.message).toBe('The custom period has no dates');
	});

	it('an unknown period from an expression is refused with the allowed values', async () => {
		const result = await runWorkflow(demo({ period: 'lastFortnight' }));
		expect(result.error?.message).toMatch(/"Period" must be one of: allTime, last7Days/);
	});

	it('workflows made before the Period parameter keep their Filters dates', async () => {
		const got = await deals({ filters: { dateFrom: all[100].createdAt, dateField: 'createdAt' } });
		const from = Date.parse(String(all[100].createdAt));
		expect(got.map((d) => d.id).sort()).toEqual(
			all
				.filter((d) => Date.parse(String(d.createdAt)) >= from)
				.map((d) => d.id)
				.sort(),
		);
	});
});

describe('CRM Sales Data: Period and the Filters dates do not mix silently', () => {
	it('refuses a preset together with Date From', async () => {
		const result = await runWorkflow(
			demo({ period: 'last30Days', filters: { dateFrom: '2026-01-01' } }),
		);
		expect(result.error?.message).toBe('Both a Period and Date From / Date To filters are set');
	});
});
