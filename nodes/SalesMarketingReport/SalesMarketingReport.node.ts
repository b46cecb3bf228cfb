import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { loadPipelineOptions, loadUserOptions } from '../CrmSalesData/loadOptions';
import { crmCredentialsFor } from '../shared/crmParameters';
import { reportProperties } from './description';
import { executeReport } from './execute';
import { TOOL_DESCRIPTION } from './tool';

export class SalesMarketingReport implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sales & Marketing Report',
		name: 'salesMarketingReport',
		icon: { light: 'file:salesMarketingReport.svg', dark: 'file:salesMarketingReport.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ {"leadQuality": "Lead quality", "lostReasons": "Lost reasons", "verdict": "Verdict", "speedToLead": "Speed to lead", "attributionHealth": "Attribution health"}[$parameter["operation"]] }}',
		description:
			'Turn CRM deals into lead-quality, lost-reason, verdict, speed-to-lead and attribution-health reports, ready to send',
		defaults: { name: 'Sales & Marketing Report' },
		// As a tool it always pulls from the CRM (see tool.ts). The replaced description is what the editor shows for
		// the tool and pre-fills as its Tool Description; n8n runs the tool from the original description.
		usableAsTool: { replacements: { description: TOOL_DESCRIPTION } },
		credentials: crmCredentialsFor({ dealSource: ['crm'] }),
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Summary', 'Rows'],
		hints: [
			{
				message:
					'Summary: headline and findings are the short read. The full report ready to send is at the end of the item: markdown, telegram (a list of messages), slack (text and blocks) and email (subject, html, text). Rows: one item per group; nested detail is in the last column, details.',
				type: 'info',
				location: 'outputPane',
				whenToDisplay: 'afterExecution',
			},
		],
		properties: reportProperties,
	};

	methods = {
		loadOptions: {
			async getPipelines(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				return loadPipelineOptions(this);
			},
			async getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				return loadUserOptions(this);
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeReport(this);
	}
}
