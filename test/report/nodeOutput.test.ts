/**
 * What a person sees of the report node in the n8n editor: the first fields of the Summary item, Rows that fit
 * n8n's table view, channel display names, and invalid items under the two "continue" error settings.
 */
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { SalesMarketingReport } from '../../nodes/SalesMarketingReport/SalesMarketingReport.node';
import type { RunResult, WorkflowJson } from '../support/engine';
import { PACKAGE, runWorkflow, singleNodeWorkflow } from '../support/engine';
import { deal } from './fixtures';

const REPORT = `${PACKAGE}.salesMarketingReport`;

function outputItems(result: RunResult, output: number): INodeExecutionData[] {
	return result.run.data.resultData.runData.Node[0].data?.main?.[output] ?? [];
}

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

/** Two channels with enough lost deals for a verdict each, a won deal in another currency and a third channel. */
function deals(): IDataObject[] {
	const list = [
		deal({ utm: { source: 'vk_ads' }, status: 'won', amount: 1000, currency: 'RUB' }),
		deal({ utm: { source: 'vk_ads' }, status: 'won', amount: 50, currency: 'USD' }),
		deal({ utm: { source: 'seo' }, status: 'won', amount: 3000, currency: 'RUB' }),
		deal({ utm: { source: 'telegram' }, status: 'open' }),
	];
	for (let index = 0; index < 6; index++) {
		list.push(deal({ utm: { source: 'vk_ads' }, status: 'lost', lostReason: 'Не целевой' }));
		list.push(deal({ utm: { source: 'seo' }, status: 'lost', lostReason: 'Не дозвонились' }));
	}
	list.push(deal({ utm: { source: 'vk_ads' }, status: 'lost', lostReason: 'Не целевой' }));
	return list as unknown as IDataObject[];
}

const isScalar = (value: unknown): boolean =>
	value === null || ['string', 'number', 'boolean'].includes(typeof value);

describe('Summary: the first fields read as plain sentences', () => {
	it.each(['leadQuality', 'lostReasons', 'verdict', 'speedToLead', 'attributionHealth'])(
		'%s: headline and findings come first, the ready-to-send texts last',
		async (operation) => {
			const result = await runWorkflow(reportOn(deals(), { operation, language: 'en' }));
			expect(result.error).toBeUndefined();
			const [summary] = outputItems(result, 0);
			const keys = Object.keys(summary.json);
			expect(keys.slice(0, 2)).toEqual(['headline', 'findings']);
			expect(keys.slice(-4)).toEqual(['markdown', 'telegram', 'slack', 'email']);
			const headline = summary.json.headline as string;
			expect(headline).toMatch(/^[^\n*<>\\]+\.$/);
			expect(headline.length).toBeLessThan(300);
			const findings = summary.json.findings as string[];
			expect(Array.isArray(findings)).toBe(true);
			for (const finding of findings) expect(finding).toMatch(/^[^\n*<>\\]+$/);
		},
	);

	it('verdict: one plain sentence per group, and a headline naming the lead-quality channel', async () => {
		const result = await runWorkflow(reportOn(deals(), { operation: 'verdict', language: 'en' }));
		const [summary] = outputItems(result, 0);
		expect(summary.json.headline).toBe(
			'Verdicts: Lead quality — vk_ads. Handling — seo. Too little data — 1.',
		);
		const findings = summary.json.findings as string[];
		expect(findings).toHaveLength(3);
		expect(findings[0]).toMatch(/^vk_ads: 100% of the 7 lost deals were lost on lead quality/);
	});

	it('says in the node where the full text to send is', () => {
		const description = new SalesMarketingReport().description;
		const hints = (description.hints ?? []).map((hint) => hint.message).join(' ');
		for (const field of ['markdown', 'telegram', 'slack', 'email', 'headline']) {
			expect(hints).toContain(field);
		}
		const notice = description.properties.find((property) => property.name === 'inputNotice');
		expect(notice?.displayName).toContain('headline');
	});
});

describe('Rows fit n8n’s table view', () => {
	it.each(['leadQuality', 'lostReasons', 'verdict', 'speedToLead', 'attributionHealth'])(
		'%s: every column is a scalar except one "details" object at the end',
		async (operation) => {
			const result = await runWorkflow(reportOn(deals(), { operation }));
			const rows = outputItems(result, 1);
			expect(rows.length).toBeGreaterThan(0);
			for (const { json } of rows) {
				const entries = Object.entries(json);
				const [lastKey, lastValue] = entries[entries.length - 1];
				expect(lastKey).toBe('details');
				expect(typeof lastValue).toBe('object');
				expect(entries.slice(0, -1).filter(([, value]) => !isScalar(value))).toEqual([]);
				expect(Object.keys(json)[0]).toBe('group');
			}
		},
	);

	it('keeps long text out of the table: the verdict sentence is in details.explanation', async () => {
		const result = await runWorkflow(reportOn(deals(), { operation: 'verdict' }));
		const rows = outputItems(result, 1);
		for (const { json } of rows) {
			const long = Object.entries(json).filter(
				([, value]) => typeof value === 'string' && value.length > 80,
			);
			expect(long).toEqual([]);
		}
		const vk = rows.find((row) => row.json.groupKey === 'vk_ads');
		expect((vk?.json.details as IDataObject).explanation).toMatch(
			/^vk_ads: 100% of the 7 lost deals were lost on lead quality/,
		);
	});

	it('keeps every number: other-currency revenue in details, each group’s lost reasons in the Summary', async () => {
		const lead = await runWorkflow(reportOn(deals(), { operation: 'leadQuality' }));
		const vk = outputItems(lead, 1).find((row) => row.json.groupKey === 'vk_ads');
		expect(vk?.json.details).toEqual({ revenueInOtherCurrencies: { USD: 50 } });
		const lost = await runWorkflow(reportOn(deals(), { operation: 'lostReasons' }));
		const seo = outputItems(lost, 1).find((row) => row.json.groupKey === 'seo');
		expect(seo?.json.details).toEqual({});
		const [summary] = outputItems(lost, 0);
		const byGroup = (summary.json.details as IDataObject).reasonsByGroup as IDataObject;
		expect((byGroup.channel as IDataObject).seo).toEqual([
			{
				reason: 'Не дозвонились',
				reasonClass: 'handling',
				classifiedBy: 'builtIn',
				count: 6,
				sharePct: 100,
			},
		]);
	});
});

