import type { Block, Inline, RenderDocument, RichText, TableColumn } from '../render/document';
import { plainText, singleLine } from '../render/document';
import type { AttributionHealthResult } from './attributionHealth';
import { ISSUE_BASE } from './attributionHealth';
import type { LeadQualityResult, LeadQualityRow } from './leadQuality';
import type { LostReasonsResult } from './lostReasons';
import type { ScanStats } from './scan';
import type { SpeedToLeadResult, SpeedToLeadRow } from './speedToLead';
import type { Formatter, ReportTexts } from './texts';
import { periodText } from './texts';
import type { DimensionKey, ReportType, ResolvedPeriod, RowBase } from './types';
import type { Verdict, VerdictResult, VerdictRow } from './verdict';

export interface PresentContext {
	texts: ReportTexts;
	f: Formatter;
	period: ResolvedPeriod;
	groupBy: DimensionKey[];
	/** Rows per table in the text; data rows always have every group. */
	maxGroups: number;
	/** Input items that were not deals (the node skips them under "continue on fail"). */
	skippedItems: number;
}

export interface Presentation {
	document: RenderDocument;
	/** Plain-text warnings about the data, in the report language (also shown as notes in the document). */
	warnings: string[];
}

/** Groups a minimum number of decided deals must have before they are named "best" or "worst". */
const MIN_DECIDED_FOR_HIGHLIGHT = 5;
/** Measured first contacts a group needs before it is named slowest / fastest. */
const MIN_MEASURED_FOR_HIGHLIGHT = 3;

function groupName(row: RowBase, ctx: PresentContext): string {
	return row.group ?? ctx.texts.notSet;
}

function title(report: ReportType, ctx: PresentContext): string {
	const by = ctx.groupBy.map((dimension) => ctx.texts.byDimension[dimension]).join(', ');
	return `${ctx.texts.reportTitle[report]} (${by})`;
}

function scopeBlocks(stats: ScanStats, ctx: PresentContext): Block[] {
	return [
		{
			kind: 'paragraph',
			text: `${periodText(ctx.period, ctx.texts, ctx.f)} · ${ctx.texts.scope(stats.inPeriod, stats.inputDeals, ctx.f)}`,
		},
	];
}

function baseWarnings(stats: ScanStats, ctx: PresentContext): string[] {
	const warnings: string[] = [];
	if (ctx.skippedItems > 0) warnings.push(ctx.texts.skippedItems(ctx.skippedItems, ctx.f));
	if (stats.noCreatedDate > 0) warnings.push(ctx.texts.excludedNoDate(stats.noCreatedDate, ctx.f));
	return warnings;
}

/** A table per dimension, cut to `maxGroups` rows with a "…and N more" note. */
function groupTables<R extends RowBase>(
	rows: R[],
	ctx: PresentContext,
	columns: TableColumn[],
	cells: (row: R) => RichText[],
	withHeadings: boolean,
): Block[] {
	const blocks: Block[] = [];
	for (const dimension of ctx.groupBy) {
		const dimensionRows = rows.filter((row) => row.groupBy === dimension);
		if (withHeadings && ctx.groupBy.length > 1) {
			blocks.push({ kind: 'heading', text: ctx.texts.dimension[dimension], level: 2 });
		}
		const shown = dimensionRows.slice(0, ctx.maxGroups);
		blocks.push({
			kind: 'table',
			columns: [{ title: ctx.texts.dimension[dimension] }, ...columns],
			rows: shown.map((row) => [groupName(row, ctx), ...cells(row)]),
		});
		if (dimensionRows.length > shown.length) {
			blocks.push({
				kind: 'note',
				text: ctx.texts.moreGroups(dimensionRows.length - shown.length, ctx.f),
			});
		}
	}
	return blocks;
}

function notes(warnings: string[], extra: string[]): Block[] {
	return [...warnings, ...extra].map((text): Block => ({ kind: 'note', text }));
}

function formatOtherMoney(values: Record<string, number>, ctx: PresentContext): string {
	return Object.entries(values)
		.map(([code, amount]) =>
			ctx.f.money(
				amount,
				code === 'unknown' ? (ctx.texts.language === 'ru' ? 'без валюты' : 'no currency') : code,
			),
		)
		.join(', ');
}

// ---------------------------------------------------------------------------------------------------------------
// Lead quality

