import { buildFeedbackReport, renderReport } from '../../nodes/shared/report';
import type { LeadAcceptanceRow } from '../../nodes/shared/report';
import { feedback } from './feedbackFixtures';

const NOW = new Date('2026-12-01T00:00:00Z');

/**
 * Known answers, countable by hand. vk_ads/spring: 9 accept, 1 reject (not_target, lead quality) → 90 % = on a 90 %
 * target. yandex/spring: 2 accept, 2 reject (not_reached: handling; wrong_city: the user's lead-quality code) → 50 %.
 * One item without a decision is not a verdict. Totals: 11 of 14 accepted = 78.6 %; rejections 2 lead quality, 1
 * handling, 0 other.
 */
function fixture() {
	const items = [];
	for (let i = 0; i < 9; i++)
		items.push(feedback({ decision: 'accept', channel: 'vk_ads', campaign: 'spring' }));
	items.push(
		feedback({
			decision: 'reject',
			reasonCode: 'not_target',
			channel: 'vk_ads',
			campaign: 'spring',
		}),
	);
	items.push(feedback({ decision: 'accept', channel: 'yandex', campaign: 'spring' }));
	items.push(feedback({ decision: 'accept', channel: 'yandex', campaign: 'spring' }));
	items.push(
		feedback({
			decision: 'reject',
			reasonCode: 'not_reached',
			channel: 'yandex',
			campaign: 'spring',
		}),
	);
	items.push(
		feedback({
			decision: 'reject',
			reasonCode: 'wrong_city',
			channel: 'yandex',
			campaign: 'spring',
		}),
	);
	items.push(feedback({ firstWords: 'hello', channel: 'yandex' }));
	return items;
}

const USER = [
	{ code: 'wrong_city', class: 'leadQuality' as const, en: 'Wrong city', ru: 'Не тот город' },
];

describe('Lead acceptance report', () => {
	it('computes acceptance per channel and campaign against the target, and the class split', () => {
		const built = buildFeedbackReport(fixture(), {
			report: 'leadAcceptance',
			now: NOW,
			userReasons: USER,
		});
		const rows = built.rows as LeadAcceptanceRow[];
		const vk = rows.find((row) => row.groupBy === 'channel' && row.groupKey === 'vk_ads');
		const yandex = rows.find((row) => row.groupBy === 'channel' && row.groupKey === 'yandex');
		const spring = rows.find((row) => row.groupBy === 'utmCampaign' && row.groupKey === 'spring');
		expect(vk).toMatchObject({
			verdicts: 10,
			accepted: 9,
			acceptancePct: 90,
			meetsTarget: true,
			leadQuality: 1,
		});
		expect(yandex).toMatchObject({
			verdicts: 4,
			accepted: 2,
			acceptancePct: 50,
			meetsTarget: false,
			leadQuality: 1,
			handling: 1,
		});
		expect(yandex?.reasons.map((r) => [r.reasonCode, r.reason, r.reasonClass])).toEqual([
			['not_reached', 'Could not reach the client', 'handling'],
			['wrong_city', 'Wrong city', 'leadQuality'],
		]);
		expect(spring).toMatchObject({
			verdicts: 14,
			accepted: 11,
			acceptancePct: 78.6,
			meetsTarget: false,
		});
		expect(built.summary.feedback).toEqual({
			inputFeedback: 15,
			inPeriod: 15,
			outsidePeriod: 0,
			used: 14,
		});
		expect(built.summary.headline).toBe(
			'Sales accepted 11 of 14 leads (78.6%): below the target of 90%.',
		);
		expect(built.summary.findings).toEqual([
			'3 rejections: 66.7% on lead quality, 33.3% on handling, 0% other.',
			'yandex: 50% accepted of 4 — below the target.',
		]);
	});

	it('without the user code, wrong_city is "other"; a stricter target moves vk_ads below it', () => {
		const built = buildFeedbackReport(fixture(), {
			report: 'leadAcceptance',
			now: NOW,
			acceptanceTargetPct: 95,
		});
		const vk = (built.rows as LeadAcceptanceRow[]).find((row) => row.groupKey === 'vk_ads');
		const yandex = (built.rows as LeadAcceptanceRow[]).find((row) => row.groupKey === 'yandex');
		expect(vk?.meetsTarget).toBe(false);
		expect(yandex).toMatchObject({ leadQuality: 0, handling: 1, other: 1 });
	});

	it('writes Russian side by side and renders hostile campaign names escaped', () => {
		const items = fixture().map((item) => ({
			...item,
			utm: { ...item.utm, campaign: '<b>x</b>' },
		}));
		const built = buildFeedbackReport(items, {
			report: 'leadAcceptance',
			now: NOW,
			language: 'ru',
		});
		expect(built.summary.headline).toBe('Продажи приняли 11 из 14 лидов (78,6%): ниже цели 90%.');
		const rendered = renderReport(built);
		expect(rendered.telegram.join('')).toContain('&lt;b&gt;x&lt;/b&gt;');
		expect(rendered.telegram.join('')).not.toContain('<b>x</b>');
	});

	it('says so when there are no verdicts', () => {
		const built = buildFeedbackReport([feedback({ firstWords: 'hi' })], {
			report: 'leadAcceptance',
			now: NOW,
		});
		expect(built.summary.headline).toBe('No lead verdicts in the period.');
		expect(built.rows).toEqual([]);
	});
});
