/**
 * What every report's presentation shares: the context it is given, the document skeleton (title, period and scope
 * line, the body or a "nothing to show" paragraph, notes at the end), tables per dimension, and the shape a report
 * module returns. Each report's own presentation lives next to its computation in `<report>/present.ts`.
 */
import type { Deal } from '../model/deal';
import type { Block, RenderDocument, RichText, TableColumn } from '../render/document';
import type { BriefImpactRequest } from './briefImpact/compute';
import type { LeadQualityChart } from './leadQuality/chart';
import type { DimensionReader } from './dimensions';
import type { GroupMembers, ScanStats } from './scan';
import type { Formatter, ReportTexts } from './texts';
import { periodText } from './texts';
import type {
	DimensionKey,
	LostReasonOverride,
	ReportType,
	ResolvedPeriod,
	RowBase,
	SpendEntry,
} from './types';

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

/** What a report's computation is given: the request's settings, already resolved. */
export interface ComputeContext {
	readers: readonly DimensionReader[];
	period: ResolvedPeriod;
	nowMs: number;
	trackMembers: boolean;
	currency?: string | null;
	spend?: readonly SpendEntry[];
	slaMinutes?: number;
	lostReasonOverrides?: readonly LostReasonOverride[];
	verdictMinLost?: number;
	verdictDominancePct?: number;
	/** Team wins: channel keys (or display names) that count as marketing's; empty = the built-in rule. */
	marketingChannels?: readonly string[];
	/** Lower-cased channel key → display name ("Channel Names"). */
	channelNames?: ReadonlyMap<string, string>;
	/** Brief impact: the brief's release, metric, scope and window. */
	brief?: BriefImpactRequest | null;
}

/** One report's finished output, before the node adds the rendered texts. */
export interface ReportOutput {
	/** One plain sentence: the first thing a person reads in the Summary item. */
	headline: string;
	/** A short list of plain sentences (highlights, or one per group for the verdict). */
	findings: string[];
	/** One data row per group; the fields depend on the report. */
	rows: RowBase[];
	stats: ScanStats;
	/** The report's metrics over all deals in the period (same fields as a row). */
	totals: object;
	/** Report-specific extras: currency, issues, verdict counts… */
	details: Record<string, unknown>;
	document: RenderDocument;
	/** Plain-text warnings about the data, in the report language (also shown as notes in the document). */
	warnings: string[];
	chart: LeadQualityChart | null;
	members: GroupMembers | null;
}

/** A report type: one module per report (`<report>/index.ts`), each its computation, presentation and texts. */
export interface ReportDefinition {
	type: ReportType;
	/** Dimensions used when the request names none: what a RevOps user looks at first. */
	defaultGroupBy: DimensionKey[];
	/**
	 * False when the period does not pick deals by their creation date (team wins: by closing date; brief impact: windows
	 * around the release). Pulling from the CRM then cannot narrow the pull to the period. Default true.
	 */
	periodByCreation?: boolean;
	run(deals: readonly Deal[], compute: ComputeContext, present: PresentContext): ReportOutput;
}

export function groupName(row: RowBase, ctx: PresentContext): string {
	return row.group ?? ctx.texts.notSet;
}

/** "Lead quality (by channel)" */
export function reportTitle(name: string, ctx: PresentContext): string {
	const by = ctx.groupBy.map((dimension) => ctx.texts.byDimension[dimension]).join(', ');
	return `${name} (${by})`;
}

/** Warnings every report carries: skipped input items, deals left out for having no creation date. */
export function baseWarnings(stats: ScanStats, ctx: PresentContext): string[] {
	const warnings: string[] = [];
	if (ctx.skippedItems > 0) warnings.push(ctx.texts.skippedItems(ctx.skippedItems, ctx.f));
	if (stats.noCreatedDate > 0) warnings.push(ctx.texts.excludedNoDate(stats.noCreatedDate, ctx.f));
	return warnings;
}

/**
 * The document every report builds: the period and scope line, then either the body with the warnings and the
 * report's own notes, or — when `empty` is given — that one paragraph with the warnings.
 */
export function reportDocument(
	name: string,
	stats: ScanStats,
	ctx: PresentContext,
	parts: {
		warnings: readonly string[];
		/** The paragraph shown instead of the body when there is nothing to report. */
		empty?: string | null;
		/** Warnings shown under the empty paragraph (default: all of them). */
		emptyWarnings?: readonly string[];
		body: () => Block[];
		notes: readonly string[];
	},
): RenderDocument {
	const blocks: Block[] = [
		{
			kind: 'paragraph',
			text: `${periodText(ctx.period, ctx.texts, ctx.f)} · ${ctx.texts.scope(stats.inPeriod, stats.inputDeals, ctx.f)}`,
		},
	];
	const note = (text: string): Block => ({ kind: 'note', text });
	if (parts.empty !== undefined && parts.empty !== null) {
		blocks.push({ kind: 'paragraph', text: parts.empty });
		blocks.push(...(parts.emptyWarnings ?? parts.warnings).map(note));
	} else {
		blocks.push(...parts.body());
		blocks.push(...[...parts.warnings, ...parts.notes].map(note));
	}
	return { title: reportTitle(name, ctx), language: ctx.texts.language, blocks };
}

/** A table per dimension, cut to `maxGroups` rows with a "…and N more" note. */
export function groupTables<R extends RowBase>(
	rows: R[],
	ctx: PresentContext,
	columns: TableColumn[],
	cells: (row: R) => RichText[],
): Block[] {
	const blocks: Block[] = [];
	for (const dimension of ctx.groupBy) {
		const dimensionRows = rows.filter((row) => row.groupBy === dimension);
		if (ctx.groupBy.length > 1) {
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
