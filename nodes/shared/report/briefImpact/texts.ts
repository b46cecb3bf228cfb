import type { Formatter } from '../texts';
import { ruPlural } from '../texts';
import type { Language } from '../types';
import type { BriefMetric, BriefTest, BriefVerdict } from './compute';

/** What one sentence needs: values already formatted, counts and p as numbers. */
export interface ImpactSentence {
	metric: BriefMetric;
	verdict: BriefVerdict;
	before: string;
	after: string;
	beforeDeals: number;
	afterDeals: number;
	pValue: number;
	/** "Telegram", "owner Anna": the group, when the sentence is about one. */
	group: string | null;
}

/** The briefImpact report's own words, English and Russian (shared words are in ../texts.ts). */
export interface BriefImpactTexts {
	title: string;
	/** Name of the metric at the start of a sentence. */
	metricName: Record<BriefMetric, string>;
	/** What the deals counted are: "closed deals", "measured leads". */
	unit: Record<BriefMetric, (count: number) => string>;
	testName: Record<BriefTest, string>;
	verdictName: Record<BriefVerdict, string>;
	/** The plain sentence for one comparison. */
	sentence(s: ImpactSentence, f: Formatter): string;
	/** "a change this size would appear by chance less than 1 time in 50" */
	chance(pValue: number, f: Formatter): string;
	release: string;
	/** "Windows" before the dates both windows span. */
	windows: string;
	brief: string;
	scope: string;
	scopeParts: { pipeline: string; channel: string; owner: string };
	windowLine(days: number, f: Formatter): string;
	before: string;
	after: string;
	windowColumn: string;
	dates: string;
	dealsColumn: string;
	valueColumn: string;
	changeColumn: string;
	pColumn: string;
	verdictColumn: string;
	test: string;
	shortened(days: number, f: Formatter): string;
	releaseAfterEnd: string;
	noDealsInScope: string;
	otherCurrency(count: number, f: Formatter): string;
	conversionYoung: string;
	definitions: Record<BriefMetric, string>;
	method: string;
	/** Multiple comparisons: with many groups, some cross p < 0.05 by chance. */
	manyGroups(count: number, f: Formatter): string;
}

/** The p-value as "1 time in N" with N a round number the p-value is below (or about). */
function chanceParts(pValue: number): { below: boolean; inN: number } {
	for (const n of [1000, 100, 50, 20]) if (pValue < 1 / n) return { below: true, inN: n };
	return { below: false, inN: Math.max(1, Math.round(1 / Math.max(pValue, 1e-9))) };
}

function pText(pValue: number, f: Formatter): string {
	if (pValue < 0.001) return f.language === 'ru' ? 'p < 0,001' : 'p < 0.001';
	// Two significant digits are all a reader needs: 0.013, 0.16, 0.6.
	return `p = ${f.number(pValue, pValue < 0.1 ? 3 : 2)}`;
}

