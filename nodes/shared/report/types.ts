/** Names shared by the report computations, their texts and the node. */

export type ReportType =
	| 'leadQuality'
	| 'lostReasons'
	| 'verdict'
	| 'speedToLead'
	| 'attributionHealth'
	| 'teamWins'
	| 'voiceOfSales'
	| 'acknowledgements'
	| 'leadAcceptance'
	| 'briefImpact';

export const REPORT_TYPES: readonly ReportType[] = [
	'leadQuality',
	'lostReasons',
	'verdict',
	'speedToLead',
	'attributionHealth',
	'teamWins',

	'voiceOfSales',
	'acknowledgements',
	'leadAcceptance',

	'briefImpact',
];

/**
 * What rows are grouped by. `channel` is the UTM source when the deal has one, otherwise the CRM source field: the
 * best single answer to "where did this lead come from".
 */
export type DimensionKey =
	| 'channel'
	| 'utmSource'
	| 'utmMedium'
	| 'utmCampaign'
	| 'source'
	| 'owner'
	| 'pipeline'
	| 'month';

export const DIMENSION_KEYS: readonly DimensionKey[] = [
	'channel',
	'utmSource',
	'utmMedium',
	'utmCampaign',
	'source',
	'owner',
	'pipeline',
	'month',
];

export type LostReasonClass = 'leadQuality' | 'handling' | 'other';

export const LOST_REASON_CLASSES: readonly LostReasonClass[] = ['leadQuality', 'handling', 'other'];

export type Language = 'en' | 'ru';

export type PeriodPreset =
	| 'allTime'
	| 'last7Days'
	| 'last30Days'
	| 'last90Days'
	| 'thisMonth'
	| 'lastMonth'
	| 'thisQuarter'
	| 'lastQuarter'
	| 'thisYear'
	| 'lastYear'
	| 'custom';

export interface PeriodSpec {
	preset: PeriodPreset;
	/** For `custom`: ISO date or date-time, inclusive. */
	from?: string | null;
	/** For `custom`: ISO date or date-time, inclusive; a bare date or midnight means the whole day. */
	to?: string | null;
}

/** The period as absolute instants. `fromMs`/`toMs` are `-Infinity`/`Infinity` for all time; `toMs` is exclusive. */
export interface ResolvedPeriod {
	preset: PeriodPreset;
	fromMs: number;
	toMs: number;
	/** ISO strings for output; null when unbounded. */
	from: string | null;
	to: string | null;
	timezone: string;
}

export interface LostReasonOverride {
	/** Compared case-insensitively; an exact match wins over a contained one. */
	match: string;
	reasonClass: LostReasonClass;
}

export interface SpendEntry {
	/** Compared case-insensitively with the group value (channel, campaign, …) of the chosen dimension. */
	channel: string;
	amount: number;
	/** Upper-case ISO 4217 code, or null when the spend is in the report currency. */
	currency: string | null;
}

/** One JSON row per group; every report's rows start with these fields. */
export interface RowBase {
	report: ReportType;
	groupBy: DimensionKey;
	/** The value the deals were grouped on (owner id, campaign, `2026-11`); `''` when the deals have none. */
	groupKey: string;
	/** Readable name of the group (owner name, campaign); null when the deals have no value. */
	group: string | null;
}
