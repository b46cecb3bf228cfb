import type { Deal } from '../model/deal';
import { parseInstant } from './dates';
import type { DimensionReader } from './dimensions';
import { splitByGroup } from './stats';
import type { DimensionKey, ResolvedPeriod } from './types';

/**
 * Which deals (by position in the input) fell into each group, for pairing rows with input items. Stored as one
 * group-ordinal column per dimension; the per-group lists are cut out on first use.
 */
export class GroupMembers {
	private readonly split = new Map<DimensionKey, { offsets: Int32Array; order: Int32Array }>();

	constructor(
		private readonly columns: Map<
			DimensionKey,
			{ ordinals: Int32Array; ordinalOf: Map<string, number> }
		>,
	) {}

	/** Positions of the deals in one group, ascending; empty for an unknown group. */
	positions(dimension: DimensionKey, groupKey: string): Int32Array {
		const column = this.columns.get(dimension);
		const ordinal = column?.ordinalOf.get(groupKey);
		if (column === undefined || ordinal === undefined) return new Int32Array(0);
		let split = this.split.get(dimension);
		if (split === undefined) {
			split = splitByGroup(column.ordinals, column.ordinals.length, column.ordinalOf.size);
			this.split.set(dimension, split);
		}
		return split.order.subarray(split.offsets[ordinal], split.offsets[ordinal + 1]);
	}
}

export interface ScanStats {
	/** Deals handed to the report. */
	inputDeals: number;
	/** Deals created inside the period (all deals for "all time"). */
	inPeriod: number;
	outsidePeriod: number;
	/** Left out because the period is bounded and the deal has no creation date. */
	noCreatedDate: number;
}

export interface GroupIdentity {
	groupBy: DimensionKey;
	groupKey: string;
	group: string | null;
}

/**
 * The single pass every report makes: filter by the period (on `createdAt`), find the deal's group for each requested
 * dimension, and hand both to the report's `visit`. One Map lookup per deal and dimension; nothing is allocated per deal.
 * Groups are numbered per dimension in order of appearance (`ordinal`, 0…); `visit` gets the current deal's ordinals.
 * `createdMs` is NaN when the deal has no creation date, and also when `needsCreatedDate` is off and the period is
 * unbounded (nothing here needed it).
 */
export function scanDeals<G>(
	deals: readonly Deal[],
	period: ResolvedPeriod,
	readers: readonly DimensionReader[],
	createGroup: (identity: GroupIdentity, ordinal: number) => G,
	visit: (deal: Deal, createdMs: number, groups: readonly G[], ordinals: Int32Array) => void,
	options: { trackMembers?: boolean; needsCreatedDate?: boolean } = {},
): { groupsByDimension: Array<Map<string, G>>; stats: ScanStats; members: GroupMembers | null } {
	const bounded = period.fromMs !== -Infinity || period.toMs !== Infinity;
	const trackMembers = options.trackMembers === true;
	// Parsing a date per deal is the costliest step of a scan; skip it when nothing reads the creation date
	// (the visitor then gets NaN and parses it itself where it needs it).
	const parseCreated =
		bounded ||
		options.needsCreatedDate === true ||
		readers.some((reader) => reader.dimension === 'month');
	// Groups per dimension by ordinal, and each key's ordinal: one Map lookup per deal and dimension.
	const groupLists: G[][] = readers.map(() => []);
	const current: G[] = new Array<G>(readers.length);
	const ordinals = new Int32Array(readers.length);
	const ordinalOf = readers.map(() => new Map<string, number>());
	// Per dimension and deal: the ordinal of the deal's group, -1 for deals outside the period.
	const memberColumns = trackMembers
		? readers.map(() => new Int32Array(deals.length).fill(-1))
		: null;
	const stats: ScanStats = {
		inputDeals: deals.length,
		inPeriod: 0,
		outsidePeriod: 0,
		noCreatedDate: 0,
	};
	for (let index = 0; index < deals.length; index++) {
		const deal = deals[index];
		const createdMs = parseCreated ? parseInstant(deal.createdAt) : NaN;
		if (bounded) {
			if (Number.isNaN(createdMs)) {
				stats.noCreatedDate++;
				continue;
			}
			if (createdMs < period.fromMs || createdMs >= period.toMs) {
				stats.outsidePeriod++;
				continue;
			}
		}
		stats.inPeriod++;
		for (let d = 0; d < readers.length; d++) {
			const reader = readers[d];
			const key = reader.key(deal, createdMs);
			let ordinal = ordinalOf[d].get(key);
			if (ordinal === undefined) {
				ordinal = groupLists[d].length;
				groupLists[d].push(
					createGroup(
						{ groupBy: reader.dimension, groupKey: key, group: reader.label(deal, key) },
						ordinal,
					),
				);
				ordinalOf[d].set(key, ordinal);
			}
			ordinals[d] = ordinal;
			current[d] = groupLists[d][ordinal];
			if (memberColumns !== null) memberColumns[d][index] = ordinal;
		}
		visit(deal, createdMs, current, ordinals);
	}
	const groupsByDimension = readers.map(
		(_reader, d) =>
			new Map([...ordinalOf[d]].map(([key, ordinal]) => [key, groupLists[d][ordinal]])),
	);
	const members =
		memberColumns === null
			? null
			: new GroupMembers(
					new Map(
						readers.map((reader, d) => [
							reader.dimension,
							{ ordinals: memberColumns[d], ordinalOf: ordinalOf[d] },
						]),
					),
				);
	return { groupsByDimension, stats, members };
}

