import type { Formatter } from '../texts';
import { ruPlural } from '../texts';
import type { Language, PeriodPreset } from '../types';

/** What one thank-you sentence is made of; every number is already formatted. */
export interface ThankYouParts {
	name: string;
	wins: number;
	/** "in the period" phrase, '' for all time. */
	period: string;
	/** Compact revenue ("1.2 M RUB"); null when the wins have no revenue in the report currency. */
	revenue: string | null;
	/** The rep's median first contact when it is the team's quickest. */
	teamBest: string | null;
	/** Otherwise the rep's median first contact when it is within the SLA (never a slow time in a thank-you). */
	ownMedian: string | null;
}

/** The teamWins report's own words, English and Russian (shared words are in ../texts.ts). */
export interface TeamWinsTexts {
	title: string;
	/** "this month", "in the last 30 days"; '' for all time. */
	periodPhrase(preset: PeriodPreset, from: string, to: string): string;
	/** "1.2 M", "350 K", "9,800" — money for a chat sentence (tables keep full amounts). */
	compactMoney(value: number, currency: string | null, f: Formatter): string;
	thankYou(p: ThankYouParts, f: Formatter): string;
	headline(
		d: {
			wins: number;
			period: string;
			reps: number;
			revenue: string | null;
			top: string;
			topWins: number;
		},
		f: Formatter,
	): string;
	noWins(period: string): string;
	/** "42 marketing wins of 97 deals won in the period · 2,400 deals received" */
	scope(wins: number, wonInPeriod: number, received: number, f: Formatter): string;
	channelsDefault: string;
	channelsList(list: string): string;
	thanksHeading: string;
	column: {
		wins: string;
		revenue: string;
		averageDeal: string;
		fastest: string;
		median: string;
		reps: string;
		teamBest: string;
	};
	notCounted(list: string, count: number, f: Formatter): string;
	noChannel: string;
	noClosedDate(count: number, f: Formatter): string;
	withoutOwner(count: number, f: Formatter): string;
	otherCurrencies(list: string): string;
	noCurrency: string;
	wonWithoutAmount(count: number, f: Formatter): string;
	noFirstContacts: string;
	contactBeforeCreation(count: number, f: Formatter): string;
	definitions: string;
}

/** "a, b and c" / "a, b и c" */
function joinList(parts: string[], and: string, serialComma: boolean): string {
	if (parts.length <= 1) return parts.join('');
	const head = parts.slice(0, -1).join(', ');
	return `${head}${serialComma && parts.length > 2 ? ',' : ''} ${and} ${parts[parts.length - 1]}`;
}

function compact(
	value: number,
	currency: string | null,
	f: Formatter,
	million: string,
	thousand: string,
): string {
	const unit = currency ? `\u00a0${currency}` : '';
	// From 999,500 on the thousands would round to "1,000 K": say "1 M" instead.
	if (value >= 999_500) return `${f.number(value / 1_000_000, 1)}\u00a0${million}${unit}`;
	if (value >= 10_000) return `${f.integer(value / 1000)}\u00a0${thousand}${unit}`;
	return f.money(value, currency);
}

const EN_PERIOD: Record<PeriodPreset, string> = {
	allTime: '',
	last7Days: 'in the last 7 days',
	last30Days: 'in the last 30 days',
	last90Days: 'in the last 90 days',
	thisMonth: 'this month',
	lastMonth: 'last month',
	thisQuarter: 'this quarter',
	lastQuarter: 'last quarter',
	thisYear: 'this year',
	lastYear: 'last year',
	custom: '',
};

const RU_PERIOD: Record<PeriodPreset, string> = {
	allTime: 'за всё время',
	last7Days: 'за последние 7 дней',
	last30Days: 'за последние 30 дней',
	last90Days: 'за последние 90 дней',
	thisMonth: 'в этом месяце',
	lastMonth: 'в прошлом месяце',
	thisQuarter: 'в этом квартале',
	lastQuarter: 'в прошлом квартале',
	thisYear: 'в этом году',
	lastYear: 'в прошлом году',
	custom: '',
};

const spaced = (text: string): string => (text === '' ? '' : ` ${text}`);

