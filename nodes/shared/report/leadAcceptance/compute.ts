import type { Feedback } from '../../feedback/types';
import type { ReasonClass, ReasonCode } from '../../feedback/reasons';
import { reasonCatalogue, reasonClass } from '../../feedback/reasons';
import { compareGroups } from '../dimensions';
import type { FeedbackComputeContext, FeedbackScanStats } from '../feedbackInput';
import { FeedbackGrouping, feedbackInPeriod, feedbackKey, feedbackLabel } from '../feedbackInput';
import type { GroupMembers, GroupIdentity } from '../scan';
import { percent } from '../stats';
import type { RowBase } from '../types';

/** Forrester/SiriusDecisions and the peers in shared/reference/peers-and-metrics.md: ≥ 90 % of leads accepted. */
export const DEFAULT_ACCEPTANCE_TARGET_PCT = 90;

export interface RejectionReasonEntry {
	reasonCode: string | null;
	/** The code's name in the report language; the code itself for an unknown code; null without a code. */
	reason: string | null;
	reasonClass: ReasonClass;
	count: number;
	/** Share of the group's rejections, %. */
	sharePct: number | null;
}

export interface LeadAcceptanceMetrics {
	/** Lead verdicts (accept or reject). */
	verdicts: number;
	accepted: number;
	rejected: number;
	acceptancePct: number | null;
	/** Accepted share at or above the target; null without verdicts. */
	meetsTarget: boolean | null;
	/** Rejections by class of their reason code (no code or an unknown one: other). */
	leadQuality: number;
	handling: number;
	other: number;
	leadQualityPct: number | null;
	handlingPct: number | null;
	otherPct: number | null;
	topReason: string | null;
	reasons: RejectionReasonEntry[];
}

export type LeadAcceptanceRow = RowBase & LeadAcceptanceMetrics;

export interface LeadAcceptanceResult {
	rows: LeadAcceptanceRow[];
	totals: LeadAcceptanceMetrics;
	stats: FeedbackScanStats;
	members: GroupMembers | null;
	targetPct: number;
}

class Acceptance {
	accepted = 0;
	rejected = 0;
	readonly byClass: Record<ReasonClass, number> = { leadQuality: 0, handling: 0, other: 0 };
	readonly reasons = new Map<string, { code: string | null; cls: ReasonClass; count: number }>();

	constructor(readonly identity: GroupIdentity) {}

	add(feedback: Feedback, cls: ReasonClass): void {
		if (feedback.decision === 'accept') {
			this.accepted++;
			return;
		}
		this.rejected++;
		this.byClass[cls]++;
		const key = feedback.reasonCode ?? '';
		const entry = this.reasons.get(key);
		if (entry === undefined) this.reasons.set(key, { code: feedback.reasonCode, cls, count: 1 });
		else entry.count++;
	}
}

export function computeLeadAcceptance(
	feedback: readonly Feedback[],
	ctx: FeedbackComputeContext,
	reasonName: (code: string) => string,
): LeadAcceptanceResult {
	const targetPct = ctx.acceptanceTargetPct ?? DEFAULT_ACCEPTANCE_TARGET_PCT;
	const catalogue = reasonCatalogue(ctx.userReasons ?? []);
	const { inPeriod, stats } = feedbackInPeriod(feedback, ctx.period);
	const total = new Acceptance({ groupBy: ctx.groupBy[0] ?? 'channel', groupKey: '', group: null });
	const grouping = new FeedbackGrouping(
		ctx.groupBy,
		feedback.length,
		(identity) => new Acceptance(identity),
		feedbackLabel(ctx.channelNames),
	);
	for (const item of inPeriod) {
		if (item.feedback.decision !== 'accept' && item.feedback.decision !== 'reject') continue;
		stats.used++;
		const code = item.feedback.reasonCode === null ? null : item.feedback.reasonCode.trim() || null;
		const cls = reasonClass(code, catalogue);
		const fb =
			code === item.feedback.reasonCode ? item.feedback : { ...item.feedback, reasonCode: code };
		total.add(fb, cls);
		ctx.groupBy.forEach((dimension, d) => {
			grouping
				.group(d, feedbackKey(fb, dimension, ctx.monthOf, item.submittedMs), item.position)
				.add(fb, cls);
		});
	}
	const metrics = (acc: Acceptance): LeadAcceptanceMetrics => {
		const verdicts = acc.accepted + acc.rejected;
		const acceptancePct = percent(acc.accepted, verdicts);
		const reasons = [...acc.reasons.values()]
			.sort((a, b) => b.count - a.count || (a.code ?? '~').localeCompare(b.code ?? '~'))
			.map(
				(entry): RejectionReasonEntry => ({
					reasonCode: entry.code,
					reason: entry.code === null ? null : reasonName(entry.code),
					reasonClass: entry.cls,
					count: entry.count,
					sharePct: percent(entry.count, acc.rejected),
				}),
			);
		return {
			verdicts,
			accepted: acc.accepted,
			rejected: acc.rejected,
			acceptancePct,
			// Compared unrounded: 899 of 1000 is 89.9 %, below a 90 % target.
			meetsTarget: verdicts === 0 ? null : acc.accepted * 100 >= targetPct * verdicts,
			leadQuality: acc.byClass.leadQuality,
			handling: acc.byClass.handling,
			other: acc.byClass.other,
			leadQualityPct: percent(acc.byClass.leadQuality, acc.rejected),
			handlingPct: percent(acc.byClass.handling, acc.rejected),
			otherPct: percent(acc.byClass.other, acc.rejected),
			topReason: reasons.find((entry) => entry.reason !== null)?.reason ?? null,
			reasons,
		};
	};
	const rows: LeadAcceptanceRow[] = [];
	grouping.groups.forEach((groups, d) => {
		const dimensionRows = [...groups.values()].map(
			(acc): LeadAcceptanceRow => ({ report: 'leadAcceptance', ...acc.identity, ...metrics(acc) }),
		);
		dimensionRows.sort(compareGroups(ctx.groupBy[d], (row) => row.verdicts));
		rows.push(...dimensionRows);
	});
	return { rows, totals: metrics(total), stats, members: grouping.members(), targetPct };
}

/** The name of a reason code in a language: the user's entry, the built-in one, or the code as given. */
export function reasonNamer(
	userReasons: readonly ReasonCode[],
	language: 'en' | 'ru',
): (code: string) => string {
	const catalogue = reasonCatalogue(userReasons);
	return (code) => catalogue.get(code)?.[language] ?? code;
}
