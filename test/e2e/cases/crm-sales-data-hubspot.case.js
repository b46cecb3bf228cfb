'use strict';
/** CRM Sales Data against the fake HubSpot (two search pages, archived deals on the side), via an imported credential. */
const { expectNormalizedDeals } = require('../support/expectations');
const { HUBSPOT_DEALS } = require('../support/fakeCrms');

/** Won and lost live in the stage's metadata: closed with probability "1.0" is won, "0.0" lost (crm-apis.md §1.3). */
function statusOfStage(stage) {
	if (stage.metadata.isClosed !== 'true') return 'open';
	return stage.metadata.probability === '1.0' ? 'won' : 'lost';
}

module.exports = {
	title: 'CRM Sales Data on HubSpot returns every deal that is not archived, normalized',
	workflow: 'crm-sales-data-hubspot.workflow.json',
	check({ execution, output, fakes }) {
		expect(execution.status).toBe('success');
		const deals = output('CRM Sales Data');
		const { data } = fakes.hubspot;
		const live = data.deals.filter((deal) => !deal.archived);
		expect(live).toHaveLength(HUBSPOT_DEALS);
		expect(data.deals.length).toBeGreaterThan(live.length);
		expectNormalizedDeals(deals, 'hubspot');
		expect(deals.map((deal) => deal.id).sort()).toEqual(live.map((deal) => deal.id).sort());
		// Two search pages of at most 200 were needed.
		expect(fakes.hubspot.stats.listPages).toBeGreaterThanOrEqual(2);

		const stages = new Map(
			data.pipelines.flatMap((pipeline) => pipeline.stages.map((stage) => [stage.id, stage])),
		);
		for (const raw of live) {
			const deal = deals.find((candidate) => candidate.id === raw.id);
			const props = raw.properties;
			expect(deal.title).toBe(props.dealname);
			expect(deal.amount).toBe(props.amount === null ? null : Number(props.amount));
			expect(deal.status).toBe(statusOfStage(stages.get(props.dealstage)));
			expect(deal.pipeline.id).toBe(props.pipeline);
			expect(deal.createdAt).toBe(new Date(props.createdate).toISOString());
			expect(deal.currency).toBe(props.deal_currency_code || data.account.companyCurrency);
		}
	},
};
