import type { Block, RichText } from '../../render/document';
import { plainText } from '../../render/document';
import type { PresentContext, ReportOutput } from '../present';
import { baseWarnings, groupTables, reportDocument } from '../present';
import type { LostReasonEntry, LostReasonsResult } from './compute';
import { lostReasonsTexts } from './texts';

/** Every group's reasons, by dimension and group key: `reasonsByGroup.channel.vk_ads`. */
function reasonsByGroup(
	result: LostReasonsResult,
): Record<string, Record<string, LostReasonEntry[]>> {
	const byDimension: Record<string, Record<string, LostReasonEntry[]>> = {};
	for (const row of result.rows) {
		(byDimension[row.groupBy] = byDimension[row.groupBy] ?? {})[row.groupKey] = row.reasons;
	}
	return byDimension;
}

/** Reasons listed in the Summary's findings. */
const FINDINGS = 5;

export function presentLostReasons(result: LostReasonsResult, ctx: PresentContext): ReportOutput {
	const { texts, f } = ctx;
	const t = lostReasonsTexts(texts.language);
	const c = texts.column;
	const totals = result.totals;
	const warnings = baseWarnings(result.stats, ctx);
	const withShare = (count: number, pct: number | null): string =>
		`${f.integer(count)} (${f.pct(pct)})`;
	const reasonItems = totals.reasons.map(
		(reason): RichText => [
			{ text: reason.reason, bold: true },
			` — ${withShare(reason.count, reason.sharePct)} · ${texts.reasonClass[reason.reasonClass]}`,
		],
	);
	const body = (): Block[] => [
		{
			kind: 'keyValue',
			pairs: [
				{ key: c.lost, value: f.integer(totals.lost) },
				{ key: c.leadQuality, value: withShare(totals.leadQuality, totals.leadQualityPct) },
				{ key: c.handling, value: withShare(totals.handling, totals.handlingPct) },
				{ key: c.other, value: withShare(totals.other, totals.otherPct) },
				{ key: c.noReason, value: withShare(totals.noReason, totals.noReasonPct) },
			],
		},
		{ kind: 'heading', text: t.topReasonsHeading, level: 2 },
		{
			kind: 'list',
			items: reasonItems.slice(0, ctx.maxGroups),
		},
		...groupTables(
			result.rows,
			ctx,
			[
				{ title: c.lost, align: 'right' },
				{ title: c.leadQuality, align: 'right' },
				{ title: c.handling, align: 'right' },
				{ title: c.other, align: 'right' },
				{ title: c.noReason, align: 'right' },
				{ title: c.topReason },
			],
			(row) => [
				f.integer(row.lost),
				f.pct(row.leadQualityPct),
				f.pct(row.handlingPct),
				f.pct(row.otherPct),
				f.pct(row.noReasonPct),
				row.topReason ?? '—',
			],
		),
	];
	const document = reportDocument(t.title, result.stats, ctx, {
		warnings,
		empty: totals.lost === 0 ? t.noLost : null,
		body,
		notes: [t.howClassified],
	});
	return {
		headline:
			totals.lost === 0
				? t.noLost
				: t.headline(
						totals.lost,
						{
							leadQuality: f.pct(totals.leadQualityPct),
							handling: f.pct(totals.handlingPct),
							other: f.pct(totals.otherPct),
							noReason: f.pct(totals.noReasonPct),
						},
						f,
					),
		findings: reasonItems.slice(0, FINDINGS).map((item) => plainText(item)),
		rows: result.rows,
		stats: result.stats,
		totals: result.totals,
		details: { reasonsByGroup: reasonsByGroup(result) },
		document,
		warnings,
		chart: null,
		members: result.members,
	};
}
