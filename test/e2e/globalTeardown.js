'use strict';
/** Stops the n8n started by globalSetup.js. */
module.exports = async () => {
	await require('./support/instance').teardown();
};
