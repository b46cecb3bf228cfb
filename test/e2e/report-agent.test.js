'use strict';
/**
 * The Sales & Marketing Report as a tool of n8n's own AI Agent node, in the real n8n with the package installed:
 * the tool node (n8n's generated `salesMarketingReportTool`) on the Demo CRM, Report and Period set to the `$fromAI`
 * expressions tool.ts documents (FROM_AI_REPORT, FROM_AI_PERIOD) — and the chat model is n8n's OpenAI Chat
 * Model node against a scripted local model (agentFakeChatModel.js; n8n 2.40.7 has no offline fake model node).
 * Proves: the agent is offered the tool with `report` and `period` arguments described for a model, the tool runs
 * the report the model asked for over every Demo deal, and the model gets the plain-language report back (headline,
 * findings, text — not the Slack blocks and e-mail HTML).
 */
const { connect } = require('./support/instance');
const { startFakeChatModel } = require('./agentFakeChatModel');

const WORKFLOW = 'e2eReportAgent01';
let n8n;
let model;

beforeAll(async () => {
	n8n = await connect();
	model = await startFakeChatModel({ toolArgs: { report: 'verdict', period: 'allTime' } });
	await n8n.importCredentials([
		{
			id: 'e2eFakeOpenAi001',
			name: 'E2E scripted chat model',
			type: 'openAiApi',
			data: { apiKey: 'sk-e2e-not-a-real-key', url: model.url },
		},
	]);
});

afterAll(async () => {
	if (model) await model.close();
});

test('the AI Agent calls the report tool and answers with its plain-language finding', async () => {
	const execution = await n8n.rest.execute(WORKFLOW, "When clicking 'Execute workflow'", 180000);
	const error = execution.data.resultData.error;
	expect(error ? `${error.message} ${error.description ?? ''}` : null).toBeNull();
	expect(execution.status).toBe('success');

	// 1. The model was offered the report as a tool, with the two $fromAI arguments described for it.
	const first = model.requests[0];
	const tool = first.tools
		.map((entry) => entry.function)
		.find((fn) => /sales_report/i.test(fn.name));
	expect(tool).toBeDefined();
	// "Set Automatically": n8n describes the tool with the node's description.
	expect(tool.description).toMatch(/verdict/);
	expect(Object.keys(tool.parameters.properties).sort()).toEqual(['period', 'report']);
	expect(tool.parameters.properties.report.description).toContain('verdict');
	expect(tool.parameters.properties.period.description).toContain('last30Days');

	// 2. The tool ran the verdict over every Demo deal and handed back the readable report only.
	const toolMessage = model.requests[1].messages.find((message) => message.role === 'tool');
	const answer = JSON.parse(toolMessage.content);
	const summary = Array.isArray(answer) ? answer[0] : answer;
	// toMatchObject: on failure jest prints what the tool did answer (an error item says why).
	expect(summary).toMatchObject({ report: 'verdict' });
	expect(summary.deals.inputDeals).toBe(2400);
	expect(summary.headline).toEqual(expect.any(String));
	expect(summary.text).toContain(summary.title);
	expect(summary.slack).toBeUndefined();
	expect(summary.email).toBeUndefined();

	// 3. The agent's answer carries the report's finding.
	const agentRun = execution.data.resultData.runData['AI Agent'][0];
	const output = agentRun.data.main[0][0].json.output;
	expect(output).toContain(summary.headline);
	expect(execution.data.resultData.runData['Sales Report']).toBeDefined();
}, 240000);
