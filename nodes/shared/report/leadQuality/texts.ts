import type { Formatter } from '../texts';
import { ruPlural } from '../texts';
import type { Language } from '../types';

/** The leadQuality report's own words, English and Russian (shared words are in ../texts.ts). */
export interface LeadQualityTexts {
	title: string;
	/** "1,200 leads, 260 won (win rate 36.4%), revenue 479,330 USD, ROMI 539.1%." */
	headline(
		d: { leads: number; won: number; winRate: string; revenue: string; romi: string | null },
		f: Formatter,
	): string;
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
	/** "no currency": the key `unknown` of money in other currencies. */
	noCurrency: string;
}

const EN: LeadQualityTexts = {
	title: 'Lead quality',
	headline: (d, f) =>
		`${f.integer(d.leads)} ${d.leads === 1 ? 'lead' : 'leads'}, ${f.integer(d.won)} won (win rate ${d.winRate}), revenue ${d.revenue}${d.romi === null ? '' : `, ROMI ${d.romi}`}.`,
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
	noCurrency: 'no currency',
};

const RU: LeadQualityTexts = {
	title: 'Качество лидов',
	headline: (d, f) =>
		`${f.integer(d.leads)} ${ruPlural(d.leads, 'лид', 'лида', 'лидов')}, успешных ${f.integer(d.won)} (доля побед ${d.winRate}), выручка ${d.revenue}${d.romi === null ? '' : `, ROMI ${d.romi}`}.`,
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
	noCurrency: 'без валюты',
};

export function leadQualityTexts(language: Language): LeadQualityTexts {
	return language === 'ru' ? RU : EN;
}
