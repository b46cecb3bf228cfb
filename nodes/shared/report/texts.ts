import { DateTime } from 'luxon';

import type {
	DimensionKey,
	Language,
	LostReasonClass,
	PeriodPreset,
	ResolvedPeriod,
} from './types';

/** Number formatting per language. Russian: non-breaking space between thousands, comma for decimals. */
export class Formatter {
	constructor(readonly language: Language) {}

	number(value: number, maxDigits = 1): string {
		const factor = 10 ** maxDigits;
		const rounded = Math.round(value * factor) / factor;
		const negative = rounded < 0;
		const [whole, fraction] = Math.abs(rounded).toFixed(maxDigits).split('.');
		const groupSeparator = this.language === 'ru' ? '\u00a0' : ',';
		const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, groupSeparator);
		const trimmedFraction = (fraction ?? '').replace(/0+$/, '');
		const decimal = this.language === 'ru' ? ',' : '.';
		return `${negative ? '-' : ''}${grouped}${trimmedFraction ? decimal + trimmedFraction : ''}`;
	}

	integer(value: number): string {
		return this.number(value, 0);
	}

	pct(value: number | null): string {
		return value === null ? '—' : `${this.number(value, 1)}%`;
	}

	/** Whole units from 100 up (nobody reads kopecks in a channel report), cents below. */
	money(value: number | null, currency: string | null): string {
		if (value === null) return '—';
		const text = this.number(value, Math.abs(value) >= 100 ? 0 : 2);
		return currency ? `${text}\u00a0${currency}` : text;
	}

	minutes(value: number | null): string {
		if (value === null) return '—';
		const ru = this.language === 'ru';
		if (value < 60) return `${this.number(value, value < 10 ? 1 : 0)}\u00a0${ru ? 'мин' : 'min'}`;
		if (value < 48 * 60) return `${this.number(value / 60, 1)}\u00a0${ru ? 'ч' : 'h'}`;
		return this.days(value / 1440);
	}

	days(value: number | null): string {
		if (value === null) return '—';
		const shown = this.number(value, 1);
		return `${shown}\u00a0${this.language === 'ru' ? 'дн.' : shown === '1' ? 'day' : 'days'}`;
	}

	/** `MMM`, not the standalone `LLL`: after a day Russian puts the month in the genitive ("30 июл.", "3 мая"). */
	date(ms: number, timezone: string): string {
		return DateTime.fromMillis(ms, { zone: timezone })
			.setLocale(this.language)
			.toFormat('d MMM yyyy');
	}
}

/** Russian noun form for a count: 1 сделка, 2 сделки, 5 сделок, 21 сделка, 11 сделок. */
export function ruPlural(count: number, one: string, few: string, many: string): string {
	const n = Math.abs(Math.trunc(count));
	const lastTwo = n % 100;
	const last = n % 10;
	if (lastTwo >= 11 && lastTwo <= 14) return many;
	if (last === 1) return one;
	if (last >= 2 && last <= 4) return few;
	return many;
}

export interface ReportTexts {
	language: Language;
	notSet: string;
	dimension: Record<DimensionKey, string>;
	/** "by channel" / "по каналам" */
	byDimension: Record<DimensionKey, string>;
	periodPreset: Record<PeriodPreset, string>;
	periodLabel: string;
	/** "120 deals in the period (of 500 received)" */
	scope(inPeriod: number, received: number, f: Formatter): string;
	excludedNoDate(count: number, f: Formatter): string;
	skippedItems(count: number, f: Formatter): string;
	moreGroups(count: number, f: Formatter): string;
	slackOmitted(count: number): string;
	reasonClass: Record<LostReasonClass, string>;
	column: {
		leads: string;
		won: string;
		lost: string;
		open: string;
		winRate: string;
		conversion: string;
		revenue: string;
		averageDeal: string;
		medianDaysToClose: string;
		spend: string;
		costPerLead: string;
		costPerWon: string;
		romi: string;
		leadQuality: string;
		handling: string;
		other: string;
		noReason: string;
		topReason: string;
		reason: string;
		count: string;
		share: string;
		verdict: string;
		p50: string;
		p90: string;
		measured: string;
		overSla: string;
		p50FirstContact: string;
		deals: string;
		clean: string;
		unattributed: string;
		noUtm: string;
		wonWithoutAmount: string;
		lostWithoutReason: string;
		duplicates: string;
		class: string;
	};
	noDeals: string;
}

