'use strict';
/** The example-workflow checks gulp runs at build time, and the node-type prefix rewriting. */

const { validateWorkflow, withNodeTypePrefix } = require('../../scripts/lib/workflows');

const ours = {
	nodes: new Map([['n8n-nodes-sales-marketing-bridge.crmSalesData', [1]]]),
	credentials: new Set(['amoCrmApi', 'bitrix24Api']),
};
const n8n = {
	nodes: new Map([
		['n8n-nodes-base.manualTrigger', [1]],
		['n8n-nodes-base.stickyNote', [1]],
		['n8n-nodes-base.dataTable', [1, 1.1]],
	]),
	credentials: new Set(['telegramApi']),
};

function example(overrides = {}) {
	return {
		id: 'pullCrmDeals0001',
		name: 'Example',
		nodes: [
			{ id: 'a', name: 'Note', type: 'n8n-nodes-base.stickyNote', typeVersion: 1, parameters: {} },
			{
				id: 'b',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				parameters: {},
			},
			{
				id: 'c',
				name: 'CRM',
				type: 'n8n-nodes-sales-marketing-bridge.crmSalesData',
				typeVersion: 1,
				parameters: {},
				credentials: { amoCrmApi: { id: 'x', name: 'amo' } },
			},
			{ id: 'd', name: 'Save', type: 'n8n-nodes-base.dataTable', typeVersion: 1.1, parameters: {} },
		],
		connections: {
			Start: { main: [[{ node: 'CRM', type: 'main', index: 0 }]] },
			CRM: { main: [[{ node: 'Save', type: 'main', index: 0 }]] },
		},
		pinData: {},
		...overrides,
	};
}

function nodesWith(change) {
	return example().nodes.map((node) => (node.name === 'CRM' ? { ...node, ...change } : node));
}

describe('validateWorkflow', () => {
	test('accepts a workflow that uses existing node types, versions and credentials', () => {
		expect(validateWorkflow(example(), { ours, n8n })).toEqual([]);
	});

	test('rejects the n8n-node dev prefix and names the installed one instead', () => {
		const problems = validateWorkflow(
			example({ nodes: nodesWith({ type: 'CUSTOM.crmSalesData' }) }),
			{ ours, n8n },
		);
		expect(problems).toEqual([
			expect.stringContaining('"n8n-nodes-sales-marketing-bridge.crmSalesData"'),
		]);
	});

	test('rejects a node of ours that the package does not build', () => {
		const workflow = example({
			nodes: nodesWith({ type: 'n8n-nodes-sales-marketing-bridge.crmSalesDta' }),
		});
		expect(validateWorkflow(workflow, { ours, n8n })).toEqual([
			expect.stringContaining('does not exist'),
		]);
	});

	test('rejects a typeVersion the node does not have, listing the ones it has', () => {
		const workflow = example({ nodes: nodesWith({ typeVersion: 2 }) });
		expect(validateWorkflow(workflow, { ours, n8n })).toEqual([
			expect.stringContaining('available: 1'),
		]);
	});

	test("checks n8n's own node types when n8n is provisioned, and only their prefix when not", () => {
		const nodes = example().nodes.map((node) =>
			node.name === 'Save' ? { ...node, type: 'n8n-nodes-base.dataTabel' } : node,
		);
		expect(validateWorkflow(example({ nodes }), { ours, n8n })).toEqual([
			expect.stringContaining('does not exist'),
		]);
		expect(validateWorkflow(example({ nodes }), { ours, n8n: null })).toEqual([]);
	});

	test('rejects node types from other packages', () => {
		const workflow = example({ nodes: nodesWith({ type: 'n8n-nodes-someone-else.thing' }) });
		expect(validateWorkflow(workflow, { ours, n8n })).toEqual([
			expect.stringContaining('neither this package'),
		]);
	});

	test('rejects connections to or from nodes that are not in the workflow', () => {
		const connections = {
			Start: { main: [[{ node: 'CMR', type: 'main', index: 0 }]] },
			Ghost: { main: [[{ node: 'Save', type: 'main', index: 0 }]] },
		};
		const problems = validateWorkflow(example({ connections }), { ours, n8n });
		expect(problems).toEqual([
			expect.stringContaining('"Start" to "CMR", which is not a node'),
			expect.stringContaining('connects from "Ghost"'),
		]);
	});

	test("rejects credential types that are neither ours nor n8n's", () => {
		const workflow = example({
			nodes: nodesWith({ credentials: { amoCrmAPI: { id: 'x', name: 'amo' } } }),
		});
		expect(validateWorkflow(workflow, { ours, n8n })).toEqual([
			expect.stringContaining('"amoCrmAPI"'),
		]);
	});

	test('asks examples for a sticky note, unpinned data, unique node names and a fixed id', () => {
		const nodes = example()
			.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote')
			.concat({
				id: 'e',
				name: 'Save',
				type: 'n8n-nodes-base.dataTable',
				typeVersion: 1,
				parameters: {},
			});
		const problems = validateWorkflow(
			example({ id: 'abc', nodes, pinData: { CRM: [{ json: {} }] } }),
			{ ours, n8n },
		);
		expect(problems).toEqual([
			expect.stringContaining('16-character'),
			expect.stringContaining('two nodes named "Save"'),
			expect.stringContaining('no sticky note'),
			expect.stringContaining('pins data'),
		]);
	});

	test('test workflows (not examples) need no sticky note', () => {
		const nodes = example().nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
		expect(validateWorkflow(example({ nodes }), { ours, n8n, example: false })).toEqual([]);
	});
});

describe('withNodeTypePrefix', () => {
	test("rewrites only this package's node types, both ways, without touching the input", () => {
		const source = example();
		const custom = withNodeTypePrefix(source, 'CUSTOM.');
		expect(custom.nodes.map((node) => node.type)).toEqual([
			'n8n-nodes-base.stickyNote',
			'n8n-nodes-base.manualTrigger',
			'CUSTOM.crmSalesData',
			'n8n-nodes-base.dataTable',
		]);
		expect(source.nodes[2].type).toBe('n8n-nodes-sales-marketing-bridge.crmSalesData');
		expect(withNodeTypePrefix(custom, 'n8n-nodes-sales-marketing-bridge.')).toEqual(source);
	});
});
