'use strict';
/**
 * A maintenance page (HTML, status 200) in the middle of an amoCRM pull — from the 2nd lead-list request on —
 * ends the execution in error naming amoCRM, never in success with the first page's deals (fault class A of
 * test/faults; §3.2 of reference/crm-apis.md: the only documented body-less answer is 204).
 */
module.exports = {
	title:
		'CRM Sales Data on amoCRM: a maintenance page on page 2 fails the execution, never fewer deals',
	workflow: 'crm-sales-data-amocrm-maintenance.workflow.json',
	check({ execution, error, output, fakes }) {
		expect(execution.status).toBe('error');
		const nodeError = error('CRM Sales Data');
		expect(nodeError).not.toBeNull();
		expect(nodeError.message).toMatch(/amoCRM/);
		expect(output('CRM Sales Data')).toHaveLength(0);
		// The fault really hit page 2: page 1 went through, then the maintenance page.
		const faults = fakes.hostile.maintenance.requests.filter((r) => r.fault === 'html200');
		expect(faults.length).toBeGreaterThan(0);
	},
};
