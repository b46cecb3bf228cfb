/**
 * The lead examples of issue 14 (workflows/lead-rejection-return-path.json, lead-verdict-buttons.json,
 * speed-to-lead-sla-watch.json) against what they must agree with, checked without n8n: the fixed Telegram keyboard
 * against the buttons Build Verdict Buttons makes with the same parameters, the "Lead verdicts" table against the
 * Feedback Router's row, the SLA in one place, and the conventions (no Code node, senders off, no n8n footer, table
 * names that do not contain one another). Running them is the e2e suite's job (test/e2e/workflows-leads.test.js).
 */
import returnPath from '../../workflows/lead-rejection-return-path.json';
import verdictButtons from '../../workflows/lead-verdict-buttons.json';
import slaWatch from '../../workflows/speed-to-lead-sla-watch.json';
import pullDeals from '../../workflows/pull-deals-from-the-crm.json';
import digest from '../../workflows/weekly-lead-quality-digest.json';
import feedbackLoop from '../../workflows/sales-feedback-loop.json';
import voiceDigest from '../../workflows/voice-of-sales-digest.json';
import { buildVerdictButtons } from '../../nodes/shared/feedback/verdictButtons';
import { reasonCatalogue } from '../../nodes/shared/feedback/reasons';
import { rowColumns } from '../../nodes/shared/feedback/row';

interface WorkflowNode {
	name: string;
	type: string;
	disabled?: boolean;
	parameters: Record<string, unknown>;
}
interface Workflow {
	name: string;
	nodes: WorkflowNode[];
}

/** The value at a dot path of a node's parameters (workflow JSON is untyped). */
const at = (n: WorkflowNode, path: string): unknown =>
	path
		.split('.')
		.reduce<unknown>(
			(value, key) =>
				value !== null && typeof value === 'object'
					? (value as Record<string, unknown>)[key]
					: undefined,
			n.parameters,
		);
const list = <T>(n: WorkflowNode, path: string): T[] => at(n, path) as T[];

const ours = [returnPath, verdictButtons, slaWatch] as unknown as Workflow[];
const node = (workflow: unknown, name: string): WorkflowNode => {
	const found = (workflow as Workflow).nodes.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`no node "${name}"`);
	return found;
};

describe('Lead rejection return path: the owner’s keyboard', () => {
	const buttonsNode = node(returnPath, 'Verdict buttons');
	const sender = node(returnPath, 'Send to the owner');
	const made = buildVerdictButtons(
		{
			crm: 'demo',
			dealId: '100001',
			language: at(buttonsNode, 'language') as 'en' | 'ru',
			reasons: list<string>(buttonsNode, 'reasons'),
			qualityScores: at(buttonsNode, 'qualityScores') as boolean,
		},
		reasonCatalogue(),
		'k'.repeat(32),
	);
	const rows = (
		at(sender, 'inlineKeyboard.rows') as Array<{
			row: { buttons: Array<{ text: string; additionalFields: { callback_data: string } }> };
		}>
	).map((entry) => entry.row.buttons);

	it('has the buttons Build Verdict Buttons makes, in its layout and with its labels', () => {
		expect(rows.map((row) => row.map((button) => button.text))).toEqual(
			made.replyMarkup.inline_keyboard.map((row) => row.map((button) => button.text)),
		);
	});

	it('takes each button’s callback data from the key of that button', () => {
		const keyOf = (data: string) =>
			Object.entries(made.callbackData).find(([, d]) => d === data)?.[0];
		const expected = made.replyMarkup.inline_keyboard.map((row) =>
			row.map(
				(button) => `={{ $json.verdictButtons.callbackData.${keyOf(button.callback_data)} }}`,
			),
		);
		expect(rows.map((row) => row.map((button) => button.additionalFields.callback_data))).toEqual(
			expected,
		);
		expect(Object.keys(made.callbackData)).toHaveLength(rows.flat().length);
	});

	it('signs the deal of the item: the CRM and deal ID come from the lead', () => {
		expect(at(buttonsNode, 'crm')).toBe('={{ $json.crm }}');
		expect(at(buttonsNode, 'dealId')).toBe('={{ $json.id }}');
		expect(at(sender, 'replyMarkup')).toBe('inlineKeyboard');
	});
});

