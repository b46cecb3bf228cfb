'use strict';
/**
 * The n8n editor in Debian's headless Chromium (apt-get install -y chromium), for the scripts that take the
 * README's screenshots and for the browser e2e test: the Chromium flags known to work on a server (root, no GPU, no
 * background connections), a puppeteer-core browser with a fresh profile, signing in through n8n's sign-in page,
 * and a throwaway n8n (a temporary user folder with the packed package installed as a community package and the
 * given workflows imported) for scripts that must not touch `npm start`'s .n8n/.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { installCommunityPackage, packPackage } = require('./communityPackage');
const {
	N8nRest,
	freePort,
	generatePassword,
	importWorkflows,
	n8nEnv,
	startServer,
	stopProcess,
	waitUntilReady,
} = require('./n8n');

const CHROMIUM = process.env.CHROMIUM || process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** No sandbox (root in containers), no GPU, and nothing that phones home or updates itself while a script runs. */
const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--hide-scrollbars',
];

/**
 * puppeteer-core on Debian's Chromium with a fresh profile (removed on close).
 * @param {{ width?: number, height?: number }} [options]
 */
async function launchBrowser({ width = 1600, height = 900 } = {}) {
	const puppeteer = require('puppeteer-core');
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'smb-chromium-'));
	let browser;
	try {
		browser = await puppeteer.launch({
			executablePath: CHROMIUM,
			headless: true,
			args: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, `--window-size=${width},${height}`],
			defaultViewport: { width, height, deviceScaleFactor: 1 },
		});
	} catch (error) {
		fs.rmSync(profile, { recursive: true, force: true });
		throw new Error(`${CHROMIUM} did not start (apt-get install -y chromium): ${error.message}`);
	}
	const close = browser.close.bind(browser);
	browser.close = async () => {
		try {
			await close();
		} finally {
			fs.rmSync(profile, { recursive: true, force: true });
		}
	};
	return browser;
}

/**
 * Signs in through n8n's sign-in page as a person would: opens `/signin`, types the e-mail and password, clicks
 * "Sign in", and waits until the editor has left the sign-in page. `beforeSubmit` runs with the form filled in.
 * @param {import('puppeteer-core').Page} page
 * @param {string} baseUrl
 * @param {{ email: string, password: string }} owner
 * @param {{ beforeSubmit?: () => Promise<void> }} [options]
 */
async function signIn(page, baseUrl, { email, password }, { beforeSubmit } = {}) {
	await page.goto(`${baseUrl}/signin`, { waitUntil: 'load', timeout: 120000 });
	const emailInput = await page.waitForSelector('[data-test-id="auth-form"] input[type="email"]', {
		visible: true,
	});
	await emailInput.type(email);
	const passwordInput = await page.waitForSelector(
		'[data-test-id="auth-form"] input[type="password"]',
		{ visible: true },
	);
	await passwordInput.type(password);
	if (beforeSubmit) await beforeSubmit();
	await page.click('[data-test-id="form-submit-button"]');
	await page.waitForFunction(() => !location.pathname.startsWith('/signin'), { timeout: 60000 });
}

/**
 * A throwaway n8n: `workflows` imported with n8n's CLI into a new user folder with the packed package installed,
 * n8n started on a free port, an owner created. `stop()` ends n8n and removes the folder.
 * @param {{ runtime: any, workflows: any[], progress: any, keepFolder?: boolean }} options
 */
async function startScratchN8n({ runtime, workflows, progress, keepFolder = false }) {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'smb-n8n-'));
	const logDir = path.join(userFolder, 'logs');
	fs.mkdirSync(logDir, { recursive: true });
	let server = null;
	const stop = async () => {
		await stopProcess(server);
		if (!keepFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	};
	try {
		await progress.step(
			'Pack the package and install it into a throwaway n8n',
			{ expected: 'a few seconds' },
			async () => {
				const logFile = path.join(logDir, 'install-package.log');
				const { tarball } = await packPackage({ outDir: path.join(userFolder, 'packed'), logFile });
				await installCommunityPackage({ tarball, userFolder, nodeBin: runtime.nodeBin, logFile });
			},
		);
		const port = await freePort();
		const env = n8nEnv(runtime, { userFolder, port, brokerPort: await freePort() });
		await progress.step(`Import ${workflows.length} workflow(s)`, { expected: 'about 10 s' }, () =>
			importWorkflows(runtime, env, workflows, {
				workDir: path.join(userFolder, 'import'),
				logFile: path.join(logDir, 'import.log'),
				cwd: userFolder,
			}),
		);
		server = startServer(runtime, env, { logFile: path.join(logDir, 'n8n.log'), cwd: userFolder });
		const baseUrl = `http://127.0.0.1:${port}`;
		await progress.step(`Start n8n on ${baseUrl}`, { expected: 'about 10 s' }, () =>
			waitUntilReady(baseUrl, server, 180000),
		);
		const owner = {
			email: 'images@example.com',
			firstName: 'Demo',
			lastName: 'Owner',
			password: generatePassword(),
		};
		const rest = new N8nRest(baseUrl, runtime);
		await rest.setUpOwner(owner);
		await rest.login(owner.email, owner.password);
		return { baseUrl, owner, rest, userFolder, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

module.exports = { CHROMIUM, CHROMIUM_FLAGS, launchBrowser, signIn, startScratchN8n };
