import type { IDataObject } from 'n8n-workflow';

import {
	DEMO_BRIEF_RELEASE,
	DEMO_TRUTHS,
	demoBriefReleaseAt,
	generateDemoDataset,
} from '../../nodes/shared/crm/demo/dataset';
import type { Deal } from '../../nodes/shared/model/deal';
import type { BriefImpactRow, ReportRequest } from '../../nodes/shared/report';
import {
	buildReport,
	DEFAULT_BRIEF_WINDOW_CAP_DAYS,
	renderReport,
	ReportError,
} from '../../nodes/shared/report';
import type { WorkflowJson } from '../support/engine';
import { runWorkflow } from '../support/engine';
import type { DealSpec } from './fixtures';
import { deal, NASTY, NOW, plusMinutes } from './fixtures';
import { demoToReport } from './demoWorkflow';

/**
 * Fixtures with known answers. Windows: release 1 Oct 2026, 30 days each → before = 1–30 Sep, after = 1–30 Oct.
 * Every p-value below is also pinned to an outside reference (cited next to it), the same inputs as in
 * test/report/significance.test.ts, so the report is checked end to end, not only the test functions.
 */
const RELEASE = '2026-10-01T00:00:00.000Z';
const BEFORE_DAY = '2026-09-15T12:00:00.000Z';
const AFTER_DAY = '2026-10-15T12:00:00.000Z';
/** Outside both windows: after the "after" window ends (31 Oct). */
const LATER_DAY = '2026-11-05T12:00:00.000Z';
/** Before the "before" window starts (1 Sep). */
const EARLIER_DAY = '2026-08-20T12:00:00.000Z';

function closed(status: 'won' | 'lost', closedAt: string, extra: DealSpec = {}): Deal {
	return deal({ status, createdAt: '2026-08-01T00:00:00.000Z', closedAt, ...extra });
}

function many(count: number, make: () => Deal): Deal[] {
	return Array.from({ length: count }, make);
}

function run(
	deals: Deal[],
	brief: Partial<NonNullable<ReportRequest['brief']>>,
	more: Partial<ReportRequest> = {},
) {
	return buildReport(deals, {
		report: 'briefImpact',
		now: NOW,
		brief: { releasedAt: RELEASE, metric: 'winRate', windowDays: 30, ...brief },
		...more,
	});
}

/** After: 94 won of 214 closed; before: 39 won of 128 (the influentialpoints.com prop.test example). */
function winRateDeals(): Deal[] {
	return [
		...many(94, () => closed('won', AFTER_DAY)),
		...many(120, () => closed('lost', AFTER_DAY)),
		...many(39, () => closed('won', BEFORE_DAY)),
		...many(89, () => closed('lost', BEFORE_DAY)),
		// Outside both windows or not closed: never counted.
		...many(7, () => closed('won', LATER_DAY)),
		...many(5, () => closed('lost', EARLIER_DAY)),
		...many(6, () => deal({ status: 'open', createdAt: AFTER_DAY })),
	];
}