/** Upper-case ISO code, or `''` when the deal does not say (an "unknown currency", kept apart from the others). */
export function currencyOf(deal: Deal): string {
	const value = deal.currency;
	return typeof value === 'string' ? value.trim().toUpperCase() : '';
}

/** Sum and count of amounts per currency. Different currencies are never added together. */
export class MoneyByCurrency {
	readonly totals = new Map<string, { sum: number; count: number }>();

	add(currency: string, amount: number): void {
		const entry = this.totals.get(currency);
		if (entry === undefined) this.totals.set(currency, { sum: amount, count: 1 });
		else {
			entry.sum += amount;
			entry.count++;
		}
	}

	sum(currency: string): number {
		return this.totals.get(currency)?.sum ?? 0;
	}

	count(currency: string): number {
		return this.totals.get(currency)?.count ?? 0;
	}

	/** Sums in currencies other than `currency`, for "not included" notes. */
	others(currency: string): Record<string, number> {
		const result: Record<string, number> = {};
		for (const [code, entry] of this.totals) {
			if (code !== currency) result[code === '' ? 'unknown' : code] = entry.sum;
		}
		return result;
	}
}

/**
 * The currency money metrics are reported in: the user's choice, otherwise the currency with the most won deals
 * (ties: the most deals with an amount, then alphabetical). `''` means "no currency given" and is a currency of its own.
 */
export function chooseReportCurrency(
	wonByCurrency: Map<string, number>,
	amountsByCurrency: Map<string, number>,
	preferred: string | null | undefined,
): string {
	const wanted = (preferred ?? '').trim().toUpperCase();
	if (wanted !== '') return wanted;
	let best = '';
	let bestWon = -1;
	let bestAmounts = -1;
	const codes = new Set([...wonByCurrency.keys(), ...amountsByCurrency.keys()]);
	for (const code of [...codes].sort()) {
		const won = wonByCurrency.get(code) ?? 0;
		const amounts = amountsByCurrency.get(code) ?? 0;
		if (won > bestWon || (won === bestWon && amounts > bestAmounts)) {
			best = code;
			bestWon = won;
			bestAmounts = amounts;
		}
	}
	return best;
}

/** A usable money amount: a finite number above zero. Zero amounts are "not filled in" in every CRM we read. */
export function amountOf(deal: Deal): number | null {
	const value = deal.amount;
	return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}
