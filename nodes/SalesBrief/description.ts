import type { INodeProperties } from 'n8n-workflow';
import { LANGUAGE_OPTIONS } from '../shared/choices';

/**
 * Parameters of the Sales Brief node. Every field takes expressions, so n8n's Form Trigger, a sheet row or an AI agent
 * can fill it; names are the contract the workflows and docs/nodes/salesBrief.md use.
 */

const metricOptions = [
	{ name: 'Average Deal', value: 'averageDeal', description: 'Mean amount of won deals' },
	{ name: 'Conversion', value: 'conversion', description: 'Won ÷ created in the window' },
	{
		name: 'Share of Lead-Quality Losses',
		value: 'leadQualityLossShare',
		description: 'Share of lost deals whose lost reason is about lead quality',
	},
	{
		name: 'SLA Breach Share',
		value: 'slaBreachShare',
		description: 'Share of new leads not contacted within the SLA',
	},
	{
		name: 'Speed to Lead P50',
		value: 'speedToLeadP50',
		description: 'Median minutes from a new lead to its first contact',
	},
	{ name: 'Win Rate', value: 'winRate', description: 'Won ÷ (won + lost) among closed deals' },
];

export const briefProperties: INodeProperties[] = [
	{
		displayName:
			'A brief explains to sales why something changes: what we saw, what changes and which CRM number it should move. Briefs without that are refused.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Asset Type',
		name: 'assetType',
		type: 'options',
		options: [
			{ name: 'Campaign Launch', value: 'campaignLaunch' },
			{ name: 'Content / Collateral', value: 'content' },
			{ name: 'Offer', value: 'offer' },
			{ name: 'Other', value: 'other' },
			{ name: 'Price Change', value: 'priceChange' },
			{ name: 'Qualification Rules', value: 'qualificationRules' },
			{ name: 'Sales Script', value: 'salesScript' },
		],
		default: 'salesScript',
		description: 'Chooses the explanation template the brief is written with',
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Inbound call script: open with the delivery date',
		description:
			'With the version, it makes the brief ID: the same title and version always give the same ID',
	},
	{
		displayName: 'Version',
		name: 'version',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 999, numberPrecision: 0 },
		default: 1,
		description:
			'Start at 1; a new version of the brief gets new links and needs "Changed Because"',
	},
	{
		displayName: 'Changed Because',
		name: 'changedBecause',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'e.g. Reps said clients hang up when we start with the price',
		description: 'Required from version 2 on: why this version replaces the previous one',
	},
	{
		displayName: 'What We Saw',
		name: 'cause',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		placeholder:
			'e.g. 38 % of lost VK leads in May were lost at the first call, most said "too expensive"',
		description:
			'The cause: the fact in the numbers or in what clients said that made us change something',
	},
	{
		displayName: 'Evidence Link',
		name: 'evidenceUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://docs.example.com/report-may',
		description: 'Optional link to the report or recording behind "What We Saw"',
	},
	{
		displayName: 'What Changes',
		name: 'change',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		placeholder: 'e.g. Open the call with the delivery date, name the price only after the need',
		description: 'What sales does differently from now on',
	},
	{
		displayName: 'Expected Effect: Metric',
		name: 'metric',
		type: 'options',
		options: metricOptions,
		default: 'winRate',
		description: 'The CRM number this brief should move; the Brief Impact report measures it',
	},
	{
		displayName: 'Expected Effect: Baseline',
		name: 'baseline',
		type: 'string',
		default: '',
		placeholder: 'e.g. 21',
		description:
			'Where the metric is now, in its unit: percent for rates (21 for 21 %), money for Average Deal, minutes for Speed to Lead',
	},
	{
		displayName: 'Expected Effect: Target',
		name: 'target',
		type: 'string',
		default: '',
		placeholder: 'e.g. 27',
		description: 'Where the metric should be by the review date, in the same unit',
	},
	{
		displayName: 'Expected Effect: Currency',
		name: 'currency',
		type: 'string',
		default: '',
		placeholder: 'e.g. USD',
		displayOptions: { show: { metric: ['averageDeal'] } },
		description: 'Three-letter currency code of the baseline and target amounts',
	},
	{
		displayName: 'Expected Effect: Review Date',
		name: 'reviewDate',
		type: 'dateTime',
		default: '',
		description: 'When marketing and sales look at the metric again',
	},
	{
		displayName: 'Expected Effect: Scope',
		name: 'scope',
		type: 'collection',
		placeholder: 'Add Scope',
		default: {},
		description:
			'Optional: the part of the CRM the effect is expected in (IDs or names as in the deals)',
		options: [
			{
				displayName: 'Channel',
				name: 'channel',
				type: 'string',
				default: '',
				placeholder: 'e.g. vk_ads',
			},
			{
				displayName: 'Owner',
				name: 'owner',
				type: 'string',
				default: '',
				placeholder: 'e.g. Anna Smirnova',
			},
			{
				displayName: 'Pipeline',
				name: 'pipeline',
				type: 'string',
				default: '',
				placeholder: 'e.g. Inbound',
			},
		],
	},
	{
		displayName: 'How to Use',
		name: 'howToUse',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder:
			'One step per line, e.g.\nAsk when they need it delivered\nName the date we can do',
		description: 'Steps for the salesperson, one per line',
	},
	{
		displayName: 'Objections and Answers',
		name: 'objections',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Objection',
		default: {},
		options: [
			{
				name: 'entries',
				displayName: 'Objection',
				values: [
					{
						displayName: 'Objection',
						name: 'objection',
						type: 'string',
						default: '',
						placeholder: 'e.g. It is too expensive',
					},
					{
						displayName: 'Answer',
						name: 'answer',
						type: 'string',
						typeOptions: { rows: 2 },
						default: '',
						placeholder: 'e.g. Delivery is in the price; compare with the total at the others',
					},
				],
			},
		],
	},
	{
		displayName: 'Links',
		name: 'links',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Link',
		default: {},
		description:
			'The asset itself and anything that helps: the script, the offer page, a recording',
		options: [
			{
				name: 'entries',
				displayName: 'Link',
				values: [
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						placeholder: 'e.g. The new script',
					},
					{
						displayName: 'URL',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: 'e.g. https://…',
					},
				],
			},
		],
	},
	{
		displayName: 'Audience',
		name: 'audience',
		type: 'string',
		default: '',
		placeholder: 'e.g. Inbound sales team',
		description: 'Who the brief is for, as the text should name them',
	},
	{
		displayName: 'Acknowledgement Required',
		name: 'ackRequired',
		type: 'boolean',
		default: true,
		description:
			'Whether each recipient is asked to press "Read, understood" (the Feedback reports track who has not)',
	},
	{
		displayName: 'Acknowledge By',
		name: 'deadline',
		type: 'dateTime',
		default: '',
		displayOptions: { show: { ackRequired: [true] } },
		description: 'Optional deadline for the acknowledgement',
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'options',
		options: LANGUAGE_OPTIONS,
		default: 'en',
		description: 'Language of the brief text and its buttons',
	},
	{
		displayName: 'Feedback Trigger URL',
		name: 'feedbackUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://n8n.example.com/webhook/sales-feedback',
		description:
			'The Production URL of your Sales Feedback Trigger node. The buttons and the feedback form link of the brief point there, signed with the key of the credential.',
	},
	{
		displayName: 'Recipients',
		name: 'recipientsSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'From an Input Field',
				value: 'field',
				description: 'A list in each input item, e.g. from a sheet or a previous node',
			},
			{
				name: 'Listed Here',
				value: 'parameter',
				description: 'One output item per person, each with their own signed buttons',
			},
			{
				name: 'None (One Message for a Group Chat or Channel)',
				value: 'none',
				description: 'One output item; the buttons are signed for recipient "all"',
			},
		],
		default: 'none',
	},
	{
		displayName: 'Recipients',
		name: 'recipients',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Recipient',
		default: {},
		displayOptions: { show: { recipientsSource: ['parameter'] } },
		options: [
			{
				name: 'entries',
				displayName: 'Recipient',
				values: [
					{
						displayName: 'Email',
						name: 'email',
						type: 'string',
						placeholder: 'name@email.com',
						default: '',
					},
					{
						displayName: 'ID',
						name: 'id',
						type: 'string',
						default: '',
						placeholder: 'e.g. anna.smirnova',
						description:
							'Up to 32 characters: letters, digits, ".", "_", "@", "-". The acknowledgement is recorded under this ID.',
					},
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. Anna',
					},
					{
						displayName: 'Slack User',
						name: 'slackUser',
						type: 'string',
						default: '',
						placeholder: 'e.g. U012AB3CD',
					},
					{
						displayName: 'Telegram Chat ID',
						name: 'telegramChatId',
						type: 'string',
						default: '',
						placeholder: 'e.g. 123456789',
					},
				],
			},
		],
	},
	{
		displayName: 'Recipients Field',
		name: 'recipientsField',
		type: 'string',
		default: 'recipients',
		displayOptions: { show: { recipientsSource: ['field'] } },
		description:
			'Name of the input field holding the list: objects with ID, name, telegramChatId, slackUser, email (ID is required)',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Custom Template',
				name: 'customTemplate',
				type: 'string',
				typeOptions: { rows: 8 },
				default: '',
				description:
					'Your own text for the brief instead of the built-in template; placeholders such as {{cause}} are listed in docs/brief-templates.md (keep the field Fixed, not Expression). An unknown placeholder is an error that names it.',
			},
			{
				displayName: 'Previous Brief',
				name: 'previousBrief',
				type: 'json',
				default: '',
				description:
					'The brief of the previous version (the "brief" field of this node\'s earlier output), to list what changed field by field',
			},
			{
				displayName: 'Telegram Buttons',
				name: 'telegramButtons',
				type: 'options',
				options: [
					{
						name: 'Callback Buttons (Your Bot Answers)',
						value: 'callback',
						description:
							'The taps go to your bot: its Telegram Trigger and the Feedback Router record them',
					},
					{
						name: 'Link Buttons (Open the Feedback Page)',
						value: 'url',
						description: 'The buttons open the Feedback Trigger confirm page',
					},
				],
				default: 'url',
				description:
					'What the keyboard in telegram.replyMarkup does; both forms are in telegram.buttons',
			},
		],
	},
];
