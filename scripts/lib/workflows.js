'use strict';
/**
 * Example-workflow checks and node-type prefix rewriting, used by gulpfile.js (build), the start
 * script and the e2e suite.
 *
 * Node types of a community package depend on how n8n loaded it: `<package-name>.<node>` when it is
 * installed (Community Nodes UI, or `.n8n/nodes/node_modules`), `CUSTOM.<node>` when it is loaded from
 * a custom folder as `n8n-node dev` does. Files in workflows/ hold what users import, so they carry the
 * installed prefix; other variants are derived from them.
 */

const fs = require('node:fs');
const path = require('node:path');

const PROJECT_DIR = path.join(__dirname, '..', '..');
const PACKAGE_NAME = 'n8n-nodes-sales-marketing-bridge';
const INSTALLED_PREFIX = `${PACKAGE_NAME}.`;
const CUSTOM_PREFIX = 'CUSTOM.';
/** Packages whose nodes ship with n8n itself. */
const N8N_NODE_PACKAGES = ['n8n-nodes-base', '@n8n/n8n-nodes-langchain'];
const STICKY_NOTE_TYPE = 'n8n-nodes-base.stickyNote';
const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';
const TELEGRAM_TYPE = 'n8n-nodes-base.telegram';
const DATA_TABLE_TYPE = 'n8n-nodes-base.dataTable';
/** n8n's JavaScript/Python nodes: a non-developer cannot adjust them visually, so examples never use them. */
const CODE_NODE_TYPES = new Set([
	'n8n-nodes-base.code',
	'n8n-nodes-base.function',
	'n8n-nodes-base.functionItem',
]);
/**
 * Senders that need an account: shipped switched off, so that the example runs from "Execute workflow" without
 * credentials (a disabled node passes its items on). HTTP Request only when it carries a credential.
 */
const SENDER_TYPES = new Set([
	TELEGRAM_TYPE,
	'n8n-nodes-base.emailSend',
	'n8n-nodes-base.slack',
	'n8n-nodes-base.microsoftTeams',
]);
const HTTP_REQUEST_TYPE = 'n8n-nodes-base.httpRequest';

/**
 * @typedef {{ nodes: Map<string, number[]>, credentials: Set<string> }} TypeCatalog
 *   node type (full name) → supported typeVersions; credential type names
 */

/** @param {unknown} version */
function versionList(version) {
	return (Array.isArray(version) ? version : [version]).filter((v) => typeof v === 'number');
}

/**
 * The node and credential types this package registers, read from the built files that
 * package.json's `n8n` section lists (exactly what n8n loads).
 * @param {string} [projectDir]
 * @returns {TypeCatalog}
 */
function packageCatalog(projectDir = PROJECT_DIR) {
	const pkg = JSON.parse(fs.readFileSync(path.join(projectDir, 'package.json'), 'utf8'));
	const section = pkg.n8n || {};
	/** @type {TypeCatalog} */
	const catalog = { nodes: new Map(), credentials: new Set() };
	for (const file of section.nodes || []) {
		for (const instance of instancesOf(path.join(projectDir, file))) {
			const description = instance.description || {};
			const versions = instance.nodeVersions
				? Object.keys(instance.nodeVersions).map(Number)
				: versionList(description.version);
			catalog.nodes.set(`${pkg.name}.${description.name}`, versions);
		}
	}
	for (const file of section.credentials || []) {
		for (const instance of instancesOf(path.join(projectDir, file))) {
			if (typeof instance.name === 'string') catalog.credentials.add(instance.name);
		}
	}
	return catalog;
}

/** Instances of the classes a built node/credential file exports. */
function instancesOf(file) {
	if (!fs.existsSync(file)) {
		throw new Error(`${path.relative(PROJECT_DIR, file)} is listed in package.json but not built (run n8n-node build)`);
	}
	const exported = require(file);
	return Object.values(exported)
		.filter((value) => typeof value === 'function')
		.map((Type) => new Type());
}

