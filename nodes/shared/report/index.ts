/**
 * The Sales & Marketing Report computations: one entry point (`buildReport`) that runs one report over normalized
 * deals in a single pass and returns data rows, a summary and a channel-neutral document ready to render.
 *
 * Each report type is one module, `<report>/` — its computation (`compute.ts`), its presentation (`present.ts`) and
 * its English/Russian texts (`texts.ts`) side by side — registered in `REPORTS` below. What they share is here,
 * in `present.ts` (document skeleton, tables per dimension) and in `texts.ts` (formatter, shared words).
 */
import { DateTime } from 'luxon';

import type { Deal } from '../model/deal';
import type { RenderDocument, RenderedChannels } from '../render';
import { renderAllChannels } from '../render';
import { singleLine } from '../render/document';
import { attributionHealthReport } from './attributionHealth';
import type { BriefImpactRequest, BriefImpactRow } from './briefImpact';
import { briefImpactReport } from './briefImpact';
import type { AttributionHealthRow } from './attributionHealth';
import type { LeadQualityChart, LeadQualityRow } from './leadQuality';
import { leadQualityReport } from './leadQuality';
import type { LostReasonsRow } from './lostReasons';
import { lostReasonsReport } from './lostReasons';
import { MonthKeyer, resolvePeriod } from './dates';
import { ReportError } from './errors';
import { channelNameKey, createDimensionReader } from './dimensions';
import type { PresentContext, ReportDefinition } from './present';
import type { GroupMembers, ScanStats } from './scan';
import type { SpeedToLeadRow } from './speedToLead';
import { speedToLeadReport } from './speedToLead';
import { Formatter, textsFor } from './texts';
import type {
	DimensionKey,
	Language,
	LostReasonOverride,
	PeriodSpec,
	ReportType,
	ResolvedPeriod,
	SpendEntry,
} from './types';
import type { TeamWinsRowWithThanks } from './teamWins';
import { teamWinsReport } from './teamWins';
import type { VerdictRow } from './verdict';
import { verdictReport } from './verdict';
import type { Feedback } from '../feedback/types';
import type { ReasonCode } from '../feedback/reasons';
import type { FeedbackReportDefinition, FeedbackScanStats } from './feedbackInput';
import { acknowledgementsReport } from './acknowledgements';
import type { AcknowledgementRow } from './acknowledgements';
import { leadAcceptanceReport } from './leadAcceptance';
import type { LeadAcceptanceRow } from './leadAcceptance';
import { voiceOfSalesReport } from './voiceOfSales';
import type { VoiceOfSalesRow } from './voiceOfSales';

