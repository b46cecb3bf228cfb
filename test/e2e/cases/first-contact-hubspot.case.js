'use strict';
/** First Contact on the HubSpot fake in a real n8n: every deal's firstContactAt is the planted one; the report finds the slowest owner. */
const { checkFirstContact } = require('../support/firstContact');

module.exports = {
	title:
		'First Contact on HubSpot: planted first touches in every deal, and speed to lead finds the slowest owner',
	workflow: 'first-contact-hubspot.workflow.json',
	check: checkFirstContact('hubspot'),
};
