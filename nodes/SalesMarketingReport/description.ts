import { periodOptions } from '../shared/periods';
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { dealSourceParameter, pullProperties } from './pullDescription';
import { LANGUAGE_OPTIONS, REASON_CLASS_OPTIONS } from '../shared/choices';

/** Parameters of the Sales & Marketing Report node. Names and values are the contract the workflows and docs use. */

const dimensionOptions: INodePropertyOptions[] = [
	{
		name: 'Campaign (UTM Campaign)',
		value: 'utmCampaign',
		description: 'Group by utm_campaign',
	},
	{
		name: 'Channel',
		value: 'channel',
		description: 'UTM source when the deal has one, otherwise the CRM source field',
	},
	{ name: 'CRM Source', value: 'source', description: 'The CRM’s own source field' },
	{
		name: 'Month',
		value: 'month',
		description: 'Month the deal was created (in the report time zone)',
	},
	{ name: 'Owner', value: 'owner', description: 'Responsible sales rep' },
	{ name: 'Pipeline', value: 'pipeline' },
	{ name: 'UTM Medium', value: 'utmMedium' },
	{ name: 'UTM Source', value: 'utmSource' },
];

const forReports = (...reports: string[]) => ({ show: { operation: reports } });

/** The report types that read Feedback items instead of deals. */
const FEEDBACK_REPORTS = ['acknowledgements', 'leadAcceptance', 'voiceOfSales'];

