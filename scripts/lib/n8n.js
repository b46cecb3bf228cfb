'use strict';
/**
 * Driving a real n8n: its environment, CLI imports, the server process, and the REST calls the editor
 * makes (owner setup, login, "Execute workflow", executions, credential tests).
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { createRequire } = require('node:module');
const { spawn } = require('node:child_process');

const { runLogged } = require('./proc');

/** Sent with every REST call: n8n ties its auth cookie to the browser id the login came from. */
const BROWSER_ID = 'sales-marketing-bridge-scripts';

/**
 * Environment for n8n commands. Defaults suit a laptop or CI without internet; anything the caller
 * already set in its own environment wins, so users keep control (N8N_PORT=5680 npm start).
 * @param {{ env: (extra?: object) => NodeJS.ProcessEnv }} runtime
 * @param {{ userFolder: string, port: number, brokerPort: number, overrides?: Record<string, string> }} options
 */
function n8nEnv(runtime, { userFolder, port, brokerPort, overrides = {} }) {
	const defaults = {
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		DB_TYPE: 'sqlite',
	};
	const env = runtime.env();
	// Jest sets NODE_ENV=test, and n8n then behaves as in its own unit tests (commands quietly do nothing).
	if (env.NODE_ENV === 'test') delete env.NODE_ENV;
	for (const [key, value] of Object.entries(defaults)) {
		if (env[key] === undefined) env[key] = value;
	}
	return {
		...env,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		...overrides,
	};
}

/** @param {number} port @param {string} [host] */
function portIsFree(port, host = '127.0.0.1') {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, host, () => server.close(() => resolve(true)));
	});
}

/** A port nothing listens on now (the OS picks it). */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** `preferred` when it is free, else any free port. */
async function preferredOrFreePort(preferred) {
	return (await portIsFree(preferred)) ? preferred : freePort();
}

/**
 * Runs an n8n CLI command to completion (output appended to `logFile`).
 * @param {{ nodeBin: string, n8nBin: string }} runtime
 * @param {NodeJS.ProcessEnv} env
 * @param {string[]} args
 * @param {{ logFile: string, cwd: string }} options
 */
function runN8nCli(runtime, env, args, { logFile, cwd }) {
	return runLogged(runtime.nodeBin, [runtime.n8nBin, ...args], { cwd, env, logFile, timeoutMs: 10 * 60000 });
}

/**
 * Imports workflows with `n8n import:workflow` (one call for all of them: each CLI start costs seconds).
 * Workflows keep their ids, so importing again updates them.
 */
async function importWorkflows(runtime, env, workflows, { workDir, logFile, cwd }) {
	if (workflows.length === 0) return;
	fs.mkdirSync(workDir, { recursive: true });
	const file = path.join(workDir, 'workflows-to-import.json');
	fs.writeFileSync(file, JSON.stringify(workflows, null, 2));
	await runN8nCli(runtime, env, ['import:workflow', `--input=${file}`], { logFile, cwd });
}

/**
 * Imports credentials with `n8n import:credentials`: `data` given as a plain object is encrypted with
 * the instance's key on import, as when a user saves the credential in the editor.
 */