/**
 * n8n's own node and credential types, from the `dist/types/*.json` files its node packages ship,
 * in the provisioned n8n (scripts/lib/runtime.js). Null when n8n is not provisioned yet.
 * @param {string | null} n8nDir  folder holding n8n's node_modules
 * @returns {TypeCatalog | null}
 */
function n8nCatalog(n8nDir) {
	if (!n8nDir) return null;
	/** @type {TypeCatalog} */
	const catalog = { nodes: new Map(), credentials: new Set() };
	for (const packageName of N8N_NODE_PACKAGES) {
		const typesDir = path.join(n8nDir, 'node_modules', packageName, 'dist', 'types');
		const nodesFile = path.join(typesDir, 'nodes.json');
		if (!fs.existsSync(nodesFile)) return null;
		for (const node of JSON.parse(fs.readFileSync(nodesFile, 'utf8'))) {
			const type = `${packageName}.${node.name}`;
			const known = catalog.nodes.get(type) || [];
			catalog.nodes.set(type, [...known, ...versionList(node.version)]);
		}
		const credentialsFile = path.join(typesDir, 'credentials.json');
		if (fs.existsSync(credentialsFile)) {
			for (const credential of JSON.parse(fs.readFileSync(credentialsFile, 'utf8'))) {
				catalog.credentials.add(credential.name);
			}
		}
	}
	return catalog;
}

/** @param {string} type */
function isOurType(type) {
	return type.startsWith(INSTALLED_PREFIX) || type.startsWith(CUSTOM_PREFIX);
}

/**
 * Problems that would stop a user from importing and running the workflow, as readable sentences.
 * @param {any} workflow  parsed workflow JSON
 * @param {{ ours: TypeCatalog, n8n: TypeCatalog | null, example?: boolean }} catalogs
 *   `example`: a shipped example (needs a sticky note, must not pin data)
 * @returns {string[]}
 */
function validateWorkflow(workflow, { ours, n8n, example = true }) {
	const problems = [];
	if (!workflow || typeof workflow !== 'object') return ['is not a JSON object'];
	if (typeof workflow.name !== 'string' || workflow.name.trim() === '') problems.push('has no "name"');
	if (typeof workflow.id !== 'string' || !/^[A-Za-z0-9]{16}$/.test(workflow.id)) {
		problems.push('needs a fixed 16-character alphanumeric "id", so that importing it again updates it instead of adding a copy');
	}
	if (!Array.isArray(workflow.nodes) || workflow.nodes.length === 0) return [...problems, 'has no "nodes"'];
	if (!workflow.connections || typeof workflow.connections !== 'object') problems.push('has no "connections"');

	const names = new Set();
	const ids = new Set();
	for (const node of workflow.nodes) {
		const label = `node "${node.name}"`;
		if (typeof node.name !== 'string' || node.name === '') problems.push('has a node without a name');
		else if (names.has(node.name)) problems.push(`has two nodes named "${node.name}"`);
		names.add(node.name);
		if (node.id !== undefined) {
			if (ids.has(node.id)) problems.push(`has two nodes with id "${node.id}"`);
			ids.add(node.id);
		}
		problems.push(...checkNodeType(node, label, ours, n8n));
		problems.push(...checkCredentials(node, label, ours, n8n));
	}

	for (const [source, outputs] of Object.entries(workflow.connections || {})) {
		if (!names.has(source)) problems.push(`connects from "${source}", which is not a node of the workflow`);
		for (const [connectionType, branches] of Object.entries(outputs || {})) {
			for (const branch of branches || []) {
				for (const target of branch || []) {
					if (!target || !names.has(target.node)) {
						problems.push(`connects "${source}" to "${target && target.node}", which is not a node of the workflow`);
					} else if (target.type !== connectionType || typeof target.index !== 'number') {
						problems.push(`connection "${source}" → "${target.node}" needs type "${connectionType}" and a numeric index`);
					}
				}
			}
		}
	}

	if (example) {
		if (!workflow.nodes.some((node) => node.type === STICKY_NOTE_TYPE)) {
			problems.push('has no sticky note: examples tell a non-developer what to change for production');
		}
		const pinned = workflow.pinData && Object.keys(workflow.pinData).length > 0;
		if (pinned) problems.push('pins data: examples must really run, not replay pinned output');
		problems.push(...checkExampleNodes(workflow.nodes));
	}
	return problems;
}

