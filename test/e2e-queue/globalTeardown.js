'use strict';
/** Stops every process of the queue-mode deployment, also after failed tests; fails when one is left running. */
module.exports = async () => {
	await require('./support/deployment').teardown();
};
