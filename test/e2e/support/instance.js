'use strict';
/**
 * One real n8n for the whole e2e run (jest globalSetup/globalTeardown), set up the way a user gets it:
 * the packed tarball installed as a community package into a fresh user folder (.n8n-e2e/, kept after
 * the run for its logs, wiped at the start of the next), the example workflows and the case workflows
 * imported with n8n's CLI, n8n started with SQLite on a free port, and an owner account created.
 *
 * Tests reach it through `connect()`, which reads .n8n-e2e/state.json.
 */

const fs = require('node:fs');
const path = require('node:path');

const { installCommunityPackage, packPackage } = require('../../../scripts/lib/communityPackage');
const {
	N8nRest,
	freePort,
	generatePassword,
	importCredentials,
	importWorkflows,
	n8nEnv,
	startServer,
	stopProcess,
	waitUntilReady,
} = require('../../../scripts/lib/n8n');
const { provision, readyRuntime } = require('../../../scripts/lib/runtime');
const { createProgress } = require('../../../scripts/lib/steps');
const { PROJECT_DIR, PACKAGE_NAME, readWorkflowFiles } = require('../../../scripts/lib/workflows');

const USER_FOLDER = path.join(PROJECT_DIR, '.n8n-e2e');
const N8N_FOLDER = path.join(USER_FOLDER, '.n8n');
const STATE_FILE = path.join(USER_FOLDER, 'state.json');
const LOG_DIR = path.join(USER_FOLDER, 'logs');
const N8N_LOG = path.join(LOG_DIR, 'n8n.log');
const CASES_DIR = path.join(__dirname, '..', 'cases');
/** Workflows that a dedicated test drives itself (e.g. one it publishes), not run as cases. */
const WORKFLOWS_DIR = path.join(__dirname, '..', 'workflows');
const EXAMPLES_DIR = path.join(PROJECT_DIR, 'dist', 'workflows');
const OWNER = { email: 'e2e-owner@example.com', firstName: 'E2E', lastName: 'Owner' };

/** Workflows the suite imports: every example as built by gulp, every case workflow, and the tests' own. */
function workflowsToImport() {
	return {
		examples: readWorkflowFiles(EXAMPLES_DIR).map(({ workflow }) => workflow),
		cases: [...readWorkflowFiles(CASES_DIR), ...readWorkflowFiles(WORKFLOWS_DIR)].map(
			({ workflow }) => workflow,
		),
	};
}

async function setup() {
	const progress = createProgress({ prefix: '[e2e] ' });
	const runtime = await provision({ progress });
	if (!fs.existsSync(EXAMPLES_DIR)) {
		throw new Error(
			'dist/ is missing: `npm run test:e2e` builds first; run `npm run build` when calling jest directly',
		);
	}
	fs.rmSync(USER_FOLDER, { recursive: true, force: true });
	fs.mkdirSync(LOG_DIR, { recursive: true });

	const packed = await progress.step(
		'Pack and install the package as a community package',
		{},
		async () => {
			const logFile = path.join(LOG_DIR, 'install-package.log');
			const result = await packPackage({ outDir: path.join(USER_FOLDER, 'packed'), logFile });
			const packageDir = await installCommunityPackage({
				tarball: result.tarball,
				userFolder: USER_FOLDER,
				nodeBin: runtime.nodeBin,
				logFile,
			});
			return { ...result, packageDir };
		},
	);

	const port = await freePort();
	const brokerPort = await freePort();
	const env = n8nEnv(runtime, {
		userFolder: USER_FOLDER,
		port,
		brokerPort,
		overrides: { N8N_LOG_LEVEL: 'info' },
	});
	const { examples, cases } = workflowsToImport();
	await progress.step(
		`Import ${examples.length} example and ${cases.length} case workflow(s)`,
		{ expected: 'a few seconds' },
		() =>
			importWorkflows(runtime, env, [...examples, ...cases], {
				workDir: path.join(USER_FOLDER, 'import'),
				logFile: path.join(LOG_DIR, 'import.log'),
				cwd: USER_FOLDER,
			}),
	);

	const server = startServer(runtime, env, { logFile: N8N_LOG, cwd: USER_FOLDER });
	globalThis.__N8N_E2E_SERVER__ = server;
	const baseUrl = `http://127.0.0.1:${port}`;
	await progress.step(`Start n8n on ${baseUrl}`, { expected: 'about 10 s' }, () =>
		waitUntilReady(baseUrl, server, 180000),
	);

	const owner = { ...OWNER, password: generatePassword() };
	const rest = new N8nRest(baseUrl, runtime);
	await rest.setUpOwner(owner);

	const state = {
		baseUrl,
		port,
		pid: server.pid,
		owner,
		userFolder: USER_FOLDER,
		n8nLog: N8N_LOG,
		logDir: LOG_DIR,
		packageDir: packed.packageDir,
		packedFiles: packed.files,
		packageVersion: packed.version,
		// As imported: dist/ may be rebuilt while the suite runs.
		examples,
		env: { N8N_USER_FOLDER: USER_FOLDER, N8N_PORT: String(port) },
	};
	fs.writeFileSync(STATE_FILE, JSON.stringify(state, null, 2), { mode: 0o600 });
	progress.info(`n8n is ready; logs in ${path.relative(PROJECT_DIR, LOG_DIR)}/`);
}

async function teardown() {
	await stopProcess(globalThis.__N8N_E2E_SERVER__);
	// n8n's copy of its editor (~45 MB of JS): `eslint .` in the checkout would parse all of it.
	fs.rmSync(path.join(USER_FOLDER, '.cache'), { recursive: true, force: true });
}

/**
 * For tests: the running instance, a logged-in REST client, and helpers.
 */
async function connect() {
	const state = JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'));
	const runtime = readyRuntime();
	if (!runtime) throw new Error('n8n is not provisioned (globalSetup should have done it)');
	const rest = new N8nRest(state.baseUrl, runtime);
	await rest.login(state.owner.email, state.owner.password);
	return {
		state,
		runtime,
		rest,
		/** n8n's output so far. */
		readLog: () => fs.readFileSync(state.n8nLog, 'utf8'),
		/** Imports credentials with n8n's CLI while the server runs (another task-broker port). */
		importCredentials: async (credentials) => {
			const env = n8nEnv(runtime, {
				userFolder: state.userFolder,
				port: await freePort(),
				brokerPort: await freePort(),
			});
			await importCredentials(runtime, env, credentials, {
				workDir: path.join(state.userFolder, 'import'),
				logFile: path.join(state.logDir, 'import.log'),
				cwd: state.userFolder,
			});
		},
	};
}

/** The example workflows globalSetup imported (as they were then: dist/ may be rebuilt meanwhile). */
function importedExamples() {
	return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')).examples;
}

module.exports = {
	setup,
	teardown,
	connect,
	importedExamples,
	PACKAGE_NAME,
	CASES_DIR,
	WORKFLOWS_DIR,
};
