import type { BriefMetric, BriefScope } from '../../brief/types';
import { BRIEF_METRICS } from '../../brief/types';
import type { Deal } from '../../model/deal';
import { createLostReasonClassifier } from '../classifier';
import { parseInstant } from '../dates';
import type { DimensionReader } from '../dimensions';
import { compareGroups, createDimensionReader } from '../dimensions';
import { ReportError } from '../errors';
import { lostReasonText } from '../lostReasons/compute';
import type { GroupIdentity, ScanStats } from '../scan';
import { amountOf, chooseReportCurrency, currencyOf, scanDeals } from '../scan';
import { mannWhitneyU, twoProportionTest, welchTTest } from '../significance';
import { round } from '../stats';
import {
	DEFAULT_SLA_MINUTES,
	minutesToFirstContact,
	SpeedAccumulator,
} from '../speedToLead/compute';
import type { LostReasonOverride, ResolvedPeriod, RowBase } from '../types';

export { BRIEF_METRICS };
export type { BriefMetric, BriefScope };

/** Longest window on each side of the release when none is given: a quarter is what a brief is judged on. */
export const DEFAULT_BRIEF_WINDOW_CAP_DAYS = 90;

/** A change counts as distinguishable from noise below this two-sided p-value. */
export const BRIEF_SIGNIFICANCE_LEVEL = 0.05;

const DAY_MS = 86_400_000;

/** What the report is told about the brief (the node reads it from parameters, e.g. mapped from a Brief row). */
export interface BriefImpactRequest {
	/** ISO date-time of the release (Brief.releasedAt). */
	releasedAt: string;
	metric: BriefMetric;
	scope?: Partial<BriefScope> | null;
	/**
	 * Days in each window. Default: the time from the release to the end (now, or the period end when earlier),
	 * capped at DEFAULT_BRIEF_WINDOW_CAP_DAYS. A given length is also cut to that time, so both windows stay equal.
	 */
	windowDays?: number | null;
	briefTitle?: string | null;
	briefId?: string | null;
}

export type BriefTest = 'twoProportion' | 'mannWhitney' | 'welch';
export type BriefVerdict = 'rose' | 'fell' | 'noChange' | 'tooFewDeals';
export type BriefWindow = 'before' | 'after' | 'comparison';

/** Which test each metric uses, and which date puts a deal into a window. */
export const METRIC_SPEC: Record<
	BriefMetric,
	{ test: BriefTest; date: 'created' | 'closed'; higherIsBetter: boolean }
> = {
	winRate: { test: 'twoProportion', date: 'closed', higherIsBetter: true },
	conversion: { test: 'twoProportion', date: 'created', higherIsBetter: true },
	averageDeal: { test: 'welch', date: 'closed', higherIsBetter: true },
	speedToLeadP50: { test: 'mannWhitney', date: 'created', higherIsBetter: false },
	slaBreachShare: { test: 'twoProportion', date: 'created', higherIsBetter: false },
	leadQualityLossShare: { test: 'twoProportion', date: 'closed', higherIsBetter: false },
};

/**
 * One row per group and window, and one comparison row per group. Rates are percent; averageDeal is money in the
 * report currency; speedToLeadP50 is minutes. Window rows leave the comparison fields null.
 */
export interface BriefImpactRow extends RowBase {
	report: 'briefImpact';
	metric: BriefMetric;
	window: BriefWindow;
	/** ISO start (inclusive) and end (exclusive) of the window; the comparison spans both. */
	from: string;
	to: string;
	/** Deals the metric is measured on (its denominator or sample size); the comparison: before + after. */
	deals: number;
	/** Rates: the deals counted in the numerator (won, over SLA, lost on lead quality); null otherwise. */
	successes: number | null;
	value: number | null;
	beforeValue: number | null;
	afterValue: number | null;
	/** afterValue − beforeValue, in the metric's unit (percentage points for rates). */
	change: number | null;
	test: BriefTest | null;
	/** z (two-proportion, Mann–Whitney) or t (Welch), after − before; null when not finite. */
	statistic: number | null;
	pValue: number | null;
	/** The groups are large enough for the test (significance.ts MIN_* rules). */
	enough: boolean | null;
	verdict: BriefVerdict | null;
	/** True when the change goes the good way for this metric; null for no verdict. */
	improved: boolean | null;
	/** Filled by the presentation: the plain sentence. */
	explanation: string | null;
}

export interface BriefWindows {
	releaseMs: number;
	windowDays: number;
	beforeFromMs: number;
	afterToMs: number;
	/** Time from the release to the end was shorter than asked (or than the cap). */
	shortened: boolean;
	/** The release is at or after the end: there is no "after" yet. */
	releaseAfterEnd: boolean;
}

