import type { Deal } from '../../model/deal';
import { daysBetween, parseInstant } from '../dates';
import type { DimensionReader } from '../dimensions';
import { compareGroups } from '../dimensions';
import type { GroupIdentity, GroupMembers, ScanStats } from '../scan';
import { amountOf, chooseReportCurrency, currencyOf, MoneyByCurrency, scanDeals } from '../scan';
import { GroupedValues, percent, ratio, roundOrNull } from '../stats';
import type { ResolvedPeriod, RowBase, SpendEntry } from '../types';

export interface LeadQualityOptions {
	/** Also return which deals (by position) fell into each group. */
	trackMembers?: boolean;
	readers: readonly DimensionReader[];
	period: ResolvedPeriod;
	/** Report currency; when empty, the currency with the most won deals. */
	currency?: string | null;
	/** Spend per group of the first dimension (usually channel). */
	spend?: readonly SpendEntry[];
}

export interface LeadQualityMetrics {
	/** All deals/leads created in the period. */
	leads: number;
	open: number;
	won: number;
	lost: number;
	/** won ÷ (won + lost), %: how often a decided deal is won. */
	winRatePct: number | null;
	/** won ÷ leads, %. */
	conversionPct: number | null;
	/** Sum of won amounts in the report currency. */
	revenue: number;
	/** The report currency ('' → null: the deals carry no currency). */
	currency: string | null;
	/** revenue ÷ won deals that have an amount in the report currency. */
	averageDeal: number | null;
	/** Won deals with no amount (counted in won, not in revenue). */
	wonWithoutAmount: number;
	/** Won revenue in other currencies, never added to `revenue`. */
	revenueInOtherCurrencies: Record<string, number>;
	/** Median of (closedAt − createdAt) over won deals, in days. */
	medianDaysToClose: number | null;
	/** Marketing spend in the report currency, when given. */
	spend: number | null;
	/** spend ÷ leads. */
	costPerLead: number | null;
	/** spend ÷ won. */
	costPerWon: number | null;
	/** (revenue − spend) ÷ spend, %. Revenue-based: the CRM has no margin. */
	romiPct: number | null;
}

export type LeadQualityRow = RowBase & LeadQualityMetrics;

export interface LeadQualityResult {
	/** Deal positions per group, when asked for with `trackMembers`. */
	members: GroupMembers | null;
	rows: LeadQualityRow[];
	totals: LeadQualityMetrics;
	currency: string;
	stats: ScanStats;
	/** Won deals with closedAt before createdAt: left out of days-to-close. */
	negativeCloseTimes: number;
	spendNotes: {
		/** Spend channels with no deals in the period (they still get a row). */
		channelsWithoutDeals: string[];
		/** Spend left out because it is in another currency than the report. */
		otherCurrencies: Record<string, number>;
	};
}

class Accumulator {
	leads = 0;
	open = 0;
	won = 0;
	lost = 0;
	wonWithoutAmount = 0;
	readonly revenue = new MoneyByCurrency();
	/** Median days to close, set after the pass. */
	medianDays: number | null = null;

	constructor(
		readonly identity: GroupIdentity,
		readonly ordinal = 0,
	) {}

	add(deal: Deal, amount: number | null, currency: string): void {
		this.leads++;
		const status = deal.status;
		if (status === 'won') {
			this.won++;
			if (amount === null) this.wonWithoutAmount++;
			else this.revenue.add(currency, amount);
		} else if (status === 'lost') this.lost++;
		else this.open++;
	}
}

function money(value: number | null): number | null {
	return roundOrNull(value, 2);
}

function metrics(acc: Accumulator, currency: string, spend: number | null): LeadQualityMetrics {
	const revenue = acc.revenue.sum(currency);
	return {
		leads: acc.leads,
		open: acc.open,
		won: acc.won,
		lost: acc.lost,
		winRatePct: percent(acc.won, acc.won + acc.lost),
		conversionPct: percent(acc.won, acc.leads),
		revenue: money(revenue) ?? 0,
		currency: currency === '' ? null : currency,
		averageDeal: money(ratio(revenue, acc.revenue.count(currency))),
		wonWithoutAmount: acc.wonWithoutAmount,
		revenueInOtherCurrencies: acc.revenue.others(currency),
		medianDaysToClose: roundOrNull(acc.medianDays, 1),
		spend: money(spend),
		costPerLead: spend === null ? null : money(ratio(spend, acc.leads)),
		costPerWon: spend === null ? null : money(ratio(spend, acc.won)),
		// Spend that rounds to 0.00 is no spend: ROMI over 1e-320 would be Infinity.
		romiPct:
			spend === null || money(spend) === 0
				? null
				: roundOrNull(((revenue - spend) / spend) * 100, 1),
	};
}

function spendKey(value: string): string {
	return value.trim().toLowerCase();
}

/**
 * Lead quality by channel (or any dimension): volume, outcome, money and speed of closing per group, plus cost
 * metrics when spend is given. One pass over the deals.
 */
