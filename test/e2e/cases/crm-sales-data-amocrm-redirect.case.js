'use strict';
/**
 * amoCRM's lead list answers 302 to another local port. The execution fails, and that port receives no request
 * carrying the credential — not the Authorization header, not the token anywhere (fault class B of test/faults).
 */
module.exports = {
	title:
		'CRM Sales Data on amoCRM: a redirect to another port fails and the token never reaches that port',
	workflow: 'crm-sales-data-amocrm-redirect.workflow.json',
	check({ execution, error, fakes }) {
		const { attacker, redirect, token } = fakes.hostile;
		expect(redirect.requests.filter((r) => r.fault === 'redirect').length).toBeGreaterThan(0);
		const leaked = attacker.requests.filter((r) => JSON.stringify(r).includes(token));
		expect(leaked).toEqual([]);
		expect(attacker.requests).toEqual([]);
		expect(execution.status).toBe('error');
		const nodeError = error('CRM Sales Data');
		expect(nodeError).not.toBeNull();
		expect(nodeError.message).toMatch(/redirected the request to/i);
	},
};
