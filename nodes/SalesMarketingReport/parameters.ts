import { DateTime } from 'luxon';
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { describeValue, readDateInput } from '../shared/dateInput';
import { BRIEF_METRICS } from '../shared/brief/types';
import type {
	BriefImpactRequest,
	DimensionKey,
	Language,
	LostReasonClass,
	LostReasonOverride,
	PeriodPreset,
	ReportRequest,
	ReportType,
} from '../shared/report';
import { DIMENSION_KEYS, LOST_REASON_CLASSES, REPORT_TYPES, REPORTS } from '../shared/report';
import type { ReasonCode } from '../shared/feedback/reasons';
import { isReasonCodeShape } from '../shared/feedback/reasons';

/**
 * The report node's parameters, checked. Values can come from an expression or an AI tool, so none is trusted: a
 * value the report cannot use stops the run with what was wrong and what to enter, instead of a raw error, a silent
 * default, or "undefined" / "NaN" in the texts.
 */

export const PERIOD_PRESETS: readonly PeriodPreset[] = [
	'allTime',
	'last7Days',
	'last30Days',
	'last90Days',
	'thisMonth',
	'lastMonth',
	'thisQuarter',
	'lastQuarter',
	'thisYear',
	'lastYear',
	'custom',
];
const LANGUAGES: readonly Language[] = ['en', 'ru'];
export const SPEND_SOURCES = ['none', 'parameter', 'items'] as const;
export type SpendSource = (typeof SPEND_SOURCES)[number];

const FIX_CHOICE =
	'Choose a value from the list, or make the expression return one of these values.';

interface NodeOptions {
	channelNames?: { names?: Array<{ key?: unknown; name?: unknown }> };
	chartBinaryProperty?: unknown;
	maxGroupsInText?: unknown;
	lostReasonMapping?: { mappings?: Array<{ match?: unknown; reasonClass?: unknown }> };
	marketingChannels?: unknown;
	currency?: unknown;
	now?: unknown;
	slaMinutes?: unknown;
	timezone?: unknown;
	verdictDominancePct?: unknown;
	verdictMinLost?: unknown;
}

function stop(context: IExecuteFunctions, message: string, description: string): never {
	throw new NodeOperationError(context.getNode(), message, { itemIndex: 0, description });
}

function oneOf<T extends string>(
	context: IExecuteFunctions,
	label: string,
	value: unknown,
	allowed: readonly T[],
): T {
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
		return value as T;
	const subject = label.startsWith('"') ? label : `"${label}"`;
	return stop(
		context,
		`${subject} must be one of: ${allowed.join(', ')} (got ${describeValue(value)})`,
		FIX_CHOICE,
	);
}

/** A number option as typed, or as number text from an expression ("30"); undefined when not set. */
function numberOption(value: unknown): number | undefined | null {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'string' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
	return null;
}

function checkedNumber(
	context: IExecuteFunctions,
	label: string,
	value: unknown,
	rule: { min: number; max?: number; exclusiveMin?: boolean; integer?: boolean },
	description: string,
): number | undefined {
	const number = numberOption(value);
	if (number === undefined) return undefined;
	const fits =
		number !== null &&
		(rule.exclusiveMin ? number > rule.min : number >= rule.min) &&
		(rule.max === undefined || number <= rule.max) &&
		(!rule.integer || Number.isInteger(number));
	if (fits) return number as number;
	const wanted = rule.integer
		? `a whole number of ${rule.min} or more`
		: rule.max !== undefined
			? `a number from ${rule.min} to ${rule.max}`
			: `a number greater than ${rule.min}`;
	return stop(context, `"${label}" must be ${wanted} (got ${describeValue(value)})`, description);
}

/** A text option; undefined when empty. */
function textOption(
	context: IExecuteFunctions,
	label: string,
	value: unknown,
	pattern: RegExp,
	wanted: string,
	description: string,
): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string' && value.trim() === '') return undefined;
	if (typeof value === 'string' && pattern.test(value.trim())) return value.trim();
	return stop(context, `"${label}" must be ${wanted} (got ${describeValue(value)})`, description);
}

