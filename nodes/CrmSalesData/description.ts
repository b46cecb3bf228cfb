import { requestTimeoutOption } from '../shared/crm/requestTimeout';
import {
	crmCredentialsFor,
	crmOptions,
	crmParameter,
	demoLanguageOption,
	firstContactOption,
	ownerFilter,
	pipelineFilter,
	utmFieldsOption,
} from '../shared/crmParameters';
import { periodOptions } from '../shared/periods';
import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

/** Parameters of the CRM Sales Data node. Values are the contract the example workflows and docs rely on. */

export { crmOptions, crmParameter, demoLanguageOption };

/** Which credential each CRM needs; shared by the action node and the trigger. */
export const crmCredentials: INodeCredentialDescription[] = crmCredentialsFor();

/** The node's subtitle on the canvas, in words: "amoCRM / Kommo: get deals". */
export const crmSubtitle = `={{ (${JSON.stringify(Object.fromEntries(crmOptions.map((o) => [o.value, o.value === 'demo' ? 'Demo CRM' : o.name])))})[$parameter["crm"]] + ": " + ({ "deal:getAll": "get deals", "deal:get": "get a deal", "lead:getAll": "get leads", "pipeline:getAll": "get pipelines", "user:getAll": "get users", "lossReason:getAll": "get loss reasons", "note:create": "add a note" })[$parameter["resource"] + ":" + $parameter["operation"]] }}`;

const forGetMany = { resource: ['deal', 'lead'], operation: ['getAll'] };

const RESOURCES = [
	{ name: 'Deal', value: 'deal' },
	{ name: 'Lead', value: 'lead' },
	{ name: 'Loss Reason', value: 'lossReason' },
	{ name: 'Note', value: 'note' },
	{ name: 'Pipeline', value: 'pipeline' },
	{ name: 'User', value: 'user' },
];

/** What each CRM's API offers; the node's runtime checks say the same for values set by an expression or an old workflow. */
const RESOURCES_OF_CRM: Record<string, string[]> = {
	demo: ['deal', 'lead', 'lossReason', 'note', 'pipeline', 'user'],
	amocrm: ['deal', 'lossReason', 'note', 'pipeline', 'user'],
	bitrix24: ['deal', 'lead', 'lossReason', 'note', 'pipeline', 'user'],
	hubspot: ['deal', 'note', 'pipeline', 'user'],
	pipedrive: ['deal', 'lead', 'note', 'pipeline', 'user'],
};

function resourceParameters(): INodeProperties[] {
	// CRMs offering the same resources share one list, so the editor shows one parameter per set.
	const bySet = new Map<string, string[]>();
	for (const [crm, resources] of Object.entries(RESOURCES_OF_CRM)) {
		const key = resources.join(',');
		bySet.set(key, [...(bySet.get(key) ?? []), crm]);
	}
	return [...bySet].map(([key, crms]) => ({
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { crm: crms } },
		options: RESOURCES.filter((r) => key.split(',').includes(r.value)),
		default: 'deal',
	}));
}

/** A deal's id in the address of its page: amoCRM, Bitrix24, HubSpot and Pipedrive deal URLs. */
const DEAL_URL_ID = '(?:leads/detail|crm/deal/details|record/0-3|/deal)/(\\d+)';

