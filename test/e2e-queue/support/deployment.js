'use strict';
/**
 * The queue-mode deployment for the whole `npm run test:e2e:queue` run (jest globalSetup/globalTeardown): the packed
 * tarball installed as a community package into the user folder of main and of each worker, PostgreSQL and Redis
 * started, the workflows imported, main and two workers started, an owner account created. Everything lives in
 * .n8n-e2e-queue/ (kept after the run for its logs and measurements, wiped at the start of the next); the
 * PostgreSQL cluster lives in a temp folder that teardown deletes.
 *
 * Tests reach it through `connect()`; they re-point the fake-CRM credentials at their own fakes with
 * `pointCredentials` (a REST update, as a user editing the credential), restart main, or kill a worker.
 */

const fs = require('node:fs');
const path = require('node:path');

const { packPackage } = require('../../../scripts/lib/communityPackage');
const { N8nRest, generatePassword, nodeOutput } = require('../../../scripts/lib/n8n');
const deployment = require('../../../scripts/lib/queueDeployment');
const { groupAlive } = require('../../../scripts/lib/queue');
const { provision, readyRuntime } = require('../../../scripts/lib/runtime');
const { createProgress } = require('../../../scripts/lib/steps');
const { PROJECT_DIR, readWorkflowFiles } = require('../../../scripts/lib/workflows');

const ROOT = path.join(PROJECT_DIR, '.n8n-e2e-queue');
const STATE_FILE = path.join(ROOT, 'state.json');
const E2E_CASES_DIR = path.join(PROJECT_DIR, 'test', 'e2e', 'cases');
const E2E_WORKFLOWS_DIR = path.join(PROJECT_DIR, 'test', 'e2e', 'workflows');
const WORKFLOWS_DIR = path.join(__dirname, '..', 'workflows');
const OWNER = { email: 'e2e-queue-owner@example.com', firstName: 'Queue', lastName: 'Owner' };
const WORKERS = 2;
/** Jobs one worker runs at once (`n8n worker --concurrency`, n8n's default is 10). */
const WORKER_CONCURRENCY = 5;
/** The case workflows of the regular-mode e2e that run here too (their .case.js checks are reused). */
const REUSED_CASES = ['report-demo', 'report-pull'];

/**
 * Bull's lock on a running job: renewed every 4 s by the worker that runs it; a job whose lock has lapsed (20 s)
 * counts as stalled (checked every 5 s). n8n's defaults are 10 s / 60 s / 30 s; shorter here so that a killed
 * worker's jobs are noticed within the test's time, still long enough for a busy 2-core machine to renew.
 */
const BULL_ENV = {
	QUEUE_WORKER_LOCK_DURATION: '20000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '4000',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
	QUEUE_WORKER_TIMEOUT: '5',
	N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
};

function workflowsToImport() {
	const cases = readWorkflowFiles(E2E_CASES_DIR)
		.filter(({ file }) => REUSED_CASES.some((name) => path.basename(file) === `${name}.workflow.json`))
		.map(({ workflow }) => workflow);
	const trigger = readWorkflowFiles(E2E_WORKFLOWS_DIR)
		.filter(({ file }) => path.basename(file) === 'crm-sales-data-trigger-amocrm.workflow.json')
		.map(({ workflow }) => workflow);
	const own = readWorkflowFiles(WORKFLOWS_DIR).map(({ workflow }) => workflow);
	return [...cases, ...trigger, ...own];
}

/** The fake-CRM credentials (fixed ids the workflows reference), with the data a test's own fakes give them. */
async function credentialTemplates() {
	const { startFakeCrms } = require('../../e2e/support/fakeCrms');
	const fakes = await startFakeCrms();
	try {
		return fakes.credentials;
	} finally {
		await fakes.close();
	}
}

async function setup() {
	const progress = createProgress({ prefix: '[e2e-queue] ' });
	// A previous run killed before its teardown (and its reaper) could act.
	await deployment.stopAll(STATE_FILE);
	const runtime = await provision({ progress });
	if (!fs.existsSync(path.join(PROJECT_DIR, 'dist'))) {
		throw new Error('dist/ is missing: `npm run test:e2e:queue` builds first; run `npm run build` when calling jest directly');
	}
	fs.rmSync(ROOT, { recursive: true, force: true });
	fs.mkdirSync(path.join(ROOT, 'logs'), { recursive: true });

	const packed = await progress.step('Pack the package', {}, () =>
		packPackage({ outDir: path.join(ROOT, 'packed'), logFile: path.join(ROOT, 'logs', 'pack.log') }),
	);
	const state = await deployment.startDeployment({
		runtime,
		rootDir: ROOT,
		stateFile: STATE_FILE,
		tarball: packed.tarball,
		workers: WORKERS,
		workerConcurrency: WORKER_CONCURRENCY,
		workflows: workflowsToImport(),
		credentials: await credentialTemplates(),
		extraEnv: BULL_ENV,
		progress,
	});
	const owner = { ...OWNER, password: generatePassword() };
	const rest = new N8nRest(state.baseUrl, runtime);
	await rest.setUpOwner(owner);
	deployment.writeState(STATE_FILE, { ...deployment.readState(STATE_FILE), owner, packageVersion: packed.version });
	progress.info(`main + ${WORKERS} workers are ready; logs in ${path.relative(PROJECT_DIR, path.join(ROOT, 'logs'))}/`);
}