export function readReportType(context: IExecuteFunctions): ReportType {
	return oneOf(context, 'Report', context.getNodeParameter('operation', 0), REPORT_TYPES);
}

export function readSpendSource(context: IExecuteFunctions, report: ReportType): SpendSource {
	if (report !== 'leadQuality') return 'none';
	return oneOf(context, 'Spend', context.getNodeParameter('spendSource', 0, 'none'), SPEND_SOURCES);
}

const CURRENCY = /^[\p{L}\p{Sc}]{1,10}$/u;
const FIX_CURRENCY =
	'Enter a currency code such as USD, EUR or RUB (as the deals carry it), or leave the field empty.';

export function readSpendCurrency(context: IExecuteFunctions): string {
	return (
		textOption(
			context,
			'Spend Currency',
			context.getNodeParameter('spendCurrency', 0, ''),
			CURRENCY,
			'a currency code such as USD',
			FIX_CURRENCY,
		) ?? ''
	).toUpperCase();
}

/** The chart's binary property: '' for no file. */
export function readChartProperty(context: IExecuteFunctions): string {
	const options = context.getNodeParameter('options', 0, {}) as NodeOptions;
	if (!('chartBinaryProperty' in options)) return 'chart';
	return (
		textOption(
			context,
			'Chart Binary Property',
			options.chartBinaryProperty,
			/^\S+$/,
			'a name without spaces, such as chart',
			'Enter the name of the binary property for the SVG chart, e.g. chart, or leave the option empty for no chart file.',
		) ?? ''
	);
}

function isKnownZone(zone: string): boolean {
	return DateTime.now().setZone(zone).isValid;
}

/** Reports with one table per chosen dimension. */
const MANY_GROUPS: readonly ReportType[] = ['voiceOfSales', 'leadAcceptance'];

function readGroupBy(context: IExecuteFunctions, report: ReportType): DimensionKey[] {
	if (report === 'briefImpact') {
		const value = context.getNodeParameter('groupBy', 0, 'none');
		if (value === 'none' || value === '' || value === undefined) return [];
		return [oneOf(context, 'Group By', value, DIMENSION_KEYS)];
	}
	// Team wins thanks people: its rows are always per owner, whatever Group By a former report type left set.
	if (report === 'teamWins') return ['owner'];
	// One row per recipient and brief version: nothing to choose.
	if (report === 'acknowledgements') return ['owner'];
	if (report !== 'speedToLead' && !MANY_GROUPS.includes(report)) {
		// A fallback: when Report is an expression (an AI tool's $fromAI), n8n saves no Group By for it.
		const fallback = REPORTS[report]?.defaultGroupBy[0] ?? 'channel';
		const value = context.getNodeParameter('groupBy', 0, fallback);
		// "Overall Only" belongs to Brief Impact's Group By; with Report as an expression n8n cannot tell which
		// Group By is shown and may hand that one to another report.
		return [oneOf(context, 'Group By', value === 'none' ? fallback : value, DIMENSION_KEYS)];
	}
	const many = context.getNodeParameter(
		'groupByMany',
		0,
		report === 'speedToLead' ? ['owner', 'channel'] : REPORTS[report].defaultGroupBy,
	) as unknown;
	const list = typeof many === 'string' ? many.split(',').map((entry) => entry.trim()) : many;
	if (!Array.isArray(list)) {
		return stop(
			context,
			`"Group By" must be a list of: ${DIMENSION_KEYS.join(', ')} (got ${describeValue(many)})`,
			FIX_CHOICE,
		);
	}
	return list.map((entry) => oneOf(context, 'Group By', entry, DIMENSION_KEYS));
}

/**
 * A custom period bound or the Report Time: ISO text (without an offset: in the report's zone) or a Date/DateTime.
 * Returned as ISO text with its offset, so the report reads the same instant.
 */
function readBound(
	context: IExecuteFunctions,
	label: string,
	value: unknown,
	zone: string,
	fix: string,
): string | null {
	if (value === undefined || value === null || value === '') return null;
	const input = readDateInput(value, zone);
	if (input === null)
		return stop(context, `"${label}" is not a date: ${describeValue(value)}`, fix);
	// Text keeps its own form, so a bare date stays a whole day; objects become their instant.
	return typeof value === 'string' ? value.trim() : (input.value.toISO() as string);
}