describe('brief impact on fixtures with known answers', () => {
	it('win rate: the two-proportion z-test matches R prop.test(c(94, 39), c(214, 128), correct = FALSE)', () => {
		// https://influentialpoints.com/notes/n9rmf3.htm: X-squared = 6.1026, p-value = 0.01350 (z = √X² = 2.4703);
		// SciPy chi2_contingency([[94, 120], [39, 89]], correction=False) gives p = 0.0134983 as well.
		const built = run(winRateDeals(), { metric: 'winRate' });
		const rows = built.rows as BriefImpactRow[];
		expect(rows).toEqual([]); // no Group By: the answer is the overall comparison
		const before = built.summary.details.before as BriefImpactRow;
		const after = built.summary.details.after as BriefImpactRow;
		const change = built.summary.totals as unknown as BriefImpactRow;
		expect(before).toMatchObject({ window: 'before', deals: 128, successes: 39, value: 30.5 });
		expect(after).toMatchObject({ window: 'after', deals: 214, successes: 94, value: 43.9 });
		expect(before.from).toBe('2026-09-01T00:00:00.000Z');
		expect(after.to).toBe('2026-10-31T00:00:00.000Z');
		expect(change).toMatchObject({
			window: 'comparison',
			test: 'twoProportion',
			beforeValue: 30.5,
			afterValue: 43.9,
			change: 13.5,
			enough: true,
			verdict: 'rose',
			improved: true,
		});
		expect(change.statistic).toBeCloseTo(2.4703, 4);
		expect(Math.abs((change.pValue as number) - 0.0135)).toBeLessThan(0.00005);
		expect(built.summary.headline).toBe(
			'Win rate rose from 30.5% to 43.9% on 128 vs 214 closed deals; a change this size would appear by chance less than 1 time in 50 (p = 0.013).',
		);
	});

	it('win rate in Russian: the same numbers, Russian words and number format', () => {
		const built = run(winRateDeals(), { metric: 'winRate' }, { language: 'ru' });
		expect(built.summary.headline).toBe(
			'Доля побед выросла с 30,5% до 43,9% на 128 и 214 закрытых сделках; изменение такого размера случайно возникало бы реже, чем 1 раз из 50 (p = 0,013).',
		);
		expect(built.document.title).toBe('Эффект брифа: Доля побед');
	});

	it('conversion: statsmodels proportions_ztest([5, 12], [83, 99]) → p = 0.159, not distinguishable from noise', () => {
		// statsmodels/stats/tests/test_proportion.py (test_default_values): stat -1.4078304151258787, p 0.15918129181156992.
		const deals = [
			...many(5, () => deal({ status: 'won', createdAt: AFTER_DAY })),
			...many(78, () => deal({ status: 'open', createdAt: AFTER_DAY })),
			...many(12, () => deal({ status: 'won', createdAt: BEFORE_DAY })),
			...many(87, () => deal({ status: 'lost', createdAt: BEFORE_DAY })),
			...many(4, () => deal({ status: 'won', createdAt: LATER_DAY })),
		];
		const built = run(deals, { metric: 'conversion' });
		const change = built.summary.totals as unknown as BriefImpactRow;
		expect(change.statistic).toBeCloseTo(-1.4078, 4);
		expect(Math.abs((change.pValue as number) - 0.159181)).toBeLessThan(1e-6);
		expect(change).toMatchObject({
			verdict: 'noChange',
			improved: null,
			beforeValue: 12.1,
			afterValue: 6,
		});
		expect(built.summary.headline).toBe(
			'Conversion went from 12.1% to 6% on 99 vs 83 new deals; a change this size would appear by chance about 1 time in 6 (p = 0.16), so it cannot be told apart from noise.',
		);
		// Young deals of the after window can still be won: the report says so.
		expect(built.summary.warnings.join(' ')).toContain('less time to be won');
	});

	it('speed to lead: Mann–Whitney U matches R wilcox.test(x, y) with ties, W = 51.5, p-value = 0.5966', () => {
		// https://endmemo.com/r/wilcoxon.php (the same example as in significance.test.ts): x after, y before.
		const x = [1, 5, 9, 24, 56, 21, 3, 7, 21, 4];
		const y = [12, 15, 5, 9, 9, 14, 56, 22, 3, 7, 32, 5];
		const contacted = (createdAt: string, minutes: number) =>
			deal({ createdAt, firstContactAt: plusMinutes(createdAt, minutes) });
		const deals = [
			...x.map((m) => contacted(AFTER_DAY, m)),
			...y.map((m) => contacted(BEFORE_DAY, m)),
			// Not measurable: no contact, contact before creation; outside the windows.
			deal({ createdAt: AFTER_DAY }),
			deal({ createdAt: AFTER_DAY, firstContactAt: plusMinutes(AFTER_DAY, -5) }),
			contacted(LATER_DAY, 1),
		];
		const built = run(deals, { metric: 'speedToLeadP50' });
		const change = built.summary.totals as unknown as BriefImpactRow;
		expect(change).toMatchObject({
			test: 'mannWhitney',
			beforeValue: 10.5,
			afterValue: 8,
			change: -2.5,
			verdict: 'noChange',
			enough: true,
		});
		expect(Math.abs((change.pValue as number) - 0.5966)).toBeLessThan(0.00005);
		expect((built.summary.details.before as BriefImpactRow).deals).toBe(12);
		expect((built.summary.details.after as BriefImpactRow).deals).toBe(10);
		expect(built.summary.headline).toBe(
			'Speed to lead (P50) went from 11\u00a0min to 8\u00a0min on 12 vs 10 measured leads; a change this size appears by chance more often than not (p = 0.6), so it cannot be told apart from noise.',
		);
	});

	it('too few deals: a small p-value with six leads on one side is still no verdict', () => {
		// endmemo.com's second example: W = 0, p-value = 0.001364, but six values are below MIN_RANK_GROUP (8).
		const x = [1, 5, 9, 24, 56, 21, 3, 7, 21, 4];
		const y = [1233, 4356, 987, 39999, 1111, 200000];
		const contacted = (createdAt: string, minutes: number) =>
			deal({ createdAt, firstContactAt: plusMinutes(createdAt, minutes) });
		const built = run(
			[...x.map((m) => contacted(AFTER_DAY, m)), ...y.map((m) => contacted(BEFORE_DAY, m))],
			{ metric: 'speedToLeadP50' },
		);
		const change = built.summary.totals as unknown as BriefImpactRow;
		expect(Math.abs((change.pValue as number) - 0.001364)).toBeLessThan(0.0000005);
		expect(change).toMatchObject({ enough: false, verdict: 'tooFewDeals', improved: null });
		expect(built.summary.headline).toContain(
			'are too few to tell a change from noise; no verdict.',
		);
		expect(built.summary.headline).not.toMatch(/fell|rose|chance/);
		const ru = run(
			[...x.map((m) => contacted(AFTER_DAY, m)), ...y.map((m) => contacted(BEFORE_DAY, m))],
			{ metric: 'speedToLeadP50' },
			{ language: 'ru' },
		);
		expect(ru.summary.headline).toContain('выводов нет');
	});

	it('too few deals for rates: fewer than five expected wins on a side', () => {
		const built = run(
			[
				closed('won', AFTER_DAY),
				closed('won', AFTER_DAY),
				closed('lost', BEFORE_DAY),
				closed('lost', BEFORE_DAY),
			],
			{ metric: 'winRate' },
		);
		expect(built.summary.totals).toMatchObject({
			verdict: 'tooFewDeals',
			beforeValue: 0,
			afterValue: 100,
		});
		expect(built.summary.headline).toBe(
			'Win rate went from 0% to 100%, but 2 vs 2 closed deals are too few to tell a change from noise; no verdict.',
		);
	});

	it("average deal: Welch's t-test matches SciPy ttest_ind(7:20, 1:10, equal_var=False), won deals in one currency", () => {
		// SciPy 1.17 scipy.stats.ttest_ind(range(7, 21), range(1, 11), equal_var=False): t = 5.434929763894, df =
		// 21.98221234, p = 1.8552818e-05 — R's ?t.test example comment "# P = .00001855". Amounts ×100 (the test is
		// scale-free) so they look like deal sizes.
		const won = (amount: number, closedAt: string, currency = 'USD') =>
			closed('won', closedAt, { amount, currency });
		const deals = [
			...Array.from({ length: 14 }, (_, i) => won((i + 7) * 100, AFTER_DAY)),
			...Array.from({ length: 10 }, (_, i) => won((i + 1) * 100, BEFORE_DAY)),
			won(90_000, AFTER_DAY, 'EUR'),
			closed('won', AFTER_DAY, { amount: null, currency: 'USD' }),
			closed('lost', AFTER_DAY, { amount: 50_000, currency: 'USD' }),
		];
		const built = run(deals, { metric: 'averageDeal' });
		const change = built.summary.totals as unknown as BriefImpactRow;
		expect(change).toMatchObject({
			test: 'welch',
			beforeValue: 550,
			afterValue: 1350,
			change: 800,
			verdict: 'rose',
			improved: true,
		});
		expect(change.statistic).toBeCloseTo(5.4349, 4);
		expect(Math.abs((change.pValue as number) - 1.8553e-5)).toBeLessThan(1e-9);
		expect(built.summary.details.currency).toBe('USD');
		expect(built.summary.headline).toBe(
			'Average deal rose from 550\u00a0USD to 1,350\u00a0USD on 10 vs 14 won deals; a change this size would appear by chance less than 1 time in 1,000 (p < 0.001).',
		);
		expect(built.summary.warnings).toContain(
			'1 won deal in another currency is left out of the average (amounts are never converted).',
		);
	});

	it('SLA breach share: late contacts and open deals still waiting past the SLA, created in each window', () => {
		// After: 38 contacted (1 late) + 2 open, no contact, older than the SLA → 3 of 40; before: 10 of 40 late.
		// SciPy chi2_contingency([[3, 37], [10, 30]], correction=False): p = 0.0338835, z = √X² = 2.12146.
		const contacted = (createdAt: string, minutes: number) =>
			deal({ createdAt, firstContactAt: plusMinutes(createdAt, minutes) });
		const deals = [
			...many(37, () => contacted(AFTER_DAY, 4)),
			contacted(AFTER_DAY, 40),
			...many(2, () => deal({ status: 'open', createdAt: AFTER_DAY })),
			...many(30, () => contacted(BEFORE_DAY, 10)),
			...many(10, () => contacted(BEFORE_DAY, 16)),
			// Lost without a contact is not waiting: it is neither contacted nor open, so not in the share.
			deal({ status: 'lost', createdAt: AFTER_DAY }),
		];
		const built = run(deals, { metric: 'slaBreachShare' }, { slaMinutes: 15 });
		const change = built.summary.totals as unknown as BriefImpactRow;
		expect(built.summary.details.after).toMatchObject({ deals: 40, successes: 3, value: 7.5 });
		expect(built.summary.details.before).toMatchObject({ deals: 40, successes: 10, value: 25 });
		expect(change.statistic).toBeCloseTo(-2.1215, 4);
		expect(Math.abs((change.pValue as number) - 0.0338835)).toBeLessThan(1e-6);
		// Breaches fell: good for this metric.
		expect(change).toMatchObject({ verdict: 'fell', improved: true, change: -17.5 });
		expect(built.summary.headline).toContain(
			'SLA breach share fell from 25% to 7.5% on 40 vs 40 leads',
		);
	});

	it('lead-quality loss share: lost deals closed in each window, classed by the shared lost-reason rules', () => {
		// After: 4 of 22 lost on lead quality (2 without a reason count as lost); before: 12 of 20.
		// SciPy chi2_contingency([[4, 18], [12, 8]], correction=False): p = 0.00531643, z = 2.78721.
		const lost = (closedAt: string, lostReason: string | null) =>
			closed('lost', closedAt, { lostReason });
		const deals = [
			...many(4, () => lost(AFTER_DAY, 'Not target audience')),
			...many(16, () => lost(AFTER_DAY, 'Chose a competitor')),
			...many(2, () => lost(AFTER_DAY, null)),
			...many(6, () => lost(BEFORE_DAY, 'Не целевой')),
			...many(6, () => lost(BEFORE_DAY, 'Spam / duplicate')),
			...many(8, () => lost(BEFORE_DAY, 'No answer')),
			closed('won', AFTER_DAY),
		];
		const built = run(deals, { metric: 'leadQualityLossShare' });
		const change = built.summary.totals as unknown as BriefImpactRow;
		expect(built.summary.details.after).toMatchObject({ deals: 22, successes: 4 });
		expect(built.summary.details.before).toMatchObject({ deals: 20, successes: 12 });
		expect(Math.abs((change.pValue as number) - 0.00531643)).toBeLessThan(1e-6);
		expect(change).toMatchObject({ verdict: 'fell', improved: true });
		// The user's lost-reason mapping is honoured: calling "Chose a competitor" lead quality moves the numbers.
		const mapped = run(
			deals,
			{ metric: 'leadQualityLossShare' },
			{
				lostReasonOverrides: [{ match: 'Chose a competitor', reasonClass: 'leadQuality' }],
			},
		);
		expect(mapped.summary.details.after).toMatchObject({ successes: 20 });
	});
});