const EN: ReportTexts = {
	language: 'en',
	notSet: '(not set)',
	dimension: {
		channel: 'Channel',
		utmSource: 'UTM source',
		utmMedium: 'UTM medium',
		utmCampaign: 'Campaign',
		source: 'CRM source',
		owner: 'Owner',
		pipeline: 'Pipeline',
		month: 'Month',
	},
	byDimension: {
		channel: 'by channel',
		utmSource: 'by UTM source',
		utmMedium: 'by UTM medium',
		utmCampaign: 'by campaign',
		source: 'by CRM source',
		owner: 'by owner',
		pipeline: 'by pipeline',
		month: 'by month',
	},
	periodPreset: {
		allTime: 'all time',
		last7Days: 'last 7 days',
		last30Days: 'last 30 days',
		last90Days: 'last 90 days',
		thisMonth: 'this month',
		lastMonth: 'last month',
		thisQuarter: 'this quarter',
		lastQuarter: 'last quarter',
		thisYear: 'this year',
		lastYear: 'last year',
		custom: 'custom period',
	},
	periodLabel: 'Period',
	scope: (inPeriod, received, f) =>
		inPeriod === received
			? `${f.integer(inPeriod)} ${inPeriod === 1 ? 'deal' : 'deals'}`
			: `${f.integer(inPeriod)} of ${f.integer(received)} deals created in the period`,
	excludedNoDate: (count, f) =>
		`${f.integer(count)} ${count === 1 ? 'deal has' : 'deals have'} no creation date and ${count === 1 ? 'is' : 'are'} left out of a dated period.`,
	skippedItems: (count, f) =>
		`${f.integer(count)} input ${count === 1 ? 'item was' : 'items were'} not a deal and ${count === 1 ? 'was' : 'were'} skipped.`,
	moreGroups: (count, f) => `…and ${f.integer(count)} more (all groups are in the data rows).`,
	slackOmitted: (count) =>
		`…${count} more blocks not shown; the full report is in the e-mail and Markdown versions.`,
	reasonClass: { leadQuality: 'lead quality', handling: 'handling', other: 'other' },
	column: {
		leads: 'Leads',
		won: 'Won',
		lost: 'Lost',
		open: 'Open',
		winRate: 'Win rate',
		conversion: 'Conversion',
		revenue: 'Revenue',
		averageDeal: 'Average deal',
		medianDaysToClose: 'Median days to close',
		spend: 'Spend',
		costPerLead: 'CPL',
		costPerWon: 'Cost per won deal',
		romi: 'ROMI',
		leadQuality: 'Lead quality',
		handling: 'Handling',
		other: 'Other',
		noReason: 'No reason',
		topReason: 'Top reason',
		reason: 'Reason',
		count: 'Count',
		share: 'Share',
		verdict: 'Verdict',
		p50: 'P50',
		p90: 'P90',
		measured: 'Measured',
		overSla: 'Over SLA',
		p50FirstContact: 'First contact P50',
		deals: 'Deals',
		clean: 'Clean',
		unattributed: 'No channel',
		noUtm: 'No UTM',
		wonWithoutAmount: 'Won w/o amount',
		lostWithoutReason: 'Lost w/o reason',
		duplicates: 'Duplicates',
		class: 'Class',
	},
	noDeals: 'No deals in the period.',
};