export * from './types';
export { ReportError } from './errors';
export {
	classifyLostReason,
	explainLostReason,
	createLostReasonClassifier,
	normalizeReason,
} from './classifier';
export type { LostReasonClassification } from './classifier';
export { computeLeadQuality, leadQualityTexts } from './leadQuality';
export type { LeadQualityMetrics, LeadQualityResult, LeadQualityRow } from './leadQuality';
export { computeLostReasons, lostReasonsTexts } from './lostReasons';
export type { LostReasonsResult, LostReasonsRow, LostReasonEntry } from './lostReasons';
export {
	computeVerdicts,
	decideVerdict,
	DEFAULT_VERDICT_DOMINANCE_PCT,
	DEFAULT_VERDICT_MIN_LOST,
	verdictTexts,
} from './verdict';
export type { Verdict, VerdictResult, VerdictRow } from './verdict';
export { computeSpeedToLead, DEFAULT_SLA_MINUTES, speedToLeadTexts } from './speedToLead';
export type { SpeedToLeadResult, SpeedToLeadRow } from './speedToLead';
export {
	attributionHealthTexts,
	computeAttributionHealth,
	HEALTH_ISSUES,
	ISSUE_OWNERS,
} from './attributionHealth';
export type {
	AttributionHealthResult,
	AttributionHealthRow,
	HealthIssue,
	FixOwner,
} from './attributionHealth';
export {
	computeTeamWins,
	createMarketingRule,
	marketingKey,
	NON_MARKETING_CHANNELS,
	teamWinsTexts,
} from './teamWins';
export type { TeamWinsResult, TeamWinsRow, TeamWinsRowWithThanks, ThankYou } from './teamWins';
export {
	BRIEF_SIGNIFICANCE_LEVEL,
	briefImpactTexts,
	briefWindows,
	computeBriefImpact,
	DEFAULT_BRIEF_WINDOW_CAP_DAYS,
	METRIC_SPEC,
} from './briefImpact';
export type {
	BriefImpactRequest,
	BriefImpactResult,
	BriefImpactRow,
	BriefTest,
	BriefVerdict,
	BriefWindow,
} from './briefImpact';
export { createDimensionReader, channelOf } from './dimensions';
export { parseInstant, resolvePeriod, MonthKeyer } from './dates';
export { GroupedValues, percentile, splitByGroup } from './stats';
export { Formatter, ruPlural, textsFor } from './texts';
export type { LeadQualityChart } from './leadQuality';
export type { ReportDefinition } from './present';
export { GroupMembers } from './scan';
export type { ScanStats } from './scan';
export { readFeedbackItem, FIX_FEEDBACK_INPUT } from './feedbackInput';
export type { FeedbackReportDefinition, FeedbackScanStats } from './feedbackInput';
export { computeVoiceOfSales, voiceOfSalesTexts, VOICE_QUESTIONS } from './voiceOfSales';
export type { PhraseEntry, VoiceOfSalesRow, VoiceQuestion } from './voiceOfSales';
export {
	computeAcknowledgements,
	acknowledgementTexts,
	ACKNOWLEDGEMENT_STATUSES,
} from './acknowledgements';
export type { AcknowledgementRow, AcknowledgementStatus, Recipient } from './acknowledgements';
export {
	computeLeadAcceptance,
	DEFAULT_ACCEPTANCE_TARGET_PCT,
	leadAcceptanceTexts,
} from './leadAcceptance';
export type { LeadAcceptanceRow, RejectionReasonEntry } from './leadAcceptance';

/** A report over deals or over Feedback items; feedback reports say so with `reads: 'feedback'`. */
export type AnyReportDefinition = ReportDefinition | FeedbackReportDefinition;

export function isFeedbackReport(
	definition: AnyReportDefinition,
): definition is FeedbackReportDefinition {
	return 'reads' in definition && definition.reads === 'feedback';
}

/** Which records a report type reads: deals (CRM Sales Data) or feedback (Sales Feedback Trigger, Feedback Router). */
export function reportReads(report: ReportType): 'deals' | 'feedback' {
	return isFeedbackReport(REPORTS[report]) ? 'feedback' : 'deals';
}

/** Every report type, by its `operation` value. A new report is one module plus one line here. */
export const REPORTS: Record<ReportType, AnyReportDefinition> = {
	leadQuality: leadQualityReport,
	lostReasons: lostReasonsReport,
	verdict: verdictReport,
	speedToLead: speedToLeadReport,
	attributionHealth: attributionHealthReport,
	teamWins: teamWinsReport,

	voiceOfSales: voiceOfSalesReport,
	acknowledgements: acknowledgementsReport,
	leadAcceptance: leadAcceptanceReport,
	briefImpact: briefImpactReport,
};

/** Default dimensions per report: what a RevOps user looks at first. */
export const DEFAULT_GROUP_BY = Object.fromEntries(
	Object.values(REPORTS).map((report) => [report.type, report.defaultGroupBy]),
) as Record<ReportType, DimensionKey[]>;

export const DEFAULT_MAX_GROUPS_IN_TEXT = 15;