export const reportProperties: INodeProperties[] = [
	{
		displayName: 'Report',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Acknowledgement Status',
				value: 'acknowledgements',
				description:
					'From Feedback items: per brief version, who acknowledged, who asked a question and who has not answered by the deadline',
				action: 'Report brief acknowledgement status',
			},
			{
				name: 'Attribution Health',
				value: 'attributionHealth',
				description:
					'Share of deals with no source, no UTM, no owner, no amount, or duplicated — and who should fix what',
				action: 'Check attribution data health',
			},
			{
				name: 'Brief Impact',
				value: 'briefImpact',
				description:
					'A brief’s metric before vs after its release over two equal windows, and whether the change is more than noise',
				action: 'Measure the impact of a brief',
			},
			{
				name: 'Lead Acceptance',
				value: 'leadAcceptance',
				description:
					'From Feedback items: share of leads sales accepted per channel and campaign against the target, and why it rejected (lead quality or handling)',
				action: 'Report lead acceptance by sales',
			},
			{
				name: 'Lead Quality by Channel',
				value: 'leadQuality',
				description:
					'Leads, won/lost, win rate, revenue, average deal, days to close; with spend: CPL, cost per won deal, ROMI',
				action: 'Report lead quality by channel',
			},
			{
				name: 'Lost Reasons',
				value: 'lostReasons',
				description:
					'Lost reasons with counts and shares, each classed as lead quality, handling or other',
				action: 'Report lost reasons',
			},
			{
				name: 'Speed to Lead & SLA',
				value: 'speedToLead',
				description:
					'Minutes from creation to first contact: P50/P90, bands and SLA breaches per owner and channel',
				action: 'Report speed to lead and SLA breaches',
			},
			{
				name: 'Team Wins',
				value: 'teamWins',
				description:
					'Per owner: deals won from marketing channels in the period, revenue, fastest first contacts, and a thank-you text per rep for the sales chat',
				action: 'Thank sales reps for their marketing wins',
			},
			{
				name: 'Verdict: Lead Quality or Handling',
				value: 'verdict',
				description:
					'Per channel, whether losses come mostly from lead quality or from handling, with the numbers and a plain sentence',
				action: 'Judge lead quality versus handling per channel',
			},
			{
				name: 'Voice of Sales',
				value: 'voiceOfSales',
				description:
					'From Feedback items: the words and phrases sales hears most (first words, why they buy, what matters, objections) per campaign and channel, with quotes',
				action: 'Report the voice of sales',
			},
		],
		default: 'leadQuality',
	},
	// Feedback reports read Feedback items: no CRM to pull from.
	{ ...dealSourceParameter, displayOptions: { hide: { operation: FEEDBACK_REPORTS } } },
	...pullProperties.map((property) => ({
		...property,
		displayOptions: { ...property.displayOptions, hide: { operation: FEEDBACK_REPORTS } },
	})),
	{
		displayName:
			'Input: the deals from CRM Sales Data (one Deal per item). Output 1 "Summary": one item; read headline and findings first. The full text ready to send is at the end of that item: markdown, telegram (list of messages), slack (blocks) and email (subject, html, text). Output 2 "Rows": one item per group, one column per number.',
		name: 'inputNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { dealSource: ['items'] }, hide: { operation: FEEDBACK_REPORTS } },
	},
	{
		displayName:
			'Input: Feedback items from the Sales Feedback Trigger or the Feedback Router (one Feedback per item). Output 1 "Summary": one item; read headline and findings first, the texts ready to send are at its end. Output 2 "Rows": one item per group (per recipient and brief version for acknowledgements).',
		name: 'feedbackInputNotice',
		type: 'notice',
		default: '',
		displayOptions: forReports(...FEEDBACK_REPORTS),
	},
	{
		displayName:
			'Team wins: one row per owner (Group By does not apply). Wins are won deals from marketing channels, picked by their closing date (closedAt) in the period, not by creation date. Thank-you texts: Summary → details.thankYous, and details.thankYou in each row.',
		name: 'teamWinsNotice',
		type: 'notice',
		default: '',
		displayOptions: forReports('teamWins'),
	},
	{
		displayName: 'Group By',
		name: 'groupBy',
		type: 'options',
		options: dimensionOptions,
		default: 'channel',
		description: 'What each row of the report stands for',
		displayOptions: forReports('leadQuality', 'lostReasons', 'verdict'),
	},
	{
		displayName: 'Group By',
		name: 'groupBy',
		type: 'options',
		options: dimensionOptions,
		default: 'owner',
		description: 'What each row of the report stands for; Owner shows who leaves data empty',
		displayOptions: forReports('attributionHealth'),
	},
	{
		displayName: 'Group By',
		name: 'groupByMany',
		type: 'multiOptions',
		options: dimensionOptions,
		default: ['owner', 'channel'],
		description:
			'One table per choice; owner and channel answer "who is slow" and "which leads wait"',
		displayOptions: forReports('speedToLead'),
	},
	{
		displayName: 'Group By',
		name: 'groupByMany',
		type: 'multiOptions',
		options: dimensionOptions,
		default: ['utmCampaign', 'channel'],
		description:
			'One table per choice; channel is the UTM source of the feedback, owner the rep who sent it',
		displayOptions: forReports('voiceOfSales'),
	},
	{
		displayName: 'Group By',
		name: 'groupByMany',
		type: 'multiOptions',
		options: dimensionOptions,
		default: ['channel', 'utmCampaign'],
		description:
			'One table per choice; channel is the UTM source of the feedback, owner the rep who sent it',
		displayOptions: forReports('leadAcceptance'),
	},
	{
		displayName: 'Recipients',
		name: 'recipients',
		type: 'json',
		default: '[]',
		description:
			'Who should acknowledge each brief: a JSON list of recipients, each with the ID the brief links sign (e.g. the CRM user ID) and a name, or an expression returning one',
		displayOptions: forReports('acknowledgements'),
	},
	{
		displayName: 'Deadline',
		name: 'deadline',
		type: 'dateTime',
		default: '',
		description:
			'Answers after this moment are late, and those without an answer once it has passed are listed as "no response"; empty means no deadline',
		displayOptions: forReports('acknowledgements'),
	},
	{
		displayName: 'Acceptance Target (%)',
		name: 'acceptanceTargetPct',
		type: 'number',
		default: 90,
		typeOptions: { minValue: 0, maxValue: 100 },
		description: 'Share of leads sales should accept; peers use an SLA of 90 % or more',
		displayOptions: forReports('leadAcceptance'),
	},
	{
		displayName: 'Own Reason Codes',
		name: 'reasonCodes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Reason Code',
		default: {},
		description:
			'Reason codes your feedback form adds to the built-in list, with their class; a built-in code with the same name is replaced',
		displayOptions: forReports('leadAcceptance'),
		options: [
			{
				name: 'codes',
				displayName: 'Reason Code',
				values: [
					{
						displayName: 'Code',
						name: 'code',
						type: 'string',
						default: '',
						placeholder: 'e.g. wrong_city',
					},
					{
						displayName: 'Class',
						name: 'reasonClass',
						type: 'options',
						options: REASON_CLASS_OPTIONS,
						default: 'leadQuality',
					},
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. Wrong city',
					},
				],
			},
		],
	},
	{
		displayName: 'Phrases per Question',
		name: 'topPhrases',
		type: 'number',
		default: 5,
		typeOptions: { minValue: 1 },
		description: 'Most frequent words and phrases listed per question and group',
		displayOptions: forReports('voiceOfSales'),
	},
	{
		displayName: 'Group By',
		name: 'groupBy',
		type: 'options',
		options: [
			...dimensionOptions.slice(0, 4),
			{
				name: 'Overall Only',
				value: 'none',
				description: 'One comparison over every deal in the brief’s scope',
			},
			...dimensionOptions.slice(4),
		],
		default: 'none',
		description:
			'Brief impact is measured over all deals in the scope; a dimension adds one before/after comparison per group',
		displayOptions: forReports('briefImpact'),
	},
	{
		displayName: 'Release Date',
		name: 'briefReleasedAt',
		type: 'dateTime',
		default: '',
		required: true,
		description:
			'When the brief went out (the Brief’s releasedAt). The windows before and after it are compared.',
		displayOptions: forReports('briefImpact'),
	},
	{
		displayName: 'Metric',
		name: 'briefMetric',
		type: 'options',
		options: [
			{
				name: 'Average Deal',
				value: 'averageDeal',
				description: 'Mean amount of won deals closed in each window (Welch’s t-test)',
			},
			{
				name: 'Conversion',
				value: 'conversion',
				description: 'Won ÷ deals created in each window (two-proportion z-test)',
			},
			{
				name: 'Lead-Quality Loss Share',
				value: 'leadQualityLossShare',
				description:
					'Share of lost deals lost on lead quality, closed in each window (two-proportion z-test)',
			},
			{
				name: 'SLA Breach Share',
				value: 'slaBreachShare',
				description:
					'Share of leads first contacted later than the SLA or still waiting past it (two-proportion z-test)',
			},
			{
				name: 'Speed to Lead (P50)',
				value: 'speedToLeadP50',
				description:
					'Median minutes from creation to first contact, deals created in each window (Mann–Whitney U)',
			},
			{
				name: 'Win Rate',
				value: 'winRate',
				description: 'Won ÷ (won + lost) among deals closed in each window (two-proportion z-test)',
			},
		],
		default: 'winRate',
		description: 'The metric the brief promises to move (the Brief’s expectedEffect.metric)',
		displayOptions: forReports('briefImpact'),
	},
	{
		displayName: 'Window (Days)',
		name: 'briefWindowDays',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0 },
		description:
			'Days in each window. 0: as long as the time from the release to now (or the period end), at most 90 days, so both windows are always equal.',
		displayOptions: forReports('briefImpact'),
	},
	{
		displayName: 'Scope: Pipeline',
		name: 'briefScopePipeline',
		type: 'string',
		default: '',
		placeholder: 'e.g. Sales',
		description: 'Only deals of this pipeline (ID or name); empty for all',
		displayOptions: forReports('briefImpact'),
	},
	{
		displayName: 'Scope: Channel',
		name: 'briefScopeChannel',
		type: 'string',
		default: '',
		placeholder: 'e.g. telegram',
		description:
			'Only deals of this channel (UTM source, else the CRM source; key or display name); empty for all',
		displayOptions: forReports('briefImpact'),
	},
	{
		displayName: 'Scope: Owner',
		name: 'briefScopeOwner',
		type: 'string',
		default: '',
		placeholder: 'e.g. u3 or Maria Kuznetsova',
		description: 'Only deals of this sales rep (ID or name); empty for all',
		displayOptions: forReports('briefImpact'),
	},
	{
		displayName: 'Brief Title',
		name: 'briefTitle',
		type: 'string',
		default: '',
		placeholder: 'e.g. New Telegram call script',
		description: 'Shown in the report’s title; empty shows the metric',
		displayOptions: forReports('briefImpact'),
	},
	{
		displayName: 'Brief ID',
		name: 'briefId',
		type: 'string',
		default: '',
		description: 'The Brief’s ID, shown next to its title and kept in the Summary',
		displayOptions: forReports('briefImpact'),
	},
	{
		displayName: 'Period',
		name: 'period',
		type: 'options',
		options: periodOptions.map((option) =>
			option.value === 'allTime'
				? { ...option, name: 'All Incoming Deals', description: undefined }
				: option,
		),
		default: 'allTime',
		description:
			'Deals are picked by creation date. "Last N days" ends now; months, quarters and years are calendar ones in the report time zone.',
	},
	{
		displayName: 'From',
		name: 'periodFrom',
		type: 'dateTime',
		default: '',
		description: 'First day of the period (inclusive)',
		displayOptions: { show: { period: ['custom'] } },
	},
	{
		displayName: 'To',
		name: 'periodTo',
		type: 'dateTime',
		default: '',
		description: 'Last day of the period (inclusive; a date at midnight means the whole day)',
		displayOptions: { show: { period: ['custom'] } },
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'options',
		options: LANGUAGE_OPTIONS,
		default: 'en',
		description: 'Language of the report text (data rows use the same field names in both)',
	},
	{
		displayName: 'Spend',
		name: 'spendSource',
		type: 'options',
		options: [
			{ name: 'No Spend', value: 'none' },
			{ name: 'Enter Per Channel', value: 'parameter' },
			{
				name: 'From Input Items',
				value: 'items',
				description:
					'Items with the fields channel, spend and optionally currency (other items are deals)',
			},
		],
		default: 'none',
		description: 'Marketing spend per group, for CPL, cost per won deal and ROMI',
		displayOptions: forReports('leadQuality'),
	},
	{
		displayName: 'Spend per Channel',
		name: 'spend',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Spend',
		default: {},
		description: 'Matched case-insensitively with the group names of "Group By" (e.g. vk_ads)',
		displayOptions: { show: { operation: ['leadQuality'], spendSource: ['parameter'] } },
		options: [
			{
				name: 'entries',
				displayName: 'Spend',
				values: [
					{
						displayName: 'Channel',
						name: 'channel',
						type: 'string',
						default: '',
						placeholder: 'e.g. vk_ads',
					},
					{
						displayName: 'Amount',
						name: 'amount',
						type: 'number',
						default: 0,
						typeOptions: { minValue: 0 },
					},
				],
			},
		],
	},
	{
		displayName: 'Spend Currency',
		name: 'spendCurrency',
		type: 'string',
		default: '',
		placeholder: 'e.g. RUB',
		description:
			'Currency of the amounts above; empty means the report currency. Spend in another currency than the report is left out, never converted.',
		displayOptions: { show: { operation: ['leadQuality'], spendSource: ['parameter'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Channel Names',
				name: 'channelNames',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Channel Name',
				default: {},
				description:
					'Names to show for channel keys (e.g. vk_ads → VK Ads) in every text and in the "group" column of Rows; "groupKey" keeps the key. Used when grouping by channel, UTM source or CRM source; keys match case-insensitively.',
				options: [
					{
						name: 'names',
						displayName: 'Channel Name',
						values: [
							{
								displayName: 'Channel Key',
								name: 'key',
								type: 'string',
								default: '',
								placeholder: 'e.g. vk_ads',
							},
							{
								displayName: 'Display Name',
								name: 'name',
								type: 'string',
								default: '',
								placeholder: 'e.g. VK Ads',
							},
						],
					},
				],
			},
			{
				displayName: 'Chart Binary Property',
				name: 'chartBinaryProperty',
				type: 'string',
				default: 'chart',
				description:
					'Lead quality: name of the binary property that holds the SVG chart; leave empty for no chart file',
			},
			{
				displayName: 'Groups Listed in Text',
				name: 'maxGroupsInText',
				type: 'number',
				default: 15,
				typeOptions: { minValue: 1 },
				description: 'Rows per table in the message text; the data rows always hold every group',
			},
			{
				displayName: 'Lost Reason Mapping',
				name: 'lostReasonMapping',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Mapping',
				default: {},
				description:
					'Your own classes for lost reasons; they win over the built-in English and Russian rules. An exact text match wins over a "contains" match.',
				options: [
					{
						name: 'mappings',
						displayName: 'Mapping',
						values: [
							{
								displayName: 'Reason Text (or Part of It)',
								name: 'match',
								type: 'string',
								default: '',
								placeholder: 'e.g. Не целевой',
							},
							{
								displayName: 'Class',
								name: 'reasonClass',
								type: 'options',
								options: REASON_CLASS_OPTIONS,
								default: 'leadQuality',
							},
						],
					},
				],
			},
			{
				displayName: 'Marketing Channels',
				name: 'marketingChannels',
				type: 'string',
				default: '',
				placeholder: 'e.g. yandex_direct, vk_ads, google_ads, seo',
				description:
					'Team wins: the channels whose wins count, comma-separated — channel keys (UTM source, else CRM source) or their Channel Names, case-insensitive. Empty: every channel except direct, referral, partner, sales-made (cold call, outbound) and deals without a channel.',
			},
			{
				displayName: 'Report Currency',
				name: 'currency',
				type: 'string',
				default: '',
				placeholder: 'e.g. USD',
				description:
					'Money metrics use only deals in this currency; others are listed apart, never added. Empty: the currency with the most won deals.',
			},
			{
				displayName: 'Report Time',
				name: 'now',
				type: 'dateTime',
				default: '',
				description:
					'The moment treated as "now" for relative periods and waiting deals, read in the report’s time zone; empty means the time of the execution',
			},
			{
				displayName: 'SLA Minutes',
				name: 'slaMinutes',
				type: 'number',
				default: 15,
				typeOptions: { minValue: 1 },
				description: 'Speed to lead and verdict: first contact later than this breaches the SLA',
			},
			{
				displayName: 'Time Zone',
				name: 'timezone',
				type: 'string',
				default: '',
				placeholder: 'e.g. Europe/Moscow',
				description: 'For periods and months; empty uses the workflow’s time zone',
			},
			{
				displayName: 'Verdict Dominance (%)',
				name: 'verdictDominancePct',
				type: 'number',
				default: 60,
				typeOptions: { minValue: 50, maxValue: 100 },
				description:
					'Verdict: the share of the lead-quality plus handling losses one class needs to be named the cause',
			},
			{
				displayName: 'Verdict Minimum Lost Deals',
				name: 'verdictMinLost',
				type: 'number',
				default: 5,
				typeOptions: { minValue: 1 },
				description: 'Verdict: groups with fewer lost deals are marked "too little data"',
			},
		],
	},
];