const EN: TeamWinsTexts = {
	title: 'Team wins',
	periodPhrase: (preset, from, to) =>
		preset === 'custom' ? `from ${from} to ${to}` : EN_PERIOD[preset],
	compactMoney: (value, currency, f) => compact(value, currency, f, 'M', 'K'),
	thankYou: (p, f) => {
		const parts = [
			`${f.integer(p.wins)} ${p.wins === 1 ? 'deal' : 'deals'} won from marketing leads${spaced(p.period)}`,
		];
		if (p.revenue !== null) parts.push(`${p.revenue} revenue`);
		if (p.teamBest !== null)
			parts.push(`the fastest first contacts in the team — ${p.teamBest} (median)`);
		else if (p.ownMedian !== null) parts.push(`first contact in ${p.ownMedian} (median)`);
		return `${p.name}, thank you: ${joinList(parts, 'and', true)}.`;
	},
	headline: (d, f) =>
		`${f.integer(d.wins)} ${d.wins === 1 ? 'deal' : 'deals'} won from marketing leads${spaced(d.period)} by ${f.integer(d.reps)} ${d.reps === 1 ? 'rep' : 'reps'}${d.revenue === null ? '' : `, ${d.revenue} revenue`}; most wins: ${d.top} (${f.integer(d.topWins)}).`,
	noWins: (period) =>
		`No deal from marketing's channels was won${period === '' ? '' : ` ${period}`}, so there is no one to thank yet.`,
	scope: (wins, won, received, f) =>
		`${f.integer(wins)} marketing ${wins === 1 ? 'win' : 'wins'} of ${f.integer(won)} ${won === 1 ? 'deal' : 'deals'} won in the period · ${f.integer(received)} ${received === 1 ? 'deal' : 'deals'} received`,
	channelsDefault:
		'Marketing channels: every channel except direct, referral, partner and sales-made leads and deals without a channel (Options → Marketing Channels lists them explicitly).',
	channelsList: (list) => `Marketing channels: ${list}.`,
	thanksHeading: 'Thank you',
	column: {
		wins: 'Wins',
		revenue: 'Revenue',
		averageDeal: 'Average deal',
		fastest: 'Fastest first contact',
		median: 'Median first contact',
		reps: 'Reps with wins',
		teamBest: 'Fastest first contacts (median)',
	},
	notCounted: (list, count, f) =>
		`Not counted: ${f.integer(count)} won ${count === 1 ? 'deal' : 'deals'} from other channels (${list}).`,
	noChannel: 'no channel',
	noClosedDate: (count, f) =>
		`${f.integer(count)} won ${count === 1 ? 'deal has' : 'deals have'} no closing date (closedAt) and ${count === 1 ? 'is' : 'are'} left out of a dated period.`,
	withoutOwner: (count, f) =>
		`${f.integer(count)} marketing ${count === 1 ? 'win has' : 'wins have'} no owner and ${count === 1 ? 'is' : 'are'} credited to nobody.`,
	otherCurrencies: (list) =>
		`Not added to the revenue because they are in another currency: ${list}.`,
	noCurrency: 'no currency',
	wonWithoutAmount: (count, f) =>
		`${f.integer(count)} ${count === 1 ? 'win has' : 'wins have'} no amount and ${count === 1 ? 'is' : 'are'} not in the revenue.`,
	noFirstContacts:
		'None of the wins has a first-contact time (firstContactAt), so the thanks say nothing about speed. In CRM Sales Data, First Contact is off: set Options → First Contact to "First Human Touch".',
	contactBeforeCreation: (count, f) =>
		`${f.integer(count)} ${count === 1 ? 'win has its' : 'wins have a'} first contact dated before creation (imports, merges) and ${count === 1 ? 'is' : 'are'} left out of the contact times.`,
	definitions:
		'Wins = won deals from marketing channels, dated by their closing date. Revenue counts the report currency only. First contact = minutes from deal creation to the first recorded contact, over the wins; a thank-you names the team’s lowest median (reps with 3+ timed wins) or a median within the SLA, never a slow one.',
};

