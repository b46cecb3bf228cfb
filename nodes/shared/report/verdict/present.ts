import type { Block, Inline } from '../../render/document';
import { plainText } from '../../render/document';
import { lostReasonsTexts } from '../lostReasons/texts';
import type { PresentContext, ReportOutput } from '../present';
import { baseWarnings, groupName, reportDocument } from '../present';
import type { Verdict, VerdictResult, VerdictRow } from './compute';
import type { VerdictTexts } from './texts';
import { verdictTexts } from './texts';

const VERDICT_ORDER: Verdict[] = [
	'leadQuality',
	'handling',
	'mixed',
	'otherReasons',
	'noReasons',
	'insufficientData',
];
/** Group names listed per verdict in the overview line. */
const OVERVIEW_NAMES = 6;

/** The plain-language sentence for one verdict row, as rich text (the group name stays a separate, escaped span). */
export function verdictSentence(
	row: VerdictRow,
	result: VerdictResult,
	ctx: PresentContext,
): Inline[] {
	const { f } = ctx;
	const topReason =
		row.verdict === 'leadQuality'
			? row.topLeadQualityReason
			: row.verdict === 'handling'
				? row.topHandlingReason
				: row.verdict === 'otherReasons'
					? row.topOtherReason
					: null;
	return verdictTexts(ctx.texts.language).sentence(
		row.verdict,
		{
			group: groupName(row, ctx),
			lost: row.lost,
			leadQualityPct: f.pct(row.leadQualityPct),
			handlingPct: f.pct(row.handlingPct),
			otherPct: f.pct(row.otherPct),
			noReasonPct: f.pct(row.noReasonPct),
			topReason,
			overSla: row.slaBreachPct === null ? null : f.pct(row.slaBreachPct),
			slaMinutes: result.slaMinutes,
			minLost: result.minLost,
		},
		f,
	);
}

/** "Verdicts: Lead quality — vk_ads. Handling — yandex_direct, seo. Too little data — 2." */
function verdictOverview(rows: VerdictRow[], t: VerdictTexts, ctx: PresentContext): Inline[] {
	const { f } = ctx;
	const parts: Inline[] = [];
	for (const kind of VERDICT_ORDER) {
		const names = rows.filter((row) => row.verdict === kind).map((row) => groupName(row, ctx));
		if (names.length === 0) continue;
		parts.push(parts.length === 0 ? `${t.verdictsLabel}: ` : '. ', `${t.verdictName[kind]} — `);
		if (kind === 'insufficientData' || kind === 'noReasons') {
			parts.push(f.integer(names.length));
			continue;
		}
		names.slice(0, OVERVIEW_NAMES).forEach((name, index) => {
			if (index > 0) parts.push(', ');
			parts.push({ text: name, bold: true });
		});
		if (names.length > OVERVIEW_NAMES)
			parts.push(` ${t.andMore(names.length - OVERVIEW_NAMES, f)}`);
	}
	if (parts.length === 0) return [t.noGroups];
	parts.push('.');
	return parts;
}

/** Judged groups first (by verdict, then by losses), groups with too little data after them. */
function byVerdictOrder(rows: VerdictRow[]): VerdictRow[] {
	return [...rows].sort(
		(a, b) =>
			VERDICT_ORDER.indexOf(a.verdict) - VERDICT_ORDER.indexOf(b.verdict) || b.lost - a.lost,
	);
}

export function presentVerdicts(result: VerdictResult, ctx: PresentContext): ReportOutput {
	const { texts, f } = ctx;
	const t = verdictTexts(texts.language);
	const c = texts.column;
	const warnings = baseWarnings(result.stats, ctx);
	const sentences = new Map<VerdictRow, Inline[]>();
	for (const row of result.rows) sentences.set(row, verdictSentence(row, result, ctx));
	const body = (): Block[] => {
		const blocks: Block[] = [];
		for (const dimension of ctx.groupBy) {
			const rows = result.rows.filter((row) => row.groupBy === dimension);
			if (ctx.groupBy.length > 1)
				blocks.push({ kind: 'heading', text: texts.dimension[dimension], level: 2 });
			blocks.push({ kind: 'paragraph', text: verdictOverview(rows, t, ctx) });
			const ordered = byVerdictOrder(rows);
			const shown = ordered.slice(0, ctx.maxGroups);
			blocks.push({ kind: 'list', items: shown.map((row) => sentences.get(row) ?? []) });
			if (ordered.length > shown.length) {
				blocks.push({ kind: 'note', text: texts.moreGroups(ordered.length - shown.length, f) });
			}
			blocks.push({
				kind: 'table',
				columns: [
					{ title: texts.dimension[dimension] },
					{ title: c.verdict },
					{ title: c.lost, align: 'right' },
					{ title: c.leadQuality, align: 'right' },
					{ title: c.handling, align: 'right' },
					{ title: c.other, align: 'right' },
					{ title: c.noReason, align: 'right' },
					{ title: c.p50FirstContact, align: 'right' },
					{ title: c.overSla, align: 'right' },
				],
				rows: shown.map((row) => [
					groupName(row, ctx),
					t.verdictName[row.verdict],
					f.integer(row.lost),
					f.pct(row.leadQualityPct),
					f.pct(row.handlingPct),
					f.pct(row.otherPct),
					f.pct(row.noReasonPct),
					f.minutes(row.p50FirstContactMinutes),
					f.pct(row.slaBreachPct),
				]),
			});
		}
		return blocks;
	};
	const document = reportDocument(t.title, result.stats, ctx, {
		warnings,
		empty: result.stats.inPeriod === 0 ? texts.noDeals : null,
		body,
		notes: [
			t.rule(result.minLost, result.dominancePct),
			lostReasonsTexts(texts.language).howClassified,
		],
	});
	const primary = result.rows.filter((row) => row.groupBy === ctx.groupBy[0]);
	const rows = result.rows.map((row) => ({
		...row,
		explanation: plainText(sentences.get(row) ?? []),
	}));
	const byVerdict: Record<string, string[]> = {};
	for (const row of rows) {
		if (row.groupBy !== ctx.groupBy[0]) continue;
		(byVerdict[row.verdict] = byVerdict[row.verdict] ?? []).push(row.groupKey);
	}
	return {
		headline:
			result.stats.inPeriod === 0 ? texts.noDeals : plainText(verdictOverview(primary, t, ctx)),
		findings: byVerdictOrder(primary)
			.slice(0, ctx.maxGroups)
			.map((row) => plainText(sentences.get(row) ?? [])),
		rows,
		stats: result.stats,
		totals: result.totals,
		details: {
			groupsByVerdict: byVerdict,
			minLost: result.minLost,
			dominancePct: result.dominancePct,
			slaMinutes: result.slaMinutes,
		},
		document,
		warnings,
		chart: null,
		members: result.members,
	};
}
