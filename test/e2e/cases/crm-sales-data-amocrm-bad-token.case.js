'use strict';
/** A wrong amoCRM token stops the node with a message a user can act on, not a bare status code. */

module.exports = {
	title: 'CRM Sales Data on amoCRM with a bad token fails and says the token was refused',
	workflow: 'crm-sales-data-amocrm-bad-token.workflow.json',
	check({ execution, error }) {
		expect(execution.status).toBe('error');
		const nodeError = error('CRM Sales Data');
		expect(nodeError).not.toBeNull();
		const text = `${nodeError.message} ${nodeError.description || ''}`;
		expect(text).toMatch(/token|authori[sz]|credential/i);
	},
};