async function importCredentials(runtime, env, credentials, { workDir, logFile, cwd }) {
	if (credentials.length === 0) return;
	fs.mkdirSync(workDir, { recursive: true });
	const file = path.join(workDir, 'credentials-to-import.json');
	fs.writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
	try {
		await runN8nCli(runtime, env, ['import:credentials', `--input=${file}`], { logFile, cwd });
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/**
 * Starts `n8n start`. Every output line goes to `logFile`; `onLine` sees each one too.
 * @returns {import('node:child_process').ChildProcess}
 */
function startServer(runtime, env, { logFile, cwd, onLine }) {
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	const log = fs.createWriteStream(logFile, { flags: 'a' });
	log.write(`\n--- n8n start at ${new Date().toISOString()} ---\n`);
	const child = spawn(runtime.nodeBin, [runtime.n8nBin, 'start'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
	for (const stream of [child.stdout, child.stderr]) {
		let pending = '';
		stream.setEncoding('utf8');
		stream.on('data', (chunk) => {
			log.write(chunk);
			pending += chunk;
			const lines = pending.split('\n');
			pending = lines.pop();
			if (onLine) for (const line of lines) onLine(line);
		});
	}
	child.on('close', () => log.end());
	return child;
}

/**
 * Waits until n8n answers /healthz/readiness (database migrated and connected), or fails when the
 * process exits first or `timeoutMs` passes. (/healthz alone answers before migrations finish.)
 */
async function waitUntilReady(baseUrl, child, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	let exited = null;
	child.once('exit', (code, signal) => (exited = code === null ? signal : `code ${code}`));
	while (Date.now() < deadline) {
		if (exited !== null) throw new Error(`n8n exited (${exited}) before it was ready`);
		try {
			const response = await fetch(`${baseUrl}/healthz/readiness`);
			if (response.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`n8n did not become ready within ${Math.round(timeoutMs / 1000)} s`);
}

/** Stops a process started by startServer: SIGTERM, then SIGKILL after `graceMs`. */
function stopProcess(child, graceMs = 15000) {
	return new Promise((resolve) => {
		if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
		const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		child.kill('SIGTERM');
	});
}

/** A password n8n accepts (8+ characters, a digit and a capital letter), random per user folder. */
function generatePassword() {
	return `Demo-${crypto.randomBytes(9).toString('base64url')}-7K`;
}

/** Loads n8n's own `flatted`, the format n8n stores execution data in. */
function n8nFlatted(n8nDir) {
	const requireFromN8n = createRequire(path.join(n8nDir, 'node_modules', 'n8n', 'package.json'));
	return requireFromN8n('flatted');
}

/** REST calls against a running n8n, as the editor makes them (cookie session). */
class N8nRest {
	/** @param {string} baseUrl @param {{ n8nDir: string }} runtime */
	constructor(baseUrl, runtime) {
		this.baseUrl = baseUrl;
		this.runtime = runtime;
		this.cookie = '';
	}

	/**
	 * n8n closes idle keep-alive sockets; a request that meets one fails with "fetch failed" (ECONNRESET / "other
	 * side closed") before n8n saw it. Reads and the login are safe to send again; other writes are not retried.
	 */
	async request(method, route, body) {
		const retryable = method === 'GET' || route === '/rest/login';
		for (let attempt = 1; ; attempt += 1) {
			try {
				return await this.requestOnce(method, route, body);
			} catch (error) {
				if (!retryable || attempt >= 3 || !(error instanceof TypeError)) throw error;
				await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
			}
		}
	}

	async requestOnce(method, route, body) {
		const headers = { 'browser-id': BROWSER_ID, accept: 'application/json' };
		if (this.cookie) headers.cookie = this.cookie;
		if (body !== undefined) headers['content-type'] = 'application/json';
		const response = await fetch(`${this.baseUrl}${route}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookies = typeof response.headers.getSetCookie === 'function' ? response.headers.getSetCookie() : [];
		const auth = setCookies.find((cookie) => cookie.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		const text = await response.text();
		let json = null;
		try {
			json = text ? JSON.parse(text) : null;
		} catch {
			json = null;
		}
		return { status: response.status, json, text };
	}

	async expectOk(method, route, body) {
		const result = await this.request(method, route, body);
		if (result.status < 200 || result.status >= 300) {
			const message = (result.json && result.json.message) || result.text.slice(0, 300);
			throw new Error(`${method} ${route} answered ${result.status}: ${message}`);
		}
		return result.json && 'data' in result.json ? result.json.data : result.json;
	}

	/** Whether the instance still waits for its owner account (fresh user folder). */
	async needsOwnerSetup() {
		const settings = await this.expectOk('GET', '/rest/settings');
		return Boolean(settings.userManagement && settings.userManagement.showSetupOnFirstLoad);
	}

	/** Creates the owner account (what the editor's first "Set up owner account" page does). */
	async setUpOwner({ email, password, firstName, lastName }) {
		await this.expectOk('POST', '/rest/owner/setup', { email, password, firstName, lastName });
	}

	async login(email, password) {
		await this.expectOk('POST', '/rest/login', { emailOrLdapLoginId: email, password });
	}

	/** Workflows visible to the logged-in user. */
	async listWorkflows() {
		return this.expectOk('GET', '/rest/workflows');
	}

	/**
	 * Starts a manual execution, as the editor's "Execute workflow" button does, from `triggerName`.
	 * @returns {Promise<string>} execution id
	 */
	async runWorkflow(workflowId, triggerName) {
		const data = await this.expectOk('POST', `/rest/workflows/${workflowId}/run`, {
			triggerToStartFrom: { name: triggerName },
		});
		if (!data || !data.executionId) {
			throw new Error(`n8n did not start workflow ${workflowId}: ${JSON.stringify(data)}`);
		}
		return data.executionId;
	}

	/**
	 * Waits for an execution to finish and returns it with its data unflattened:
	 * `{ status, data: { resultData: { runData, error } } }`.
	 */
	async waitForExecution(executionId, timeoutMs = 120000) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const execution = await this.expectOk('GET', `/rest/executions/${executionId}`);
			if (execution && execution.status !== 'running' && execution.status !== 'new' && execution.stoppedAt) {
				const data = typeof execution.data === 'string' ? n8nFlatted(this.runtime.n8nDir).parse(execution.data) : execution.data;
				return { ...execution, data };
			}
			if (Date.now() > deadline) throw new Error(`execution ${executionId} still ${execution && execution.status} after ${timeoutMs} ms`);
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}

	/** Runs a workflow from a trigger and waits for the result. */
	async execute(workflowId, triggerName, timeoutMs) {
		const executionId = await this.runWorkflow(workflowId, triggerName);
		return this.waitForExecution(executionId, timeoutMs);
	}
}

/**
 * Items a node produced in an execution (first run, output `output`), as plain JSON objects.
 * @param {any} execution  as returned by N8nRest.waitForExecution
 * @param {string} nodeName
 */
function nodeOutput(execution, nodeName, output = 0) {
	const runs = execution.data.resultData.runData[nodeName];
	if (!runs || runs.length === 0) return null;
	const main = runs[0].data && runs[0].data.main;
	return ((main && main[output]) || []).map((item) => item.json);
}

/** The error a node stopped with, if any. */
function nodeError(execution, nodeName) {
	const runs = execution.data.resultData.runData[nodeName];
	return runs && runs[0] && runs[0].error ? runs[0].error : null;
}

/** "<node>: <message>" for every node that stopped with an error in an execution (empty when none did). */
function failedNodes(execution) {
	return Object.keys(execution.data.resultData.runData)
		.map((name) => [name, nodeError(execution, name)])
		.filter(([, error]) => error)
		.map(([name, error]) => `${name}: ${error.message}`);
}

module.exports = {
	failedNodes,
	BROWSER_ID,
	n8nEnv,
	portIsFree,
	freePort,
	preferredOrFreePort,
	runN8nCli,
	importWorkflows,
	importCredentials,
	startServer,
	waitUntilReady,
	stopProcess,
	generatePassword,
	N8nRest,
	nodeOutput,
	nodeError,
};
