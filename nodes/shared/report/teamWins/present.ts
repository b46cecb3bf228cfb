import type { Block, RenderDocument, RichText } from '../../render/document';
import { singleLine } from '../../render/document';
import type { PresentContext, ReportOutput } from '../present';
import { groupName, groupTables, reportTitle } from '../present';
import { periodText } from '../texts';
import type { TeamWinsResult, TeamWinsRow } from './compute';
import type { TeamWinsTexts } from './texts';
import { teamWinsTexts } from './texts';

/** A team-wins data row with its thank-you sentence (null for owners without wins and for deals without owner). */
export type TeamWinsRowWithThanks = TeamWinsRow & { thankYou: string | null };

export interface ThankYou {
	ownerId: string;
	owner: string;
	wins: number;
	text: string;
}

/** Timed wins a rep needs before their median first contact is named in a thank-you. */
export const MIN_TIMED_WINS = 3;

function money(values: Record<string, number>, t: TeamWinsTexts, ctx: PresentContext): string {
	return Object.entries(values)
		.map(([code, amount]) => ctx.f.money(amount, code === 'unknown' ? t.noCurrency : code))
		.join(', ');
}

/**
 * The period as a phrase inside a sentence ("this month", "from 1 Nov 2026 to 30 Nov 2026"). An open-ended custom
 * period has no phrase: the document's period line says it.
 */
function periodPhrase(t: TeamWinsTexts, ctx: PresentContext): string {
	const p = ctx.period;
	if (p.preset === 'custom') {
		if (p.fromMs === -Infinity || p.toMs === Infinity) return '';
		return t.periodPhrase(
			'custom',
			ctx.f.date(p.fromMs, p.timezone),
			ctx.f.date(p.toMs - 1, p.timezone),
		);
	}
	return t.periodPhrase(p.preset, '', '');
}

