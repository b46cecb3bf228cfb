import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { REPORT_TYPES } from '../../nodes/shared/report';
import type { RunResult, WorkflowJson } from '../support/engine';
import { PACKAGE, runWorkflow, singleNodeWorkflow } from '../support/engine';
import { deal } from './fixtures';

const REPORT = `${PACKAGE}.salesMarketingReport`;

function reportOn(
	items: IDataObject[],
	parameters: IDataObject,
	settings?: IDataObject,
	extra: Partial<INode> = {},
): WorkflowJson {
	return {
		...singleNodeWorkflow(REPORT, parameters, undefined, extra),
		pinData: { Start: items.map((json) => ({ json })) },
		settings,
	};
}

function outputItems(result: RunResult, output: number): INodeExecutionData[] {
	return result.run.data.resultData.runData.Node[0].data?.main?.[output] ?? [];
}

function description(result: RunResult): string {
	return (result.error as unknown as { description?: string }).description ?? '';
}

const fixture = (): IDataObject[] =>
	[
		deal({ utm: { source: 'vk' }, status: 'won', amount: 1000, currency: 'RUB' }),
		deal({ utm: { source: 'vk' }, status: 'lost', lostReason: 'Не целевой' }),
		deal({ utm: { source: 'seo' }, status: 'won', amount: 3000, currency: 'RUB' }),
	] as unknown as IDataObject[];

/** Every number, string and key in a value, to look for NaN, Infinity and undefined. */
function leaves(value: unknown, out: unknown[] = []): unknown[] {
	if (Array.isArray(value)) value.forEach((entry) => leaves(entry, out));
	else if (value !== null && typeof value === 'object') {
		for (const entry of Object.values(value)) leaves(entry, out);
	} else out.push(value);
	return out;
}

