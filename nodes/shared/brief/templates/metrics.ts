/**
 * The CRM metrics a brief promises to move: their names, what they mean for a salesperson, their unit and how a value
 * is written, in English and Russian. The Brief impact report reads the same labels and formatting from here.
 */
import type { Language } from '../../report/types';
import { Formatter } from '../../report/texts';
import type { BriefMetric } from '../types';

/** rate: percent 0–100 (21 for 21 %); money: the report currency; minutes: a duration in minutes. */
export type MetricUnit = 'rate' | 'money' | 'minutes';

interface MetricText {
	label: string;
	/** What the number counts, in words a salesperson uses. */
	meaning: string;
}

export const METRIC_UNITS: Record<BriefMetric, MetricUnit> = {
	winRate: 'rate',
	conversion: 'rate',
	averageDeal: 'money',
	speedToLeadP50: 'minutes',
	slaBreachShare: 'rate',
	leadQualityLossShare: 'rate',
};

/** Whether a higher value is better: a target below the baseline is the goal for the others. */
export const METRIC_HIGHER_IS_BETTER: Record<BriefMetric, boolean> = {
	winRate: true,
	conversion: true,
	averageDeal: true,
	speedToLeadP50: false,
	slaBreachShare: false,
	leadQualityLossShare: false,
};

const METRIC_TEXTS: Record<BriefMetric, { en: MetricText; ru: MetricText }> = {
	winRate: {
		en: { label: 'Win rate', meaning: 'won deals out of all deals closed (won + lost)' },
		ru: {
			label: 'Доля выигранных сделок',
			meaning: 'выигранные сделки из всех закрытых (выиграно + проиграно)',
		},
	},
	conversion: {
		en: { label: 'Conversion to won', meaning: 'won deals out of all deals created' },
		ru: { label: 'Конверсия в продажу', meaning: 'выигранные сделки из всех созданных' },
	},
	averageDeal: {
		en: { label: 'Average deal', meaning: 'the average amount of a won deal' },
		ru: { label: 'Средний чек', meaning: 'средняя сумма выигранной сделки' },
	},
	speedToLeadP50: {
		en: {
			label: 'Speed to lead (median)',
			meaning: 'time from a new lead to the first contact; half of the leads are reached faster',
		},
		ru: {
			label: 'Скорость первого контакта (медиана)',
			meaning: 'время от новой заявки до первого контакта; половина заявок получает ответ быстрее',
		},
	},
	slaBreachShare: {
		en: {
			label: 'Leads over the SLA',
			meaning: 'the share of leads not contacted within the agreed time',
		},
		ru: {
			label: 'Заявки сверх SLA',
			meaning: 'доля заявок, с которыми не связались в оговорённое время',
		},
	},
	leadQualityLossShare: {
		en: {
			label: 'Losses due to lead quality',
			meaning:
				'the share of lost deals lost because the lead was not a fit (wrong client, no budget, spam)',
		},
		ru: {
			label: 'Потери из-за качества заявок',
			meaning:
				'доля проигранных сделок, потерянных потому, что заявка была не целевой (не наш клиент, нет бюджета, спам)',
		},
	},
};

export function metricLabel(metric: BriefMetric, language: Language): string {
	return METRIC_TEXTS[metric][language].label;
}

export function metricMeaning(metric: BriefMetric, language: Language): string {
	return METRIC_TEXTS[metric][language].meaning;
}

export function metricUnit(metric: BriefMetric): MetricUnit {
	return METRIC_UNITS[metric];
}

/**
 * A metric value as a salesperson reads it: rates as percent ("21.5%" / "21,5%"), speed in minutes or hours
 * ("12 min", "1.5 h"), money with its currency when given ("52,000 USD" / "52 000 RUB"). "—" for null.
 */
export function formatMetricValue(
	metric: BriefMetric,
	value: number | null,
	language: Language,
	currency: string | null = null,
): string {
	const f = new Formatter(language);
	switch (METRIC_UNITS[metric]) {
		case 'rate':
			return f.pct(value);
		case 'money':
			return f.money(value, currency);
		case 'minutes':
			return f.minutes(value);
	}
}
