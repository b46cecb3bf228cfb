import type { Deal } from '../../model/deal';
import type { DimensionReader } from '../dimensions';
import { compareGroups } from '../dimensions';
import { createReasonResolver, LossAccumulator, lostReasonText } from '../lostReasons/compute';
import type { GroupIdentity, GroupMembers, ScanStats } from '../scan';
import { scanDeals } from '../scan';
import {
	DEFAULT_SLA_MINUTES,
	minutesToFirstContact,
	SpeedAccumulator,
	speedMetrics,
} from '../speedToLead/compute';
import { GroupedValues, percent } from '../stats';
import type { LostReasonOverride, ResolvedPeriod, RowBase } from '../types';

/**
 * - leadQuality / handling: that class holds at least the dominance share (default 60 %) of the losses explained by
 *   either class, and together they explain at least as many losses as "other" reasons do;
 * - mixed: neither class dominates;
 * - otherReasons: competitor, price, timing etc. outnumber lead-quality and handling reasons together;
 * - noReasons: more than half of the lost deals have no reason, so nothing can be said;
 * - insufficientData: fewer lost deals than the minimum (default 5).
 */
export type Verdict =
	| 'leadQuality'
	| 'handling'
	| 'mixed'
	| 'otherReasons'
	| 'noReasons'
	| 'insufficientData';

export const DEFAULT_VERDICT_MIN_LOST = 5;
export const DEFAULT_VERDICT_DOMINANCE_PCT = 60;

export interface VerdictMetrics {
	verdict: Verdict;
	leads: number;
	won: number;
	lost: number;
	winRatePct: number | null;
	leadQualityLost: number;
	handlingLost: number;
	otherLost: number;
	noReasonLost: number;
	/** Shares of lost deals, %. */
	leadQualityPct: number | null;
	handlingPct: number | null;
	otherPct: number | null;
	noReasonPct: number | null;
	topLeadQualityReason: string | null;
	topHandlingReason: string | null;
	topOtherReason: string | null;
	/** Supporting evidence from the same deals: median minutes to first contact and share over the SLA. */
	p50FirstContactMinutes: number | null;
	slaBreachPct: number | null;
}

export type VerdictRow = RowBase & VerdictMetrics;

export interface VerdictOptions {
	/** Also return which deals (by position) fell into each group. */
	trackMembers?: boolean;
	readers: readonly DimensionReader[];
	period: ResolvedPeriod;
	overrides?: readonly LostReasonOverride[];
	slaMinutes?: number;
	nowMs: number;
	minLost?: number;
	dominancePct?: number;
}

export interface VerdictResult {
	/** Deal positions per group, when asked for with `trackMembers`. */
	members: GroupMembers | null;
	rows: VerdictRow[];
	totals: VerdictMetrics;
	minLost: number;
	dominancePct: number;
	slaMinutes: number;
	stats: ScanStats;
}

class VerdictAccumulator {
	readonly loss: LossAccumulator;
	readonly speed: SpeedAccumulator;

	constructor(
		readonly identity: GroupIdentity,
		slaMinutes: number,
		readonly ordinal = 0,
	) {
		this.loss = new LossAccumulator(identity);
		this.speed = new SpeedAccumulator(identity, slaMinutes, ordinal);
	}
}

export function decideVerdict(
	counts: { lost: number; leadQuality: number; handling: number; other: number; noReason: number },
	minLost: number,
	dominancePct: number,
): Verdict {
	if (counts.lost < minLost || counts.lost === 0) return 'insufficientData';
	if (counts.noReason * 2 > counts.lost) return 'noReasons';
	const explained = counts.leadQuality + counts.handling;
	if (counts.other > explained || explained === 0) return 'otherReasons';
	if (counts.leadQuality * 100 >= dominancePct * explained) return 'leadQuality';
	if (counts.handling * 100 >= dominancePct * explained) return 'handling';
	return 'mixed';
}

