'use strict';
/** What every pull bench needs: the built package (dist/), its command-line options, and the machine it ran on. */
const os = require('node:os');
const path = require('node:path');

const DIST = path.join(__dirname, '..', '..', 'dist', 'nodes', 'shared');

/** A module of the built package, e.g. `built('crm', 'amocrm', 'adapter.js')`. */
const built = (...parts) => require(path.join(DIST, ...parts));

/** `--name value` from the command line, or the fallback. */
function arg(name, fallback) {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? process.argv[i + 1] : fallback;
}

const options = { count: Number(arg('count', 10_000)), mode: arg('mode', 'humanTouch') };

const machine = () =>
	`${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}`;

module.exports = {
	built,
	arg,
	options,
	machine,
	CrmHttpClient: built('transport', 'crmHttpClient.js').CrmHttpClient,
	dealQuery: built('crm', 'types.js').dealQuery,
	pullDeals: built('crm', 'firstContact.js').pullDeals,
};
