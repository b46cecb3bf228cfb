'use strict';
/** CRM Sales Data on the built-in Demo CRM, as installed from the npm tarball. */
const { expectNormalizedDeals } = require('../support/expectations');

module.exports = {
	title: 'CRM Sales Data on the Demo CRM returns the requested number of normalized deals',
	workflow: 'crm-sales-data-demo.workflow.json',
	check({ execution, output }) {
		expect(execution.status).toBe('success');
		const deals = output('CRM Sales Data');
		expect(deals).toHaveLength(25);
		expectNormalizedDeals(deals, 'demo');
		expect(new Set(deals.map((deal) => deal.id)).size).toBe(25);
	},
};
