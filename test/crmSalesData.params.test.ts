import type { Deal } from '../nodes/shared/model/deal';
import { PACKAGE, runWorkflow, singleNodeWorkflow } from './support/engine';

const TYPE = `${PACKAGE}.crmSalesData`;

function demo(parameters: Record<string, unknown>) {
	return singleNodeWorkflow(TYPE, {
		crm: 'demo',
		resource: 'deal',
		operation: 'getAll',
		...parameters,
	});
}

function described(error: Error | undefined): {
	description?: string;
	context?: { itemIndex?: number };
} {
	return error as unknown as { description?: string; context?: { itemIndex?: number } };
}

describe('CRM Sales Data: Limit and dates it cannot use are refused, not guessed', () => {
	it.each([
		[0, 'number 0'],
		[-5, 'number -5'],
		[2.5, 'number 2.5'],
		['={{ "abc" }}', '"abc"'],
		['={{ 3.7 }}', 'number 3.7'],
	])('refuses a Limit of %j with the item and what to enter', async (limit, shown) => {
		const result = await runWorkflow(demo({ returnAll: false, limit }));
		expect(result.error?.message).toBe(`Limit must be a whole number of 1 or more (got ${shown})`);
		expect(described(result.error).description).toMatch(/whole number.*e\.g\. 50.*Return All/);
		expect(described(result.error).context?.itemIndex).toBe(0);
	});

	it('still takes a whole-number Limit, also as text from an expression', async () => {
		const typed = await runWorkflow(demo({ returnAll: false, limit: 3 }));
		expect(typed.error).toBeUndefined();
		expect(typed.output('Node')).toHaveLength(3);
		const text = await runWorkflow(demo({ returnAll: false, limit: '={{ "4" }}' }));
		expect(text.error).toBeUndefined();
		expect(text.output('Node')).toHaveLength(4);
	});

	it.each([
		['dateFrom', 'Date From', '2026-02-30'],
		['dateFrom', 'Date From', '2026-02-30T10:00:00'],
		['dateTo', 'Date To', '2026-13-01'],
		['dateTo', 'Date To', 'March 2, 2026'],
		['dateFrom', 'Date From', '={{ 1767225600000 }}'],
	])(
		'refuses %s (%s) = %j: an impossible or non-ISO date, not a rolled-over one',
		async (field, label, value) => {
			const result = await runWorkflow(demo({ returnAll: true, filters: { [field]: value } }));
			expect(result.error?.message).toMatch(new RegExp(`^${label} is not a date: `));
			expect(described(result.error).description).toMatch(/2026-01-31/);
			expect(described(result.error).context?.itemIndex).toBe(0);
		},
	);

	it('takes dates made by expressions: a DateTime ($now.minus) and a JavaScript Date', async () => {
		const luxon = await runWorkflow(
			demo({ returnAll: true, filters: { dateFrom: '={{ $now.minus({ days: 30 }) }}' } }),
		);
		expect(luxon.error).toBeUndefined();
		const js = await runWorkflow(
			demo({
				returnAll: true,
				filters: { dateFrom: '={{ new Date(Date.now() - 30 * 86400000) }}' },
			}),
		);
		expect(js.error).toBeUndefined();
		const all = await runWorkflow(demo({ returnAll: true }));
		const recent = luxon.output('Node').length;
		expect(recent).toBeGreaterThan(0);
		expect(recent).toBeLessThan(all.output('Node').length);
		expect(js.output('Node').length).toBe(recent);
	});

	it('a date-only Date To (or the date picker’s midnight) includes that whole day, in the workflow’s zone', async () => {
		const zone = 'Pacific/Kiritimati';
		const all = (await runWorkflow(demo({ returnAll: true }))).output('Node') as unknown as Deal[];
		// A day that has deals late in it (in +14:00), 20 days ago.
		const day = new Date(Date.now() - 20 * 86_400_000 + 14 * 3_600_000).toISOString().slice(0, 10);
		const pull = async (dateTo: string) => {
			const result = await runWorkflow({
				...demo({
					returnAll: true,
					filters: { dateField: 'createdAt', dateFrom: `${day}T00:00:00`, dateTo },
				}),
				settings: { timezone: zone },
			});
			expect(result.error).toBeUndefined();
			return (result.output('Node') as unknown as Deal[]).map((d) => d.id).sort();
		};
		const startMs = Date.parse(`${day}T00:00:00+14:00`);
		const expected = all
			.filter((d) => {
				const t = Date.parse(d.createdAt as string);
				return t >= startMs && t < startMs + 86_400_000;
			})
			.map((d) => d.id)
			.sort();
		expect(expected.length).toBeGreaterThan(0);
		expect(await pull(day)).toEqual(expected);
		expect(await pull(`${day}T00:00:00`)).toEqual(expected);
		// An explicit time or offset keeps its instant.
		expect(await pull(`${day}T00:00:00+14:00`)).toEqual(
			all
				.filter((d) => Date.parse(d.createdAt as string) === startMs)
				.map((d) => d.id)
				.sort(),
		);
	});
});
