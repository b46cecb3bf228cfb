'use strict';
/**
 * Starts test/support/fakes/serve.js as a child process and waits for its one JSON line, so .ts
 * tests (which may not touch child_process) can prove the CLI works and the e2e suite can reuse the
 * same launcher.
 */

const { spawn } = require('child_process');
const path = require('path');

const SERVE = path.join(__dirname, 'fakes', 'serve.js');

/** @typedef {{code: number|null, signal: string|null, stdout: string}} FakeExit */

/**
 * @typedef {Object} SpawnedFake
 * @property {{crm: string, url: string, token?: string, webhookUrl?: string}} info the parsed
 *   stdout line
 * @property {string} firstLine the raw line as printed
 * @property {number} pid
 * @property {() => Promise<FakeExit>} stop SIGTERM, then wait for exit
 */

/**
 * @param {string[]} args CLI arguments, e.g. ['--crm', 'amocrm', '--port', '0']
 * @param {{timeoutMs?: number}} [options]
 * @returns {Promise<SpawnedFake>}
 */
function spawnFakeCrm(args, { timeoutMs = 20000 } = {}) {
	const child = spawn(process.execPath, [SERVE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
	let stdout = '';
	let stderr = '';
	const exited = new Promise((resolve) => {
		child.once('exit', (code, signal) => resolve({ code, signal }));
	});

	return new Promise((resolve, reject) => {
		let settled = false;
		const timer = setTimeout(
			() => fail(new Error(`serve.js printed nothing within ${timeoutMs} ms; stderr: ${stderr}`)),
			timeoutMs,
		);

		function fail(error) {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			child.kill('SIGKILL');
			reject(error);
		}

		child.stderr.on('data', (chunk) => {
			stderr += chunk;
		});
		child.stdout.on('data', (chunk) => {
			stdout += chunk;
			const newline = stdout.indexOf('\n');
			if (newline < 0 || settled) return;
			const firstLine = stdout.slice(0, newline);
			let info;
			try {
				info = JSON.parse(firstLine);
			} catch {
				fail(new Error(`serve.js printed a line that is not JSON: ${firstLine}`));
				return;
			}
			settled = true;
			clearTimeout(timer);
			resolve({
				info,
				firstLine,
				pid: /** @type {number} */ (child.pid),
				stop: async () => {
					if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
					const { code, signal } = await exited;
					return { code, signal, stdout };
				},
			});
		});
		exited.then(({ code, signal }) =>
			fail(new Error(`serve.js exited early (code ${code}, signal ${signal}); stderr: ${stderr}`)),
		);
	});
}

module.exports = { spawnFakeCrm };