export interface BriefImpactOptions {
	readers: readonly DimensionReader[];
	period: ResolvedPeriod;
	nowMs: number;
	brief: BriefImpactRequest;
	slaMinutes?: number;
	lostReasonOverrides?: readonly LostReasonOverride[];
	currency?: string | null;
	/** Lower-cased channel key → display name, so a scope can name a channel by its display name. */
	channelNames?: ReadonlyMap<string, string>;
}

export interface BriefImpactResult {
	metric: BriefMetric;
	windows: BriefWindows;
	/** Overall (within the scope): before, after, comparison. */
	totals: BriefImpactRow[];
	rows: BriefImpactRow[];
	stats: ScanStats;
	/** Deals read that fell inside the scope (any date). */
	inScope: number;
	scope: BriefScope;
	currency: string | null;
	/** averageDeal: won deals in the windows left out for another currency. */
	otherCurrencyDeals: number;
	slaMinutes: number;
}

/** The windows for a release: equal length, the after window ending no later than the end. */
export function briefWindows(
	releaseMs: number,
	endMs: number,
	windowDays: number | null | undefined,
): BriefWindows {
	const wanted =
		windowDays !== null && windowDays !== undefined ? windowDays : DEFAULT_BRIEF_WINDOW_CAP_DAYS;
	const available = Math.max(0, (endMs - releaseMs) / DAY_MS);
	const days = Math.min(wanted, available);
	const lengthMs = days * DAY_MS;
	return {
		releaseMs,
		windowDays: round(days, 2),
		beforeFromMs: releaseMs - lengthMs,
		afterToMs: releaseMs + lengthMs,
		shortened: available < wanted,
		releaseAfterEnd: available === 0,
	};
}

/** Tallies of one metric in one window of one group. */
class WindowTally {
	deals = 0;
	successes = 0;
	/** Amounts per currency (averageDeal). */
	readonly amounts = new Map<string, number[]>();
	/** Minutes to first contact (speedToLeadP50). */
	readonly minutes: number[] = [];
	readonly speed: SpeedAccumulator;

	constructor(identity: GroupIdentity, sla: number) {
		this.speed = new SpeedAccumulator(identity, sla);
	}
}

class GroupTally {
	readonly before: WindowTally;
	readonly after: WindowTally;

	constructor(
		readonly identity: GroupIdentity,
		sla: number,
	) {
		this.before = new WindowTally(identity, sla);
		this.after = new WindowTally(identity, sla);
	}
}

function scopeMatcher(
	scope: BriefScope,
	timezone: string,
	channelNames: ReadonlyMap<string, string> | undefined,
): ((deal: Deal) => boolean) | null {
	const checks: Array<(deal: Deal) => boolean> = [];
	const add = (wanted: string | null, reader: DimensionReader, names: (deal: Deal) => string[]) => {
		if (wanted === null) return;
		const target = wanted.trim().toLowerCase();
		checks.push((deal) => {
			const key = reader.key(deal, NaN);
			if (key.toLowerCase() === target) return true;
			const label = key === '' ? null : reader.label(deal, key);
			if (label !== null && label.toLowerCase() === target) return true;
			return names(deal).some((name) => name.toLowerCase() === target);
		});
	};
	const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
	add(scope.pipeline, createDimensionReader('pipeline', timezone), (deal) => [
		text(deal.pipeline?.name),
	]);
	add(scope.channel, createDimensionReader('channel', timezone, channelNames), (deal) => [
		text(deal.source),
	]);
	add(scope.owner, createDimensionReader('owner', timezone), (deal) => [text(deal.owner?.name)]);
	if (checks.length === 0) return null;
	return (deal) => checks.every((check) => check(deal));
}

function cleanScope(scope: Partial<BriefScope> | null | undefined): BriefScope {
	const clean = (value: unknown): string | null =>
		typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
	return {
		pipeline: clean(scope?.pipeline),
		channel: clean(scope?.channel),
		owner: clean(scope?.owner),
	};
}