/** A node's `credentials` has at least one entry. */
function hasCredentials(node) {
	return Boolean(node.credentials) && Object.keys(node.credentials).length > 0;
}

/** Why a node would need an account to run, or null. */
function senderKind(node) {
	if (SENDER_TYPES.has(node.type)) return 'sends with an account';
	if (node.type === HTTP_REQUEST_TYPE && (hasCredentials(node) || usesPredefinedCredential(node))) {
		return 'calls an API with a credential';
	}
	return null;
}

function usesPredefinedCredential(node) {
	const auth = node.parameters && node.parameters.authentication;
	return auth === 'predefinedCredentialType' || auth === 'genericCredentialType';
}

/**
 * Telegram Send Message from version 1.1 appends "This message was sent automatically with n8n" unless
 * `additionalFields.appendAttribution` is false: n8n-nodes-base 2.40.2, dist/nodes/Telegram/GenericFunctions.js,
 * addAdditionalFields — only for operation sendMessage (the node's default operation), defaulting the option to true.
 */
function telegramAddsAttribution(node) {
	if (node.type !== TELEGRAM_TYPE || !(node.typeVersion >= 1.1)) return false;
	const parameters = node.parameters || {};
	const operation = parameters.operation === undefined ? 'sendMessage' : parameters.operation;
	if (operation !== 'sendMessage') return false;
	const fields = parameters.additionalFields || {};
	return fields.appendAttribution !== false;
}

/** The rules every shipped example keeps, node by node (see the file comment of gulpfile.js). */
function checkExampleNodes(nodes) {
	const problems = [];
	if (!nodes.some((node) => node.type === MANUAL_TRIGGER_TYPE)) {
		problems.push('has no Manual Trigger: "Execute workflow" must run the example on the Demo CRM');
	}
	for (const node of nodes) {
		const label = `node "${node.name}"`;
		if (CODE_NODE_TYPES.has(node.type)) {
			problems.push(
				`${label} is a Code node ("${node.type}"): examples use n8n's visual nodes (Set, IF, Filter, Split Out…) so that a non-developer can adjust every step`,
			);
		}
		if (telegramAddsAttribution(node)) {
			problems.push(
				`${label} sends Telegram messages with n8n's attribution footer: set Additional Fields → Append n8n Attribution to off (additionalFields.appendAttribution: false)`,
			);
		}
		const kind = senderKind(node);
		if (kind !== null && node.disabled !== true) {
			problems.push(
				`${label} ${kind} and is switched on: ship it disabled, so the example runs without accounts (the sticky note says how to switch it on)`,
			);
		}
	}
	return problems;
}

/** The Data Table names a workflow refers to (table create and row operations by name), as written. */
function dataTableNames(workflow) {
	const names = new Set();
	for (const node of (workflow && workflow.nodes) || []) {
		if (node.type !== DATA_TABLE_TYPE) continue;
		const parameters = node.parameters || {};
		if (typeof parameters.tableName === 'string' && parameters.tableName.trim() !== '') {
			names.add(parameters.tableName.trim());
		}
		const locator = parameters.dataTableId;
		if (locator && typeof locator === 'object' && locator.mode === 'name' && typeof locator.value === 'string') {
			if (locator.value.trim() !== '') names.add(locator.value.trim());
		}
	}
	return [...names];
}

/**
 * n8n finds a Data Table by name as a case-insensitive substring within the project (n8n-nodes-base DataTable
 * common/utils: `filter: { name: value.toLowerCase() }`, a LIKE match), so across every example no table name may
 * contain another: "Feedback" would also pick "Feedback questions". Expressions (names starting with "=") are skipped.
 * @param {{ file: string, workflow: any }[]} files
 * @returns {string[]}
 */
