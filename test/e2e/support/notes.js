'use strict';
/**
 * Shared check of the note cases (../cases/note-*.case.js): "Pick a deal" reads one deal, "Add a note"
 * writes a note on it (deal ID mapped with an expression, as a user would), and the CRM fake must have
 * recorded exactly that note.
 */

const fs = require('node:fs');
const path = require('node:path');

const { CASES_DIR } = require('./instance');

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

/** The text the workflow's "Add a note" node sends, as the node sends it (trimmed). */
function noteTextOf(workflowFile) {
	const workflow = JSON.parse(fs.readFileSync(path.join(CASES_DIR, workflowFile), 'utf8'));
	return workflow.nodes.find((node) => node.name === 'Add a note').parameters.noteText.trim();
}

/** HubSpot and Pipedrive take HTML: the node escapes the text and turns line breaks into <br>. */
function asHtml(text) {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/\r?\n/g, '<br>');
}

/**
 * Checks the execution and returns `{ deal, created, text }`: the picked deal, the node's output record
 * `{id, dealId, text, crm, createdAt}` and the text it was asked to write.
 */
function expectNoteOnPickedDeal({ execution, output }, { crm, workflow }) {
	expect(execution.status).toBe('success');
	const text = noteTextOf(workflow);
	const picked = output('Pick a deal');
	expect(picked).toHaveLength(1);
	const [deal] = picked;
	expect(deal.crm).toBe(crm);
	const notes = output('Add a note');
	expect(notes).toHaveLength(1);
	const [created] = notes;
	expect(Object.keys(created).sort()).toEqual(['createdAt', 'crm', 'dealId', 'id', 'text']);
	expect(created).toEqual({
		id: expect.any(String),
		dealId: deal.id,
		text,
		crm,
		createdAt: expect.stringMatching(ISO_UTC),
	});
	expect(created.id).not.toBe('');
	return { deal, created, text };
}

module.exports = { expectNoteOnPickedDeal, asHtml, noteTextOf };