describe('Sales & Marketing Report: values it cannot use stop with a clear message', () => {
	it.each([
		[
			{ operation: 'leadQualty' },
			// Every registered report type, in registry order (new report types add themselves here).
			`"Report" must be one of: ${REPORT_TYPES.join(', ')} (got "leadQualty")`,
		],
		[
			{ operation: 'leadQuality', groupBy: '={{ "chanel" }}' },
			'"Group By" must be one of: channel, utmSource, utmMedium, utmCampaign, source, owner, pipeline, month (got "chanel")',
		],
		[
			{ operation: 'speedToLead', groupByMany: '={{ ["owner", "team"] }}' },
			'"Group By" must be one of: channel, utmSource, utmMedium, utmCampaign, source, owner, pipeline, month (got "team")',
		],
		[
			{ operation: 'leadQuality', groupBy: 'channel', period: '={{ "lastWeek" }}' },
			'"Period" must be one of: allTime, last7Days, last30Days, last90Days, thisMonth, lastMonth, thisQuarter, lastQuarter, thisYear, lastYear, custom (got "lastWeek")',
		],
		[
			{ operation: 'leadQuality', groupBy: 'channel', language: '={{ "de" }}' },
			'"Language" must be one of: en, ru (got "de")',
		],
		[
			{ operation: 'leadQuality', groupBy: 'channel', spendSource: '={{ "sheet" }}' },
			'"Spend" must be one of: none, parameter, items (got "sheet")',
		],
		[
			{ operation: 'speedToLead', options: { slaMinutes: -5 } },
			'"SLA Minutes" must be a number greater than 0 (got number -5)',
		],
		[
			{ operation: 'speedToLead', options: { slaMinutes: 0 } },
			'"SLA Minutes" must be a number greater than 0 (got number 0)',
		],
		[
			{ operation: 'verdict', groupBy: 'channel', options: { slaMinutes: '={{ NaN }}' } },
			'"SLA Minutes" must be a number greater than 0 (got number NaN)',
		],
		[
			{ operation: 'verdict', groupBy: 'channel', options: { verdictMinLost: 0 } },
			'"Verdict Minimum Lost Deals" must be a whole number of 1 or more (got number 0)',
		],
		[
			{ operation: 'verdict', groupBy: 'channel', options: { verdictMinLost: 2.5 } },
			'"Verdict Minimum Lost Deals" must be a whole number of 1 or more (got number 2.5)',
		],
		[
			{ operation: 'verdict', groupBy: 'channel', options: { verdictDominancePct: 40 } },
			'"Verdict Dominance (%)" must be a number from 50 to 100 (got number 40)',
		],
		[
			{ operation: 'verdict', groupBy: 'channel', options: { verdictDominancePct: 101 } },
			'"Verdict Dominance (%)" must be a number from 50 to 100 (got number 101)',
		],
		[
			{ operation: 'leadQuality', groupBy: 'channel', options: { maxGroupsInText: 0 } },
			'"Groups Listed in Text" must be a whole number of 1 or more (got number 0)',
		],
		[
			{
				operation: 'leadQuality',
				groupBy: 'channel',
				options: { maxGroupsInText: '={{ "all" }}' },
			},
			'"Groups Listed in Text" must be a whole number of 1 or more (got "all")',
		],
		[
			{ operation: 'leadQuality', groupBy: 'channel', options: { timezone: 'Mars/Olympus' } },
			'"Time Zone" is not a known time zone: "Mars/Olympus"',
		],
		[
			{
				operation: 'leadQuality',
				groupBy: 'channel',
				options: { chartBinaryProperty: 'my chart' },
			},
			'"Chart Binary Property" must be a name without spaces, such as chart (got "my chart")',
		],
		[
			{
				operation: 'leadQuality',
				groupBy: 'channel',
				options: { chartBinaryProperty: '={{ 5 }}' },
			},
			'"Chart Binary Property" must be a name without spaces, such as chart (got number 5)',
		],
		[
			{ operation: 'leadQuality', groupBy: 'channel', options: { currency: '={{ 840 }}' } },
			'"Report Currency" must be a currency code such as USD (got number 840)',
		],
		[
			{
				operation: 'lostReasons',
				groupBy: 'channel',
				options: {
					lostReasonMapping: { mappings: [{ match: 'x', reasonClass: '={{ "price" }}' }] },
				},
			},
			'"Lost Reason Mapping" class must be one of: leadQuality, handling, other (got "price")',
		],
		[
			{ operation: 'leadQuality', groupBy: 'channel', options: { now: '2026-02-30T10:00:00' } },
			'"Report Time" is not a date: "2026-02-30T10:00:00"',
		],
		[
			{ operation: 'leadQuality', groupBy: 'channel', period: 'custom', periodFrom: '2026-02-30' },
			'"From" is not a date: "2026-02-30"',
		],
	])('%j', async (parameters, message) => {
		const result = await runWorkflow(reportOn(fixture(), parameters as IDataObject));
		expect(result.error?.message).toBe(message);
		expect(description(result)).not.toBe('');
		expect(description(result)).not.toMatch(/undefined/);
	});

	it('takes values from expressions that are fine: a DateTime Report Time, numeric text options', async () => {
		const result = await runWorkflow(
			reportOn(fixture(), {
				operation: 'verdict',
				groupBy: 'channel',
				period: 'custom',
				periodFrom: '={{ $now.minus({ years: 5 }) }}',
				periodTo: '={{ $now.plus({ years: 5 }) }}',
				options: { now: '={{ $now }}', slaMinutes: '={{ "30" }}', verdictMinLost: 1 },
			}),
		);
		expect(result.error).toBeUndefined();
		expect(outputItems(result, 0)[0].json.details).toMatchObject({ slaMinutes: 30, minLost: 1 });
	});
});

describe('Sales & Marketing Report: no NaN, Infinity or undefined in any output', () => {
	it('a spend of 1e-320 gives no ROMI instead of Infinity%', async () => {
		const result = await runWorkflow(
			reportOn(fixture(), {
				operation: 'leadQuality',
				groupBy: 'channel',
				spendSource: 'parameter',
				spend: { entries: [{ channel: 'vk', amount: 1e-320 }] },
			}),
		);
		expect(result.error).toBeUndefined();
		const [summary] = outputItems(result, 0);
		const all = [summary.json, ...outputItems(result, 1).map((row) => row.json)];
		expect(leaves(all).filter((v) => typeof v === 'number' && !Number.isFinite(v))).toEqual([]);
		const text = JSON.stringify(all);
		expect(text).not.toMatch(/Infinity|NaN|undefined/);
		expect(summary.json.totals).toMatchObject({ romiPct: null });
	});

	it('amounts that add up past the largest number stop with a clear message, not "Infinity"', async () => {
		const items = [
			deal({ utm: { source: 'vk' }, status: 'won', amount: 1e308, currency: 'RUB' }),
			deal({ utm: { source: 'vk' }, status: 'won', amount: 1e308, currency: 'RUB' }),
		] as unknown as IDataObject[];
		const result = await runWorkflow(
			reportOn(items, { operation: 'leadQuality', groupBy: 'channel' }),
		);
		expect(result.error?.message).toMatch(
			/^The report cannot show "revenue" of .*: the numbers add up to more than/,
		);
		expect(description(result)).toMatch(/amount/);
	});
});

