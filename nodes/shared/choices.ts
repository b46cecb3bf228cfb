import type { INodePropertyOptions } from 'n8n-workflow';

/** The languages of every text the package writes (templates, reports, forms, notes): one list for every node. */
export const LANGUAGE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'English', value: 'en' },
	{ name: 'Russian', value: 'ru' },
];

/** The classes of lost reasons and lead-verdict reason codes, as the report and the form offer them. */
export const REASON_CLASS_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Handling (Sales’ Side)', value: 'handling' },
	{ name: 'Lead Quality (Marketing’s Side)', value: 'leadQuality' },
	{ name: 'Other', value: 'other' },
];