describe('Channel Names', () => {
	const names = {
		channelNames: {
			names: [
				{ key: 'vk_ads', name: 'VK Ads' },
				{ key: 'SEO', name: 'Organic search' },
			],
		},
	};

	it('shows the display name in every text and in the group column, keeping groupKey raw', async () => {
		const result = await runWorkflow(
			reportOn(deals(), { operation: 'verdict', language: 'en', options: names }),
		);
		expect(result.error).toBeUndefined();
		const [summary] = outputItems(result, 0);
		expect(summary.json.headline).toBe(
			'Verdicts: Lead quality — VK Ads. Handling — Organic search. Too little data — 1.',
		);
		expect(summary.json.markdown).toContain('**VK Ads**');
		expect(summary.json.markdown).not.toContain('vk\\_ads');
		expect((summary.json.telegram as string[]).join('')).toContain('<b>VK Ads</b>');
		expect((summary.json.email as IDataObject).html).toContain('Organic search');
		const rows = outputItems(result, 1).map((row) => [row.json.group, row.json.groupKey]);
		expect(rows).toEqual([
			['VK Ads', 'vk_ads'],
			['Organic search', 'seo'],
			['telegram', 'telegram'],
		]);
	});

	it('names the chart bars and spend-only rows too', async () => {
		const result = await runWorkflow(
			reportOn(deals(), {
				operation: 'leadQuality',
				spendSource: 'parameter',
				spend: { entries: [{ channel: 'tiktok', amount: 100 }] },
				options: { channelNames: { names: [{ key: 'tiktok', name: 'TikTok' }] } },
			}),
		);
		const [summary] = outputItems(result, 0);
		expect(summary.json.markdown).toContain('TikTok');
		const row = outputItems(result, 1).find((item) => item.json.groupKey === 'tiktok');
		expect(row?.json.group).toBe('TikTok');
	});

	it('refuses a name without a key, saying what to enter', async () => {
		const result = await runWorkflow(
			reportOn(deals(), {
				operation: 'verdict',
				options: { channelNames: { names: [{ key: '', name: 'VK Ads' }] } },
			}),
		);
		expect(result.error?.message).toBe('"Channel Names": the entry "VK Ads" has no channel key');
	});
});

describe('Invalid items with "On Error"', () => {
	const items = (): IDataObject[] => [...deals(), { status: 'won', amount: 'lots' }];

	it('Continue (using error output): the bad item goes to the Error output, Rows hold only data', async () => {
		const result = await runWorkflow(
			reportOn(items(), { operation: 'leadQuality' }, { onError: 'continueErrorOutput' }),
		);
		expect(result.error).toBeUndefined();
		const rows = outputItems(result, 1);
		expect(rows.map((row) => row.json.groupKey)).toStrictEqual(['vk_ads', 'seo', 'telegram']);
		const errors = outputItems(result, 2);
		expect(errors).toHaveLength(1);
		expect(errors[0].json).toMatchObject({
			error: 'Item 17 is not a deal: field "amount" must be a number or null (got "lots")',
			details: { itemIndex: 17, field: 'amount', description: expect.stringContaining('CRM') },
			// n8n adds the input item to an error-output item, so the user sees what was wrong.
			status: 'won',
			amount: 'lots',
		});
		expect(errors[0].pairedItem).toEqual({ item: 17 });
		const [summary] = outputItems(result, 0);
		expect(summary.json.warnings).toContain('1 input item was not a deal and was skipped.');
	});

	it('Continue (regular output): as n8n does, the bad item comes out in the regular output, marked by "error"', async () => {
		const result = await runWorkflow(
			reportOn(items(), { operation: 'leadQuality' }, { onError: 'continueRegularOutput' }),
		);
		expect(result.error).toBeUndefined();
		const rows = outputItems(result, 1);
		const last = rows[rows.length - 1];
		expect(last.json).toEqual({
			error: 'Item 17 is not a deal: field "amount" must be a number or null (got "lots")',
			details: { description: expect.stringContaining('CRM'), itemIndex: 17, field: 'amount' },
		});
		expect(last.pairedItem).toEqual({ item: 17 });
		expect(rows.filter((row) => row.json.error === undefined)).toHaveLength(3);
	});
});
