/**
 * Fault classes B (redirects) and G (a connection that breaks mid-body, or is refused). D (timeouts) is in
 * timeouts.test.ts.
 */
import { closedPort } from '../support/hostile';
import { CRMS, dealIds, errorText, messageOf, runGetMany, sorted, useFaultMatrix } from './matrix';
import type { CrmId, SeenRequest } from './matrix';

const h = useFaultMatrix();
jest.setTimeout(30_000);

const REDIRECTS = [301, 302, 307, 308];
const REDIRECT_CASES: Array<[CrmId, number]> = CRMS.flatMap((crm) =>
	REDIRECTS.map((status): [CrmId, number] => [crm, status]),
);

describe('B. a redirect to another origin', () => {
	it.each(REDIRECT_CASES)(
		'%s: %i to the attacker on the deal list → fails, nothing reaches the attacker',
		async (id, status) => {
			const crm = h.crms[id];
			crm.proxy.reset([{ match: crm.isList, fault: 'redirect', status, location: h.attacker.url }]);
			const result = await runGetMany(crm);

			// Followed or not, the attacker must see nothing: no Authorization, no x-api-token, no webhook code
			// (Bitrix24's POST must not turn into a GET that returns "0 deals" either).
			expect(h.attacker.requests).toEqual([]);
			expect(result.error).toBeDefined();
			const message = messageOf(result.error);
			expect(message).toMatch(/redirected the request to/i);
			expect(message).toContain(h.attacker.host);
		},
	);
});

describe('G. a connection that breaks while the body is read', () => {
	it.each(CRMS.flatMap((crm) => [1, 2].map((page): [CrmId, number] => [crm, page])))(
		'%s: reset mid-body once on page %i → retried, the exact id set',
		async (id, page) => {
			const crm = h.crms[id];
			crm.proxy.reset([{ match: crm.isList, after: page - 1, times: 1, fault: 'resetMidBody' }]);
			const result = await runGetMany(crm);

			expect(result.error).toBeUndefined();
			expect(sorted(dealIds(result))).toEqual(sorted(crm.ids()));
			const lists = crm.proxy.seen(crm.isList);
			expect(lists.filter((r: SeenRequest) => r.fault === 'resetMidBody')).toHaveLength(1);
		},
	);

	it.each(CRMS)(
		'%s: reset mid-body on every deal-list request → fails with "broke while reading"',
		async (id) => {
			const crm = h.crms[id];
			crm.proxy.reset([{ match: crm.isList, fault: 'resetMidBody' }]);
			const result = await runGetMany(crm);

			expect(result.error).toBeDefined();
			const message = messageOf(result.error);
			expect(message).toContain(crm.name);
			expect(message).toMatch(/broke while reading/i);
			// The CRM was reached: saying "could not connect" would send the user to check the address.
			expect(errorText(result.error)).not.toMatch(/could not connect/i);
		},
	);

	it.each(CRMS)('%s: a refused connection → "Could not connect to"', async (id) => {
		const crm = h.crms[id];
		const port = await closedPort();
		const result = await runGetMany(crm, {
			credentials: crm.credentials(`http://127.0.0.1:${port}`),
		});

		expect(result.error).toBeDefined();
		const message = messageOf(result.error);
		expect(message).toMatch(/could not connect to/i);
		expect(message).toContain(crm.name);
		expect(message).not.toMatch(/broke while reading/i);
		// Whatever address it names, the Bitrix24 webhook code is not part of it.
		expect(errorText(result.error)).not.toContain(crm.secret);
	});
});
