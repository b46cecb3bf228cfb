'use strict';
/** A note on a Bitrix24 deal: a timeline comment (crm.timeline.comment.add), recorded by the fake. */
const { expectNoteOnPickedDeal } = require('../support/notes');

const workflow = 'note-bitrix24.workflow.json';

module.exports = {
	title:
		'CRM Sales Data adds a note to a Bitrix24 deal and the fake records it as a timeline comment',
	workflow,
	check(context) {
		const { deal, created, text } = expectNoteOnPickedDeal(context, { crm: 'bitrix24', workflow });
		const recorded = context.fakes.bitrix24.notes.filter((note) => note.COMMENT === text);
		expect(recorded).toHaveLength(1);
		expect(recorded[0]).toEqual(
			expect.objectContaining({ ID: created.id, ENTITY_ID: deal.id, ENTITY_TYPE: 'deal' }),
		);
	},
};