/** Slack allows 50 blocks; n8n's Slack node adds a workflow-link block unless that option is turned off. */
export const SLACK_BLOCKS_FOR_N8N = 49;

export interface ReportRequest {
	report: ReportType;
	/** Dimensions to group by; rows come per dimension. Defaults per report (DEFAULT_GROUP_BY). */
	groupBy?: DimensionKey[];
	period?: PeriodSpec;
	/** "Now" for relative periods and for deals still waiting for contact. */
	now?: Date;
	/** IANA zone for periods and months; default UTC. */
	timezone?: string;
	language?: Language;
	/** Report currency for money metrics; default: the currency with the most won deals. */
	currency?: string | null;
	spend?: SpendEntry[];
	slaMinutes?: number;
	lostReasonOverrides?: LostReasonOverride[];
	verdictMinLost?: number;
	verdictDominancePct?: number;
	/** Groups listed in the texts per table; data rows always have all. */
	maxGroupsInText?: number;
	/** Input items that were skipped as not-a-deal, for the warning line. */
	skippedItems?: number;
	/** Also return the positions of the deals behind each row (`BuiltReport.members`). */
	trackMembers?: boolean;
	/** Display names of channel keys (vk_ads → VK Ads), for the channel, UTM source and CRM source groups. */
	channelNames?: ReadonlyArray<{ key: string; name: string }>;
	/** Team wins: the channels (keys or Channel Names) that are marketing's; empty = every channel but direct, referral, partner, sales-made and none. */
	marketingChannels?: readonly string[];

	/** Acknowledgement status: who should answer each brief. */
	recipients?: ReadonlyArray<{ id: string; name: string }>;
	/** Acknowledgement status: answers after this instant (ISO text) are late; null: no deadline. */
	deadline?: string | null;
	/** Lead acceptance: target share of accepted leads, % (default 90). */
	acceptanceTargetPct?: number;
	/** Lead acceptance: the user's reason codes (a built-in code's name replaces it). */
	userReasons?: readonly ReasonCode[];
	/** Voice of sales: phrases per question and group (default 5). */
	topPhrases?: number;
	/** Brief impact: the brief's release date, metric, optional scope and window. */
	brief?: BriefImpactRequest | null;
}

/** One data row per group; the fields depend on the report (see each Row type). */
export type ReportRow =
	| LeadQualityRow
	| LostReasonsRow
	| (VerdictRow & { explanation: string })
	| SpeedToLeadRow
	| AttributionHealthRow
	| TeamWinsRowWithThanks
	| VoiceOfSalesRow
	| AcknowledgementRow
	| LeadAcceptanceRow
	| BriefImpactRow;

export interface ReportSummary {
	/** One plain sentence in the report language. */
	headline: string;
	/** Short plain sentences: highlights, or one per group for the verdict. */
	findings: string[];
	report: ReportType;
	title: string;
	language: Language;
	groupBy: DimensionKey[];
	period: { preset: string; from: string | null; to: string | null; timezone: string };
	deals: ScanStats;
	/** Feedback reports: the feedback items read (their `deals` counts are all 0). */
	feedback?: FeedbackScanStats;
	/** The report's metrics over all deals in the period (same fields as a row). */
	totals: Record<string, unknown>;
	/** Report-specific extras: currency, issues, verdict counts… */
	details: Record<string, unknown>;
	warnings: string[];
}

export interface BuiltReport {
	rows: ReportRow[];
	summary: ReportSummary;
	document: RenderDocument;
	/** Only for the lead-quality report. */
	chart: LeadQualityChart | null;
	/** Deal positions per row (by groupBy and groupKey), when `trackMembers` was asked for. */
	members: GroupMembers | null;
}

export function buildReport(deals: readonly Deal[], request: ReportRequest): BuiltReport {
	const built = computeReport(deals, request);
	assertFinite(built);
	return built;
}

