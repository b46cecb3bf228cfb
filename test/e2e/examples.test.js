'use strict';
/**
 * Every example workflow (dist/workflows, built by gulp from workflows/) imported into a fresh n8n runs
 * as a newcomer would run it: from its Manual Trigger, on the Demo CRM, without credentials.
 */

const { failedNodes, nodeOutput } = require('../../scripts/lib/n8n');
const { connect, importedExamples } = require('./support/instance');

const examples = importedExamples();
/** One run per example from its Manual Trigger, shared by the tests below (each run takes seconds). */
const firstRuns = new Map();
function runOnce(workflow) {
	if (!firstRuns.has(workflow.id)) {
		const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
		firstRuns.set(workflow.id, n8n.rest.execute(workflow.id, trigger.name));
	}
	return firstRuns.get(workflow.id);
}

let n8n;

beforeAll(async () => {
	n8n = await connect();
});

test('every example is in the workflow list', async () => {
	expect(examples.length).toBeGreaterThan(0);
	const listed = (await n8n.rest.listWorkflows()).map((workflow) => workflow.id);
	for (const example of examples) expect(listed).toContain(example.id);
});

test.each(examples.map((workflow) => [workflow.name, workflow]))(
	'example "%s" runs on a fresh n8n',
	async (_name, workflow) => {
		expect(workflow.nodes.some((node) => node.type === 'n8n-nodes-base.manualTrigger')).toBe(true);
		const execution = await runOnce(workflow);
		expect(failedNodes(execution)).toEqual([]);
		expect(execution.status).toBe('success');
		// Every node that received items (not a trigger or a note) ran and passed items on. A branch the run
		// does not take gets no items and does not run: "Update changed deals" on a first run.
		const received = (name) =>
			Object.entries(workflow.connections).some(([source, outputs]) =>
				(outputs.main || []).some(
					(targets, output) =>
						(targets || []).some((target) => target.node === name) &&
						(nodeOutput(execution, source, output) || []).length > 0,
				),
			);
		for (const node of workflow.nodes) {
			if (
				node.type === 'n8n-nodes-base.stickyNote' ||
				node.type.endsWith('Trigger') ||
				node.type.endsWith('.manualTrigger')
			)
				continue;
			if (!received(node.name)) continue;
			expect({
				node: node.name,
				items: (nodeOutput(execution, node.name) || []).length > 0,
			}).toEqual({ node: node.name, items: true });
		}
	},
);

describe('Pull deals from the CRM', () => {
	const workflow = examples.find((candidate) => candidate.name === 'Pull deals from the CRM');
	const trigger = "When clicking 'Execute workflow'";

	test('saves the normalized Demo CRM deals in the data table, one row per deal, also when run again', async () => {
		const first = await runOnce(workflow);
		const second = await n8n.rest.execute(workflow.id, trigger);
		expect([first.status, second.status]).toEqual(['success', 'success']);

		const deals = nodeOutput(first, 'Get deals from the CRM');
		expect(deals.length).toBeGreaterThan(0);
		expect(deals.every((deal) => deal.crm === 'demo')).toBe(true);
		const monthAgo = Date.now() - 31 * 24 * 3600 * 1000;
		expect(deals.every((deal) => Date.parse(deal.updatedAt) >= monthAgo)).toBe(true);

		// First run on a fresh n8n: every deal is new and saved in one bulk insert.
		const savedFirst = nodeOutput(first, 'Save new deals');
		expect(savedFirst.map((row) => row.dealId).sort()).toEqual(deals.map((deal) => deal.id).sort());
		const sample = savedFirst.find((row) => row.dealId === deals[0].id);
		expect(sample).toEqual(
			expect.objectContaining({
				crm: 'demo',
				title: deals[0].title,
				amount: deals[0].amount,
				status: deals[0].status,
			}),
		);
		// Second run: the table holds one row per deal, the rows the first run saved (no copies), and
		// only deals that changed are written again.
		const savedBefore = nodeOutput(second, 'Rows already saved');
		expect(savedBefore.length).toBe(savedFirst.length);
		expect(new Set(savedBefore.map((row) => `${row.crm}/${row.dealId}`)).size).toBe(
			savedBefore.length,
		);
		const rowIdsFirst = new Set(savedFirst.map((row) => row.id));
		expect(savedBefore.every((row) => rowIdsFirst.has(row.id))).toBe(true);
		const updated = nodeOutput(second, 'Update changed deals') || [];
		expect(updated.every((row) => rowIdsFirst.has(row.id))).toBe(true);
		const unchanged = nodeOutput(second, 'Unchanged deals (not written)') || [];
		expect(
			unchanged.length + updated.length + (nodeOutput(second, 'Save new deals') || []).length,
		).toBe(nodeOutput(second, 'Get deals from the CRM').length);
	});
});