describe('brief impact: scope, windows and groups', () => {
	const tg = (status: 'won' | 'lost', closedAt: string) =>
		closed(status, closedAt, {
			utm: { source: 'telegram' },
			pipeline: { id: '1', name: 'Sales' },
			ownerId: 'u3',
			ownerName: 'Maria Kuznetsova',
		});
	const vk = (status: 'won' | 'lost', closedAt: string) =>
		closed(status, closedAt, {
			utm: { source: 'vk_ads' },
			pipeline: { id: '2', name: 'Partners' },
		});
	const mixed = (): Deal[] => [
		...many(30, () => tg('won', AFTER_DAY)),
		...many(10, () => tg('lost', AFTER_DAY)),
		...many(10, () => tg('won', BEFORE_DAY)),
		...many(30, () => tg('lost', BEFORE_DAY)),
		...many(10, () => vk('won', AFTER_DAY)),
		...many(30, () => vk('lost', AFTER_DAY)),
		...many(30, () => vk('won', BEFORE_DAY)),
		...many(10, () => vk('lost', BEFORE_DAY)),
	];

	it('scope by channel, pipeline name and owner id or name keeps only those deals', () => {
		expect(run(mixed(), {}).summary.totals).toMatchObject({
			beforeValue: 50,
			afterValue: 50,
			verdict: 'noChange',
		});
		for (const scope of [
			{ channel: 'telegram' },
			{ channel: 'TELEGRAM' },
			{ pipeline: 'Sales' },
			{ pipeline: '1' },
			{ owner: 'u3' },
			{ owner: 'maria kuznetsova' },
		]) {
			const built = run(mixed(), { scope });
			expect(built.summary.totals).toMatchObject({
				beforeValue: 25,
				afterValue: 75,
				verdict: 'rose',
			});
			expect(built.summary.details.dealsInScope).toBe(80);
		}
		const vkOnly = run(mixed(), { scope: { channel: 'vk_ads', pipeline: 'Partners' } });
		expect(vkOnly.summary.totals).toMatchObject({
			beforeValue: 75,
			afterValue: 25,
			verdict: 'fell',
			improved: false,
		});
		// Both conditions must hold.
		const none = run(mixed(), { scope: { channel: 'vk_ads', pipeline: 'Sales' } });
		expect(none.summary.headline).toBe('No deal matches the scope of the brief.');
		expect(none.summary.findings).toEqual([]);
	});

	it('scope by a channel display name given in Channel Names', () => {
		const built = run(
			mixed(),
			{ scope: { channel: 'Telegram Ads' } },
			{
				channelNames: [{ key: 'telegram', name: 'Telegram Ads' }],
			},
		);
		expect(built.summary.totals).toMatchObject({ beforeValue: 25, afterValue: 75 });
	});

	it('Group By adds a before, an after and a comparison row per group, and a finding per real change', () => {
		const built = run(mixed(), {}, { groupBy: ['channel'] });
		const rows = built.rows as BriefImpactRow[];
		expect(rows.map((row) => `${row.groupKey}:${row.window}`)).toEqual([
			'telegram:before',
			'telegram:after',
			'telegram:comparison',
			'vk_ads:before',
			'vk_ads:after',
			'vk_ads:comparison',
		]);
		expect(rows.filter((row) => row.window === 'comparison').map((row) => row.verdict)).toEqual([
			'rose',
			'fell',
		]);
		expect(built.summary.findings).toEqual([
			expect.stringMatching(
				/^Win rate of telegram rose from 25% to 75% on 40 vs 40 closed deals; /,
			),
			expect.stringMatching(/^Win rate of vk_ads fell from 75% to 25% on 40 vs 40 closed deals; /),
		]);
		expect(rows[2].explanation).toBe(built.summary.findings[0]);
	});

	it('default window: the time since the release, capped at 90 days, equal on both sides', () => {
		const now = new Date('2026-10-21T00:00:00.000Z');
		const recent = buildReport(mixed(), {
			report: 'briefImpact',
			now,
			brief: { releasedAt: RELEASE, metric: 'winRate' },
		});
		expect(recent.summary.details).toMatchObject({ windowDays: 20, windowShortened: true });
		expect(recent.summary.details.before).toMatchObject({
			from: '2026-09-11T00:00:00.000Z',
			to: RELEASE,
		});
		expect(recent.summary.details.after).toMatchObject({
			from: RELEASE,
			to: '2026-10-21T00:00:00.000Z',
		});
		expect(recent.summary.warnings).toContain(
			'Only 20\u00a0days have passed since the release, so each window is that long; a longer wait gives a surer answer.',
		);
		const old = buildReport(mixed(), {
			report: 'briefImpact',
			now: new Date('2027-06-01T00:00:00.000Z'),
			brief: { releasedAt: RELEASE, metric: 'winRate' },
		});
		expect(old.summary.details).toMatchObject({
			windowDays: DEFAULT_BRIEF_WINDOW_CAP_DAYS,
			windowShortened: false,
		});
		// A bounded period ends the after window at the period end.
		const inPeriod = buildReport(mixed(), {
			report: 'briefImpact',
			now: new Date('2027-06-01T00:00:00.000Z'),
			period: { preset: 'custom', from: '2026-01-01', to: '2026-10-10' },
			brief: { releasedAt: RELEASE, metric: 'winRate' },
		});
		expect(inPeriod.summary.details.windowDays).toBe(10);
	});

	it('a release after now has no after window: it says so and gives no verdict', () => {
		const built = buildReport(mixed(), {
			report: 'briefImpact',
			now: new Date('2026-09-20T00:00:00.000Z'),
			brief: { releasedAt: RELEASE, metric: 'winRate' },
		});
		expect(built.summary.headline).toBe(
			'The release is not before the end of the report (now or the period end): there is no "after" window yet.',
		);
		expect(built.summary.totals).toMatchObject({ verdict: 'tooFewDeals' });
	});

	it('refuses a report without a brief, an unknown metric, a bad date or window', () => {
		expect(() => buildReport(mixed(), { report: 'briefImpact', now: NOW })).toThrow(ReportError);
		expect(() => run(mixed(), { metric: 'revenue' as never })).toThrow(/"Metric" must be one of/);
		expect(() => run(mixed(), { releasedAt: 'soon' })).toThrow(/"Release Date" is not a date/);
		expect(() => run(mixed(), { windowDays: -3 })).toThrow(/"Window \(Days\)"/);
	});

	it('goes through the shared render path, with the brief title escaped in every format', () => {
		const built = run(mixed(), {
			scope: { channel: 'telegram' },
			briefTitle: NASTY,
			briefId: 'b7Kq2',
		});
		expect(built.document.title).toBe(`Brief impact: ${NASTY}`);
		const rendered = renderReport(built);
		expect(rendered.markdown).toContain('Win rate rose from 25% to 75% on 40 vs 40 closed deals');
		expect(rendered.telegram.join('')).toContain('&lt;b&gt;x&lt;/b&gt; &amp;');
		expect(rendered.telegram.join('')).not.toContain('<b>x</b>');
		expect(rendered.email.html).not.toContain('<b>x</b>');
		expect(rendered.email.text).toContain('b7Kq2');
		expect(JSON.stringify(rendered.slack)).toContain('Win rate rose');
	});
});

