import type { Deal } from '../../model/deal';
import { parseInstant } from '../dates';
import { channelNameKey, channelOf, createDimensionReader } from '../dimensions';
import type { GroupIdentity, ScanStats } from '../scan';
import {
	GroupMembers,
	amountOf,
	chooseReportCurrency,
	currencyOf,
	MoneyByCurrency,
	scanDeals,
} from '../scan';
import { DEFAULT_SLA_MINUTES, minutesToFirstContact } from '../speedToLead/compute';
import { GroupedValues, percent, ratio, round, roundOrNull } from '../stats';
import type { ResolvedPeriod, RowBase } from '../types';

/**
 * Channel keys that are not marketing's by default: no channel at all, direct traffic, and the leads sales or partners
 * bring themselves (referrals, recommendations, cold calls). Compared after `marketingKey` (case, spaces, `_` and `-`
 * ignored). Everything else — paid, organic, social, e-mail — is a marketing channel. The "Marketing Channels" option
 * replaces this rule by an explicit list.
 */
export const NON_MARKETING_CHANNELS: readonly string[] = [
	'direct',
	'(direct)',
	'none',
	'(none)',
	'not set',
	'(not set)',
	'unknown',
	'n/a',
	'referral',
	'referrals',
	'recommendation',
	'word of mouth',
	'partner',
	'partners',
	'sales',
	'outbound',
	'cold call',
	'manual',
	'offline',
	'прямой заход',
	'рекомендация',
	'рекомендации',
	'сарафанное радио',
	'партнер',
	'партнёр',
	'партнеры',
	'партнёры',
	'холодный звонок',
	'неизвестно',
	'не указано',
];

/** How channel keys are compared for the marketing rule: trimmed, lower-cased, runs of spaces, `_` and `-` as one space. */
export function marketingKey(channel: string): string {
	return channelNameKey(channel).replace(/[\s_-]+/g, ' ');
}

const DEFAULT_EXCLUDED = new Set(NON_MARKETING_CHANNELS.map(marketingKey));

/**
 * Decides once per channel key whether its deals are marketing's. With a list, a channel counts when its key or its
 * display name from "Channel Names" is on the list; without one, when it has a key that is not in
 * NON_MARKETING_CHANNELS.
 */
export function createMarketingRule(
	list: readonly string[] | undefined,
	channelNames: ReadonlyMap<string, string> | undefined,
): (channel: string) => boolean {
	const wanted = new Set((list ?? []).map(marketingKey).filter((key) => key !== ''));
	const cache = new Map<string, boolean>();
	return (channel) => {
		let verdict = cache.get(channel);
		if (verdict === undefined) {
			const key = marketingKey(channel);
			if (key === '') verdict = false;
			else if (wanted.size === 0) verdict = !DEFAULT_EXCLUDED.has(key);
			else {
				const name = channelNames?.get(channelNameKey(channel));
				verdict = wanted.has(key) || (name !== undefined && wanted.has(marketingKey(name)));
			}
			cache.set(channel, verdict);
		}
		return verdict;
	};
}

export interface TeamWinsMetrics {
	/** Won deals from marketing's channels closed in the period. */
	wins: number;
	/** Share of the team's marketing wins, %. */
	winsSharePct: number | null;
	/** Sum of the wins' amounts in the report currency. */
	revenue: number;
	/** The report currency ('' → null: the deals carry no currency). */
	currency: string | null;
	/** revenue ÷ wins with an amount in the report currency. */
	averageDeal: number | null;
	/** Wins with no amount (counted in wins, not in revenue). */
	wonWithoutAmount: number;
	/** Won revenue in other currencies, never added to `revenue`. */
	revenueInOtherCurrencies: Record<string, number>;
	/** Wins with both a creation and a first-contact time. */
	firstContactMeasured: number;
	/** The quickest first contact among the wins, minutes. */
	fastestFirstContactMinutes: number | null;
	/** Median minutes from creation to first contact over the wins. */
	medianFirstContactMinutes: number | null;
}

/** One row per owner: every owner seen in the deals, also those without a marketing win (then `wins: 0`). */
export type TeamWinsRow = RowBase & TeamWinsMetrics;

export interface TeamWinsCounts extends ScanStats {
	/** Won deals closed in the period, from any channel. */
	wonInPeriod: number;
	/** Of those, from marketing's channels: the wins of this report. */
	marketingWins: number;
	/** Won deals without a closing date, left out of a dated period. */
	noClosedDate: number;
	/** Marketing wins without an owner: in the row with `groupKey: ''`, thanked to nobody. */
	winsWithoutOwner: number;
	/** Wins whose first contact is dated before creation (imports, merges): left out of the contact times. */
	contactBeforeCreation: number;
}

