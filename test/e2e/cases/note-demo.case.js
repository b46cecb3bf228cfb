'use strict';
/** A note on a Demo CRM deal: no account and no server, the node answers with the note it kept. */
const { expectNoteOnPickedDeal } = require('../support/notes');

const workflow = 'note-demo.workflow.json';

module.exports = {
	title: 'CRM Sales Data adds a note to a Demo CRM deal',
	workflow,
	check(context) {
		const { created } = expectNoteOnPickedDeal(context, { crm: 'demo', workflow });
		expect(created.id).toMatch(/^demo-note-\d+$/);
	},
};
