import { DateTime } from 'luxon';

import type { FixOwner, HealthIssue } from './attributionHealth';
import type {
	DimensionKey,
	Language,
	LostReasonClass,
	PeriodPreset,
	ReportType,
	ResolvedPeriod,
} from './types';
import type { Verdict } from './verdict';

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

	date(ms: number, timezone: string): string {
		return DateTime.fromMillis(ms, { zone: timezone })
			.setLocale(this.language)
			.toFormat('d LLL yyyy');
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
	reportTitle: Record<ReportType, string>;
	periodPreset: Record<PeriodPreset, string>;
	periodLabel: string;
	/** "120 deals in the period (of 500 received)" */
	scope(inPeriod: number, received: number, f: Formatter): string;
	excludedNoDate(count: number, f: Formatter): string;
	skippedItems(count: number, f: Formatter): string;
	moreGroups(count: number, f: Formatter): string;
	slackOmitted(count: number): string;
	reasonClass: Record<LostReasonClass, string>;
	verdictName: Record<Verdict, string>;
	fixOwner: Record<FixOwner, string>;
	issueName: Record<HealthIssue, string>;
	issueFix: Record<HealthIssue, string>;
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
	leadQuality: {
		definitions: string;
		currencyNote(currency: string | null): string;
		otherCurrencies(list: string): string;
		wonWithoutAmount(count: number, f: Formatter): string;
		spendOtherCurrencies(list: string): string;
		spendWithoutDeals: string;
		bestWinRate: string;
		worstWinRate: string;
		mostRevenue: string;
		negativeCloseTimes(count: number, f: Formatter): string;
		chartWon: string;
		chartLost: string;
		chartOpen: string;
		chartWinRate(value: string): string;
	};
	lostReasons: {
		noLost: string;
		topReasonsHeading: string;
		howClassified: string;
	};
	verdict: {
		verdictsLabel: string;
		andMore(count: number, f: Formatter): string;
		noGroups: string;
		rule(minLost: number, dominancePct: number): string;
		sentence(
			kind: Verdict,
			data: VerdictSentenceData,
			f: Formatter,
		): Array<string | { text: string; bold?: boolean }>;
	};
	speed: {
		noContacts: string;
		sla(minutes: number, f: Formatter): string;
		bands: [string, string, string, string];
		slowest: string;
		fastest: string;
		mostBreaches: string;
		headlineValue(p50: string, breachPct: string): string;
		waitingNow(count: number, f: Formatter): string;
		contactBeforeCreation(count: number, f: Formatter): string;
		definitions: string;
	};
	health: {
		cleanShare(pct: string, clean: number, deals: number, f: Formatter): string;
		noIssues: string;
		issueLine(
			count: number,
			base: number,
			pct: string,
			f: Formatter,
			baseKind: 'deals' | 'won' | 'lost' | 'withAmount',
		): string;
		fixLabel: string;
		duplicatesHeading: string;
		definitions: string;
	};
	noDeals: string;
}

export interface VerdictSentenceData {
	group: string;
	lost: number;
	leadQualityPct: string;
	handlingPct: string;
	otherPct: string;
	noReasonPct: string;
	topReason: string | null;
	/** Formatted share of this group's leads first contacted later than the SLA, when known. */
	overSla: string | null;
	slaMinutes: number;
	minLost: number;
}