describe('Report Time and custom periods in the chosen time zone', () => {
	// 2026-11-01T00:30 in Moscow (UTC+3) is 2026-10-31T21:30Z: "This Month" differs between the readings.
	const items = [
		deal({ createdAt: '2026-10-31T22:00:00.000Z', status: 'open' }), // 1 Nov 01:00 in Moscow
		deal({ createdAt: '2026-10-15T12:00:00.000Z', status: 'open' }),
	] as unknown as IDataObject[];

	it('reads a Report Time without an offset in the workflow’s zone', async () => {
		const result = await runWorkflow(
			reportOn(
				items,
				{
					operation: 'leadQuality',
					groupBy: 'channel',
					period: 'thisMonth',
					options: { now: '2026-11-01T02:00:00' },
				},
				{ timezone: 'Europe/Moscow' },
			),
		);
		expect(result.error).toBeUndefined();
		const summary = outputItems(result, 0)[0].json;
		expect(summary.period).toMatchObject({
			from: '2026-10-31T21:00:00.000Z',
			to: '2026-10-31T23:00:00.000Z',
			timezone: 'Europe/Moscow',
		});
		expect(summary.deals).toMatchObject({ inPeriod: 1 });
	});

	it('reads it in the Time Zone option when one is set, and keeps the instant of a value with an offset', async () => {
		const chosen = await runWorkflow(
			reportOn(
				items,
				{
					operation: 'leadQuality',
					groupBy: 'channel',
					period: 'thisMonth',
					options: { now: '2026-11-01T02:00:00', timezone: 'Asia/Tokyo' },
				},
				{ timezone: 'America/New_York' },
			),
		);
		expect(outputItems(chosen, 0)[0].json.period).toMatchObject({
			from: '2026-10-31T15:00:00.000Z',
			to: '2026-10-31T17:00:00.000Z',
		});
		const offset = await runWorkflow(
			reportOn(
				items,
				{
					operation: 'leadQuality',
					groupBy: 'channel',
					period: 'thisMonth',
					options: { now: '2026-11-01T02:00:00Z' },
				},
				{ timezone: 'Europe/Moscow' },
			),
		);
		expect(outputItems(offset, 0)[0].json.period).toMatchObject({
			from: '2026-10-31T21:00:00.000Z',
			to: '2026-11-01T02:00:00.000Z',
		});
	});

	it('a custom To given as a date includes that whole day in the report zone, one meaning with CRM Sales Data', async () => {
		const result = await runWorkflow(
			reportOn(
				items,
				{
					operation: 'leadQuality',
					groupBy: 'channel',
					period: 'custom',
					periodFrom: '2026-10-01',
					periodTo: '2026-11-01',
				},
				{ timezone: 'Europe/Moscow' },
			),
		);
		expect(outputItems(result, 0)[0].json.period).toMatchObject({
			from: '2026-09-30T21:00:00.000Z',
			to: '2026-11-01T21:00:00.000Z',
		});
	});
});

describe('Sales & Marketing Report: a Group By left from Brief Impact', () => {
	it('a deal report given Brief Impact\'s "Overall Only" groups by its default dimension (the AI-tool e2e failed before)', async () => {
		const result = await runWorkflow(
			reportOn(fixture(), { operation: 'leadQuality', groupBy: 'none' }),
		);
		expect(result.error).toBeUndefined();
		const rows = outputItems(result, 1).map((item) => item.json);
		expect(rows.map((row) => [row.groupBy, row.groupKey]).sort()).toEqual([
			['channel', 'seo'],
			['channel', 'vk'],
		]);
	});
});
