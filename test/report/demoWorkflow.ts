import type { IDataObject, INode } from 'n8n-workflow';

import type { WorkflowJson } from '../support/engine';
import { PACKAGE } from '../support/engine';

const REPORT = `${PACKAGE}.salesMarketingReport`;

export /** Manual Trigger → CRM Sales Data (Demo CRM, all deals) → Sales & Marketing Report. */
function demoToReport(parameters: IDataObject, demoLanguage: 'en' | 'ru' = 'en'): WorkflowJson {
	const nodes: INode[] = [
		{
			id: '1',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: '2',
			name: 'CRM Sales Data',
			type: `${PACKAGE}.crmSalesData`,
			typeVersion: 1,
			position: [200, 0],
			parameters: {
				crm: 'demo',
				resource: 'deal',
				operation: 'getAll',
				returnAll: true,
				options: { demoLanguage },
			},
		},
		{
			id: '3',
			name: 'Report',
			type: REPORT,
			typeVersion: 1,
			position: [400, 0],
			parameters: parameters as INode['parameters'],
		},
	];
	return {
		nodes,
		connections: {
			Start: { main: [[{ node: 'CRM Sales Data', type: 'main', index: 0 }]] },
			'CRM Sales Data': { main: [[{ node: 'Report', type: 'main', index: 0 }]] },
		},
	};
}
