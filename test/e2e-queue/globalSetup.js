'use strict';
/** Starts the queue-mode deployment the tests share (see support/deployment.js); stops it again when that fails. */
module.exports = async () => {
	const deployment = require('./support/deployment');
	try {
		await deployment.setup();
	} catch (error) {
		const { StepError, reportFailure } = require('../../scripts/lib/steps');
		if (error instanceof StepError) reportFailure(error);
		await deployment.teardown().catch(() => {});
		throw error;
	}
};
