'use strict';
/**
 * What `npm start` shows of n8n's own output in the terminal. Everything n8n prints still goes to
 * .n8n/logs/n8n.log; the terminal is for a person who works in the editor.
 *
 * - Without internet n8n logs failed calls to api.n8n.io with stack traces: harmless, never shown.
 * - Once n8n is ready, a node that fails in a workflow run makes n8n log the bare error and its causes
 *   ("NodeApiError", "The connection cannot be established…", stack traces), with no workflow or node
 *   name. Those lines are not printed as they are: the explainer asks n8n's REST API which executions
 *   failed since it last looked and prints one line per failure, naming the workflow, the node, the
 *   message and where to open it. Lines no failed execution explains are summed up in one line that
 *   points at the log.
 */

const NOISE = [
	/ENOTFOUND/,
	/getaddrinfo/,
	/Error fetching from/,
	/A system task run failed/,
	/Python task runner/,
];

/**
 * Drops noise and stack traces and folds database migrations into one line; passes the rest on.
 * @param {(line: string) => void} print  receives lines worth showing, without a prefix
 */
function createOutputFilter(print) {
	let inNoiseBlock = false;
	let announcedMigrations = false;
	return (line) => {
		if (/^\s+at /.test(line) || (inNoiseBlock && line.trim() === '')) return;
		inNoiseBlock = NOISE.some((pattern) => pattern.test(line));
		if (inNoiseBlock) return;
		if (/(Starting|Finished) migration/.test(line)) {
			if (!announcedMigrations) print('setting up its database (first start only)…');
			announcedMigrations = true;
			return;
		}
		if (line.trim() !== '') print(line);
	};
}

/**
 * @typedef {{ id: string, workflowId: string, workflowName: string, node: string | null, message: string }} FailedRun
 */

/**
 * Collects n8n's lines for a moment (they come in bursts), then reports them with context.
 * @param {{
 *   failuresSince: (lastSeenId: number) => Promise<FailedRun[]>,  failed executions with a higher id
 *   lastExecutionId: () => Promise<number>,
 *   print: (line: string) => void,
 *   baseUrl: string,
 *   logFile: string,  as shown to the user
 *   quietMs?: number,  how long a burst may pause before it is reported
 * }} options
 */
function createErrorExplainer({
	failuresSince,
	lastExecutionId,
	print,
	baseUrl,
	logFile,
	quietMs = 1500,
}) {
	let lastSeen = 0;
	let pending = [];
	let timer = null;
	let flushing = Promise.resolve();
	const started = lastExecutionId()
		.then((id) => (lastSeen = id))
		.catch(() => {});

	async function flush() {
		const lines = pending;
		pending = [];
		await started;
		let failures = [];
		try {
			failures = await failuresSince(lastSeen);
		} catch {
			failures = [];
		}
		for (const failure of failures) {
			lastSeen = Math.max(lastSeen, Number(failure.id) || 0);
			const where = failure.node ? ` at node "${failure.node}"` : '';
			print(`✖ Workflow "${failure.workflowName}" failed${where}: ${failure.message}`);
			print(`  open it: ${baseUrl}/workflow/${failure.workflowId}/executions/${failure.id}`);
		}
		if (failures.length === 0 && lines.length > 0) {
			const more =
				lines.length > 1 ? ` (${lines.length} lines, all in ${logFile})` : ` (in ${logFile})`;
			print(`n8n logged: ${lines[0].trim().slice(0, 160)}${more}`);
		}
	}

	return {
		/** @param {string} line  a line that passed createOutputFilter */
		line(line) {
			pending.push(line);
			clearTimeout(timer);
			timer = setTimeout(() => {
				flushing = flushing.then(flush);
			}, quietMs);
			if (typeof timer.unref === 'function') timer.unref();
		},
		/** Resolves when everything received so far has been reported (for tests). */
		async settle() {
			clearTimeout(timer);
			flushing = flushing.then(flush);
			await flushing;
		},
	};
}

/**
 * failuresSince / lastExecutionId over n8n's REST API (an N8nRest that is logged in).
 * @param {import('./n8n').N8nRest} rest
 */
function executionQueries(rest) {
	const list = async (statuses) => {
		const filter = statuses
			? `filter=${encodeURIComponent(JSON.stringify({ status: statuses }))}&`
			: '';
		const data = await rest.expectOk('GET', `/rest/executions?${filter}limit=20`);
		return (data && data.results) || [];
	};
	return {
		async lastExecutionId() {
			const results = await list(null);
			return results.reduce((max, execution) => Math.max(max, Number(execution.id) || 0), 0);
		},
		async failuresSince(lastSeenId) {
			const failed = (await list(['error', 'crashed'])).filter(
				(execution) => Number(execution.id) > lastSeenId,
			);
			const runs = [];
			for (const execution of failed.sort((a, b) => Number(a.id) - Number(b.id))) {
				let node = null;
				let message = `execution ${execution.status}`;
				try {
					const full = await rest.waitForExecution(execution.id, 5000);
					const result = full.data && full.data.resultData;
					node = (result && result.lastNodeExecuted) || null;
					if (result && result.error && result.error.message) message = result.error.message;
				} catch {
					// keep what the list said
				}
				runs.push({
					id: execution.id,
					workflowId: execution.workflowId,
					workflowName: execution.workflowName,
					node,
					message,
				});
			}
			return runs;
		},
	};
}

module.exports = { createOutputFilter, createErrorExplainer, executionQueries };
