'use strict';
/**
 * A whole n8n queue-mode deployment on this machine (see queue.js for the pieces): PostgreSQL, Redis, one main
 * (`n8n start`) and N workers (`n8n worker`), each n8n process with its own user folder holding the package
 * installed as a community package. The deployment's state (ports, folders, process groups) lives in a JSON file,
 * so that jest's globalSetup can start it, tests in another module registry can restart main or kill a worker,
 * and globalTeardown (or the reaper, when jest itself is killed) can stop every process that was ever started.
 */

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const { installCommunityPackage } = require('./communityPackage');
const { N8nRest, freePort, importCredentials, importWorkflows } = require('./n8n');
const { queueEnv, spawnService, startPostgres, startRedis, stopGroup, groupAlive, waitFor, newEncryptionKey } = require('./queue');

/** Reads the state file, or null. */
function readState(stateFile) {
	try {
		return JSON.parse(fs.readFileSync(stateFile, 'utf8'));
	} catch {
		return null;
	}
}

function writeState(stateFile, state) {
	const tmp = `${stateFile}.tmp`;
	fs.writeFileSync(tmp, JSON.stringify(state, null, 2), { mode: 0o600 });
	fs.renameSync(tmp, stateFile);
}

/** Adds a process group to the state file's `groups` (name → pgid), keeping the ones already there. */
function recordGroup(stateFile, name, pgid) {
	const state = readState(stateFile) || {};
	state.groups = state.groups || [];
	state.groups.push({ name, pgid });
	writeState(stateFile, state);
}

/**
 * Stops every process group the state file lists, n8n first (it needs the database to shut down cleanly), then
 * Redis, then PostgreSQL; removes the temp folders. Safe to call twice.
 */
async function stopAll(stateFile) {
	const state = readState(stateFile);
	if (!state || !state.groups) return;
	const order = (name) => (name.startsWith('n8n') ? 0 : name === 'redis' ? 1 : 2);
	const groups = [...state.groups].sort((a, b) => order(a.name) - order(b.name));
	for (const phase of [0, 1, 2]) {
		await Promise.all(
			groups
				.filter((group) => order(group.name) === phase)
				.map((group) => stopGroup(group.pgid, { signal: group.name === 'postgres' ? 'SIGINT' : 'SIGTERM', graceMs: phase === 0 ? 8000 : 10000 })),
		);
	}
	for (const dir of state.tempDirs || []) fs.rmSync(dir, { recursive: true, force: true });
	writeState(stateFile, { ...state, groups: [], stoppedAt: new Date().toISOString() });
}

/** Process groups from the state file that are still alive. */
function liveGroups(stateFile) {
	const state = readState(stateFile);
	return ((state && state.groups) || []).filter((group) => groupAlive(group.pgid));
}

/**
 * Starts a watchdog that stops everything in the state file when `parentPid` (the jest process) dies without
 * running its teardown (e.g. killed by CI's timeout).
 */
function startReaper(stateFile, parentPid) {
	const child = spawn(process.execPath, [path.join(__dirname, 'queueReaper.js'), stateFile, String(parentPid)], {
		detached: true,
		stdio: 'ignore',
	});
	child.unref();
	return child.pid;
}

/**
 * Starts one n8n process of the deployment and records its process group.
 * @param {'main' | 'worker'} role
 */
async function startN8nProcess(state, runtime, { name, role, stateFile, extraEnv = {} }) {
	const proc = state.processes[name];
	const env = queueEnv(runtime, {
		userFolder: proc.userFolder,
		port: proc.port,
		brokerPort: proc.brokerPort,
		shared: state.shared,
		extra: {
			...(role === 'worker'
				? {
						QUEUE_HEALTH_CHECK_ACTIVE: 'true',
						QUEUE_HEALTH_CHECK_PORT: String(proc.healthPort),
						N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
					}
				: {}),
			...extraEnv,
		},
	});
	const args = role === 'worker' ? ['worker', `--concurrency=${state.workerConcurrency}`] : ['start'];
	const child = spawnService(runtime.nodeBin, [runtime.n8nBin, ...args], {
		env,
		cwd: proc.userFolder,
		logFile: proc.logFile,
	});
	recordGroup(stateFile, `n8n-${name}`, child.pid);
	const url =
		role === 'worker'
			? `http://127.0.0.1:${proc.healthPort}/healthz/readiness`
			: `http://127.0.0.1:${proc.port}/healthz/readiness`;
	await waitFor(
		`n8n ${name}`,
		async () => {
			try {
				return (await fetch(url)).ok;
			} catch {
				return false;
			}
		},
		{ timeoutMs: 240000, child },
	);
	return child.pid;
}

