import type { Block, RichText, TableColumn } from '../../render/document';
import { plainText } from '../../render/document';
import type { PresentContext, ReportOutput } from '../present';
import { baseWarnings, groupName, groupTables, reportDocument } from '../present';
import { leadQualityChart } from './chart';
import type { LeadQualityResult, LeadQualityRow } from './compute';
import type { LeadQualityTexts } from './texts';
import { leadQualityTexts } from './texts';

/** Groups a minimum number of decided deals must have before they are named "best" or "worst". */
const MIN_DECIDED_FOR_HIGHLIGHT = 5;

function formatOtherMoney(
	values: Record<string, number>,
	t: LeadQualityTexts,
	ctx: PresentContext,
): string {
	return Object.entries(values)
		.map(([code, amount]) => ctx.f.money(amount, code === 'unknown' ? t.noCurrency : code))
		.join(', ');
}

export function presentLeadQuality(result: LeadQualityResult, ctx: PresentContext): ReportOutput {
	const { texts, f } = ctx;
	const t = leadQualityTexts(texts.language);
	const c = texts.column;
	const currency = result.currency === '' ? null : result.currency;
	const totals = result.totals;
	const hasSpend = totals.spend !== null;
	const warnings = baseWarnings(result.stats, ctx);
	if (Object.keys(totals.revenueInOtherCurrencies).length > 0) {
		warnings.push(t.otherCurrencies(formatOtherMoney(totals.revenueInOtherCurrencies, t, ctx)));
	}
	if (totals.wonWithoutAmount > 0) warnings.push(t.wonWithoutAmount(totals.wonWithoutAmount, f));
	if (Object.keys(result.spendNotes.otherCurrencies).length > 0) {
		warnings.push(
			t.spendOtherCurrencies(formatOtherMoney(result.spendNotes.otherCurrencies, t, ctx)),
		);
	}
	if (result.negativeCloseTimes > 0)
		warnings.push(t.negativeCloseTimes(result.negativeCloseTimes, f));

	const primary = result.rows.filter((row) => row.groupBy === ctx.groupBy[0]);
	const highlights = leadQualityHighlights(primary, currency, t, ctx);
	const empty = result.stats.inPeriod === 0 && !hasSpend;
	const body = (): Block[] => {
		const pairs: Array<{ key: RichText; value: RichText }> = [
			{ key: c.leads, value: f.integer(totals.leads) },
			{ key: c.won, value: f.integer(totals.won) },
			{ key: c.lost, value: f.integer(totals.lost) },
			{ key: c.open, value: f.integer(totals.open) },
			{ key: c.winRate, value: f.pct(totals.winRatePct) },
			{ key: c.revenue, value: f.money(totals.revenue, currency) },
			{ key: c.averageDeal, value: f.money(totals.averageDeal, currency) },
			{ key: c.medianDaysToClose, value: f.days(totals.medianDaysToClose) },
		];
		if (hasSpend) {
			pairs.push(
				{ key: c.spend, value: f.money(totals.spend, currency) },
				{ key: c.costPerLead, value: f.money(totals.costPerLead, currency) },
				{ key: c.costPerWon, value: f.money(totals.costPerWon, currency) },
				{ key: c.romi, value: f.pct(totals.romiPct) },
			);
		}
		const blocks: Block[] = [{ kind: 'keyValue', pairs }];
		if (highlights.length > 0) blocks.push({ kind: 'list', items: highlights });

		const right = (title: string): TableColumn => ({ title, align: 'right' });
		const columns: TableColumn[] = [
			c.leads,
			c.won,
			c.lost,
			c.winRate,
			c.revenue,
			c.averageDeal,
			c.medianDaysToClose,
		].map(right);
		if (hasSpend) columns.push(...[c.spend, c.costPerLead, c.costPerWon, c.romi].map(right));
		blocks.push(
			...groupTables(result.rows, ctx, columns, (row: LeadQualityRow) => {
				const cells: RichText[] = [
					f.integer(row.leads),
					f.integer(row.won),
					f.integer(row.lost),
					f.pct(row.winRatePct),
					f.money(row.revenue, currency),
					f.money(row.averageDeal, currency),
					row.medianDaysToClose === null ? '—' : f.number(row.medianDaysToClose, 1),
				];
				if (hasSpend) {
					cells.push(
						f.money(row.spend, currency),
						f.money(row.costPerLead, currency),
						f.money(row.costPerWon, currency),
						f.pct(row.romiPct),
					);
				}
				return cells;
			}),
		);
		return blocks;
	};
	const document = reportDocument(t.title, result.stats, ctx, {
		warnings,
		empty: empty ? texts.noDeals : null,
		body,
		notes: [t.currencyNote(currency), t.definitions],
	});
	return {
		headline: empty
			? texts.noDeals
			: t.headline(
					{
						leads: totals.leads,
						won: totals.won,
						winRate: f.pct(totals.winRatePct),
						revenue: f.money(totals.revenue, currency),
						romi: hasSpend ? f.pct(totals.romiPct) : null,
					},
					f,
				),
		findings: highlights.map((item) => plainText(item)),
		rows: result.rows,
		stats: result.stats,
		totals: result.totals,
		details: {
			currency,
			negativeCloseTimes: result.negativeCloseTimes,
			spendChannelsWithoutDeals: result.spendNotes.channelsWithoutDeals,
			spendInOtherCurrencies: result.spendNotes.otherCurrencies,
		},
		document,
		warnings,
		chart: leadQualityChart(primary, document.title, t, ctx),
		members: result.members,
	};
}

function leadQualityHighlights(
	rows: LeadQualityRow[],
	currency: string | null,
	t: LeadQualityTexts,
	ctx: PresentContext,
): RichText[] {
	const { f } = ctx;
	const items: RichText[] = [];
	const ranked = rows.filter(
		(row) => row.won + row.lost >= MIN_DECIDED_FOR_HIGHLIGHT && row.winRatePct !== null,
	);
	if (ranked.length >= 2) {
		const best = ranked.reduce((a, b) => ((b.winRatePct ?? 0) > (a.winRatePct ?? 0) ? b : a));
		const worst = ranked.reduce((a, b) => ((b.winRatePct ?? 0) < (a.winRatePct ?? 0) ? b : a));
		items.push([
			`${t.bestWinRate}: `,
			{ text: groupName(best, ctx), bold: true },
			` — ${f.pct(best.winRatePct)}`,
		]);
		if (worst !== best) {
			items.push([
				`${t.worstWinRate}: `,
				{ text: groupName(worst, ctx), bold: true },
				` — ${f.pct(worst.winRatePct)}`,
			]);
		}
	}
	const earning = rows.filter((row) => row.revenue > 0);
	if (earning.length >= 2) {
		const top = earning.reduce((a, b) => (b.revenue > a.revenue ? b : a));
		items.push([
			`${t.mostRevenue}: `,
			{ text: groupName(top, ctx), bold: true },
			` — ${f.money(top.revenue, currency)}`,
		]);
	}
	const burnt = rows.filter((row) => row.leads === 0 && (row.spend ?? 0) > 0);
	for (const row of burnt) {
		items.push([
			`${t.spendWithoutDeals}: `,
			{ text: groupName(row, ctx), bold: true },
			` — ${f.money(row.spend, currency)}`,
		]);
	}
	return items;
}
