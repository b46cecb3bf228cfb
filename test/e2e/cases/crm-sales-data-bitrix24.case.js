'use strict';
/** CRM Sales Data against the fake Bitrix24 webhook (several 50-row pages), via an imported credential. */
const { expectNormalizedDeals } = require('../support/expectations');
const { BITRIX_DEALS } = require('../support/fakeCrms');

/** STAGE_SEMANTIC_ID: P in progress, S success, F failure (crm-apis.md §4.3). */
const STATUS_OF_SEMANTIC = { P: 'open', S: 'won', F: 'lost' };

module.exports = {
	title: 'CRM Sales Data on Bitrix24 pages through every deal and normalizes it',
	workflow: 'crm-sales-data-bitrix24.workflow.json',
	check({ execution, output, fakes }) {
		expect(execution.status).toBe('success');
		const deals = output('CRM Sales Data');
		const raw = fakes.bitrix24.data.deals;
		expect(raw).toHaveLength(BITRIX_DEALS);
		expectNormalizedDeals(deals, 'bitrix24');
		expect(deals.map((deal) => deal.id).sort()).toEqual(
			raw.map((record) => String(record.ID)).sort(),
		);
		for (const record of raw) {
			const deal = deals.find((candidate) => candidate.id === String(record.ID));
			expect(deal.title).toBe(record.TITLE);
			expect(deal.status).toBe(STATUS_OF_SEMANTIC[record.STAGE_SEMANTIC_ID]);
			expect(deal.createdAt).toBe(new Date(record.DATE_CREATE).toISOString());
			if (Number(record.OPPORTUNITY) > 0) expect(deal.amount).toBe(Number(record.OPPORTUNITY));
			expect(deal.currency).toBe(record.CURRENCY_ID);
		}
	},
};
