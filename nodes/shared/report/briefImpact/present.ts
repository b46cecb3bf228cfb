import type { Block, RenderDocument } from '../../render/document';
import type { PresentContext, ReportOutput } from '../present';
import { baseWarnings, groupName, groupTables } from '../present';
import type { Formatter } from '../texts';
import type { BriefImpactRequest, BriefImpactResult, BriefImpactRow, BriefMetric } from './compute';
import type { BriefImpactTexts } from './texts';
import { briefImpactTexts } from './texts';

/** A metric value in its unit: percent, money, minutes. */
function valueText(
	metric: BriefMetric,
	value: number | null,
	f: Formatter,
	currency: string | null,
): string {
	if (metric === 'averageDeal') return f.money(value, currency || null);
	if (metric === 'speedToLeadP50') return f.minutes(value);
	return f.pct(value);
}

/** The change with its sign: "+6.2 pp", "−3 min", "+1,200 USD". */
function changeText(
	metric: BriefMetric,
	change: number | null,
	f: Formatter,
	currency: string | null,
): string {
	if (change === null) return '—';
	const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
	const size = Math.abs(change);
	if (metric === 'averageDeal') return `${sign}${f.money(size, currency || null)}`;
	if (metric === 'speedToLeadP50') return `${sign}${f.minutes(size)}`;
	return `${sign}${f.number(size, 1)}\u00a0${f.language === 'ru' ? 'п.\u00a0п.' : 'pp'}`;
}

function pValueText(p: number | null, f: Formatter): string {
	if (p === null) return '—';
	if (p < 0.001) return '< 0.001'.replace('.', f.language === 'ru' ? ',' : '.');
	return f.number(p, 3);
}

function sentenceFor(
	row: BriefImpactRow,
	before: BriefImpactRow,
	after: BriefImpactRow,
	t: BriefImpactTexts,
	f: Formatter,
	currency: string | null,
	group: string | null,
): string {
	return t.sentence(
		{
			metric: row.metric,
			verdict: row.verdict ?? 'tooFewDeals',
			before: valueText(row.metric, row.beforeValue, f, currency),
			after: valueText(row.metric, row.afterValue, f, currency),
			beforeDeals: before.deals,
			afterDeals: after.deals,
			pValue: row.pValue ?? 1,
			group,
		},
		f,
	);
}

/** Fills each comparison row's explanation and returns the rows, grouped as before, after, comparison. */
function explain(
	rows: BriefImpactRow[],
	t: BriefImpactTexts,
	ctx: PresentContext,
	currency: string | null,
	named: boolean,
): void {
	for (let index = 0; index + 2 < rows.length; index += 3) {
		const [before, after, comparison] = [rows[index], rows[index + 1], rows[index + 2]];
		comparison.explanation = sentenceFor(
			comparison,
			before,
			after,
			t,
			ctx.f,
			currency,
			named ? groupName(comparison, ctx) : null,
		);
	}
}