/** The first number in a value that is NaN or ±Infinity, with its field name. */
function firstNonFinite(value: unknown, field: string): string | null {
	if (typeof value === 'number') return Number.isFinite(value) ? null : field;
	if (value === null || typeof value !== 'object') return null;
	for (const [key, entry] of Object.entries(value)) {
		const found = firstNonFinite(entry, Array.isArray(value) ? field : key);
		if (found !== null) return found;
	}
	return null;
}

/**
 * No output may carry NaN or Infinity (JSON turns them into null, texts into "Infinity%"). Ratios of nothing are
 * already null; what is left is a sum past the largest double (amounts or spend of 1e308): say so instead. Runs over
 * the rows and totals, never over the deals.
 */
function assertFinite(built: BuiltReport): void {
	const fix =
		'Check the deals’ amount fields and the spend for values far too large (e.g. 1e308, or an amount in the wrong unit), then fix or leave out those items.';
	const limit = 'the numbers add up to more than the largest number it can hold';
	for (const row of built.rows) {
		const field = firstNonFinite(row, 'value');
		if (field !== null) {
			throw new ReportError(
				`The report cannot show "${field}" of ${row.group === null ? 'the group without a value' : `"${row.group}"`}: ${limit}`,
				fix,
			);
		}
	}
	const summary = built.summary;
	const field = firstNonFinite(summary.totals, 'value') ?? firstNonFinite(summary.details, 'value');
	if (field !== null) {
		throw new ReportError(`The report cannot show "${field}" of the totals: ${limit}`, fix);
	}
}

function computeReport(deals: readonly Deal[], request: ReportRequest): BuiltReport {
	const language: Language = request.language ?? 'en';
	const now = request.now ?? new Date();
	const period: ResolvedPeriod = resolvePeriod(
		request.period ?? { preset: 'allTime' },
		now,
		request.timezone ?? 'UTC',
	);
	const definition = REPORTS[request.report];
	if (isFeedbackReport(definition)) {
		throw new ReportError(
			`The "${request.report}" report reads Feedback items, not deals`,
			'Feed it the output of the Sales Feedback Trigger or the Feedback Router.',
		);
	}
	const channelNames = new Map(
		(request.channelNames ?? []).map((entry) => [channelNameKey(entry.key), entry.name]),
	);
	const { groupBy, ctx } = presentContextOf(request, definition.defaultGroupBy, language, period);
	const output = definition.run(
		deals,
		{
			readers: groupBy.map((dimension) =>
				createDimensionReader(dimension, period.timezone, channelNames),
			),
			period,
			nowMs: now.getTime(),
			trackMembers: request.trackMembers ?? false,
			currency: request.currency,
			spend: request.spend,
			slaMinutes: request.slaMinutes,
			lostReasonOverrides: request.lostReasonOverrides,
			verdictMinLost: request.verdictMinLost,
			verdictDominancePct: request.verdictDominancePct,
			marketingChannels: request.marketingChannels,
			channelNames,
			brief: request.brief,
		},
		ctx,
	);
	return {
		rows: output.rows as ReportRow[],
		summary: {
			...summaryOf(output, request.report, language, groupBy, period),
			deals: output.stats,
		},
		document: output.document,
		chart: output.chart,
		members: output.members,
	};
}

/** The dimensions and the presentation context of a request, the same for deal and feedback reports. */
function presentContextOf(
	request: ReportRequest,
	defaultGroupBy: DimensionKey[],
	language: Language,
	period: PresentContext['period'],
): { groupBy: DimensionKey[]; ctx: PresentContext } {
	const groupBy =
		request.groupBy && request.groupBy.length > 0 ? [...new Set(request.groupBy)] : defaultGroupBy;
	const ctx: PresentContext = {
		texts: textsFor(language),
		f: new Formatter(language),
		period,
		groupBy,
		maxGroups: Math.max(1, Math.floor(request.maxGroupsInText ?? DEFAULT_MAX_GROUPS_IN_TEXT)),
		skippedItems: request.skippedItems ?? 0,
	};
	return { groupBy, ctx };
}