async function teardown() {
	await deployment.stopAll(STATE_FILE);
	const folders = fs.existsSync(ROOT) ? fs.readdirSync(ROOT, { withFileTypes: true }).filter((e) => e.isDirectory()) : [];
	for (const { name } of folders) {
		// n8n's copy of its editor (~45 MB of JS per user folder): `eslint .` in the checkout would parse it.
		fs.rmSync(path.join(ROOT, name, '.cache'), { recursive: true, force: true });
	}
	const left = deployment.liveGroups(STATE_FILE);
	if (left.length > 0) throw new Error(`processes still running after teardown: ${JSON.stringify(left)}`);
}

/** Resolves with the first truthy value of `probe()`, or fails after `timeoutMs`. */
async function waitFor(what, probe, timeoutMs, everyMs = 300) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, everyMs));
	}
}

/**
 * For tests: the deployment's state, a logged-in REST client for main, and helpers.
 */
async function connect() {
	const runtime = readyRuntime();
	if (!runtime) throw new Error('n8n is not provisioned (globalSetup should have done it)');
	const state = () => deployment.readState(STATE_FILE);
	const rest = new N8nRest(state().baseUrl, runtime);
	await rest.login(state().owner.email, state().owner.password).catch(() => rest.login(state().owner.email, state().owner.password));

	const api = {
		state,
		runtime,
		rest,
		baseUrl: state().baseUrl,
		/** Re-points the fake-CRM credentials at `fakes` (a REST update, as when a user edits a credential). */
		async pointCredentials(credentials) {
			for (const credential of credentials) {
				await rest.expectOk('PATCH', `/rest/credentials/${credential.id}`, {
					name: credential.name,
					type: credential.type,
					data: credential.data,
				});
			}
		},
		/** What one n8n process has logged so far. */
		readLog(name) {
			return fs.readFileSync(state().processes[name].logFile, 'utf8');
		},
		/** Worker name → execution ids it started ("Worker started execution <id> (job <n>)", n8n's info log). */
		executionsByWorker() {
			const byWorker = {};
			for (const name of Object.keys(state().processes).filter((n) => n !== 'main')) {
				byWorker[name] = [...api.readLog(name).matchAll(/Worker started execution (\d+) \(job/g)].map((m) => m[1]);
			}
			return byWorker;
		},
		/** Whether a process of the deployment is running. */
		isRunning(name) {
			return state().groups.some((group) => group.name === `n8n-${name}` && groupAlive(group.pgid));
		},
		async stop(name, signal = 'SIGTERM') {
			await deployment.stopN8nProcess(STATE_FILE, name, { signal });
		},
		async start(name) {
			const role = name === 'main' ? 'main' : 'worker';
			await deployment.startN8nProcess(state(), runtime, { name, role, stateFile: STATE_FILE });
			if (role === 'main') await rest.login(state().owner.email, state().owner.password);
		},
		/**
		 * Publishes a workflow as the editor's "Publish" button does. `webhookPath`: also wait until main serves that
		 * production webhook (in queue mode n8n registers it a moment after the activation call has answered).
		 */
		async publish(workflowId, { webhookPath } = {}) {
			const saved = await rest.expectOk('GET', `/rest/workflows/${workflowId}`);
			const activated = await rest.expectOk('POST', `/rest/workflows/${workflowId}/activate`, { versionId: saved.versionId });
			if (!activated.active) throw new Error(`workflow ${workflowId} did not become active`);
			if (webhookPath) {
				await waitFor(
					`the webhook /webhook/${webhookPath}`,
					async () => (await fetch(`${state().baseUrl}/webhook/${webhookPath}`)).status !== 404,
					60000,
					500,
				);
			}
		},
		async unpublish(workflowId) {
			await rest.expectOk('POST', `/rest/workflows/${workflowId}/deactivate`, {});
		},
		/** Executions of a workflow (newest first), up to `limit`. */
		async executionsOf(workflowId, limit = 250) {
			const filter = encodeURIComponent(JSON.stringify({ workflowId }));
			return rest.expectOk('GET', `/rest/executions?filter=${filter}&limit=${limit}`);
		},
		/** Runs SQL against the deployment's PostgreSQL (psql); rows as arrays of strings. */
		query(sql) {
			const { query } = require('../../../scripts/lib/queue').postgresClient(state().postgres);
			return query(sql);
		},
		/** Creates a Data Table in the owner's personal project (as the editor's "Create data table" does). */
		async createDataTable(name, columns) {
			const project = await rest.expectOk('GET', '/rest/projects/personal');
			return rest.expectOk('POST', `/rest/projects/${project.id}/data-tables`, {
				name,
				columns: columns.map((column) => ({ name: column, type: 'string' })),
			});
		},
		/** Rows of a Data Table, read straight from PostgreSQL (n8n keeps each table as data_table_user_<id>). */
		tableRows(name, columns) {
			const [[id]] = api.query(`SELECT id FROM data_table WHERE name = '${name.replace(/'/g, "''")}'`);
			const rows = api.query(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "data_table_user_${id}" ORDER BY id`);
			return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
		},
		/** Writes a JSON file of figures under .n8n-e2e-queue/ and returns its path. */
		writeFigures(name, figures) {
			const file = path.join(ROOT, name);
			fs.writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
			return file;
		},
	};
	return api;
}

module.exports = { setup, teardown, connect, waitFor, nodeOutput, E2E_CASES_DIR, STATE_FILE, ROOT, WORKER_CONCURRENCY };
