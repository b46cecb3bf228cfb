#!/usr/bin/env node
'use strict';
/**
 * `npm start` — runs this package in a real n8n, the way users get it:
 *   1. provisions n8n 2.40.7 and a Node.js for it into the cache (scripts/lib/runtime.js);
 *   2. builds the package and `npm pack`s it;
 *   3. installs the tarball as a community package into ./.n8n/nodes/node_modules (n8n's user folder
 *      is this checkout, so n8n keeps everything in ./.n8n, SQLite included);
 *   4. imports the example workflows of workflows/ (dist/workflows after the gulp build) that are new
 *      or changed since the last start, so edits made in the editor survive a restart;
 *   5. starts n8n on http://localhost:5678, creates the owner account on the first start, and prints
 *      what to open and click first.
 *
 * Options:
 *   --skip-build   use the current dist/ (after your own `npm run build`)
 *   --reimport     import every example again, replacing edits made in the editor
 *   --check        after start: check /healthz, the workflow list and one execution of each example
 *                  through the REST API, print the result and stop n8n (exit code 1 on failure)
 * Environment: N8N_PORT (default 5678), N8N_RUNNERS_BROKER_PORT (default: the next port), any other
 *   N8N_* setting, SALES_MARKETING_BRIDGE_CACHE_DIR.
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { buildPackage, installCommunityPackage, packPackage } = require('./lib/communityPackage');
const {
	N8nRest,
	generatePassword,
	importWorkflows,
	n8nEnv,
	nodeError,
	portIsFree,
	preferredOrFreePort,
	startServer,
	stopProcess,
	waitUntilReady,
} = require('./lib/n8n');
const { provision } = require('./lib/runtime');
const { StepError, createProgress, reportFailure } = require('./lib/steps');
const { createErrorExplainer, createOutputFilter, executionQueries } = require('./lib/terminal');
const { PROJECT_DIR, readWorkflowFiles } = require('./lib/workflows');

const USER_FOLDER = PROJECT_DIR;
const N8N_FOLDER = path.join(USER_FOLDER, '.n8n');
const STATE_FILE = path.join(N8N_FOLDER, 'sales-marketing-bridge.json');
const LOG_DIR = path.join(N8N_FOLDER, 'logs');
const OWNER = { email: 'owner@example.com', firstName: 'Demo', lastName: 'Owner' };

const flags = new Set(process.argv.slice(2));
/** The n8n server process once started, so that a failure later on stops it too. */
let server = null;

/**
 * n8n copies its editor (~45 MB of JS) into <user folder>/.cache/n8n/public at every start; here that
 * is the checkout, where `npm run lint` (eslint .) would then parse all of it, so it is removed when
 * n8n stops. Only by the run that started that n8n: a second `npm start` that fails (port in use, a
 * build error) must not pull the editor from under the n8n that is still serving it.
 */
function removeEditorCopy() {
	if (!server) return;
	fs.rmSync(path.join(USER_FOLDER, '.cache', 'n8n'), { recursive: true, force: true });
}

function readState() {
	try {
		return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'));
	} catch {
		return { imported: {} };
	}
}

