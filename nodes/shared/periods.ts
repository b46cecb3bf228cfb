import type { INodePropertyOptions } from 'n8n-workflow';

/**
 * The period presets both CRM Sales Data and the report offer, in the order people think of them: shortest first,
 * then calendar periods, then custom dates — not alphabetically ("Last 30 Days" before "Last 7 Days").
 */
export const periodOptions: INodePropertyOptions[] = [
	{ name: 'All Time', value: 'allTime', description: 'No date filter' },
	{ name: 'Last 7 Days', value: 'last7Days' },
	{ name: 'Last 30 Days', value: 'last30Days' },
	{ name: 'Last 90 Days', value: 'last90Days' },
	{ name: 'This Month', value: 'thisMonth' },
	{ name: 'Last Month', value: 'lastMonth' },
	{ name: 'This Quarter', value: 'thisQuarter' },
	{ name: 'Last Quarter', value: 'lastQuarter' },
	{ name: 'This Year', value: 'thisYear' },
	{ name: 'Last Year', value: 'lastYear' },
	{ name: 'Custom Dates', value: 'custom', description: 'From and To dates of your choice' },
];
