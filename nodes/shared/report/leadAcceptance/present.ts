import type { Block, RichText } from '../../render/document';
import type { FeedbackReportOutput } from '../feedbackInput';
import { feedbackDocument, feedbackWarnings } from '../feedbackInput';
import type { PresentContext } from '../present';
import { groupName, groupTables } from '../present';
import type { LeadAcceptanceResult } from './compute';
import { leadAcceptanceTexts } from './texts';

/** Groups below target named in the findings. */
const FINDINGS = 5;

export function presentLeadAcceptance(
	result: LeadAcceptanceResult,
	ctx: PresentContext,
): FeedbackReportOutput {
	const { texts, f } = ctx;
	const t = leadAcceptanceTexts(texts.language);
	const totals = result.totals;
	const target = f.pct(result.targetPct);
	const warnings = feedbackWarnings(ctx);
	const withShare = (count: number, pct: number | null): string =>
		`${f.integer(count)} (${f.pct(pct)})`;
	const split = t.split(
		totals.rejected,
		{
			leadQuality: f.pct(totals.leadQualityPct),
			handling: f.pct(totals.handlingPct),
			other: f.pct(totals.otherPct),
		},
		f,
	);
	const reasonItems = totals.reasons.map(
		(entry): RichText => [
			{ text: entry.reason ?? t.noReason, bold: true },
			` — ${withShare(entry.count, entry.sharePct)} · ${texts.reasonClass[entry.reasonClass]}`,
		],
	);
	const below = result.rows
		.filter((row) => row.groupBy === ctx.groupBy[0] && row.meetsTarget === false)
		.sort((a, b) => (a.acceptancePct ?? 0) - (b.acceptancePct ?? 0) || b.verdicts - a.verdicts)
		.slice(0, FINDINGS)
		.map((row) => t.belowTarget(groupName(row, ctx), f.pct(row.acceptancePct), row.verdicts, f));
	const body = (): Block[] => [
		{
			kind: 'keyValue',
			pairs: [
				{ key: t.verdicts, value: f.integer(totals.verdicts) },
				{ key: t.accepted, value: withShare(totals.accepted, totals.acceptancePct) },
				{ key: t.target, value: target },
				{ key: t.rejected, value: f.integer(totals.rejected) },
				{
					key: texts.column.leadQuality,
					value: withShare(totals.leadQuality, totals.leadQualityPct),
				},
				{ key: texts.column.handling, value: withShare(totals.handling, totals.handlingPct) },
				{ key: texts.column.other, value: withShare(totals.other, totals.otherPct) },
			],
		},
		...(reasonItems.length > 0
			? ([
					{ kind: 'heading', text: t.reasonsHeading, level: 2 },
					{ kind: 'list', items: reasonItems.slice(0, ctx.maxGroups) },
				] as Block[])
			: []),
		...groupTables(
			result.rows,
			ctx,
			[
				{ title: t.verdicts, align: 'right' },
				{ title: t.acceptance, align: 'right' },
				{ title: t.target },
				{ title: texts.column.leadQuality, align: 'right' },
				{ title: texts.column.handling, align: 'right' },
				{ title: texts.column.topReason },
			],
			(row) => [
				f.integer(row.verdicts),
				f.pct(row.acceptancePct),
				row.meetsTarget === null ? '—' : row.meetsTarget ? t.onTarget : t.offTarget,
				f.integer(row.leadQuality),
				f.integer(row.handling),
				row.topReason ?? '—',
			],
		),
	];
	const empty = totals.verdicts === 0 ? t.noVerdicts : null;
	const document = feedbackDocument(t.title, result.stats, ctx, {
		warnings,
		empty,
		body,
		notes: [t.how(target)],
	});
	return {
		headline:
			empty ??
			t.headline(
				totals.accepted,
				totals.verdicts,
				f.pct(totals.acceptancePct),
				target,
				totals.meetsTarget === true,
				f,
			),
		findings: empty !== null ? [] : [...(totals.rejected > 0 ? [split] : []), ...below],
		rows: result.rows,
		stats: result.stats,
		totals: result.totals,
		details: { targetPct: result.targetPct },
		document,
		warnings,
		chart: null,
		members: result.members,
	};
}
