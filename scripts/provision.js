#!/usr/bin/env node
'use strict';
/**
 * `node scripts/provision.js` — provisions the pinned n8n and a Node.js it supports into the cache
 * (see scripts/lib/runtime.js) and prints where they are. Safe to rerun: a complete cache is reused.
 * Options: --print-env prints shell exports for using that n8n by hand.
 */

const { provision } = require('./lib/runtime');
const { createProgress, reportFailure } = require('./lib/steps');

async function main() {
	const progress = createProgress();
	const started = Date.now();
	const runtime = await provision({ progress });
	progress.info(`n8n ${runtime.n8nVersion} is ready (${Math.round((Date.now() - started) / 1000)} s):`);
	progress.info(`  node: ${runtime.nodeBin} (v${runtime.nodeVersion})`);
	progress.info(`  n8n:  ${runtime.n8nBin}`);
	if (process.argv.includes('--print-env')) {
		const path = require('node:path');
		process.stdout.write(`export PATH="${path.dirname(runtime.nodeBin)}:${path.dirname(runtime.n8nBin)}:$PATH"\n`);
	}
}

main().catch((error) => {
	process.exitCode = reportFailure(error);
});
