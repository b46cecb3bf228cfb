/**
 * The feedback example workflows (issue 14) against the row contract of nodes/shared/feedback/row.ts: every table they
 * create or write has the columns the Feedback Router's `row` carries, in that order and with those types, so a
 * routed item is stored by "Map Automatically" without a Code node, and the digest reads the same tables.
 */
import digest from '../../workflows/voice-of-sales-digest.json';
import verdictButtons from '../../workflows/lead-verdict-buttons.json';
import loop from '../../workflows/sales-feedback-loop.json';
import { FEEDBACK_TABLES, rowColumns } from '../../nodes/shared/feedback/row';
import type { FeedbackCategory } from '../../nodes/shared/feedback/types';

interface WorkflowNode {
	name: string;
	type: string;
	disabled?: boolean;
	parameters: Record<string, unknown>;
}

const categoryOf = (table: string): FeedbackCategory | undefined =>
	(Object.entries(FEEDBACK_TABLES) as Array<[FeedbackCategory, string]>).find(
		([, name]) => name === table,
	)?.[0];

const OURS: Array<[string, WorkflowNode[]]> = [
	['Sales feedback loop', loop.nodes as unknown as WorkflowNode[]],
	['Voice-of-sales digest', digest.nodes as unknown as WorkflowNode[]],
];
/** The lead rejection return path writes verdicts from Telegram buttons into the same "Lead verdicts" table. */
const SHARING: Array<[string, WorkflowNode[]]> = [
	['Lead verdict buttons', verdictButtons.nodes as unknown as WorkflowNode[]],
];

describe.each([...OURS, ...SHARING])('%s', (_name, nodes) => {
	const dataTables = nodes.filter((node) => node.type === 'n8n-nodes-base.dataTable');

	it('creates each table it uses with the columns of the router row', () => {
		const created = dataTables.filter((node) => node.parameters.operation === 'create');
		const used = dataTables
			.filter((node) => node.parameters.resource === 'row')
			.map((node) => (node.parameters.dataTableId as { value: string }).value);
		expect(used.length).toBeGreaterThan(0);
		for (const table of used) {
			expect(created.map((node) => node.parameters.tableName)).toContain(table);
		}
		for (const node of created) {
			const category = categoryOf(node.parameters.tableName as string);
			expect(category).toBeDefined();
			expect((node.parameters.columns as { column: unknown[] }).column).toEqual(
				rowColumns(category as FeedbackCategory),
			);
		}
	});

	it('writes rows by feedbackId with the schema of the row', () => {
		for (const node of dataTables.filter((n) => n.parameters.operation === 'upsert')) {
			const category = categoryOf((node.parameters.dataTableId as { value: string }).value);
			const columns = node.parameters.columns as {
				mappingMode: string;
				schema: Array<{ id: string; type: string }>;
			};
			expect(columns.mappingMode).toBe('autoMapInputData');
			expect(columns.schema.map((c) => [c.id, c.type])).toEqual(
				rowColumns(category as FeedbackCategory).map((c) => [
					c.name,
					c.type === 'date' ? 'dateTime' : c.type,
				]),
			);
			expect(node.parameters.filters).toEqual({
				conditions: [{ keyName: 'feedbackId', keyValue: '={{ $json.feedbackId }}' }],
			});
		}
	});

});

describe.each(OURS)('%s', (_name, nodes) => {
	it('has no Code node, and its senders are off and add no n8n footer', () => {
		expect(nodes.filter((node) => /\.code$|\.function(Item)?$/.test(node.type))).toEqual([]);
		const senders = nodes.filter((node) =>
			['n8n-nodes-base.telegram', 'n8n-nodes-base.emailSend'].includes(node.type),
		);
		expect(senders.length).toBeGreaterThan(0);
		for (const sender of senders) {
			expect([sender.name, sender.disabled]).toEqual([sender.name, true]);
			const options =
				sender.type === 'n8n-nodes-base.telegram'
					? (sender.parameters.additionalFields as Record<string, unknown>)
					: (sender.parameters.options as Record<string, unknown>);
			expect([sender.name, options.appendAttribution]).toEqual([sender.name, false]);
		}
	});
});
