'use strict';
/**
 * Sales & Marketing Report with Deals = Pull From the CRM, installed from the npm tarball into a real n8n: on the
 * fake Pipedrive it gives the same verdict report — summary and rows — as CRM Sales Data → Report from items, with
 * no item per deal; on the Demo CRM it pulls with a preset period.
 */
const { nodeOutput } = require('../../../scripts/lib/n8n');
const { PIPEDRIVE_DEALS } = require('../support/fakeCrms');

module.exports = {
	title: 'Report pulling from the CRM equals the report from CRM Sales Data items, in a real n8n',
	workflow: 'report-pull.workflow.json',
	check({ execution }) {
		expect(execution.status).toBe('success');
		const [fromItems] = nodeOutput(execution, 'Verdict from Items', 0);
		const [pulled] = nodeOutput(execution, 'Verdict Pulled', 0);
		expect(pulled.deals.inputDeals).toBe(PIPEDRIVE_DEALS);
		expect(pulled).toEqual(fromItems);
		expect(nodeOutput(execution, 'Verdict Pulled', 1)).toEqual(
			nodeOutput(execution, 'Verdict from Items', 1),
		);
		// Each row of the pulled report pairs with the trigger's one item, not with deal items.
		const run = execution.data.resultData.runData['Verdict Pulled'][0];
		expect(run.data.main[1].length).toBeGreaterThan(0);
		for (const row of run.data.main[1]) {
			expect([].concat(row.pairedItem).map((paired) => paired.item)).toEqual([0]);
		}

		const [demo] = nodeOutput(execution, 'Lost Reasons Pulled (Demo)', 0);
		expect(demo.report).toBe('lostReasons');
		expect(demo.period.preset).toBe('last90Days');
		expect(demo.deals.inPeriod).toBeGreaterThan(0);
		expect(demo.deals.inputDeals).toBe(demo.deals.inPeriod);
		expect(demo.markdown).toContain(demo.title);
	},
};