export function presentTeamWins(result: TeamWinsResult, ctx: PresentContext): ReportOutput {
	const { texts, f } = ctx;
	const t = teamWinsTexts(texts.language);
	const c = t.column;
	const currency = result.currency === '' ? null : result.currency;
	const totals = result.totals;
	const stats = result.stats;
	const period = periodPhrase(t, ctx);

	const warnings: string[] = [];
	if (ctx.skippedItems > 0) warnings.push(texts.skippedItems(ctx.skippedItems, f));
	if (stats.noClosedDate > 0) warnings.push(t.noClosedDate(stats.noClosedDate, f));
	if (stats.winsWithoutOwner > 0) warnings.push(t.withoutOwner(stats.winsWithoutOwner, f));
	if (Object.keys(totals.revenueInOtherCurrencies).length > 0)
		warnings.push(t.otherCurrencies(money(totals.revenueInOtherCurrencies, t, ctx)));
	if (totals.wonWithoutAmount > 0) warnings.push(t.wonWithoutAmount(totals.wonWithoutAmount, f));
	if (totals.wins > 0 && !result.hasFirstContacts) warnings.push(t.noFirstContacts);
	if (stats.contactBeforeCreation > 0)
		warnings.push(t.contactBeforeCreation(stats.contactBeforeCreation, f));

	// "The fastest in the team" is the lowest median first contact among reps with enough timed wins; it only
	// means something when at least two reps qualify. One lucky minute (the fastest single contact) is not it.
	const timed = result.rows.filter(
		(row) =>
			row.groupKey !== '' &&
			row.firstContactMeasured >= MIN_TIMED_WINS &&
			row.medianFirstContactMinutes !== null,
	);
	const teamBest =
		timed.length >= 2
			? Math.min(...timed.map((row) => row.medianFirstContactMinutes as number))
			: null;

	const thanks: ThankYou[] = [];
	const thanksItems: RichText[] = [];
	const rows: TeamWinsRowWithThanks[] = result.rows.map((row) => {
		if (row.wins === 0 || row.groupKey === '') return { ...row, thankYou: null };
		// Owner names are user text: one line, so a name cannot break a chat message's layout.
		const name = singleLine(groupName(row, ctx));
		const median = row.medianFirstContactMinutes;
		const timedEnough = row.firstContactMeasured >= MIN_TIMED_WINS && median !== null;
		const holdsTeamBest = timedEnough && teamBest !== null && median === teamBest;
		const text = t.thankYou(
			{
				name,
				wins: row.wins,
				period,
				revenue: row.revenue > 0 ? t.compactMoney(row.revenue, currency, f) : null,
				teamBest: holdsTeamBest ? f.minutes(median) : null,
				ownMedian:
					!holdsTeamBest && timedEnough && median <= result.slaMinutes ? f.minutes(median) : null,
			},
			f,
		);
		thanks.push({ ownerId: row.groupKey, owner: name, wins: row.wins, text });
		// The name in bold, the rest as the sentence has it.
		thanksItems.push([{ text: name, bold: true }, text.slice(name.length)]);
		return { ...row, thankYou: text };
	});

	const channelsLine = result.explicitChannels
		? t.channelsList(result.marketingChannels.join(', ') || '—')
		: t.channelsDefault;
	const otherCount = Object.values(result.otherChannelWins).reduce((sum, n) => sum + n, 0);
	const notes: string[] = [];
	if (otherCount > 0) {
		const list = Object.entries(result.otherChannelWins)
			.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
			.map(([key, count]) => `${key === '' ? t.noChannel : key} ${f.integer(count)}`)
			.join(', ');
		notes.push(t.notCounted(list, otherCount, f));
	}
	notes.push(t.definitions);

	const reps = thanks.length;
	const bestRows =
		teamBest === null ? [] : timed.filter((row) => row.medianFirstContactMinutes === teamBest);
	const bestNames = bestRows.map((row) => singleLine(groupName(row, ctx)));
	const top = thanks[0];
	const headline =
		totals.wins === 0 || top === undefined
			? t.noWins(period)
			: t.headline(
					{
						wins: totals.wins,
						period,
						reps,
						revenue: totals.revenue > 0 ? t.compactMoney(totals.revenue, currency, f) : null,
						top: top.owner,
						topWins: top.wins,
					},
					f,
				);

	const blocks: Block[] = [
		{
			kind: 'paragraph',
			text: `${periodText(ctx.period, texts, f)} · ${t.scope(totals.wins, stats.wonInPeriod, stats.inputDeals, f)}`,
		},
		{ kind: 'paragraph', text: channelsLine },
	];
	const note = (text: string): Block => ({ kind: 'note', text });
	if (totals.wins === 0) {
		blocks.push({ kind: 'paragraph', text: t.noWins(period) });
		blocks.push(...[...warnings, ...notes.slice(0, -1)].map(note));
	} else {
		blocks.push({
			kind: 'keyValue',
			pairs: [
				{ key: c.wins, value: f.integer(totals.wins) },
				{ key: c.revenue, value: f.money(totals.revenue, currency) },
				{ key: c.reps, value: f.integer(reps) },
				...(teamBest === null
					? []
					: [{ key: c.teamBest, value: `${bestNames.join(', ')} — ${f.minutes(teamBest)}` }]),
			],
		});
		blocks.push({ kind: 'heading', text: t.thanksHeading, level: 2 });
		blocks.push({ kind: 'list', items: thanksItems.slice(0, ctx.maxGroups) });
		if (thanksItems.length > ctx.maxGroups)
			blocks.push(note(texts.moreGroups(thanksItems.length - ctx.maxGroups, f)));
		blocks.push(
			...groupTables(
				rows.filter((row) => row.wins > 0),
				ctx,
				[c.wins, c.revenue, c.averageDeal, c.fastest, c.median].map((title) => ({
					title,
					align: 'right' as const,
				})),
				(row) => [
					f.integer(row.wins),
					f.money(row.revenue, currency),
					f.money(row.averageDeal, currency),
					f.minutes(row.fastestFirstContactMinutes),
					f.minutes(row.medianFirstContactMinutes),
				],
			),
		);
		blocks.push(...[...warnings, ...notes].map(note));
	}
	const document: RenderDocument = {
		title: reportTitle(t.title, ctx),
		language: texts.language,
		blocks,
	};

	return {
		headline,
		findings: thanks.map((entry) => entry.text),
		rows,
		stats: result.stats,
		totals: { ...totals, reps },
		details: {
			currency,
			thankYous: thanks,
			marketingChannels: {
				rule: result.explicitChannels ? 'list' : 'default',
				withWins: result.marketingChannels,
			},
			/** Won deals in the period from other channels, by channel key ('' = no channel). */
			notCountedByChannel: result.otherChannelWins,
			hasFirstContacts: result.hasFirstContacts,
			/** The reps with the team's lowest median first contact (3+ timed wins), or null. */
			fastestFirstContacts:
				teamBest === null
					? null
					: {
							medianMinutes: teamBest,
							owners: bestRows.map((row) => ({ ownerId: row.groupKey, owner: row.group })),
						},
			slaMinutes: result.slaMinutes,
		},
		document,
		warnings,
		chart: null,
		members: result.members,
	};
}