export interface TeamWinsResult {
	rows: TeamWinsRow[];
	totals: TeamWinsMetrics;
	currency: string;
	/** `inPeriod` here counts the won deals closed in the period (wins are dated by `closedAt`). */
	stats: TeamWinsCounts;
	/** Won deals in the period that were not counted, by channel key (`''`: no channel). */
	otherChannelWins: Record<string, number>;
	/** Channels (keys) that brought marketing wins, most wins first. */
	marketingChannels: string[];
	/** True when the "Marketing Channels" list was given. */
	explicitChannels: boolean;
	/** The SLA the thank-you texts hold median first contacts against. */
	slaMinutes: number;
	/** False when no win has a first-contact time: the CRM data does not say. */
	hasFirstContacts: boolean;
	/** Deal positions per owner: the owner's wins, or all their deals for an owner without wins. */
	members: GroupMembers | null;
}

export interface TeamWinsOptions {
	period: ResolvedPeriod;
	currency?: string | null;
	/** Channel keys (or display names) that are marketing's; empty: all but NON_MARKETING_CHANNELS. */
	marketingChannels?: readonly string[];
	/** Lower-cased channel key → display name ("Channel Names"). */
	channelNames?: ReadonlyMap<string, string>;
	/** A median first contact within this is named in the thank-you (default DEFAULT_SLA_MINUTES). */
	slaMinutes?: number;
	trackMembers?: boolean;
}

class OwnerWins {
	wins = 0;
	wonWithoutAmount = 0;
	measured = 0;
	fastest = Infinity;
	median: number | null = null;
	readonly revenue = new MoneyByCurrency();

	constructor(
		readonly identity: GroupIdentity,
		readonly ordinal = 0,
	) {}

	add(amount: number | null, currency: string, minutes: number): void {
		this.wins++;
		if (amount === null) this.wonWithoutAmount++;
		else this.revenue.add(currency, amount);
		if (minutes >= 0) {
			this.measured++;
			if (minutes < this.fastest) this.fastest = minutes;
		}
	}
}

function metrics(acc: OwnerWins, currency: string, teamWins: number): TeamWinsMetrics {
	const revenue = acc.revenue.sum(currency);
	return {
		wins: acc.wins,
		winsSharePct: percent(acc.wins, teamWins),
		revenue: roundOrNull(revenue, 2) ?? 0,
		currency: currency === '' ? null : currency,
		averageDeal: roundOrNull(ratio(revenue, acc.revenue.count(currency)), 2),
		wonWithoutAmount: acc.wonWithoutAmount,
		revenueInOtherCurrencies: acc.revenue.others(currency),
		firstContactMeasured: acc.measured,
		fastestFirstContactMinutes: acc.measured === 0 ? null : round(acc.fastest, 1),
		medianFirstContactMinutes: roundOrNull(acc.median, 1),
	};
}

/**
 * Team wins: per owner, the won deals from marketing's channels closed in the period, their revenue and how fast the
 * owner first contacted those leads. One pass over the deals (the owner reader of `scanDeals`, all time; the period
 * is applied to the closing date here, not to the creation date as in the cohort reports).
 */
