import type { Deal } from '../../model/deal';
import type { LostReasonClassification } from '../classifier';
import { createLostReasonClassifier, normalizeReason } from '../classifier';
import type { DimensionReader } from '../dimensions';
import { compareGroups } from '../dimensions';
import type { GroupIdentity, GroupMembers, ScanStats } from '../scan';
import { scanDeals } from '../scan';
import { percent } from '../stats';
import type { LostReasonClass, LostReasonOverride, ResolvedPeriod, RowBase } from '../types';

export interface ReasonInfo {
	/** Normalized text: reasons that differ only in case or spacing are one reason. */
	key: string;
	/** The spelling first seen in the data. */
	label: string;
	classification: LostReasonClassification;
}

/** Resolves raw reason texts once each (normalization and rules are the expensive part, not the counting). */
export function createReasonResolver(
	overrides: readonly LostReasonOverride[] | undefined,
): (text: string) => ReasonInfo {
	const classify = createLostReasonClassifier(overrides);
	const byText = new Map<string, ReasonInfo>();
	const byKey = new Map<string, ReasonInfo>();
	return (text) => {
		let info = byText.get(text);
		if (info === undefined) {
			const key = normalizeReason(text);
			info = byKey.get(key);
			if (info === undefined) {
				info = { key, label: text.trim().replace(/\s+/g, ' '), classification: classify(text) };
				byKey.set(key, info);
			}
			byText.set(text, info);
		}
		return info;
	};
}

/** Counts of lost deals per class and per reason for one group. Shared by the lost-reasons and verdict reports. */
export class LossAccumulator {
	leads = 0;
	won = 0;
	lost = 0;
	noReason = 0;
	leadQuality = 0;
	handling = 0;
	other = 0;
	readonly reasons = new Map<string, { info: ReasonInfo; count: number }>();

	constructor(readonly identity: GroupIdentity) {}

	add(deal: Deal, reason: ReasonInfo | null): void {
		this.leads++;
		if (deal.status === 'won') {
			this.won++;
			return;
		}
		if (deal.status !== 'lost') return;
		this.lost++;
		if (reason === null) {
			this.noReason++;
			return;
		}
		this[reason.classification.reasonClass]++;
		const entry = this.reasons.get(reason.key);
		if (entry === undefined) this.reasons.set(reason.key, { info: reason, count: 1 });
		else entry.count++;
	}

	countOf(reasonClass: LostReasonClass): number {
		return this[reasonClass];
	}

	/** Reasons by count, largest first; ties alphabetical. */
	sortedReasons(): Array<{ info: ReasonInfo; count: number }> {
		return [...this.reasons.values()].sort(
			(a, b) => b.count - a.count || a.info.label.localeCompare(b.info.label),
		);
	}

	topReason(reasonClass?: LostReasonClass): string | null {
		for (const entry of this.sortedReasons()) {
			if (reasonClass === undefined || entry.info.classification.reasonClass === reasonClass) {
				return entry.info.label;
			}
		}
		return null;
	}
}

/** The lost reason of a deal, or null when it is not lost or has none. */
export function lostReasonText(deal: Deal): string | null {
	if (deal.status !== 'lost') return null;
	const value = deal.lostReason;
	if (typeof value !== 'string') return null;
	return value.trim() === '' ? null : value;
}

export interface LostReasonEntry {
	reason: string;
	reasonClass: LostReasonClass;
	/** What decided the class: the user's mapping, a built-in keyword rule, or nothing (→ other). */
	classifiedBy: 'override' | 'builtIn' | 'default';
	count: number;
	/** Share of the group's lost deals, %. */
	sharePct: number | null;
}

export interface LostReasonsMetrics {
	leads: number;
	lost: number;
	leadQuality: number;
	handling: number;
	other: number;
	/** Lost deals without a reason: no class can be given. */
	noReason: number;
	/** The four shares above, % of lost deals. */
	leadQualityPct: number | null;
	handlingPct: number | null;
	otherPct: number | null;
	noReasonPct: number | null;
	topReason: string | null;
	reasons: LostReasonEntry[];
}

export type LostReasonsRow = RowBase & LostReasonsMetrics;

export interface LostReasonsResult {
	/** Deal positions per group, when asked for with `trackMembers`. */
	members: GroupMembers | null;
	rows: LostReasonsRow[];
	totals: LostReasonsMetrics;
	stats: ScanStats;
}

export function lossMetrics(acc: LossAccumulator): LostReasonsMetrics {
	return {
		leads: acc.leads,
		lost: acc.lost,
		leadQuality: acc.leadQuality,
		handling: acc.handling,
		other: acc.other,
		noReason: acc.noReason,
		leadQualityPct: percent(acc.leadQuality, acc.lost),
		handlingPct: percent(acc.handling, acc.lost),
		otherPct: percent(acc.other, acc.lost),
		noReasonPct: percent(acc.noReason, acc.lost),
		topReason: acc.topReason(),
		reasons: acc.sortedReasons().map((entry) => ({
			reason: entry.info.label,
			reasonClass: entry.info.classification.reasonClass,
			classifiedBy: entry.info.classification.source,
			count: entry.count,
			sharePct: percent(entry.count, acc.lost),
		})),
	};
}

export interface LostReasonsOptions {
	/** Also return which deals (by position) fell into each group. */
	trackMembers?: boolean;
	readers: readonly DimensionReader[];
	period: ResolvedPeriod;
	overrides?: readonly LostReasonOverride[];
}

/** Lost reasons per group: counts, shares and the class of each reason. One pass over the deals. */
export function computeLostReasons(
	deals: readonly Deal[],
	options: LostReasonsOptions,
): LostReasonsResult {
	const resolve = createReasonResolver(options.overrides);
	const total = new LossAccumulator({
		groupBy: options.readers[0]?.dimension ?? 'channel',
		groupKey: '',
		group: null,
	});
	const { groupsByDimension, stats, members } = scanDeals(
		deals,
		options.period,
		options.readers,
		(identity) => new LossAccumulator(identity),
		(deal, _createdMs, groups) => {
			const text = lostReasonText(deal);
			const reason = text === null ? null : resolve(text);
			total.add(deal, reason);
			for (let index = 0; index < groups.length; index++) groups[index].add(deal, reason);
		},
		{ trackMembers: options.trackMembers },
	);
	const rows: LostReasonsRow[] = [];
	groupsByDimension.forEach((groups, dimensionIndex) => {
		const dimensionRows = [...groups.values()].map(
			(acc): LostReasonsRow => ({ report: 'lostReasons', ...acc.identity, ...lossMetrics(acc) }),
		);
		dimensionRows.sort(compareGroups(options.readers[dimensionIndex].dimension, (row) => row.lost));
		rows.push(...dimensionRows);
	});
	return { rows, totals: lossMetrics(total), stats, members };
}
