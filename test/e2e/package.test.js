'use strict';
/**
 * What only a real n8n shows about the installed package: it loads without missing modules, its
 * node and credential types are registered under the package's prefix, its icons are served, and the
 * libraries it leaves to n8n (zod, luxon) resolve to n8n's copies at the versions we test against.
 */

const fs = require('node:fs');
const path = require('node:path');

const { packageCatalog } = require('../../scripts/lib/workflows');
const { connect, PACKAGE_NAME } = require('./support/instance');

const projectPackage = JSON.parse(
	fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'),
);

let n8n;
let nodeTypes;
let credentialTypes;
/** What the installed copy declares: the files its package.json lists, loaded as n8n loads them. */
let declared;

beforeAll(async () => {
	n8n = await connect();
	nodeTypes = await n8n.rest.expectOk('GET', '/types/nodes.json');
	credentialTypes = await n8n.rest.expectOk('GET', '/types/credentials.json');
	declared = packageCatalog(n8n.state.packageDir);
});

test('the installed package holds only what package.json publishes, without devDependencies', () => {
	const installed = JSON.parse(
		fs.readFileSync(path.join(n8n.state.packageDir, 'package.json'), 'utf8'),
	);
	expect(installed.name).toBe(PACKAGE_NAME);
	expect(installed.devDependencies).toBeUndefined();
	expect(installed.dependencies || {}).toEqual({});
	expect(fs.existsSync(path.join(n8n.state.packageDir, 'node_modules', 'zod'))).toBe(false);
	for (const file of n8n.state.packedFiles)
		expect(
			file === 'package.json' || file.startsWith('dist/') || /^(README|LICENSE)/i.test(file),
		).toBe(true);
});

test('n8n loads the package without load or missing-module errors', () => {
	const log = n8n.readLog();
	expect(log).not.toMatch(/Cannot find module/);
	expect(log).not.toMatch(new RegExp(`Failed to load package "${PACKAGE_NAME}"`));
	expect(log).not.toMatch(/Error loading package/i);
	expect(log).toMatch(/Editor is now accessible/);
});

test('every node of the package is registered under the package prefix', () => {
	const registered = nodeTypes
		.map((type) => type.name)
		.filter((name) => name.startsWith(`${PACKAGE_NAME}.`));
	expect(declared.nodes.size).toBe(projectPackage.n8n.nodes.length);
	const expected = [...declared.nodes.keys()];
	// n8n also registers an AI-tool variant, `<node>Tool`, of each node marked usableAsTool.
	expect(
		registered.filter((name) => !name.endsWith('Tool') || expected.includes(name)).sort(),
	).toEqual(expected.sort());
	for (const name of registered.filter((candidate) => !expected.includes(candidate))) {
		expect(expected).toContain(name.replace(/Tool$/, ''));
	}
	expect(registered).toContain(`${PACKAGE_NAME}.crmSalesData`);
	expect(nodeTypes.filter((type) => type.name.startsWith('CUSTOM.'))).toEqual([]);
});

test('every credential of the package is registered', () => {
	const registered = new Set(credentialTypes.map((type) => type.name));
	expect(declared.credentials.size).toBe(projectPackage.n8n.credentials.length);
	for (const name of declared.credentials)
		expect({ name, registered: registered.has(name) }).toEqual({ name, registered: true });
	expect(registered.has('amoCrmApi')).toBe(true);
	expect(registered.has('bitrix24Api')).toBe(true);
});

test('n8n serves every icon of the package', async () => {
	const ours = [
		...nodeTypes.filter((type) => type.name.startsWith(`${PACKAGE_NAME}.`)),
		...credentialTypes.filter((type) => declared.credentials.has(type.name)),
	];
	const urls = new Set();
	for (const type of ours) {
		const iconUrl = type.iconUrl;
		expect({ type: type.name, hasIcon: Boolean(iconUrl) }).toEqual({
			type: type.name,
			hasIcon: true,
		});
		for (const url of typeof iconUrl === 'string' ? [iconUrl] : Object.values(iconUrl))
			urls.add(url);
	}
	for (const url of urls) {
		expect(url.startsWith(`icons/${PACKAGE_NAME}/`)).toBe(true);
		const response = await fetch(`${n8n.state.baseUrl}/${url}`);
		const body = await response.text();
		expect({ url, status: response.status, type: response.headers.get('content-type') }).toEqual({
			url,
			status: 200,
			type: expect.stringContaining('image/svg+xml'),
		});
		expect(body).toMatch(/<svg[\s>]/);
	}
});

/** Installed .js files that require `library` (the package ships none of its own copies). */
function filesRequiring(library) {
	const found = [];
	const walk = (dir) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (
				entry.name.endsWith('.js') &&
				fs.readFileSync(full, 'utf8').includes(`require("${library}")`)
			)
				found.push(full);
		}
	};
	walk(path.join(n8n.state.packageDir, 'dist'));
	return found;
}

test("zod and luxon resolve to n8n's own copies, at the versions the unit tests use", () => {
	// The package's code does require them at run time (and n8n loaded every node, see above).
	expect(filesRequiring('zod').length + filesRequiring('luxon').length).toBeGreaterThan(0);
	// n8n puts the module paths of its loader on NODE_PATH before it loads community packages
	// (load-nodes-and-credentials.js): a package's require('zod') resolves from there.
	const loaderDir = path.join(n8n.runtime.n8nDir, 'node_modules', 'n8n', 'dist');
	for (const library of ['zod', 'luxon']) {
		const manifest = require.resolve(`${library}/package.json`, { paths: [loaderDir] });
		expect(manifest.startsWith(n8n.runtime.n8nDir)).toBe(true);
		const version = JSON.parse(fs.readFileSync(manifest, 'utf8')).version;
		expect({ library, version }).toEqual({
			library,
			version: projectPackage.devDependencies[library],
		});
	}
});
