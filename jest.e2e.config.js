/**
 * The real-n8n suite (`npm run test:e2e`): plain .js tests in test/e2e/ against one n8n 2.40.7 that
 * globalSetup provisions, fills (packed package installed as a community package, workflows imported)
 * and starts; see test/e2e/support/instance.js. Run in band: the tests share that one n8n, and the fake
 * CRMs they start live in the test process.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.js'],
	globalSetup: '<rootDir>/test/e2e/globalSetup.js',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.js',
	testTimeout: 180000,
	maxWorkers: 1,
};
