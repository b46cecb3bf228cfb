import type { Block, RichText } from '../../render/document';
import { plainText } from '../../render/document';
import type { PresentContext, ReportOutput } from '../present';
import { baseWarnings, groupName, groupTables, reportDocument } from '../present';
import type { SpeedToLeadResult, SpeedToLeadRow } from './compute';
import type { SpeedToLeadTexts } from './texts';
import { speedToLeadTexts } from './texts';

/** Measured first contacts a group needs before it is named slowest / fastest. */
const MIN_MEASURED_FOR_HIGHLIGHT = 3;

function speedHighlights(
	result: SpeedToLeadResult,
	t: SpeedToLeadTexts,
	ctx: PresentContext,
): RichText[] {
	const { texts, f } = ctx;
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
			` — ${t.headlineValue(f.minutes(row.p50Minutes), f.pct(row.slaBreachPct))}`;
		highlights.push([
			`${t.slowest}${label}: `,
			{ text: groupName(slowest, ctx), bold: true },
			value(slowest),
		]);
		if (breaching !== slowest) {
			highlights.push([
				`${t.mostBreaches}${label}: `,
				{ text: groupName(breaching, ctx), bold: true },
				value(breaching),
			]);
		}
		// A group with a quick median but a long tail is not "fastest" in any useful sense: name it once only.
		if (fastest !== slowest && fastest !== breaching) {
			highlights.push([
				`${t.fastest}${label}: `,
				{ text: groupName(fastest, ctx), bold: true },
				value(fastest),
			]);
		}
	}
	return highlights;
}

export function presentSpeedToLead(result: SpeedToLeadResult, ctx: PresentContext): ReportOutput {
	const { texts, f } = ctx;
	const t = speedToLeadTexts(texts.language);
	const c = texts.column;
	const totals = result.totals;
	const warnings = baseWarnings(result.stats, ctx);
	if (!result.crmHasContacts && result.stats.inPeriod > 0) warnings.unshift(t.noContacts);
	if (totals.contactBeforeCreation > 0)
		warnings.push(t.contactBeforeCreation(totals.contactBeforeCreation, f));
	const bandPct = (count: number): string =>
		`${f.integer(count)} (${f.pct(totals.measured === 0 ? null : (count / totals.measured) * 100)})`;
	const highlights = speedHighlights(result, t, ctx);
	const body = (): Block[] => {
		const blocks: Block[] = [
			{ kind: 'paragraph', text: t.sla(totals.slaMinutes, f) },
			{
				kind: 'keyValue',
				pairs: [
					{ key: c.measured, value: f.integer(totals.measured) },
					{ key: c.p50, value: f.minutes(totals.p50Minutes) },
					{ key: c.p90, value: f.minutes(totals.p90Minutes) },
					{ key: t.bands[0], value: bandPct(totals.band0to5) },
					{ key: t.bands[1], value: bandPct(totals.band5to15) },
					{ key: t.bands[2], value: bandPct(totals.band15to60) },
					{ key: t.bands[3], value: bandPct(totals.band60plus) },
					{
						key: c.overSla,
						value: `${f.integer(totals.slaBreaches)} (${f.pct(totals.slaBreachPct)})`,
					},
				],
			},
		];
		if ((totals.openWaitingOverSla ?? 0) > 0) {
			blocks.push({
				kind: 'paragraph',
				text: { text: t.waitingNow(totals.openWaitingOverSla ?? 0, f), bold: true },
			});
		}
		if (highlights.length > 0) blocks.push({ kind: 'list', items: highlights });
		blocks.push(
			...groupTables(
				result.rows,
				ctx,
				[c.measured, c.p50, c.p90, ...t.bands, c.overSla].map((title) => ({
					title,
					align: 'right' as const,
				})),
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
			),
		);
		return blocks;
	};
	const nothing = result.stats.inPeriod === 0 || !result.crmHasContacts;
	const document = reportDocument(t.title, result.stats, ctx, {
		warnings,
		empty: nothing ? (result.stats.inPeriod === 0 ? texts.noDeals : t.noContacts) : null,
		// The paragraph already says that no deal has a first-contact time.
		emptyWarnings: warnings.filter((warning) => warning !== t.noContacts),
		body,
		notes: [t.definitions],
	});
	return {
		headline:
			result.stats.inPeriod === 0
				? texts.noDeals
				: !result.crmHasContacts
					? t.noContactsHeadline
					: t.headline(
							{
								p50: f.minutes(totals.p50Minutes),
								breachPct: f.pct(totals.slaBreachPct),
								measured: totals.measured,
								slaMinutes: totals.slaMinutes,
								waiting: totals.openWaitingOverSla ?? 0,
							},
							f,
						),
		findings: nothing ? [] : highlights.map((item) => plainText(item)),
		rows: result.rows,
		stats: result.stats,
		totals: result.totals,
		details: { crmHasContacts: result.crmHasContacts },
		document,
		warnings,
		chart: null,
		members: result.members,
	};
}
