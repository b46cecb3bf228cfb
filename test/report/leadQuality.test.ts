import {
	buildReport,
	computeLeadQuality,
	createDimensionReader,
	renderReport,
	resolvePeriod,
} from '../../nodes/shared/report';
import type { LeadQualityRow, SpendEntry } from '../../nodes/shared/report';
import { deal, NOW } from './fixtures';

const ALL_TIME = resolvePeriod({ preset: 'allTime' }, NOW, 'UTC');
const byChannel = [createDimensionReader('channel', 'UTC')];

/**
 * vk (UTM source): 2 won (1000 RUB in 10 days, 3000 RUB in 4 days), 2 lost, 1 open.
 * seo (CRM source only): won 500 USD in 1 day, won without amount in 3 days, 1 lost.
 * no channel: 1 open.
 */
function fixture() {
	return [
		deal({
			utm: { source: 'vk' },
			status: 'won',
			amount: 1000,
			currency: 'RUB',
			closedAt: '2026-11-11T00:00:00.000Z',
		}),
		deal({
			utm: { source: 'vk' },
			status: 'won',
			amount: 3000,
			currency: 'rub',
			closedAt: '2026-11-05T00:00:00.000Z',
		}),
		deal({ utm: { source: 'vk' }, status: 'lost' }),
		deal({ utm: { source: 'vk' }, status: 'lost' }),
		deal({ utm: { source: 'vk' }, status: 'open' }),
		deal({
			source: 'seo',
			status: 'won',
			amount: 500,
			currency: 'USD',
			closedAt: '2026-11-02T00:00:00.000Z',
		}),
		deal({ source: 'seo', status: 'won', amount: null, closedAt: '2026-11-04T00:00:00.000Z' }),
		deal({ source: 'seo', status: 'lost' }),
		deal({ status: 'open' }),
	];
}

function row(rows: LeadQualityRow[], key: string): LeadQualityRow {
	const found = rows.find((candidate) => candidate.groupKey === key);
	if (!found) throw new Error(`no row ${key}`);
	return found;
}

describe('lead quality metrics against hand-computed values', () => {
	const result = computeLeadQuality(fixture(), { readers: byChannel, period: ALL_TIME });

	it('picks the currency with the most won deals and never adds another currency to it', () => {
		expect(result.currency).toBe('RUB');
		expect(result.totals.revenue).toBe(4000);
		expect(result.totals.revenueInOtherCurrencies).toEqual({ USD: 500 });
	});

	it('computes each channel row', () => {
		expect(row(result.rows, 'vk')).toEqual({
			report: 'leadQuality',
			groupBy: 'channel',
			groupKey: 'vk',
			group: 'vk',
			leads: 5,
			open: 1,
			won: 2,
			lost: 2,
			winRatePct: 50,
			conversionPct: 40,
			revenue: 4000,
			currency: 'RUB',
			averageDeal: 2000,
			wonWithoutAmount: 0,
			revenueInOtherCurrencies: {},
			medianDaysToClose: 7,
			spend: null,
			costPerLead: null,
			costPerWon: null,
			romiPct: null,
		});
		expect(row(result.rows, 'seo')).toMatchObject({
			leads: 3,
			won: 2,
			lost: 1,
			winRatePct: 66.7,
			conversionPct: 66.7,
			revenue: 0,
			averageDeal: null,
			wonWithoutAmount: 1,
			revenueInOtherCurrencies: { USD: 500 },
			medianDaysToClose: 2,
		});
		expect(row(result.rows, '')).toMatchObject({
			group: null,
			leads: 1,
			winRatePct: null,
			conversionPct: 0,
			revenue: 0,
			averageDeal: null,
			medianDaysToClose: null,
		});
	});

	it('computes the totals', () => {
		expect(result.totals).toMatchObject({
			leads: 9,
			open: 2,
			won: 4,
			lost: 3,
			winRatePct: 57.1,
			conversionPct: 44.4,
			averageDeal: 2000,
			wonWithoutAmount: 1,
			medianDaysToClose: 3.5,
		});
	});

	it('orders rows by leads, the group without a value last', () => {
		expect(result.rows.map((r) => r.groupKey)).toEqual(['vk', 'seo', '']);
	});

	it('reports in the chosen currency when one is given', () => {
		const usd = computeLeadQuality(fixture(), {
			readers: byChannel,
			period: ALL_TIME,
			currency: 'usd',
		});
		expect(usd.currency).toBe('USD');
		expect(row(usd.rows, 'seo')).toMatchObject({ revenue: 500, averageDeal: 500, currency: 'USD' });
		expect(row(usd.rows, 'vk')).toMatchObject({
			revenue: 0,
			averageDeal: null,
			revenueInOtherCurrencies: { RUB: 4000 },
		});
	});
});