const FIX_PERIOD_DATE =
	'Use a real calendar date like 2026-01-31 or a date-time like 2026-01-31T09:00:00, or an expression such as {{ $now.minus({ days: 30 }) }}.';

/** "Channel Names": key → display name; an entry needs both (a name without a key names nothing). */
function readChannelNames(
	context: IExecuteFunctions,
	options: NodeOptions,
): Array<{ key: string; name: string }> {
	const names: Array<{ key: string; name: string }> = [];
	for (const entry of options.channelNames?.names ?? []) {
		const key =
			typeof entry.key === 'string' || typeof entry.key === 'number'
				? String(entry.key).trim()
				: '';
		const name = typeof entry.name === 'string' ? entry.name.trim() : '';
		if (key === '' && name === '') continue;
		if (key === '') {
			stop(
				context,
				`"Channel Names": the entry "${name}" has no channel key`,
				'Enter the channel as the deals carry it (e.g. vk_ads) next to its display name, or remove the entry.',
			);
		}
		if (name === '') {
			stop(
				context,
				`"Channel Names": the channel "${key}" has no display name`,
				'Enter the name to show for this channel (e.g. VK Ads), or remove the entry.',
			);
		}
		names.push({ key, name });
	}
	return names;
}

/** "Marketing Channels": comma- or newline-separated text, or a list from an expression; empty entries dropped. */
function readMarketingChannels(context: IExecuteFunctions, options: NodeOptions): string[] {
	const value = options.marketingChannels;
	if (value === undefined || value === null || value === '') return [];
	const list = typeof value === 'string' ? value.split(/[,\n]/) : value;
	if (!Array.isArray(list) || !list.every((entry) => typeof entry === 'string')) {
		return stop(
			context,
			`"Marketing Channels" must be a comma-separated list of channels (got ${describeValue(value)})`,
			'Enter the channel keys as the deals carry them, e.g. yandex_direct, vk_ads, seo — or leave the option empty for every channel except direct, referral, partner and sales-made leads.',
		);
	}
	return list.map((entry) => entry.trim()).filter((entry) => entry !== '');
}

