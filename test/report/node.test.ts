import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { DEMO_TRUTHS } from '../../nodes/shared/crm/demo/dataset';
import type { Deal } from '../../nodes/shared/model/deal';
import { channelOf } from '../../nodes/shared/report';
import type { RunResult, WorkflowJson } from '../support/engine';
import { PACKAGE, runWorkflow, singleNodeWorkflow } from '../support/engine';
import { demoToReport } from './demoWorkflow';
import { deal, NASTY } from './fixtures';

const REPORT = `${PACKAGE}.salesMarketingReport`;

/** Items of one output of a node (the harness's `items` reads only the first). */
function outputItems(result: RunResult, nodeName: string, output: number): INodeExecutionData[] {
	return result.run.data.resultData.runData[nodeName][0].data?.main?.[output] ?? [];
}

/** Report fed by items pinned on the trigger. */
function reportOn(
	items: IDataObject[],
	parameters: IDataObject,
	extra: Partial<INode> = {},
): WorkflowJson {
	return {
		...singleNodeWorkflow(REPORT, parameters, undefined, extra),
		pinData: { Start: items.map((json) => ({ json })) },
	};
}

describe('Sales & Marketing Report in the real engine, on the Demo CRM', () => {
	it(`finds ${DEMO_TRUTHS.leadQualityChannel} losing deals on lead quality, with rows paired to its deals`, async () => {
		const result = await runWorkflow(
			demoToReport({ operation: 'verdict', groupBy: 'channel', language: 'en' }),
		);
		expect(result.error).toBeUndefined();
		const deals = result.output('CRM Sales Data') as unknown as Deal[];

		const [summary] = outputItems(result, 'Report', 0);
		expect(summary.json).toMatchObject({ report: 'verdict', language: 'en', groupBy: ['channel'] });
		expect((summary.json.details as IDataObject).groupsByVerdict).toMatchObject({
			leadQuality: [DEMO_TRUTHS.leadQualityChannel],
		});
		expect(summary.pairedItem).toHaveLength(deals.length);
		expect(summary.json.markdown).toContain('Lead quality — **vk\\_ads**.');
		const telegram = summary.json.telegram as string[];
		expect(telegram.length).toBeGreaterThan(0);
		expect(telegram.every((message) => message.length <= 4096)).toBe(true);
		expect((summary.json.email as IDataObject).subject).toBe(
			'Lead quality or handling? (by channel)',
		);

		const rows = outputItems(result, 'Report', 1);
		const vk = rows.find((row) => row.json.groupKey === DEMO_TRUTHS.leadQualityChannel);
		expect(vk?.json.verdict).toBe('leadQuality');
		expect((vk?.json.details as IDataObject).explanation).toMatch(
			/^vk_ads: \d+(\.\d)?% of the \d+ lost deals were lost on lead quality/,
		);
		const paired = vk?.pairedItem as Array<{ item: number }>;
		expect(paired).toHaveLength(vk?.json.leads as number);
		expect(
			paired.every(({ item }) => channelOf(deals[item]) === DEMO_TRUTHS.leadQualityChannel),
		).toBe(true);
	});

	it(`finds ${DEMO_TRUTHS.slowRepId} as the slowest rep with the most SLA breaches, in Russian`, async () => {
		const result = await runWorkflow(
			demoToReport(
				{ operation: 'speedToLead', groupByMany: ['owner', 'channel'], language: 'ru' },
				'ru',
			),
		);
		expect(result.error).toBeUndefined();
		const owners = outputItems(result, 'Report', 1)
			.map((item) => item.json)
			.filter((row) => row.groupBy === 'owner' && row.groupKey !== '');
		const slowest = owners.reduce((a, b) =>
			(b.p50Minutes as number) > (a.p50Minutes as number) ? b : a,
		);
		const breaching = owners.reduce((a, b) =>
			(b.slaBreachPct as number) > (a.slaBreachPct as number) ? b : a,
		);
		expect(slowest.groupKey).toBe(DEMO_TRUTHS.slowRepId);
		expect(breaching.groupKey).toBe(DEMO_TRUTHS.slowRepId);
		const [summary] = outputItems(result, 'Report', 0);
		expect(summary.json.markdown).toContain(`- Медленнее всех (менеджер): **${slowest.group}**`);
	});
});

