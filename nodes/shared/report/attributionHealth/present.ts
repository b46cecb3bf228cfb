import type { Block, Inline, RichText } from '../../render/document';
import { plainText, singleLine } from '../../render/document';
import type { PresentContext, ReportOutput } from '../present';
import { baseWarnings, groupTables, reportDocument } from '../present';
import type { AttributionHealthResult } from './compute';
import { ISSUE_BASE } from './compute';
import { attributionHealthTexts } from './texts';

export function presentAttributionHealth(
	result: AttributionHealthResult,
	ctx: PresentContext,
): ReportOutput {
	const { texts, f } = ctx;
	const t = attributionHealthTexts(texts.language);
	const c = texts.column;
	const totals = result.totals;
	const warnings = baseWarnings(result.stats, ctx);
	const issueItems = result.issues.map(
		(entry): RichText => [
			{ text: t.issueName[entry.issue], bold: true },
			`: ${t.issueLine(entry.count, entry.base, f.pct(entry.pct), f, ISSUE_BASE[entry.issue])} — `,
			{ text: t.fixOwner[entry.fixOwner], italic: true },
			`: ${t.issueFix[entry.issue]}`,
		],
	);
	const cleanShare = t.cleanShare(f.pct(totals.cleanPct), totals.clean, totals.deals, f);
	const body = (): Block[] => {
		const blocks: Block[] = [
			{
				kind: 'paragraph',
				text: { text: cleanShare, bold: true },
			},
		];
		if (result.issues.length === 0) {
			blocks.push({ kind: 'paragraph', text: t.noIssues });
		} else {
			blocks.push({ kind: 'list', items: issueItems });
		}
		if (result.topDuplicateTitles.length > 0) {
			const items: Inline[] = [`${t.duplicatesHeading}: `];
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
					c.deals,
					c.clean,
					c.unattributed,
					c.noUtm,
					c.wonWithoutAmount,
					c.lostWithoutReason,
					c.duplicates,
				].map((title) => ({ title, align: 'right' as const })),
				(row) => [
					f.integer(row.deals),
					f.pct(row.cleanPct),
					f.pct(row.unattributedPct),
					f.pct(row.noUtmPct),
					f.pct(row.wonWithoutAmountPct),
					f.pct(row.lostWithoutReasonPct),
					f.integer(row.duplicateTitle),
				],
			),
		);
		return blocks;
	};
	const document = reportDocument(t.title, result.stats, ctx, {
		warnings,
		empty: result.stats.inPeriod === 0 ? texts.noDeals : null,
		body,
		notes: [t.definitions],
	});
	const empty = result.stats.inPeriod === 0;
	return {
		headline: empty ? texts.noDeals : cleanShare,
		findings: empty ? [] : issueItems.map((item) => plainText(item)),
		rows: result.rows,
		stats: result.stats,
		totals: result.totals,
		details: {
			issues: result.issues.map((issue) => ({
				...issue,
				name: t.issueName[issue.issue],
				fixOwnerName: t.fixOwner[issue.fixOwner],
				fix: t.issueFix[issue.issue],
			})),
			topDuplicateTitles: result.topDuplicateTitles,
		},
		document,
		warnings,
		chart: null,
		members: result.members,
	};
}