function median(values: number[]): number | null {
	if (values.length === 0) return null;
	const sorted = Float64Array.from(values).sort();
	const mid = sorted.length >> 1;
	return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function finiteOrNull(value: number, digits: number): number | null {
	return Number.isFinite(value) ? round(value, digits) : null;
}

/**
 * Brief impact: the brief's metric before and after the release over two equal windows, and whether the change can
 * be told apart from noise. One pass over the deals; deals outside the scope or outside both windows are skipped.
 */
export function computeBriefImpact(
	deals: readonly Deal[],
	options: BriefImpactOptions,
): BriefImpactResult {
	const { brief } = options;
	if (!(BRIEF_METRICS as readonly string[]).includes(brief.metric)) {
		throw new ReportError(
			`"Metric" must be one of: ${BRIEF_METRICS.join(', ')} (got ${String(brief.metric)})`,
			'Choose the metric the brief promises to move.',
		);
	}
	const releaseMs = parseInstant(brief.releasedAt);
	if (Number.isNaN(releaseMs)) {
		throw new ReportError(
			`"Release Date" is not a date: ${String(brief.releasedAt)}`,
			'Enter the moment the brief went out, e.g. 2026-09-01T09:00:00Z, or map the Brief’s releasedAt field.',
		);
	}
	if (
		brief.windowDays !== null &&
		brief.windowDays !== undefined &&
		!(Number.isFinite(brief.windowDays) && brief.windowDays > 0)
	) {
		throw new ReportError(
			`"Window (Days)" must be a number greater than 0 (got ${String(brief.windowDays)})`,
			'Enter the days in each window, e.g. 30, or leave it empty for the default.',
		);
	}
	const metric = brief.metric;
	const spec = METRIC_SPEC[metric];
	const sla = options.slaMinutes ?? DEFAULT_SLA_MINUTES;
	const endMs = Math.min(options.nowMs, options.period.toMs);
	const windows = briefWindows(releaseMs, endMs, brief.windowDays);
	const scope = cleanScope(brief.scope);
	const inScope = scopeMatcher(scope, options.period.timezone, options.channelNames);
	const classify = createLostReasonClassifier(options.lostReasonOverrides);
	const total = new GroupTally(
		{ groupBy: options.readers[0]?.dimension ?? 'channel', groupKey: '', group: null },
		sla,
	);
	const { beforeFromMs, afterToMs } = windows;
	let scoped = 0;
	const allTime: ResolvedPeriod = {
		...options.period,
		fromMs: -Infinity,
		toMs: Infinity,
		from: null,
		to: null,
	};

	const { groupsByDimension, stats } = scanDeals(
		deals,
		allTime,
		options.readers,
		(identity) => new GroupTally(identity, sla),
		(deal, createdMs, groups) => {
			if (inScope !== null && !inScope(deal)) return;
			scoped++;
			const atMs = spec.date === 'created' ? createdMs : parseInstant(deal.closedAt);
			if (!(atMs >= beforeFromMs && atMs < afterToMs)) return;
			const side: 'before' | 'after' = atMs < releaseMs ? 'before' : 'after';
			const status = deal.status;
			let counted = false;
			let success = false;
			let amount: number | null = null;
			let minutes = NaN;
			switch (metric) {
				case 'winRate':
					counted = status === 'won' || status === 'lost';
					success = status === 'won';
					break;
				case 'conversion':
					counted = true;
					success = status === 'won';
					break;
				case 'averageDeal':
					amount = status === 'won' ? amountOf(deal) : null;
					counted = amount !== null;
					break;
				case 'speedToLeadP50':
				case 'slaBreachShare':
					minutes = minutesToFirstContact(deal, createdMs);
					counted = true;
					break;
				case 'leadQualityLossShare': {
					counted = status === 'lost';
					const reason = counted ? lostReasonText(deal) : null;
					success = reason !== null && classify(reason).reasonClass === 'leadQuality';
					break;
				}
			}
			if (!counted) return;
			const age = (options.nowMs - createdMs) / 60_000;
			const tallies = [total, ...groups];
			for (const group of tallies) {
				const tally = group[side];
				if (metric === 'averageDeal') {
					const currency = currencyOf(deal);
					let list = tally.amounts.get(currency);
					if (list === undefined) tally.amounts.set(currency, (list = []));
					list.push(amount as number);
					continue;
				}
				if (metric === 'speedToLeadP50') {
					if (minutes >= 0) {
						tally.deals++;
						tally.minutes.push(minutes);
					}
					continue;
				}
				if (metric === 'slaBreachShare') {
					tally.speed.add(deal, minutes, age);
					continue;
				}
				tally.deals++;
				if (success) tally.successes++;
			}
		},
		{ needsCreatedDate: true },
	);

	// averageDeal: one currency, never added across currencies (the other reports' rule).
	let currency: string | null = null;
	let otherCurrencyDeals = 0;
	if (metric === 'averageDeal') {
		const won = new Map<string, number>();
		for (const tally of [total.before, total.after]) {
			for (const [code, list] of tally.amounts) won.set(code, (won.get(code) ?? 0) + list.length);
		}
		currency = chooseReportCurrency(won, won, options.currency);
		for (const [code, count] of won) if (code !== currency) otherCurrencyDeals += count;
	}

	const iso = (ms: number): string => new Date(ms).toISOString();
	const rowsOf = (group: GroupTally): BriefImpactRow[] => {
		const measure = (tally: WindowTally) => {
			switch (metric) {
				case 'averageDeal': {
					const list = tally.amounts.get(currency ?? '') ?? [];
					const sum = list.reduce((a, b) => a + b, 0);
					return {
						n: list.length,
						successes: null,
						value: list.length === 0 ? null : round(sum / list.length, 2),
						sample: list,
					};
				}
				case 'speedToLeadP50':
					return {
						n: tally.minutes.length,
						successes: null,
						value: median(tally.minutes),
						sample: tally.minutes,
					};
				case 'slaBreachShare': {
					const speed = tally.speed;
					const n = speed.measured + speed.waitingOverSla;
					const k = speed.breaches + speed.waitingOverSla;
					return { n, successes: k, value: n === 0 ? null : (k / n) * 100, sample: [] };
				}
				default:
					return {
						n: tally.deals,
						successes: tally.successes,
						value: tally.deals === 0 ? null : (tally.successes / tally.deals) * 100,
						sample: [],
					};
			}
		};
		const before = measure(group.before);
		const after = measure(group.after);
		let statistic = 0;
		let pValue = 1;
		let enough = false;
		if (spec.test === 'twoProportion') {
			const r = twoProportionTest(after.successes ?? 0, after.n, before.successes ?? 0, before.n);
			[statistic, pValue, enough] = [r.z, r.pValue, r.enough];
		} else if (spec.test === 'mannWhitney') {
			const r = mannWhitneyU(after.sample, before.sample);
			[statistic, pValue, enough] = [r.z, r.pValue, r.enough];
		} else {
			const r = welchTTest(after.sample, before.sample);
			[statistic, pValue, enough] = [r.t, r.pValue, r.enough];
		}
		const digits = metric === 'averageDeal' ? 2 : 1;
		const beforeValue = before.value === null ? null : round(before.value, digits);
		const afterValue = after.value === null ? null : round(after.value, digits);
		const change =
			before.value === null || after.value === null
				? null
				: round(after.value - before.value, digits);
		const significant =
			enough && pValue < BRIEF_SIGNIFICANCE_LEVEL && change !== null && change !== 0;
		const verdict: BriefVerdict = !enough
			? 'tooFewDeals'
			: !significant
				? 'noChange'
				: (change as number) > 0
					? 'rose'
					: 'fell';
		const improved =
			verdict === 'rose' ? spec.higherIsBetter : verdict === 'fell' ? !spec.higherIsBetter : null;
		const base = {
			report: 'briefImpact' as const,
			...group.identity,
			metric,
			beforeValue: null,
			afterValue: null,
			change: null,
			test: null,
			statistic: null,
			pValue: null,
			enough: null,
			verdict: null,
			improved: null,
			explanation: null,
		};
		return [
			{
				...base,
				window: 'before',
				from: iso(beforeFromMs),
				to: iso(releaseMs),
				deals: before.n,
				successes: before.successes,
				value: beforeValue,
			},
			{
				...base,
				window: 'after',
				from: iso(releaseMs),
				to: iso(afterToMs),
				deals: after.n,
				successes: after.successes,
				value: afterValue,
			},
			{
				...base,
				window: 'comparison',
				from: iso(beforeFromMs),
				to: iso(afterToMs),
				deals: before.n + after.n,
				successes: null,
				value: null,
				beforeValue,
				afterValue,
				change,
				test: spec.test,
				statistic: finiteOrNull(statistic, 4),
				// Six significant digits: tiny p-values keep their size (1.85528e-5), not 0.000019.
				pValue: Number.isFinite(pValue) ? Number(pValue.toPrecision(6)) : null,
				enough,
				verdict,
				improved,
			},
		];
	};

	const rows: BriefImpactRow[] = [];
	groupsByDimension.forEach((groups, dimensionIndex) => {
		const sized = [...groups.values()].map((group) => ({
			...group.identity,
			tally: group,
			size: measureSize(group),
		}));
		sized.sort(compareGroups(options.readers[dimensionIndex].dimension, (entry) => entry.size));
		for (const entry of sized) {
			// Groups with nothing in either window have nothing to compare.
			if (entry.size === 0) continue;
			rows.push(...rowsOf(entry.tally));
		}
	});
	return {
		metric,
		windows,
		totals: rowsOf(total),
		rows,
		stats,
		inScope: scoped,
		scope,
		currency,
		otherCurrencyDeals,
		slaMinutes: sla,
	};
}

function measureSize(group: GroupTally): number {
	let size = 0;
	for (const tally of [group.before, group.after]) {
		size += tally.deals + tally.speed.deals;
		for (const list of tally.amounts.values()) size += list.length;
	}
	return size;
}