export function presentLeadQuality(result: LeadQualityResult, ctx: PresentContext): Presentation {
	const { texts, f } = ctx;
	const c = texts.column;
	const currency = result.currency === '' ? null : result.currency;
	const totals = result.totals;
	const hasSpend = totals.spend !== null;
	const warnings = baseWarnings(result.stats, ctx);
	if (Object.keys(totals.revenueInOtherCurrencies).length > 0) {
		warnings.push(
			texts.leadQuality.otherCurrencies(formatOtherMoney(totals.revenueInOtherCurrencies, ctx)),
		);
	}
	if (totals.wonWithoutAmount > 0)
		warnings.push(texts.leadQuality.wonWithoutAmount(totals.wonWithoutAmount, f));
	if (Object.keys(result.spendNotes.otherCurrencies).length > 0) {
		warnings.push(
			texts.leadQuality.spendOtherCurrencies(
				formatOtherMoney(result.spendNotes.otherCurrencies, ctx),
			),
		);
	}
	if (result.negativeCloseTimes > 0)
		warnings.push(texts.leadQuality.negativeCloseTimes(result.negativeCloseTimes, f));

	const blocks: Block[] = [...scopeBlocks(result.stats, ctx)];
	if (result.stats.inPeriod === 0 && !hasSpend) {
		blocks.push({ kind: 'paragraph', text: texts.noDeals });
		blocks.push(...notes(warnings, []));
		return {
			document: { title: title('leadQuality', ctx), language: texts.language, blocks },
			warnings,
		};
	}
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
	blocks.push({ kind: 'keyValue', pairs });

	const primary = result.rows.filter((row) => row.groupBy === ctx.groupBy[0]);
	const highlights = leadQualityHighlights(primary, currency, ctx);
	if (highlights.length > 0) blocks.push({ kind: 'list', items: highlights });

	const columns: TableColumn[] = [
		{ title: c.leads, align: 'right' },
		{ title: c.won, align: 'right' },
		{ title: c.lost, align: 'right' },
		{ title: c.winRate, align: 'right' },
		{ title: c.revenue, align: 'right' },
		{ title: c.averageDeal, align: 'right' },
		{ title: c.medianDaysToClose, align: 'right' },
	];
	if (hasSpend) {
		columns.push(
			{ title: c.spend, align: 'right' },
			{ title: c.costPerLead, align: 'right' },
			{ title: c.costPerWon, align: 'right' },
			{ title: c.romi, align: 'right' },
		);
	}
	blocks.push(
		...groupTables(
			result.rows,
			ctx,
			columns,
			(row: LeadQualityRow) => {
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
			},
			true,
		),
	);
	blocks.push(
		...notes(warnings, [texts.leadQuality.currencyNote(currency), texts.leadQuality.definitions]),
	);
	return {
		document: { title: title('leadQuality', ctx), language: texts.language, blocks },
		warnings,
	};
}

function leadQualityHighlights(
	rows: LeadQualityRow[],
	currency: string | null,
	ctx: PresentContext,
): RichText[] {
	const { texts, f } = ctx;
	const items: RichText[] = [];
	const ranked = rows.filter(
		(row) => row.won + row.lost >= MIN_DECIDED_FOR_HIGHLIGHT && row.winRatePct !== null,
	);
	if (ranked.length >= 2) {
		const best = ranked.reduce((a, b) => ((b.winRatePct ?? 0) > (a.winRatePct ?? 0) ? b : a));
		const worst = ranked.reduce((a, b) => ((b.winRatePct ?? 0) < (a.winRatePct ?? 0) ? b : a));
		items.push([
			`${texts.leadQuality.bestWinRate}: `,
			{ text: groupName(best, ctx), bold: true },
			` — ${f.pct(best.winRatePct)}`,
		]);
		if (worst !== best) {
			items.push([
				`${texts.leadQuality.worstWinRate}: `,
				{ text: groupName(worst, ctx), bold: true },
				` — ${f.pct(worst.winRatePct)}`,
			]);
		}
	}
	const earning = rows.filter((row) => row.revenue > 0);
	if (earning.length >= 2) {
		const top = earning.reduce((a, b) => (b.revenue > a.revenue ? b : a));
		items.push([
			`${texts.leadQuality.mostRevenue}: `,
			{ text: groupName(top, ctx), bold: true },
			` — ${f.money(top.revenue, currency)}`,
		]);
	}
	const burnt = rows.filter((row) => row.leads === 0 && (row.spend ?? 0) > 0);
	for (const row of burnt) {
		items.push([
			`${texts.leadQuality.spendWithoutDeals}: `,
			{ text: groupName(row, ctx), bold: true },
			` — ${f.money(row.spend, currency)}`,
		]);
	}
	return items;
}

