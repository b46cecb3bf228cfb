'use strict';
/**
 * What `npm start` prints of n8n's output once the editor is ready. The lines below are what n8n
 * 2.40.7 logged (in .n8n/logs/n8n.log) when an HTTP Request node failed in a manual run; the terminal
 * used to show them as they are ("n8n: The service refused the connection…", "n8n: Error: connect
 * ECONNREFUSED…"), with no workflow or node name.
 */

const { createErrorExplainer, createOutputFilter } = require('../../scripts/lib/terminal');

const FAILED_NODE_OUTPUT = [
	'The service refused the connection - perhaps it is offline',
	'connect ECONNREFUSED 127.0.0.1:1',
	'Error: connect ECONNREFUSED 127.0.0.1:1',
	'    at AxiosError.from (/cache/n8n-2.40.7/node_modules/axios/dist/node/axios.cjs:1355:24)',
	'    at processTicksAndRejections (node:internal/process/task_queues:104:5)',
	'',
	'NodeApiError',
	'The connection cannot be established, this usually occurs due to an incorrect host (domain) value',
];

function terminal(failures) {
	const printed = [];
	const explainer = createErrorExplainer({
		lastExecutionId: async () => 41,
		failuresSince: async (lastSeen) => failures.filter((failure) => Number(failure.id) > lastSeen),
		print: (line) => printed.push(line),
		baseUrl: 'http://localhost:5678',
		logFile: '.n8n/logs/n8n.log',
		quietMs: 10,
	});
	const filter = createOutputFilter((line) => explainer.line(line));
	return { printed, feed: (lines) => lines.forEach(filter), settle: () => explainer.settle() };
}

test("a failed run is reported once, naming the workflow and the node, not as n8n's bare error lines", async () => {
	const failure = {
		id: '42',
		workflowId: 'wf1',
		workflowName: 'Pull deals from the CRM',
		node: 'Get deals from the CRM',
		message: 'Could not connect to amoCRM',
	};
	const { printed, feed, settle } = terminal([failure]);
	feed(FAILED_NODE_OUTPUT);
	await settle();
	expect(printed).toEqual([
		'✖ Workflow "Pull deals from the CRM" failed at node "Get deals from the CRM": Could not connect to amoCRM',
		'  open it: http://localhost:5678/workflow/wf1/executions/42',
	]);
	// The same failure is not reported again with the next burst.
	feed(['NodeApiError']);
	await settle();
	expect(printed).toHaveLength(3);
	expect(printed[2]).toBe('n8n logged: NodeApiError (in .n8n/logs/n8n.log)');
});

test('lines no failed execution explains are summed up in one line that points at the log', async () => {
	const { printed, feed, settle } = terminal([]);
	feed(FAILED_NODE_OUTPUT);
	await settle();
	expect(printed).toEqual([
		'n8n logged: The service refused the connection - perhaps it is offline (5 lines, all in .n8n/logs/n8n.log)',
	]);
});

test('noise of an n8n without internet and stack traces never reach the terminal', async () => {
	const { printed, feed, settle } = terminal([]);
	feed([
		'getaddrinfo ENOTFOUND api.n8n.io',
		'Error: getaddrinfo ENOTFOUND api.n8n.io',
		'    at GetAddrInfoReqWrap.onlookup (node:dns:112:26)',
		'',
	]);
	await settle();
	expect(printed).toEqual([]);
});