const EN: BriefImpactTexts = {
	title: 'Brief impact',
	metricName: {
		winRate: 'Win rate',
		conversion: 'Conversion',
		averageDeal: 'Average deal',
		speedToLeadP50: 'Speed to lead (P50)',
		slaBreachShare: 'SLA breach share',
		leadQualityLossShare: 'Share of lead-quality losses',
	},
	unit: {
		winRate: (n) => (n === 1 ? 'closed deal' : 'closed deals'),
		conversion: (n) => (n === 1 ? 'new deal' : 'new deals'),
		averageDeal: (n) => (n === 1 ? 'won deal' : 'won deals'),
		speedToLeadP50: (n) => (n === 1 ? 'measured lead' : 'measured leads'),
		slaBreachShare: (n) => (n === 1 ? 'lead' : 'leads'),
		leadQualityLossShare: (n) => (n === 1 ? 'lost deal' : 'lost deals'),
	},
	testName: {
		twoProportion: 'two-proportion z-test',
		mannWhitney: 'Mann–Whitney U test',
		welch: 'Welch’s t-test',
	},
	verdictName: {
		rose: 'rose',
		fell: 'fell',
		noChange: 'not distinguishable from noise',
		tooFewDeals: 'too few deals',
	},
	chance: (pValue, f) => {
		const { below, inN } = chanceParts(pValue);
		if (below)
			return `a change this size would appear by chance less than 1 time in ${f.integer(inN)}`;
		return inN <= 2
			? 'a change this size appears by chance more often than not'
			: `a change this size would appear by chance about 1 time in ${f.integer(inN)}`;
	},
	sentence: (s, f) => {
		const name =
			s.group === null ? EN.metricName[s.metric] : `${EN.metricName[s.metric]} of ${s.group}`;
		const counts = `${f.integer(s.beforeDeals)} vs ${f.integer(s.afterDeals)} ${EN.unit[s.metric](s.afterDeals)}`;
		if (s.verdict === 'tooFewDeals') {
			return `${name} went from ${s.before} to ${s.after}, but ${counts} are too few to tell a change from noise; no verdict.`;
		}
		const chance = `${EN.chance(s.pValue, f)} (${pText(s.pValue, f)})`;
		if (s.verdict === 'noChange') {
			const moved =
				s.before === s.after ? `stayed at ${s.after}` : `went from ${s.before} to ${s.after}`;
			return `${name} ${moved} on ${counts}; ${chance}, so it cannot be told apart from noise.`;
		}
		return `${name} ${s.verdict} from ${s.before} to ${s.after} on ${counts}; ${chance}.`;
	},
	release: 'Release',
	windows: 'Windows',
	brief: 'Brief',
	scope: 'Scope',
	scopeParts: { pipeline: 'pipeline', channel: 'channel', owner: 'owner' },
	windowLine: (days, f) => `Two equal windows of ${f.days(days)} before and after the release`,
	before: 'Before',
	after: 'After',
	windowColumn: 'Window',
	dates: 'Dates',
	dealsColumn: 'Deals',
	valueColumn: 'Value',
	changeColumn: 'Change',
	pColumn: 'p',
	verdictColumn: 'Verdict',
	test: 'Test',
	shortened: (days, f) =>
		`Only ${f.days(days)} have passed since the release, so each window is that long; a longer wait gives a surer answer.`,
	releaseAfterEnd:
		'The release is not before the end of the report (now or the period end): there is no "after" window yet.',
	noDealsInScope: 'No deal matches the scope of the brief.',
	otherCurrency: (count, f) =>
		`${f.integer(count)} won ${count === 1 ? 'deal' : 'deals'} in another currency ${count === 1 ? 'is' : 'are'} left out of the average (amounts are never converted).`,
	conversionYoung:
		'Deals created shortly before the end have had less time to be won: conversion of the "after" window can still grow.',
	definitions: {
		winRate: 'Win rate = won ÷ (won + lost) among deals closed in each window.',
		conversion: 'Conversion = won ÷ deals created in each window.',
		averageDeal:
			'Average deal = mean amount of the won deals closed in each window, in the report currency.',
		speedToLeadP50:
			'Speed to lead (P50) = median minutes from creation to the first recorded contact, deals created in each window.',
		slaBreachShare:
			'SLA breach share = (contacts later than the SLA + open deals still waiting past it) ÷ (contacted deals + those waiting), deals created in each window.',
		leadQualityLossShare:
			'Share of lead-quality losses = lost deals whose reason is lead quality ÷ all lost deals closed in each window.',
	},
	method:
		'A change counts when p < 0.05 (two-sided): the chance that windows this different come from the same process. Rates use a two-proportion z-test, speed the Mann–Whitney U rank test, averages Welch’s t-test; groups too small for the test get no verdict.',
	manyGroups: (count, f) =>
		`With ${f.integer(count)} groups compared at once, about 1 in 20 would cross p < 0.05 by chance alone: trust the group the brief is about, and treat a surprise elsewhere as a question, not a finding.`,
};

/** Russian forms of the verbs per metric: the metric nouns differ in gender. */
const RU_METRIC: Record<
	BriefMetric,
	{ name: string; rose: string; fell: string; went: string; stayed: string }
> = {
	winRate: {
		name: 'Доля побед',
		rose: 'выросла',
		fell: 'снизилась',
		went: 'изменилась',
		stayed: 'осталась',
	},
	conversion: {
		name: 'Конверсия',
		rose: 'выросла',
		fell: 'снизилась',
		went: 'изменилась',
		stayed: 'осталась',
	},
	averageDeal: {
		name: 'Средний чек',
		rose: 'вырос',
		fell: 'снизился',
		went: 'изменился',
		stayed: 'остался',
	},
	speedToLeadP50: {
		name: 'Медиана первого контакта',
		rose: 'выросла',
		fell: 'снизилась',
		went: 'изменилась',
		stayed: 'осталась',
	},
	slaBreachShare: {
		name: 'Доля нарушений SLA',
		rose: 'выросла',
		fell: 'снизилась',
		went: 'изменилась',
		stayed: 'осталась',
	},
	leadQualityLossShare: {
		name: 'Доля потерь из-за качества лидов',
		rose: 'выросла',
		fell: 'снизилась',
		went: 'изменилась',
		stayed: 'осталась',
	},
};

