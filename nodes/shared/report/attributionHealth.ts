import type { Deal } from '../model/deal';
import type { DimensionReader } from './dimensions';
import { compareGroups } from './dimensions';
import type { GroupIdentity, GroupMembers, ScanStats } from './scan';
import { amountOf, scanDeals } from './scan';
import { percent } from './stats';
import type { ResolvedPeriod, RowBase } from './types';

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
	return typeof value !== 'string' || value.trim() === '';
}

function isPlaceholderSource(value: unknown): boolean {
	if (isBlank(value)) return true;
	return PLACEHOLDER_SOURCES.has((value as string).trim().toLowerCase());
}

const NEEDS_CLEANUP = /ё|\s\s|^\s|\s$|[\t\n\r\u00a0]/;

/** Titles that differ only in case or spacing are the same title. */
export function normalizeTitle(title: string): string {
	const lower = title.toLowerCase();
	// Most titles need nothing beyond lower case; skip the regex passes for them (a million titles in a big report).
	return NEEDS_CLEANUP.test(lower) ? lower.replace(/ё/g, 'е').replace(/\s+/g, ' ').trim() : lower;
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
 * (duplicates are found with one map of normalized titles).
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
	const titleCounts = new Map<string, { title: string; count: number }>();
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
				const key = normalizeTitle(deal.title);
				const seen = titleCounts.get(key);
				if (seen === undefined) titleCounts.set(key, { title: deal.title.trim(), count: 1 });
				else {
					seen.count++;
					flags.push('duplicateTitle');
				}
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
	for (const entry of titleCounts.values()) {
		if (entry.count < 2) continue;
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