// ---------------------------------------------------------------------------------------------------------------
// Lost reasons

export function presentLostReasons(result: LostReasonsResult, ctx: PresentContext): Presentation {
	const { texts, f } = ctx;
	const c = texts.column;
	const totals = result.totals;
	const warnings = baseWarnings(result.stats, ctx);
	const blocks: Block[] = [...scopeBlocks(result.stats, ctx)];
	if (totals.lost === 0) {
		blocks.push({ kind: 'paragraph', text: texts.lostReasons.noLost });
		blocks.push(...notes(warnings, []));
		return {
			document: { title: title('lostReasons', ctx), language: texts.language, blocks },
			warnings,
		};
	}
	blocks.push({
		kind: 'keyValue',
		pairs: [
			{ key: c.lost, value: f.integer(totals.lost) },
			{
				key: c.leadQuality,
				value: `${f.integer(totals.leadQuality)} (${f.pct(totals.leadQualityPct)})`,
			},
			{ key: c.handling, value: `${f.integer(totals.handling)} (${f.pct(totals.handlingPct)})` },
			{ key: c.other, value: `${f.integer(totals.other)} (${f.pct(totals.otherPct)})` },
			{ key: c.noReason, value: `${f.integer(totals.noReason)} (${f.pct(totals.noReasonPct)})` },
		],
	});
	blocks.push({ kind: 'heading', text: texts.lostReasons.topReasonsHeading, level: 2 });
	blocks.push({
		kind: 'list',
		items: totals.reasons
			.slice(0, ctx.maxGroups)
			.map(
				(reason): RichText => [
					{ text: reason.reason, bold: true },
					` — ${f.integer(reason.count)} (${f.pct(reason.sharePct)}) · ${texts.reasonClass[reason.reasonClass]}`,
				],
			),
	});
	blocks.push(
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
			true,
		),
	);
	blocks.push(...notes(warnings, [texts.lostReasons.howClassified]));
	return {
		document: { title: title('lostReasons', ctx), language: texts.language, blocks },
		warnings,
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Verdict

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
	return ctx.texts.verdict.sentence(
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

/** "Verdicts: Lead quality — vk_ads. Handling — yandex_direct, seo. Too little data — 2." */
function verdictOverview(rows: VerdictRow[], ctx: PresentContext): Inline[] {
	const { texts, f } = ctx;
	const parts: Inline[] = [];
	for (const kind of VERDICT_ORDER) {
		const names = rows.filter((row) => row.verdict === kind).map((row) => groupName(row, ctx));
		if (names.length === 0) continue;
		parts.push(
			parts.length === 0 ? `${texts.verdict.verdictsLabel}: ` : '. ',
			`${texts.verdictName[kind]} — `,
		);
		if (kind === 'insufficientData' || kind === 'noReasons') {
			parts.push(f.integer(names.length));
			continue;
		}
		names.slice(0, OVERVIEW_NAMES).forEach((name, index) => {
			if (index > 0) parts.push(', ');
			parts.push({ text: name, bold: true });
		});
		if (names.length > OVERVIEW_NAMES)
			parts.push(` ${texts.verdict.andMore(names.length - OVERVIEW_NAMES, f)}`);
	}
	if (parts.length === 0) return [texts.verdict.noGroups];
	parts.push('.');
	return parts;
}

export function presentVerdicts(
	result: VerdictResult,
	ctx: PresentContext,
): Presentation & { explanations: Map<VerdictRow, string> } {
	const { texts, f } = ctx;
	const c = texts.column;
	const warnings = baseWarnings(result.stats, ctx);
	const explanations = new Map<VerdictRow, string>();
	const sentences = new Map<VerdictRow, Inline[]>();
	for (const row of result.rows) {
		const sentence = verdictSentence(row, result, ctx);
		sentences.set(row, sentence);
		explanations.set(row, plainText(sentence));
	}
	const blocks: Block[] = [...scopeBlocks(result.stats, ctx)];
	if (result.stats.inPeriod === 0) {
		blocks.push({ kind: 'paragraph', text: texts.noDeals });
		blocks.push(...notes(warnings, []));
		return {
			document: { title: title('verdict', ctx), language: texts.language, blocks },
			warnings,
			explanations,
		};
	}
	for (const dimension of ctx.groupBy) {
		const rows = result.rows.filter((row) => row.groupBy === dimension);
		if (ctx.groupBy.length > 1)
			blocks.push({ kind: 'heading', text: texts.dimension[dimension], level: 2 });
		blocks.push({ kind: 'paragraph', text: verdictOverview(rows, ctx) });
		// Judged groups first (by verdict, then by losses), groups with too little data after them.
		const ordered = [...rows].sort(
			(a, b) =>
				VERDICT_ORDER.indexOf(a.verdict) - VERDICT_ORDER.indexOf(b.verdict) || b.lost - a.lost,
		);
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
				texts.verdictName[row.verdict],
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
	blocks.push(
		...notes(warnings, [
			texts.verdict.rule(result.minLost, result.dominancePct),
			texts.lostReasons.howClassified,
		]),
	);
	return {
		document: { title: title('verdict', ctx), language: texts.language, blocks },
		warnings,
		explanations,
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Speed to lead

export function presentSpeedToLead(result: SpeedToLeadResult, ctx: PresentContext): Presentation {
	const { texts, f } = ctx;
	const c = texts.column;
	const totals = result.totals;
	const warnings = baseWarnings(result.stats, ctx);
	if (!result.crmHasContacts && result.stats.inPeriod > 0) warnings.unshift(texts.speed.noContacts);
	if (totals.contactBeforeCreation > 0)
		warnings.push(texts.speed.contactBeforeCreation(totals.contactBeforeCreation, f));
	const blocks: Block[] = [...scopeBlocks(result.stats, ctx)];
	if (result.stats.inPeriod === 0 || !result.crmHasContacts) {
		blocks.push({
			kind: 'paragraph',
			text: result.stats.inPeriod === 0 ? texts.noDeals : texts.speed.noContacts,
		});
		blocks.push(
			...notes(
				warnings.filter((warning) => warning !== texts.speed.noContacts),
				[],
			),
		);
		return {
			document: { title: title('speedToLead', ctx), language: texts.language, blocks },
			warnings,
		};
	}
	const bandPct = (count: number): string =>
		`${f.integer(count)} (${f.pct(totals.measured === 0 ? null : (count / totals.measured) * 100)})`;
	blocks.push({ kind: 'paragraph', text: texts.speed.sla(totals.slaMinutes, f) });
	blocks.push({
		kind: 'keyValue',
		pairs: [
			{ key: c.measured, value: f.integer(totals.measured) },
			{ key: c.p50, value: f.minutes(totals.p50Minutes) },
			{ key: c.p90, value: f.minutes(totals.p90Minutes) },
			{ key: texts.speed.bands[0], value: bandPct(totals.band0to5) },
			{ key: texts.speed.bands[1], value: bandPct(totals.band5to15) },
			{ key: texts.speed.bands[2], value: bandPct(totals.band15to60) },
			{ key: texts.speed.bands[3], value: bandPct(totals.band60plus) },
			{ key: c.overSla, value: `${f.integer(totals.slaBreaches)} (${f.pct(totals.slaBreachPct)})` },
		],
	});
	if ((totals.openWaitingOverSla ?? 0) > 0) {
		blocks.push({
			kind: 'paragraph',
			text: { text: texts.speed.waitingNow(totals.openWaitingOverSla ?? 0, f), bold: true },
		});
	}
	const highlights: RichText[] = [];
	for (const dimension of ctx.groupBy) {
		const ranked = result.rows.filter(
			(row) =>
				row.groupBy === dimension &&
				row.groupKey !== '' &&
				row.measured >= MIN_MEASURED_FOR_HIGHLIGHT,
		);
		if (ranked.length < 2) continue;
		const label = ctx.groupBy.length > 1 ? ` (${texts.dimension[dimension].toLowerCase()})` : '';
		const byP50 = (row: SpeedToLeadRow): number => row.p50Minutes ?? 0;
		const slowest = ranked.reduce((a, b) => (byP50(b) > byP50(a) ? b : a));
		const fastest = ranked.reduce((a, b) => (byP50(b) < byP50(a) ? b : a));
		const breaching = ranked.reduce((a, b) =>
			(b.slaBreachPct ?? 0) > (a.slaBreachPct ?? 0) ? b : a,
		);
		const value = (row: SpeedToLeadRow): string =>
			` — ${texts.speed.headlineValue(f.minutes(row.p50Minutes), f.pct(row.slaBreachPct))}`;
		highlights.push([
			`${texts.speed.slowest}${label}: `,
			{ text: groupName(slowest, ctx), bold: true },
			value(slowest),
		]);
		if (breaching !== slowest) {
			highlights.push([
				`${texts.speed.mostBreaches}${label}: `,
				{ text: groupName(breaching, ctx), bold: true },
				value(breaching),
			]);
		}
		// A group with a quick median but a long tail is not "fastest" in any useful sense: name it once only.
		if (fastest !== slowest && fastest !== breaching) {
			highlights.push([
				`${texts.speed.fastest}${label}: `,
				{ text: groupName(fastest, ctx), bold: true },
				value(fastest),
			]);
		}
	}
	if (highlights.length > 0) blocks.push({ kind: 'list', items: highlights });
	blocks.push(
		...groupTables(
			result.rows,
			ctx,
			[
				{ title: c.measured, align: 'right' },
				{ title: c.p50, align: 'right' },
				{ title: c.p90, align: 'right' },
				{ title: texts.speed.bands[0], align: 'right' },
				{ title: texts.speed.bands[1], align: 'right' },
				{ title: texts.speed.bands[2], align: 'right' },
				{ title: texts.speed.bands[3], align: 'right' },
				{ title: c.overSla, align: 'right' },
			],
			(row) => [
				f.integer(row.measured),
				f.minutes(row.p50Minutes),
				f.minutes(row.p90Minutes),
				f.integer(row.band0to5),
				f.integer(row.band5to15),
				f.integer(row.band15to60),
				f.integer(row.band60plus),
				f.pct(row.slaBreachPct),
			],
			true,
		),
	);
	blocks.push(...notes(warnings, [texts.speed.definitions]));
	return {
		document: { title: title('speedToLead', ctx), language: texts.language, blocks },
		warnings,
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Attribution health

export function presentAttributionHealth(
	result: AttributionHealthResult,
	ctx: PresentContext,
): Presentation {
	const { texts, f } = ctx;
	const c = texts.column;
	const totals = result.totals;
	const warnings = baseWarnings(result.stats, ctx);
	const blocks: Block[] = [...scopeBlocks(result.stats, ctx)];
	if (result.stats.inPeriod === 0) {
		blocks.push({ kind: 'paragraph', text: texts.noDeals });
		blocks.push(...notes(warnings, []));
		return {
			document: { title: title('attributionHealth', ctx), language: texts.language, blocks },
			warnings,
		};
	}
	blocks.push({
		kind: 'paragraph',
		text: {
			text: texts.health.cleanShare(f.pct(totals.cleanPct), totals.clean, totals.deals, f),
			bold: true,
		},
	});
	if (result.issues.length === 0) {
		blocks.push({ kind: 'paragraph', text: texts.health.noIssues });
	} else {
		blocks.push({
			kind: 'list',
			items: result.issues.map(
				(entry): RichText => [
					{ text: texts.issueName[entry.issue], bold: true },
					`: ${texts.health.issueLine(entry.count, entry.base, f.pct(entry.pct), f, ISSUE_BASE[entry.issue])} — `,
					{ text: `${texts.fixOwner[entry.fixOwner]}`, italic: true },
					`: ${texts.issueFix[entry.issue]}`,
				],
			),
		});
	}
	if (result.topDuplicateTitles.length > 0) {
		const items: Inline[] = [`${texts.health.duplicatesHeading}: `];
		result.topDuplicateTitles.forEach((entry, index) => {
			if (index > 0) items.push(', ');
			// A title is user text: one line (a line break in it would start a heading or a list in Markdown), and
			// escaped by each renderer like every other string.
			items.push({ text: singleLine(entry.title), code: true }, ` ×${f.integer(entry.count)}`);
		});
		blocks.push({ kind: 'paragraph', text: items });
	}
	blocks.push(
		...groupTables(
			result.rows,
			ctx,
			[
				{ title: c.deals, align: 'right' },
				{ title: c.clean, align: 'right' },
				{ title: c.unattributed, align: 'right' },
				{ title: c.noUtm, align: 'right' },
				{ title: c.wonWithoutAmount, align: 'right' },
				{ title: c.lostWithoutReason, align: 'right' },
				{ title: c.duplicates, align: 'right' },
			],
			(row) => [
				f.integer(row.deals),
				f.pct(row.cleanPct),
				f.pct(row.unattributedPct),
				f.pct(row.noUtmPct),
				f.pct(row.wonWithoutAmountPct),
				f.pct(row.lostWithoutReasonPct),
				f.integer(row.duplicateTitle),
			],
			true,
		),
	);
	blocks.push(...notes(warnings, [texts.health.definitions]));
	return {
		document: { title: title('attributionHealth', ctx), language: texts.language, blocks },
		warnings,
	};
}
