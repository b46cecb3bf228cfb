#!/usr/bin/env node
'use strict';
/**
 * `node scripts/screenshot.js [--out docs/images/pull-deals-from-the-crm.png] [--workflow pullCrmDeals0001] [--no-run]`
 *
 * Takes the README's screenshot: signs into the n8n that `npm start` runs (owner saved in
 * .n8n/sales-marketing-bridge.json), opens the example workflow in the editor, clicks "Execute workflow"
 * as a newcomer would, waits for the run, and saves a PNG. Uses Debian's headless Chromium
 * (apt-get install -y chromium) through the DevTools protocol, so no browser download is needed.
 * Needs a Node.js with a global WebSocket (>= 22): on an older one it reruns itself on n8n's Node.
 *
 * Before clicking, it reads the label of the "Execute workflow" button and fails unless the button
 * starts the workflow's Manual Trigger (the editor shows "from <trigger>" only when several triggers
 * are switched on; the examples' notes tell users to click it and expect the manual run). So
 * `node scripts/screenshot.js --workflow <id> --no-run --out /tmp/x.png` checks an example in the
 * real editor.
 */

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { CHROMIUM_FLAGS } = require('./lib/editor');
const { BROWSER_ID, N8nRest } = require('./lib/n8n');
const { readyRuntime } = require('./lib/runtime');
const { PROJECT_DIR } = require('./lib/workflows');

const args = process.argv.slice(2);
const option = (name, fallback) => {
	const index = args.indexOf(name);
	return index >= 0 ? args[index + 1] : fallback;
};
const OUT = path.resolve(
	option('--out', path.join(PROJECT_DIR, 'docs', 'images', 'pull-deals-from-the-crm.png')),
);
const WORKFLOW_ID = option('--workflow', 'pullCrmDeals0001');
const PORT = Number(process.env.N8N_PORT || 5678);
const BASE_URL = `http://localhost:${PORT}`;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
/** The Manual Trigger's name in every example: what the notes mean by "click Execute workflow". */
const MANUAL_TRIGGER = option('--trigger', "When clicking 'Execute workflow'");
const WIDTH = 1600;
const HEIGHT = 900;

/** Minimal DevTools-protocol client over the page's WebSocket. */
function connectDevTools(url) {
	const socket = new WebSocket(url);
	let nextId = 0;
	const pending = new Map();
	socket.addEventListener('message', (event) => {
		const message = JSON.parse(event.data);
		if (message.id && pending.has(message.id)) {
			const { resolve, reject } = pending.get(message.id);
			pending.delete(message.id);
			if (message.error) reject(new Error(`${message.error.message}`));
			else resolve(message.result);
		}
	});
	return new Promise((resolve, reject) => {
		socket.addEventListener('error', () => reject(new Error(`cannot connect to ${url}`)));
		socket.addEventListener('open', () =>
			resolve({
				send(method, params = {}) {
					const id = ++nextId;
					socket.send(JSON.stringify({ id, method, params }));
					return new Promise((done, fail) => pending.set(id, { resolve: done, reject: fail }));
				},
				close: () => socket.close(),
			}),
		);
	});
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(client, expression, timeoutMs, what) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const { result } = await client.send('Runtime.evaluate', { expression, returnByValue: true });
		if (result.value) return result.value;
		await sleep(500);
	}
	throw new Error(`timed out waiting for ${what}`);
}

async function launchChromium() {
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'smb-chromium-'));
	const chromium = spawn(
		CHROMIUM,
		[
			...CHROMIUM_FLAGS,
			`--user-data-dir=${profile}`,
			'--remote-debugging-port=0',
			`--window-size=${WIDTH},${HEIGHT}`,
			'about:blank',
		],
		{ stdio: 'ignore' },
	);
	const portFile = path.join(profile, 'DevToolsActivePort');
	for (let i = 0; i < 100 && !fs.existsSync(portFile); i++) await sleep(100);
	if (!fs.existsSync(portFile))
		throw new Error(`${CHROMIUM} did not start (apt-get install -y chromium)`);
	const port = fs.readFileSync(portFile, 'utf8').split('\n')[0];
	const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
	const page = targets.find((target) => target.type === 'page');
	return {
		client: await connectDevTools(page.webSocketDebuggerUrl),
		stop() {
			chromium.kill('SIGTERM');
			fs.rmSync(profile, { recursive: true, force: true });
		},
	};
}

