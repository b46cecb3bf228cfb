'use strict';
/** CRM Sales Data against the fake amoCRM, through a credential imported with n8n's CLI. */
const { expectNormalizedDeals } = require('../support/expectations');
const { AMO_LEADS } = require('../support/fakeCrms');

/** amoCRM's fixed status ids for won and lost (crm-apis.md §3.3). */
const WON = 142;
const LOST = 143;

module.exports = {
	title: 'CRM Sales Data on amoCRM returns every lead of the account as a normalized deal',
	workflow: 'crm-sales-data-amocrm.workflow.json',
	check({ execution, output, fakes }) {
		expect(execution.status).toBe('success');
		const deals = output('CRM Sales Data');
		const leads = fakes.amocrm.data.leads;
		expect(leads).toHaveLength(AMO_LEADS);
		expectNormalizedDeals(deals, 'amocrm');
		expect(deals.map((deal) => deal.id).sort()).toEqual(
			leads.map((lead) => String(lead.id)).sort(),
		);
		for (const lead of leads) {
			const deal = deals.find((candidate) => candidate.id === String(lead.id));
			expect(deal.title).toBe(lead.name);
			expect(deal.amount).toBe(lead.price);
			expect(deal.status).toBe(
				lead.status_id === WON ? 'won' : lead.status_id === LOST ? 'lost' : 'open',
			);
			expect(deal.createdAt).toBe(new Date(lead.created_at * 1000).toISOString());
			expect(deal.pipeline.id).toBe(String(lead.pipeline_id));
			expect(deal.url).toMatch(new RegExp(`/leads/detail/${lead.id}$`));
		}
	},
};
