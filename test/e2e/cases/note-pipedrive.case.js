'use strict';
/** A note on a Pipedrive deal: POST /v1/notes with HTML content and deal_id, recorded by the fake. */
const { asHtml, expectNoteOnPickedDeal } = require('../support/notes');

const workflow = 'note-pipedrive.workflow.json';

module.exports = {
	title: 'CRM Sales Data adds a note to a Pipedrive deal and the fake records it',
	workflow,
	check(context) {
		const { deal, created, text } = expectNoteOnPickedDeal(context, { crm: 'pipedrive', workflow });
		const recorded = context.fakes.pipedrive.notes.filter((note) => String(note.id) === created.id);
		expect(recorded).toHaveLength(1);
		expect(recorded[0]).toEqual(
			expect.objectContaining({ deal_id: Number(deal.id), lead_id: null, content: asHtml(text) }),
		);
	},
};
