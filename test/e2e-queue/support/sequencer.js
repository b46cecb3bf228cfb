'use strict';
/** Runs the queue-mode test files in file-name order (01-…, 02-…): later ones restart main or kill a worker. */
const Sequencer = require('@jest/test-sequencer').default;

class ByFileName extends Sequencer {
	sort(tests) {
		return [...tests].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
	}
}

module.exports = ByFileName;
