'use strict';
/** Starts the one real n8n the e2e tests share (see support/instance.js). */
module.exports = async () => {
	try {
		await require('./support/instance').setup();
	} catch (error) {
		const { StepError, reportFailure } = require('../../scripts/lib/steps');
		// Jest prints the error itself; a failed step also has a log tail worth showing.
		if (error instanceof StepError) reportFailure(error);
		await require('./support/instance').teardown();
		throw error;
	}
};
