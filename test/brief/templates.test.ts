import { ASSET_TYPE_TEXTS, assetTypeLabel } from '../../nodes/shared/brief/templates/assetTypes';
import { briefTexts } from '../../nodes/shared/brief/templates/common';
import {
	formatMetricValue,
	metricLabel,
	metricMeaning,
	metricUnit,
} from '../../nodes/shared/brief/templates/metrics';
import { ASSET_TYPES, BRIEF_METRICS } from '../../nodes/shared/brief/types';

const CYRILLIC = /[А-Яа-яЁё]/;
const LANGUAGES = ['en', 'ru'] as const;

describe('asset type texts', () => {
	test.each(ASSET_TYPES.flatMap((type) => LANGUAGES.map((language) => [type, language] as const)))(
		'%s in %s: every text written, in that language',
		(type, language) => {
			const t = ASSET_TYPE_TEXTS[type][language];
			const all = [t.label, t.introNew, t.introUpdate(7), t.changeHeading, t.howToUseHeading];
			for (const text of all) {
				expect(text.trim().length).toBeGreaterThan(3);
				if (language === 'ru') expect(text).toMatch(CYRILLIC);
				else expect(text).not.toMatch(CYRILLIC);
			}
			expect(t.introUpdate(7)).toContain('7');
		},
	);

	test.each(LANGUAGES)('labels and openings differ between asset types (%s)', (language) => {
		const labels = ASSET_TYPES.map((type) => assetTypeLabel(type, language));
		expect(new Set(labels).size).toBe(ASSET_TYPES.length);
		const intros = ASSET_TYPES.map((type) => ASSET_TYPE_TEXTS[type][language].introNew);
		expect(new Set(intros).size).toBe(ASSET_TYPES.length);
	});
});

describe('metrics', () => {
	test.each(BRIEF_METRICS)('%s has an English and a Russian label and meaning', (metric) => {
		expect(metricLabel(metric, 'en')).not.toMatch(CYRILLIC);
		expect(metricLabel(metric, 'ru')).toMatch(CYRILLIC);
		expect(metricMeaning(metric, 'ru')).toMatch(CYRILLIC);
		expect(metricLabel(metric, 'en')).not.toBe(metricLabel(metric, 'ru'));
	});

	test('rates as percent, speed in minutes/hours, money with the currency when given', () => {
		expect(metricUnit('winRate')).toBe('rate');
		expect(formatMetricValue('winRate', 21.5, 'en')).toBe('21.5%');
		expect(formatMetricValue('winRate', 21.5, 'ru')).toBe('21,5%');
		expect(formatMetricValue('slaBreachShare', 8, 'en')).toBe('8%');
		expect(formatMetricValue('speedToLeadP50', 12, 'en')).toBe('12\u00a0min');
		expect(formatMetricValue('speedToLeadP50', 12, 'ru')).toBe('12\u00a0мин');
		expect(formatMetricValue('speedToLeadP50', 90, 'en')).toBe('1.5\u00a0h');
		expect(formatMetricValue('averageDeal', 52000, 'en', 'USD')).toBe('52,000\u00a0USD');
		expect(formatMetricValue('averageDeal', 52000, 'ru', 'RUB')).toBe('52\u00a0000\u00a0RUB');
		expect(formatMetricValue('averageDeal', 52000, 'en')).toBe('52,000');
		expect(formatMetricValue('conversion', null, 'en')).toBe('—');
	});
});

describe('common texts', () => {
	test('Russian counts take the right plural form', () => {
		const ru = briefTexts('ru');
		expect([1, 2, 5, 11, 21, 22].map((n) => ru.changesCount(n))).toEqual([
			'1 изменение:',
			'2 изменения:',
			'5 изменений:',
			'11 изменений:',
			'21 изменение:',
			'22 изменения:',
		]);
		expect(ru.ack('4 дек. 2026', 1)).toContain('(остался 1 день)');
		expect(ru.ack('4 дек. 2026', 3)).toContain('(осталось 3 дня)');
		expect(ru.ack('4 дек. 2026', 5)).toContain('(осталось 5 дней)');
		expect(ru.ack('4 дек. 2026', 0)).toContain('(сегодня)');
		expect(ru.deadline('4 дек. 2026', 21)).toBe('Срок: 4 дек. 2026 (остался 21 день).');
	});

	test('English counts', () => {
		const en = briefTexts('en');
		expect(en.changesCount(1)).toBe('1 change:');
		expect(en.changesCount(3)).toBe('3 changes:');
		expect(en.ack('4 Dec 2026', 1)).toBe(
			'Please confirm that you have read this by 4 Dec 2026 (1 day left).',
		);
		expect(en.ack(null, null)).toBe('Please confirm that you have read this.');
	});

	test('the three questions, in both languages', () => {
		expect(briefTexts('en').questions).toEqual([
			'What do clients say first when they call?',
			'Why do they buy?',
			'What matters to them?',
		]);
		for (const question of briefTexts('ru').questions) expect(question).toMatch(CYRILLIC);
	});

	test('the expectation sentence with the parts that are known', () => {
		const en = briefTexts('en');
		expect(en.effect('Win rate', '21%', '27%', '15 Jan 2027')).toBe(
			'Win rate: from 21% to 27% by 15 Jan 2027.',
		);
		expect(en.effect('Win rate', null, '27%', null)).toBe('Win rate: to 27%.');
		expect(en.effect('Win rate', null, null, null)).toBe('Win rate should improve.');
		expect(briefTexts('ru').effect('Средний чек', '50 000', '60 000', '15 янв. 2027')).toBe(
			'Средний чек: с 50 000 до 60 000 к 15 янв. 2027.',
		);
	});
});
