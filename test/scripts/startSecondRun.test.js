'use strict';
/**
 * A second `npm start` while n8n already runs from the same checkout must fail without touching the
 * running instance. n8n serves its editor from <user folder>/.cache/n8n/public; deleting it (as the
 * failing run's error handler once did) leaves the open browser with a blank page.
 *
 * The test copies scripts/ into a scratch project (the user folder is the project folder that
 * scripts/lib/workflows.js sits in), "runs n8n" there by occupying the port and creating the editor
 * folder, and runs start.js, which must stop at the port check.
 */

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const SCRIPTS_DIR = path.join(__dirname, '..', '..', 'scripts');

function listen() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve(server));
	});
}

function run(command, args, options) {
	return new Promise((resolve) => {
		const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('close', (code) => resolve({ code, output }));
	});
}

let project;
let server;

beforeEach(async () => {
	project = fs.mkdtempSync(path.join(os.tmpdir(), 'smb-start-'));
	fs.cpSync(SCRIPTS_DIR, path.join(project, 'scripts'), {
		recursive: true,
		filter: (source) => !source.includes(`${path.sep}node_modules`),
	});
	server = await listen();
});

afterEach(async () => {
	await new Promise((resolve) => server.close(resolve));
	fs.rmSync(project, { recursive: true, force: true });
});

test('a second start on a busy port fails and leaves the running editor folder alone', async () => {
	const editorFile = path.join(project, '.cache', 'n8n', 'public', 'index.html');
	fs.mkdirSync(path.dirname(editorFile), { recursive: true });
	fs.writeFileSync(editorFile, '<!doctype html><title>n8n</title>');
	const { port } = server.address();

	const { code, output } = await run(
		process.execPath,
		[path.join(project, 'scripts', 'start.js')],
		{
			cwd: project,
			env: {
				...process.env,
				N8N_PORT: String(port),
				SALES_MARKETING_BRIDGE_CACHE_DIR: path.join(project, 'cache'),
			},
		},
	);

	expect(code).toBe(1);
	expect(output).toContain(`port ${port} is already in use`);
	expect(fs.existsSync(editorFile)).toBe(true);
});
