'use strict';
/**
 * n8n in queue mode on one machine, for the queue-mode e2e suite (test/e2e-queue/): a throw-away PostgreSQL
 * cluster (Debian's binaries, initdb in a temp folder, a free local port), a Redis, and n8n 2.40.7 as one main and
 * N workers sharing the database, the queue and the encryption key.
 *
 * Every long-running process is spawned detached, in a process group of its own, and its pid is written to a
 * state file; stopping kills the whole group (n8n's task runner and postgres' backends included), and
 * `reapRecorded` kills whatever a previous, aborted run left behind.
 *
 * Each n8n process gets a user folder of its own, like one container per process in a real deployment: the
 * package is installed into every one of them (see README "Scaling": main and every worker need it).
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const { freePort, n8nEnv } = require('./n8n');

const PG_BIN_ROOT = '/usr/lib/postgresql';

/** Debian's PostgreSQL binaries (newest installed major), or null. */
function postgresBinDir() {
	if (!fs.existsSync(PG_BIN_ROOT)) return null;
	const majors = fs
		.readdirSync(PG_BIN_ROOT)
		.filter((name) => /^\d+$/.test(name) && fs.existsSync(path.join(PG_BIN_ROOT, name, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length > 0 ? path.join(PG_BIN_ROOT, majors[0], 'bin') : null;
}

/**
 * PostgreSQL refuses to run as root. As root, run its binaries as the `postgres` account Debian's package creates
 * (runuser needs no terminal and no password, so it works in CI); as anyone else, directly.
 */
function asPostgresUser(command, args) {
	if (process.getuid && process.getuid() === 0) return { command: 'runuser', args: ['-u', 'postgres', '--', command, ...args] };
	return { command, args };
}

function postgresAccount() {
	if (!(process.getuid && process.getuid() === 0)) return null;
	const result = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
	const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error('running as root, but there is no `postgres` account to run PostgreSQL as (apt-get install postgresql)');
	return { uid: Number(result.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Runs a command to completion; throws with its output when it fails. */
function runOrThrow(command, args, options = {}) {
	const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120000, ...options });
	if (result.status !== 0) {
		throw new Error(`\`${command} ${args.join(' ')}\` failed (${result.status ?? result.signal}): ${(result.stderr || result.stdout || '').trim().slice(-800)}`);
	}
	return result.stdout;
}

/**
 * Spawns a long-running process in its own process group, output appended to `logFile`.
 * @returns {import('node:child_process').ChildProcess}
 */
function spawnService(command, args, { env, cwd, logFile, onLine }) {
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	const log = fs.createWriteStream(logFile, { flags: 'a' });
	log.write(`\n--- ${command} ${args.join(' ')} at ${new Date().toISOString()} ---\n`);
	const child = spawn(command, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	for (const stream of [child.stdout, child.stderr]) {
		let pending = '';
		stream.setEncoding('utf8');
		stream.on('data', (chunk) => {
			log.write(chunk);
			if (!onLine) return;
			pending += chunk;
			const lines = pending.split('\n');
			pending = lines.pop();
			for (const line of lines) onLine(line);
		});
	}
	child.on('close', () => log.end());
	return child;
}

function groupAlive(pgid) {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch {
		return false;
	}
}

function signalGroup(pgid, signal) {
	try {
		process.kill(-pgid, signal);
	} catch {
		// gone already
	}
}

/**
 * Stops a process group: `signal` first, SIGKILL for whatever is left after `graceMs`. Resolves when the group is
 * empty (or after the SIGKILL has had a moment).
 */
async function stopGroup(pgid, { signal = 'SIGTERM', graceMs = 10000 } = {}) {
	if (!pgid || !groupAlive(pgid)) return;
	signalGroup(pgid, signal);
	const deadline = Date.now() + graceMs;
	while (groupAlive(pgid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
	if (groupAlive(pgid)) {
		signalGroup(pgid, 'SIGKILL');
		const hard = Date.now() + 5000;
		while (groupAlive(pgid) && Date.now() < hard) await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

function canConnect(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host: '127.0.0.1' });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

async function waitFor(what, probe, { timeoutMs, child }) {
	const deadline = Date.now() + timeoutMs;
	let exited = null;
	if (child) child.once('exit', (code, signal) => (exited = code === null ? signal : `code ${code}`));
	for (;;) {
		if (exited !== null) throw new Error(`${what}: the process exited (${exited})`);
		if (await probe()) return;
		if (Date.now() > deadline) throw new Error(`${what}: not ready within ${Math.round(timeoutMs / 1000)} s`);
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
}

/**
 * A throw-away PostgreSQL cluster: initdb into a temp folder (trust authentication, listening on 127.0.0.1 only),
 * fsync off (the data is thrown away), and a database for n8n.
 * @param {{ logDir: string, record: (name: string, pgid: number) => void }} options
 */
async function startPostgres({ logDir, record }) {
	const bin = postgresBinDir();
	if (!bin) throw new Error(`PostgreSQL is not installed (no ${PG_BIN_ROOT}/<major>/bin/initdb): apt-get install postgresql`);
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-pg-'));
	const account = postgresAccount();
	if (account) fs.chownSync(root, account.uid, account.gid);
	const dataDir = path.join(root, 'data');
	const user = 'n8n';
	const initdb = asPostgresUser(path.join(bin, 'initdb'), ['-D', dataDir, '-U', user, '--auth=trust', '-E', 'UTF8', '--no-locale']);
	fs.writeFileSync(path.join(logDir, 'postgres-initdb.log'), runOrThrow(initdb.command, initdb.args, { cwd: root }));
	const port = await freePort();
	const server = asPostgresUser(path.join(bin, 'postgres'), [
		'-D', dataDir,
		'-p', String(port),
		'-k', root,
		'-c', 'listen_addresses=127.0.0.1',
		'-c', 'fsync=off',
		'-c', 'synchronous_commit=off',
		'-c', 'full_page_writes=off',
		'-c', 'max_connections=200',
	]);
	const child = spawnService(server.command, server.args, { cwd: root, env: process.env, logFile: path.join(logDir, 'postgres.log') });
	record('postgres', child.pid);
	const isReady = path.join(bin, 'pg_isready');
	await waitFor('PostgreSQL', () => spawnSync(isReady, ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', 'postgres']).status === 0, { timeoutMs: 60000, child });
	const database = 'n8n';
	runOrThrow(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, database]);
	return {
		port,
		user,
		database,
		root,
		pgid: child.pid,
		child,
		query: postgresClient({ port, user, database }).query,
		async stop() {
			// SIGINT = PostgreSQL's "fast" shutdown.
			await stopGroup(child.pid, { signal: 'SIGINT', graceMs: 15000 });
			fs.rmSync(root, { recursive: true, force: true });
		},
	};
}

/** SQL through psql against a cluster started by startPostgres: `query(sql)` → rows as arrays of strings. */
function postgresClient({ port, user, database }) {
	const bin = postgresBinDir();
	return {
		query(sql) {
			const out = runOrThrow(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', sql]);
			return out.split('\n').filter((line) => line !== '').map((line) => line.split('\t'));
		},
	};
}

/** A Redis with no persistence, on a free local port. */
async function startRedis({ logDir, record }) {
	const port = await freePort();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-redis-'));
	const child = spawnService(
		'redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
		{ cwd: dir, env: process.env, logFile: path.join(logDir, 'redis.log') },
	);
	child.once('error', () => {});
	record('redis', child.pid);
	await waitFor('Redis (is redis-server installed? apt-get install redis-server)', () => canConnect(port), { timeoutMs: 30000, child });
	return {
		port,
		pgid: child.pid,
		child,
		async stop() {
			await stopGroup(child.pid, { graceMs: 5000 });
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

/**
 * The environment every n8n process of the deployment shares (queue mode, database, Redis, key), plus what is its
 * own (user folder, ports).
 */
function queueEnv(runtime, { userFolder, port, brokerPort, shared, extra = {} }) {
	return n8nEnv(runtime, {
		userFolder,
		port,
		brokerPort,
		overrides: {
			EXECUTIONS_MODE: 'queue',
			N8N_ENCRYPTION_KEY: shared.encryptionKey,
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(shared.postgres.port),
			DB_POSTGRESDB_DATABASE: shared.postgres.database,
			DB_POSTGRESDB_USER: shared.postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			// n8n's default pool is 2 connections per process: main then times out under 20 webhooks at once.
			DB_POSTGRESDB_POOL_SIZE: '20',
			// One ping slower than this (default 5 s) makes main answer every request "503 Database is not ready"
			// until the next ping succeeds; on a busy 2-core machine a ping can take that long.
			DB_PING_TIMEOUT_MS: '20000',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(shared.redis.port),
			// n8n 3.x's behaviour, available in 2.40 behind this flag: the editor's "Execute workflow" runs on a worker too.
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_LOG_LEVEL: 'info',
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			...shared.extraEnv,
			...extra,
		},
	});
}

function newEncryptionKey() {
	return crypto.randomBytes(24).toString('base64url');
}

module.exports = {
	postgresBinDir,
	startPostgres,
	postgresClient,
	startRedis,
	spawnService,
	stopGroup,
	groupAlive,
	queueEnv,
	newEncryptionKey,
	canConnect,
	waitFor,
};
