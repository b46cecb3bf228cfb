import type { INodeProperties } from 'n8n-workflow';

import { BUILT_IN_REASONS } from '../shared/feedback/reasons';
import { LANGUAGE_OPTIONS, REASON_CLASS_OPTIONS } from '../shared/choices';
import { crmOptions } from '../shared/crmParameters';

/** Output order = FEEDBACK_CATEGORIES (types.ts): leadVerdict, customerVoice, acknowledgement, question, other. */
export const OUTPUT_NAMES = [
	'Lead Verdict',
	'Customer Voice',
	'Acknowledgement',
	'Question',
	'Other',
];

const categoryOptions = [
	{ name: 'Acknowledgement', value: 'acknowledgement' },
	{ name: 'Customer Voice', value: 'customerVoice' },
	{ name: 'Lead Verdict', value: 'leadVerdict' },
	{ name: 'Other', value: 'other' },
	{ name: 'Question / Content Request', value: 'question' },
];

const fieldOptions = [
	{ name: 'Brief ID', value: 'briefId' },
	{ name: 'Brief Version', value: 'briefVersion' },
	{ name: 'Comment / Text', value: 'text' },
	{ name: 'CRM', value: 'crm' },
	{ name: 'Deal ID', value: 'dealId' },
	{ name: 'Decision (Accept / Reject)', value: 'decision' },
	{ name: 'Language', value: 'language' },
	{ name: 'Lead Quality (1–5)', value: 'quality' },
	{ name: 'Objections', value: 'objections' },
	{ name: 'Reason Code', value: 'reasonCode' },
	{ name: 'Sales Rep', value: 'rep' },
	{ name: 'Submitted At', value: 'submittedAt' },
	{ name: 'UTM Campaign', value: 'utmCampaign' },
	{ name: 'UTM Content', value: 'utmContent' },
	{ name: 'UTM Medium', value: 'utmMedium' },
	{ name: 'UTM Source', value: 'utmSource' },
	{ name: 'UTM Term', value: 'utmTerm' },
	{ name: 'What Clients Say First', value: 'firstWords' },
	{ name: 'What Matters to Them', value: 'whatMatters' },
	{ name: 'Why They Buy', value: 'purchasePurpose' },
];

const forRoute = { show: { operation: ['route'] } };
const forButtons = { show: { operation: ['buildVerdictButtons'] } };

const customReasons: INodeProperties = {
	displayName: 'Custom Reasons',
	name: 'customReasons',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	default: {},
	placeholder: 'Add Reason',
	description:
		'Reason codes of your own, added to the built-in list (a code with a built-in name replaces it). Buttons need codes of at most 20 characters.',
	options: [
		{
			displayName: 'Reason',
			name: 'reason',
			values: [
				{
					displayName: 'Code',
					name: 'code',
					type: 'string',
					default: '',
					placeholder: 'e.g. wrong_product_line',
					description: 'Lower case letters, digits and "_", starting with a letter',
				},
				{
					displayName: 'Class',
					name: 'reasonClass',
					type: 'options',
					options: REASON_CLASS_OPTIONS,
					default: 'leadQuality',
				},
				{
					displayName: 'English Label',
					name: 'en',
					type: 'string',
					default: '',
				},
				{
					displayName: 'Russian Label',
					name: 'ru',
					type: 'string',
					default: '',
				},
			],
		},
	],
};

