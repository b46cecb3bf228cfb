import type { Deal } from '../../model/deal';
import type { DimensionReader } from '../dimensions';
import { compareGroups } from '../dimensions';
import type { GroupIdentity, GroupMembers, ScanStats } from '../scan';
import { amountOf, scanDeals } from '../scan';
import { percent } from '../stats';
import type { ResolvedPeriod, RowBase } from '../types';

/** The data-quality checks, in the order an attribution audit meets them. */
export type HealthIssue =
	| 'unattributed'
	| 'noSource'
	| 'noUtm'
	| 'partialUtm'
	| 'unknownOwner'
	| 'wonWithoutAmount'
	| 'missingAmount'
	| 'missingCurrency'
	| 'lostWithoutReason'
	| 'duplicateTitle';

export const HEALTH_ISSUES: readonly HealthIssue[] = [
	'unattributed',
	'noSource',
	'noUtm',
	'partialUtm',
	'unknownOwner',
	'wonWithoutAmount',
	'missingAmount',
	'missingCurrency',
	'lostWithoutReason',
	'duplicateTitle',
];

/** Who can fix each issue: the role named in the report next to it. */
export type FixOwner = 'marketing' | 'crmAdmin' | 'headOfSales' | 'salesReps';

export const ISSUE_OWNERS: Record<HealthIssue, FixOwner> = {
	unattributed: 'marketing',
	noSource: 'crmAdmin',
	noUtm: 'marketing',
	partialUtm: 'marketing',
	unknownOwner: 'headOfSales',
	wonWithoutAmount: 'salesReps',
	missingAmount: 'salesReps',
	missingCurrency: 'crmAdmin',
	lostWithoutReason: 'salesReps',
	duplicateTitle: 'crmAdmin',
};

/** What each share is a share of. */
export const ISSUE_BASE: Record<HealthIssue, 'deals' | 'won' | 'lost' | 'withAmount'> = {
	unattributed: 'deals',
	noSource: 'deals',
	noUtm: 'deals',
	partialUtm: 'deals',
	unknownOwner: 'deals',
	wonWithoutAmount: 'won',
	missingAmount: 'deals',
	missingCurrency: 'withAmount',
	lostWithoutReason: 'lost',
	duplicateTitle: 'deals',
};

/** Source values that carry no information; CRMs and integrations write these instead of leaving the field empty. */
const PLACEHOLDER_SOURCES = new Set([
	'unknown',
	'none',
	'(none)',
	'(not set)',
	'not set',
	'n/a',
	'na',
	'null',
	'undefined',
	'-',
	'—',
	'?',
	'other',
	'неизвестно',
	'неизвестный',
	'не указан',
	'не указано',
	'нет',
	'другое',
	'прочее',
]);

function isBlank(value: unknown): boolean {
	// Owner ids may arrive as numbers (the input check lets them through and the owner grouping reads them).
	if (typeof value === 'number') return false;
	return typeof value !== 'string' || value.trim() === '';
}

function isPlaceholderSource(value: unknown): boolean {
	if (isBlank(value)) return true;
	return PLACEHOLDER_SOURCES.has((value as string).trim().toLowerCase());
}

/** Unicode white space as `\s` knows it: runs of it count as one space, and it is trimmed at both ends. */
function isSpace(c: number): boolean {
	return (
		c === 32 ||
		(c >= 9 && c <= 13) ||
		c === 0xa0 ||
		c === 0x1680 ||
		(c >= 0x2000 && c <= 0x200a) ||
		c === 0x2028 ||
		c === 0x2029 ||
		c === 0x202f ||
		c === 0x205f ||
		c === 0x3000 ||
		c === 0xfeff
	);
}

/** Lower case of one UTF-16 unit, with ё folded to е; Latin and Cyrillic without building a string. */
function foldCase(c: number): number {
	if (c >= 65 && c <= 90) return c + 32;
	if (c < 128) return c;
	if (c === 0x401 || c === 0x451) return 0x435;
	if (c >= 0x410 && c <= 0x42f) return c + 32;
	if (c >= 0x400 && c <= 0x40f) return c + 80;
	if (c >= 0xc0 && c <= 0xde && c !== 0xd7) return c + 32;
	if (c < 0x100 || (c >= 0x430 && c <= 0x45f)) return c;
	const lower = String.fromCharCode(c).toLowerCase();
	return lower.length === 1 ? lower.charCodeAt(0) : c;
}

