import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { executeCrmSalesData } from './actions';
import { crmCredentials, crmSalesDataProperties, crmSubtitle } from './description';
import { loadPipelineOptions, loadUserOptions } from './loadOptions';

export class CrmSalesData implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CRM Sales Data',
		name: 'crmSalesData',
		icon: {
			light: 'file:crmSalesData.svg',
			dark: 'file:crmSalesData.dark.svg',
		},
		group: ['input'],
		version: 1,
		subtitle: crmSubtitle,
		description:
			'Pull deals from amoCRM/Kommo, Bitrix24, HubSpot, Pipedrive or the built-in Demo CRM as one normalized record each',
		defaults: { name: 'CRM Sales Data' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: crmCredentials,
		properties: crmSalesDataProperties,
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
		return executeCrmSalesData(this);
	}
}