describe('Lead verdict buttons: the "Lead verdicts" table', () => {
	it('is created with the columns of the Feedback Router’s row and written by feedbackId', () => {
		const create = node(verdictButtons, 'Make sure the table exists');
		expect(at(create, 'tableName')).toBe('Lead verdicts');
		expect(at(create, 'columns.column')).toEqual(rowColumns('leadVerdict'));
		const save = node(verdictButtons, 'Save in Lead verdicts');
		expect(at(save, 'operation')).toBe('upsert');
		expect(at(save, 'columns.mappingMode')).toBe('autoMapInputData');
		expect(
			list<{ id: string; type: string }>(save, 'columns.schema').map((c) => [c.id, c.type]),
		).toEqual(
			rowColumns('leadVerdict').map((c) => [c.name, c.type === 'date' ? 'dateTime' : c.type]),
		);
		expect(at(save, 'filters')).toEqual({
			conditions: [{ keyName: 'feedbackId', keyValue: '={{ $json.feedbackId }}' }],
		});
		expect(at(node(verdictButtons, 'Lead verdict row'), 'jsonOutput')).toBe('={{ $json.row }}');
	});

	it('lets a verdict through to the note, row and alert only when its feedbackId is not stored yet', () => {
		const gate = node(verdictButtons, 'Not recorded yet?');
		expect(at(gate, 'operation')).toBe('rowNotExists');
		expect(at(gate, 'dataTableId.value')).toBe('Lead verdicts');
		expect(at(gate, 'filters.conditions')).toEqual([
			{ keyName: 'feedbackId', keyValue: '={{ $json.id }}' },
		]);
	});
});

describe('Speed-to-lead SLA watch: the SLA in one place', () => {
	const settings = Object.fromEntries(
		list<{ name: string; value: unknown }>(
			node(slaWatch, 'SLA settings'),
			'assignments.assignments',
		).map((a) => [a.name, a.value]),
	);
	const SETTINGS = "$('SLA settings').first().json";

	it('holds the SLA and the warning share in SLA settings', () => {
		expect(settings).toEqual(
			expect.objectContaining({ slaMinutes: 15, ownerWarningPercent: 80, watchHours: 48 }),
		);
	});

	it('has every other node read them from there (the report, the minutes, the bands)', () => {
		expect(at(node(slaWatch, 'Speed to lead report'), 'options.slaMinutes')).toBe(
			`={{ ${SETTINGS}.slaMinutes }}`,
		);
		const [breach, warning] = list<{ conditions: { conditions: Array<{ rightValue: unknown }> } }>(
			node(slaWatch, 'Which escalation?'),
			'rules.values',
		).map((rule) => rule.conditions.conditions[0].rightValue);
		expect([breach, warning]).toEqual([100, `={{ ${SETTINGS}.ownerWarningPercent }}`]);
		const percent = list<{ name: string; value: string }>(
			node(slaWatch, 'Minutes to first contact'),
			'assignments.assignments',
		).find((a) => a.name === 'percentOfSla');
		expect(percent?.value).toContain(`${SETTINGS}.slaMinutes`);
		// No other node carries the SLA's number as a literal.
		for (const other of slaWatch.nodes as unknown as WorkflowNode[]) {
			// The schedule's "every 15 minutes" is when it runs, not the SLA.
			if (['SLA settings', 'Every 15 minutes'].includes(other.name)) continue;
			if (other.type === 'n8n-nodes-base.stickyNote') continue;
			expect([other.name, JSON.stringify(other.parameters)]).not.toEqual([
				other.name,
				expect.stringMatching(/\b15\b/),
			]);
		}
	});
});

describe.each(ours.map((workflow) => [workflow.name, workflow] as const))(
	'%s',
	(_name, workflow) => {
		it('has no Code node', () => {
			expect(workflow.nodes.filter((n) => /\.code$|\.function(Item)?$/.test(n.type))).toEqual([]);
		});

		it('ships its Telegram nodes and triggers switched off, messages in HTML without n8n’s footer', () => {
			const telegram = workflow.nodes.filter((n) => n.type.startsWith('n8n-nodes-base.telegram'));
			expect(telegram.length).toBeGreaterThan(0);
			for (const sender of telegram) {
				expect([sender.name, sender.disabled]).toEqual([sender.name, true]);
				if (sender.type === 'n8n-nodes-base.telegram' && at(sender, 'resource') !== 'callback') {
					expect([sender.name, at(sender, 'additionalFields')]).toEqual([
						sender.name,
						expect.objectContaining({ appendAttribution: false, parse_mode: 'HTML' }),
					]);
				}
			}
			for (const trigger of workflow.nodes.filter(
				(n) => n.type.endsWith('Trigger') && !n.type.endsWith('manualTrigger'),
			)) {
				expect([trigger.name, trigger.disabled]).toEqual([trigger.name, true]);
			}
		});
	},
);

it('no data table name of the examples contains another (n8n finds tables by a substring of the name)', () => {
	const all = [returnPath, verdictButtons, slaWatch, pullDeals, digest, feedbackLoop, voiceDigest];
	const names = new Set<string>();
	for (const workflow of all as unknown as Workflow[]) {
		for (const n of workflow.nodes.filter(
			(candidate) => candidate.type === 'n8n-nodes-base.dataTable',
		)) {
			const name = at(n, 'tableName') ?? at(n, 'dataTableId.value');
			if (typeof name === 'string') names.add(name);
		}
	}
	expect([...names]).toEqual(expect.arrayContaining(['Lead verdicts', 'SLA escalations sent']));
	const clashes = [...names].flatMap((a) =>
		[...names]
			.filter((b) => a !== b && a.toLowerCase().includes(b.toLowerCase()))
			.map((b) => `${a} ⊃ ${b}`),
	);
	expect(clashes).toEqual([]);
});