export function readRequest(context: IExecuteFunctions, report: ReportType): ReportRequest {
	const options = context.getNodeParameter('options', 0, {}) as NodeOptions;
	const groupBy = readGroupBy(context, report);
	const preset = oneOf(
		context,
		'Period',
		context.getNodeParameter('period', 0, 'allTime'),
		PERIOD_PRESETS,
	);
	const language = oneOf(
		context,
		'Language',
		context.getNodeParameter('language', 0, 'en'),
		LANGUAGES,
	);

	let timezone = context.getTimezone();
	if (options.timezone !== undefined && options.timezone !== null && options.timezone !== '') {
		const chosen = typeof options.timezone === 'string' ? options.timezone.trim() : '';
		if (chosen === '' || !isKnownZone(chosen)) {
			stop(
				context,
				`"Time Zone" is not a known time zone: ${describeValue(options.timezone)}`,
				'Use an IANA time zone name such as Europe/Moscow or America/New_York, or clear the option to use the workflow’s time zone.',
			);
		}
		timezone = chosen;
	}

	let now: Date | undefined;
	if (options.now !== undefined && options.now !== null && options.now !== '') {
		const input = readDateInput(options.now, timezone);
		if (input === null) {
			stop(
				context,
				`"Report Time" is not a date: ${describeValue(options.now)}`,
				'Pick a date in the option (a time without an offset is read in the report’s time zone), or clear it to use the execution time.',
			);
		}
		now = input.value.toJSDate();
	}

	const overrides: LostReasonOverride[] = [];
	for (const mapping of options.lostReasonMapping?.mappings ?? []) {
		if (typeof mapping.match !== 'string' || mapping.match.trim() === '') continue;
		const reasonClass =
			mapping.reasonClass === undefined
				? 'other'
				: oneOf<LostReasonClass>(
						context,
						'"Lost Reason Mapping" class',
						mapping.reasonClass,
						LOST_REASON_CLASSES,
					);
		overrides.push({ match: mapping.match, reasonClass });
	}

	return {
		report,
		groupBy: groupBy.length > 0 ? groupBy : undefined,
		period: {
			preset,
			from:
				preset === 'custom'
					? readBound(
							context,
							'From',
							context.getNodeParameter('periodFrom', 0, ''),
							timezone,
							FIX_PERIOD_DATE,
						)
					: null,
			to:
				preset === 'custom'
					? readBound(
							context,
							'To',
							context.getNodeParameter('periodTo', 0, ''),
							timezone,
							FIX_PERIOD_DATE,
						)
					: null,
		},
		now,
		timezone,
		language,
		currency:
			textOption(
				context,
				'Report Currency',
				options.currency,
				CURRENCY,
				'a currency code such as USD',
				FIX_CURRENCY,
			) ?? null,
		slaMinutes: checkedNumber(
			context,
			'SLA Minutes',
			options.slaMinutes,
			{ min: 0, exclusiveMin: true },
			'Enter the minutes within which a first contact counts as on time, e.g. 15.',
		),
		lostReasonOverrides: overrides,
		verdictMinLost: checkedNumber(
			context,
			'Verdict Minimum Lost Deals',
			options.verdictMinLost,
			{ min: 1, integer: true },
			'Enter how many lost deals a group needs before it gets a verdict, e.g. 5.',
		),
		verdictDominancePct: checkedNumber(
			context,
			'Verdict Dominance (%)',
			options.verdictDominancePct,
			{ min: 50, max: 100 },
			'Enter the share (50 to 100) of the explained losses one cause needs to be named, e.g. 60.',
		),
		maxGroupsInText: checkedNumber(
			context,
			'Groups Listed in Text',
			options.maxGroupsInText,
			{ min: 1, integer: true },
			'Enter how many groups each table in the text lists, e.g. 15; the Rows output always has every group.',
		),
		channelNames: readChannelNames(context, options),
		marketingChannels: readMarketingChannels(context, options),
		trackMembers: true,
		...readFeedbackOptions(context, report, timezone),
		brief: report === 'briefImpact' ? readBriefImpact(context, timezone) : undefined,
	};
}

const FIX_RELEASE =
	'Pick the moment the brief went out, or map it with an expression such as {{ $json.releasedAt }} from a Brief item.';

/** The Brief Impact parameters: a release date, one of the six metrics, an optional scope, window and title. */
function readBriefImpact(context: IExecuteFunctions, timezone: string): BriefImpactRequest {
	const raw = context.getNodeParameter('briefReleasedAt', 0, '');
	if (raw === undefined || raw === null || raw === '') {
		stop(context, '"Release Date" is empty', FIX_RELEASE);
	}
	const input = readDateInput(raw, timezone);
	if (input === null)
		stop(context, `"Release Date" is not a date: ${describeValue(raw)}`, FIX_RELEASE);
	const text = (name: string): string | null => {
		const value = context.getNodeParameter(name, 0, '') as unknown;
		if (typeof value === 'number') return String(value);
		return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
	};
	const windowDays = checkedNumber(
		context,
		'Window (Days)',
		context.getNodeParameter('briefWindowDays', 0, 0),
		{ min: 0 },
		'Enter the days in each window, e.g. 30, or 0 for the default (the time since the release, at most 90 days).',
	);
	return {
		releasedAt: input.value.toUTC().toISO() as string,
		metric: oneOf(
			context,
			'Metric',
			context.getNodeParameter('briefMetric', 0, 'winRate'),
			BRIEF_METRICS,
		),
		scope: {
			pipeline: text('briefScopePipeline'),
			channel: text('briefScopeChannel'),
			owner: text('briefScopeOwner'),
		},
		windowDays: windowDays === undefined || windowDays === 0 ? null : windowDays,
		briefTitle: text('briefTitle'),
		briefId: text('briefId'),
	};
}

