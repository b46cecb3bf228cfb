import { buildFeedbackReport, renderReport } from '../../nodes/shared/report';
import type { VoiceOfSalesRow } from '../../nodes/shared/report';
import { quote } from '../../nodes/shared/report/voiceOfSales';
import { feedback } from './feedbackFixtures';

const NOW = new Date('2026-12-01T00:00:00Z');

/**
 * Hand-counted. Campaign "spring" (vk_ads), purchasePurpose: "Быстрая доставка", "нужна быстрая доставка и цена",
 * "Доставка быстрой была обещана" → "быстр доставк" in 2 answers (the third has "доставка быстрой", another order),
 * "доставк" in 3, "быстр" in 3. objections: "Too expensive", "too expensive for us", "expensive!" → "expens" in 3.
 * Campaign "autumn" (google), firstWords: "Do you deliver on Sunday?", "Sunday delivery?" → "sunday" 2.
 */
function fixture() {
	return [
		feedback({
			campaign: 'spring',
			channel: 'vk_ads',
			purchasePurpose: 'Быстрая доставка',
			objections: 'Too expensive',
		}),
		feedback({
			campaign: 'spring',
			channel: 'vk_ads',
			purchasePurpose: 'нужна быстрая доставка и цена',
			objections: 'too expensive for us',
		}),
		feedback({
			campaign: 'spring',
			channel: 'vk_ads',
			purchasePurpose: 'Доставка быстрой была обещана',
			objections: 'expensive!',
		}),
		feedback({ campaign: 'autumn', channel: 'google', firstWords: 'Do you deliver on Sunday?' }),
		feedback({ campaign: 'autumn', channel: 'google', firstWords: 'Sunday delivery?' }),
		feedback({ type: 'verdict', decision: 'accept' }),
	];
}

describe('Voice of sales report', () => {
	it('counts answers per phrase, per campaign and channel, in Russian and English', () => {
		const built = buildFeedbackReport(fixture(), { report: 'voiceOfSales', now: NOW });
		const rows = built.rows as VoiceOfSalesRow[];
		const spring = rows.find(
			(row) =>
				row.groupBy === 'utmCampaign' &&
				row.groupKey === 'spring' &&
				row.question === 'purchasePurpose',
		);
		expect(spring?.answers).toBe(3);
		expect(spring?.phrases.slice(0, 3).map((p) => [p.phrase, p.count])).toEqual([
			['быстрая', 3],
			['доставка', 3],
			['быстрая доставка', 2],
		]);
		const objections = rows.find(
			(row) => row.groupKey === 'spring' && row.question === 'objections',
		);
		// "too" is a stop word: "expensive" is in all three answers.
		expect(objections?.phrases[0]).toMatchObject({
			phrase: 'expensive',
			count: 3,
			sharePct: 100,
			example: 'Too expensive',
		});
		const autumn = rows.find((row) => row.groupKey === 'autumn' && row.question === 'firstWords');
		expect(autumn?.phrases.map((p) => [p.phrase, p.count])[0]).toEqual(['sunday', 2]);
		// Porter2 stems "deliver" to deliv and "delivery" to deliveri: two phrases; "deliveri" alone (1) is inside
		// "sunday deliveri" (1) and not listed again.
		expect(autumn?.phrases.map((p) => p.key)).toEqual(['sunday', 'sunday deliveri', 'deliv']);
		// Channel rows mirror the campaigns here.
		expect(
			rows.filter((row) => row.groupBy === 'channel').map((row) => [row.groupKey, row.question]),
		).toEqual([
			['vk_ads', 'purchasePurpose'],
			['vk_ads', 'objections'],
			['google', 'firstWords'],
		]);
		expect(built.summary.feedback?.used).toBe(5);
		expect(built.summary.headline).toBe(
			'5 feedback answers from sales; heard most: “sunday” (what clients say first, 2), “быстрая” (why they buy, 3), “expensive” (objections, 3).',
		);
		expect(built.summary.findings[0]).toBe('What clients say first: “sunday” — 2 of 2 answers.');
	});

	it('drops a shorter phrase inside a longer one with the same count', () => {
		const built = buildFeedbackReport(
			[
				feedback({ campaign: 'c', whatMatters: 'personal manager' }),
				feedback({ campaign: 'c', whatMatters: 'a personal manager, always' }),
			],
			{ report: 'voiceOfSales', now: NOW, groupBy: ['utmCampaign'] },
		);
		const row = built.rows[0] as VoiceOfSalesRow;
		expect(row.phrases.map((p) => [p.phrase, p.count])).toEqual([
			['personal manager', 2],
			['always', 1],
		]);
	});

	it('quotes a long answer around the phrase, on one line, cut with …', () => {
		const text = `${'word '.repeat(40)}the key phrase\nhere ${'tail '.repeat(40)}`;
		const start = text.indexOf('key');
		const q = quote(text, start, start + 'key phrase'.length);
		expect(q.length).toBeLessThanOrEqual(102);
		expect(q).toContain('key phrase here');
		expect(q.startsWith('…')).toBe(true);
		expect(q.endsWith('…')).toBe(true);
	});

	it('has Russian texts and escapes hostile quotes in every channel', () => {
		const items = [
			feedback({ campaign: '*bold* <i>', objections: '<script>alert(1)</script> дорого' }),
		];
		const built = buildFeedbackReport(items, { report: 'voiceOfSales', now: NOW, language: 'ru' });
		// One answer: nothing repeats, so the headline names no phrase.
		expect(built.summary.headline).toBe(
			'1 ответ продаж; ни одна фраза пока не повторяется в разных ответах.',
		);
		const rendered = renderReport(built);
		expect(rendered.telegram.join('')).not.toContain('<script>');
		expect(rendered.email.html).not.toContain('<script>');
		expect(rendered.email.html).toContain('&lt;script&gt;');
	});
});