async function main() {
	const state = JSON.parse(
		fs.readFileSync(path.join(PROJECT_DIR, '.n8n', 'sales-marketing-bridge.json'), 'utf8'),
	);
	const runtime = readyRuntime();
	const rest = new N8nRest(`http://127.0.0.1:${PORT}`, runtime);
	await rest.login(state.owner.email, state.owner.password);
	const cookieValue = rest.cookie.replace(/^n8n-auth=/, '');

	const browser = await launchChromium();
	try {
		const { client } = browser;
		await client.send('Page.enable');
		await client.send('Network.enable');
		await client.send('Emulation.setDeviceMetricsOverride', {
			width: WIDTH,
			height: HEIGHT,
			deviceScaleFactor: 1,
			mobile: false,
		});
		// The session cookie is tied to the browser id the editor keeps in localStorage.
		await client.send('Network.setCookie', {
			name: 'n8n-auth',
			value: cookieValue,
			domain: 'localhost',
			path: '/',
			httpOnly: true,
		});
		await client.send('Page.addScriptToEvaluateOnNewDocument', {
			source: `localStorage.setItem('n8n-browserId', ${JSON.stringify(BROWSER_ID)});`,
		});
		await client.send('Page.navigate', { url: `${BASE_URL}/workflow/${WORKFLOW_ID}` });
		await waitFor(
			client,
			`document.querySelectorAll('[data-test-id="canvas-node"]').length > 3`,
			60000,
			'the workflow canvas',
		);
		const label = await waitFor(
			client,
			`(() => { const b = document.querySelector('[data-test-id="execute-workflow-button"]'); return b ? b.innerText.replace(/\\s+/g, ' ').trim() : ''; })()`,
			20000,
			'the Execute workflow button',
		);
		process.stdout.write(`Execute workflow button: "${label}"\n`);
		const from = /\bfrom (.+)$/.exec(label);
		if (from && from[1] !== MANUAL_TRIGGER) {
			throw new Error(
				`the Execute workflow button starts "${from[1]}", not the Manual Trigger "${MANUAL_TRIGGER}"`,
			);
		}
		if (!args.includes('--no-run')) {
			await waitFor(
				client,
				`(() => { const b = document.querySelector('[data-test-id="execute-workflow-button"]'); if (b) b.click(); return Boolean(b); })()`,
				20000,
				'the Execute workflow button',
			);
			// Finished: the button reads "Execute workflow" again (it shows a spinner while the run lasts;
			// nodes light up one by one, so counting green nodes alone catches the run half-way), no node
			// is still running, and the nodes after the trigger show success.
			await sleep(1000);
			await waitFor(
				client,
				`(() => {
					const b = document.querySelector('[data-test-id="execute-workflow-button"]');
					return Boolean(b) && /^Execute workflow/.test(b.innerText.trim()) &&
						document.querySelectorAll('[data-test-id="canvas-node-status-running"]').length === 0 &&
						document.querySelectorAll('[data-test-id="canvas-node-status-success"]').length >= 4;
				})()`,
				120000,
				'the run to finish',
			);
			await sleep(1500);
		} else {
			await sleep(3000);
		}
		const { data } = await client.send('Page.captureScreenshot', { format: 'png' });
		fs.mkdirSync(path.dirname(OUT), { recursive: true });
		fs.writeFileSync(OUT, Buffer.from(data, 'base64'));
		process.stdout.write(`Saved ${path.relative(process.cwd(), OUT)}\n`);
		client.close();
	} finally {
		browser.stop();
	}
}

if (typeof WebSocket === 'undefined') {
	const runtime = readyRuntime();
	if (!runtime)
		throw new Error(
			'needs Node.js >= 22, or the provisioned one: run `node scripts/provision.js` first',
		);
	const child = spawn(runtime.nodeBin, [__filename, ...args], { stdio: 'inherit' });
	child.on('exit', (code) => process.exit(code === null ? 1 : code));
} else {
	main().catch((error) => {
		process.stderr.write(`Screenshot failed: ${error.message}\n`);
		process.exit(1);
	});
}
