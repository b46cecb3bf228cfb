import {
	buildReport,
	computeSpeedToLead,
	createDimensionReader,
	renderReport,
	resolvePeriod,
} from '../../nodes/shared/report';
import type { SpeedToLeadRow } from '../../nodes/shared/report';
import { deal, NOW, plusMinutes } from './fixtures';

const ALL_TIME = resolvePeriod({ preset: 'allTime' }, NOW, 'UTC');
const CREATED = '2026-11-01T00:00:00.000Z';

/**
 * Anna (u1): first contact after 0, 5, 5.5, 15, 16, 60 and 61 minutes.
 * Boris (u2): a contact dated before creation, an open deal waiting 60 minutes, one waiting 10 minutes, a lost deal
 * never contacted.
 */
function fixture() {
	const contacted = (minutes: number) =>
		deal({
			ownerId: 'u1',
			ownerName: 'Anna',
			source: 'ads',
			createdAt: CREATED,
			firstContactAt: plusMinutes(CREATED, minutes),
		});
	return [
		...[0, 5, 5.5, 15, 16, 60, 61].map(contacted),
		deal({
			ownerId: 'u2',
			ownerName: 'Boris',
			createdAt: CREATED,
			firstContactAt: plusMinutes(CREATED, -10),
		}),
		deal({ ownerId: 'u2', ownerName: 'Boris', createdAt: '2026-11-27T09:00:00.000Z' }),
		deal({ ownerId: 'u2', ownerName: 'Boris', createdAt: '2026-11-27T09:50:00.000Z' }),
		deal({ ownerId: 'u2', ownerName: 'Boris', createdAt: CREATED, status: 'lost' }),
	];
}

function rowOf(rows: SpeedToLeadRow[], groupBy: string, key: string): SpeedToLeadRow {
	const found = rows.find((row) => row.groupBy === groupBy && row.groupKey === key);
	if (!found) throw new Error(`no row ${groupBy}/${key}`);
	return found;
}

describe('speed to lead', () => {
	const readers = [createDimensionReader('owner', 'UTC'), createDimensionReader('channel', 'UTC')];
	const result = computeSpeedToLead(fixture(), { readers, period: ALL_TIME, nowMs: NOW.getTime() });

	it('computes percentiles, bands and breaches per owner (a value on a band edge is in the lower band)', () => {
		expect(rowOf(result.rows, 'owner', 'u1')).toEqual({
			report: 'speedToLead',
			groupBy: 'owner',
			groupKey: 'u1',
			group: 'Anna',
			deals: 7,
			measured: 7,
			noContactRecorded: 0,
			openWaitingOverSla: 0,
			contactBeforeCreation: 0,
			p50Minutes: 15,
			p90Minutes: 60.4,
			averageMinutes: 23.2,
			band0to5: 2,
			band5to15: 2,
			band15to60: 2,
			band60plus: 1,
			slaMinutes: 15,
			slaBreaches: 3,
			slaBreachPct: 42.9,
		});
	});

	it('leaves out contacts dated before creation and counts open deals already waiting longer than the SLA', () => {
		expect(rowOf(result.rows, 'owner', 'u2')).toMatchObject({
			deals: 4,
			measured: 0,
			contactBeforeCreation: 1,
			noContactRecorded: 3,
			openWaitingOverSla: 1,
			p50Minutes: null,
			slaBreachPct: null,
		});
	});

	it('groups by several dimensions in the same pass', () => {
		expect(rowOf(result.rows, 'channel', 'ads')).toMatchObject({ measured: 7, p50Minutes: 15 });
		expect(rowOf(result.rows, 'channel', '')).toMatchObject({ deals: 4, measured: 0 });
		expect(result.totals).toMatchObject({
			deals: 11,
			measured: 7,
			slaBreaches: 3,
			openWaitingOverSla: 1,
		});
	});

	it('follows the SLA setting', () => {
		const relaxed = computeSpeedToLead(fixture(), {
			readers,
			period: ALL_TIME,
			nowMs: NOW.getTime(),
			slaMinutes: 60,
		});
		expect(rowOf(relaxed.rows, 'owner', 'u1')).toMatchObject({
			slaBreaches: 1,
			slaBreachPct: 14.3,
			slaMinutes: 60,
		});
		expect(relaxed.totals.openWaitingOverSla).toBe(0);
	});

	it('says the CRM gives no first-contact times instead of reporting every open deal as late', () => {
		const deals = [
			deal({ ownerId: 'u1', createdAt: CREATED }),
			deal({ ownerId: 'u2', createdAt: CREATED }),
		];
		const none = computeSpeedToLead(deals, { readers, period: ALL_TIME, nowMs: NOW.getTime() });
		expect(none.crmHasContacts).toBe(false);
		expect(none.totals).toMatchObject({ measured: 0, openWaitingOverSla: null, p50Minutes: null });
		const text = renderReport(buildReport(deals, { report: 'speedToLead', now: NOW }));
		expect(text.markdown).toContain('None of the deals has a first-contact time (firstContactAt)');
	});

	it('names the slowest owner in the text, in English and Russian', () => {
		const slow = (minutes: number) =>
			deal({
				ownerId: 'u3',
				ownerName: 'Slow Sam',
				createdAt: CREATED,
				firstContactAt: plusMinutes(CREATED, minutes),
			});
		const deals = [...fixture(), slow(120), slow(180), slow(240)];
		const en = renderReport(
			buildReport(deals, { report: 'speedToLead', groupBy: ['owner'], now: NOW }),
		);
		expect(en.markdown).toContain('- Slowest: **Slow Sam** — P50 3\u00a0h, 100% over SLA');
		expect(en.markdown).toContain('**1 open deal has had no contact for longer than the SLA.**');
		const ru = renderReport(
			buildReport(deals, { report: 'speedToLead', groupBy: ['owner'], now: NOW, language: 'ru' }),
		);
		expect(ru.markdown).toContain('- Медленнее всех: **Slow Sam** — P50 3\u00a0ч, сверх SLA 100%');
		expect(ru.markdown).toContain('**1 открытая сделка ждёт первого контакта дольше SLA.**');
	});
});