const RU: TeamWinsTexts = {
	title: 'Победы команды',
	periodPhrase: (preset, from, to) =>
		preset === 'custom' ? `с ${from} по ${to}` : RU_PERIOD[preset],
	compactMoney: (value, currency, f) => compact(value, currency, f, 'млн', 'тыс.'),
	thankYou: (p, f) => {
		const parts = [
			`${f.integer(p.wins)} ${ruPlural(p.wins, 'выигранная сделка', 'выигранные сделки', 'выигранных сделок')} из маркетинговых лидов${spaced(p.period)}`,
		];
		if (p.revenue !== null) parts.push(`${p.revenue} выручки`);
		if (p.teamBest !== null)
			parts.push(`самые быстрые первые контакты в команде — ${p.teamBest} (медиана)`);
		else if (p.ownMedian !== null) parts.push(`первый контакт за ${p.ownMedian} (медиана)`);
		return `${p.name}, спасибо: ${joinList(parts, 'и', false)}.`;
	},
	headline: (d, f) =>
		`${f.integer(d.wins)} ${ruPlural(d.wins, 'выигранная сделка', 'выигранные сделки', 'выигранных сделок')} из маркетинговых лидов${spaced(d.period)}, ${f.integer(d.reps)} ${ruPlural(d.reps, 'менеджер', 'менеджера', 'менеджеров')}${d.revenue === null ? '' : `, выручка ${d.revenue}`}; больше всех побед — ${d.top} (${f.integer(d.topWins)}).`,
	noWins: (period) =>
		`Ни одна сделка из маркетинговых каналов не выиграна${period === '' ? '' : ` ${period}`}, благодарить пока некого.`,
	scope: (wins, won, received, f) =>
		`${f.integer(wins)} ${ruPlural(wins, 'победа', 'победы', 'побед')} из маркетинга среди ${f.integer(won)} ${ruPlural(won, 'выигранной сделки', 'выигранных сделок', 'выигранных сделок')} периода · получено ${f.integer(received)} ${ruPlural(received, 'сделка', 'сделки', 'сделок')}`,
	channelsDefault:
		'Маркетинговые каналы: все, кроме прямых заходов, рекомендаций, партнёров, лидов, которые привели сами продажи, и сделок без канала (точный список задаётся в Options → Marketing Channels).',
	channelsList: (list) => `Маркетинговые каналы: ${list}.`,
	thanksHeading: 'Спасибо',
	column: {
		wins: 'Победы',
		revenue: 'Выручка',
		averageDeal: 'Средний чек',
		fastest: 'Самый быстрый первый контакт',
		median: 'Медиана первого контакта',
		reps: 'Менеджеров с победами',
		teamBest: 'Самые быстрые первые контакты (медиана)',
	},
	notCounted: (list, count, f) =>
		`${ruPlural(count, 'Не учтена', 'Не учтены', 'Не учтены')}: ${f.integer(count)} ${ruPlural(count, 'выигранная сделка', 'выигранные сделки', 'выигранных сделок')} из других каналов (${list}).`,
	noChannel: 'без канала',
	noClosedDate: (count, f) =>
		`У ${f.integer(count)} ${ruPlural(count, 'выигранной сделки', 'выигранных сделок', 'выигранных сделок')} нет даты закрытия (closedAt), в отчёт за период ${count === 1 ? 'она не вошла' : 'они не вошли'}.`,
	withoutOwner: (count, f) =>
		`У ${f.integer(count)} ${ruPlural(count, 'победы', 'побед', 'побед')} из маркетинга нет ответственного, ${count === 1 ? 'она никому не засчитана' : 'они никому не засчитаны'}.`,
	otherCurrencies: (list) => `Не добавлено к выручке, потому что в другой валюте: ${list}.`,
	noCurrency: 'без валюты',
	wonWithoutAmount: (count, f) =>
		`У ${f.integer(count)} ${ruPlural(count, 'победы', 'побед', 'побед')} нет суммы, в выручку ${count === 1 ? 'она не вошла' : 'они не вошли'}.`,
	noFirstContacts:
		'Ни у одной победы нет времени первого контакта (firstContactAt), поэтому в благодарностях нет ни слова о скорости. В CRM Sales Data выключен First Contact: выберите Options → First Contact → "First Human Touch".',
	contactBeforeCreation: (count, f) =>
		`У ${f.integer(count)} ${ruPlural(count, 'победы', 'побед', 'побед')} первый контакт датирован раньше создания (импорт, слияние); во время контакта ${count === 1 ? 'она не вошла' : 'они не вошли'}.`,
	definitions:
		'Победы — выигранные сделки из маркетинговых каналов, по дате закрытия. Выручка — только в валюте отчёта. Первый контакт — минуты от создания сделки до первого записанного контакта, по победам; в благодарности — самая низкая медиана команды (у менеджеров с 3+ измеренными победами) или медиана в пределах SLA, медленное время не упоминается.',
};

export function teamWinsTexts(language: Language): TeamWinsTexts {
	return language === 'ru' ? RU : EN;
}
