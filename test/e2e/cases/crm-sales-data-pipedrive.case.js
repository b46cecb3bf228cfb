'use strict';
/** CRM Sales Data against the fake Pipedrive (two cursor pages, archived deals on the side), via an imported credential. */
const { expectNormalizedDeals } = require('../support/expectations');
const { PIPEDRIVE_DEALS } = require('../support/fakeCrms');

module.exports = {
	title:
		'CRM Sales Data on Pipedrive returns every deal that is neither archived nor deleted, normalized',
	workflow: 'crm-sales-data-pipedrive.workflow.json',
	check({ execution, output, fakes }) {
		expect(execution.status).toBe('success');
		const deals = output('CRM Sales Data');
		const { data } = fakes.pipedrive;
		const live = data.deals.filter((deal) => !deal.is_archived && !deal.is_deleted);
		expect(live).toHaveLength(PIPEDRIVE_DEALS);
		expect(data.deals.length).toBeGreaterThan(live.length);
		expectNormalizedDeals(deals, 'pipedrive');
		expect(deals.map((deal) => deal.id).sort()).toEqual(live.map((deal) => String(deal.id)).sort());
		// More deals than one cursor page of 500 holds.
		expect(fakes.pipedrive.stats.listPages).toBeGreaterThanOrEqual(2);

		for (const raw of live) {
			const deal = deals.find((candidate) => candidate.id === String(raw.id));
			expect(deal.title).toBe(raw.title);
			expect(deal.status).toBe(raw.status);
			expect(deal.currency).toBe(raw.currency);
			expect(deal.pipeline.id).toBe(String(raw.pipeline_id));
			expect(deal.stage.id).toBe(String(raw.stage_id));
			expect(deal.createdAt).toBe(new Date(raw.add_time).toISOString());
			if (raw.value > 0) expect(deal.amount).toBe(raw.value);
			expect(deal.url).toMatch(new RegExp(`/deal/${raw.id}$`));
		}
	},
};
