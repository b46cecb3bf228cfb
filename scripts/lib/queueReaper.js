'use strict';
/**
 * Watchdog of the queue-mode deployment (queueDeployment.js): `node queueReaper.js <state file> <parent pid>`.
 * Checks every second whether the parent (the jest process that started the deployment) is alive; when it is
 * gone — killed before its globalTeardown could run — it stops every process group in the state file and exits.
 * It also exits once the state file lists no groups any more (a normal teardown).
 */

const { readState, stopAll } = require('./queueDeployment');

const [stateFile, parentPid] = process.argv.slice(2);

function alive(pid) {
	try {
		process.kill(Number(pid), 0);
		return true;
	} catch {
		return false;
	}
}

const timer = setInterval(async () => {
	const state = readState(stateFile);
	if (state && state.stoppedAt) {
		clearInterval(timer);
		return;
	}
	if (alive(parentPid)) return;
	clearInterval(timer);
	await stopAll(stateFile);
}, 1000);