function checkDataTableNames(files) {
	const owners = new Map();
	for (const { file, workflow } of files) {
		for (const name of dataTableNames(workflow)) {
			if (name.startsWith('=')) continue;
			const key = name.toLowerCase();
			if (!owners.has(key)) owners.set(key, { name, files: new Set() });
			owners.get(key).files.add(path.basename(file));
		}
	}
	const problems = [];
	const entries = [...owners.values()];
	for (const outer of entries) {
		for (const inner of entries) {
			if (outer === inner) continue;
			if (outer.name.toLowerCase().includes(inner.name.toLowerCase())) {
				problems.push(
					`Data Table "${outer.name}" (${[...outer.files].join(', ')}) contains the name "${inner.name}" (${[...inner.files].join(', ')}): n8n looks tables up by a case-insensitive part of the name, so one would be found for the other; rename one`,
				);
			}
		}
	}
	return problems;
}

function checkNodeType(node, label, ours, n8n) {
	const type = node.type;
	if (typeof type !== 'string') return [`${label} has no type`];
	if (type.startsWith(CUSTOM_PREFIX)) {
		return [
			`${label} has type "${type}" (the n8n-node dev prefix); files in workflows/ must use ` +
				`"${INSTALLED_PREFIX}${type.slice(CUSTOM_PREFIX.length)}", what users import (gulp derives the CUSTOM. variant)`,
		];
	}
	let catalog;
	if (type.startsWith(INSTALLED_PREFIX)) catalog = ours;
	else if (N8N_NODE_PACKAGES.some((pkg) => type.startsWith(`${pkg}.`))) catalog = n8n;
	else return [`${label} has type "${type}", which is neither this package's nor one of n8n's own nodes`];
	if (!catalog) return [];
	const versions = catalog.nodes.get(type);
	if (!versions) return [`${label} has type "${type}", which does not exist`];
	if (!versions.includes(node.typeVersion)) {
		return [`${label} uses typeVersion ${node.typeVersion} of "${type}"; available: ${versions.join(', ')}`];
	}
	return [];
}

function checkCredentials(node, label, ours, n8n) {
	const problems = [];
	for (const credentialType of Object.keys(node.credentials || {})) {
		if (ours.credentials.has(credentialType)) continue;
		if (n8n && !n8n.credentials.has(credentialType)) {
			problems.push(`${label} uses credential type "${credentialType}", which is neither ours nor n8n's`);
		}
	}
	return problems;
}

/**
 * A copy of the workflow whose nodes from this package carry `prefix` (e.g. 'CUSTOM.').
 * @param {any} workflow
 * @param {string} prefix
 */
function withNodeTypePrefix(workflow, prefix) {
	const copy = JSON.parse(JSON.stringify(workflow));
	for (const node of copy.nodes || []) {
		if (typeof node.type !== 'string' || !isOurType(node.type)) continue;
		const bare = node.type.startsWith(INSTALLED_PREFIX)
			? node.type.slice(INSTALLED_PREFIX.length)
			: node.type.slice(CUSTOM_PREFIX.length);
		node.type = `${prefix}${bare}`;
	}
	return copy;
}

/**
 * Reads every `*.json` workflow in a folder (sorted by file name).
 * @param {string} dir
 * @returns {{ file: string, workflow: any }[]}
 */
function readWorkflowFiles(dir) {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => {
			const file = path.join(dir, name);
			try {
				return { file, workflow: JSON.parse(fs.readFileSync(file, 'utf8')) };
			} catch (error) {
				throw new Error(`${path.relative(PROJECT_DIR, file)} is not valid JSON: ${error.message}`);
			}
		});
}

module.exports = {
	PROJECT_DIR,
	PACKAGE_NAME,
	INSTALLED_PREFIX,
	CUSTOM_PREFIX,
	STICKY_NOTE_TYPE,
	packageCatalog,
	n8nCatalog,
	validateWorkflow,
	checkDataTableNames,
	checkExampleNodes,
	dataTableNames,
	withNodeTypePrefix,
	readWorkflowFiles,
};
