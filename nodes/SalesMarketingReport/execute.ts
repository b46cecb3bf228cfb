import { NodeOperationError } from 'n8n-workflow';
import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
} from 'n8n-workflow';

import type { Deal } from '../shared/model/deal';
import type { SpendEntry } from '../shared/report';
import type { Feedback } from '../shared/feedback/types';
import {
	buildFeedbackReport,
	buildReport,
	renderReport,
	ReportError,
	reportReads,
} from '../shared/report';
import { FIX_FEEDBACK_INPUT, readFeedbackItem } from '../shared/report/feedbackInput';
import {
	ambiguousReadings,
	describe,
	FIX_NUMBER,
	numeric,
	readInputItem,
} from '../shared/report/input';
import { pullReportDeals, readDealSource } from './pull';
import { isToolCall, toolAnswer } from './tool';
import {
	readChartProperty,
	readReportType,
	readRequest,
	readSpendCurrency,
	readSpendSource,
} from './parameters';

const FIX_INPUT =
	'This node reads deals as the "CRM Sales Data" node outputs them (fields status, createdAt, amount, currency, source, utm, owner, lostReason, firstContactAt…). Connect it after "CRM Sales Data → Deal → Get Many", or shape your data into those fields with an "Edit Fields" node.';

function spendFromParameter(context: IExecuteFunctions): SpendEntry[] {
	const collection = context.getNodeParameter('spend', 0, {}) as {
		entries?: Array<{ channel?: string; amount?: unknown }>;
	};
	const currency = readSpendCurrency(context);
	return (collection.entries ?? [])
		.filter((entry) => typeof entry.channel === 'string' && entry.channel.trim() !== '')
		.map((entry) => {
			const channel = (entry.channel as string).trim();
			// An expression can hand the number field any text; junk would turn every cost metric into NaN.
			const raw = entry.amount;
			const amount =
				raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')
					? 0
					: numeric(raw);
			if (amount === 'ambiguous') {
				throw new NodeOperationError(
					context.getNode(),
					`Spend for channel "${channel}" is ambiguous: ${describe(raw)} could mean ${ambiguousReadings(String(raw))}`,
					{ description: FIX_NUMBER },
				);
			}
			if (amount === null || amount < 0) {
				throw new NodeOperationError(
					context.getNode(),
					`Spend for channel "${channel}" must be a number ≥ 0 (got ${describe(raw)})`,
					{ description: 'Enter the amount as a number, e.g. 1200 or "1 200,50".' },
				);
			}
			return { channel, amount, currency: currency || null };
		});
}

/** Row fields that say which group a row is; `group` leads, the raw identity follows the numbers. */
const IDENTITY = new Set(['report', 'groupBy', 'groupKey', 'group']);
/** Sentences: n8n's table view wraps them into rows a screen tall. The Summary's `findings` has them too. */
const LONG_TEXT = new Set(['explanation', 'thankYou']);
/**
 * Lists too long for a table cell (a group's every lost reason made a row 1,200 px tall in n8n 2.40.7): they are in
 * the Summary instead (`details.reasonsByGroup.<groupBy>.<groupKey>`).
 */
const IN_SUMMARY = new Set(['reasons']);

/**
 * A row as n8n's table view shows it best: the group's display name and dimension first, then one scalar column per
 * number, then the raw identity (groupKey, report), and every nested value (lists, per-currency sums) and sentence
 * in one last object column, `details`.
 */
function tableRow(row: IDataObject): IDataObject {
	const json: IDataObject = { group: row.group, groupBy: row.groupBy };
	const details: IDataObject = {};
	for (const [key, value] of Object.entries(row)) {
		if (IDENTITY.has(key) || IN_SUMMARY.has(key)) continue;
		if ((value !== null && typeof value === 'object') || LONG_TEXT.has(key)) details[key] = value;
		else json[key] = value;
	}
	json.groupKey = row.groupKey;
	json.report = row.report;
	json.details = details;
	return json;
}

function allItems(count: number): IPairedItemData[] {
	const paired = new Array<IPairedItemData>(count);
	for (let index = 0; index < count; index++) paired[index] = { item: index };
	return paired;
}

/**
 * Reads every input item once (deal, spend row or invalid), runs the chosen report in one pass and returns
 * [summary item, row items]. Report-level parameters are read once, from the first item.
 */
