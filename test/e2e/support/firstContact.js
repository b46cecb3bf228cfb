'use strict';
/**
 * Checks for the First Contact cases: the real n8n pulls a CRM fake with First Contact on, and the speed-to-lead
 * report run on what it pulled finds the owner the fake planted as the slowest (as the Demo CRM's u5).
 */
const { nodeOutput } = require('../../../scripts/lib/n8n');

/** The planted first contact of one deal, whatever shape the CRM's fake keeps its truth in. */
function plantedFirstContact(fake, id) {
	const truth = fake.data.firstContactTruth.humanTouch;
	const value = truth.deals ? truth.deals[id] : truth instanceof Map ? truth.get(id) : truth[id];
	return value === undefined ? null : value;
}

function checkFirstContact(crm) {
	return ({ execution, fakes }) => {
		expect(execution.status).toBe('success');
		const fake = fakes[crm];
		const deals = nodeOutput(execution, 'CRM Sales Data');
		expect(deals.length).toBeGreaterThan(0);
		const mismatched = deals
			.map((deal) => ({
				id: deal.id,
				got: deal.firstContactAt,
				planted: plantedFirstContact(fake, deal.id),
			}))
			.filter((row) => row.got !== row.planted);
		expect(mismatched).toEqual([]);
		expect(deals.some((deal) => deal.firstContactAt === null)).toBe(true);
		expect(deals.some((deal) => deal.firstContactAt !== null)).toBe(true);

		// Output 1 holds one row per owner; the slowest by median first contact is the planted one.
		const owners = nodeOutput(execution, 'Speed to Lead', 1).filter(
			(row) => row.groupBy === 'owner' && row.groupKey !== '' && row.measured > 0,
		);
		const slowest = owners.reduce((a, b) => (b.p50Minutes > a.p50Minutes ? b : a));
		expect(slowest.groupKey).toBe(String(fake.data.slowestOwnerId));
	};
}

module.exports = { checkFirstContact };
