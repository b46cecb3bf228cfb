'use strict';
/** A note on a HubSpot deal: a note object associated to the deal on create, recorded by the fake. */
const { asHtml, expectNoteOnPickedDeal } = require('../support/notes');

const workflow = 'note-hubspot.workflow.json';

module.exports = {
	title:
		'CRM Sales Data adds a note to a HubSpot deal and the fake records it, associated with the deal',
	workflow,
	check(context) {
		const { deal, created, text } = expectNoteOnPickedDeal(context, { crm: 'hubspot', workflow });
		const recorded = context.fakes.hubspot.notes.filter((note) => note.id === created.id);
		expect(recorded).toHaveLength(1);
		expect(recorded[0].dealIds).toEqual([deal.id]);
		// hs_note_body is HTML: the text escaped, line breaks as <br>.
		expect(recorded[0].properties.hs_note_body).toBe(asHtml(text));
		expect(asHtml(text)).toContain('&gt;');
	},
};