export function computeLeadQuality(
	deals: readonly Deal[],
	options: LeadQualityOptions,
): LeadQualityResult {
	const total = new Accumulator({
		groupBy: options.readers[0]?.dimension ?? 'channel',
		groupKey: '',
		group: null,
	});
	const amountsByCurrency = new Map<string, number>();
	const daysToClose = new GroupedValues(deals.length, options.readers.length);
	let negativeCloseTimes = 0;
	const { groupsByDimension, stats, members } = scanDeals(
		deals,
		options.period,
		options.readers,
		(identity, ordinal) => new Accumulator(identity, ordinal),
		(deal, createdMs, groups, ordinals) => {
			const amount = amountOf(deal);
			const currency = amount === null ? '' : currencyOf(deal);
			if (amount !== null)
				amountsByCurrency.set(currency, (amountsByCurrency.get(currency) ?? 0) + 1);
			let days = NaN;
			if (deal.status === 'won') {
				const created = createdMs === createdMs ? createdMs : parseInstant(deal.createdAt);
				days = daysBetween(created, parseInstant(deal.closedAt));
				if (days < 0) {
					negativeCloseTimes++;
					days = NaN;
				}
			}
			total.add(deal, amount, currency);
			for (let index = 0; index < groups.length; index++) groups[index].add(deal, amount, currency);
			if (days === days) daysToClose.push(days, ordinals);
		},
		{ trackMembers: options.trackMembers },
	);

	[total.medianDays] = daysToClose.percentiles([0.5]);
	groupsByDimension.forEach((groups, dimensionIndex) => {
		const byGroup = daysToClose.percentilesByGroup(dimensionIndex, groups.size, [0.5]);
		for (const acc of groups.values()) [acc.medianDays] = byGroup[acc.ordinal];
	});

	const wonByCurrency = new Map<string, number>();
	for (const [code, entry] of total.revenue.totals) wonByCurrency.set(code, entry.count);
	const currency = chooseReportCurrency(wonByCurrency, amountsByCurrency, options.currency);

	// Spend: summed per group key (case-insensitive), only in the report currency.
	const spendByKey = new Map<string, { label: string; amount: number }>();
	const otherCurrencies: Record<string, number> = {};
	let totalSpend: number | null = null;
	for (const entry of options.spend ?? []) {
		const code = (entry.currency ?? '').trim().toUpperCase();
		if (code !== '' && code !== currency) {
			otherCurrencies[code] = (otherCurrencies[code] ?? 0) + entry.amount;
			continue;
		}
		const key = spendKey(entry.channel);
		const existing = spendByKey.get(key);
		if (existing === undefined)
			spendByKey.set(key, { label: entry.channel.trim(), amount: entry.amount });
		else existing.amount += entry.amount;
		totalSpend = (totalSpend ?? 0) + entry.amount;
	}

	const rows: LeadQualityRow[] = [];
	const channelsWithoutDeals: string[] = [];
	groupsByDimension.forEach((groups, dimensionIndex) => {
		const withSpend = dimensionIndex === 0 && spendByKey.size > 0;
		const usedSpend = new Set<string>();
		const dimensionRows: LeadQualityRow[] = [];
		// Groups are case-sensitive but spend matching is not: when "VK" and "vk" are both groups, the larger one
		// takes the spend, so it is counted once (largest first: the same order as the rows).
		const ordered = [...groups.values()]
			.map((acc) => ({ ...acc.identity, acc }))
			.sort(compareGroups(options.readers[dimensionIndex].dimension, (entry) => entry.acc.leads));
		for (const { acc } of ordered) {
			let spend: number | null = null;
			if (withSpend) {
				const key = spendKey(acc.identity.groupKey);
				const entry = spendByKey.get(key);
				if (entry !== undefined && !usedSpend.has(key)) {
					spend = entry.amount;
					usedSpend.add(key);
				}
			}
			dimensionRows.push({
				report: 'leadQuality',
				...acc.identity,
				...metrics(acc, currency, spend),
			});
		}
		if (withSpend) {
			// Money spent on a channel that brought no deals is the most important row of all: keep it.
			for (const [key, entry] of spendByKey) {
				if (usedSpend.has(key)) continue;
				channelsWithoutDeals.push(entry.label);
				const empty = new Accumulator({
					groupBy: options.readers[0].dimension,
					groupKey: entry.label,
					group: options.readers[0].nameOf(entry.label),
				});
				dimensionRows.push({
					report: 'leadQuality',
					...empty.identity,
					...metrics(empty, currency, entry.amount),
				});
			}
		}
		dimensionRows.sort(
			compareGroups(options.readers[dimensionIndex].dimension, (row) => row.leads),
		);
		rows.push(...dimensionRows);
	});

	return {
		rows,
		totals: metrics(total, currency, totalSpend),
		currency,
		stats,
		negativeCloseTimes,
		spendNotes: { channelsWithoutDeals, otherCurrencies },
		members,
	};
}