export const routerProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Build Verdict Buttons',
				value: 'buildVerdictButtons',
				action: 'Build verdict buttons for a deal',
				description:
					'Make the signed Telegram inline keyboard (accept with a score, reject with a reason) for one deal',
			},
			{
				name: 'Route',
				value: 'route',
				action: 'Route feedback by category',
				description:
					'Classify each feedback item and send it to the output of its category: lead verdict, customer voice, acknowledgement, question, other',
			},
		],
		default: 'route',
	},
	{
		displayName: 'Input Format',
		name: 'inputFormat',
		type: 'options',
		displayOptions: forRoute,
		options: [
			{
				name: 'Auto-Detect',
				value: 'auto',
				description:
					'Telegram updates, Form Trigger items and Feedback records are recognised by their shape; anything else is read as JSON',
			},
			{ name: 'Feedback Record (Sales Feedback Trigger)', value: 'feedback' },
			{ name: 'Form Trigger Submission', value: 'formTrigger' },
			{ name: 'JSON With Field Mapping', value: 'json' },
			{ name: 'Telegram Update (Telegram Trigger)', value: 'telegram' },
		],
		default: 'auto',
	},
	{
		displayName: 'Rules',
		name: 'rules',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		displayOptions: forRoute,
		default: {},
		placeholder: 'Add Rule',
		description:
			'Your own rules, checked in this order before the built-in English and Russian ones. They decide for free text; signed buttons and items with a decision or the three questions are decided by those first.',
		options: [
			{
				displayName: 'Rule',
				name: 'rule',
				values: [
					{
						displayName: 'Match',
						name: 'kind',
						type: 'options',
						options: [
							{
								name: 'Keywords',
								value: 'keywords',
								description:
									'Comma-separated words or word beginnings, e.g. "demo, trial, пробн"; case and ё/е do not matter',
							},
							{
								name: 'Regular Expression',
								value: 'regex',
								description: 'A JavaScript regular expression, case-insensitive',
							},
						],
						default: 'keywords',
					},
					{
						displayName: 'Pattern',
						name: 'pattern',
						type: 'string',
						default: '',
						placeholder: 'e.g. demo, trial, пробн',
					},
					{
						displayName: 'Category',
						name: 'category',
						type: 'options',
						options: categoryOptions,
						default: 'question',
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		displayOptions: forRoute,
		default: {},
		options: [
			{
				displayName: 'Check Brief Button Recipient',
				name: 'checkRecipient',
				type: 'boolean',
				default: true,
				description:
					'Whether a brief button signed for a Telegram user or chat ID counts only when pressed by that user or in that chat (otherwise it goes to Other as "other-recipient")',
			},
			customReasons,
			{
				displayName: 'Default Language',
				name: 'defaultLanguage',
				type: 'options',
				options: LANGUAGE_OPTIONS,
				default: 'en',
				description:
					'Language of the CRM note when the item does not show one (Russian text is recognised by its letters)',
			},
			{
				displayName: 'Field Mapping',
				name: 'fieldMapping',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Field',
				description:
					'Where each field is when the defaults do not find it: a dot path for JSON (e.g. answers.comment), the field label for Form Trigger items (e.g. "Номер сделки").',
				options: [
					{
						displayName: 'Field',
						name: 'field',
						values: [
							{
								displayName: 'Feedback Field',
								name: 'field',
								type: 'options',
								options: fieldOptions,
								default: 'text',
							},
							{
								displayName: 'Path or Label',
								name: 'source',
								type: 'string',
								default: '',
								placeholder: 'e.g. answers.comment or Комментарий',
							},
						],
					},
				],
			},
			{
				displayName: 'Send to All Matching Outputs',
				name: 'allMatchingOutputs',
				type: 'boolean',
				default: false,
				description:
					'Whether an item that fits several categories (e.g. a form with a verdict and the three questions) goes to each of their outputs, not only to the first',
			},
		],
	},
	{
		displayName: 'CRM',
		name: 'crm',
		type: 'options',
		displayOptions: forButtons,
		// The same list, names and order as CRM Sales Data's CRM parameter.
		options: crmOptions,
		default: 'demo',
		description: 'The CRM the deal is in; it is signed into every button',
	},
	{
		displayName: 'Deal ID',
		name: 'dealId',
		type: 'string',
		required: true,
		displayOptions: forButtons,
		default: '',
		placeholder: 'e.g. 17657',
		description: 'Up to 25 characters of letters, digits, "_" and "-"',
	},
	{
		displayName: 'Button Language',
		name: 'language',
		type: 'options',
		displayOptions: forButtons,
		options: LANGUAGE_OPTIONS,
		default: 'en',
	},
	{
		displayName: 'Reasons to Offer',
		name: 'reasons',
		type: 'multiOptions',
		displayOptions: forButtons,
		options: [...BUILT_IN_REASONS]
			.map((reason) => ({ name: reason.en, value: reason.code }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		default: ['not_target', 'no_need', 'no_budget', 'wrong_contact', 'duplicate', 'not_reached'],
		description: 'Reject buttons, one per reason; your Custom Reasons are added after these',
	},
	{
		displayName: 'Quality Scores on Accept',
		name: 'qualityScores',
		type: 'boolean',
		displayOptions: forButtons,
		default: true,
		description: 'Whether Accept is five buttons scored 1–5 (otherwise a single Accept)',
	},
	{
		displayName: 'Options',
		name: 'buttonOptions',
		type: 'collection',
		placeholder: 'Add Option',
		displayOptions: forButtons,
		default: {},
		options: [customReasons],
	},
];