/** The Summary fields every report has, from its output and the resolved request. */
function summaryOf(
	output: {
		headline: string;
		findings: string[];
		document: RenderDocument;
		totals: object;
		details: Record<string, unknown>;
		warnings: string[];
	},
	report: ReportType,
	language: Language,
	groupBy: DimensionKey[],
	period: { preset: string; from: string | null; to: string | null; timezone: string },
): Omit<ReportSummary, 'deals'> {
	return {
		// Group names are user text: keep the sentences on one line.
		headline: singleLine(output.headline),
		findings: output.findings.map(singleLine),
		report,
		language,
		groupBy,
		period: { preset: period.preset, from: period.from, to: period.to, timezone: period.timezone },
		title: output.document.title,
		totals: { ...output.totals },
		details: output.details,
		warnings: output.warnings,
	};
}

/** Renders a built report's document to every channel, with the Slack overflow note in the report language. */
export function renderReport(built: BuiltReport): RenderedChannels {
	const texts = textsFor(built.summary.language);
	// 49, not 50: n8n's Slack node appends one block of its own ("Include Link to Workflow", on by default).
	return renderAllChannels(built.document, {
		slackOmittedNote: texts.slackOmitted,
		slackMaxBlocks: SLACK_BLOCKS_FOR_N8N,
	});
}

/**
 * Runs a report that reads Feedback items (voice of sales, acknowledgement status, lead acceptance): the same
 * request, summary, rows and document as `buildReport`, over feedback instead of deals.
 */
export function buildFeedbackReport(
	feedback: readonly Feedback[],
	request: ReportRequest,
): BuiltReport {
	const definition = REPORTS[request.report];
	if (!isFeedbackReport(definition)) {
		throw new ReportError(
			`The "${request.report}" report reads deals, not Feedback items`,
			'Feed it the output of CRM Sales Data.',
		);
	}
	const language: Language = request.language ?? 'en';
	const now = request.now ?? new Date();
	const period = resolvePeriod(
		request.period ?? { preset: 'allTime' },
		now,
		request.timezone ?? 'UTC',
	);
	const { groupBy, ctx } = presentContextOf(request, definition.defaultGroupBy, language, period);
	const months = new MonthKeyer(period.timezone);
	let deadlineMs: number | null = null;
	if (request.deadline !== undefined && request.deadline !== null && request.deadline !== '') {
		// A date-time without an offset is read in the report's zone, like the period bounds.
		const parsed = DateTime.fromISO(request.deadline, { zone: period.timezone });
		deadlineMs = parsed.isValid ? parsed.toMillis() : NaN;
		if (Number.isNaN(deadlineMs)) {
			throw new ReportError(
				`The deadline is not a date: "${request.deadline}"`,
				'Give the deadline as an ISO-8601 date-time such as 2026-12-05T10:00:00Z.',
			);
		}
	}
	const output = definition.run(
		feedback,
		{
			groupBy,
			period,
			nowMs: now.getTime(),
			monthOf: (ms) => months.key(ms),
			channelNames: new Map(
				(request.channelNames ?? []).map((entry) => [channelNameKey(entry.key), entry.name]),
			),
			recipients: request.recipients,
			deadlineMs,
			acceptanceTargetPct: request.acceptanceTargetPct,
			userReasons: request.userReasons,
			topPhrases: request.topPhrases,
		},
		ctx,
	);
	const built: BuiltReport = {
		rows: output.rows as ReportRow[],
		summary: {
			...summaryOf(output, request.report, language, groupBy, period),
			deals: { inputDeals: 0, inPeriod: 0, outsidePeriod: 0, noCreatedDate: 0 },
			feedback: output.stats,
		},
		document: output.document,
		chart: null,
		members: output.members,
	};
	assertFinite(built);
	return built;
}
