'use strict';
/**
 * The editor's "Execute workflow" button must start each example from its Manual Trigger, as the
 * sticky notes say ("Click Execute workflow …"), not from its schedule.
 *
 * How n8n 2.40.7's editor picks the trigger the button starts (n8n-editor-ui/dist/assets,
 * NodeView-*.js and workflows.store-*.js; the function the store exports as `s`, `WS` in the bundle):
 *   - the candidates are the workflow's trigger nodes that are not disabled (and not a Chat Trigger);
 *   - they are sorted by a fixed priority, highest first, and the first one is taken:
 *       formTrigger 10, webhook 9, any trigger that is not an n8n "Core Nodes" node (community and app
 *       triggers) 8, scheduleTrigger 7, manualTrigger 6, workflowTrigger 5, errorTrigger 4,
 *       other Core Nodes triggers 0;
 *     node order and canvas position play no part (position only orders the dropdown next to the
 *     button), and nothing is stored in the workflow: a trigger the user picks in that dropdown, or
 *     the trigger of the execution on display, wins only until the page is reloaded.
 * So an enabled Schedule Trigger always beats the Manual Trigger ("from Every morning at 7:00"). The
 * examples therefore ship their schedule switched off; the notes say to switch it on before publishing.
 * The real editor is checked too, by `node scripts/screenshot.js`, which reads the button's label.
 */

const path = require('node:path');

const { readWorkflowFiles } = require('../../scripts/lib/workflows');

const EDITOR_PRIORITY = {
	'n8n-nodes-base.formTrigger': 10,
	'n8n-nodes-base.webhook': 9,
	'n8n-nodes-base.scheduleTrigger': 7,
	'n8n-nodes-base.manualTrigger': 6,
	'n8n-nodes-base.workflowTrigger': 5,
	'n8n-nodes-base.errorTrigger': 4,
};

/** Trigger nodes as the editor counts them (node types whose name says trigger, plus webhook and form). */
function isTrigger(node) {
	return /trigger$/i.test(node.type) || node.type === 'n8n-nodes-base.webhook';
}

/** Core-node triggers that are not in the priority list (0 in the editor). */
const CORE_TRIGGERS_WITHOUT_PRIORITY = new Set([
	'n8n-nodes-base.n8nTrigger',
	'n8n-nodes-base.localFileTrigger',
]);

/** The trigger n8n 2.40.7's editor preselects for the Execute workflow button. */
function editorDefaultTrigger(workflow) {
	const priority = (node) =>
		EDITOR_PRIORITY[node.type] ?? (CORE_TRIGGERS_WITHOUT_PRIORITY.has(node.type) ? 0 : 8);
	const candidates = workflow.nodes.filter(
		(node) => isTrigger(node) && !node.disabled && !/chatTrigger$/.test(node.type),
	);
	return [...candidates].sort((a, b) => priority(b) - priority(a))[0];
}

const examples = readWorkflowFiles(path.join(__dirname, '..', '..', 'workflows'));

test('the rule as read from the editor: an enabled schedule beats the manual trigger', () => {
	const manual = { name: 'Manual', type: 'n8n-nodes-base.manualTrigger' };
	const schedule = { name: 'Schedule', type: 'n8n-nodes-base.scheduleTrigger' };
	expect(editorDefaultTrigger({ nodes: [manual, schedule] }).name).toBe('Schedule');
	expect(editorDefaultTrigger({ nodes: [manual, { ...schedule, disabled: true }] }).name).toBe(
		'Manual',
	);
	const ours = { name: 'CRM', type: 'n8n-nodes-sales-marketing-bridge.crmSalesDataTrigger' };
	expect(editorDefaultTrigger({ nodes: [manual, ours] }).name).toBe('CRM');
});

test.each(examples.map(({ file, workflow }) => [path.basename(file), workflow]))(
	'%s: Execute workflow starts from the Manual Trigger',
	(_file, workflow) => {
		const trigger = editorDefaultTrigger(workflow);
		expect(trigger && trigger.type).toBe('n8n-nodes-base.manualTrigger');
	},
);

test.each(examples.map(({ file, workflow }) => [path.basename(file), workflow]))(
	'%s: a schedule switched off is explained on a sticky note',
	(_file, workflow) => {
		const notes = workflow.nodes
			.filter((node) => node.type === 'n8n-nodes-base.stickyNote')
			.map((node) => node.parameters.content)
			.join('\n');
		for (const node of workflow.nodes.filter(
			(candidate) => isTrigger(candidate) && candidate.disabled,
		)) {
			expect({
				trigger: node.name,
				explained: notes.includes(node.name) && /switch (it )?on/i.test(notes),
			}).toEqual({
				trigger: node.name,
				explained: true,
			});
		}
	},
);