export function presentBriefImpact(
	result: BriefImpactResult,
	brief: BriefImpactRequest,
	ctx: PresentContext,
): ReportOutput {
	const { f, texts } = ctx;
	const t = briefImpactTexts(texts.language);
	const metric = result.metric;
	const currency = result.currency;
	const [before, after, comparison] = result.totals;
	explain(result.totals, t, ctx, currency, false);
	explain(result.rows, t, ctx, currency, true);

	const warnings = baseWarnings(result.stats, ctx);
	// A release after the end is the headline itself; a shortened window is a note.
	if (!result.windows.releaseAfterEnd && result.windows.shortened) {
		warnings.push(t.shortened(result.windows.windowDays, f));
	}
	if (result.otherCurrencyDeals > 0) warnings.push(t.otherCurrency(result.otherCurrencyDeals, f));
	if (metric === 'conversion') warnings.push(t.conversionYoung);
	const nothingInScope = result.inScope === 0;

	const headline = nothingInScope
		? t.noDealsInScope
		: result.windows.releaseAfterEnd
			? t.releaseAfterEnd
			: (comparison.explanation as string);
	const comparisons = result.rows.filter((row) => row.window === 'comparison');
	const findings = nothingInScope
		? []
		: comparisons
				.filter((row) => row.verdict === 'rose' || row.verdict === 'fell')
				.map((row) => row.explanation as string);

	const scopeParts = (['pipeline', 'channel', 'owner'] as const)
		.filter((part) => result.scope[part] !== null)
		.map((part) => `${t.scopeParts[part]} ${result.scope[part]}`);
	const tz = ctx.period.timezone;
	const iso = (ms: number): string => new Date(ms).toISOString();
	const range = (from: string, to: string) =>
		`${f.date(Date.parse(from), tz)} – ${f.date(Date.parse(to) - 1, tz)}`;
	const blocks: Block[] = [
		{
			kind: 'paragraph',
			text:
				result.windows.windowDays > 0
					? `${t.windows}: ${range(iso(result.windows.beforeFromMs), iso(result.windows.afterToMs))}`
					: `${t.release}: ${f.date(result.windows.releaseMs, tz)}`,
		},
		{ kind: 'paragraph', text: { text: headline, bold: true } },
	];
	const pairs: Array<{ key: string; value: string }> = [];
	const title = brief.briefTitle?.trim() || null;
	const id = brief.briefId?.trim() || null;
	if (title !== null || id !== null) {
		pairs.push({
			key: t.brief,
			value: [title, id === null ? null : `(${id})`].filter(Boolean).join(' '),
		});
	}
	pairs.push({ key: t.release, value: f.date(result.windows.releaseMs, tz) });
	if (scopeParts.length > 0) pairs.push({ key: t.scope, value: scopeParts.join(', ') });
	blocks.push({ kind: 'keyValue', pairs });
	if (!nothingInScope && result.windows.windowDays > 0) {
		blocks.push({ kind: 'paragraph', text: t.windowLine(result.windows.windowDays, f) });
		blocks.push({
			kind: 'table',
			columns: [
				{ title: t.windowColumn },
				{ title: t.dates },
				{ title: t.dealsColumn, align: 'right' },
				{ title: t.metricName[metric], align: 'right' },
			],
			rows: [
				[
					t.before,
					range(before.from, before.to),
					f.integer(before.deals),
					valueText(metric, before.value, f, currency),
				],
				[
					t.after,
					range(after.from, after.to),
					f.integer(after.deals),
					valueText(metric, after.value, f, currency),
				],
			],
		});
		blocks.push({
			kind: 'keyValue',
			pairs: [
				{ key: t.changeColumn, value: changeText(metric, comparison.change, f, currency) },
				{ key: t.pColumn, value: pValueText(comparison.pValue, f) },
				{ key: t.test, value: t.testName[comparison.test ?? 'twoProportion'] },
				{ key: t.verdictColumn, value: t.verdictName[comparison.verdict ?? 'tooFewDeals'] },
			],
		});
		if (comparisons.length > 0) {
			blocks.push(
				...groupTables(
					comparisons,
					ctx,
					[
						{ title: t.before, align: 'right' },
						{ title: t.after, align: 'right' },
						{ title: t.changeColumn, align: 'right' },
						{ title: t.dealsColumn, align: 'right' },
						{ title: t.pColumn, align: 'right' },
						{ title: t.verdictColumn },
					],
					(row) => {
						const index = result.rows.indexOf(row);
						const b = result.rows[index - 2];
						const a = result.rows[index - 1];
						return [
							valueText(metric, row.beforeValue, f, currency),
							valueText(metric, row.afterValue, f, currency),
							changeText(metric, row.change, f, currency),
							`${f.integer(b.deals)} / ${f.integer(a.deals)}`,
							pValueText(row.pValue, f),
							t.verdictName[row.verdict ?? 'tooFewDeals'],
						];
					},
				),
			);
		}
	}
	const note = (text: string): Block => ({ kind: 'note', text });
	const groupNotes = comparisons.length > 1 ? [t.manyGroups(comparisons.length, f)] : [];
	blocks.push(...[...warnings, t.definitions[metric], t.method, ...groupNotes].map(note));
	const name = title !== null ? `${t.title}: ${title}` : `${t.title}: ${t.metricName[metric]}`;
	const document: RenderDocument = { title: name, language: texts.language, blocks };
	return {
		headline,
		findings,
		rows: result.rows,
		stats: result.stats,
		totals: comparison,
		details: {
			metric,
			brief: { id, title },
			releasedAt: new Date(result.windows.releaseMs).toISOString(),
			windowDays: result.windows.windowDays,
			windowShortened: result.windows.shortened,
			before,
			after,
			scope: result.scope,
			dealsInScope: result.inScope,
			currency,
			slaMinutes: result.slaMinutes,
		},
		document,
		warnings,
		chart: null,
		members: null,
	};
}