describe('spend, CPL, cost per won deal, ROMI', () => {
	const spend: SpendEntry[] = [
		{ channel: 'VK', amount: 1500, currency: null },
		{ channel: 'vk', amount: 500, currency: 'RUB' },
		{ channel: 'vk', amount: 100, currency: 'USD' },
		{ channel: 'seo', amount: 1000, currency: null },
		{ channel: 'tiktok', amount: 500, currency: null },
	];
	const result = computeLeadQuality(fixture(), { readers: byChannel, period: ALL_TIME, spend });

	it('matches spend to groups case-insensitively and sums rows per channel', () => {
		expect(row(result.rows, 'vk')).toMatchObject({
			spend: 2000,
			costPerLead: 400,
			costPerWon: 1000,
			romiPct: 100,
		});
		expect(row(result.rows, 'seo')).toMatchObject({
			spend: 1000,
			costPerLead: 333.33,
			costPerWon: 500,
			romiPct: -100,
		});
	});

	it('keeps a row for spend on a channel that brought no deals, with no division by zero', () => {
		expect(row(result.rows, 'tiktok')).toMatchObject({
			leads: 0,
			spend: 500,
			costPerLead: null,
			costPerWon: null,
			romiPct: -100,
			winRatePct: null,
		});
		expect(result.spendNotes.channelsWithoutDeals).toEqual(['tiktok']);
	});

	it('leaves out spend in another currency and says so', () => {
		expect(result.spendNotes.otherCurrencies).toEqual({ USD: 100 });
		expect(result.totals).toMatchObject({
			spend: 3500,
			costPerLead: 388.89,
			costPerWon: 875,
			romiPct: 14.3,
		});
	});

	it('counts a channel’s spend once when its deals are spelled in two cases (VK and vk are two groups)', () => {
		const mixed = computeLeadQuality(
			[
				deal({ utm: { source: 'VK' }, status: 'lost' }),
				deal({ utm: { source: 'vk' }, status: 'lost' }),
				deal({ utm: { source: 'vk' }, status: 'open' }),
			],
			{
				readers: byChannel,
				period: ALL_TIME,
				spend: [{ channel: 'vk', amount: 300, currency: null }],
			},
		);
		const rowSpend = mixed.rows.reduce((sum, entry) => sum + (entry.spend ?? 0), 0);
		expect(rowSpend).toBe(300);
		expect(mixed.totals.spend).toBe(300);
		// The larger spelling carries it; the other has none rather than a second copy.
		expect(row(mixed.rows, 'vk')).toMatchObject({ leads: 2, spend: 300, costPerLead: 150 });
		expect(row(mixed.rows, 'VK')).toMatchObject({ leads: 1, spend: null, costPerLead: null });
	});

	it('gives no ROMI for zero spend', () => {
		const zero = computeLeadQuality(fixture(), {
			readers: byChannel,
			period: ALL_TIME,
			spend: [{ channel: 'vk', amount: 0, currency: null }],
		});
		expect(row(zero.rows, 'vk')).toMatchObject({
			spend: 0,
			costPerLead: 0,
			costPerWon: 0,
			romiPct: null,
		});
	});
});

