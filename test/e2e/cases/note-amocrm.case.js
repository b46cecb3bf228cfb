'use strict';
/** A note on an amoCRM lead: POST /api/v4/leads/notes with a "common" note, recorded by the fake. */
const { expectNoteOnPickedDeal } = require('../support/notes');

const workflow = 'note-amocrm.workflow.json';

module.exports = {
	title: 'CRM Sales Data adds a note to an amoCRM deal and the fake records it',
	workflow,
	check(context) {
		const { deal, created, text } = expectNoteOnPickedDeal(context, { crm: 'amocrm', workflow });
		const recorded = context.fakes.amocrm.notes.filter((note) => note.text === text);
		expect(recorded).toHaveLength(1);
		expect(recorded[0]).toEqual(
			expect.objectContaining({
				id: Number(created.id),
				entity_id: Number(deal.id),
				entity_type: 'leads',
				note_type: 'common',
			}),
		);
		expect(recorded[0].params).toEqual({ text });
	},
};