/**
 * A 53-bit fingerprint of a title taken case-insensitively, ё as е, with white space collapsed and trimmed:
 * titles that differ only in those ways get the same number. The duplicate check counts these numbers instead of
 * folded copies of every title, so a million distinct titles cost no million extra strings. Two different
 * titles collide with odds of about n² / 2^54 (≈ 1 in 18,000 for a million titles).
 */
export function titleFingerprint(title: string): number {
	let h1 = 0x811c9dc5;
	let h2 = 0x9e3779b9;
	let started = false;
	let pendingSpace = false;
	for (let i = 0; i < title.length; i++) {
		const raw = title.charCodeAt(i);
		if (isSpace(raw)) {
			pendingSpace = started;
			continue;
		}
		if (pendingSpace) {
			h1 = Math.imul(h1 ^ 32, 0x01000193);
			h2 = Math.imul(h2 ^ 32, 0x5bd1e995);
			pendingSpace = false;
		}
		const c = foldCase(raw);
		h1 = Math.imul(h1 ^ c, 0x01000193);
		h2 = Math.imul(h2 ^ c, 0x5bd1e995);
		h2 ^= h2 >>> 15;
		started = true;
	}
	return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

/**
 * Counts title fingerprints in an open-addressing table of typed arrays. A million distinct titles are a few
 * flat arrays rather than a million Map entries for the garbage collector to walk on every pass, which kept the
 * report's time linear in the number of deals. Only each fingerprint's first title string is kept (a reference).
 */
class TitleCounter {
	private keys = new Float64Array(1024);
	private counts = new Int32Array(1024);
	private firstTitles: Array<string | undefined> = new Array<string | undefined>(1024);
	private used = 0;

	/** Adds one title; returns how many times its fingerprint has now been seen. */
	add(title: string): number {
		if ((this.used + 1) * 2 > this.keys.length) this.grow();
		const key = titleFingerprint(title);
		const slot = this.slotOf(key, this.keys, this.counts);
		if (this.counts[slot] === 0) {
			this.keys[slot] = key;
			this.firstTitles[slot] = title;
			this.used++;
		}
		return ++this.counts[slot];
	}

	/** Every title seen more than once, with its count. */
	*repeated(): IterableIterator<{ title: string; count: number }> {
		for (let i = 0; i < this.counts.length; i++) {
			if (this.counts[i] > 1)
				yield { title: (this.firstTitles[i] as string).trim(), count: this.counts[i] };
		}
	}

	private slotOf(key: number, keys: Float64Array, counts: Int32Array): number {
		const mask = keys.length - 1;
		let slot = (key >>> 0) & mask;
		while (counts[slot] !== 0 && keys[slot] !== key) slot = (slot + 1) & mask;
		return slot;
	}

	private grow(): void {
		const { keys, counts, firstTitles } = this;
		const size = keys.length * 2;
		this.keys = new Float64Array(size);
		this.counts = new Int32Array(size);
		this.firstTitles = new Array<string | undefined>(size);
		for (let i = 0; i < keys.length; i++) {
			if (counts[i] === 0) continue;
			const slot = this.slotOf(keys[i], this.keys, this.counts);
			this.keys[slot] = keys[i];
			this.counts[slot] = counts[i];
			this.firstTitles[slot] = firstTitles[i];
		}
	}
}

class HealthAccumulator {
	deals = 0;
	won = 0;
	lost = 0;
	withAmount = 0;
	clean = 0;
	readonly issues: Record<HealthIssue, number> = {
		unattributed: 0,
		noSource: 0,
		noUtm: 0,
		partialUtm: 0,
		unknownOwner: 0,
		wonWithoutAmount: 0,
		missingAmount: 0,
		missingCurrency: 0,
		lostWithoutReason: 0,
		duplicateTitle: 0,
	};

	constructor(readonly identity: GroupIdentity) {}
}

export interface HealthMetrics {
	deals: number;
	won: number;
	lost: number;
	/** Deals with none of the blocking issues (unattributed, unknown owner, won without amount, missing currency, lost without reason, duplicate). */
	clean: number;
	cleanPct: number | null;
	unattributed: number;
	unattributedPct: number | null;
	noSource: number;
	noSourcePct: number | null;
	noUtm: number;
	noUtmPct: number | null;
	partialUtm: number;
	partialUtmPct: number | null;
	unknownOwner: number;
	unknownOwnerPct: number | null;
	wonWithoutAmount: number;
	/** % of won deals. */
	wonWithoutAmountPct: number | null;
	missingAmount: number;
	missingAmountPct: number | null;
	missingCurrency: number;
	/** % of deals that have an amount. */
	missingCurrencyPct: number | null;
	lostWithoutReason: number;
	/** % of lost deals. */
	lostWithoutReasonPct: number | null;
	/** Deals whose title was already seen (the first of each title is not counted). */
	duplicateTitle: number;
	duplicateTitlePct: number | null;
}

export type AttributionHealthRow = RowBase & HealthMetrics;

export interface HealthIssueSummary {
	issue: HealthIssue;
	count: number;
	base: number;
	pct: number | null;
	fixOwner: FixOwner;
}

export interface AttributionHealthResult {
	/** Deal positions per group, when asked for with `trackMembers`. */
	members: GroupMembers | null;
	rows: AttributionHealthRow[];
	totals: HealthMetrics;
	/** Issues with at least one deal, worst share first. */
	issues: HealthIssueSummary[];
	/** The most repeated titles (for the report text), most copies first. */
	topDuplicateTitles: Array<{ title: string; count: number }>;
	stats: ScanStats;
}

export interface AttributionHealthOptions {
	/** Also return which deals (by position) fell into each group. */
	trackMembers?: boolean;
	readers: readonly DimensionReader[];
	period: ResolvedPeriod;
}

function baseOf(acc: HealthAccumulator, issue: HealthIssue): number {
	switch (ISSUE_BASE[issue]) {
		case 'won':
			return acc.won;
		case 'lost':
			return acc.lost;
		case 'withAmount':
			return acc.withAmount;
		default:
			return acc.deals;
	}
}

function record(
	acc: HealthAccumulator,
	status: Deal['status'],
	hasAmount: boolean,
	blocking: boolean,
	flags: readonly HealthIssue[],
): void {
	acc.deals++;
	if (status === 'won') acc.won++;
	else if (status === 'lost') acc.lost++;
	if (hasAmount) acc.withAmount++;
	if (!blocking) acc.clean++;
	for (let index = 0; index < flags.length; index++) acc.issues[flags[index]]++;
}

function metrics(acc: HealthAccumulator): HealthMetrics {
	const issues = acc.issues;
	return {
		deals: acc.deals,
		won: acc.won,
		lost: acc.lost,
		clean: acc.clean,
		cleanPct: percent(acc.clean, acc.deals),
		unattributed: issues.unattributed,
		unattributedPct: percent(issues.unattributed, acc.deals),
		noSource: issues.noSource,
		noSourcePct: percent(issues.noSource, acc.deals),
		noUtm: issues.noUtm,
		noUtmPct: percent(issues.noUtm, acc.deals),
		partialUtm: issues.partialUtm,
		partialUtmPct: percent(issues.partialUtm, acc.deals),
		unknownOwner: issues.unknownOwner,
		unknownOwnerPct: percent(issues.unknownOwner, acc.deals),
		wonWithoutAmount: issues.wonWithoutAmount,
		wonWithoutAmountPct: percent(issues.wonWithoutAmount, acc.won),
		missingAmount: issues.missingAmount,
		missingAmountPct: percent(issues.missingAmount, acc.deals),
		missingCurrency: issues.missingCurrency,
		missingCurrencyPct: percent(issues.missingCurrency, acc.withAmount),
		lostWithoutReason: issues.lostWithoutReason,
		lostWithoutReasonPct: percent(issues.lostWithoutReason, acc.lost),
		duplicateTitle: issues.duplicateTitle,
		duplicateTitlePct: percent(issues.duplicateTitle, acc.deals),
	};
}

/**
 * The data-quality problems that break attribution, per group, with who should fix each. One pass over the deals
 * (duplicates are found by counting title fingerprints).
 */
export function computeAttributionHealth(
	deals: readonly Deal[],
	options: AttributionHealthOptions,
): AttributionHealthResult {
	const total = new HealthAccumulator({
		groupBy: options.readers[0]?.dimension ?? 'owner',
		groupKey: '',
		group: null,
	});
	const titles = new TitleCounter();
	const flags: HealthIssue[] = [];
	const { groupsByDimension, stats, members } = scanDeals(
		deals,
		options.period,
		options.readers,
		(identity) => new HealthAccumulator(identity),
		(deal, _createdMs, groups) => {
			flags.length = 0;
			const utm = deal.utm;
			const hasUtmSource = !isBlank(utm?.source);
			const utmParts =
				(hasUtmSource ? 1 : 0) + (isBlank(utm?.medium) ? 0 : 1) + (isBlank(utm?.campaign) ? 0 : 1);
			const noSource = isPlaceholderSource(deal.source);
			if (noSource) flags.push('noSource');
			if (utmParts === 0) flags.push('noUtm');
			else if (hasUtmSource && utmParts < 3) flags.push('partialUtm');
			if (noSource && !hasUtmSource) flags.push('unattributed');
			if (isBlank(deal.owner?.id) && isBlank(deal.owner?.name)) flags.push('unknownOwner');
			const amount = amountOf(deal);
			if (amount === null) {
				flags.push('missingAmount');
				if (deal.status === 'won') flags.push('wonWithoutAmount');
			} else if (isBlank(deal.currency)) flags.push('missingCurrency');
			if (deal.status === 'lost' && isBlank(deal.lostReason)) flags.push('lostWithoutReason');
			if (typeof deal.title === 'string' && deal.title.trim() !== '') {
				if (titles.add(deal.title) > 1) flags.push('duplicateTitle');
			}
			let blocking = false;
			for (const flag of flags) {
				if (
					flag !== 'noSource' &&
					flag !== 'noUtm' &&
					flag !== 'partialUtm' &&
					flag !== 'missingAmount'
				) {
					blocking = true;
				}
			}
			record(total, deal.status, amount !== null, blocking, flags);
			for (let index = 0; index < groups.length; index++) {
				record(groups[index], deal.status, amount !== null, blocking, flags);
			}
		},
		{ trackMembers: options.trackMembers },
	);

	const rows: AttributionHealthRow[] = [];
	groupsByDimension.forEach((groups, dimensionIndex) => {
		const dimensionRows = [...groups.values()].map(
			(acc): AttributionHealthRow => ({
				report: 'attributionHealth',
				...acc.identity,
				...metrics(acc),
			}),
		);
		dimensionRows.sort(
			compareGroups(options.readers[dimensionIndex].dimension, (row) => row.deals),
		);
		rows.push(...dimensionRows);
	});

	const issues: HealthIssueSummary[] = HEALTH_ISSUES.map((issue) => {
		const base = baseOf(total, issue);
		return {
			issue,
			count: total.issues[issue],
			base,
			pct: percent(total.issues[issue], base),
			fixOwner: ISSUE_OWNERS[issue],
		};
	})
		.filter((entry) => entry.count > 0)
		.sort((a, b) => (b.pct ?? 0) - (a.pct ?? 0) || b.count - a.count);

	// Top five by a running insertion, not a sort of every duplicated title.
	const topDuplicateTitles: Array<{ title: string; count: number }> = [];
	const before = (
		a: { title: string; count: number },
		b: { title: string; count: number },
	): boolean => a.count > b.count || (a.count === b.count && a.title.localeCompare(b.title) < 0);
	for (const entry of titles.repeated()) {
		if (topDuplicateTitles.length === 5 && !before(entry, topDuplicateTitles[4])) continue;
		let position = Math.min(topDuplicateTitles.length, 4);
		topDuplicateTitles[position] = entry;
		while (position > 0 && before(entry, topDuplicateTitles[position - 1])) {
			topDuplicateTitles[position] = topDuplicateTitles[position - 1];
			topDuplicateTitles[position - 1] = entry;
			position--;
		}
	}

	return { rows, totals: metrics(total), issues, topDuplicateTitles, stats, members };
}