function writeState(state) {
	fs.mkdirSync(N8N_FOLDER, { recursive: true });
	fs.writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

function hashOf(workflow) {
	return crypto.createHash('sha256').update(JSON.stringify(workflow)).digest('hex').slice(0, 16);
}

async function main() {
	const progress = createProgress({ log: (line) => process.stdout.write(`${line}\n`) });
	const started = Date.now();
	fs.mkdirSync(LOG_DIR, { recursive: true });
	const port = Number(process.env.N8N_PORT || 5678);
	const baseUrl = `http://localhost:${port}`;

	if (!(await portIsFree(port))) {
		throw new StepError(
			'Check the port',
			`port ${port} is already in use (is n8n already running?)`,
			{
				hint: `stop the other program, or pick another port: N8N_PORT=${port + 2} npm start`,
			},
		);
	}

	const runtime = await provision({ progress });

	if (flags.has('--skip-build'))
		progress.info('Build: skipped (--skip-build), using dist/ as it is');
	else {
		await progress.step(
			'Build the package (n8n-node build + gulp build)',
			{ expected: 'about 10 s' },
			() => buildPackage({ logFile: path.join(LOG_DIR, 'build.log') }),
		);
	}

	await progress.step(
		'Pack the package and install it as an n8n community package',
		{ expected: 'a few seconds' },
		async () => {
			const logFile = path.join(LOG_DIR, 'install-package.log');
			const { tarball, version } = await packPackage({
				outDir: path.join(N8N_FOLDER, 'packed'),
				logFile,
			});
			const installedAt = await installCommunityPackage({
				tarball,
				userFolder: USER_FOLDER,
				nodeBin: runtime.nodeBin,
				logFile,
			});
			progress.info(
				`  ${path.basename(tarball)} (version ${version}) → ${path.relative(PROJECT_DIR, installedAt)}`,
			);
		},
	);

	// n8n's task broker: N8N_RUNNERS_BROKER_PORT when set, else the port after n8n's (5679 by default) if free.
	const brokerPort = process.env.N8N_RUNNERS_BROKER_PORT
		? Number(process.env.N8N_RUNNERS_BROKER_PORT)
		: await preferredOrFreePort(port + 1);
	const env = n8nEnv(runtime, { userFolder: USER_FOLDER, port, brokerPort });

	const state = readState();
	// A new database (first start, or .n8n/database.sqlite deleted) has none of the examples yet.
	if (!fs.existsSync(path.join(N8N_FOLDER, 'database.sqlite'))) state.imported = {};
	const examples = readWorkflowFiles(path.join(PROJECT_DIR, 'dist', 'workflows'));
	if (examples.length === 0)
		throw new StepError(
			'Import the example workflows',
			'dist/workflows/ is empty (did the gulp build run?)',
		);
	const toImport = examples.filter(
		({ workflow }) => flags.has('--reimport') || state.imported[workflow.id] !== hashOf(workflow),
	);
	if (toImport.length === 0) progress.info('Example workflows: already imported and unchanged');
	else {
		const firstStart = !fs.existsSync(path.join(N8N_FOLDER, 'database.sqlite'));
		await progress.step(
			`Import ${toImport.length} example workflow(s): ${toImport.map(({ workflow }) => workflow.name).join(', ')}`,
			{
				expected: firstStart
					? 'about 10 s: n8n sets up its database on the first start'
					: 'a few seconds',
			},
			async () => {
				await importWorkflows(
					runtime,
					env,
					toImport.map(({ workflow }) => workflow),
					{
						workDir: path.join(N8N_FOLDER, 'import'),
						logFile: path.join(LOG_DIR, 'import.log'),
						cwd: USER_FOLDER,
					},
				).catch((error) => {
					throw new StepError('Import the example workflows', error.message, {
						logFile: error.logFile,
						logTail: error.logTail,
					});
				});
				for (const { workflow } of toImport) state.imported[workflow.id] = hashOf(workflow);
				writeState(state);
			},
		);
	}

	const print = (line) => process.stdout.write(`${line}\n`);
	const n8nLog = path.join(LOG_DIR, 'n8n.log');
	// Before n8n is ready its output is shown only with --verbose; afterwards errors are reported with
	// the workflow and node they came from (scripts/lib/terminal.js). All of it stays in n8n.log.
	let onN8nLine = flags.has('--verbose')
		? createOutputFilter((line) => print(`  n8n: ${line}`))
		: () => {};
	const child = (server = startServer(runtime, env, {
		logFile: n8nLog,
		cwd: USER_FOLDER,
		onLine: (line) => onN8nLine(line),
	}));
	let stopping = false;
	const stopN8n = () => {
		stopping = true;
		return stopProcess(child).then(removeEditorCopy);
	};
	process.on('SIGINT', () => {
		print('\nStopping n8n…');
		stopN8n().then(() => process.exit(0));
	});
	process.on('SIGTERM', () => stopN8n().then(() => process.exit(0)));

	await progress.step(
		`Start n8n ${runtime.n8nVersion} on ${baseUrl}`,
		{ expected: 'about 10 s' },
		() =>
			waitUntilReady(`http://127.0.0.1:${port}`, child, 180000).catch((error) => {
				throw new StepError('Start n8n', error.message, { logFile: n8nLog });
			}),
	);

	const rest = new N8nRest(`http://127.0.0.1:${port}`, runtime);
	let owner = state.owner;
	if (await rest.needsOwnerSetup()) {
		owner = { ...OWNER, password: generatePassword() };
		await rest.setUpOwner(owner);
		state.owner = owner;
		writeState(state);
		progress.info(
			`Created the n8n owner account ${owner.email} (saved in ${path.relative(PROJECT_DIR, STATE_FILE)})`,
		);
	}

	if (flags.has('--check')) {
		const ok = await selfCheck(rest, owner, examples, port, progress);
		await stopN8n();
		process.exitCode = ok ? 0 : 1;
		return;
	}

	if (!flags.has('--verbose')) {
		let explain = (line) => print(`  n8n: ${line}`);
		if (owner) {
			const viewer = new N8nRest(`http://127.0.0.1:${port}`, runtime);
			await viewer.login(owner.email, owner.password).then(
				() => {
					const explainer = createErrorExplainer({
						...executionQueries(viewer),
						print: (line) => print(`  ${line}`),
						baseUrl,
						logFile: path.relative(process.cwd(), n8nLog),
					});
					explain = (line) => explainer.line(line);
				},
				() => {}, // password changed in the editor: show n8n's lines as they are
			);
		}
		onN8nLine = createOutputFilter(explain);
	}
	child.once('exit', (code, signal) => {
		if (stopping) return;
		print(
			`\nn8n stopped by itself (${code === null ? signal : `exit code ${code}`}); its output is in ${path.relative(process.cwd(), n8nLog)}`,
		);
		removeEditorCopy();
		process.exit(code || 1);
	});
	const minutes = ((Date.now() - started) / 60000).toFixed(1);
	print('');
	print('────────────────────────────────────────────────────────────────────────────');
	print(
		` n8n ${runtime.n8nVersion} is running with n8n-nodes-sales-marketing-bridge (ready in ${minutes} min)`,
	);
	print('');
	print(` 1. Open ${baseUrl}`);
	if (owner) print(` 2. Sign in as ${owner.email} / ${owner.password}`);
	else print(' 2. Sign in with the owner account you created for this folder');
	print(` 3. Open the workflow "${examples[0].workflow.name}" and click "Execute workflow".`);
	print('    It reads sample deals from the built-in Demo CRM (no account needed) and saves them');
	print('    to the data table "CRM deals" (Overview → Data tables). The yellow notes say what to');
	print('    change for your own CRM (amoCRM/Kommo, Bitrix24, HubSpot or Pipedrive).');
	print(' 4. Then try "Weekly lead-quality digest": it says per channel whether lost deals come');
	print('    from bad leads or from slow follow-up, ready to send to Telegram, Slack or e-mail.');
	print('');
	print(
		` Data and logs stay in ${path.relative(process.cwd(), N8N_FOLDER) || '.n8n'}/ (delete it to start from scratch).`,
	);
	print(' Stop with Ctrl+C.');
	print('────────────────────────────────────────────────────────────────────────────');
}

/**
 * What a newcomer would see, checked through the API: /healthz, the imported workflows in the list,
 * and one successful run of each example.
 */
async function selfCheck(rest, owner, examples, port, progress) {
	let ok = true;
	const health = await fetch(`http://127.0.0.1:${port}/healthz`);
	progress.info(`GET /healthz → ${health.status} ${await health.text()}`);
	ok = ok && health.ok;
	if (!owner) {
		progress.info(
			'No saved owner password for this folder: cannot sign in for the remaining checks',
		);
		return false;
	}
	await rest.login(owner.email, owner.password);
	const listed = await rest.listWorkflows();
	const names = listed.map((workflow) => workflow.name);
	progress.info(`Workflows in n8n: ${names.join(', ')}`);
	for (const { workflow } of examples) {
		if (!names.includes(workflow.name)) {
			progress.info(`✖ "${workflow.name}" is missing from the workflow list`);
			ok = false;
			continue;
		}
		const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
		if (!trigger) continue;
		const execution = await rest.execute(workflow.id, trigger.name);
		const ranNodes = Object.keys(execution.data.resultData.runData);
		const failed = ranNodes.filter((name) => nodeError(execution, name));
		const items = ranNodes.map((name) => {
			const runs = execution.data.resultData.runData[name];
			const main = runs[0].data && runs[0].data.main;
			return `${name}: ${main && main[0] ? main[0].length : 0}`;
		});
		progress.info(
			`Execution ${execution.id} of "${workflow.name}": ${execution.status} (items per node — ${items.join('; ')})`,
		);
		if (execution.status !== 'success' || failed.length > 0) {
			ok = false;
			for (const name of failed)
				progress.info(`  ✖ ${name}: ${nodeError(execution, name).message}`);
		}
	}
	progress.info(ok ? '✔ Self-check passed' : '✖ Self-check failed');
	return ok;
}

main().catch(async (error) => {
	process.exitCode = reportFailure(error);
	// n8n may still be starting; do not leave it behind.
	if (server) await stopProcess(server);
	removeEditorCopy();
	process.exit(process.exitCode);
});