describe('brief impact on the Demo CRM: the planted release', () => {
	const release = demoBriefReleaseAt(NOW).toISOString();
	const impact = (deals: Deal[], channel: string, language: 'en' | 'ru' = 'en') =>
		buildReport(deals, {
			report: 'briefImpact',
			now: NOW,
			language,
			brief: { releasedAt: release, metric: DEMO_BRIEF_RELEASE.metric, scope: { channel } },
		});

	it.each(['en', 'ru'] as const)(
		'is detected for %s Telegram (p < 0.05) and not for the control channel',
		(language) => {
			const deals = generateDemoDataset({ now: NOW, language }).deals;
			const planted = impact(deals, DEMO_BRIEF_RELEASE.channel, language).summary
				.totals as unknown as BriefImpactRow;
			expect(planted.verdict).toBe('rose');
			expect(planted.pValue as number).toBeLessThan(0.05);
			expect((planted.afterValue as number) - (planted.beforeValue as number)).toBeGreaterThan(15);
			const control = impact(deals, DEMO_BRIEF_RELEASE.controlChannel, language).summary
				.totals as unknown as BriefImpactRow;
			expect(control.verdict).toBe('noChange');
			expect(control.pValue as number).toBeGreaterThan(0.05);
			expect(control.enough).toBe(true);
		},
	);

	it('is not an accident of one seed', () => {
		for (const seed of [1, 2, 3]) {
			const deals = generateDemoDataset({ now: NOW, language: 'en', seed }).deals;
			expect(
				(impact(deals, DEMO_BRIEF_RELEASE.channel).summary.totals as unknown as BriefImpactRow)
					.pValue,
			).toBeLessThan(0.05);
		}
	});

	it('dwarfs the drift the other channels show together', () => {
		// The Demo CRM's other channels are not touched, but their recent win rate runs a little high (≈ +2 pp on
		// average over 60 seeds: young deals open by age alone while long-cycle wins keep arriving from older weeks).
		// The planted change must be far larger than that, on every seed.
		for (const seed of [undefined, 1, 2, 3]) {
			const deals = generateDemoDataset({ now: NOW, language: 'en', seed }).deals;
			const change = (list: Deal[]) =>
				(
					buildReport(list, {
						report: 'briefImpact',
						now: NOW,
						brief: { releasedAt: release, metric: 'winRate' },
					}).summary.totals as unknown as BriefImpactRow
				).change as number;
			const planted = change(deals.filter((d) => d.utm.source === DEMO_BRIEF_RELEASE.channel));
			const others = change(deals.filter((d) => d.utm.source !== DEMO_BRIEF_RELEASE.channel));
			expect(planted).toBeGreaterThan(30);
			expect(Math.abs(others)).toBeLessThan(planted / 4);
		}
	});

	it('leaves the lead-quality channel’s losses as they were: vk_ads is not touched by the release', () => {
		const deals = generateDemoDataset({ now: NOW, language: 'en' }).deals;
		const built = buildReport(deals, {
			report: 'briefImpact',
			now: NOW,
			brief: {
				releasedAt: release,
				metric: 'leadQualityLossShare',
				scope: { channel: DEMO_TRUTHS.leadQualityChannel },
			},
		});
		expect(built.summary.totals).toMatchObject({ verdict: 'noChange' });
	});
});

