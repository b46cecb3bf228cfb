/**
 * Two workflows over the same CRM, for "the streamed report equals the items-based report" (issue 13):
 * (a) Manual Trigger → CRM Sales Data (Deal → Get Many, all) → Report from input items, and
 * (b) Manual Trigger → Report with Deals = Pull From the CRM. Same report parameters, same fixed report time.
 */
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import type { RunResult, WorkflowJson } from '../support/engine';
import { PACKAGE } from '../support/engine';

const START: INode = {
	id: '1',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export interface CrmChoice {
	crm: string;
	credentials?: INode['credentials'];
	/** CRM options both nodes get (First Contact, Demo Data Language…). */
	crmOptions?: IDataObject;
}

/** `query`: CRM Sales Data's own Get Many parameters (e.g. the same period as the report's). */
export function itemsWorkflow(
	choice: CrmChoice,
	report: IDataObject,
	query: IDataObject = {},
): WorkflowJson {
	return {
		nodes: [
			START,
			{
				id: '2',
				name: 'CRM Sales Data',
				type: `${PACKAGE}.crmSalesData`,
				typeVersion: 1,
				position: [200, 0],
				parameters: {
					crm: choice.crm,
					resource: 'deal',
					operation: 'getAll',
					returnAll: true,
					options: { ...(choice.crmOptions ?? {}) },
					...query,
				} as INode['parameters'],
				credentials: choice.credentials,
			},
			{
				id: '3',
				name: 'Report',
				type: `${PACKAGE}.salesMarketingReport`,
				typeVersion: 1,
				position: [400, 0],
				parameters: report as INode['parameters'],
			},
		],
		connections: {
			Start: { main: [[{ node: 'CRM Sales Data', type: 'main', index: 0 }]] },
			'CRM Sales Data': { main: [[{ node: 'Report', type: 'main', index: 0 }]] },
		},
	};
}

export function pullWorkflow(choice: CrmChoice, report: IDataObject): WorkflowJson {
	return {
		nodes: [
			START,
			{
				id: '3',
				name: 'Report',
				type: `${PACKAGE}.salesMarketingReport`,
				typeVersion: 1,
				position: [200, 0],
				parameters: {
					...report,
					dealSource: 'crm',
					crm: choice.crm,
					crmOptions: { ...(choice.crmOptions ?? {}) },
				} as INode['parameters'],
				credentials: choice.credentials,
			},
		],
		connections: { Start: { main: [[{ node: 'Report', type: 'main', index: 0 }]] } },
	};
}

export function outputOf(result: RunResult, output: number): INodeExecutionData[] {
	if (result.error) throw result.error;
	return result.run.data.resultData.runData.Report[0].data?.main?.[output] ?? [];
}

/** Summary JSON and the Rows' JSON: what a user reads; pairing differs by design (no item per pulled deal). */
export function reportOf(result: RunResult): { summary: IDataObject; rows: IDataObject[] } {
	const [summary] = outputOf(result, 0);
	return { summary: summary.json, rows: outputOf(result, 1).map((item) => item.json) };
}
