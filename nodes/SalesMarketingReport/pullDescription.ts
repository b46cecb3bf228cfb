import type { INodeProperties } from 'n8n-workflow';

import { requestTimeoutOption } from '../shared/crm/requestTimeout';
import {
	crmParameter,
	demoLanguageOption,
	firstContactOption,
	ownerFilter,
	pipelineFilter,
	utmFieldsOption,
} from '../shared/crmParameters';

/**
 * "Deals: From Input Items / Pull From the CRM" and, for pulling, the CRM's parameters — the same definitions CRM
 * Sales Data shows (shared/crmParameters.ts). The period is the report's own Period (same presets), applied to the
 * deals' creation date in the CRM and again in the report.
 */

const whenPulling = { show: { dealSource: ['crm'] } };

export const dealSourceParameter: INodeProperties = {
	displayName: 'Deals',
	name: 'dealSource',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'From Input Items',
			value: 'items',
			description: 'The deals come in as items, e.g. from CRM Sales Data → Deal → Get Many',
		},
		{
			name: 'Pull From the CRM',
			value: 'crm',
			description:
				'The report reads the deals from the CRM itself, page by page: for large CRMs (100,000+ deals) and for AI agents',
		},
	],
	default: 'items',
	description: 'Where the deals come from',
};

export const pullProperties: INodeProperties[] = [
	{ ...crmParameter, displayOptions: whenPulling },
	{
		displayName: 'CRM Filters',
		name: 'crmFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: whenPulling,
		options: [ownerFilter, pipelineFilter],
	},
	{
		displayName: 'CRM Options',
		name: 'crmOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: whenPulling,
		options: [demoLanguageOption, firstContactOption, requestTimeoutOption, utmFieldsOption],
	},
];