const RU: ReportTexts = {
	language: 'ru',
	notSet: '(не указано)',
	dimension: {
		channel: 'Канал',
		utmSource: 'UTM source',
		utmMedium: 'UTM medium',
		utmCampaign: 'Кампания',
		source: 'Источник в CRM',
		owner: 'Менеджер',
		pipeline: 'Воронка',
		month: 'Месяц',
	},
	byDimension: {
		channel: 'по каналам',
		utmSource: 'по utm_source',
		utmMedium: 'по utm_medium',
		utmCampaign: 'по кампаниям',
		source: 'по источникам CRM',
		owner: 'по менеджерам',
		pipeline: 'по воронкам',
		month: 'по месяцам',
	},
	periodPreset: {
		allTime: 'всё время',
		last7Days: 'последние 7 дней',
		last30Days: 'последние 30 дней',
		last90Days: 'последние 90 дней',
		thisMonth: 'этот месяц',
		lastMonth: 'прошлый месяц',
		thisQuarter: 'этот квартал',
		lastQuarter: 'прошлый квартал',
		thisYear: 'этот год',
		lastYear: 'прошлый год',
		custom: 'свой период',
	},
	periodLabel: 'Период',
	scope: (inPeriod, received, f) =>
		inPeriod === received
			? `${f.integer(inPeriod)} ${ruPlural(inPeriod, 'сделка', 'сделки', 'сделок')}`
			: `${f.integer(inPeriod)} из ${f.integer(received)} ${ruPlural(received, 'сделки', 'сделок', 'сделок')} ${ruPlural(inPeriod, 'создана', 'созданы', 'созданы')} в этом периоде`,
	excludedNoDate: (count, f) =>
		`У ${f.integer(count)} ${ruPlural(count, 'сделки', 'сделок', 'сделок')} нет даты создания, в отчёт за период ${count === 1 ? 'она не вошла' : 'они не вошли'}.`,
	skippedItems: (count, f) =>
		`${f.integer(count)} ${ruPlural(count, 'входной элемент не является сделкой и пропущен', 'входных элемента не являются сделками и пропущены', 'входных элементов не являются сделками и пропущены')}.`,
	moreGroups: (count, f) => `…и ещё ${f.integer(count)} (все группы — в строках данных).`,
	slackOmitted: (count) =>
		`…ещё ${count} ${ruPlural(count, 'блок не показан', 'блока не показаны', 'блоков не показано')}; полный отчёт — в версиях для e-mail и Markdown.`,
	reasonClass: { leadQuality: 'качество лидов', handling: 'обработка', other: 'другое' },
	column: {
		leads: 'Лиды',
		won: 'Успешно',
		lost: 'Проиграно',
		open: 'В работе',
		winRate: 'Доля побед',
		conversion: 'Конверсия',
		revenue: 'Выручка',
		averageDeal: 'Средний чек',
		medianDaysToClose: 'Медиана дней до закрытия',
		spend: 'Расход',
		costPerLead: 'CPL',
		costPerWon: 'Цена успешной сделки',
		romi: 'ROMI',
		leadQuality: 'Качество лидов',
		handling: 'Обработка',
		other: 'Другое',
		noReason: 'Без причины',
		topReason: 'Главная причина',
		reason: 'Причина',
		count: 'Кол-во',
		share: 'Доля',
		verdict: 'Вердикт',
		p50: 'P50',
		p90: 'P90',
		measured: 'Измерено',
		overSla: 'Сверх SLA',
		p50FirstContact: 'P50 первого контакта',
		deals: 'Сделки',
		clean: 'Без проблем',
		unattributed: 'Без канала',
		noUtm: 'Без UTM',
		wonWithoutAmount: 'Успешные без суммы',
		lostWithoutReason: 'Отказы без причины',
		duplicates: 'Дубли',
		class: 'Класс',
	},
	noDeals: 'В периоде нет сделок.',
};

export function textsFor(language: Language): ReportTexts {
	return language === 'ru' ? RU : EN;
}

/** "Period: 1 Nov 2026 – 30 Nov 2026 (last month)" */
export function periodText(period: ResolvedPeriod, texts: ReportTexts, f: Formatter): string {
	const name = texts.periodPreset[period.preset];
	if (period.fromMs === -Infinity && period.toMs === Infinity)
		return `${texts.periodLabel}: ${name}`;
	const from = period.fromMs === -Infinity ? '…' : f.date(period.fromMs, period.timezone);
	// The end is exclusive: show the last day inside the period.
	const to = period.toMs === Infinity ? '…' : f.date(period.toMs - 1, period.timezone);
	return `${texts.periodLabel}: ${from} – ${to} (${name})`;
}