describe('Sales & Marketing Report on pinned items', () => {
	const fixture = (): IDataObject[] =>
		[
			deal({ utm: { source: 'vk' }, status: 'won', amount: 1000, currency: 'RUB' }),
			deal({ utm: { source: 'vk' }, status: 'lost', lostReason: 'Не целевой' }),
			deal({ utm: { source: 'seo' }, status: 'won', amount: 3000, currency: 'RUB' }),
		] as unknown as IDataObject[];

	it('takes spend from items, pairs each row with its deals and attaches the chart as an SVG file', async () => {
		const items = [
			...fixture(),
			{ channel: 'VK', spend: 500 },
			{ channel: 'tiktok', spend: '200' },
		];
		const result = await runWorkflow(
			reportOn(items, { operation: 'leadQuality', groupBy: 'channel', spendSource: 'items' }),
		);
		expect(result.error).toBeUndefined();
		const rows = outputItems(result, 'Node', 1);
		expect(
			rows.map((row) => [row.json.groupKey, row.json.spend, row.json.costPerLead, row.pairedItem]),
		).toEqual([
			['vk', 500, 250, [{ item: 0 }, { item: 1 }]],
			['seo', null, null, [{ item: 2 }]],
			['tiktok', 200, null, [{ item: 3 }, { item: 4 }]],
		]);
		const [summary] = outputItems(result, 'Node', 0);
		expect(summary.binary?.chart).toMatchObject({
			mimeType: 'image/svg+xml',
			fileName: 'leadQuality.svg',
		});
		expect((summary.json.chart as IDataObject).quickChart).toMatchObject({ labels: ['vk', 'seo'] });
		expect(summary.pairedItem).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
	});

	it('takes spend per channel from the parameter and uses the lost-reason mapping', async () => {
		const result = await runWorkflow(
			reportOn(fixture(), {
				operation: 'leadQuality',
				groupBy: 'channel',
				spendSource: 'parameter',
				spend: { entries: [{ channel: 'vk', amount: 400 }] },
				options: { chartBinaryProperty: '' },
			}),
		);
		const vk = outputItems(result, 'Node', 1).find((row) => row.json.groupKey === 'vk');
		expect(vk?.json).toMatchObject({ spend: 400, costPerLead: 200, costPerWon: 400, romiPct: 150 });
		expect(outputItems(result, 'Node', 0)[0].binary).toBeUndefined();

		const mapped = await runWorkflow(
			reportOn(fixture(), {
				operation: 'lostReasons',
				groupBy: 'channel',
				options: {
					lostReasonMapping: { mappings: [{ match: 'не целевой', reasonClass: 'handling' }] },
				},
			}),
		);
		const [summary] = outputItems(mapped, 'Node', 0);
		expect(summary.json.totals).toMatchObject({ handling: 1, leadQuality: 0 });
	});

	it('reads spend entered by an expression as numeric text, and refuses spend that is not a number', async () => {
		const spendOf = (amount: string) =>
			reportOn(fixture(), {
				operation: 'leadQuality',
				groupBy: 'channel',
				spendSource: 'parameter',
				spend: { entries: [{ channel: 'vk', amount }] },
				options: { chartBinaryProperty: '' },
			});
		const spaced = await runWorkflow(spendOf('={{ "1 200" }}'));
		expect(spaced.error).toBeUndefined();
		const vk = outputItems(spaced, 'Node', 1).find((row) => row.json.groupKey === 'vk');
		expect(vk?.json).toMatchObject({ spend: 1200, costPerLead: 600 });

		const junk = await runWorkflow(spendOf('={{ "lots" }}'));
		expect(junk.error?.message).toBe('Spend for channel "vk" must be a number ≥ 0 (got "lots")');
		const negative = await runWorkflow(spendOf('={{ -5 }}'));
		expect(negative.error?.message).toBe(
			'Spend for channel "vk" must be a number ≥ 0 (got number -5)',
		);
	});

	it('refuses ambiguous money text ("1,234") in spend and in deal amounts, naming the field, the value and the fix', async () => {
		const spend = await runWorkflow(
			reportOn(fixture(), {
				operation: 'leadQuality',
				groupBy: 'channel',
				spendSource: 'parameter',
				spend: { entries: [{ channel: 'vk', amount: '={{ "1,234" }}' }] },
			}),
		);
		expect(spend.error?.message).toBe(
			'Spend for channel "vk" is ambiguous: "1,234" could mean 1234 or 1.234',
		);
		expect((spend.error as unknown as { description: string }).description).toMatch(
			/without a thousands separator/,
		);
		const amount = await runWorkflow(
			reportOn([...fixture(), { status: 'won', amount: '1.234' }], {
				operation: 'leadQuality',
				groupBy: 'channel',
			}),
		);
		expect(amount.error?.message).toBe(
			'Item 3 is not a deal: field "amount" is ambiguous: "1.234" could mean 1234 or 1.234',
		);
		expect((amount.error as unknown as { description: string }).description).toMatch(
			/without a thousands separator/,
		);
		const clear = await runWorkflow(
			reportOn([...fixture(), { status: 'won', amount: '1,234.50', currency: 'RUB' }], {
				operation: 'leadQuality',
				groupBy: 'channel',
			}),
		);
		expect(clear.error).toBeUndefined();
		expect(outputItems(clear, 'Node', 0)[0].json.totals).toMatchObject({ revenue: 5234.5 });
	});

	it('escapes a campaign named <b>x</b> & "y" in every output it sends', async () => {
		const items = [
			deal({ utm: { source: 'vk', campaign: NASTY }, status: 'won', amount: 1, currency: 'RUB' }),
		];
		const result = await runWorkflow(
			reportOn(items as unknown as IDataObject[], {
				operation: 'leadQuality',
				groupBy: 'utmCampaign',
			}),
		);
		const [summary] = outputItems(result, 'Node', 0);
		expect((summary.json.telegram as string[]).join('')).toContain(
			'<b>&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;</b>',
		);
		expect((summary.json.email as IDataObject).html).not.toContain('<b>x</b>');
		expect(JSON.stringify(summary.json.slack)).not.toContain('<b>x</b>');
	});

	it('stops on an item that is not a deal and says which item and which field', async () => {
		const items = [...fixture(), { name: 'not a deal' }];
		const result = await runWorkflow(
			reportOn(items, { operation: 'leadQuality', groupBy: 'channel' }),
		);
		expect(result.error?.message).toBe(
			'Item 3 is not a deal: field "status" must be "open", "won" or "lost" (got nothing)',
		);
		expect((result.error as unknown as { description: string }).description).toContain(
			'CRM Sales Data',
		);
	});

	it('with continue-on-fail, reports on the good items and returns the bad one as an error row', async () => {
		const items = [...fixture(), { status: 'won', amount: 'lots' }];
		const result = await runWorkflow(
			reportOn(items, { operation: 'leadQuality', groupBy: 'channel' }, { continueOnFail: true }),
		);
		expect(result.error).toBeUndefined();
		const [summary] = outputItems(result, 'Node', 0);
		expect(summary.json.totals).toMatchObject({ leads: 3 });
		expect(summary.json.warnings).toContain('1 input item was not a deal and was skipped.');
		const rows = outputItems(result, 'Node', 1);
		expect(rows[rows.length - 1]).toEqual({
			json: {
				error: 'Item 3 is not a deal: field "amount" must be a number or null (got "lots")',
				details: {
					description: expect.stringContaining('CRM Sales Data'),
					itemIndex: 3,
					field: 'amount',
				},
			},
			pairedItem: { item: 3 },
		});
	});

	it('refuses a custom period that ends before it starts, saying what to change', async () => {
		const result = await runWorkflow(
			reportOn(fixture(), {
				operation: 'lostReasons',
				groupBy: 'channel',
				period: 'custom',
				periodFrom: '2026-12-01T00:00:00',
				periodTo: '2026-11-01T00:00:00',
			}),
		);
		expect(result.error?.message).toBe('"From" must be before "To"');
		expect((result.error as unknown as { description: string }).description).toContain(
			'custom period',
		);
	});
});