const RU: BriefImpactTexts = {
	title: 'Эффект брифа',
	metricName: {
		winRate: RU_METRIC.winRate.name,
		conversion: RU_METRIC.conversion.name,
		averageDeal: RU_METRIC.averageDeal.name,
		speedToLeadP50: RU_METRIC.speedToLeadP50.name,
		slaBreachShare: RU_METRIC.slaBreachShare.name,
		leadQualityLossShare: RU_METRIC.leadQualityLossShare.name,
	},
	unit: {
		winRate: (n) => ruPlural(n, 'закрытой сделке', 'закрытых сделках', 'закрытых сделках'),
		conversion: (n) => ruPlural(n, 'новой сделке', 'новых сделках', 'новых сделках'),
		averageDeal: (n) => ruPlural(n, 'успешной сделке', 'успешных сделках', 'успешных сделках'),
		speedToLeadP50: (n) => ruPlural(n, 'измеренном лиде', 'измеренных лидах', 'измеренных лидах'),
		slaBreachShare: (n) => ruPlural(n, 'лиде', 'лидах', 'лидах'),
		leadQualityLossShare: (n) =>
			ruPlural(n, 'проигранной сделке', 'проигранных сделках', 'проигранных сделках'),
	},
	testName: {
		twoProportion: 'z-тест для двух долей',
		mannWhitney: 'U-критерий Манна — Уитни',
		welch: 't-критерий Уэлча',
	},
	verdictName: {
		rose: 'рост',
		fell: 'снижение',
		noChange: 'не отличить от шума',
		tooFewDeals: 'мало сделок',
	},
	chance: (pValue, f) => {
		const { below, inN } = chanceParts(pValue);
		if (below)
			return `изменение такого размера случайно возникало бы реже, чем 1 раз из ${f.integer(inN)}`;
		return inN <= 2
			? 'изменение такого размера чаще всего возникает просто случайно'
			: `изменение такого размера случайно возникало бы примерно 1 раз из ${f.integer(inN)}`;
	},
	sentence: (s, f) => {
		const m = RU_METRIC[s.metric];
		const name = s.group === null ? m.name : `${m.name} (${s.group})`;
		const counts = `${f.integer(s.beforeDeals)} и ${f.integer(s.afterDeals)} ${RU.unit[s.metric](s.afterDeals)}`;
		if (s.verdict === 'tooFewDeals') {
			return `${name} ${m.went} с ${s.before} до ${s.after}, но на ${counts} изменение не отличить от шума — выводов нет.`;
		}
		const chance = `${RU.chance(s.pValue, f)} (${pText(s.pValue, f)})`;
		if (s.verdict === 'noChange') {
			const moved =
				s.before === s.after
					? `${m.stayed} на уровне ${s.after}`
					: `${m.went} с ${s.before} до ${s.after}`;
			return `${name} ${moved} на ${counts}; ${chance}, так что это не отличить от шума.`;
		}
		return `${name} ${s.verdict === 'rose' ? m.rose : m.fell} с ${s.before} до ${s.after} на ${counts}; ${chance}.`;
	},
	release: 'Выпуск',
	windows: 'Окна',
	brief: 'Бриф',
	scope: 'Область',
	scopeParts: { pipeline: 'воронка', channel: 'канал', owner: 'менеджер' },
	windowLine: (days, f) => `Два равных окна по ${f.days(days)} до и после выпуска`,
	before: 'До',
	after: 'После',
	windowColumn: 'Окно',
	dates: 'Даты',
	dealsColumn: 'Сделки',
	valueColumn: 'Значение',
	changeColumn: 'Изменение',
	pColumn: 'p',
	verdictColumn: 'Вывод',
	test: 'Критерий',
	shortened: (days, f) =>
		`С выпуска прошло только ${f.days(days)}, поэтому окна такой длины; чем дольше подождать, тем надёжнее ответ.`,
	releaseAfterEnd:
		'Выпуск не раньше конца отчёта (сейчас или конец периода): окна «после» ещё нет.',
	noDealsInScope: 'Ни одна сделка не попадает в область брифа.',
	otherCurrency: (count, f) =>
		`${f.integer(count)} ${ruPlural(count, 'успешная сделка', 'успешные сделки', 'успешных сделок')} в другой валюте не ${count === 1 ? 'вошла' : 'вошли'} в среднее (суммы не пересчитываются).`,
	conversionYoung:
		'Сделки, созданные незадолго до конца, ещё не успели выиграть: конверсия окна «после» может подрасти.',
	definitions: {
		winRate:
			'Доля побед = успешные ÷ (успешные + проигранные) среди сделок, закрытых в каждом окне.',
		conversion: 'Конверсия = успешные ÷ сделки, созданные в каждом окне.',
		averageDeal:
			'Средний чек = средняя сумма успешных сделок, закрытых в каждом окне, в валюте отчёта.',
		speedToLeadP50:
			'Медиана первого контакта = медиана минут от создания до первого записанного контакта, сделки, созданные в каждом окне.',
		slaBreachShare:
			'Доля нарушений SLA = (контакты позже SLA + открытые сделки, ждущие дольше SLA) ÷ (сделки с контактом + ждущие), сделки, созданные в каждом окне.',
		leadQualityLossShare:
			'Доля потерь из-за качества лидов = проигранные по причине качества лидов ÷ все проигранные, закрытые в каждом окне.',
	},
	method:
		'Изменение засчитывается при p < 0,05 (двусторонний): это вероятность получить такую разницу окон при неизменном процессе. Доли — z-тест для двух долей, скорость — ранговый U-критерий Манна — Уитни, средние — t-критерий Уэлча; слишком маленькие группы вывода не получают.',
	manyGroups: (count, f) =>
		`Когда сравниваются сразу ${f.integer(count)} ${ruPlural(count, 'группа', 'группы', 'групп')}, примерно 1 из 20 перейдёт порог p < 0,05 случайно: верьте группе, о которой бриф, а неожиданность в другой считайте вопросом, а не выводом.`,
};

export function briefImpactTexts(language: Language): BriefImpactTexts {
	return language === 'ru' ? RU : EN;
}