/** Stops one n8n process: SIGTERM (n8n's graceful shutdown), or `signal` (SIGKILL = a crash). */
async function stopN8nProcess(stateFile, name, { signal = 'SIGTERM' } = {}) {
	const state = readState(stateFile);
	const groups = state.groups.filter((group) => group.name === `n8n-${name}` && groupAlive(group.pgid));
	await Promise.all(groups.map((group) => stopGroup(group.pgid, { signal, graceMs: signal === 'SIGKILL' ? 3000 : 20000 })));
}

/**
 * Brings the whole deployment up. `tarball`: the packed package, installed into every process's user folder.
 * @param {{ runtime: any, rootDir: string, stateFile: string, tarball: string, workers: number,
 *   workerConcurrency: number, workflows: any[], credentials: any[], extraEnv?: Record<string,string>,
 *   progress: any }} options
 */
async function startDeployment(options) {
	const { runtime, rootDir, stateFile, tarball, progress } = options;
	const logDir = path.join(rootDir, 'logs');
	fs.mkdirSync(logDir, { recursive: true });
	writeState(stateFile, { groups: [], tempDirs: [], startedAt: new Date().toISOString() });
	startReaper(stateFile, process.pid);
	const record = (name, pgid) => recordGroup(stateFile, name, pgid);

	const names = ['main', ...Array.from({ length: options.workers }, (_, i) => `worker-${i + 1}`)];
	const processes = {};
	for (const name of names) {
		processes[name] = {
			role: name === 'main' ? 'main' : 'worker',
			userFolder: path.join(rootDir, name),
			port: await freePort(),
			brokerPort: await freePort(),
			healthPort: name === 'main' ? null : await freePort(),
			logFile: path.join(logDir, `n8n-${name}.log`),
		};
	}

	await progress.step(`Install the package into ${names.length} user folders (${names.join(', ')})`, {}, () =>
		Promise.all(
			names.map((name) =>
				installCommunityPackage({
					tarball,
					userFolder: processes[name].userFolder,
					nodeBin: runtime.nodeBin,
					logFile: path.join(logDir, `install-${name}.log`),
				}),
			),
		),
	);

	const [postgres, redis] = await progress.step('Start PostgreSQL (throw-away cluster) and Redis', { expected: 'a few seconds' }, () =>
		Promise.all([startPostgres({ logDir, record }), startRedis({ logDir, record })]),
	);
	const withDirs = readState(stateFile);
	withDirs.tempDirs = [postgres.root];
	writeState(stateFile, withDirs);

	const state = {
		...readState(stateFile),
		rootDir,
		logDir,
		workerConcurrency: options.workerConcurrency,
		postgres: { port: postgres.port, user: postgres.user, database: postgres.database },
		redis: { port: redis.port },
		shared: {
			encryptionKey: newEncryptionKey(),
			postgres: { port: postgres.port, user: postgres.user, database: postgres.database },
			redis: { port: redis.port },
			extraEnv: options.extraEnv || {},
		},
		processes,
		baseUrl: `http://127.0.0.1:${processes.main.port}`,
	};
	writeState(stateFile, { ...readState(stateFile), ...state });

	const cliEnv = async () =>
		queueEnv(runtime, {
			userFolder: processes.main.userFolder,
			port: await freePort(),
			brokerPort: await freePort(),
			shared: state.shared,
		});
	await progress.step(`Import ${options.workflows.length} workflow(s) and ${options.credentials.length} credential(s) into PostgreSQL`, { expected: 'about 30 s' }, async () => {
		const env = await cliEnv();
		const common = { workDir: path.join(rootDir, 'import'), logFile: path.join(logDir, 'import.log'), cwd: processes.main.userFolder };
		await importWorkflows(runtime, env, options.workflows, common);
		await importCredentials(runtime, env, options.credentials, common);
	});

	await progress.step(`Start n8n main on ${state.baseUrl}`, { expected: 'about 30 s' }, () =>
		startN8nProcess(readState(stateFile), runtime, { name: 'main', role: 'main', stateFile }),
	);
	const workerNames = names.filter((name) => name !== 'main');
	await progress.step(`Start ${workerNames.length} n8n workers`, { expected: 'about 30 s' }, () =>
		Promise.all(workerNames.map((name) => startN8nProcess(readState(stateFile), runtime, { name, role: 'worker', stateFile }))),
	);
	return readState(stateFile);
}

/** A logged-in REST client for main. */
async function ownerClient(state, runtime) {
	const rest = new N8nRest(state.baseUrl, runtime);
	await rest.login(state.owner.email, state.owner.password);
	return rest;
}

module.exports = {
	readState,
	writeState,
	recordGroup,
	stopAll,
	liveGroups,
	startDeployment,
	startN8nProcess,
	stopN8nProcess,
	ownerClient,
};
