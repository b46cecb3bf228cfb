'use strict';
/** Child-process helpers shared by the scripts: run to completion with a log file, or capture output. */

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/**
 * Last lines of a text file (for failure messages).
 * @param {string} file
 * @param {number} [lines]
 */
function tailOf(file, lines = 25) {
	try {
		const text = fs.readFileSync(file, 'utf8').replace(/\s+$/, '');
		return text.split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

/**
 * Runs a command, appending its stdout and stderr to `logFile`. Resolves on exit code 0; rejects with
 * an Error whose message names the command and the exit code, and carries `logFile`/`logTail`.
 * stdin is closed: CI has none, and a prompt must fail instead of hanging.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv, logFile: string, timeoutMs?: number }} options
 * @returns {Promise<void>}
 */
function runLogged(command, args, options) {
	fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
	fs.appendFileSync(options.logFile, `\n$ ${command} ${args.join(' ')}\n  (in ${options.cwd})\n`);
	const out = fs.openSync(options.logFile, 'a');
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env || process.env,
			stdio: ['ignore', out, out],
			shell: process.platform === 'win32',
		});
		let timer;
		if (options.timeoutMs) {
			timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs);
			timer.unref();
		}
		child.on('error', (error) => {
			clearTimeout(timer);
			fs.closeSync(out);
			reject(Object.assign(new Error(`could not run ${command}: ${error.message}`), { logFile: options.logFile }));
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			fs.closeSync(out);
			fs.appendFileSync(options.logFile, `exit ${code === null ? signal : code}\n`);
			if (code === 0) return resolve();
			const how = code === null ? `was stopped (${signal})` : `exited with code ${code}`;
			reject(
				Object.assign(new Error(`\`${command} ${args.join(' ')}\` ${how}`), {
					logFile: options.logFile,
					logTail: tailOf(options.logFile),
				}),
			);
		});
	});
}

/**
 * Runs a command and captures stdout/stderr (for short commands whose output is data).
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv, timeoutMs?: number }} options
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string }>}
 */
function capture(command, args, options) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env || process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
			shell: process.platform === 'win32',
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		let timer;
		if (options.timeoutMs) {
			timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs);
			timer.unref();
		}
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr });
		});
	});
}

/**
 * How to call npm: the npm running this script (when started through `npm run`), else `npm` on PATH.
 * `nodeBin` picks the Node.js that runs it, so that install scripts and node-gyp see that Node too.
 * @param {string} [nodeBin]
 * @returns {{ command: string, prefixArgs: string[] }}
 */
function npmCommand(nodeBin = process.execPath) {
	const execPath = process.env.npm_execpath;
	if (execPath && /npm-cli\.js$/.test(execPath)) return { command: nodeBin, prefixArgs: [execPath] };
	return { command: process.platform === 'win32' ? 'npm.cmd' : 'npm', prefixArgs: [] };
}

/** npm settings worth passing on to a child npm: where the user's registry, cache and proxies are. */
const KEPT_NPM_SETTINGS = new Set([
	'npm_config_cache',
	'npm_config_userconfig',
	'npm_config_globalconfig',
	'npm_config_registry',
	'npm_config_cafile',
	'npm_config_proxy',
	'npm_config_https_proxy',
	'npm_config_noproxy',
	'npm_config_strict_ssl',
]);

/**
 * The environment for a child that runs npm in another folder (the n8n cache, the n8n user folder),
 * or n8n itself. `npm start` exports this project's settings as npm_* variables (ignore_scripts from
 * .npmrc, local_prefix = this checkout, package fields…); passed on, they would make a child npm
 * act on this checkout or skip the build scripts it needs. So they are dropped, keeping only where
 * the registry, cache and proxies are.
 * @param {NodeJS.ProcessEnv} [env]
 * @param {Record<string, string>} [extra]
 */
function childEnv(env = process.env, extra = {}) {
	/** @type {NodeJS.ProcessEnv} */
	const clean = {};
	for (const [key, value] of Object.entries(env)) {
		const lower = key.toLowerCase();
		if (lower.startsWith('npm_') && !KEPT_NPM_SETTINGS.has(lower)) continue;
		if (key === 'INIT_CWD') continue;
		clean[key] = value;
	}
	return { ...clean, ...extra };
}

/**
 * `env` with the folder of `nodeBin` first on PATH, so `node` (and npm scripts) resolve to it.
 * @param {NodeJS.ProcessEnv} env
 * @param {string} nodeBin
 */
function withNodeFirstOnPath(env, nodeBin) {
	const pathKey = Object.keys(env).find((key) => key.toUpperCase() === 'PATH') || 'PATH';
	return { ...env, [pathKey]: `${path.dirname(nodeBin)}${path.delimiter}${env[pathKey] || ''}` };
}

module.exports = { runLogged, capture, tailOf, npmCommand, childEnv, withNodeFirstOnPath };
