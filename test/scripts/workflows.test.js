'use strict';
/** The example-workflow checks gulp runs at build time, and the node-type prefix rewriting. */

const path = require('node:path');

const {
	checkDataTableNames,
	checkExampleNodes,
	readWorkflowFiles,
	validateWorkflow,
	withNodeTypePrefix,
} = require('../../scripts/lib/workflows');

const ours = {
	nodes: new Map([['n8n-nodes-sales-marketing-bridge.crmSalesData', [1]]]),
	credentials: new Set(['amoCrmApi', 'bitrix24Api']),
};
const n8n = {
	nodes: new Map([
		['n8n-nodes-base.manualTrigger', [1]],
		['n8n-nodes-base.stickyNote', [1]],
		['n8n-nodes-base.dataTable', [1, 1.1]],
		['n8n-nodes-base.code', [2]],
		['n8n-nodes-base.function', [1]],
		['n8n-nodes-base.functionItem', [1]],
		['n8n-nodes-base.telegram', [1, 1.1, 1.2]],
		['n8n-nodes-base.emailSend', [2.1]],
		['n8n-nodes-base.slack', [2.3]],
		['n8n-nodes-base.httpRequest', [4.2]],
		['n8n-nodes-base.set', [3.4]],
	]),
	credentials: new Set(['telegramApi', 'smtp', 'slackApi']),
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

/** The example with one more node, connected after "Save". */
function withNode(node) {
	const base = example();
	return example({
		nodes: [...base.nodes, { id: 'z', parameters: {}, ...node }],
		connections: {
			...base.connections,
			Save: { main: [[{ node: node.name, type: 'main', index: 0 }]] },
		},
	});
}

const sendMessage = {
	name: 'Send to Telegram',
	type: 'n8n-nodes-base.telegram',
	typeVersion: 1.2,
	disabled: true,
	parameters: {
		chatId: '-100',
		text: '={{ $json.text }}',
		additionalFields: { parse_mode: 'HTML' },
	},
	credentials: { telegramApi: { id: 't', name: 'bot' } },
};

describe('validateWorkflow: the rules for shipped examples', () => {
	test.each(['n8n-nodes-base.code', 'n8n-nodes-base.function', 'n8n-nodes-base.functionItem'])(
		'rejects a Code node (%s)',
		(type) => {
			const version = type === 'n8n-nodes-base.code' ? 2 : 1;
			const problems = validateWorkflow(withNode({ name: 'Shape', type, typeVersion: version }), {
				ours,
				n8n,
			});
			expect(problems).toEqual([expect.stringContaining('node "Shape" is a Code node')]);
		},
	);

	test('accepts the visual nodes that replace code (Set)', () => {
		const set = { name: 'Shape', type: 'n8n-nodes-base.set', typeVersion: 3.4 };
		expect(validateWorkflow(withNode(set), { ours, n8n })).toEqual([]);
	});

	test("rejects a Telegram message that would carry n8n's attribution footer (version 1.1 and later)", () => {
		expect(validateWorkflow(withNode(sendMessage), { ours, n8n })).toEqual([
			expect.stringContaining(
				'"Send to Telegram" sends Telegram messages with n8n\'s attribution footer',
			),
		]);
		const v11 = { ...sendMessage, typeVersion: 1.1 };
		expect(validateWorkflow(withNode(v11), { ours, n8n })).toHaveLength(1);
		const explicitTrue = {
			...sendMessage,
			parameters: { ...sendMessage.parameters, additionalFields: { appendAttribution: true } },
		};
		expect(validateWorkflow(withNode(explicitTrue), { ours, n8n })).toHaveLength(1);
	});

	test('accepts Telegram with the footer off, version 1 (no footer), and operations that send no text', () => {
		const off = {
			...sendMessage,
			parameters: {
				...sendMessage.parameters,
				additionalFields: { parse_mode: 'HTML', appendAttribution: false },
			},
		};
		expect(validateWorkflow(withNode(off), { ours, n8n })).toEqual([]);
		expect(validateWorkflow(withNode({ ...sendMessage, typeVersion: 1 }), { ours, n8n })).toEqual(
			[],
		);
		const answer = {
			...sendMessage,
			parameters: { resource: 'callback', operation: 'answerQuery', queryId: '={{ 1 }}' },
		};
		expect(validateWorkflow(withNode(answer), { ours, n8n })).toEqual([]);
	});

	test.each([
		[
			'Telegram',
			{
				...sendMessage,
				parameters: { ...sendMessage.parameters, additionalFields: { appendAttribution: false } },
			},
		],
		['Send Email', { name: 'Mail', type: 'n8n-nodes-base.emailSend', typeVersion: 2.1 }],
		['Slack', { name: 'Post', type: 'n8n-nodes-base.slack', typeVersion: 2.3 }],
		[
			'HTTP Request with a credential',
			{
				name: 'Call',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				parameters: {
					authentication: 'predefinedCredentialType',
					nodeCredentialType: 'telegramApi',
				},
				credentials: { telegramApi: { id: 't', name: 'bot' } },
			},
		],
	])('rejects a sender switched on (%s), accepts it switched off', (_label, node) => {
		expect(validateWorkflow(withNode({ ...node, disabled: false }), { ours, n8n })).toEqual([
			expect.stringContaining(`node "${node.name}"`),
		]);
		expect(validateWorkflow(withNode({ ...node, disabled: true }), { ours, n8n })).toEqual([]);
	});

	test('accepts an HTTP Request without a credential switched on', () => {
		const call = {
			name: 'Call',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: { url: 'https://example.com' },
		};
		expect(validateWorkflow(withNode(call), { ours, n8n })).toEqual([]);
	});

	test('asks every example for a Manual Trigger', () => {
		const nodes = example().nodes.filter((node) => node.type !== 'n8n-nodes-base.manualTrigger');
		expect(validateWorkflow(example({ nodes, connections: {} }), { ours, n8n })).toEqual([
			expect.stringContaining('has no Manual Trigger'),
		]);
	});
});

describe('checkDataTableNames', () => {
	const tableNode = (name, tableName, by = 'create') =>
		by === 'create'
			? {
					name,
					type: 'n8n-nodes-base.dataTable',
					parameters: { resource: 'table', operation: 'create', tableName },
				}
			: {
					name,
					type: 'n8n-nodes-base.dataTable',
					parameters: {
						resource: 'row',
						operation: 'insert',
						dataTableId: { __rl: true, mode: 'name', value: tableName },
					},
				};
	const file = (name, ...nodes) => ({ file: `/x/workflows/${name}`, workflow: { nodes } });

	test('rejects a table name that contains another one, across workflows and ignoring case', () => {
		const problems = checkDataTableNames([
			file('a.json', tableNode('Make it', 'Feedback')),
			file('b.json', tableNode('Save', 'feedback questions', 'row')),
		]);
		expect(problems).toEqual([
			expect.stringMatching(
				/"feedback questions" \(b\.json\) contains the name "Feedback" \(a\.json\)/,
			),
		]);
	});

	test('accepts distinct names, the same name used twice, and names given by an expression', () => {
		expect(
			checkDataTableNames([
				file('a.json', tableNode('Make it', 'Briefs sent'), tableNode('Log', 'Briefs sent', 'row')),
				file(
					'b.json',
					tableNode('Save', 'CRM deals', 'row'),
					tableNode('Dyn', '={{ $json.table }}', 'row'),
				),
			]),
		).toEqual([]);
	});

	test('a table chosen from the list (by id) has no name to compare', () => {
		const byList = {
			name: 'Pick',
			type: 'n8n-nodes-base.dataTable',
			parameters: {
				dataTableId: { __rl: true, mode: 'list', value: 'abc', cachedResultName: 'Briefs' },
			},
		};
		expect(
			checkDataTableNames([
				file('a.json', tableNode('Make it', 'Briefs sent')),
				file('b.json', byList),
			]),
		).toEqual([]);
	});
});

describe('the shipped examples in workflows/', () => {
	const files = readWorkflowFiles(path.join(__dirname, '..', '..', 'workflows'));

	test.each(files.map(({ file, workflow }) => [path.basename(file), workflow]))(
		'%s keeps the example rules (Manual Trigger, no Code node, no attribution footer, senders off)',
		(_name, workflow) => {
			expect(checkExampleNodes(workflow.nodes)).toEqual([]);
		},
	);

	test('no Data Table name of one example contains another', () => {
		expect(checkDataTableNames(files)).toEqual([]);
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