/** The parameters of the feedback reports (recipients and deadline, acceptance target and codes, phrases). */
function readFeedbackOptions(
	context: IExecuteFunctions,
	report: ReportType,
	timezone: string,
): Partial<ReportRequest> {
	if (report === 'acknowledgements') {
		return {
			recipients: readRecipients(context),
			deadline: readBound(
				context,
				'Deadline',
				context.getNodeParameter('deadline', 0, ''),
				timezone,
				'Pick the date and time by which the brief should be acknowledged, or clear the field for no deadline.',
			),
		};
	}
	if (report === 'leadAcceptance') {
		return {
			acceptanceTargetPct: checkedNumber(
				context,
				'Acceptance Target (%)',
				context.getNodeParameter('acceptanceTargetPct', 0, 90),
				{ min: 0, max: 100 },
				'Enter the share of leads sales should accept, from 0 to 100, e.g. 90.',
			),
			userReasons: readReasonCodes(context),
		};
	}
	if (report === 'voiceOfSales') {
		return {
			topPhrases: checkedNumber(
				context,
				'Phrases per Question',
				context.getNodeParameter('topPhrases', 0, 5),
				{ min: 1, integer: true },
				'Enter how many phrases to list per question and group, e.g. 5.',
			),
		};
	}
	return {};
}

const FIX_RECIPIENTS =
	'Enter a JSON list such as [{"id": "42", "name": "Anna"}, {"id": "43", "name": "Boris"}], or an expression returning such a list; the id is the recipient id the brief links carry.';

function readRecipients(context: IExecuteFunctions): Array<{ id: string; name: string }> {
	let value = context.getNodeParameter('recipients', 0, '[]') as unknown;
	if (typeof value === 'string') {
		if (value.trim() === '') return [];
		try {
			value = JSON.parse(value) as unknown;
		} catch {
			value = undefined;
		}
		if (value === undefined) stop(context, '"Recipients" is not valid JSON', FIX_RECIPIENTS);
	}
	if (!Array.isArray(value)) {
		return stop(
			context,
			`"Recipients" must be a list (got ${describeValue(value)})`,
			FIX_RECIPIENTS,
		);
	}
	const seen = new Set<string>();
	return value.map((entry: unknown, index) => {
		const record = (entry !== null && typeof entry === 'object' ? entry : {}) as Record<
			string,
			unknown
		>;
		const rawId = typeof entry === 'string' || typeof entry === 'number' ? entry : record.id;
		const id = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId).trim() : '';
		if (id === '') {
			stop(
				context,
				`"Recipients": entry ${index} has no id (got ${describeValue(entry)})`,
				FIX_RECIPIENTS,
			);
		}
		if (seen.has(id)) stop(context, `"Recipients": the id "${id}" is listed twice`, FIX_RECIPIENTS);
		seen.add(id);
		const name =
			typeof record.name === 'string' && record.name.trim() !== '' ? record.name.trim() : id;
		return { id, name };
	});
}

function readReasonCodes(context: IExecuteFunctions): ReasonCode[] {
	const collection = context.getNodeParameter('reasonCodes', 0, {}) as {
		codes?: Array<{ code?: unknown; reasonClass?: unknown; name?: unknown }>;
	};
	const codes: ReasonCode[] = [];
	for (const entry of collection.codes ?? []) {
		const code = typeof entry.code === 'string' ? entry.code.trim() : '';
		if (code === '') continue;
		if (!isReasonCodeShape(code)) {
			stop(
				context,
				`"Own Reason Codes": "${code}" is not a reason code`,
				'Use lower case letters, digits and _ (starting with a letter, up to 40 characters), e.g. wrong_city — as your form sends it.',
			);
		}
		const reasonClass = oneOf<LostReasonClass>(
			context,
			'"Own Reason Codes" class',
			entry.reasonClass ?? 'other',
			LOST_REASON_CLASSES,
		);
		const name =
			typeof entry.name === 'string' && entry.name.trim() !== '' ? entry.name.trim() : code;
		codes.push({ code, class: reasonClass, en: name, ru: name });
	}
	return codes;
}