export function computeTeamWins(deals: readonly Deal[], options: TeamWinsOptions): TeamWinsResult {
	const period = options.period;
	const bounded = period.fromMs !== -Infinity || period.toMs !== Infinity;
	const isMarketing = createMarketingRule(options.marketingChannels, options.channelNames);
	const owners = createDimensionReader('owner', period.timezone);
	const allTime: ResolvedPeriod = {
		...period,
		fromMs: -Infinity,
		toMs: Infinity,
		from: null,
		to: null,
	};
	const total = new OwnerWins({ groupBy: 'owner', groupKey: '', group: null });
	const minutes = new GroupedValues(deals.length, 1);
	const amountsByCurrency = new Map<string, number>();
	const otherChannelWins: Record<string, number> = {};
	const winsByChannel = new Map<string, number>();
	const trackMembers = options.trackMembers === true;
	const ownerOfDeal = trackMembers ? new Int32Array(deals.length) : null;
	const counted = trackMembers ? new Int32Array(deals.length).fill(-1) : null;
	const counts = {
		wonInPeriod: 0,
		outsidePeriod: 0,
		noClosedDate: 0,
		winsWithoutOwner: 0,
		contactBeforeCreation: 0,
	};
	let position = -1;
	const { groupsByDimension } = scanDeals(
		deals,
		allTime,
		[owners],
		(identity, ordinal) => new OwnerWins(identity, ordinal),
		(deal, _createdMs, groups, ordinals) => {
			position++;
			if (ownerOfDeal !== null) ownerOfDeal[position] = ordinals[0];
			if (deal.status !== 'won') return;
			if (bounded) {
				const closedMs = parseInstant(deal.closedAt);
				if (closedMs !== closedMs) {
					counts.noClosedDate++;
					return;
				}
				if (closedMs < period.fromMs || closedMs >= period.toMs) {
					counts.outsidePeriod++;
					return;
				}
			}
			counts.wonInPeriod++;
			const channel = channelOf(deal);
			if (!isMarketing(channel)) {
				otherChannelWins[channel] = (otherChannelWins[channel] ?? 0) + 1;
				return;
			}
			winsByChannel.set(channel, (winsByChannel.get(channel) ?? 0) + 1);
			const amount = amountOf(deal);
			const currency = amount === null ? '' : currencyOf(deal);
			if (amount !== null)
				amountsByCurrency.set(currency, (amountsByCurrency.get(currency) ?? 0) + 1);
			const contact = minutesToFirstContact(deal, parseInstant(deal.createdAt));
			if (contact < 0) counts.contactBeforeCreation++;
			total.add(amount, currency, contact);
			groups[0].add(amount, currency, contact);
			if (contact >= 0) minutes.push(contact, ordinals);
			if (groups[0].identity.groupKey === '') counts.winsWithoutOwner++;
			if (counted !== null) counted[position] = ordinals[0];
		},
	);
	const groups = groupsByDimension[0];
	[total.median] = minutes.percentiles([0.5]);
	const medians = minutes.percentilesByGroup(0, groups.size, [0.5]);
	for (const acc of groups.values()) [acc.median] = medians[acc.ordinal];

	const wonByCurrency = new Map<string, number>();
	for (const [code, entry] of total.revenue.totals) wonByCurrency.set(code, entry.count);
	const currency = chooseReportCurrency(wonByCurrency, amountsByCurrency, options.currency);

	const rows = [...groups.values()].map(
		(acc): TeamWinsRow => ({
			report: 'teamWins',
			...acc.identity,
			...metrics(acc, currency, total.wins),
		}),
	);
	// Most wins first, then most revenue; deals without an owner last; then by name for a stable order.
	rows.sort(
		(a, b) =>
			b.wins - a.wins ||
			b.revenue - a.revenue ||
			(a.groupKey === '' ? 1 : 0) - (b.groupKey === '' ? 1 : 0) ||
			(a.group ?? '').localeCompare(b.group ?? ''),
	);

	let members: GroupMembers | null = null;
	if (counted !== null && ownerOfDeal !== null) {
		// An owner without wins is paired with all of their deals, so the row still leads back to its items.
		const winsOf = new Int32Array(groups.size);
		for (const acc of groups.values()) winsOf[acc.ordinal] = acc.wins;
		for (let index = 0; index < counted.length; index++) {
			if (counted[index] === -1 && winsOf[ownerOfDeal[index]] === 0)
				counted[index] = ownerOfDeal[index];
		}
		const ordinalOf = new Map(
			[...groups.values()].map((acc) => [acc.identity.groupKey, acc.ordinal]),
		);
		members = new GroupMembers(new Map([['owner', { ordinals: counted, ordinalOf }]]));
	}

	return {
		rows,
		totals: metrics(total, currency, total.wins),
		currency,
		stats: {
			inputDeals: deals.length,
			inPeriod: counts.wonInPeriod,
			outsidePeriod: counts.outsidePeriod,
			noCreatedDate: 0,
			wonInPeriod: counts.wonInPeriod,
			marketingWins: total.wins,
			noClosedDate: counts.noClosedDate,
			winsWithoutOwner: counts.winsWithoutOwner,
			contactBeforeCreation: counts.contactBeforeCreation,
		},
		otherChannelWins,
		marketingChannels: [...winsByChannel]
			.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
			.map(([key]) => key),
		explicitChannels: (options.marketingChannels ?? []).some((entry) => marketingKey(entry) !== ''),
		slaMinutes: options.slaMinutes ?? DEFAULT_SLA_MINUTES,
		hasFirstContacts: total.measured + counts.contactBeforeCreation > 0,
		members,
	};
}