const quoteEn = (text: string): string => `“${text}”`;
const quoteRu = (text: string): string => `«${text}»`;

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
	reportTitle: {
		leadQuality: 'Lead quality',
		lostReasons: 'Lost reasons',
		verdict: 'Lead quality or handling?',
		speedToLead: 'Speed to lead & SLA',
		attributionHealth: 'Attribution health',
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
	verdictName: {
		leadQuality: 'Lead quality',
		handling: 'Handling',
		mixed: 'Mixed',
		otherReasons: 'Other reasons',
		noReasons: 'No reasons recorded',
		insufficientData: 'Too little data',
	},
	fixOwner: {
		marketing: 'Marketing',
		crmAdmin: 'CRM admin',
		headOfSales: 'Head of sales',
		salesReps: 'Sales reps',
	},
	issueName: {
		unattributed: 'Deals with no channel (no source and no UTM)',
		noSource: 'Source field empty or “unknown”',
		noUtm: 'No UTM tags',
		partialUtm: 'Incomplete UTM (source without medium or campaign)',
		unknownOwner: 'No responsible owner',
		wonWithoutAmount: 'Won deals without an amount',
		missingAmount: 'Deals without an amount',
		missingCurrency: 'Amount without a currency',
		lostWithoutReason: 'Lost deals without a reason',
		duplicateTitle: 'Duplicates by title',
	},
	issueFix: {
		unattributed:
			'tag every ad and form with UTMs and pass them into the CRM; route calls and chats through tracked numbers or widgets',
		noSource: 'make every form, integration and import fill in the source field',
		noUtm: 'add utm_source, utm_medium and utm_campaign to every ad link',
		partialUtm: 'use one UTM template for all campaigns',
		unknownOwner: 'assign an owner to every deal and set up distribution rules',
		wonWithoutAmount: 'fill in the amount before moving a deal to won; make the field required',
		missingAmount: 'enter the expected amount when qualifying a deal',
		missingCurrency: 'set the currency on deals or a default currency in the CRM',
		lostWithoutReason: 'make the loss reason required when a deal is closed as lost',
		duplicateTitle:
			'turn on duplicate control for forms, calls and imports; merge the existing duplicates',
	},
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
	leadQuality: {
		definitions:
			'Win rate = won ÷ (won + lost); conversion = won ÷ leads; average deal and revenue count won deals only; days to close = closing date − creation date of won deals; ROMI = (revenue − spend) ÷ spend.',
		currencyNote: (currency) =>
			currency ? `Money is in ${currency}.` : 'Money is from deals that state no currency.',
		otherCurrencies: (list) =>
			`Not added to the totals because they are in another currency: ${list}.`,
		wonWithoutAmount: (count, f) =>
			`${f.integer(count)} won ${count === 1 ? 'deal has' : 'deals have'} no amount and ${count === 1 ? 'is' : 'are'} not in the revenue.`,
		spendOtherCurrencies: (list) => `Spend in another currency was left out: ${list}.`,
		spendWithoutDeals: 'Spend with no deals in the period',
		bestWinRate: 'Best win rate',
		worstWinRate: 'Worst win rate',
		mostRevenue: 'Most revenue',
		negativeCloseTimes: (count, f) =>
			`${f.integer(count)} won ${count === 1 ? 'deal is' : 'deals are'} dated closed before created and left out of days to close.`,
		chartWon: 'Won',
		chartLost: 'Lost',
		chartOpen: 'Open',
		chartWinRate: (value) => `win ${value}`,
	},
	lostReasons: {
		noLost: 'No lost deals in the period.',
		topReasonsHeading: 'Top reasons',
		howClassified:
			'Each reason is classed as lead quality (not target, no budget, spam, wrong region…), handling (no answer, not reached, slow follow-up…) or other, by built-in English and Russian rules; set your own mapping in the node options.',
	},
	verdict: {
		verdictsLabel: 'Verdicts',
		andMore: (count, f) => `and ${f.integer(count)} more`,
		noGroups: 'No groups to judge.',
		rule: (minLost, dominancePct) =>
			`A verdict needs at least ${minLost} lost ${minLost === 1 ? 'deal' : 'deals'}; “lead quality” or “handling” means that class holds at least ${dominancePct}% of the losses the two explain together, and together they explain more losses than other reasons.`,
		sentence: (kind, d, f) => {
			const group = { text: d.group, bold: true };
			const lost = `${f.integer(d.lost)} lost ${d.lost === 1 ? 'deal' : 'deals'}`;
			const top = d.topReason === null ? '' : ` (most often ${quoteEn(d.topReason)})`;
			switch (kind) {
				case 'leadQuality':
					return [
						group,
						`: ${d.leadQualityPct} of the ${lost} were lost on lead quality${top} and only ${d.handlingPct} on handling — the leads are the problem, not the follow-up; review targeting and lead forms for this channel.`,
					];
				case 'handling':
					return [
						group,
						`: ${d.handlingPct} of the ${lost} were lost in handling${top} and only ${d.leadQualityPct} on lead quality — the leads are fine, the follow-up is not; contact new leads faster${d.overSla === null ? '' : ` (now ${d.overSla} of leads get their first contact later than the ${f.integer(d.slaMinutes)}-minute SLA)`}.`,
					];
				case 'mixed':
					return [
						group,
						`: the ${lost} split between lead quality (${d.leadQualityPct}) and handling (${d.handlingPct}) — both the leads and the follow-up need work.`,
					];
				case 'otherReasons':
					return [
						group,
						`: most of the ${lost} (${d.otherPct}) were lost for other reasons${top}, not lead quality or handling — look at price, competitors and timing.`,
					];
				case 'noReasons':
					return [
						group,
						`: ${d.noReasonPct} of the ${lost} have no loss reason, so the cause can't be told — ask reps to record a reason for every lost deal.`,
					];
				case 'insufficientData':
					return [group, `: only ${lost} — too few to judge (at least ${d.minLost} needed).`];
			}
		},
	},
	speed: {
		noContacts:
			'None of the deals has a first-contact time (firstContactAt), so speed to lead cannot be measured. Use a CRM connection that records the first call or message (the Demo CRM does).',
		sla: (minutes, f) => `SLA: first contact within ${f.integer(minutes)} min`,
		bands: ['0–5 min', '5–15 min', '15–60 min', '60+ min'],
		slowest: 'Slowest',
		fastest: 'Fastest',
		mostBreaches: 'Most SLA breaches',
		headlineValue: (p50, breachPct) => `P50 ${p50}, ${breachPct} over SLA`,
		waitingNow: (count, f) =>
			`${f.integer(count)} open ${count === 1 ? 'deal has' : 'deals have'} had no contact for longer than the SLA.`,
		contactBeforeCreation: (count, f) =>
			`${f.integer(count)} ${count === 1 ? 'deal has its' : 'deals have a'} first contact dated before creation (imports, merges) and ${count === 1 ? 'is' : 'are'} left out.`,
		definitions:
			'Time from deal creation to the first recorded contact. P50 = median, P90 = 9 of 10 leads were contacted faster. Deals without a recorded contact are not in the percentiles.',
	},
	health: {
		cleanShare: (pct, clean, deals, f) =>
			`${pct} of deals (${f.integer(clean)} of ${f.integer(deals)}) have no blocking data problem.`,
		noIssues: 'No data-quality problems found.',
		issueLine: (count, base, pct, f, baseKind) =>
			`${f.integer(count)} of ${f.integer(base)} ${baseKind === 'won' ? 'won deals' : baseKind === 'lost' ? 'lost deals' : baseKind === 'withAmount' ? 'deals with an amount' : 'deals'} (${pct})`,
		fixLabel: 'fix',
		duplicatesHeading: 'Most repeated titles',
		definitions:
			'“Clean” = has a channel, an owner, an amount if won, a currency if it has an amount, a reason if lost, and is not a repeated title. Source values like “unknown” or “(none)” count as empty.',
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
	reportTitle: {
		leadQuality: 'Качество лидов',
		lostReasons: 'Причины отказов',
		verdict: 'Качество лидов или обработка?',
		speedToLead: 'Скорость реакции и SLA',
		attributionHealth: 'Качество данных для атрибуции',
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
	verdictName: {
		leadQuality: 'Качество лидов',
		handling: 'Обработка',
		mixed: 'И то, и другое',
		otherReasons: 'Другие причины',
		noReasons: 'Причины не указаны',
		insufficientData: 'Мало данных',
	},
	fixOwner: {
		marketing: 'Маркетинг',
		crmAdmin: 'Администратор CRM',
		headOfSales: 'Руководитель продаж',
		salesReps: 'Менеджеры по продажам',
	},
	issueName: {
		unattributed: 'Сделки без канала (нет ни источника, ни UTM)',
		noSource: 'Поле «Источник» пустое или «неизвестно»',
		noUtm: 'Нет UTM-меток',
		partialUtm: 'Неполные UTM (source без medium или campaign)',
		unknownOwner: 'Нет ответственного',
		wonWithoutAmount: 'Успешные сделки без суммы',
		missingAmount: 'Сделки без суммы',
		missingCurrency: 'Сумма без валюты',
		lostWithoutReason: 'Проигранные сделки без причины',
		duplicateTitle: 'Дубли по названию',
	},
	issueFix: {
		unattributed:
			'размечайте UTM-метками все объявления и формы и передавайте их в CRM; звонки и чаты — через коллтрекинг или виджет с источником',
		noSource: 'настройте, чтобы каждая форма, интеграция и импорт заполняли источник',
		noUtm: 'добавьте utm_source, utm_medium и utm_campaign во все рекламные ссылки',
		partialUtm: 'используйте единый шаблон UTM для всех кампаний',
		unknownOwner: 'назначайте ответственного каждой сделке, настройте правила распределения',
		wonWithoutAmount: 'заполняйте сумму до перевода сделки в «Успешно»; сделайте поле обязательным',
		missingAmount: 'указывайте ожидаемую сумму при квалификации сделки',
		missingCurrency: 'укажите валюту сделок или валюту по умолчанию в CRM',
		lostWithoutReason: 'сделайте причину отказа обязательной при закрытии сделки как проигранной',
		duplicateTitle:
			'включите контроль дублей для форм, звонков и импорта; объедините существующие дубли',
	},
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
	leadQuality: {
		definitions:
			'Доля побед = успешные ÷ (успешные + проигранные); конверсия = успешные ÷ лиды; выручка и средний чек — только по успешным сделкам; дни до закрытия = дата закрытия − дата создания успешной сделки; ROMI = (выручка − расход) ÷ расход.',
		currencyNote: (currency) =>
			currency ? `Суммы в ${currency}.` : 'Суммы — по сделкам без указанной валюты.',
		otherCurrencies: (list) => `Не включено в итоги, потому что в другой валюте: ${list}.`,
		wonWithoutAmount: (count, f) =>
			`У ${f.integer(count)} ${ruPlural(count, 'успешной сделки', 'успешных сделок', 'успешных сделок')} нет суммы, в выручку ${count === 1 ? 'она не вошла' : 'они не вошли'}.`,
		spendOtherCurrencies: (list) => `Расход в другой валюте не учтён: ${list}.`,
		spendWithoutDeals: 'Расход без сделок в периоде',
		bestWinRate: 'Лучшая доля побед',
		worstWinRate: 'Худшая доля побед',
		mostRevenue: 'Больше всего выручки',
		negativeCloseTimes: (count, f) =>
			`У ${f.integer(count)} ${ruPlural(count, 'успешной сделки', 'успешных сделок', 'успешных сделок')} дата закрытия раньше даты создания; в дни до закрытия они не вошли.`,
		chartWon: 'Успешно',
		chartLost: 'Проиграно',
		chartOpen: 'В работе',
		chartWinRate: (value) => `побед ${value}`,
	},
	lostReasons: {
		noLost: 'В периоде нет проигранных сделок.',
		topReasonsHeading: 'Главные причины',
		howClassified:
			'Каждая причина отнесена к качеству лидов (не целевой, нет бюджета, спам, не тот регион…), к обработке (не дозвонились, не вышли на связь, долго не перезванивали…) или к другим — встроенными правилами для русского и английского; своё сопоставление задаётся в настройках узла.',
	},
	verdict: {
		verdictsLabel: 'Вердикты',
		andMore: (count, f) => `и ещё ${f.integer(count)}`,
		noGroups: 'Нет групп для оценки.',
		rule: (minLost, dominancePct) =>
			`Для вердикта нужно не меньше ${minLost} ${ruPlural(minLost, 'проигранной сделки', 'проигранных сделок', 'проигранных сделок')}; «качество лидов» или «обработка» означает, что на этот класс приходится не меньше ${dominancePct}% потерь, объяснённых этими двумя классами, и вместе они объясняют больше потерь, чем другие причины.`,
		sentence: (kind, d, f) => {
			const group = { text: d.group, bold: true };
			const fromLost = `из ${f.integer(d.lost)} ${ruPlural(d.lost, 'проигранной сделки', 'проигранных сделок', 'проигранных сделок')}`;
			const lostCount = `${f.integer(d.lost)} ${ruPlural(d.lost, 'проигранная сделка', 'проигранные сделки', 'проигранных сделок')}`;
			const top = d.topReason === null ? '' : ` (чаще всего ${quoteRu(d.topReason)})`;
			switch (kind) {
				case 'leadQuality':
					return [
						group,
						`: ${d.leadQualityPct} ${fromLost} потеряны из-за качества лидов${top} и лишь ${d.handlingPct} — на обработке: проблема в самих лидах, а не в работе менеджеров; проверьте таргетинг и формы заявок этого канала.`,
					];
				case 'handling':
					return [
						group,
						`: ${d.handlingPct} ${fromLost} потеряны на обработке${top} и лишь ${d.leadQualityPct} — из-за качества лидов: лиды нормальные, проблема в работе с ними; связывайтесь с новыми лидами быстрее${d.overSla === null ? '' : ` (сейчас ${d.overSla} лидов получают первый контакт позже SLA в ${f.integer(d.slaMinutes)} мин)`}.`,
					];
				case 'mixed':
					return [
						group,
						`: потери (${lostCount}) делятся между качеством лидов (${d.leadQualityPct}) и обработкой (${d.handlingPct}) — работать нужно и над лидами, и над обработкой.`,
					];
				case 'otherReasons':
					return [
						group,
						`: большинство потерь (${d.otherPct} ${fromLost}) — по другим причинам${top}, а не из-за качества лидов или обработки; смотрите на цену, конкурентов и сроки.`,
					];
				case 'noReasons':
					return [
						group,
						`: у ${d.noReasonPct} ${fromLost} не указана причина, поэтому понять, в чём дело, нельзя — попросите менеджеров указывать причину каждого отказа.`,
					];
				case 'insufficientData':
					return [
						group,
						`: всего ${lostCount} — слишком мало для вывода (нужно не меньше ${d.minLost}).`,
					];
			}
		},
	},
	speed: {
		noContacts:
			'Ни у одной сделки нет времени первого контакта (firstContactAt), поэтому скорость реакции измерить нельзя. Нужна CRM, которая записывает первый звонок или сообщение (Demo CRM это делает).',
		sla: (minutes, f) => `SLA: первый контакт в течение ${f.integer(minutes)} мин`,
		bands: ['0–5 мин', '5–15 мин', '15–60 мин', '60+ мин'],
		slowest: 'Медленнее всех',
		fastest: 'Быстрее всех',
		mostBreaches: 'Больше всего нарушений SLA',
		headlineValue: (p50, breachPct) => `P50 ${p50}, сверх SLA ${breachPct}`,
		waitingNow: (count, f) =>
			`${f.integer(count)} ${ruPlural(count, 'открытая сделка ждёт', 'открытые сделки ждут', 'открытых сделок ждут')} первого контакта дольше SLA.`,
		contactBeforeCreation: (count, f) =>
			`У ${f.integer(count)} ${ruPlural(count, 'сделки', 'сделок', 'сделок')} первый контакт датирован раньше создания (импорт, слияние); ${count === 1 ? 'она не учтена' : 'они не учтены'}.`,
		definitions:
			'Время от создания сделки до первого записанного контакта. P50 — медиана, P90 — 9 из 10 лидов получили контакт быстрее. Сделки без записанного контакта в процентили не входят.',
	},
	health: {
		cleanShare: (pct, clean, deals, f) =>
			`${pct} сделок (${f.integer(clean)} из ${f.integer(deals)}) без критичных проблем с данными.`,
		noIssues: 'Проблем с качеством данных не найдено.',
		issueLine: (count, base, pct, f, baseKind) =>
			`${f.integer(count)} из ${f.integer(base)} ${baseKind === 'won' ? ruPlural(base, 'успешной сделки', 'успешных сделок', 'успешных сделок') : baseKind === 'lost' ? ruPlural(base, 'проигранной сделки', 'проигранных сделок', 'проигранных сделок') : baseKind === 'withAmount' ? ruPlural(base, 'сделки с суммой', 'сделок с суммой', 'сделок с суммой') : ruPlural(base, 'сделки', 'сделок', 'сделок')} (${pct})`,
		fixLabel: 'что сделать',
		duplicatesHeading: 'Чаще всего повторяются названия',
		definitions:
			'«Без проблем» — у сделки есть канал, ответственный, сумма (если успешна), валюта (если есть сумма), причина (если проиграна), и название не повторяется. Значения источника вроде «неизвестно» или «(none)» считаются пустыми.',
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
