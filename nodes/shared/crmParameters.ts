import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeCredentialDescription,
	INodeProperties,
} from 'n8n-workflow';

import { describeValue } from './dateInput';
import { FIRST_CONTACT_MODES } from './crm/firstContact';
import type { FirstContactMode } from './crm/firstContact';
import type { DealQuery } from './crm/types';
import { LANGUAGE_OPTIONS } from './choices';

/**
 * The CRM parameters both CRM Sales Data and the Sales & Marketing Report (Deals: Pull From the CRM) show: which CRM,
 * its credential, the owner and pipeline filters, and the CRM options (First Contact, UTM Fields, Request Timeout,
 * Demo Data Language) — one definition, so the two nodes read a CRM the same way. Names and values are the contract
 * the workflows use. Each node adds its own displayOptions where it needs them.
 */

export const crmOptions = [
	{ name: 'Demo CRM (Built-in Sample Data)', value: 'demo' },
	{ name: 'amoCRM / Kommo', value: 'amocrm' },
	{ name: 'Bitrix24', value: 'bitrix24' },
	{ name: 'HubSpot', value: 'hubspot' },
	{ name: 'Pipedrive', value: 'pipedrive' },
];

/** Which credential each CRM needs; `extraShow` adds conditions (the report shows them only when it pulls). */
export function crmCredentialsFor(
	extraShow: Record<string, string[]> = {},
): INodeCredentialDescription[] {
	return [
		['amoCrmApi', 'amocrm'],
		['bitrix24Api', 'bitrix24'],
		['hubSpotCrmApi', 'hubspot'],
		['pipedriveCrmApi', 'pipedrive'],
	].map(([name, crm]) => ({
		name,
		required: true,
		displayOptions: { show: { ...extraShow, crm: [crm] } },
	}));
}

export const crmParameter: INodeProperties = {
	displayName: 'CRM',
	name: 'crm',
	type: 'options',
	noDataExpression: true,
	options: crmOptions,
	default: 'demo',
	description:
		'Which CRM to read. The Demo CRM needs no account and holds 2,400 realistic sample deals.',
};

export const demoLanguageOption: INodeProperties = {
	displayName: 'Demo Data Language',
	name: 'demoLanguage',
	type: 'options',
	options: LANGUAGE_OPTIONS,
	default: 'en',
	description: 'Language of the Demo CRM’s names, stages and loss reasons',
};

export const ownerFilter: INodeProperties = {
	displayName: 'Owner Name or ID',
	name: 'ownerId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getUsers', loadOptionsDependsOn: ['/crm'] },
	default: '',
	description:
		'Only deals of this CRM user. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const pipelineFilter: INodeProperties = {
	displayName: 'Pipeline Name or ID',
	name: 'pipelineId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getPipelines', loadOptionsDependsOn: ['/crm'] },
	default: '',
	description:
		'Only deals in this pipeline. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const utmFieldsOption: INodeProperties = {
	displayName: 'UTM Fields',
	name: 'utmFields',
	type: 'fixedCollection',
	placeholder: 'Add UTM Field',
	default: {},
	displayOptions: { show: { '/crm': ['hubspot', 'pipedrive'] } },
	description:
		'Which custom deal fields hold UTM values. Leave empty to find fields named like "utm_source" or "UTM Source" automatically.',
	options: [
		{
			displayName: 'Fields',
			name: 'fields',
			values: [
				{
					displayName: 'UTM Campaign Field',
					name: 'campaign',
					type: 'string',
					default: '',
					placeholder: 'e.g. utm_campaign',
				},
				{
					displayName: 'UTM Content Field',
					name: 'content',
					type: 'string',
					default: '',
					placeholder: 'e.g. utm_content',
				},
				{
					displayName: 'UTM Medium Field',
					name: 'medium',
					type: 'string',
					default: '',
					placeholder: 'e.g. utm_medium',
				},
				{
					displayName: 'UTM Source Field',
					name: 'source',
					type: 'string',
					default: '',
					placeholder: 'e.g. utm_source',
					description: 'Field key or name (Pipedrive) /	internal property name (HubSpot)',
				},
				{
					displayName: 'UTM Term Field',
					name: 'term',
					type: 'string',
					default: '',
					placeholder: 'e.g. utm_term',
				},
			],
		},
	],
};

/**
 * What First Contact costs, per CRM (the formulas and their sources are in docs/first-contact.md and each adapter's
 * readFirstContacts; tests assert the request counts).
 */
export const FIRST_CONTACT_COST =
	'Fills firstContactAt, which speed to lead and the SLA read. Extra requests per 1,000 deals — human touch: amoCRM ~100, Bitrix24 ~22, HubSpot ~31, Pipedrive ~5; stage change: amoCRM ~100, Bitrix24 ~2, HubSpot 20, Pipedrive ~1,000 (one per deal). The Demo CRM always has it. Details: docs/first-contact.md.';

export const firstContactOption: INodeProperties = {
	displayName: 'First Contact',
	name: 'firstContact',
	type: 'options',
	options: [
		{
			name: 'Off',
			value: 'off',
			description: 'Leave firstContactAt as the CRM record gives it',
		},
		{
			name: 'First Human Touch',
			value: 'humanTouch',
			description:
				'The earliest call, e-mail, chat message, meeting or note by a person after the record was created',
		},
		{
			name: 'First Stage Change',
			value: 'stageChange',
			description: 'The first move out of the pipeline’s first stage',
		},
	],
	default: 'off',
	description: FIRST_CONTACT_COST,
};

/** The user's "UTM Fields" option, without empty entries; undefined lets the adapter find fields by name. */
export function utmFieldKeys(options: IDataObject): DealQuery['utmFieldKeys'] {
	const fields = (options.utmFields as { fields?: Record<string, string> } | undefined)?.fields;
	if (!fields) return undefined;
	const chosen = Object.fromEntries(
		Object.entries(fields).filter(([, v]) => typeof v === 'string' && v.trim() !== ''),
	);
	return Object.keys(chosen).length ? chosen : undefined;
}

/** The "First Contact" option, checked (an expression may return anything). */
export function firstContactOf(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
): FirstContactMode {
	if (value === undefined || value === null || value === '') return 'off';
	if (FIRST_CONTACT_MODES.includes(value as FirstContactMode)) return value as FirstContactMode;
	throw new NodeOperationError(
		ctx.getNode(),
		`"First Contact" must be one of: ${FIRST_CONTACT_MODES.join(', ')} (got ${describeValue(value)})`,
		{ itemIndex, description: 'Choose Off, First Human Touch or First Stage Change.' },
	);
}
