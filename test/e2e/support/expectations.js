'use strict';
/** Shared expectations for normalized records in e2e cases (shape from nodes/shared/model/deal.ts). */

const DEAL_KEYS = [
	'amount',
	'closedAt',
	'createdAt',
	'crm',
	'currency',
	'firstContactAt',
	'id',
	'kind',
	'lostReason',
	'owner',
	'pipeline',
	'source',
	'stage',
	'status',
	'title',
	'updatedAt',
	'url',
	'utm',
];
const UTM_KEYS = ['campaign', 'content', 'medium', 'source', 'term'];
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

/**
 * Every item is a normalized Deal of `crm`: exactly the documented fields, dates as ISO-8601 UTC or
 * null, missing values null (never "").
 */
function expectNormalizedDeals(deals, crm) {
	expect(Array.isArray(deals)).toBe(true);
	for (const deal of deals) {
		expect(Object.keys(deal).sort()).toEqual(DEAL_KEYS);
		expect(Object.keys(deal.utm).sort()).toEqual(UTM_KEYS);
		expect(deal.crm).toBe(crm);
		expect(typeof deal.id).toBe('string');
		expect(['open', 'won', 'lost']).toContain(deal.status);
		for (const field of ['createdAt', 'updatedAt', 'closedAt', 'firstContactAt']) {
			if (deal[field] !== null) expect(deal[field]).toMatch(ISO_UTC);
		}
		for (const value of [
			deal.title,
			deal.currency,
			deal.lostReason,
			deal.source,
			deal.url,
			...Object.values(deal.utm),
		]) {
			expect(value).not.toBe('');
		}
	}
}

module.exports = { DEAL_KEYS, expectNormalizedDeals };