describe('Sales & Marketing Report node: Brief Impact inside n8n', () => {
	const workflow = (parameters: IDataObject): WorkflowJson => demoToReport(parameters);

	it('reads the brief from expressions and finds the planted Telegram effect, per channel', async () => {
		const result = await runWorkflow(
			workflow({
				operation: 'briefImpact',
				groupBy: 'channel',
				briefReleasedAt: `={{ $now.minus({ days: ${DEMO_BRIEF_RELEASE.daysBeforeNow} }).toISO() }}`,
				briefMetric: '={{ "winRate" }}',
				briefScopeChannel: '',
				briefTitle: 'New Telegram call script',
				briefId: 'tg1',
				options: {},
			}),
		);
		expect(result.error).toBeUndefined();
		const [summary] = result.output('Report');
		expect(summary.report).toBe('briefImpact');
		expect(summary.title).toBe('Brief impact: New Telegram call script');
		expect(summary.details).toMatchObject({ metric: 'winRate', brief: { id: 'tg1' } });
		const rows = (result.run.data.resultData.runData.Report[0].data?.main?.[1] ?? []).map(
			(item) => item.json,
		);
		const telegram = rows.find((row) => row.groupKey === 'telegram' && row.window === 'comparison');
		expect(telegram).toMatchObject({ verdict: 'rose', test: 'twoProportion' });
		expect(telegram?.pValue as number).toBeLessThan(0.05);
		expect((telegram?.details as IDataObject).explanation).toMatch(
			/^Win rate of telegram rose from/,
		);
		expect(summary.findings as string[]).toContainEqual(
			expect.stringMatching(/^Win rate of telegram rose/),
		);
		expect(typeof summary.markdown).toBe('string');
		expect((summary.telegram as string[]).every((message) => message.length <= 4096)).toBe(true);
	});

	it('stops with a clear message when the release date is not a date', async () => {
		const result = await runWorkflow(
			workflow({ operation: 'briefImpact', briefReleasedAt: 'next Tuesday', options: {} }),
		);
		expect(result.error?.message).toBe('"Release Date" is not a date: "next Tuesday"');
	});
});
