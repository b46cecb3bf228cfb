import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { BuiltReport } from '../shared/report';

/**
 * The node as an AI-agent tool. n8n makes a `salesMarketingReportTool` node type out of every `usableAsTool` node
 * (n8n's tool-generation/ai-tools.ts `convertNodeToAiTool`: name + "Tool", no main input, one ai_tool output) and,
 * when the agent calls it, runs `execute` with the agent's arguments as the one input item and hands the agent
 * `JSON.stringify` of the first output's items' JSON (n8n-core get-input-connection-data.ts
 * `makeHandleToolInvocation`; binary data is dropped). So the Summary is what the agent reads: here it is the plain
 * text a person would read, not the Slack blocks, e-mail HTML and Telegram parts an LLM does not need.
 */
export function isToolCall(context: IExecuteFunctions): boolean {
	return context.getNode().type.endsWith('Tool');
}

export function toolAnswer(
	built: BuiltReport,
	markdown: string,
	inputItems: number,
): INodeExecutionData {
	const summary = built.summary;
	return {
		json: {
			report: summary.report,
			title: summary.title,
			headline: summary.headline,
			findings: summary.findings,
			period: summary.period,
			deals: summary.deals as unknown as INodeExecutionData['json'],
			warnings: summary.warnings,
			text: markdown,
		},
		pairedItem: Array.from({ length: Math.max(1, inputItems) }, (_value, item) => ({ item })),
	};
}

export const TOOL_DESCRIPTION =
	'Answers questions about the sales pipeline from the CRM: which marketing channel brings bad leads, why deals are lost, whether losses come from lead quality or from sales handling, how fast leads are contacted, which CRM data is missing. Give the report and the period; it reads every deal of that period from the CRM and returns the report as plain text (headline, findings and the full text with tables).';

/**
 * What to put in the tool node's Report and Period so the agent chooses them: `$fromAI(key, description, type)`
 * (n8n's convention: the model fills the value, the description is what it reads). The CRM, its credential and the
 * filters stay the user's choice. Not tool defaults: n8n runs a tool from the node's original description, so a
 * changed default would not survive saving (README, "As an AI-agent tool").
 */
export const FROM_AI_REPORT =
	"={{ $fromAI('report', 'Which report to run, one of: leadQuality (leads, win rate and revenue per marketing channel: which channel brings good or bad leads), lostReasons (why deals are lost), verdict (per channel: are deals lost because of poor leads or poor sales handling), speedToLead (how fast sales reps first contact new leads, SLA breaches), attributionHealth (deals missing source, UTM, owner or amount). Other report names may exist; use these unless told otherwise.', 'string') }}";
export const FROM_AI_PERIOD =
	"={{ $fromAI('period', 'Which deals, by creation date, one of: allTime, last7Days, last30Days, last90Days, thisMonth, lastMonth, thisQuarter, lastQuarter, thisYear, lastYear. Use thisMonth for \"this month\", last30Days when unsure.', 'string') }}";