function metrics(
	acc: VerdictAccumulator,
	minLost: number,
	dominancePct: number,
	slaMinutes: number,
	crmHasContacts: boolean,
): VerdictMetrics {
	const loss = acc.loss;
	const speed = speedMetrics(acc.speed, slaMinutes, crmHasContacts);
	return {
		verdict: decideVerdict(loss, minLost, dominancePct),
		leads: loss.leads,
		won: loss.won,
		lost: loss.lost,
		winRatePct: percent(loss.won, loss.won + loss.lost),
		leadQualityLost: loss.leadQuality,
		handlingLost: loss.handling,
		otherLost: loss.other,
		noReasonLost: loss.noReason,
		leadQualityPct: percent(loss.leadQuality, loss.lost),
		handlingPct: percent(loss.handling, loss.lost),
		otherPct: percent(loss.other, loss.lost),
		noReasonPct: percent(loss.noReason, loss.lost),
		topLeadQualityReason: loss.topReason('leadQuality'),
		topHandlingReason: loss.topReason('handling'),
		topOtherReason: loss.topReason('other'),
		p50FirstContactMinutes: speed.p50Minutes,
		slaBreachPct: speed.slaBreachPct,
	};
}

/**
 * Per channel (or other dimension): do the losses come from lead quality or from handling? One pass over the deals;
 * lost reasons are classified as in the lost-reasons report, and response times are gathered alongside as evidence.
 */
export function computeVerdicts(deals: readonly Deal[], options: VerdictOptions): VerdictResult {
	const minLost = Math.max(1, Math.floor(options.minLost ?? DEFAULT_VERDICT_MIN_LOST));
	const dominancePct = Math.min(
		100,
		Math.max(50, options.dominancePct ?? DEFAULT_VERDICT_DOMINANCE_PCT),
	);
	const sla = options.slaMinutes ?? DEFAULT_SLA_MINUTES;
	const resolve = createReasonResolver(options.overrides);
	const values = new GroupedValues(deals.length, options.readers.length);
	const total = new VerdictAccumulator(
		{ groupBy: options.readers[0]?.dimension ?? 'channel', groupKey: '', group: null },
		sla,
	);
	const { groupsByDimension, stats, members } = scanDeals(
		deals,
		options.period,
		options.readers,
		(identity, ordinal) => new VerdictAccumulator(identity, sla, ordinal),
		(deal, createdMs, groups, ordinals) => {
			const text = lostReasonText(deal);
			const reason = text === null ? null : resolve(text);
			const minutes = minutesToFirstContact(deal, createdMs);
			const age = (options.nowMs - createdMs) / 60_000;
			total.loss.add(deal, reason);
			total.speed.add(deal, minutes, age);
			for (let index = 0; index < groups.length; index++) {
				groups[index].loss.add(deal, reason);
				groups[index].speed.add(deal, minutes, age);
			}
			if (minutes >= 0) values.push(minutes, ordinals);
		},
		{ trackMembers: options.trackMembers, needsCreatedDate: true },
	);
	[total.speed.p50] = values.percentiles([0.5]);
	groupsByDimension.forEach((groups, dimensionIndex) => {
		const byGroup = values.percentilesByGroup(dimensionIndex, groups.size, [0.5]);
		for (const acc of groups.values()) [acc.speed.p50] = byGroup[acc.ordinal];
	});
	const crmHasContacts = total.speed.measured + total.speed.contactBeforeCreation > 0;
	const rows: VerdictRow[] = [];
	groupsByDimension.forEach((groups, dimensionIndex) => {
		const dimensionRows = [...groups.values()].map(
			(acc): VerdictRow => ({
				report: 'verdict',
				...acc.identity,
				...metrics(acc, minLost, dominancePct, sla, crmHasContacts),
			}),
		);
		dimensionRows.sort(compareGroups(options.readers[dimensionIndex].dimension, (row) => row.lost));
		rows.push(...dimensionRows);
	});
	return {
		rows,
		totals: metrics(total, minLost, dominancePct, sla, crmHasContacts),
		minLost,
		dominancePct,
		slaMinutes: sla,
		stats,
		members,
	};
}