export async function executeReport(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const report = readReportType(context);
	const spendSource = readSpendSource(context, report);
	// Every parameter is checked before the items are read: a wrong option stops at once.
	const request = readRequest(context, report);
	const chartProperty = readChartProperty(context);
	const spendFromItems = spendSource === 'items';
	const asTool = isToolCall(context);
	// Feedback reports read Feedback items instead of deals; the positions are kept the same way for pairing.
	const readsFeedback = reportReads(report) === 'feedback';
	if (asTool && readsFeedback) {
		throw new NodeOperationError(
			context.getNode(),
			`As an AI tool this node pulls deals from the CRM; the "${report}" report reads feedback, not deals`,
			{
				itemIndex: 0,
				description:
					'Ask for a deal report (verdict, lead quality, lost reasons, speed to lead, attribution health, brief impact, team wins), or run the feedback reports in a workflow after the Sales Feedback Trigger or the Feedback Router.',
			},
		);
	}
	// A tool gets the agent's arguments as its one input item, never deals: it always pulls. Feedback comes as items.
	const dealSource = asTool ? 'crm' : readsFeedback ? 'items' : readDealSource(context);

	let deals: Deal[] = [];
	/** Input item index of each deal, to pair rows with the items behind them. */
	const itemOfDeal = new Int32Array(items.length);
	const spend: SpendEntry[] = spendSource === 'parameter' ? spendFromParameter(context) : [];
	const spendItems: number[] = [];
	const errorItems: INodeExecutionData[] = [];
	const feedback: Feedback[] = [];
	// Pulling: the deals come from the CRM; input items only carry spend rows (when Spend is "From Input Items").
	for (let index = 0; index < (dealSource === 'crm' ? 0 : items.length); index++) {
		const reading = readsFeedback
			? readFeedbackItem(items[index].json)
			: readInputItem(items[index].json, spendFromItems);
		if (reading.kind === 'empty') {
			// n8n's empty item ("Always Output Data" after an empty table): nothing to read, nothing to warn about.
			continue;
		} else if (reading.kind === 'feedback') {
			itemOfDeal[feedback.length] = index;
			feedback.push(reading.feedback);
		} else if (reading.kind === 'deal') {
			itemOfDeal[deals.length] = index;
			deals.push(reading.deal);
		} else if (reading.kind === 'spend') {
			spend.push(reading.spend);
			spendItems.push(index);
		} else {
			const message = `Item ${index} is not ${readsFeedback ? 'feedback' : 'a deal'}: field "${reading.field}" ${reading.problem}`;
			const description = reading.fix ?? (readsFeedback ? FIX_FEEDBACK_INPUT : FIX_INPUT);
			if (!context.continueOnFail()) {
				throw new NodeOperationError(context.getNode(), message, { itemIndex: index, description });
			}
			// n8n's error item: only `error` (+ `message`, `details`) in the JSON. Under "Continue (using error output)"
			// n8n moves such items to the Error output and adds the input item's fields; under "Continue" they stay in
			// the regular output (Rows, after the data rows), marked by `error`.
			errorItems.push({
				json: { error: message, details: { description, itemIndex: index, field: reading.field } },
				pairedItem: { item: index },
			});
		}
	}

	if (dealSource === 'crm') {
		if (spendFromItems) {
			for (let index = 0; index < items.length; index++) {
				const reading = readInputItem(items[index].json, true);
				if (reading.kind !== 'spend') continue;
				spend.push(reading.spend);
				spendItems.push(index);
			}
		}
		// No input item stands behind a deal: rows pair with the input items (the trigger's), not per deal.
		request.trackMembers = false;
		deals = await pullReportDeals(context, request);
	}

	request.spend = spend;
	request.skippedItems = errorItems.length;
	let built;
	try {
		built = readsFeedback ? buildFeedbackReport(feedback, request) : buildReport(deals, request);
	} catch (error) {
		if (error instanceof ReportError) {
			throw new NodeOperationError(context.getNode(), error.message, {
				itemIndex: 0,
				description: error.description,
			});
		}
		if (error instanceof RangeError) {
			throw new NodeOperationError(context.getNode(), error.message, {
				itemIndex: 0,
				description:
					'Check "From" and "To" of the custom period: both must be dates, From before To.',
			});
		}
		throw new NodeOperationError(context.getNode(), error as Error);
	}
	const rendered = renderReport(built);
	if (asTool) return [[toolAnswer(built, rendered.markdown, items.length)], []];

	// The Summary reads top-down in n8n's JSON and table views: the plain headline and findings first, the numbers
	// next, the long ready-to-send texts last.
	const summaryJson: IDataObject = { ...(built.summary as unknown as IDataObject) };
	let binary: IBinaryKeyData | undefined;
	if (built.chart !== null) {
		summaryJson.chart = {
			chartJs: built.chart.chartJs,
			quickChart: built.chart.quickChart,
		} as IDataObject;
		if (chartProperty !== '') {
			binary = {
				[chartProperty]: await context.helpers.prepareBinaryData(
					Buffer.from(built.chart.svg, 'utf8'),
					`${report}.svg`,
					'image/svg+xml',
				),
			};
		}
	}
	summaryJson.markdown = rendered.markdown;
	summaryJson.telegram = rendered.telegram;
	summaryJson.slack = rendered.slack as unknown as IDataObject;
	summaryJson.email = rendered.email as unknown as IDataObject;
	const summaryItem: INodeExecutionData = { json: summaryJson, pairedItem: allItems(items.length) };
	if (binary) summaryItem.binary = binary;

	const rowItems: INodeExecutionData[] = built.rows.map((row) => {
		const positions = built.members?.positions(row.groupBy, row.groupKey);
		let pairedItem: IPairedItemData[];
		if (positions !== undefined && positions.length > 0) {
			pairedItem = new Array<IPairedItemData>(positions.length);
			for (let index = 0; index < positions.length; index++) {
				pairedItem[index] = { item: itemOfDeal[positions[index]] };
			}
		} else {
			// A row with no deals behind it (spend for a channel without deals) comes from the spend rows or parameters.
			pairedItem =
				spendItems.length > 0 ? spendItems.map((item) => ({ item })) : allItems(items.length);
		}
		return { json: tableRow(row as unknown as IDataObject), pairedItem };
	});
	return [[summaryItem], [...rowItems, ...errorItems]];
}
