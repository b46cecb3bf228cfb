/**
 * The queue-mode suite (`npm run test:e2e:queue`): plain .js tests in test/e2e-queue/ (named *.queue.js, so the unit
 * run's *.test.js pattern never picks them up) against one n8n 2.40.7 deployment in queue mode — main, two workers,
 * Redis and PostgreSQL — that globalSetup starts and globalTeardown stops (test/e2e-queue/support/deployment.js).
 * In band and in file-name order: the files share the deployment and some restart or kill parts of it.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e-queue'],
	testMatch: ['**/*.queue.js'],
	globalSetup: '<rootDir>/test/e2e-queue/globalSetup.js',
	globalTeardown: '<rootDir>/test/e2e-queue/globalTeardown.js',
	testSequencer: '<rootDir>/test/e2e-queue/support/sequencer.js',
	testTimeout: 240000,
	maxWorkers: 1,
};
