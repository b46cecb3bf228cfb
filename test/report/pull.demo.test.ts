/**
 * Deals: Pull From the CRM, on the Demo CRM: for every report type in REPORTS, the report equals the one made
 * from CRM Sales Data's items over the same deals — texts, numbers and rows.
 */
import type { ReportType } from '../../nodes/shared/report';
import { REPORTS, reportReads } from '../../nodes/shared/report';
import { runWorkflow } from '../support/engine';
import { itemsWorkflow, outputOf, pullWorkflow, reportOf } from './pullSupport';

jest.setTimeout(120_000);

const DAY = 86_400_000;
/** The Demo CRM's deals are made relative to the real clock; the report's "now" is fixed for the run. */
const NOW = new Date(Math.floor(Date.now() / DAY) * DAY).toISOString();
/** Every report that reads deals (the feedback reports read Feedback items: there is nothing to pull). */
const REPORT_TYPES = (Object.keys(REPORTS) as ReportType[]).filter(
	(report) => reportReads(report) === 'deals',
);
/** What a report needs besides its type: brief impact measures around a release. */
const extra = (report: string, now: string): Record<string, unknown> =>
	report === 'briefImpact'
		? { briefReleasedAt: new Date(Date.parse(now) - 45 * 86_400_000).toISOString() }
		: {};

describe('report pulling from the Demo CRM equals the report from items', () => {
	it.each(REPORT_TYPES)('%s, all time', async (report) => {
		const parameters = {
			operation: report,
			...extra(report, NOW),
			options: { now: NOW, timezone: 'Europe/Moscow' },
		};
		const choice = { crm: 'demo' };
		const fromItems = reportOf(await runWorkflow(itemsWorkflow(choice, parameters)));
		const pulled = reportOf(await runWorkflow(pullWorkflow(choice, parameters)));
		expect(pulled.summary.deals).toEqual(fromItems.summary.deals);
		expect((pulled.summary.deals as { inputDeals: number }).inputDeals).toBeGreaterThan(1000);
		expect(pulled).toEqual(fromItems);
	});

	it.each(REPORT_TYPES)(
		'%s, a custom period in Russian (the period goes to the CRM filter)',
		async (report) => {
			const from = new Date(Date.parse(NOW) - 120 * DAY).toISOString();
			const to = new Date(Date.parse(NOW) - 30 * DAY + 5.5 * 3_600_000).toISOString();
			const parameters = {
				operation: report,
				...extra(report, NOW),
				period: 'custom',
				periodFrom: from,
				periodTo: to,
				language: 'ru',
				options: { now: NOW, timezone: 'Asia/Yekaterinburg' },
			};
			const choice = { crm: 'demo', crmOptions: { demoLanguage: 'ru' } };
			const all = reportOf(await runWorkflow(itemsWorkflow(choice, parameters)));
			// The same deals: CRM Sales Data asked for the same creation-date window.
			const fromItems = reportOf(
				await runWorkflow(
					itemsWorkflow(choice, parameters, { period: 'custom', periodFrom: from, periodTo: to }),
				),
			);
			const pulled = reportOf(await runWorkflow(pullWorkflow(choice, parameters)));
			const deals = (r: typeof all) => r.summary.deals as { inPeriod: number; inputDeals: number };
			if ((REPORTS[report] as { periodByCreation?: boolean }).periodByCreation === false) {
				// Team wins (closing date) and brief impact (windows around the release) cannot narrow the pull by
				// creation date: the CRM sends every deal and the report equals the one over all items.
				expect(deals(pulled).inputDeals).toBe(deals(all).inputDeals);
				expect(pulled).toEqual(all);
				return;
			}
			// The CRM sent only the period's deals, and the report counts the same ones as over every deal.
			expect(deals(pulled).inputDeals).toBe(deals(pulled).inPeriod);
			expect(deals(pulled).inPeriod).toBe(deals(all).inPeriod);
			expect(deals(pulled).inputDeals).toBeLessThan(deals(all).inputDeals);
			expect(pulled).toEqual(fromItems);
			expect(pulled.rows).toEqual(all.rows);
		},
	);

	it('rows pair with the input item, the summary has the texts ready to send', async () => {
		const result = await runWorkflow(
			pullWorkflow({ crm: 'demo' }, { operation: 'verdict', options: { now: NOW } }),
		);
		const [summary] = outputOf(result, 0);
		expect(typeof summary.json.markdown).toBe('string');
		expect(summary.json.headline).toEqual(expect.any(String));
		const rows = outputOf(result, 1);
		expect(rows.length).toBeGreaterThan(0);
		for (const row of rows) expect(row.pairedItem).toEqual([{ item: 0 }]);
	});

	it('an owner filter reaches the CRM: only that owner’s deals are reported', async () => {
		const parameters = {
			operation: 'leadQuality',
			groupBy: 'owner',
			options: { now: NOW },
		};
		const all = reportOf(await runWorkflow(pullWorkflow({ crm: 'demo' }, parameters)));
		const owner = all.rows[0];
		const ownerId = String(owner.groupKey);
		const one = reportOf(
			await runWorkflow(pullWorkflow({ crm: 'demo' }, { ...parameters, crmFilters: { ownerId } })),
		);
		expect(one.rows).toHaveLength(1);
		expect(one.rows[0].groupKey).toBe(ownerId);
		expect(one.rows[0].leads).toBe(owner.leads);
	});
});
