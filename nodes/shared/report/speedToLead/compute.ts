import type { Deal } from '../../model/deal';
import { parseInstant } from '../dates';
import type { DimensionReader } from '../dimensions';
import { compareGroups } from '../dimensions';
import type { GroupIdentity, GroupMembers, ScanStats } from '../scan';
import { scanDeals } from '../scan';
import { GroupedValues, percent, round, roundOrNull } from '../stats';
import type { ResolvedPeriod, RowBase } from '../types';

export const DEFAULT_SLA_MINUTES = 15;

/** Upper bounds of the response-time bands, minutes (0–5, 5–15, 15–60, 60+). A value on a bound falls in the lower band. */
const BAND_BOUNDS = [5, 15, 60];

/** Minutes from creation to first contact; NaN when unknown; -1 when the contact is dated before the creation. */
export function minutesToFirstContact(deal: Deal, createdMs: number): number {
	const contactMs = parseInstant(deal.firstContactAt);
	if (Number.isNaN(contactMs) || Number.isNaN(createdMs)) return NaN;
	return contactMs < createdMs ? -1 : (contactMs - createdMs) / 60_000;
}

/** Response-time statistics of one group. Shared by the speed-to-lead and verdict reports. */
export class SpeedAccumulator {
	deals = 0;
	measured = 0;
	noContact = 0;
	contactBeforeCreation = 0;
	/** Open deals with no recorded contact that are already older than the SLA. */
	waitingOverSla = 0;
	breaches = 0;
	sum = 0;
	readonly bands = [0, 0, 0, 0];
	/** Set after the pass from the report's GroupedValues. */
	p50: number | null = null;
	p90: number | null = null;

	constructor(
		readonly identity: GroupIdentity,
		private readonly slaMinutes: number,
		readonly ordinal = 0,
	) {}

	add(deal: Deal, minutes: number, ageMinutes: number): void {
		this.deals++;
		if (minutes !== minutes) {
			this.noContact++;
			if (deal.status === 'open' && ageMinutes > this.slaMinutes) this.waitingOverSla++;
			return;
		}
		if (minutes < 0) {
			this.contactBeforeCreation++;
			return;
		}
		this.measured++;
		this.sum += minutes;
		if (minutes > this.slaMinutes) this.breaches++;
		let band = 0;
		while (band < BAND_BOUNDS.length && minutes > BAND_BOUNDS[band]) band++;
		this.bands[band]++;
	}
}

export interface SpeedMetrics {
	deals: number;
	/** Deals with both creation and first-contact times. */
	measured: number;
	/** Deals with no first contact recorded (not contacted yet, or the CRM does not say). */
	noContactRecorded: number;
	/** Open deals with no contact recorded, created longer ago than the SLA: they are breaching right now. */
	openWaitingOverSla: number | null;
	/** Contact time earlier than creation (imports, merged records): left out. */
	contactBeforeCreation: number;
	p50Minutes: number | null;
	p90Minutes: number | null;
	averageMinutes: number | null;
	band0to5: number;
	band5to15: number;
	band15to60: number;
	band60plus: number;
	slaMinutes: number;
	/** Measured deals first contacted later than the SLA. */
	slaBreaches: number;
	/** slaBreaches ÷ measured, %. */
	slaBreachPct: number | null;
}

export type SpeedToLeadRow = RowBase & SpeedMetrics;

export function speedMetrics(
	acc: SpeedAccumulator,
	slaMinutes: number,
	crmHasContacts: boolean,
): SpeedMetrics {
	return {
		deals: acc.deals,
		measured: acc.measured,
		noContactRecorded: acc.noContact,
		openWaitingOverSla: crmHasContacts ? acc.waitingOverSla : null,
		contactBeforeCreation: acc.contactBeforeCreation,
		p50Minutes: roundOrNull(acc.p50, 1),
		p90Minutes: roundOrNull(acc.p90, 1),
		averageMinutes: acc.measured === 0 ? null : round(acc.sum / acc.measured, 1),
		band0to5: acc.bands[0],
		band5to15: acc.bands[1],
		band15to60: acc.bands[2],
		band60plus: acc.bands[3],
		slaMinutes,
		slaBreaches: acc.breaches,
		slaBreachPct: percent(acc.breaches, acc.measured),
	};
}

export interface SpeedToLeadOptions {
	/** Also return which deals (by position) fell into each group. */
	trackMembers?: boolean;
	readers: readonly DimensionReader[];
	period: ResolvedPeriod;
	slaMinutes?: number;
	/** "Now" for deals still waiting for a first contact. */
	nowMs: number;
}

export interface SpeedToLeadResult {
	/** Deal positions per group, when asked for with `trackMembers`. */
	members: GroupMembers | null;
	rows: SpeedToLeadRow[];
	totals: SpeedMetrics;
	/** False when no deal has a first-contact time: the CRM does not provide it. */
	crmHasContacts: boolean;
	stats: ScanStats;
}

/** Time from creation to first contact: P50/P90, bands and SLA breaches per group. One pass over the deals. */
export function computeSpeedToLead(
	deals: readonly Deal[],
	options: SpeedToLeadOptions,
): SpeedToLeadResult {
	const sla = options.slaMinutes ?? DEFAULT_SLA_MINUTES;
	const total = new SpeedAccumulator(
		{ groupBy: options.readers[0]?.dimension ?? 'owner', groupKey: '', group: null },
		sla,
	);
	const values = new GroupedValues(deals.length, options.readers.length);
	const { groupsByDimension, stats, members } = scanDeals(
		deals,
		options.period,
		options.readers,
		(identity, ordinal) => new SpeedAccumulator(identity, sla, ordinal),
		(deal, createdMs, groups, ordinals) => {
			const minutes = minutesToFirstContact(deal, createdMs);
			const age = (options.nowMs - createdMs) / 60_000;
			total.add(deal, minutes, age);
			for (let index = 0; index < groups.length; index++) groups[index].add(deal, minutes, age);
			if (minutes >= 0) values.push(minutes, ordinals);
		},
		{ trackMembers: options.trackMembers, needsCreatedDate: true },
	);
	[total.p50, total.p90] = values.percentiles([0.5, 0.9]);
	groupsByDimension.forEach((groups, dimensionIndex) => {
		const byGroup = values.percentilesByGroup(dimensionIndex, groups.size, [0.5, 0.9]);
		for (const acc of groups.values()) [acc.p50, acc.p90] = byGroup[acc.ordinal];
	});
	const crmHasContacts = total.measured + total.contactBeforeCreation > 0;
	const rows: SpeedToLeadRow[] = [];
	groupsByDimension.forEach((groups, dimensionIndex) => {
		const dimensionRows = [...groups.values()].map(
			(acc): SpeedToLeadRow => ({
				report: 'speedToLead',
				...acc.identity,
				...speedMetrics(acc, sla, crmHasContacts),
			}),
		);
		dimensionRows.sort(
			compareGroups(options.readers[dimensionIndex].dimension, (row) => row.measured),
		);
		rows.push(...dimensionRows);
	});
	return { rows, totals: speedMetrics(total, sla, crmHasContacts), crmHasContacts, stats, members };
}