describe('lead quality edge cases', () => {
	it('handles no deals at all', () => {
		const result = computeLeadQuality([], { readers: byChannel, period: ALL_TIME });
		expect(result.rows).toEqual([]);
		expect(result.currency).toBe('');
		expect(result.totals).toMatchObject({
			leads: 0,
			winRatePct: null,
			conversionPct: null,
			revenue: 0,
			currency: null,
			averageDeal: null,
			medianDaysToClose: null,
		});
		const text = renderReport(buildReport([], { report: 'leadQuality', now: NOW }));
		expect(text.markdown).toContain('No deals in the period.');
		expect(text.telegram).toHaveLength(1);
	});

	it('handles deals that are all open', () => {
		const result = computeLeadQuality([deal({ source: 'a' }), deal({ source: 'a' })], {
			readers: byChannel,
			period: ALL_TIME,
		});
		expect(result.rows[0]).toMatchObject({
			leads: 2,
			open: 2,
			winRatePct: null,
			conversionPct: 0,
			medianDaysToClose: null,
		});
	});

	it('keeps amounts without a currency apart as an "unknown" currency', () => {
		const deals = [
			deal({ source: 'a', status: 'won', amount: 100 }),
			deal({ source: 'a', status: 'won', amount: 200 }),
			deal({ source: 'a', status: 'won', amount: 1000, currency: 'RUB' }),
		];
		const result = computeLeadQuality(deals, { readers: byChannel, period: ALL_TIME });
		expect(result.currency).toBe('');
		expect(result.totals).toMatchObject({
			revenue: 300,
			currency: null,
			averageDeal: 150,
			revenueInOtherCurrencies: { RUB: 1000 },
		});
		const rub = computeLeadQuality(deals, {
			readers: byChannel,
			period: ALL_TIME,
			currency: 'RUB',
		});
		expect(rub.totals).toMatchObject({ revenue: 1000, revenueInOtherCurrencies: { unknown: 300 } });
	});

	it('treats a zero amount as not filled in', () => {
		const result = computeLeadQuality([deal({ status: 'won', amount: 0, currency: 'RUB' })], {
			readers: byChannel,
			period: ALL_TIME,
		});
		expect(result.totals).toMatchObject({ won: 1, wonWithoutAmount: 1, revenue: 0 });
	});

	it('leaves won deals closed before they were created out of days to close', () => {
		const result = computeLeadQuality(
			[
				deal({ status: 'won', closedAt: '2026-10-30T00:00:00.000Z' }),
				deal({ status: 'won', closedAt: '2026-11-03T12:00:00.000Z' }),
			],
			{ readers: byChannel, period: ALL_TIME },
		);
		expect(result.negativeCloseTimes).toBe(1);
		expect(result.totals.medianDaysToClose).toBe(2.5);
	});

	it('counts only deals created in the period, and says how many had no date', () => {
		const period = resolvePeriod(
			{ preset: 'custom', from: '2026-11-01', to: '2026-11-30' },
			NOW,
			'UTC',
		);
		const result = computeLeadQuality(
			[
				deal({ createdAt: '2026-11-01T00:00:00.000Z' }),
				deal({ createdAt: '2026-11-30T23:59:59.000Z' }),
				deal({ createdAt: '2026-12-01T00:00:00.000Z' }),
				deal({ createdAt: '2026-10-31T23:59:59.000Z' }),
				deal({ createdAt: null }),
			],
			{ readers: byChannel, period },
		);
		expect(result.stats).toEqual({
			inputDeals: 5,
			inPeriod: 2,
			outsidePeriod: 2,
			noCreatedDate: 1,
		});
		expect(result.totals.leads).toBe(2);
	});

	it('groups by month in the report time zone, in calendar order', () => {
		const readers = [createDimensionReader('month', 'Europe/Moscow')];
		const result = computeLeadQuality(
			[
				deal({ createdAt: '2026-11-15T00:00:00.000Z' }),
				deal({ createdAt: '2026-10-31T22:00:00.000Z' }),
				deal({ createdAt: '2026-10-05T00:00:00.000Z' }),
				deal({ createdAt: '2026-10-06T00:00:00.000Z' }),
				deal({ createdAt: '2026-10-07T00:00:00.000Z' }),
			],
			{ readers, period: ALL_TIME },
		);
		expect(result.rows.map((r) => [r.groupKey, r.leads])).toEqual([
			['2026-10', 3],
			['2026-11', 2],
		]);
	});
});

describe('lead quality text', () => {
	it('states the currency, lists other currencies and won deals without amount, in English and Russian', () => {
		const en = renderReport(
			buildReport(fixture(), { report: 'leadQuality', now: NOW, language: 'en' }),
		);
		expect(en.markdown).toContain('Money is in RUB.');
		expect(en.markdown).toContain(
			'Not added to the totals because they are in another currency: 500\u00a0USD.',
		);
		expect(en.markdown).toContain('1 won deal has no amount and is not in the revenue.');
		expect(en.markdown).toContain('| vk | 5 | 2 | 2 | 50% | 4,000\u00a0RUB | 2,000\u00a0RUB | 7 |');
		const ru = renderReport(
			buildReport(fixture(), { report: 'leadQuality', now: NOW, language: 'ru' }),
		);
		expect(ru.markdown).toContain('Суммы в RUB.');
		expect(ru.markdown).toContain('Не включено в итоги, потому что в другой валюте: 500\u00a0USD.');
		expect(ru.markdown).toContain('У 1 успешной сделки нет суммы, в выручку она не вошла.');
		expect(ru.markdown).toContain(
			'| vk | 5 | 2 | 2 | 50% | 4\u00a0000\u00a0RUB | 2\u00a0000\u00a0RUB | 7 |',
		);
	});

	it('draws a chart with one stacked bar per channel and a matching Chart.js config', () => {
		const built = buildReport(fixture(), { report: 'leadQuality', now: NOW });
		expect(built.chart?.svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
		expect(built.chart?.quickChart.labels).toEqual(['vk', 'seo', '(not set)']);
		expect(built.chart?.quickChart.datasets.map((d) => [d.label, d.data])).toEqual([
			['Won', [2, 2, 0]],
			['Lost', [2, 1, 0]],
			['Open', [1, 0, 1]],
		]);
		expect(built.chart?.chartJs).toMatchObject({
			type: 'horizontalBar',
			data: { labels: ['vk', 'seo', '(not set)'] },
		});
		expect(built.chart?.svg).toContain('win 50%');
	});
});