export const crmSalesDataProperties: INodeProperties[] = [
	crmParameter,
	// One Resource list per CRM, offering only what that CRM's API can give (HubSpot has no lead object here, amoCRM's
	// "leads" are its deals, HubSpot and Pipedrive keep loss reasons as free text on each deal).
	...resourceParameters(),
	{
		displayName: 'amoCRM and Kommo call their deals "leads" (сделки): they are here, under Deal.',
		name: 'amoLeadsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { crm: ['amocrm'], resource: ['deal'] } },
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['deal'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a deal',
				description: 'Get one deal by its ID',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many deals',
				description: 'Get deals as normalized records, with filters',
			},
		],
		default: 'getAll',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['lead'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many leads',
				description: 'Get leads (before they become deals)',
			},
		],
		default: 'getAll',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['pipeline'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many pipelines',
				description: 'Get pipelines with their stages',
			},
		],
		default: 'getAll',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many users',
				description: 'Get CRM users (deal owners)',
			},
		],
		default: 'getAll',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['lossReason'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many loss reasons',
				description: 'Get the reasons a deal can be lost for',
			},
		],
		default: 'getAll',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['note'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a note',
				description: 'Add a note to a deal',
			},
		],
		default: 'create',
	},
	{
		displayName: 'Deal',
		name: 'dealId',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'id', value: '' },
		description: 'The deal: its ID, or the address of its page in the CRM',
		displayOptions: {
			show: { resource: ['deal', 'note'], operation: ['get', 'create'] },
		},
		modes: [
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 17657',
				validation: [
					{
						type: 'regex',
						properties: { regex: '\\s*\\S+\\s*', errorMessage: 'Enter the deal’s ID' },
					},
				],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'e.g. https://mycompany.amocrm.ru/leads/detail/17657',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: `.*${DEAL_URL_ID}.*`,
							errorMessage:
								'Paste the address of a deal’s page, e.g. https://mycompany.amocrm.ru/leads/detail/17657',
						},
					},
				],
				extractValue: { type: 'regex', regex: DEAL_URL_ID },
			},
		],
	},
	{
		displayName: 'Text',
		name: 'noteText',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description: 'What the note says, e.g. a sales rep’s verdict on the lead',
		displayOptions: { show: { resource: ['note'], operation: ['create'] } },
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show: forGetMany },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...forGetMany, returnAll: [false] } },
	},
	{
		displayName: 'Period',
		name: 'period',
		type: 'options',
		options: periodOptions,
		default: 'allTime',
		description:
			'Which records to get by date. "Last N days" ends now; months, quarters and years are calendar ones in the workflow’s time zone.',
		displayOptions: { show: forGetMany },
	},
	{
		displayName: 'Period Applies To',
		name: 'periodDateField',
		type: 'options',
		options: [
			{ name: 'Created Date', value: 'createdAt' },
			{ name: 'Last Update', value: 'updatedAt' },
			{ name: 'Closed Date', value: 'closedAt' },
		],
		default: 'createdAt',
		description: 'Which date of a record must fall in the period',
		displayOptions: { show: forGetMany, hide: { period: ['allTime'] } },
	},
	{
		displayName: 'From',
		name: 'periodFrom',
		type: 'dateTime',
		default: '',
		description: 'First moment of the period (inclusive). Leave empty for no lower bound.',
		displayOptions: { show: { ...forGetMany, period: ['custom'] } },
	},
	{
		displayName: 'To',
		name: 'periodTo',
		type: 'dateTime',
		default: '',
		description:
			'End of the period (inclusive). A date without a time — or the date picker’s midnight — includes that whole day. Leave empty for no upper bound.',
		displayOptions: { show: { ...forGetMany, period: ['custom'] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: forGetMany },
		options: [
			{
				displayName: 'Date Field',
				name: 'dateField',
				type: 'options',
				options: [
					{ name: 'Closed', value: 'closedAt' },
					{ name: 'Created', value: 'createdAt' },
					{ name: 'Updated', value: 'updatedAt' },
				],
				default: 'createdAt',
				description:
					'Which date "Date From" and "Date To" apply to. Simpler: leave these three out and choose a Period above.',
			},
			{
				displayName: 'Date From',
				name: 'dateFrom',
				type: 'dateTime',
				default: '',
				description:
					'Only records whose chosen date is on or after this moment. For workflows that compute dates with an expression; otherwise use Period above (Period must then stay "All Time").',
			},
			{
				displayName: 'Date To',
				name: 'dateTo',
				type: 'dateTime',
				default: '',
				description:
					'Only records whose chosen date is on or before this moment; a date without a time includes that whole day. Period must then stay "All Time".',
			},
			ownerFilter,
			{
				...pipelineFilter,
				// Leads sit before any pipeline in Bitrix24 and Pipedrive, so the filter is for deals only.
				displayOptions: { show: { '/resource': ['deal'] } },
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: [
					{ name: 'Open', value: 'open' },
					{ name: 'Won', value: 'won' },
					{ name: 'Lost', value: 'lost' },
				],
				default: [],
				description: 'Only deals in these outcomes (empty = all)',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: {
			show: { resource: ['deal', 'lead'], operation: ['getAll', 'get'] },
		},
		options: [
			demoLanguageOption,
			utmFieldsOption,
			{
				displayName: 'Include Raw CRM Record',
				name: 'includeRaw',
				type: 'boolean',
				default: false,
				description:
					'Whether to add the CRM’s original record as "raw" next to the normalized fields',
			},
			{ ...firstContactOption, displayOptions: { show: { '/operation': ['getAll'] } } },
			requestTimeoutOption,
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['note'], operation: ['create'] } },
		options: [
			{
				displayName: 'Skip If Already Written',
				name: 'skipIfWritten',
				type: 'boolean',
				default: false,
				description:
					'Whether to end the note with a marker made of the Write Key ([sb:…]) and, before writing, read the deal’s notes and write nothing when one carries it. Makes a retried execution (e.g. n8n’s Retry in queue mode) leave one note, not two.',
			},
			{
				displayName: 'Write Key',
				name: 'writeKey',
				type: 'string',
				default: '',
				placeholder: 'e.g. the Feedback ID',
				description:
					'What the note is about, unique per note, e.g. the Feedback ID. Empty: a digest of the text, so the same text on the same deal counts as written.',
				displayOptions: { show: { skipIfWritten: [true] } },
			},
		],
	},
];
